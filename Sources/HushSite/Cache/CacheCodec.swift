internal import Crypto
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of the build cache file, written and read back field by field: integers little
/// endian, texts as a length and UTF-8. Reading checks every length against what is left, so
/// a truncated or damaged file fails as `CacheDecoder.Damaged`, never as a crash.
struct CacheEncoder {
    private(set) var bytes: [UInt8] = []

    init() {}

    /// An encoder with room for `capacity` bytes before it grows.
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: UInt64(bitPattern: Int64(value)).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Empties the encoder, keeping its storage (after its bytes were written out).
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    mutating func string(_ value: String) {
        var value = value
        // The text's bytes where they lie, copied at once.
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    mutating func digest(_ value: Digest) { value.withUnsafeBytes { bytes.append(contentsOf: $0) } }

    mutating func raw(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    mutating func raw(_ value: UnsafeRawBufferPointer) { bytes.append(contentsOf: value) }

    /// A text that may be undecoded bytes of the file it was read from, as `string` writes one.
    mutating func text(_ value: LazyText) { value.encode(into: &self) }

    mutating func day(_ value: Day) { int(value.daysSinceEpoch) }

    mutating func diagnostics(_ values: [Diagnostic]) {
        int(values.count)
        for value in values {
            string(value.file)
            int(value.line)
            int(value.column)
            bool(value.severity == .error)
            string(value.code.name)
            string(value.message)
            optional(value.sourceLine?.text)
        }
    }
}

struct CacheDecoder {
    /// The file does not hold what its format says.
    struct Damaged: Error {}

    /// The file's bytes (`file.buffer`), kept alive by `file`, which the texts left in them
    /// (`lazyText`) share.
    private let bytes: UnsafeRawBufferPointer
    private let file: CacheBytes
    private var offset: Int
    /// Where reading stops: the checksum after it is not part of the contents.
    private let end: Int

    init(_ file: CacheBytes, from offset: Int = 0, to end: Int? = nil) {
        self.bytes = file.buffer
        self.file = file
        self.offset = offset
        self.end = min(end ?? file.buffer.count, file.buffer.count)
    }

    var atEnd: Bool { offset == end }

    mutating func int() throws(Damaged) -> Int {
        guard end - offset >= 8 else { throw Damaged() }
        let start = offset
        let v = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        offset += 8
        return Int(Int64(bitPattern: v))
    }

    /// A count of things, each at least `least` bytes long: bounded by what is left.
    mutating func count(least: Int = 1) throws(Damaged) -> Int {
        let n = try int()
        guard n >= 0, n <= (end - offset) / max(1, least) else { throw Damaged() }
        return n
    }

    mutating func bool() throws(Damaged) -> Bool {
        guard offset < end, bytes[offset] <= 1 else { throw Damaged() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func string() throws(Damaged) -> String {
        let n = try count()
        let start = offset
        // Decoded where it lies, through the standard library's fast path (`String(validating:)`
        // takes a generic one: a tenth of a rebuild's reading of the cache); bytes that are not
        // UTF-8 come back repaired, so a text that is not its bytes was not valid.
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<start + n])
        var text = String(decoding: slice, as: UTF8.self)
        let same = text.withUTF8 { decoded in
            guard decoded.count == n, let a = decoded.baseAddress, let b = slice.baseAddress else { return decoded.count == n }
            return memcmp(a, b, n) == 0
        }
        guard same else { throw Damaged() }
        offset += n
        return text
    }

    /// A text written by `string`, left as a range of the file's bytes (`LazyText`): it is
    /// neither validated nor copied until it is asked for. Only for a file whose checksum
    /// matched, so its bytes are the UTF-8 that was written.
    mutating func lazyText() throws(Damaged) -> LazyText {
        let n = try count()
        offset += n
        return LazyText(stored: file, range: offset - n..<offset)
    }

    mutating func optional() throws(Damaged) -> String? {
        try bool() ? try string() : nil
    }

    mutating func raw(_ n: Int) throws(Damaged) -> [UInt8] {
        guard n >= 0, end - offset >= n else { throw Damaged() }
        offset += n
        return Array(bytes[offset - n..<offset])
    }

    mutating func digest() throws(Damaged) -> Digest {
        guard end - offset >= Digest.size else { throw Damaged() }
        offset += Digest.size
        return Digest(bytes, at: offset - Digest.size)
    }

    mutating func day() throws(Damaged) -> Day { Day(daysSinceEpoch: try int()) }

    mutating func diagnostics() throws(Damaged) -> [Diagnostic] {
        let n = try count(least: 40)
        var values: [Diagnostic] = []
        values.reserveCapacity(n)
        for _ in 0..<n {
            let file = try string()
            let line = try int()
            let column = try int()
            let error = try bool()
            guard let code = Diagnostic.Code.named(try string()) else { throw Damaged() }
            let message = try string()
            let sourceLine = try optional().map(SourceExcerpt.cached)
            values.append(
                Diagnostic(code, message, file: file, line: line, column: column, severity: error ? .error : .warning, sourceLine: sourceLine)
            )
        }
        return values
    }
}

/// A SHA-256 digest: the cache's keys and the fingerprints of files and pages.
struct Digest: Sendable, Hashable {
    static let size = 32
    /// The 32 bytes as they are in memory: a value with no storage of its own to allocate,
    /// hashed and compared as four integers (builds keep tens of thousands of these).
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// From 32 bytes; fewer are padded with zeros (`Digest(bytes: [])`: no digest).
    init(bytes: [UInt8]) {
        var padded = bytes
        if padded.count < Self.size { padded += [UInt8](repeating: 0, count: Self.size - padded.count) }
        self.init(loading: padded.withUnsafeBytes { $0 })
    }

    /// From the first 32 bytes of `buffer`.
    private init(loading buffer: UnsafeRawBufferPointer) {
        words = (
            buffer.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
            buffer.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            buffer.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
            buffer.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        )
    }

    /// From `bytes[offset..<offset + 32]`, which the caller knows are there.
    init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        self.init(loading: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Self.size]))
    }

    /// Its 32 bytes.
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Its 32 bytes in lowercase hexadecimal.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        return withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: 2 * Self.size) { out in
                for (index, byte) in bytes.enumerated() {
                    out[2 * index] = digits[Int(byte >> 4)]
                    out[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
                return 2 * Self.size
            }
        }
    }

    /// Calls `body` with its 32 bytes, without making an array of them.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words, body)
    }

    static func == (a: Digest, b: Digest) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    /// An order for digests, to write them in one (not their bytes' order).
    static func precedes(_ a: Digest, _ b: Digest) -> Bool {
        (a.words.0, a.words.1, a.words.2, a.words.3) < (b.words.0, b.words.1, b.words.2, b.words.3)
    }

    func hash(into hasher: inout Hasher) {
        // Already uniformly random: one word is as good as four.
        hasher.combine(words.0)
    }

    /// The digest of `bytes`.
    static func of(_ bytes: [UInt8]) -> Digest {
        SHA256.hash(data: bytes).withUnsafeBytes { Digest(loading: $0) }
    }

    /// The digest of a text's UTF-8, hashed where it lies (no copy of a long text).
    static func of(text: String) -> Digest {
        var text = text
        var hasher = SHA256()
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().withUnsafeBytes { Digest(loading: $0) }
    }

    /// The digest of several parts, each length-prefixed so no two lists of parts collide.
    static func of(parts: [[UInt8]]) -> Digest {
        var encoder = CacheEncoder()
        for part in parts {
            encoder.int(part.count)
            encoder.raw(part)
        }
        return of(encoder.bytes)
    }
}
