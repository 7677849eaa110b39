internal import Dispatch
internal import Foundation
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write stage: the only stage besides load that touches the disk.
///
/// Writing starts while the theme stage is still rendering: folders as soon as the ids
/// are known, files as each batch of pages is done. Creating files and folders is most of
/// a cold build's time, so it runs on two lanes of its own (folders, files) beside the
/// rendering; a file the page store holds is linked from there rather than written
/// (`OutputFile.store`, docs/architecture.md "The page store").
///
/// Nothing temporary ever appears in the output folder. Everything is written into a stage
/// folder beside it (`OutputPlaces`: `.<name>.hush-stage/new/`, on the same file system), and
/// `commit` only renames:
/// - a first build renames the staged site into place: one step, all or nothing;
/// - a rebuild compares each file with the one in the output, stages only new and changed
///   files (a new folder whole), and commits them in steps (add, replace, remove) that it
///   first writes to a journal beside the output (`CommitJournal`). Readers may see old and
///   new pages side by side during a commit, never a temporary or half-written file. A commit
///   that fails part-way is rolled back from the journal at once; one that was killed is
///   rolled back by the next build before anything else (`recover`).
///
/// One lifecycle, one way to fail: `begin` (throws if the output may not be used, or if an
/// interrupted commit cannot be undone), then any number of `prepare(foldersOf:)` and
/// `write(_:)`, which never throw (the first failure is remembered and the rest of the work
/// skipped), then either `commit()`, which throws that failure or its own, or `discard()`,
/// which leaves the previous output as it was. Every failure surfaces exactly once, as a
/// `WriteFailure`, from `begin` or `commit`, and its message says what state the output is in.
///
/// Folders are made with mode 0755 and files with 0644, both under the user's umask, so a
/// web server running as another user can serve them. Times come from the build date, never
/// the clock: a file or folder that is new or changed (a folder changes when a file in it is
/// added, replaced or removed) gets midnight UTC of the build date as its modification time;
/// an unchanged file or folder is not touched at all (same inode, mtime and ctime), so a
/// rebuild that changes nothing changes nothing, and `rsync` or `aws s3 sync` send only what
/// changed.
final class OutputWriter: Sendable {
    /// An empty file that marks a folder as hush's output, so a build never replaces or
    /// prunes a folder it did not make.
    static let marker = ".hush-output"
    /// Permission bits before the umask: readable by everyone, writable by the owner.
    static let folderMode: mode_t = 0o755
    static let fileMode: mode_t = 0o644

    /// Where a folder of the new site is while writing.
    enum Place: Sendable {
        /// Already in the output: its new and changed files are committed one by one.
        case output
        /// New: made in the stage, committed whole with its topmost new folder.
        case stage
    }

    /// What the lanes and the caller share. Reachable only through `state.withLock`.
    struct State: Sendable {
        /// Folders of the new site and where each is ("" is the root).
        var folders: [String: Place]
        /// Folders made under `places.staged` ("" is `staged` itself).
        var stagedFolders: Set<String> = [""]
        /// Every file of the new site, changed or not.
        var written: Set<String> = []
        /// Files new in a folder that is already in the output.
        var added: [String] = []
        /// Files that differ from the output's.
        var replaced: [String] = []
        /// Files written to the stage: new or changed.
        var changed = 0
        /// Files found the same as the output's, or kept without a look (`keep`).
        var unchanged = 0
        /// The first thing that went wrong; everything after it is skipped.
        var failure: String?
        /// Set by `commit` or `discard`: the lanes do nothing more.
        var finished = false
        /// Held until the end of `commit` or `discard`.
        var lock: OutputLock?
    }

    let places: OutputPlaces
    /// A first build (the output is missing or empty): the staged site becomes the output.
    let fresh: Bool
    /// Midnight UTC of the build date, in seconds since 1970.
    let seconds: Int
    /// Each commit on the disk before it is done (a published output); false for an output
    /// that lives only as long as the process (`BuildRequest.privateOutput`), where nothing is
    /// flushed: a power cut takes the process along with it.
    let durable: Bool
    let hook: StepHook?
    /// Where pages come from and are kept (`OutputFile.store`); nil without a build cache on disk.
    let pageStore: PageStore.Session?
    private let folderLane = DispatchQueue(label: "hush.write.folders")
    private let fileLane = DispatchQueue(label: "hush.write.files")
    /// Batches of files given to `write` and not yet stored. Pages are rendered faster than
    /// a slow disk takes them: without a bound, they would wait for it in memory.
    private let waiting = DispatchSemaphore(value: OutputWriter.waitingBatches)
    /// At most this many batches wait for the file lane; `write` waits for a place.
    static let waitingBatches = 2
    let state: Locked<State>

