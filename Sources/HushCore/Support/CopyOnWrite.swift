/// A value's fields behind one reference, copied only when written while shared: a struct
/// that keeps its fields in one (`StoryRecord`, `RenderedStory`) is copied as one reference,
/// not as the twenty or so of its texts and lists, however many times the pipeline filters,
/// maps and passes it.
package struct CopyOnWrite<Fields: Sendable>: Sendable {
    private var box: Box

    package init(_ fields: Fields) {
        box = Box(fields)
    }

    /// The fields; written in place when no other value holds them, else into a copy first.
    package var fields: Fields {
        _read { yield box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    /// Sendable by construction: a box is written only when one value alone holds it
    /// (`fields`' `_modify`), so a box two threads can see is never written.
    private final class Box: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }
}
