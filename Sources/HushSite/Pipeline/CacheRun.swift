internal import HushCore
internal import HushGuard

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One build's use of the build cache: what it takes from earlier builds, the stages it
/// spares (reading, parsing, guarding and rendering unchanged stories; theming unchanged
/// pages), and what it gives back. Without a cache (`--no-cache`) it does the same work
/// from scratch, so there is one way through the pipeline.
struct CacheRun {
    let cache: BuildCache?
    let site: String
    /// The output is the process's own (`BuildRequest.privateOutput`): its files and folders
    /// are as the last commit left them, without a look.
    let trustsOutput: Bool
    /// A warning for the log: the cache on disk could not be used.
    private(set) var warning: Diagnostic?
    /// What earlier builds left; story records only under this build's story key.
    private(set) var earlier: BuildCache.Contents
    /// What this build makes of it.
    private var current: BuildCache.Contents
    /// Whether there is anything new to save.
    private var changed = false
    /// The save begun with this build's story records (`saveAhead()`), while they stay as they
    /// were then.
    private var ahead: BuildCache.SaveAhead?
    /// This build's use of the page store (`earlierOutput`), until `recordOutput` ends it.
    private var store: PageStore.Session?
    /// How many pages the page store gave back damaged (a warning when the cache is saved).
    private var storeDamage = 0
    /// The readers' hearts this build adds (`useLedger`): part of the site key, so a rebuild
    /// with new counts indexes and themes again (and the page fingerprints, which hold the
    /// counts, decide which pages are written).
    private var ledger = CacheKeys.ledger([:])
    /// When this build started to read story files (seconds since 1970): a file changed
    /// shortly before may change again within the same tick of its time (`FileStamp.isRacy`).
    /// Only decides what the next build reads again, never what is built.
    private let readAt = time(nil)

    init(request: BuildRequest) {
        cache = request.cache
        site = request.site
        trustsOutput = request.privateOutput
        var taken = BuildCache.Contents()
        if let cache = request.cache {
            let (contents, warning) = cache.take()
            taken = contents
            self.warning = warning.map { Self.fromSite($0, site: request.site) }
            // A damaged cache is replaced by this build's, even if nothing else changes.
            changed = warning != nil
        }
        earlier = taken
        current = taken
    }

    /// For the load stage: whether a story file with this stamp is known unchanged, so it
    /// need not be read; nil without a cache.
    var unchangedStories: (@Sendable (String, FileStamp) -> Bool)? {
        guard cache != nil else { return nil }
        let known = earlier.stories
        return { path, stamp in
            guard let record = known[path] else { return false }
            return record.stampTrusted && record.stamp == stamp
        }
    }

    var hasStoryRecords: Bool { !earlier.stories.isEmpty }

    /// Drops the story records made under another key.
    mutating func useStories(key: Digest) {
        if earlier.storyKey != key {
            earlier.stories = [:]
            changed = true
        }
        dropSaveAhead()
        current.storyKey = key
    }

    /// Every story file's record, in path order: the cache's where the file is known
    /// unchanged (by its stamp, or by its bytes' hash), else made by parsing and guarding it.
    mutating func stories(_ source: SiteSource, config: SiteConfig, secret: String?) -> [(String, StoryRecord)] {
        // Known records are looked up where they are used, not copied into the work list:
        // a record holds many references, and each copy retains (then releases) them all.
        enum Work: Sendable {
            case known(String)
            case read(SourceFile, FileStamp?)
        }
        var work: [Work] = source.unchanged.filter { earlier.stories[$0] != nil }.map { .known($0) }
        work += source.stories.map { .read($0, source.stamps[$0.path]) }
        func path(_ item: Work) -> String {
            switch item {
            case .known(let path): return path
            case .read(let file, _): return file.path
            }
        }
        work.sort { path($0) < path($1) }
        let tracked = cache != nil
        let known = earlier.stories
        let readAt = readAt
        let results = work.parallelMap { item -> (String, StoryRecord, Bool) in
            switch item {
            case .known(let path):
                return (path, known[path]!, false)
            case .read(let file, let stamp):
                let hash = tracked ? Digest.of(file.bytes) : Digest(bytes: [])
                let stamp = stamp ?? FileStamp.unknown
                let trusted = stamp.size >= 0 && !stamp.isRacy(readAt: readAt)
                if tracked, var record = known[file.path], record.contentHash == hash {
                    let restamped = record.stamp != stamp || record.stampTrusted != trusted
                    record.stamp = stamp
                    record.stampTrusted = trusted
                    return (file.path, record, restamped)
                }
                return (file.path, Self.check(file, config: config, secret: secret, stamp: stamp, trusted: trusted, hash: hash), true)
            }
        }
        if results.contains(where: \.2) || results.count != earlier.stories.count { changed = true }
        // The earlier records, shared (not copied) while no story was read anew or removed.
        var stories = earlier.stories
        for (path, record, changed) in results where changed { stories[path] = record }
        if stories.count != results.count {
            let paths = Set(results.map(\.0))
            stories = stories.filter { paths.contains($0.key) }
        }
        dropSaveAhead()
        current.stories = stories
        return results.map { ($0.0, $0.1) }
    }

