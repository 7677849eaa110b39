/// A file as the load stage read it: its path inside the site folder and its bytes.
package struct SourceFile: Sendable {
    /// Relative to the site folder, with "/" separators: `content/night-shift.md`.
    package let path: String
    package let bytes: [UInt8]

    package init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// The path inside content/, the input of the public id hash.
    package var contentPath: String {
        path.hasPrefix("content/") ? String(path.dropFirst("content/".count)) : path
    }
}

/// A value and where it was written, so later stages can point at it.
package struct Located<Value: Sendable>: Sendable {
    package var value: Value
    package var line: Int
    package var column: Int
    /// For text read from YAML: where each source line of the text begins, so a place
    /// inside the text (a quoted value, a folded block) can be found in the file.
    package var segments: [SourceSegment] = []

    package init(value: Value, line: Int, column: Int, segments: [SourceSegment] = []) {
        self.value = value
        self.line = line
        self.column = column
        self.segments = segments
    }
}

extension Located: Equatable where Value: Equatable {}

/// A run of a front-matter text on one line of the file: the UTF-8 offset in the value
/// where it begins, and the line and column of that point in the file.
package struct SourceSegment: Sendable, Equatable {
    package let offset: Int
    package let line: Int
    package let column: Int

    package init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }
}

extension Located where Value == String {
    /// A text of several lines starting at column 1 of line `first`, made when called.
    package static func lines(of text: String, from first: Int) -> () -> Located<String> {
        {
            var segments = [SourceSegment(offset: 0, line: first, column: 1)]
            for (offset, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") {
                segments.append(SourceSegment(offset: offset + 1, line: first + segments.count, column: 1))
            }
            return Located(value: text, line: first, column: 1, segments: segments)
        }
    }

    /// The line and column in the file of a UTF-8 offset in the value.
    package func place(ofOffset offset: Int) -> (line: Int, column: Int) {
        guard let segment = segments.last(where: { $0.offset <= offset }) else { return (line, column) }
        let bytes = Array(value.utf8)
        let lower = min(segment.offset, bytes.count)
        let upper = min(max(offset, lower), bytes.count)
        return (segment.line, segment.column + String(decoding: bytes[lower..<upper], as: UTF8.self).count)
    }
}

/// One story as the parser read it: the front matter as typed values with their places,
/// the body as text. Nothing here has been checked: only the guard turns it into a
/// `GuardedStory` (HushGuard), the one kind of story later stages accept.
package struct Story: Sendable {
    /// `content/night-shift.md`: for diagnostics only, never for output.
    package var file: String
    package var contentPath: String
    package var title: Located<String>?
    /// Nil when the front matter has no valid day (the parser has reported why).
    package var date: Day?
    package var tags: [Located<String>] = []
    package var mood: Located<String>?
    package var cw: Located<String>?
    package var hearts: Int = 0
    /// The `id:` of the front matter, as written; the guard checks it or derives one.
    package var id: Located<String>?
    package var lang: String?
    package var draft: Bool = false
    /// `allow: [pii.handle]`: findings the publisher reviewed and accepts.
    package var allow: [Located<String>] = []
    /// Keys the guard must refuse; their values were dropped by the parser.
    package var identifyingKeys: [Located<String>] = []
    package var body: String
    /// The line of the file the body starts on (1-based).
    package var bodyLine: Int
    /// Where the front matter opens, for diagnostics about the whole block.
    package var frontMatterLine: Int = 1

    package init(file: String, contentPath: String, body: String, bodyLine: Int) {
        self.file = file
        self.contentPath = contentPath
        self.body = body
        self.bodyLine = bodyLine
    }

    /// Calls `body` on every text field a reader sees besides the body: title, mood,
    /// content warning and tags. The guard scans and cleans them all the same way.
    package mutating func forEachTextField(_ body: (inout Located<String>) -> Void) {
        for field in [\Story.title, \Story.mood, \Story.cw] {
            guard var value = self[keyPath: field] else { continue }
            body(&value)
            self[keyPath: field] = value
        }
        for index in tags.indices { body(&tags[index]) }
    }

}