    private init(places: OutputPlaces, fresh: Bool, seconds: Int, durable: Bool, pageStore: PageStore.Session?, hook: StepHook?, lock: OutputLock?) {
        self.places = places
        self.pageStore = pageStore
        self.fresh = fresh
        self.seconds = seconds
        self.durable = durable
        self.hook = hook
        var state = State(folders: ["": fresh ? .stage : .output])
        state.lock = lock
        self.state = Locked(state)
    }

    /// Checks that `output` may hold the site built from `site`, puts back the previous output
    /// if an earlier build was killed while committing (`recover`), and prepares to write: a
    /// new or empty folder, or one an earlier build of hush wrote. `hook` is for tests only.
    static func begin(
        output path: String,
        site: String,
        buildDate: Day,
        durable: Bool = true,
        pageStore: PageStore.Session? = nil,
        hook: StepHook? = nil
    ) throws(WriteFailure) -> OutputWriter {
        if let problem = problem(output: path, site: site) {
            throw WriteFailure(Diagnostic(.outputInsideSite, problem, file: path))
        }
        let places = OutputPlaces(output: path)
        try makeDirectories(places.parent)
        let lock = OutputLock(folder: places.parent)
        try recoverHoldingLock(places, hook: hook)
        let fresh: Bool
        switch FileSystem.kind(of: places.output) {
        case .missing:
            fresh = true
        case .directory:
            let entries: [FileSystem.Entry]
            do throws(FileSystemError) {
                entries = try FileSystem.list(places.output)
            } catch {
                throw WriteFailure(Diagnostic(.outputIO, "cannot read the output folder: \(error.reason); \(error.remedy)", file: places.output))
            }
            if entries.isEmpty {
                fresh = true
            } else if FileSystem.kind(of: places.inOutput(marker)) == .file {
                fresh = false
            } else {
                throw WriteFailure(
                    Diagnostic(
                        .outputNotOurs,
                        "\(places.output) has files that hush did not write, and hush removes files that are not part of the site; give an empty or new folder with --output",
                        file: places.output
                    )
                )
            }
        case .file, .symlink, .other:
            throw WriteFailure(Diagnostic(.outputNotOurs, "\(places.output) exists and is not a folder; give another --output", file: places.output))
        }
        for folder in [places.stage, places.staged] where mkdir(folder, folderMode) != 0 {
            let reason = errorText()
            removeTree(places.stage)
            throw WriteFailure(
                Diagnostic(.outputIO, "cannot create a folder beside the output: \(reason); nothing was written", file: places.parent)
            )
        }
        return OutputWriter(
            places: places,
            fresh: fresh,
            seconds: seconds(of: buildDate),
            durable: durable,
            pageStore: pageStore,
            hook: hook,
            lock: lock
        )
    }

    /// Midnight UTC of `day`, the time of every file written on it, in seconds since 1970.
    static func seconds(of day: Day) -> Int {
        day.daysSinceEpoch * 86_400
    }

    /// Why `output` may not hold the site, if it may not: it would be read back as content
    /// or as templates on the next build, or it would replace the site itself.
    private static func problem(output: String, site: String) -> String? {
        func absolute(_ path: String) -> String {
            OutputPlaces.normalized(path)
        }
        let out = absolute(output)
        let root = absolute(site)
        if out == root || root.hasPrefix(out + "/") {
            return "the output folder would replace the site itself; give a folder of its own, like \(site)/public"
        }
        for inner in ["content", "Templates"] where out == root + "/" + inner || out.hasPrefix(root + "/" + inner + "/") {
            return "the output folder is inside \(inner)/, where the next build would read it back; give a folder outside it, like \(site)/public"
        }
        return nil
    }

