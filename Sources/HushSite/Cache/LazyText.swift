/// A text that may still be bytes of the build cache file it was read from: a story's
/// rendered body (its HTML, its text, its words) is read only for the pages a build renders,
/// so a rebuild does not decode every story's body to use a few.
///
/// A stored text is a range of the file's bytes, shared by every text read from that file
/// (one buffer, never copied), and decoded each time it is asked for: nothing is kept of it
/// but the bytes, so a build never holds more than the file and what it decodes for the
/// moment. Saved again untouched, it is copied as it is (`CacheEncoder.text`).
struct LazyText: Sendable {
    private enum Form: Sendable {
        case text(String)
        /// UTF-8 in `bytes[range]`, known valid: the file's checksum matched.
        case stored([UInt8], Range<Int>)
    }

    private let form: Form

    init(_ text: String) {
        form = .text(text)
    }

    /// `bytes[range]`, decoded when asked for.
    init(stored bytes: [UInt8], range: Range<Int>) {
        form = .stored(bytes, range)
    }

    /// The text, decoded from the file's bytes if it was read from one.
    var value: String {
        switch form {
        case .text(let text): return text
        case .stored(let bytes, let range): return String(decoding: bytes[range], as: UTF8.self)
        }
    }

    /// Still bytes of the file (for tests: what a rebuild leaves undecoded).
    var isStored: Bool {
        if case .stored = form { return true }
        return false
    }

    /// Its UTF-8, written as `CacheEncoder.string` writes a text: a stored one copied as read.
    func encode(into encoder: inout CacheEncoder) {
        switch form {
        case .text(let text):
            encoder.string(text)
        case .stored(let bytes, let range):
            encoder.int(range.count)
            encoder.raw(bytes[range])
        }
    }
}
