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
/// contents             story records, output records (BuildCache.Contents)
/// SHA-256              of everything before it: a truncated or damaged file is never trusted
/// ```
/// It is written to a new file beside the old one and renamed over it, so a build killed
/// while saving leaves the previous cache (or none), never half of one.
enum CacheFile {
    static let magic = Array("HUSHCACHE\n".utf8)
    /// Raised with every change to the layout.
    static let format = 7

    /// The cache in the file at `path`; nil and, when the file exists but cannot be used,
    /// why not (for a `cache.corrupt` warning). A missing file, or one another version of
    /// hush wrote, is simply not used.
    static func read(_ path: String) -> (BuildCache.Contents?, problem: String?) {
        let bytes: [UInt8]
        do throws(FileSystemError) {
            bytes = try FileSystem.contents(of: path)
        } catch {
            if error.errno == ENOENT { return (nil, nil) }
            return (nil, "cannot be read (\(error.reason))")
        }
        guard bytes.count >= magic.count + Digest.size, Array(bytes.prefix(magic.count)) == magic else {
            return (nil, "is not a hush build cache (it does not start as one)")
        }
        let body = bytes[..<(bytes.count - Digest.size)]
        guard Array(SHA256.hash(data: body)) == Array(bytes.suffix(Digest.size)) else {
            return (nil, "is damaged or truncated (its checksum does not match)")
        }
        var decoder = CacheDecoder(bytes, from: magic.count, to: body.count)
        do throws(CacheDecoder.Damaged) {
            guard try decoder.int() == format, try decoder.string() == HushVersion.current else { return (nil, nil) }
            let contents = try decode(&decoder)
            guard decoder.atEnd else { throw CacheDecoder.Damaged() }
            return (contents, nil)
        } catch {
            return (nil, "is damaged (its checksum matches, but not its contents)")
        }
    }

    /// Saves `contents` as `folder/name`, making the folder if needed; nil on success, else why
    /// not. Written as it is encoded, a megabyte at a time, so saving a large site's cache
    /// does not hold a second copy of it in memory.
    static func write(_ contents: BuildCache.Contents, folder: String, name: String) -> String? {
        if FileSystem.kind(of: folder) != .directory {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                return "cannot create the folder"
            }
            // Tools that know the convention (backups, tar --exclude-caches) leave it out,
            // and git ignores it even where the site's .gitignore does not name it.
            _ = OutputWriter.writeFile(folder + "/CACHEDIR.TAG", bytes: Array(cacheDirectoryTag.utf8), mode: 0o644, seconds: nil)
            _ = OutputWriter.writeFile(folder + "/.gitignore", bytes: Array("*\n".utf8), mode: 0o644, seconds: nil)
        }
        let temporary = folder + "/." + name + ".\(getpid()).new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "cannot create \(temporary): \(OutputWriter.errorText())" }
        var hash = SHA256()
        var failure: String?
        func emit(_ bytes: [UInt8]) {
            guard failure == nil else { return }
            hash.update(data: bytes)
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { buffer in systemWrite(fd, buffer.baseAddress.map { $0 + done }, buffer.count - done) }
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write \(temporary): \(OutputWriter.errorText())"
                    return
                }
                done += n
            }
        }
        var encoder = CacheEncoder()
        encoder.raw(magic)
        encoder.int(format)
        encoder.string(HushVersion.current)
        encode(contents, into: &encoder) { encoder in
            emit(encoder.bytes)
            encoder.clear()
        }
        emit(encoder.bytes)
        emit(Array(hash.finalize()))
        close(fd)
        if let failure {
            unlink(temporary)
            return failure
        }
        guard rename(temporary, folder + "/" + name) == 0 else {
            let reason = OutputWriter.errorText()
            unlink(temporary)
            return "cannot rename the new cache into place: \(reason)"
        }
        return nil
    }

    static let cacheDirectoryTag = """
        Signature: 8a477f597d28d172789f06886806bc55
        # This folder is hush's build cache (.hush-cache); hush remakes it when it is missing.

        """

    /// `flush` is called whenever the encoder holds a megabyte or more.
    private static func encode(_ contents: BuildCache.Contents, into encoder: inout CacheEncoder, flush: (inout CacheEncoder) -> Void) {
        encoder.bool(contents.storyKey != nil)
        if let key = contents.storyKey { encoder.digest(key) }
        encoder.int(contents.stories.count)
        for (path, record) in contents.stories.sorted(by: { $0.key < $1.key }) {
            encoder.string(path)
            record.encode(into: &encoder)
            if encoder.bytes.count >= 1 << 20 { flush(&encoder) }
        }
        encoder.string(contents.output)
        encoder.bool(contents.pageKey != nil)
        if let key = contents.pageKey { encoder.digest(key) }
        encoder.int(contents.files.count)
        for (path, record) in contents.files.sorted(by: { $0.key < $1.key }) {
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
    }

    private static func decode(_ decoder: inout CacheDecoder) throws(CacheDecoder.Damaged) -> BuildCache.Contents {
        var contents = BuildCache.Contents()
        contents.storyKey = try decoder.bool() ? try decoder.digest() : nil
        let stories = try decoder.count(least: 100)
        contents.stories.reserveCapacity(stories)
        for _ in 0..<stories {
            let path = try decoder.string()
            contents.stories[path] = try StoryRecord.decode(from: &decoder)
        }
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
        return contents
    }
}

/// `write(2)`, named apart from `CacheFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