    /// Parses and guards one story file.
    private static func check(_ file: SourceFile, config: SiteConfig, secret: String?, stamp: FileStamp, trusted: Bool, hash: Digest) -> StoryRecord {
        let (story, parseDiagnostics) = StoryParser.parse(file)
        var record = StoryRecord(
            stamp: stamp,
            stampTrusted: trusted,
            contentHash: hash,
            parsed: nil,
            parseDiagnostics: parseDiagnostics,
            guardDiagnostics: [],
            guarded: nil,
            rendered: nil
        )
        guard let story else { return record }
        let checked = AnonymityGuard.check(story, config: config, secret: secret)
        record.parsed = StoryRecord.Parsed(
            publicID: checked.publicID,
            idPlace: story.id.map { ($0.line, $0.column) },
            draft: story.draft,
            date: story.date
        )
        record.guardDiagnostics = checked.diagnostics
        record.guarded = checked.story
        return record
    }

    /// The records of `published` with their bodies rendered: the cache's where it has them.
    mutating func render(_ published: [(String, StoryRecord)], config: SiteConfig, strings: StringTable) -> [(String, StoryRecord)] {
        let results = published.parallelMap { path, record -> (String, StoryRecord, Bool) in
            guard record.rendered == nil, let guarded = record.guarded else { return (path, record, false) }
            let (stories, diagnostics) = StoryRenderer.render([guarded], config: config, strings: strings)
            var record = record
            if let story = stories.first {
                record.rendered = StoryRecord.Rendered(story, diagnostics: diagnostics)
            }
            return (path, record, true)
        }
        for (path, record, new) in results where new {
            dropSaveAhead()
            current.stories[path] = record
            changed = true
        }
        return results.map { ($0.0, $0.1) }
    }

    /// The key of this build's output files.
    func pageKey(_ request: BuildRequest, source: SiteSource, config: [UInt8]) -> Digest {
        CacheKeys.pages(
            config: config,
            secretOverride: source.secretOverride,
            siteTemplates: source.templates,
            siteStringTables: source.stringTables,
            includeDrafts: request.includeDrafts,
            buildDate: source.buildDate,
            localPreview: request.localPreview,
            tombstones: Tombstones.render(source.tombstones)
        )
    }

    /// What the theme stage may leave as it is in `output`; nil without a cache.
    mutating func earlierOutput(output: String, key: Digest, buildDate: Day) -> SiteRenderer.Earlier? {
        guard cache != nil else { return nil }
        let folder = OutputPlaces(output: output).output
        // Into a missing output (a first build, or one whose output was removed) nothing can be kept.
        let usable = earlier.output == folder && earlier.pageKey == key && FileSystem.kind(of: folder) == .directory
        let files = usable ? earlier.files : [:]
        current.pageKey = key
        // Output records hold only under the key they were made under: a build that fails
        // after this point must not hand the next one old records under the new key.
        current.files = files
        // The pages stored under this key, wherever the output is (pages depend on the
        // key alone): what a build into a new or emptied output links instead of theming.
        let stored = earlier.storedKey == key ? earlier.stored : [:]
        current.storedKey = key
        current.stored = stored
        store?.abandon()
        store = cache?.folder.map {
            PageStore.Session(cacheFolder: $0, known: stored, seconds: OutputWriter.seconds(of: buildDate), anew: earlier.storedKey != key)
        }
        if trustsOutput { return SiteRenderer.Earlier(files: files, store: store) { _, _ in true } }
        let opened = OpenFolder(folder)
        return SiteRenderer.Earlier(files: files, store: store) { path, record in
            opened.stamp(ofFile: path).map(record.matches) ?? false
        }
    }

    /// What the last commit into `output` left there (`OutputWriter.commit(knowing:)`); nil
    /// without a cache or when the cache knows another output.
    func knownOutput(_ output: String) -> OutputListing? {
        guard cache != nil, earlier.output == OutputPlaces(output: output).output else { return nil }
        return earlier.listing
    }

    /// Records what the output now holds, after a commit: each file's fingerprint, and what
    /// the commit found and left (`listing`).
    mutating func recordOutput(_ rendering: SiteRenderer.Rendering, output: String, listing: OutputListing) {
        guard cache != nil else { return }
        let folder = OutputPlaces(output: output).output
        let sameOutput = earlier.output == folder && earlier.pageKey == current.pageKey
        let previous = sameOutput ? earlier.files : [:]
        // A kept file's record is the earlier one; the others' are made anew, from their files.
        var keptKnown = 0
        var written: [String] = []
        for path in rendering.fingerprints.keys {
            if rendering.kept.contains(path), previous[path] != nil {
                keptKnown += 1
            } else {
                written.append(path)
            }
        }
        let opened = OpenFolder(folder)
        let records = written.parallelMap { path -> OutputRecord? in
            guard let fingerprint = rendering.fingerprints[path], let stamp = opened.stamp(ofFile: path) else { return nil }
            return OutputRecord(fingerprint: fingerprint, stamp: stamp)
        }
        // The earlier records, shared (not copied): the written ones replaced (or dropped, when
        // their file could not be stamped), and any whose file the new site no longer has
        // dropped (looked for only when there are some).
        var files = previous
        for (path, record) in zip(written, records) { files[path] = record }
        if keptKnown + written.count(where: { previous[$0] != nil }) != previous.count {
            for path in previous.keys where rendering.fingerprints[path] == nil { files[path] = nil }
        }
        if !sameOutput || rendering.kept.count != rendering.fingerprints.count || previous.count != files.count { changed = true }
        if earlier.output != folder || earlier.listing != listing { changed = true }
        current.output = folder
        current.files = files
        current.listing = listing
        if let store {
            let stored = store.finish(live: rendering.pages + rendering.others)
            storeDamage = store.damaged
            if stored != earlier.stored || earlier.storedKey != current.storedKey { changed = true }
            current.stored = stored
            self.store = nil
        }
    }

