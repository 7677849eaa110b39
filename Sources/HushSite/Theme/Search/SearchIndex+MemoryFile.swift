internal import Crypto
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `SearchIndex.Memory` on disk, `search.cache` in the cache folder beside `build.cache`,
/// for `hush build`, which starts a new process each time:
///
/// ```
/// "HUSHSEARCH\n"       magic
/// format               this layout's number (`fileFormat`)
/// hush version         a file of another hush is not used
/// memory               key, story digests, words with their postings, chunks, file digests
/// SHA-256              of everything before it
/// ```
/// A file that is missing, of another version, damaged or truncated is not used (silently:
/// it only makes the index be made whole, as a clean build makes it) and is written anew.
extension SearchIndex.Memory {
    static let fileName = "search.cache"
    static let magic = Array("HUSHSEARCH\n".utf8)
    /// Raised with every change to the layout.
    static let fileFormat = 1

    /// The memory in the file at `path`, or nil if there is none that can be used.
    static func read(_ path: String) -> SearchIndex.Memory? {
        guard let file = try? CacheBytes.read(path), file.buffer.count >= magic.count + Digest.size,
            file.buffer.prefix(magic.count).elementsEqual(magic)
        else { return nil }
        let end = file.buffer.count - Digest.size
        var hash = SHA256()
        hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: file.buffer[..<end]))
        guard hash.finalize().elementsEqual(file.buffer[end...]) else { return nil }
        var decoder = CacheDecoder(file, from: magic.count, to: end)
        do throws(CacheDecoder.Damaged) {
            guard try decoder.int() == fileFormat, try decoder.string() == HushVersion.current else { return nil }
            let memory = try decode(&decoder)
            return decoder.atEnd ? memory : nil
        } catch {
            return nil
        }
    }

    /// Saves the memory as `folder/search.cache` (a new file renamed over the old one); nil
    /// on success, else why not.
    func write(folder: String) -> String? {
        var encoder = CacheEncoder()
        encoder.raw(Self.magic)
        encoder.int(Self.fileFormat)
        encoder.string(HushVersion.current)
        encode(into: &encoder)
        let bytes = encoder.bytes + Array(SHA256.hash(data: encoder.bytes))
        let temporary = folder + "/." + Self.fileName + ".\(getpid()).new"
        if let problem = OutputWriter.writeFile(temporary, bytes: bytes, mode: 0o644, seconds: nil) {
            unlink(temporary)
            return problem
        }
        guard rename(temporary, folder + "/" + Self.fileName) == 0 else {
            let reason = OutputWriter.errorText()
            unlink(temporary)
            return "cannot rename the new \(Self.fileName) into place: \(reason)"
        }
        return nil
    }

    /// Postings are written as a chunk writes them (gap × 4 + where), each in LEB128: most
    /// take one byte.
    private func encode(into encoder: inout CacheEncoder) {
        encoder.digest(key)
        encoder.int(stories.count)
        for digest in stories { encoder.digest(digest) }
        encoder.int(words.count)
        var packed: [UInt8] = []
        for word in words {
            encoder.string(word.word)
            encoder.int(word.length)
            encoder.int(word.postings.count)
            packed.removeAll(keepingCapacity: true)
            var previous = 0
            for posting in word.postings {
                var value = UInt(posting >> 2 - previous) << 2 | UInt(posting & 3)
                previous = posting >> 2
                while value >= 0x80 {
                    packed.append(UInt8(truncatingIfNeeded: value) | 0x80)
                    value >>= 7
                }
                packed.append(UInt8(value))
            }
            encoder.int(packed.count)
            encoder.raw(packed)
        }
        encoder.int(chunks.count)
        for (range, digest) in zip(chunks, chunkDigests) {
            encoder.int(range.lowerBound)
            encoder.int(range.upperBound)
            encoder.digest(digest)
        }
        encoder.int(fragmentDigests.count)
        for digest in fragmentDigests { encoder.digest(digest) }
    }

    private static func decode(_ decoder: inout CacheDecoder) throws(CacheDecoder.Damaged) -> SearchIndex.Memory {
        let key = try decoder.digest()
        let stories = try (0..<decoder.count(least: Digest.size)).map { _ throws(CacheDecoder.Damaged) in try decoder.digest() }
        var words: [SearchIndex.Word] = []
        for _ in 0..<(try decoder.count(least: 32)) {
            let word = try decoder.string()
            let length = try decoder.int()
            let count = try decoder.int()
            let packed = try decoder.raw(try decoder.count())
            var postings: [Int] = []
            postings.reserveCapacity(max(0, min(count, packed.count)))
            var number = 0
            var value = 0
            var shift = 0
            for byte in packed {
                guard shift < 56 else { throw CacheDecoder.Damaged() }
                value |= Int(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 {
                    number += value >> 2
                    postings.append(number << 2 | value & 3)
                    value = 0
                    shift = 0
                }
            }
            guard shift == 0, postings.count == count, count > 0, number < stories.count else { throw CacheDecoder.Damaged() }
            words.append(SearchIndex.Word(word, postings: postings, length: length))
        }
        var chunks: [Range<Int>] = []
        var chunkDigests: [Digest] = []
        for _ in 0..<(try decoder.count(least: 16 + Digest.size)) {
            let lower = try decoder.int()
            let upper = try decoder.int()
            guard lower >= 0, lower < upper, upper <= words.count else { throw CacheDecoder.Damaged() }
            chunks.append(lower..<upper)
            chunkDigests.append(try decoder.digest())
        }
        let fragmentDigests = try (0..<decoder.count(least: Digest.size)).map { _ throws(CacheDecoder.Damaged) in try decoder.digest() }
        guard fragmentDigests.count == SearchIndex.fragmentCount(stories.count) else { throw CacheDecoder.Damaged() }
        return SearchIndex.Memory(
            key: key,
            stories: stories,
            words: words,
            chunks: chunks,
            chunkDigests: chunkDigests,
            fragmentDigests: fragmentDigests
        )
    }
}
