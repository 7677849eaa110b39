internal import Crypto
internal import Foundation
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The build cache on disk: one file, `build.cache`, in the cache folder.
///
/// ```
/// "HUSHCACHE\n"        magic: the file is hush's build cache
/// format               this layout's number (`CacheFile.format`)
/// hush version         a cache of another hush is not used (nor reported: it is not damaged)
/// story records        (BuildCache.Contents.stories and their key)
/// the rest             output records, the site, the output listing, the page store's pages
/// rest offset          where the rest begins, so the two are decoded side by side
/// SHA-256              of everything before it: a truncated or damaged file is never trusted
/// ```
/// It is written to a new file beside the old one and renamed over it, so a build killed
/// while saving leaves the previous cache (or none), never half of one.
enum CacheFile {
    static let magic = Array("HUSHCACHE\n".utf8)
    /// Raised with every change to the layout.
    static let format = 10

    /// The cache in the file at `path`; nil and, when the file exists but cannot be used,
    /// why not (for a `cache.corrupt` warning). A missing file, or one another version of
    /// hush wrote, is simply not used.
    static func read(_ path: String) -> (BuildCache.Contents?, problem: String?) {
        let file: CacheBytes
        do throws(FileSystemError) {
            file = try CacheBytes.read(path)
        } catch {
            if error.errno == ENOENT { return (nil, nil) }
            return (nil, "cannot be read (\(error.reason))")
        }
        let bytes = file.buffer
        guard bytes.count >= magic.count + Digest.size, bytes.prefix(magic.count).elementsEqual(magic) else {
            return (nil, "is not a hush build cache (it does not start as one)")
        }
        let end = bytes.count - Digest.size
        // Where the rest begins (the 8 bytes before the checksum), when that is in the file.
        let offset = end - 8 >= magic.count ? Int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: end - 8, as: Int64.self))) : -1
        let rest: Int? = offset >= magic.count && offset <= end - 8 ? offset : nil
        // The checksum, the story records and the rest side by side: what is decoded is used
        // only once the checksum matched (a damaged file decodes to an error or to values
        // never used, as the decoder checks every length against what is left).
        enum Part: Sendable {
            case checksum(Bool)
            /// nil and not damaged: another format or version.
            case stories(BuildCache.Contents?, damaged: Bool)
            case rest(BuildCache.Contents?)
        }
        let parts = [0, 1, 2].parallelMap { part -> Part in
            switch part {
            case 0:
                let bytes = file.buffer
                var hash = SHA256()
                hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[..<end]))
                return .checksum(Array(hash.finalize()) == Array(bytes[end...]))
            case 1:
                var decoder = CacheDecoder(file, from: magic.count, to: rest ?? end)
                do throws(CacheDecoder.Damaged) {
                    guard try decoder.int() == format, try decoder.string() == HushVersion.current else { return .stories(nil, damaged: false) }
                    var contents = BuildCache.Contents()
                    try decodeStories(&decoder, into: &contents)
                    guard rest != nil, decoder.atEnd else { throw CacheDecoder.Damaged() }
                    return .stories(contents, damaged: false)
                } catch {
                    return .stories(nil, damaged: true)
                }
            default:
                guard let rest else { return .rest(nil) }
                var decoder = CacheDecoder(file, from: rest, to: end - 8)
                var contents = BuildCache.Contents()
                guard (try? decodeRest(&decoder, into: &contents)) != nil, decoder.atEnd else { return .rest(nil) }
                return .rest(contents)
            }
        }
        guard case .checksum(true) = parts[0] else {
            return (nil, "is damaged or truncated (its checksum does not match)")
        }
        guard case .stories(let stories, let damaged) = parts[1], !damaged else {
            return (nil, "is damaged (its checksum matches, but not its contents)")
        }
        // Another format or version: simply not used.
        guard let stories else { return (nil, nil) }
        guard case .rest(var contents?) = parts[2] else {
            return (nil, "is damaged (its checksum matches, but not its contents)")
        }
        contents.storyKey = stories.storyKey
        contents.stories = stories.stories
        return (contents, nil)
    }

    /// Saves `contents` as `folder/name`, making the folder if needed; nil on success, else why
    /// not. Written as it is encoded, a megabyte at a time, so saving a large site's cache
    /// does not hold a second copy of it in memory.
    static func write(_ contents: BuildCache.Contents, folder: String, name: String) -> String? {
        let writer: Writer
        switch Writer.begin(folder: folder, name: name) {
        case .success(let begun): writer = begun
        case .failure(let problem): return problem.reason
        }
        writer.stories(key: contents.storyKey, contents.stories)
        return writer.finish(contents)
    }

    /// A why-not, as a value a `Result` can carry.
    struct Problem: Error {
        let reason: String
    }

    /// One save of the cache file, in two parts: the story records (which a build knows once
    /// its stories are rendered: `BuildCache.saveAhead` writes them while the build goes on),
    /// then the rest and the checksum, and the new file renamed into place.
    final class Writer: @unchecked Sendable {
        private let temporary: String
        private let target: String
        private let fd: Int32
        private var hash = SHA256()
        private var failure: String?
        private var encoder = CacheEncoder()
        /// Bytes given to the file so far, and where the story records ended.
        private var written = 0
        private var storiesEnd = 0

        private init(temporary: String, target: String, fd: Int32) {
            self.temporary = temporary
            self.target = target
            self.fd = fd
        }

        /// A new file beside `folder/name` (the folder made if needed).
        static func begin(folder: String, name: String) -> Result<Writer, Problem> {
            if FileSystem.kind(of: folder) != .directory {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    return .failure(Problem(reason: "cannot create the folder"))
                }
                // Tools that know the convention (backups, tar --exclude-caches) leave it out,
                // and git ignores it even where the site's .gitignore does not name it.
                _ = OutputWriter.writeFile(folder + "/CACHEDIR.TAG", bytes: Array(cacheDirectoryTag.utf8), mode: 0o644, seconds: nil)
                _ = OutputWriter.writeFile(folder + "/.gitignore", bytes: Array("*\n".utf8), mode: 0o644, seconds: nil)
            }
            let temporary = folder + "/." + name + ".\(getpid()).new"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return .failure(Problem(reason: "cannot create \(temporary): \(OutputWriter.errorText())")) }
            let writer = Writer(temporary: temporary, target: folder + "/" + name, fd: fd)
            writer.encoder.raw(magic)
            writer.encoder.int(format)
            writer.encoder.string(HushVersion.current)
            return .success(writer)
        }

        /// The first part: the story key and every story record, in path order.
        func stories(key: Digest?, _ stories: [String: StoryRecord]) {
            encoder.bool(key != nil)
            if let key { encoder.digest(key) }
            encoder.int(stories.count)
            for (path, record) in stories.sorted(by: { $0.key < $1.key }) {
                encoder.string(path)
                record.encode(into: &encoder)
                if encoder.bytes.count >= 1 << 20 { emit() }
            }
            emit()
            storiesEnd = written
        }

        /// The rest of `contents` (its stories are the first part's), the checksum, and the
        /// file in place; nil on success, else why not.
        func finish(_ contents: BuildCache.Contents) -> String? {
            encodeRest(contents, into: &encoder)
            encoder.int(storiesEnd)
            emit()
            encoder.raw(Array(hash.finalize()))
            emit()
            close(fd)
            if let failure {
                unlink(temporary)
                return failure
            }
            guard rename(temporary, target) == 0 else {
                let reason = OutputWriter.errorText()
                unlink(temporary)
                return "cannot rename the new cache into place: \(reason)"
            }
            return nil
        }

        /// Gives up: the new file goes, the old one stays.
        func abandon() {
            close(fd)
            unlink(temporary)
        }

        /// Writes out what the encoder holds.
        private func emit() {
            defer { encoder.clear() }
            guard failure == nil else { return }
            let bytes = encoder.bytes
            hash.update(data: bytes)
            written += bytes.count
            if !OutputWriter.writeAll(bytes, to: fd) { failure = "cannot write \(temporary): \(OutputWriter.errorText())" }
        }
    }

    static let cacheDirectoryTag = """
        Signature: 8a477f597d28d172789f06886806bc55
        # This folder is hush's build cache (.hush-cache); hush remakes it when it is missing.

        """

    /// Everything after the story records.
    private static func encodeRest(_ contents: BuildCache.Contents, into encoder: inout CacheEncoder) {
        encoder.string(contents.output)
        encoder.bool(contents.pageKey != nil)
        if let key = contents.pageKey { encoder.digest(key) }
        // In path order: the listing's, which is sorted, when it names every recorded file
        // (the usual case: no sort of tens of thousands of paths).
        var paths = contents.listing?.files.filter { contents.files[$0] != nil } ?? []
        if paths.count != contents.files.count { paths = contents.files.keys.sorted() }
        encoder.int(paths.count)
        for path in paths {
            guard let record = contents.files[path] else { continue }
            encoder.string(path)
            encoder.digest(record.fingerprint)
            record.stamp.encode(into: &encoder)
        }
        encoder.bool(contents.site != nil)
        if let site = contents.site {
            encoder.digest(site.key)
            encoder.diagnostics(site.diagnostics)
            encoder.int(site.pages)
            encoder.int(site.files)
        }
        encoder.bool(contents.listing != nil)
        if let listing = contents.listing {
            encoder.int(listing.folders.count)
            for (path, stamp) in listing.folders.sorted(by: { $0.key < $1.key }) {
                encoder.string(path)
                stamp.encode(into: &encoder)
            }
            encoder.int(listing.files.count)
            for path in listing.files { encoder.string(path) }
        }
        encoder.bool(contents.storedKey != nil)
        if let key = contents.storedKey { encoder.digest(key) }
        encoder.int(contents.stored.count)
        for (fingerprint, digest) in contents.stored.sorted(by: { Digest.precedes($0.key, $1.key) }) {
            encoder.digest(fingerprint)
            encoder.digest(digest)
        }
    }

    private static func decodeStories(_ decoder: inout CacheDecoder, into contents: inout BuildCache.Contents) throws(CacheDecoder.Damaged) {
        contents.storyKey = try decoder.bool() ? try decoder.digest() : nil
        let stories = try decoder.count(least: 100)
        contents.stories.reserveCapacity(stories)
        for _ in 0..<stories {
            let path = try decoder.string()
            contents.stories[path] = try StoryRecord.decode(from: &decoder)
        }
    }

    /// Everything after the story records (`encodeRest`).
    private static func decodeRest(_ decoder: inout CacheDecoder, into contents: inout BuildCache.Contents) throws(CacheDecoder.Damaged) {
        contents.output = try decoder.string()
        contents.pageKey = try decoder.bool() ? try decoder.digest() : nil
        let files = try decoder.count(least: 90)
        contents.files.reserveCapacity(files)
        for _ in 0..<files {
            let path = try decoder.string()
            contents.files[path] = OutputRecord(fingerprint: try decoder.digest(), stamp: try FileStamp.decode(from: &decoder))
        }
        if try decoder.bool() {
            contents.site = BuildCache.SiteState(
                key: try decoder.digest(),
                diagnostics: try decoder.diagnostics(),
                pages: try decoder.int(),
                files: try decoder.int()
            )
        }
        if try decoder.bool() {
            var listing = OutputListing()
            let folders = try decoder.count(least: 64)
            listing.folders.reserveCapacity(folders)
            for _ in 0..<folders {
                listing.folders[try decoder.string()] = try FileStamp.decode(from: &decoder)
            }
            let files = try decoder.count(least: 8)
            listing.files.reserveCapacity(files)
            for _ in 0..<files { listing.files.append(try decoder.string()) }
            contents.listing = listing
        }
        contents.storedKey = try decoder.bool() ? try decoder.digest() : nil
        let stored = try decoder.count(least: 2 * Digest.size)
        contents.stored.reserveCapacity(stored)
        for _ in 0..<stored {
            contents.stored[try decoder.digest()] = try decoder.digest()
        }
    }
}
