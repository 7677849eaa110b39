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
/// a cold build's time and cannot be made cheaper, only overlapped, so it runs on two
/// lanes of its own (folders, files) beside the rendering. Nothing becomes visible in the
/// output folder before `commit`:
/// - a first build goes into a new folder beside the output, renamed into place at the end;
/// - a rebuild compares each file with what is there, writes only the changed ones as
///   hidden siblings, and renames them over the old ones at the end, then removes files
///   that are no longer part of the site.
///
/// One lifecycle, one way to fail: `begin` (throws if the output may not be used), then any
/// number of `prepare(foldersOf:)` and `write(_:)`, which never throw (the first failure is
/// remembered and the rest of the work skipped), then either `commit()`, which throws that
/// failure or its own, or `discard()`, which leaves the previous output as it was. Every
/// failure surfaces exactly once, as a `WriteFailure`, from `begin` or `commit`.
///
/// Folders are made with mode 0755 and files with 0644, both under the user's umask, so a
/// web server running as another user can serve them. Every file and folder gets the build
/// date as its modification time.
final class OutputWriter: Sendable {
    /// An empty file that marks a folder as hush's output, so a build never replaces or
    /// prunes a folder it did not make.
    static let marker = ".hush-output"
    static let pendingSuffix = ".hush-pending"
    /// Permission bits before the umask: readable by everyone, writable by the owner.
    static let folderMode: mode_t = 0o755
    static let fileMode: mode_t = 0o644

    private enum Mode {
        /// Everything is written into `staging`, renamed to `output` on commit.
        case fresh(staging: String)
        /// Changed files are written next to their old versions in `output`.
        case update
    }

    /// What the lanes and the caller share. Reachable only through `state.withLock`.
    private struct State {
        /// Folders known to exist, relative to the root ("" is the root).
        var folders: Set<String> = [""]
        /// Folders this build made: removed again by `discard` in update mode.
        var created: [String] = []
        /// Every file of the new site, changed or not.
        var written: Set<String> = []
        /// Files written as `<path>.hush-pending` beside their old versions (update mode).
        var pending: [String] = []
        var changed = 0
        /// The first thing that went wrong; everything after it is skipped.
        var failure: Diagnostic?
        /// Set by `commit` or `discard`: the lanes do nothing more.
        var finished = false
    }

    private let output: String
    private let mode: Mode
    private let seconds: Int
    private let folderLane = DispatchQueue(label: "hush.write.folders")
    private let fileLane = DispatchQueue(label: "hush.write.files")
    private let state = Locked(State())

    private init(output: String, mode: Mode, seconds: Int) {
        self.output = output
        self.mode = mode
        self.seconds = seconds
    }

    /// Checks that `output` may hold the site built from `site` and prepares to write into
    /// it: a new or empty folder, or one an earlier build of hush wrote.
    static func begin(output path: String, site: String, buildDate: Day) throws(WriteFailure) -> OutputWriter {
        if let problem = problem(output: path, site: site) {
            throw WriteFailure(Diagnostic(.outputInsideSite, problem, file: path))
        }
        let output = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let seconds = buildDate.daysSinceEpoch * 86_400
        let (parent, name) = split(output)
        try makeDirectories(parent)
        let mode: Mode
        switch FileSystem.kind(of: output) {
        case .missing:
            mode = .fresh(staging: try makeStagingFolder(parent: parent, prefix: ".\(name).hush-new-"))
        case .directory:
            let entries: [FileSystem.Entry]
            do throws(FileSystemError) {
                entries = try FileSystem.list(output)
            } catch {
                throw WriteFailure(Diagnostic(.outputIO, "cannot read the output folder: \(error.reason); \(error.remedy)", file: output))
            }
            if entries.isEmpty {
                mode = .fresh(staging: try makeStagingFolder(parent: parent, prefix: ".\(name).hush-new-"))
            } else if FileSystem.kind(of: output + "/" + marker) == .file {
                mode = .update
            } else {
                throw WriteFailure(
                    Diagnostic(
                        .outputNotOurs,
                        "\(output) has files that hush did not write, and hush removes files that are not part of the site; give an empty or new folder with --output",
                        file: output
                    )
                )
            }
        case .file, .symlink, .other:
            throw WriteFailure(Diagnostic(.outputNotOurs, "\(output) exists and is not a folder; give another --output", file: output))
        }
        return OutputWriter(output: output, mode: mode, seconds: seconds)
    }

