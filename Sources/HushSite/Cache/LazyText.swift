internal import Synchronization

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
        /// UTF-8 in `file.bytes[range]`, known valid: the file's checksum matched.
        case stored(CacheBytes, Range<Int>)
    }

    private let form: Form

    init(_ text: String) {
        form = .text(text)
    }

    /// `file.bytes[range]`, decoded when asked for.
    init(stored file: CacheBytes, range: Range<Int>) {
        form = .stored(file, range)
    }

    /// The text, decoded from the file's bytes if it was read from one.
    var value: String {
        switch form {
        case .text(let text): return text
        case .stored(let file, let range):
            file.countDecoded()
            return file.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
    }

    /// The file it is still bytes of; nil for a text in memory.
    var file: CacheBytes? {
        if case .stored(let file, _) = form { return file }
        return nil
    }

    /// Its UTF-8, written as `CacheEncoder.string` writes a text: a stored one copied as read.
    func encode(into encoder: inout CacheEncoder) {
        switch form {
        case .text(let text):
            encoder.string(text)
        case .stored(let file, let range):
            encoder.int(range.count)
            encoder.raw(file.bytes[range])
        }
    }
}

/// The bytes of one cache file as read: the texts left in them (`LazyText`) share them.
final class CacheBytes: Sendable {
    let bytes: [UInt8]
    private let decoded = Atomic<Int>(0)

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// How many texts were decoded from them so far: how a test knows what a rebuild read.
    var decodedCount: Int { decoded.load(ordering: .relaxed) }

    fileprivate func countDecoded() { decoded.add(1, ordering: .relaxed) }
}
