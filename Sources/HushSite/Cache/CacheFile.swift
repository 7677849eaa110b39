internal import Crypto
internal import Foundation
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The build cache on disk: two files in the cache folder. The records (`build.cache`):
///
/// ```
/// "HUSHCACHE\n"        magic: the file is hush's build cache
/// format               this layout's number (`CacheFile.format`)
/// hush version         a cache of another hush is not used (nor reported: it is not damaged)
/// bodies file          the name of the bodies file the records point into
/// contents             story records, output records, the output listing (BuildCache.Contents)
/// SHA-256              of everything before it: a truncated or damaged file is never trusted
/// ```
///
/// and the bodies (`build.bodies.<16 hex digits>`): "HUSHBODIES\n", then each rendered
/// story's HTML, text and words, where its record says (offset, length, SHA-256). That file
/// is only appended to: a save writes the records again (a few bytes a story) and appends
/// the bodies of the stories rendered since, not the whole site's. Once most of it is bodies
/// no record points to, or the story key changes, a save starts a new one (new name) and
/// removes the old after the records that name the new one are in place.
///
/// The records are written to a new file beside the old one and renamed over it, so a build
/// killed while saving leaves the previous cache (or none), never half of one: the bodies
/// it appended are past every offset the previous records name. An exclusive `flock` on the
/// folder makes two processes that save the same cache take turns.
enum CacheFile {
    static let magic = Array("HUSHCACHE\n".utf8)
    static let bodiesMagic = Array("HUSHBODIES\n".utf8)
    /// Raised with every change to the layout.
    static let format = 4
    static let bodiesPrefix = "build.bodies."

    /// Where a rendered story's HTML, text and words are in the bodies file.
    struct BodyPlace: Sendable, Equatable {
        var offset: Int
        var length: Int
        /// SHA-256 of those bytes: a damaged or foreign bodies file is never trusted.
        var digest: Digest

        func encode(into encoder: inout CacheEncoder) {
            encoder.int(offset)
            encoder.int(length)
            encoder.digest(digest)
        }

        static func decode(from decoder: inout CacheDecoder) throws(CacheDecoder.Damaged) -> BodyPlace {
            BodyPlace(offset: try decoder.int(), length: try decoder.int(), digest: try decoder.digest())
        }
    }

    /// What the bodies file holds, as the last read or save of the cache left it: which
    /// stories' bodies are there, so a save appends only the others.
    struct Bodies: Sendable {
        /// Its name in the cache folder.
        var name: String
        /// The story key the bodies were made under.
        var storyKey: Digest?
        /// By story path: the story's bytes (its record's `contentHash`) and where its bodies are.
        var places: [String: (contentHash: Digest, place: BodyPlace)] = [:]
        /// Its length in bytes.
        var size: Int
    }

