internal import Foundation
internal import HushCore
internal import HushImages

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a build keeps for the next one, so a rebuild costs what the change costs
/// (docs/architecture.md, "The build cache"): for each story file, what reading, parsing,
/// guarding and rendering it came to; for each output file, the fingerprint of what it shows.
///
/// One value lives as long as the process that builds: `hush build` makes one on disk
/// (`BuildCache(folder:)`, `.hush-cache/` in the site) for one run; a process that builds
/// many times (`hush serve`) keeps one and passes it with every `BuildRequest`, in memory
/// (`BuildCache()`) or on disk. Runs may share it from several threads; each takes what it
/// needs at its start and gives back what it made at its end.
///
/// The cache only ever makes a build faster: what is built is byte for byte what a build
/// without it makes. Everything in it is under keys of every input it depends on (hush's
/// version, the configuration, the secret as a hash, the theme's files, the build's
/// options), so a change to any of them makes the old records unused, not wrong. It holds
/// nothing the site folder does not already hold or the output does not publish, and never
/// the secret.
public final class BuildCache: Sendable {
    /// Where the cache is kept on disk; nil for one that lives in memory only.
    public let folder: String?
    private let contents: Locked<Contents?>
    /// Images made by earlier builds, for a cache in memory (`ImageCache`); on disk they are
    /// files under `folder/images/`.
    let images: Locked<[Digest: ProcessedImage]> = Locked([:])
    /// The theme the last build loaded, for the next build of this process
    /// (`Theme.load(…reusing:)`); never saved.
    let theme: Locked<Theme.Loaded?> = Locked(nil)
    /// What the last build's load stage found in content/, for the next build of this process
    /// when it is told which files changed (`BuildRequest.changedFiles`); never saved.
    let scan: Locked<ContentScan?> = Locked(nil)

    /// The search index as the last build made it, so the next makes again only what changed;
    /// on disk, also `folder/search.cache`, read when first asked for and saved with the
    /// cache. Apart from the records: it says how the index follows from the stories, not
    /// what the output holds, so any build's is good for the next.
    private let search: Locked<SearchSlot> = Locked(SearchSlot())

    private struct SearchSlot {
        var memory: SearchIndex.Memory?
        var read = false
        var unsaved = false
    }

    /// A cache in `folder` (made when first saved): read by the first build that uses it,
    /// saved by every build that changes it.
    public init(folder: String) {
        self.folder = folder
        self.contents = Locked(nil)
    }

    /// A cache in memory, for a process that builds the same site many times.
    public init() {
        self.folder = nil
        self.contents = Locked(Contents())
    }

    /// The name of the file in the cache folder.
    static let fileName = "build.cache"

    /// What the cache holds. A value: a build works on its own copy.
    struct Contents: Sendable {
        /// The key story records were made under.
        var storyKey: Digest?
        /// By path inside the site (`content/…`).
        var stories: [String: StoryRecord] = [:]
        /// The output folder (absolute) the output records describe.
        var output: String = ""
        /// The key output records were made under.
        var pageKey: Digest?
        /// By path inside the output.
        var files: [String: OutputRecord] = [:]
        /// The site the output holds, when a build made it whole.
        var site: SiteState?
        /// What the last commit into `output` left there: its folders' stamps and its files.
        var listing: OutputListing?
        /// The key the pages in the page store (`PageStore`, on disk only) were made under.
        var storedKey: Digest?
        /// The pages in the page store: the digest of each one's bytes, by page fingerprint.
        var stored: [Digest: Digest] = [:]
    }

    /// What a build that wrote the output knew of the whole site: a rebuild with the same key
    /// (the same inputs) and an output as that build left it has nothing to do.
    struct SiteState: Sendable {
        var key: Digest
        /// The index stage's diagnostics (tags), which need every story.
        var diagnostics: [Diagnostic]
        var pages: Int
        var files: Int
    }

