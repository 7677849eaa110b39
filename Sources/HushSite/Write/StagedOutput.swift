package import HushCore
package import HushGuard
internal import Dispatch
internal import Foundation

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
/// A build with errors calls `discard` and leaves the previous output untouched. Every file
/// and folder gets the build date as its modification time.
final class StagedOutput: @unchecked Sendable {
    /// An empty file that marks a folder as hush's output, so a build never replaces or
    /// prunes a folder it did not make.
    static let marker = ".hush-output"
    private static let pendingSuffix = ".hush-pending"

    private enum Mode {
        /// Everything is written into `staging`, renamed to `output` on commit.
        case fresh(staging: String)
        /// Changed files are written next to their old versions in `output`.
        case update
    }

    /// What the lanes share; only touched under `lock`.
    private struct State {
        var folders: Set<String> = [""]
        /// Folders this build made: removed again by `discard` in update mode.
        var created: [String] = []
        var written: Set<String> = []
        var pending: [String] = []
        var changed = 0
        var failure: Diagnostic?
    }

    private let output: String
    private let mode: Mode
    private let seconds: Int
    private let folderLane = DispatchQueue(label: "hush.write.folders")
    private let fileLane = DispatchQueue(label: "hush.write.files")
    private let lock = NSLock()
    private var state = State()

    /// Checks the output folder and prepares to write into it.
    init(output path: String, buildDate: Day) throws(WriteFailure) {
        let output = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.output = output
        self.seconds = buildDate.daysSinceEpoch * 86_400
        let (parent, name) = Self.split(output)
        try Self.makeDirectories(parent)
        switch FileSystem.kind(of: output) {
        case .missing:
            mode = .fresh(staging: try Self.makeTemporaryDirectory(parent: parent, prefix: ".\(name).hush-new-"))
        case .directory:
            let entries = FileSystem.list(output) ?? []
            if entries.isEmpty {
                mode = .fresh(staging: try Self.makeTemporaryDirectory(parent: parent, prefix: ".\(name).hush-new-"))
            } else if FileSystem.kind(of: output + "/" + Self.marker) == .file {
                mode = .update
            } else {
                throw WriteFailure(
                    .error(
                        "output.not-ours",
                        "\(output) has files that hush did not write, and hush removes files that are not part of the site; give an empty or new folder with --output",
                        file: output
                    )
                )
            }
        case .file, .symlink, .other:
            throw WriteFailure(.error("output.not-ours", "\(output) exists and is not a folder; give another --output", file: output))
        }
    }

    /// Why `output` may not hold the site, if it may not: it would be read back as content
    /// or as templates on the next build, or it would replace the site itself.
    static func problem(output: String, site: String) -> String? {
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

    private var root: String {
        switch mode {
        case .fresh(let staging): return staging
        case .update: return output
        }
    }

    /// Creates the folders that will hold `paths` (file paths inside the site), in the background.
    func prepareFolders(for paths: [String]) {
        folderLane.async { [self] in
            for path in paths { ensureFolder(of: path) }
        }
    }

    /// Writes files in the background.
    func write(_ files: [OutputFile]) {
        fileLane.async { [self] in
            for file in files { store(file) }
        }
    }

    /// Waits for every write, then makes the new site visible. Returns the number of files
    /// that changed, or the reason it failed (after undoing what it could).
    func commit() -> Result<Int, WriteFailure> {
        folderLane.sync {}
        fileLane.sync {}
        if state.failure == nil { store(OutputFile(path: Self.marker, bytes: [])) }
        if let failure = state.failure {
            discard()
            return .failure(WriteFailure(failure))
        }
        switch mode {
        case .fresh(let staging):
            setFolderTimes(staging)
            guard rename(staging, output) == 0 else {
                let reason = Self.errorText()
                Self.removeTree(staging)
                return .failure(WriteFailure(.error("output.io", "cannot move the new site into place: \(reason)", file: output)))
            }
        case .update:
            for path in state.pending {
                let target = output + "/" + path
                guard rename(target + Self.pendingSuffix, target) == 0 else {
                    return .failure(WriteFailure(.error("output.io", "cannot replace \(path): \(Self.errorText())", file: output)))
                }
            }
            prune(folder: "")
            setFolderTimes(output)
        }
        return .success(state.changed)
    }

    /// Abandons the build: nothing it wrote stays.
    func discard() {
        folderLane.sync {}
        fileLane.sync {}
        switch mode {
        case .fresh(let staging):
            Self.removeTree(staging)
        case .update:
            for path in state.pending { unlink(output + "/" + path + Self.pendingSuffix) }
            let deepestFirst = state.created.sorted { $0.split(separator: "/").count > $1.split(separator: "/").count }
            for folder in deepestFirst { rmdir(output + "/" + folder) }
        }
        state.pending.removeAll()
    }

    // MARK: On the lanes

    private func ensureFolder(of path: String) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let folder = String(path[..<slash])
        let known = lock.withLock { state.failure != nil || state.folders.contains(folder) }
        guard !known else { return }
        ensureFolder(of: folder)
        let full = root + "/" + folder
        if mkdir(full, 0o755) == 0 {
            lock.withLock {
                state.created.append(folder)
                state.folders.insert(folder)
            }
        } else if errno == EEXIST, FileSystem.kind(of: full) == .directory {
            lock.withLock { _ = state.folders.insert(folder) }
        } else {
            let problem = errno == EEXIST ? "\(full) is in the way of a folder the site needs" : "cannot create a folder: \(Self.errorText())"
            lock.withLock { state.failure = state.failure ?? .error("output.io", problem, file: full) }
        }
    }