    /// The cache in `folder/name` and its bodies file; nil and, when the files exist but
    /// cannot be used, why not (for a `cache.corrupt` warning). A missing cache, or one
    /// another version of hush wrote, is simply not used.
    static func read(folder: String, name: String) -> (BuildCache.Contents?, Bodies?, problem: String?) {
        let lock = OutputLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        let bytes: [UInt8]
        do throws(FileSystemError) {
            bytes = try FileSystem.contents(of: folder + "/" + name)
        } catch {
            if error.errno == ENOENT { return (nil, nil, nil) }
            return (nil, nil, "cannot be read (\(error.reason))")
        }
        guard bytes.count >= magic.count + Digest.size, Array(bytes.prefix(magic.count)) == magic else {
            return (nil, nil, "is not a hush build cache (it does not start as one)")
        }
        let body = bytes[..<(bytes.count - Digest.size)]
        guard Array(SHA256.hash(data: body)) == Array(bytes.suffix(Digest.size)) else {
            return (nil, nil, "is damaged or truncated (its checksum does not match)")
        }
        var decoder = CacheDecoder(bytes, from: magic.count, to: body.count)
        var contents: BuildCache.Contents
        var bodies: Bodies
        var pending: [(path: String, place: BodyPlace)]
        do throws(CacheDecoder.Damaged) {
            guard try decoder.int() == format, try decoder.string() == HushVersion.current else { return (nil, nil, nil) }
            let bodiesName = try decoder.string()
            guard bodiesName.hasPrefix(bodiesPrefix), !bodiesName.contains("/") else { throw CacheDecoder.Damaged() }
            (contents, pending) = try decode(&decoder)
            guard decoder.atEnd else { throw CacheDecoder.Damaged() }
            bodies = Bodies(name: bodiesName, storyKey: contents.storyKey, size: 0)
        } catch {
            return (nil, nil, "is damaged (its checksum matches, but not its contents)")
        }
        let blob: [UInt8]
        do throws(FileSystemError) {
            blob = try FileSystem.contents(of: folder + "/" + bodies.name)
        } catch {
            return (nil, nil, "cannot be used: its bodies file \(bodies.name) cannot be read (\(error.reason))")
        }
        guard blob.count >= bodiesMagic.count, Array(blob.prefix(bodiesMagic.count)) == bodiesMagic else {
            return (nil, nil, "cannot be used: its bodies file \(bodies.name) is not one")
        }
        bodies.size = blob.count
        // Checked and decoded on every core: most of the cache's bytes are here.
        let decoded = pending.parallelMap { _, place -> StoryRecord.Body? in
            guard place.offset >= bodiesMagic.count, place.length >= 0, place.offset <= blob.count - place.length else { return nil }
            let digest = blob.withUnsafeBytes { buffer in
                Digest(bytes: Array(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: buffer[place.offset..<place.offset + place.length]))))
            }
            guard digest == place.digest else { return nil }
            var decoder = CacheDecoder(blob, from: place.offset, to: place.offset + place.length)
            return try? StoryRecord.Body.decode(from: &decoder)
        }
        for ((path, place), body) in zip(pending, decoded) {
            guard let body, let hash = contents.stories[path]?.contentHash else {
                return (nil, nil, "cannot be used: its bodies file \(bodies.name) is damaged or truncated (a story's checksum does not match)")
            }
            // In place: the record is not copied.
            contents.stories[path]?.rendered?.restore(body)
            bodies.places[path] = (hash, place)
        }
        return (contents, bodies, nil)
    }

    /// Saves `contents` as `folder/name`, making the folder if needed, with the bodies
    /// `bodies` (what an earlier read or save left) does not hold appended to its file.
    /// Returns what the bodies file then holds, or why the cache could not be saved.
    static func write(_ contents: BuildCache.Contents, folder: String, name: String, bodies earlier: Bodies?) -> Result<Bodies, Unsaved> {
        if FileSystem.kind(of: folder) != .directory {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                return .failure(Unsaved("cannot create the folder"))
            }
            // Tools that know the convention (backups, tar --exclude-caches) leave it out,
            // and git ignores it even where the site's .gitignore does not name it.
            _ = OutputWriter.writeFile(folder + "/CACHEDIR.TAG", bytes: Array(cacheDirectoryTag.utf8), mode: 0o644, seconds: nil)
            _ = OutputWriter.writeFile(folder + "/.gitignore", bytes: Array("*\n".utf8), mode: 0o644, seconds: nil)
        }
        let lock = OutputLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        let bodies: Bodies
        switch appendBodies(contents, folder: folder, to: earlier) {
        case .success(let appended): bodies = appended
        case .failure(let failure): return .failure(failure)
        }
        let temporary = folder + "/." + name + ".\(getpid()).new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failure(Unsaved("cannot create \(temporary): \(OutputWriter.errorText())")) }
        var hash = SHA256()
        var failure: String?
        func emit(_ bytes: [UInt8]) {
            guard failure == nil else { return }
            hash.update(data: bytes)
            if let problem = writeAll(fd, bytes) { failure = "cannot write \(temporary): \(problem)" }
        }
        var encoder = CacheEncoder()
        encoder.raw(magic)
        encoder.int(format)
        encoder.string(HushVersion.current)
        encoder.string(bodies.name)
        encode(contents, bodies: bodies, into: &encoder) { encoder in
            emit(encoder.bytes)
            encoder.clear()
        }
        emit(encoder.bytes)
        emit(Array(hash.finalize()))
        close(fd)
        if let failure {
            unlink(temporary)
            return .failure(Unsaved(failure))
        }
        guard rename(temporary, folder + "/" + name) == 0 else {
            let reason = OutputWriter.errorText()
            unlink(temporary)
            return .failure(Unsaved("cannot rename the new cache into place: \(reason)"))
        }
        // Bodies files no record names any more: an earlier one, or one a killed save left.
        for entry in (try? FileSystem.list(folder)) ?? [] where entry.name.hasPrefix(bodiesPrefix) && entry.name != bodies.name {
            unlink(folder + "/" + entry.name)
        }
        return .success(bodies)
    }

    /// Why the cache could not be saved.
    struct Unsaved: Error {
        let reason: String

        init(_ reason: String) {
            self.reason = reason
        }
    }

    /// Appends to the bodies file the bodies of the rendered stories it does not hold, or
    /// writes a new one with every story's (under a new story key, when there is none, or
    /// when most of the old one is bodies no record points to any more).
    private static func appendBodies(_ contents: BuildCache.Contents, folder: String, to earlier: Bodies?) -> Result<Bodies, Unsaved> {
        var bodies: Bodies
        var fresh = false
        if let earlier, earlier.storyKey == contents.storyKey, FileSystem.kind(of: folder + "/" + earlier.name) == .file {
            bodies = earlier
            bodies.places = [:]
        } else {
            bodies = Bodies(name: bodiesPrefix + randomName(), storyKey: contents.storyKey, size: 0)
            fresh = true
        }
        // The rendered stories whose bodies the file holds, and the others.
        let known = fresh ? [:] : earlier?.places ?? [:]
        var missing: [(path: String, record: StoryRecord)] = []
        for (path, record) in contents.stories where record.rendered != nil {
            if let place = known[path], place.contentHash == record.contentHash {
                bodies.places[path] = place
            } else {
                missing.append((path, record))
            }
        }
        missing.sort { $0.path < $1.path }
        let entries = missing.parallelMap { _, record in
            var encoder = CacheEncoder()
            record.encodeBody(into: &encoder)
            return (bytes: encoder.bytes, digest: Digest.of(encoder.bytes))
        }
        let appended = entries.reduce(0) { $0 + $1.bytes.count }
        let live = bodies.places.values.reduce(0) { $0 + $1.place.length } + appended
        if !fresh, bodies.size + appended > 2 * live + (1 << 16) {
            // Mostly bodies no record points to: a new file with only the live ones.
            return appendBodies(contents, folder: folder, to: nil)
        }
        guard !entries.isEmpty || fresh else { return .success(bodies) }
        let path = folder + "/" + bodies.name
        let fd =
            fresh ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644) : open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Unsaved("cannot open \(path): \(OutputWriter.errorText())")) }
        defer { close(fd) }
        var offset = Int(lseek(fd, 0, SEEK_END))
        var buffer: [UInt8] = fresh ? bodiesMagic : []
        offset += buffer.count
        for ((path, record), entry) in zip(missing, entries) {
            bodies.places[path] = (record.contentHash, BodyPlace(offset: offset, length: entry.bytes.count, digest: entry.digest))
            buffer += entry.bytes
            offset += entry.bytes.count
        }
        if let problem = writeAll(fd, buffer) { return .failure(Unsaved("cannot write \(path): \(problem)")) }
        bodies.size = offset
        return .success(bodies)
    }

    /// 16 hex digits, for a new bodies file's name.
    private static func randomName() -> String {
        let value = UInt64.random(in: .min ... .max)
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Writes all of `bytes` to `fd`; nil on success, else why not.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in systemWrite(fd, buffer.baseAddress.map { $0 + done }, buffer.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                return OutputWriter.errorText()
            }
            done += n
        }
        return nil
    }

    static let cacheDirectoryTag = """
        Signature: 8a477f597d28d172789f06886806bc55
        # This folder is hush's build cache (.hush-cache); hush remakes it when it is missing.

        """

    /// `flush` is called whenever the encoder holds a megabyte or more.
    private static func encode(
        _ contents: BuildCache.Contents,
        bodies: Bodies,
        into encoder: inout CacheEncoder,
        flush: (inout CacheEncoder) -> Void
    ) {
        encoder.bool(contents.storyKey != nil)
        if let key = contents.storyKey { encoder.digest(key) }
        encoder.int(contents.stories.count)
        for (path, record) in contents.stories.sorted(by: { $0.key < $1.key }) {
            encoder.string(path)
            record.encode(into: &encoder, body: bodies.places[path]?.place)
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

    /// The contents, their rendered stories without their bodies, and where those are in the
    /// bodies file.
    private static func decode(
        _ decoder: inout CacheDecoder
    ) throws(CacheDecoder.Damaged) -> (BuildCache.Contents, [(path: String, place: BodyPlace)]) {
        var contents = BuildCache.Contents()
        var bodies: [(path: String, place: BodyPlace)] = []
        contents.storyKey = try decoder.bool() ? try decoder.digest() : nil
        let stories = try decoder.count(least: 100)
        contents.stories.reserveCapacity(stories)
        for _ in 0..<stories {
            let path = try decoder.string()
            let (record, body) = try StoryRecord.decode(from: &decoder)
            contents.stories[path] = record
            if let body { bodies.append((path, body)) }
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
        return (contents, bodies)
    }
}

/// `write(2)`, named apart from `CacheFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
