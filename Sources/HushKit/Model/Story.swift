/// A file as the load stage read it: its path inside the site folder and its bytes.
struct SourceFile: Sendable {
    /// Relative to the site folder, with "/" separators: `content/night-shift.md`.
    let path: String
    let bytes: [UInt8]

    /// The path inside content/, the input of the public id hash.
    var contentPath: String {
        path.hasPrefix("content/") ? String(path.dropFirst("content/".count)) : path
    }
}

/// A value and where it was written, so later stages can point at it.
struct Located<Value: Sendable>: Sendable {
    var value: Value
    var line: Int
    var column: Int
    /// For text read from YAML: where each source line of the text begins, so a place
    /// inside the text (a quoted value, a folded block) can be found in the file.
    var segments: [SourceSegment] = []
}

/// A run of a front-matter text on one line of the file: the UTF-8 offset in the value
/// where it begins, and the line and column of that point in the file.
struct SourceSegment: Sendable {
    let offset: Int
    let line: Int
    let column: Int
}

extension Located where Value == String {
    /// A text of several lines starting at column 1 of line `first`, made when called.
    static func lines(of text: String, from first: Int) -> () -> Located<String> {
        {
            var segments = [SourceSegment(offset: 0, line: first, column: 1)]
            for (offset, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") {
                segments.append(SourceSegment(offset: offset + 1, line: first + segments.count, column: 1))
            }
            return Located(value: text, line: first, column: 1, segments: segments)
        }
    }

    /// The line and column in the file of a UTF-8 offset in the value.
    func place(ofOffset offset: Int) -> (line: Int, column: Int) {
        guard let segment = segments.last(where: { $0.offset <= offset }) else { return (line, column) }
        let bytes = Array(value.utf8)
        let lower = min(segment.offset, bytes.count)
        let upper = min(max(offset, lower), bytes.count)
        return (segment.line, segment.column + String(decoding: bytes[lower..<upper], as: UTF8.self).count)
    }
}

/// One story after parsing: the front matter as typed values, the body as text.
struct Story: Sendable {
    /// `content/night-shift.md`: for diagnostics only, never for output.
    var file: String
    var contentPath: String
    var title: Located<String>?
    var date: Day
    var tags: [Located<String>] = []
    var mood: Located<String>?
    var cw: Located<String>?
    var hearts: Int = 0
    /// From front matter until the guard stage; afterwards always the public id.
    var id: Located<String>?
    var lang: String?
    var draft: Bool = false
    /// `allow: [pii.handle]`: findings the publisher reviewed and accepts.
    var allow: [Located<String>] = []
    /// Keys the guard must refuse; their values were dropped by the parser.
    var identifyingKeys: [Located<String>] = []
    var body: String
    /// The line of the file the body starts on (1-based).
    var bodyLine: Int
    /// Where the front matter opens, for diagnostics about the whole block.
    var frontMatterLine: Int = 1

    /// Calls `body` on every text field a reader sees besides the body: title, mood,
    /// content warning and tags. The guard scans and cleans them all the same way.
    mutating func forEachTextField(_ body: (inout Located<String>) -> Void) {
        for field in [\Story.title, \Story.mood, \Story.cw] {
            guard var value = self[keyPath: field] else { continue }
            body(&value)
            self[keyPath: field] = value
        }
        for index in tags.indices { body(&tags[index]) }
    }

    /// The public id; empty only before the guard stage has run.
    var publicID: String { id?.value ?? "" }
}

/// A story with its body rendered: what the index and theme stages work with.
struct RenderedStory: Sendable {
    var story: Story
    /// Body HTML from cmark in safe mode, links and images made safe.
    var html: String
    /// All the body's text, without markup: for excerpts and search.
    var text: String
    /// About 200 characters of `text`, cut at a word.
    var excerpt: String
    /// What the story is called in links, lists and feeds: its title, else its content
    /// warning, else its first words.
    var label: String
}

/// A file of the finished site: its path inside the output folder and its bytes.
struct OutputFile: Sendable {
    let path: String
    let bytes: [UInt8]
}