    /// Why `output` may not hold the site, if it may not: it would be read back as content
    /// or as templates on the next build, or it would replace the site itself.
    private static func problem(output: String, site: String) -> String? {
        func absolute(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.path
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

    /// Where files go now: the staging folder of a first build, else the output itself.
    private var root: String {
        switch mode {
        case .fresh(let staging): return staging
        case .update: return output
        }
    }

    /// Creates, in the background, the folders that will hold `paths` (file paths inside the site).
    func prepare(foldersOf paths: [String]) {
        folderLane.async { [self] in
            for path in paths { ensureFolder(of: path) }
        }
    }

    /// Writes files in the background. A failure is kept for `commit`.
    func write(_ files: [OutputFile]) {
        fileLane.async { [self] in
            for file in files { store(file) }
        }
    }

    /// Waits for every write, then makes the new site visible; returns how many files
    /// changed. Throws the first failure of the whole write, after undoing what it could,
    /// so the previous output stays as it was.
    @discardableResult
    func commit() throws(WriteFailure) -> Int {
        drainLanes()
        if state.withLock({ $0.finished }) {
            throw WriteFailure(Diagnostic(.outputIO, "this build's output was already committed or discarded", file: output))
        }
        store(OutputFile(path: Self.marker, bytes: []))
        let done = state.withLock { state -> State in
            state.finished = true
            return state
        }
        if let failure = done.failure {
            undo(done)
            throw WriteFailure(failure)
        }
        switch mode {
        case .fresh(let staging):
            setFolderTimes(staging, folders: done.folders)
            guard rename(staging, output) == 0 else {
                let reason = Self.errorText()
                Self.removeTree(staging)
                throw WriteFailure(Diagnostic(.outputIO, "cannot move the new site into place: \(reason)", file: output))
            }
        case .update:
            for (index, path) in done.pending.enumerated() {
                let target = output + "/" + path
                guard rename(target + Self.pendingSuffix, target) == 0 else {
                    let reason = Self.errorText()
                    for rest in done.pending[index...] { unlink(output + "/" + rest + Self.pendingSuffix) }
                    throw WriteFailure(Diagnostic(.outputIO, "cannot replace \(path): \(reason)", file: output))
                }
            }
            prune(folder: "", keeping: done)
            setFolderTimes(output, folders: done.folders)
        }
        return done.changed
    }

    /// Abandons the build: nothing it wrote stays. Does nothing after `commit` or a first
    /// `discard`, so it is safe in a `defer`.
    func discard() {
        drainLanes()
        let done = state.withLock { state -> State? in
            guard !state.finished else { return nil }
            state.finished = true
            return state
        }
        if let done { undo(done) }
    }

    // MARK: On the lanes

    /// Waits until both lanes have run everything given to them so far.
    private func drainLanes() {
        folderLane.sync {}
        fileLane.sync {}
    }

    /// Keeps the first failure; later ones are consequences of it, or not worth a second line.
    private func fail(_ problem: String, file: String) {
        state.withLock { state in
            if state.failure == nil { state.failure = Diagnostic(.outputIO, problem, file: file) }
        }
    }

    private func ensureFolder(of path: String) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let folder = String(path[..<slash])
        let needed = state.withLock { $0.failure == nil && !$0.finished && !$0.folders.contains(folder) }
        guard needed else { return }
        ensureFolder(of: folder)
        let full = root + "/" + folder
        if mkdir(full, Self.folderMode) == 0 {
            state.withLock { state in
                state.created.append(folder)
                state.folders.insert(folder)
            }
        } else if errno == EEXIST, FileSystem.kind(of: full) == .directory {
            state.withLock { _ = $0.folders.insert(folder) }
        } else if errno == EEXIST {
            fail("\(full) is in the way of a folder the site needs", file: full)
        } else {
            fail("cannot create a folder: \(Self.errorText())", file: full)
        }
    }

    private func store(_ file: OutputFile) {
        ensureFolder(of: file.path)
        let proceed = state.withLock { state -> Bool in
            guard state.failure == nil, !state.finished else { return false }
            state.written.insert(file.path)
            return true
        }
        guard proceed else { return }
        let target = root + "/" + file.path
        let destination: String
        switch mode {
        case .fresh:
            destination = target
        case .update:
            do throws(FileSystemError) {
                if try FileSystem.contents(of: target) == file.bytes {
                    setTime(of: target)
                    return
                }
            } catch let error where error.errno == EISDIR {
                // Found now, not when the renames of `commit` have half replaced the site.
                fail("\(target) is a folder where the site needs a file", file: target)
                return
            } catch {
                // Missing, or not readable: written anew either way.
            }
            destination = target + Self.pendingSuffix
            state.withLock { $0.pending.append(file.path) }
        }
        if let problem = Self.writeFile(destination, bytes: file.bytes, mode: Self.fileMode, seconds: seconds) {
            fail(problem, file: output)
        } else {
            state.withLock { $0.changed += 1 }
        }
    }

    // MARK: After the lanes

    /// Removes what this build wrote: the staging folder, or the pending files and the
    /// folders it made beside the old site.
    private func undo(_ done: State) {
        switch mode {
        case .fresh(let staging):
            Self.removeTree(staging)
        case .update:
            for path in done.pending { unlink(output + "/" + path + Self.pendingSuffix) }
            let deepestFirst = done.created.sorted { $0.split(separator: "/").count > $1.split(separator: "/").count }
            for folder in deepestFirst { rmdir(output + "/" + folder) }
        }
    }

    /// Removes files and folders that are not part of the new site (update mode).
    private func prune(folder: String, keeping done: State) {
        let full = folder.isEmpty ? output : output + "/" + folder
        for entry in (try? FileSystem.list(full)) ?? [] {
            let path = folder.isEmpty ? entry.name : folder + "/" + entry.name
            if entry.kind == .directory {
                if done.folders.contains(path) {
                    prune(folder: path, keeping: done)
                } else {
                    Self.removeTree(full + "/" + entry.name)
                }
            } else if !done.written.contains(path) {
                unlink(full + "/" + entry.name)
            }
        }
    }

    private func setFolderTimes(_ base: String, folders: Set<String>) {
        for folder in folders.sorted(by: >) {
            Self.setTime(of: folder.isEmpty ? base : base + "/" + folder, seconds: seconds)
        }
    }

    private func setTime(of path: String) {
        Self.setTime(of: path, seconds: seconds)
    }
}

/// Why the output could not be written: one diagnostic that says where and why.
struct WriteFailure: Error {
    let diagnostic: Diagnostic

    init(_ diagnostic: Diagnostic) {
        self.diagnostic = diagnostic
    }
}

/// A value reachable only while holding its lock: code that touches it without the lock
/// does not compile.
private final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
