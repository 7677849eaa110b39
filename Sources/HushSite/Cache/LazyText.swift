internal import Dispatch
internal import HushCore
internal import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        /// UTF-8 in `file.buffer[range]`, known valid: the file's checksum matched.
        case stored(CacheBytes, Range<Int>)
    }

    private let form: Form

    init(_ text: String) {
        form = .text(text)
    }

    /// `file.buffer[range]`, decoded when asked for.
    init(stored file: CacheBytes, range: Range<Int>) {
        form = .stored(file, range)
    }

    /// The text, decoded from the file's bytes if it was read from one.
    var value: String {
        switch form {
        case .text(let text): return text
        case .stored(let file, let range):
            file.countDecoded()
            return String(decoding: UnsafeRawBufferPointer(rebasing: file.buffer[range]), as: UTF8.self)
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
            encoder.raw(UnsafeRawBufferPointer(rebasing: file.buffer[range]))
        }
    }
}

/// The bytes of one cache file as read: the texts left in them (`LazyText`) share them.
///
/// Held in memory of its own rather than an array: `read(_:)` reads the file straight into
/// a mapping asked for in huge pages, where an array of 28 MB (a 10,000-story cache) cost
/// some 7,000 page faults and the zeroing of every page before the copy (a third of reading
/// the cache). Never written after it is made.
final class CacheBytes: @unchecked Sendable {
    /// The bytes; valid as long as this object lives.
    let buffer: UnsafeRawBufferPointer
    private let mapped: Int
    private let decoded = Atomic<Int>(0)

    /// A copy of `bytes`.
    init(_ bytes: [UInt8]) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0) }
        buffer = UnsafeRawBufferPointer(rebasing: memory[0..<bytes.count])
        mapped = 0
    }

    private init(mapping base: UnsafeMutableRawPointer, length: Int, count: Int) {
        buffer = UnsafeRawBufferPointer(start: base, count: count)
        mapped = length
    }

    deinit {
        if mapped > 0 {
            munmap(UnsafeMutableRawPointer(mutating: buffer.baseAddress), mapped)
        } else {
            UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.deallocate()
        }
    }

    /// The whole file at `path` (a link is not followed: `ELOOP`).
    static func read(_ path: String) throws(FileSystemError) -> CacheBytes {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileSystemError(errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSystemError(errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw FileSystemError(errno: EISDIR) }
        let size = Int(info.st_size)
        // Rounded up to whole 2 MB pages, so the kernel can back it with huge pages.
        let length = max(1, (size + (2 << 20) - 1) / (2 << 20) * (2 << 20))
        guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), base != MAP_FAILED else {
            return CacheBytes(try FileSystem.contents(of: path))
        }
        #if os(Linux)
        _ = madvise(base, length, 14)  // MADV_HUGEPAGE
        #endif
        // A large file in two halves side by side: the pages' faults and zeroing, and the
        // copy, shared between two cores (nothing else runs yet when the cache is read).
        let half = size >= 8 << 20 ? (size / 2 + (2 << 20) - 1) / (2 << 20) * (2 << 20) : size
        let parts = [(0, half), (half, size)]
        let outcomes = Locked([(count: Int, failure: Int32)](repeating: (0, 0), count: parts.count))
        let address = Int(bitPattern: base)
        DispatchQueue.concurrentPerform(iterations: half < size ? 2 : 1) { part in
            let (start, end) = parts[part]
            guard let base = UnsafeMutableRawPointer(bitPattern: address) else { return }
            let outcome = FileSystem.readFully(fd, into: base + start, count: end - start, at: start)
            outcomes.withLock { $0[part] = outcome }
        }
        let read = outcomes.withLock { $0 }
        if let failure = read.first(where: { $0.failure != 0 })?.failure {
            munmap(base, length)
            throw FileSystemError(errno: failure)
        }
        // A file cut short while read: what came before the gap (its checksum then fails).
        let count = read[0].count < half ? read[0].count : half + read[1].count
        return CacheBytes(mapping: base, length: length, count: count)
    }

    /// How many texts were decoded from them so far: how a test knows what a rebuild read.
    var decodedCount: Int { decoded.load(ordering: .relaxed) }

    fileprivate func countDecoded() { decoded.add(1, ordering: .relaxed) }
}