    /// The ledger's hearts this build adds to the stories' own.
    mutating func useLedger(_ hearts: [String: Int]) {
        ledger = CacheKeys.ledger(hearts)
    }

    /// The key of the whole site: the page key (every input but the stories and the ledger),
    /// the ledger's hearts, each published story's path and bytes, in order, and the images
    /// the stories show (`images`, the images stage's digest).
    private func siteKey(_ published: [String], images: [UInt8]) -> Digest? {
        guard let pageKey = current.pageKey else { return nil }
        // `Digest.of(parts:)`'s bytes, encoded in place: no array made for each story.
        var encoder = CacheEncoder()
        for part in [pageKey.bytes, Array(current.output.utf8), ledger.bytes, images] {
            encoder.int(part.count)
            encoder.raw(part)
        }
        for path in published {
            guard let record = current.stories[path] else { return nil }
            encoder.string(path)
            encoder.int(Digest.size)
            encoder.digest(record.contentHash)
        }
        return Digest.of(encoder.bytes)
    }

    /// What the build that made `output` knew of the site (its index-stage diagnostics, its
    /// page and file counts), when this build's inputs are the same as that build's and every
    /// file it wrote is still as it left it; nil otherwise, and without a cache.
    mutating func unchangedSite(_ published: [String], images: [UInt8], output: String) -> BuildCache.SiteState? {
        guard cache != nil, let site = earlier.site, earlier.output == OutputPlaces(output: output).output,
            earlier.pageKey == current.pageKey, !earlier.files.isEmpty
        else { return nil }
        current.output = earlier.output
        guard siteKey(published, images: images) == site.key else { return nil }
        if trustsOutput { return earlier.listing == nil ? nil : site }
        let folder = earlier.output
        let files = Array(earlier.files)
        let opened = OpenFolder(folder)
        let intact = files.parallelMap { path, record in opened.stamp(ofFile: path).map(record.matches) ?? false }
        let folders = Array(earlier.listing?.folders ?? [:])
        let unchanged = folders.parallelMap { path, stamp in opened.stamp(ofFolder: path) == stamp }
        return !folders.isEmpty && intact.allSatisfy { $0 } && unchanged.allSatisfy { $0 } ? site : nil
    }

    /// Records what made the output, after a commit.
    mutating func recordSite(_ published: [String], images: [UInt8], diagnostics: [Diagnostic], pages: Int, files: Int) {
        guard cache != nil, let key = siteKey(published, images: images) else { return }
        if earlier.site?.key != key { changed = true }
        current.site = BuildCache.SiteState(key: key, diagnostics: diagnostics, pages: pages, files: files)
    }

    /// Begins saving the cache while the build goes on, once its story records are final (the
    /// stories are rendered) and something in them changed, so the cache is saved whatever
    /// else happens: the records are encoded and written while the pages are made.
    mutating func saveAhead() {
        guard changed, ahead == nil, let cache else { return }
        ahead = cache.saveAhead(key: current.storyKey, stories: current.stories)
    }

    /// The story records change after all: a save begun with them is given up.
    private mutating func dropSaveAhead() {
        ahead?.cancel()
        ahead = nil
    }

    /// Gives the cache what this build made, and saves it if anything changed; a warning in
    /// the log if it could not be saved.
    mutating func save(into log: inout BuildLog) {
        guard let cache else { return }
        defer { ahead = nil }
        // A build that ended before its commit: the store's index stays as it began (a damaged
        // page's file is gone, so the next build finds it missing).
        if let store {
            storeDamage = store.damaged
            store.abandon()
            self.store = nil
        }
        if storeDamage > 0, let folder = cache.folder {
            log.addKeepingSeverity(Self.fromSite(PageStore.damaged(storeDamage, in: folder), site: site))
            storeDamage = 0
        }
        if let warning = cache.give(current, changed: changed, ahead: ahead) {
            log.addKeepingSeverity(Self.fromSite(warning, site: site))
        }
        changed = false
    }

    /// `warning` with its file named from the site folder, as every diagnostic's file is.
    private static func fromSite(_ warning: Diagnostic, site: String) -> Diagnostic {
        var warning = warning
        if warning.file.hasPrefix(site + "/") { warning.file = String(warning.file.dropFirst(site.count + 1)) }
        return warning
    }
}