    private func store(_ file: OutputFile) {
        ensureFolder(of: file.path)
        let target = root + "/" + file.path
        let proceed = lock.withLock { () -> Bool in
            state.written.insert(file.path)
            return state.failure == nil
        }
        guard proceed else { return }
        let destination: String
        switch mode {
        case .fresh:
            destination = target
        case .update:
            if let old = FileSystem.contents(of: target), old == file.bytes {
                setTime(of: target)
                return
            }
            destination = target + Self.pendingSuffix
        }
        let problem = Self.writeFile(destination, bytes: file.bytes, seconds: seconds)
        lock.withLock {
            if case .update = mode { state.pending.append(file.path) }
            state.changed += 1
            if let problem { state.failure = state.failure ?? .error("output.io", problem, file: output) }
        }
    }

    /// Removes files and folders that are not part of the new site (update mode).
    /// Returns true when the folder is now empty.
    @discardableResult
    private func prune(folder: String) -> Bool {
        let full = folder.isEmpty ? output : output + "/" + folder
        var empty = true
        for entry in FileSystem.list(full) ?? [] {
            let path = folder.isEmpty ? entry.name : folder + "/" + entry.name
            if entry.kind == .directory {
                if state.folders.contains(path) {
                    prune(folder: path)
                    empty = false
                } else {
                    Self.removeTree(full + "/" + entry.name)
                }
            } else if state.written.contains(path) {
                empty = false
            } else {
                unlink(full + "/" + entry.name)
            }
        }
        return empty
    }

    private func setFolderTimes(_ base: String) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        for folder in state.folders.sorted(by: >) {
            _ = utimensat(AT_FDCWD, folder.isEmpty ? base : base + "/" + folder, &times, 0)
        }
    }

    private func setTime(of path: String) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW)
    }

    // MARK: File system

    /// Nil on success, else why not.
    private static func writeFile(_ path: String, bytes: [UInt8], seconds: Int) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "cannot create \(path): \(errorText())" }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return posixWrite(fd, base + done, buffer.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return "cannot write \(path): \(errorText())"
            }
            done += n
        }
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        _ = futimens(fd, &times)
        return nil
    }

    private static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    private static func makeDirectories(_ path: String) throws(WriteFailure) {
        if FileSystem.kind(of: path) == .directory { return }
        let (parent, _) = split(path)
        if parent != path { try makeDirectories(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw WriteFailure(.error("output.io", "cannot create the folder: \(errorText())", file: path))
        }
    }

    private static func makeTemporaryDirectory(parent: String, prefix: String) throws(WriteFailure) -> String {
        var template = Array((parent + "/" + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else {
            throw WriteFailure(.error("output.io", "cannot create a folder beside the output: \(errorText())", file: parent))
        }
        return made
    }

    /// Removes a folder and everything in it, never following links.
    static func removeTree(_ path: String) {
        guard FileSystem.kind(of: path) == .directory else {
            unlink(path)
            return
        }
        for entry in FileSystem.list(path) ?? [] {
            let child = path + "/" + entry.name
            if entry.kind == .directory { removeTree(child) } else { unlink(child) }
        }
        rmdir(path)
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// `write(2)`, named apart from `StagedOutput.write(_:)`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Why the output could not be written: one diagnostic that says where and why.
struct WriteFailure: Error {
    let diagnostic: Diagnostic

    init(_ diagnostic: Diagnostic) {
        self.diagnostic = diagnostic
    }
}