    /// Creates, in the background, the folders that will hold `paths` (file paths inside the site).
    func prepare(foldersOf paths: [String]) {
        folderLane.async { [self] in
            for path in paths { ensureFolder(Self.folder(of: path)) }
        }
    }

    /// Writes files in the background. A failure is kept for `commit`. Returns when the
    /// batch has a place in the file lane's queue (`waitingBatches`).
    func write(_ files: [OutputFile]) {
        waiting.wait()
        fileLane.async { [self] in
            defer { waiting.signal() }
            for file in files { store(OutputText.clean(file)) }
        }
    }

    /// Files of the new site that the build cache knows are in the output as they should be
    /// (their fingerprint and their file are as an earlier build left them): part of the new
    /// site, neither compared nor touched.
    func keep(_ paths: [String]) {
        guard !paths.isEmpty else { return }
        fileLane.async { [self] in
            state.withLock { state in
                guard state.failure == nil, !state.finished else { return }
                for path in paths {
                    state.written.insert(path)
                    // The file is in the output, so are its folders.
                    var folder = Self.folder(of: path)
                    while state.folders[folder] == nil {
                        state.folders[folder] = .output
                        folder = Self.folder(of: folder)
                    }
                }
                state.unchanged += paths.count
            }
        }
    }

    /// What a commit did, in files: new or changed, unchanged, and removed (a removed folder
    /// counts once).
    struct Counts: Sendable, Equatable {
        var written = 0
        var unchanged = 0
        var removed = 0
        /// What the output holds now, for the build cache (`OutputListing`).
        var listing = OutputListing()
    }

    /// Waits for every write, then makes the new site visible; returns what it wrote, left
    /// and removed. Throws the first failure of the whole write, after undoing what it
    /// could, with a message that says what state the output is in. `known`: what the build
    /// cache recorded of the output (the last commit's listing), so that only the folders
    /// changed since are listed; `trusted`: the output is the process's own
    /// (`BuildRequest.privateOutput`), so the folders `known` records are not even looked at.
    @discardableResult
    func commit(knowing known: OutputListing? = nil, trusted: Bool = false) throws(WriteFailure) -> Counts {
        drainLanes()
        if state.withLock({ $0.finished }) {
            throw WriteFailure(Diagnostic(.outputIO, "this build's output was already committed or discarded", file: places.output))
        }
        // The site's own files, before the marker (which is not one of them).
        var counts = state.withLock { Counts(written: $0.changed, unchanged: $0.unchanged) }
        store(OutputFile(path: Self.marker, bytes: []))
        let done = state.withLock { state -> State in
            state.finished = true
            return state
        }
        defer { state.withLock { $0.lock = nil } }
        if let failure = done.failure {
            Self.removeTree(places.stage)
            let outcome = fresh ? "nothing was written" : "nothing was written, the previous output is as it was"
            throw WriteFailure(Diagnostic(.outputIO, "\(failure); \(outcome)", file: places.output))
        }
        if fresh {
            counts.listing = try commitFirstBuild(done)
        } else {
            (counts.removed, counts.listing) = try commitRebuild(done, knowing: known, trusted: trusted)
        }
        return counts
    }

