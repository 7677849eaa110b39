internal import Foundation
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The steps of a rebuild's commit, written and flushed to disk beside the output
/// (`OutputPlaces.journal`) before the first of them and removed after the last. While it
/// exists the output may hold part of the previous site and part of the new one (never a
/// temporary or half-written file: every step is a rename of a whole file or folder), and the
/// journal is what puts the previous site back: a commit that fails part-way rolls back at
/// once, and one that was killed is rolled back by the next build before anything else
/// (`OutputWriter.recover`).
///
/// Rolling back, not forward, on recovery: one way back from every interruption (a failed
/// step, a kill, a power cut, a kill during a rollback), whose result, the previous output, is
/// a complete site that was checked; the build that recovers then writes its own site anew.
/// Every step can be undone, and undoing is idempotent: whether a step was made is read from
/// the disk (where its files are now), not from a record that could lag behind.
struct CommitJournal: Codable, Sendable, Equatable {
    enum Action: String, Codable, Sendable {
        /// `new/<path>` (a file, or a new folder with everything in it) moves into the output,
        /// where nothing was.
        case add
        /// The file at `<path>` gets a second name in `old/` (a hard link: readers never miss
        /// it), then `new/<path>` is renamed over it.
        case replace
        /// `<path>` (a file, or a folder with everything in it) moves from the output into `old/`.
        case remove
    }

    struct Step: Codable, Sendable, Equatable {
        var action: Action
        /// Relative to the output folder.
        var path: String
    }

    /// An output folder whose entries the commit changes, with the modification time it had
    /// before: a rollback puts it back, a finished commit sets the build date.
    struct FolderTime: Codable, Sendable, Equatable {
        var path: String
        var seconds: Int
        var nanoseconds: Int
    }

    /// Which step could not be made or undone, and why.
    struct Failure: Error {
        let path: String
        let reason: String
        /// The step that could not be made or undone; nil for the journal itself.
        var action: Action? = nil
    }

    var version = 1
    /// In the order they are made: additions first (a replaced page may link to a new one),
    /// replacements, removals last (an old page may link to a removed one until it is replaced).
    var steps: [Step]
    var folders: [FolderTime]

    // MARK: Making and undoing

    /// Makes every step in order; stops at the first that cannot be made.
    func apply(_ places: OutputPlaces, hook: StepHook?) throws(Failure) {
        for (number, step) in steps.enumerated() {
            hook?.step()
            let target = places.inOutput(step.path)
            let kept = places.kept(step: number)
            switch step.action {
            case .add:
                try Self.move(places.inStaged(step.path), to: target, step)
            case .replace:
                if FileSystem.kind(of: target) == .directory {
                    throw Failure(path: step.path, reason: "a folder is where the new file must go", action: step.action)
                }
                if linkat(AT_FDCWD, target, AT_FDCWD, kept, 0) != 0 {
                    // No hard links on this file system: the old file moves aside first, so
                    // for a moment the page is missing (never half-written).
                    try Self.move(target, to: kept, step)
                }
                try Self.move(places.inStaged(step.path), to: target, step)
            case .remove:
                try Self.move(target, to: kept, step)
            }
        }
    }

    /// Undoes every step that was made, last first, and puts the folders' times back: the
    /// output is the previous site again. Safe to run again after a failure or a kill.
    func rollBack(_ places: OutputPlaces, hook: StepHook?) throws(Failure) {
        for (number, step) in steps.enumerated().reversed() {
            let target = places.inOutput(step.path)
            let staged = places.inStaged(step.path)
            let kept = places.kept(step: number)
            let there = { (path: String) in FileSystem.kind(of: path) != .missing }
            switch step.action {
            case .add:
                // Made if it left the stage; it goes back there, to be removed with the stage.
                if !there(staged), there(target) {
                    hook?.step()
                    try Self.move(target, to: staged, step)
                }
            case .replace:
                // Made if the new file left the stage, half made if the old one was moved
                // aside (no hard links) and nothing is at the path yet.
                if there(kept), !there(staged) || !there(target) {
                    hook?.step()
                    try Self.move(kept, to: target, step)
                }
            case .remove:
                if there(kept), !there(target) {
                    hook?.step()
                    try Self.move(kept, to: target, step)
                }
            }
        }
        for folder in folders {
            OutputWriter.setModificationTime(of: places.inOutput(folder.path), seconds: folder.seconds, nanoseconds: folder.nanoseconds)
        }
    }

    private static func move(_ from: String, to: String, _ step: Step) throws(Failure) {
        guard rename(from, to) == 0 else { throw Failure(path: step.path, reason: OutputWriter.errorText(), action: step.action) }
    }

    // MARK: On disk

    /// Writes the journal where `places` says, durably: first every staged file and the
    /// journal itself reach the disk (so no step can ever put an empty or half-written file
    /// in place after a power cut), then the journal appears under its name, at once. Not
    /// `durable`: nothing is flushed (an output that lives only as long as the process).
    func write(_ places: OutputPlaces, durable: Bool = true) throws(Failure) {
        let bytes: [UInt8]
        do {
            bytes = Array(try JSONEncoder().encode(self))
        } catch {
            throw Failure(path: places.journal, reason: "\(error)")
        }
        let draft = places.stage + "/journal"
        if let problem = OutputWriter.writeFile(draft, bytes: bytes, mode: OutputWriter.fileMode, seconds: nil, durable: durable) {
            throw Failure(path: places.journal, reason: problem)
        }
        if durable { OutputWriter.flushFileSystem(of: places.stage) }
        guard rename(draft, places.journal) == 0 else { throw Failure(path: places.journal, reason: OutputWriter.errorText()) }
        if durable { OutputWriter.flushFolder(places.parent) }
    }

    /// The journal at `path`.
    static func read(_ path: String) throws(Failure) -> CommitJournal {
        do {
            let bytes = try FileSystem.contents(of: path)
            return try JSONDecoder().decode(CommitJournal.self, from: Data(bytes))
        } catch let error as FileSystemError {
            throw Failure(path: path, reason: error.reason)
        } catch {
            throw Failure(path: path, reason: "it is not a journal hush can read")
        }
    }
}
