internal import Foundation
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output folder and what hush keeps beside it while writing, all in the same folder so
/// on the same file system, where a rename is atomic:
///
/// ```
/// public/                     the output: served as it is, never holds a temporary file
/// .public.hush-stage/new/     what this build writes: new and changed files, new folders whole
/// .public.hush-stage/old/     what a commit replaced or removed (one name a step), until it is done
/// .public.hush-journal        the steps of a commit under way (`CommitJournal`)
/// ```
struct OutputPlaces: Sendable {
    /// The output folder, absolute.
    let output: String
    /// The folder that holds it.
    let parent: String
    /// `.<name>.hush-stage`, beside the output.
    let stage: String
    /// `.<name>.hush-journal`, beside the output: present only while a commit is under way.
    let journal: String
    /// The prefix of the staging folders of hush before the journal (`.<name>.hush-new-XXXXXXXX`),
    /// removed if a killed build left one.
    let legacyStagePrefix: String

    init(output path: String) {
        output = Self.normalized(path)
        let (parent, name) = OutputWriter.split(output)
        self.parent = parent
        let base = parent == "/" ? "" : parent
        stage = base + "/." + name + ".hush-stage"
        journal = base + "/." + name + ".hush-journal"
        legacyStagePrefix = "." + name + ".hush-new-"
    }

    /// `path` made absolute, with its `.` and empty parts dropped and each `..` taking the part
    /// before it away: `--output NEW/.`, `NEW/`, `./NEW` and `x/../NEW` are all one folder,
    /// so the stage and the journal are beside it, never inside it.
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Where this build's files go before the commit: a mirror of the output's paths.
    var staged: String { stage + "/new" }
    /// Where a commit keeps what it replaced or removed until it is done: `old/<n>` for its
    /// step number n (flat: no folders to make first).
    var kept: String { stage + "/old" }

    /// `base/relative`, the base itself for "".
    static func join(_ base: String, _ relative: String) -> String {
        relative.isEmpty ? base : base + "/" + relative
    }

    func inOutput(_ relative: String) -> String { Self.join(output, relative) }
    func inStaged(_ relative: String) -> String { Self.join(staged, relative) }
    func kept(step number: Int) -> String { kept + "/" + String(number) }
}

/// An exclusive `flock` on the folder that holds the output, held from `OutputWriter.begin`
/// to the end of `commit` or `discard`: two builds into one output (a `hush serve` rebuild
/// and a `hush build`) take turns, so one never rolls back or removes another's work under
/// way. Released when the value goes away, and by the system when the process dies.
final class OutputLock: Sendable {
    private let descriptor: Int32

    /// Waits for the lock; nil where the folder cannot be opened to lock it (writing does not
    /// depend on the lock, only builds running at once do).
    init?(folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            close(fd)
            return nil
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}