    /// What a build starts from, and the warning if the cache on disk could not be used.
    func take() -> (Contents, Diagnostic?) {
        if let contents = contents.withLock({ $0 }) { return (contents, nil) }
        guard let folder else { return (Contents(), nil) }
        let (loaded, problem) = CacheFile.read(folder + "/" + Self.fileName)
        let diagnostic = problem.map { problem in
            Diagnostic(
                .cacheCorrupt,
                "the build cache \(folder)/\(Self.fileName) \(problem); it was not used, and this build writes a new one",
                file: folder
            )
        }
        let start = loaded ?? Contents()
        contents.withLock { $0 = start }
        return (start, diagnostic)
    }

    /// A save of the cache file begun before the build ends: its story records, written on a
    /// thread of their own while the build goes on (`saveAhead`), finished by `give`.
    struct SaveAhead: Sendable {
        fileprivate let writer: CacheFile.Writer?
        fileprivate let written: DispatchGroup
        fileprivate let problem: String?

        /// Gives the save up (the records it writes changed after all): the old file stays.
        func cancel() {
            written.wait()
            writer?.abandon()
        }
    }

    /// Begins saving, on disk, a cache whose story records are `stories` under `key`: they are
    /// encoded and written while the build goes on. Nil for a cache in memory.
    func saveAhead(key: Digest?, stories: [String: StoryRecord]) -> SaveAhead? {
        guard let folder else { return nil }
        let written = DispatchGroup()
        switch CacheFile.Writer.begin(folder: folder, name: Self.fileName) {
        case .failure(let problem):
            return SaveAhead(writer: nil, written: written, problem: problem.reason)
        case .success(let writer):
            DispatchQueue.global().async(group: written) { writer.stories(key: key, stories) }
            return SaveAhead(writer: writer, written: written, problem: nil)
        }
    }

    /// Keeps what a build made for the next one; on disk, saves it (atomically: a new file
    /// renamed over the old). Returns a warning when it cannot be saved. `ahead`: the save
    /// `saveAhead` began with `new`'s very story records and key, to finish.
    func give(_ new: Contents, changed: Bool, ahead: SaveAhead? = nil) -> Diagnostic? {
        contents.withLock { $0 = new }
        guard let folder else { return nil }
        // The search index's file is saved beside the cache file, at the same time once the
        // folder is there (saving the cache file makes it).
        let searchSaved = DispatchGroup()
        let searchProblem = Locked<String?>(nil)
        let together = FileSystem.kind(of: folder) == .directory
        if together {
            DispatchQueue.global().async(group: searchSaved) {
                let problem = self.saveSearch(in: folder)
                searchProblem.withLock { $0 = problem }
            }
        }
        var problem: String?
        if let ahead {
            ahead.written.wait()
            problem = ahead.problem ?? ahead.writer?.finish(new)
        } else if changed {
            problem = CacheFile.write(new, folder: folder, name: Self.fileName)
        }
        searchSaved.wait()
        if !together { searchProblem.withLock { $0 = saveSearch(in: folder) } }
        if let problem = problem ?? searchProblem.withLock({ $0 }) {
            return Diagnostic(
                .cacheUnwritable,
                "the build cache could not be saved in \(folder): \(problem); the next build cannot reuse this one's work",
                file: folder
            )
        }
        return nil
    }

    /// What the last build made of the search index (nil: make it whole).
    func takeSearch() -> SearchIndex.Memory? {
        search.withLock { slot in
            if !slot.read, let folder {
                slot.memory = SearchIndex.Memory.read(folder + "/" + SearchIndex.Memory.fileName)
            }
            slot.read = true
            return slot.memory
        }
    }

    /// Keeps what this build made of the search index for the next (saved with the cache).
    func giveSearch(_ memory: SearchIndex.Memory) {
        search.withLock { slot in
            slot.read = true
            slot.unsaved = slot.unsaved || slot.memory != memory
            slot.memory = memory
        }
    }

    /// Saves the search index's memory if a build changed it, into a cache folder that is
    /// there; nil on success, else why not.
    private func saveSearch(in folder: String) -> String? {
        search.withLock { slot in
            guard slot.unsaved, let memory = slot.memory, FileSystem.kind(of: folder) == .directory else { return nil }
            if let problem = memory.write(folder: folder) { return problem }
            slot.unsaved = false
            return nil
        }
    }
}