    /// Abandons the build: nothing it wrote stays. Does nothing after `commit` or a first
    /// `discard`, so it is safe in a `defer`.
    func discard() {
        drainLanes()
        let unfinished = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            state.finished = true
            return true
        }
        if unfinished { Self.removeTree(places.stage) }
        state.withLock { $0.lock = nil }
    }

    // MARK: On the lanes

    /// Waits until both lanes have run everything given to them so far.
    private func drainLanes() {
        folderLane.sync {}
        fileLane.sync {}
    }

    /// Keeps the first failure; later ones are consequences of it, or not worth a second line.
    private func fail(_ problem: String) {
        state.withLock { state in
            if state.failure == nil { state.failure = problem }
        }
    }

    /// Makes sure `folder` (relative) is a folder of the new site: one already in the output
    /// (nothing to make), or a new one made in the stage.
    private func ensureFolder(_ folder: String) {
        let known = state.withLock { state -> Bool in
            state.failure != nil || state.finished || state.folders[folder] != nil
        }
        guard !known else { return }
        let parent = Self.folder(of: folder)
        ensureFolder(parent)
        guard let parentPlace = state.withLock({ $0.folders[parent] }) else { return }
        if parentPlace == .output {
            switch FileSystem.kind(of: places.inOutput(folder)) {
            case .directory:
                state.withLock { $0.folders[folder] = .output }
                return
            case .missing:
                break
            case .file, .symlink, .other:
                fail("\(places.inOutput(folder)) is in the way of a folder the site needs")
                return
            }
        }
        if stageFolder(folder) {
            state.withLock { $0.folders[folder] = .stage }
        }
    }

    /// Makes `folder` (relative) under `places.staged`, with the folders above it; false
    /// (and the failure kept) if it cannot.
    @discardableResult
    private func stageFolder(_ folder: String) -> Bool {
        if state.withLock({ $0.stagedFolders.contains(folder) }) { return true }
        guard stageFolder(Self.folder(of: folder)) else { return false }
        let full = places.inStaged(folder)
        // EEXIST: the other lane made it a moment ago.
        guard mkdir(full, Self.folderMode) == 0 || (errno == EEXIST && FileSystem.kind(of: full) == .directory) else {
            fail("cannot create a folder for \(places.inOutput(folder)): \(Self.errorText())")
            return false
        }
        state.withLock { _ = $0.stagedFolders.insert(folder) }
        return true
    }

    private func store(_ file: OutputFile) {
        let folder = Self.folder(of: file.path)
        ensureFolder(folder)
        let place = state.withLock { state -> Place? in
            guard state.failure == nil, !state.finished else { return nil }
            state.written.insert(file.path)
            return state.folders[folder]
        }
        guard let place else { return }
        // A page from the page store: linked where it can be, else written from the bytes the
        // store gave.
        var stored: PageStore.Entry?
        if case .link(let entry) = file.store { stored = entry }
        let bytes = stored?.bytes ?? file.bytes
        if place == .output {
            let target = places.inOutput(file.path)
            let existed: Bool
            do throws(FileSystemError) {
                // The stored page's own file (a link to it) is there already.
                if let entry = stored, let found = FileStamp.of(target), found.inode == entry.stamp.inode, found.device == entry.stamp.device {
                    state.withLock { $0.unchanged += 1 }
                    return
                }
                // Unchanged: not touched at all, not even its time (so a page to keep is copied
                // into the store, not linked).
                if try FileSystem.hasContents(bytes, at: target) {
                    state.withLock { $0.unchanged += 1 }
                    if case .keep(let fingerprint, let digest) = file.store {
                        pageStore?.keep(nil, bytes: bytes, fingerprint: fingerprint, digest: digest)
                    }
                    return
                }
                existed = true
            } catch let error where error.errno == EISDIR {
                // Found now, not half-way through the commit.
                fail("\(target) is a folder where the site needs a file")
                return
            } catch {
                // Missing, or not readable: written anew either way.
                existed = FileSystem.kind(of: target) != .missing
            }
            guard stageFolder(folder) else { return }
            state.withLock { state in
                if existed { state.replaced.append(file.path) } else { state.added.append(file.path) }
            }
        }
        let staged = places.inStaged(file.path)
        // A stored page is linked into place; copied only where it cannot be (another file system).
        if let stored, pageStore?.link(stored, to: staged) == true {
            state.withLock { $0.changed += 1 }
            return
        }
        // A file the store holds with the same bytes is linked from there too.
        if case .keep(let fingerprint, let digest) = file.store,
            pageStore?.linkStored(bytes, digest: digest, fingerprint: fingerprint, to: staged) == true
        {
            state.withLock { $0.changed += 1 }
            return
        }
        if let problem = Self.writeFile(staged, bytes: bytes, mode: Self.fileMode, seconds: seconds) {
            fail(problem.replacingOccurrences(of: places.staged, with: places.output))
            return
        }
        if case .keep(let fingerprint, let digest) = file.store {
            pageStore?.keep(staged, bytes: bytes, fingerprint: fingerprint, digest: digest)
        }
        state.withLock { $0.changed += 1 }
    }
}

/// Why the output could not be written: one diagnostic that says where and why, and what
/// state the output is in.
struct WriteFailure: Error {
    let diagnostic: Diagnostic

    init(_ diagnostic: Diagnostic) {
        self.diagnostic = diagnostic
    }
}
