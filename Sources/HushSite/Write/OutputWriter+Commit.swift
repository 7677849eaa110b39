internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Making the staged site visible, undoing a commit that failed, and recovering from one that
/// was killed.
extension OutputWriter {
    /// A first build: the staged site is renamed into place, in one step. Returns what the
    /// output then holds.
    func commitFirstBuild(_ done: State) throws(WriteFailure) -> OutputListing {
        setModificationTimes(done.folders.keys.map(places.inStaged))
        if durable { Self.flushFileSystem(of: places.stage) }
        // Over an empty folder if there is one: rename(2) replaces an empty folder.
        guard rename(places.staged, places.output) == 0 else {
            let reason = Self.errorText()
            Self.removeTree(places.stage)
            throw WriteFailure(
                Diagnostic(.outputIO, "cannot move the new site into place: \(reason); nothing was written", file: places.output)
            )
        }
        if durable { Self.flushFolder(places.parent) }
        Self.removeTree(places.stage)
        return listing(of: done, stamped: [:], changed: Array(done.folders.keys))
    }

    /// A rebuild: the steps that make the output the new site, journaled, then made; rolled
    /// back if one of them fails. Returns how many files and folders it removed, and what the
    /// output then holds. `known`: the last commit's listing, or nil (every folder is listed);
    /// `trusted`: the folders `known` records are as it says, without a look.
    func commitRebuild(
        _ done: State,
        knowing known: OutputListing?,
        trusted: Bool = false
    ) throws(WriteFailure) -> (
        removed: Int, listing: OutputListing
    ) {
        let output = places.output
        func nothingWritten(_ problem: String) -> WriteFailure {
            Self.removeTree(places.stage)
            return WriteFailure(Diagnostic(.outputIO, "\(problem); nothing was written, the previous output is as it was", file: output))
        }
        var removals: [String] = []
        var look: Look
        // Every recorded folder stamped side by side, before any is listed (a trusted output's
        // are as recorded, without a look).
        var stamped: [String: FileStamp?] = [:]
        if !trusted, let known {
            let folders = Array(known.folders.keys)
            let opened = OpenFolder(output)
            let stamps = folders.parallelMap { opened.stamp(ofFolder: $0) }
            stamped.reserveCapacity(folders.count)
            for (folder, stamp) in zip(folders, stamps) { stamped[folder] = stamp }
        }
        // The output is exactly `known` (trusted, or every folder as the last commit left it:
        // the usual rebuild): what is unused is what it has and the new site has not, found
        // without a walk.
        let asKnown = known.map { known in !known.folders.isEmpty && (trusted || known.folders.allSatisfy { stamped[$0.key] == $0.value }) } ?? false
        if asKnown, let known {
            look = Look(stamps: known.folders)
            removals = Self.unused(in: known, of: done)
        } else {
            look = Look(known: known, trusted: trusted)
            look.stamped = stamped
            do throws(FileSystemError) {
                try collectUnused(in: "", of: done, look: &look, into: &removals)
            } catch {
                throw nothingWritten("cannot read a folder of the output: \(error.reason)")
            }
        }
        let newFolders = Array(done.folders.filter { $0.value == .stage }.keys)
        // The new site has the same files and folders as `known`: its listing is `known`'s,
        // with the folders the commit changes stamped again.
        let sameShape = asKnown && removals.isEmpty && done.added.isEmpty && newFolders.isEmpty ? known : nil
        let topmost = newFolders.filter { done.folders[Self.folder(of: $0)] == .output }
        var steps = (topmost + done.added).sorted().map { CommitJournal.Step(action: .add, path: $0) }
        steps += done.replaced.sorted().map { CommitJournal.Step(action: .replace, path: $0) }
        steps += removals.map { CommitJournal.Step(action: .remove, path: $0) }
        guard !steps.isEmpty else {
            // Nothing changed: nothing is touched.
            Self.removeTree(places.stage)
            return (0, listing(of: done, stamped: look.stamps, changed: newFolders, same: sameShape))
        }
        setModificationTimes(newFolders.map(places.inStaged))
        // Where replaced and removed files wait until the commit is done.
        guard mkdir(places.kept, Self.folderMode) == 0 else {
            throw nothingWritten("cannot create a folder beside the output: \(Self.errorText())")
        }
        let changedFolders = Set(steps.map { Self.folder(of: $0.path) }).sorted()
        let journal = CommitJournal(
            steps: steps,
            folders: changedFolders.map { folder in
                let (seconds, nanoseconds) = Self.modificationTime(of: places.inOutput(folder))
                return CommitJournal.FolderTime(path: folder, seconds: seconds, nanoseconds: nanoseconds)
            }
        )
        do throws(CommitJournal.Failure) {
            try journal.write(places, durable: durable)
        } catch {
            throw nothingWritten("cannot write the commit journal \(error.path): \(error.reason)")
        }

        do throws(CommitJournal.Failure) {
            try journal.apply(places, hook: hook)
        } catch {
            let problem = "cannot \(error.action?.rawValue ?? "change") \(error.path) in \(output): \(error.reason)"
            do throws(CommitJournal.Failure) {
                try journal.rollBack(places, hook: hook)
            } catch let undo {
                throw WriteFailure(
                    Diagnostic(
                        .outputIO,
                        "\(problem); undoing the commit failed too (cannot move \(undo.path) back: \(undo.reason)), so the output holds part of the previous site and part of the new one (no temporary or half-written file); the next build puts the previous output back first, from \(places.journal)",
                        file: output
                    )
                )
            }
            finishJournal()
            throw WriteFailure(
                Diagnostic(.outputIO, "\(problem); everything it had changed was put back: the previous output is as it was", file: output)
            )
        }
        setModificationTimes(changedFolders.map(places.inOutput))
        finishJournal()
        return (removals.count, listing(of: done, stamped: look.stamps, changed: newFolders + changedFolders, same: sameShape))
    }

    /// What the output holds after a commit: the new site's files and folders, each folder
    /// with the stamp taken before the commit (`stamped`) unless the commit made or changed it
    /// (`changed`: stamped now); `FileStamp.unknown` for one that could not be stamped.
    /// `same`: a listing of exactly the new site's files and folders, with those stamps.
    private func listing(of done: State, stamped: [String: FileStamp], changed: [String], same: OutputListing? = nil) -> OutputListing {
        if var listing = same {
            for folder in Set(changed) { listing.folders[folder] = FileStamp.ofFolder(OutputPlaces.join(places.output, folder)) ?? FileStamp.unknown }
            return listing
        }
        var listing = OutputListing(files: done.written.sorted())
        let changed = Set(changed)
        let folders = Array(done.folders.keys)
        let output = places.output
        let stamps = folders.parallelMap { folder in
            (changed.contains(folder) ? FileStamp.ofFolder(OutputPlaces.join(output, folder)) : stamped[folder]) ?? FileStamp.unknown
        }
        for (folder, stamp) in zip(folders, stamps) { listing.folders[folder] = stamp }
        return listing
    }

    /// What `collectUnused` knows and learns of the output's folders.
    private struct Look {
        /// The entries of each folder as the last commit left them, and the stamps it had then.
        let entries: [String: [OutputListing.Entry]]
        let recorded: [String: FileStamp]
        /// The recorded folders are as recorded (a private output): not stamped again.
        let trusted: Bool
        /// Each folder's stamp as it was looked at, before its entries were known.
        var stamps: [String: FileStamp] = [:]
        /// Stamps taken ahead, all at once (nil: the folder was not there to stamp).
        var stamped: [String: FileStamp?] = [:]

        init(known: OutputListing?, trusted: Bool) {
            entries = known?.entries() ?? [:]
            recorded = known?.folders ?? [:]
            self.trusted = trusted
        }

        /// What a trusted output's folders are known to be, without a look at any.
        init(stamps: [String: FileStamp]) {
            entries = [:]
            recorded = stamps
            trusted = true
            self.stamps = stamps
        }
    }

    /// `collectUnused` for an output that is as `known` says: the files and folders it lists
    /// that the new site does not have, a folder whole (not what is in it), in path order.
    private static func unused(in known: OutputListing, of done: State) -> [String] {
        var removals = known.folders.keys.filter { folder in
            !folder.isEmpty && done.folders[folder] == nil && done.folders[Self.folder(of: folder)] != nil
        }
        removals += known.files.filter { file in
            !done.written.contains(file) && done.folders[Self.folder(of: file)] != nil
        }
        return removals.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Forgets a commit that is done or undone: its renames reach the disk before the journal
    /// goes, then the stage (with what was replaced or removed) goes too.
    private func finishJournal() {
        if durable { Self.flushFileSystem(of: places.parent) }
        unlink(places.journal)
        Self.removeTree(places.stage)
    }

    /// What the output holds that the new site does not: files the build did not write,
    /// folders it does not use (whole, as one step each). Appended in path order. A folder
    /// whose stamp is the one the last commit recorded holds what that commit left there
    /// (`OutputListing`): only the others are listed.
    private func collectUnused(in folder: String, of done: State, look: inout Look, into removals: inout [String]) throws(FileSystemError) {
        let full = places.inOutput(folder)
        // Stamped before it is listed: a change after the stamp shows as a new stamp next time.
        let stamp = look.trusted ? look.recorded[folder] ?? FileStamp.ofFolder(full) : look.stamped[folder] ?? FileStamp.ofFolder(full)
        if let stamp { look.stamps[folder] = stamp }
        let entries: [OutputListing.Entry]
        if let stamp, look.recorded[folder] == stamp {
            entries = look.entries[folder] ?? []
        } else {
            entries = try FileSystem.list(full).map { OutputListing.Entry(name: $0.name, isFolder: $0.kind == .directory) }
        }
        for entry in entries {
            let path = folder.isEmpty ? entry.name : folder + "/" + entry.name
            if entry.isFolder {
                switch done.folders[path] {
                case .output: try collectUnused(in: path, of: done, look: &look, into: &removals)
                case .stage: break  // made since the build looked; its add step will say so
                case nil: removals.append(path)
                }
            } else if !done.written.contains(path) {
                removals.append(path)
            }
        }
    }

    private func setModificationTimes(_ paths: [String]) {
        for path in paths { Self.setModificationTime(of: path, seconds: seconds) }
    }

    // MARK: Recovery

    /// Puts the previous output back if an earlier build was killed (or lost power) while
    /// committing, and removes what a killed build left beside the output. Run before
    /// anything else by every build that writes, also one that then fails, so the output is
    /// never left mixed. Does nothing, quickly, when there is nothing to do.
    static func recover(output path: String, hook: StepHook? = nil) throws(WriteFailure) {
        let places = OutputPlaces(output: path)
        guard FileSystem.kind(of: places.journal) != .missing || FileSystem.kind(of: places.stage) != .missing else { return }
        let lock = OutputLock(folder: places.parent)
        try recoverHoldingLock(places, hook: hook)
        withExtendedLifetime(lock) {}
    }

    /// `recover`, for a caller that holds the lock.
    static func recoverHoldingLock(_ places: OutputPlaces, hook: StepHook?) throws(WriteFailure) {
        if FileSystem.kind(of: places.journal) != .missing {
            do throws(CommitJournal.Failure) {
                let journal = try CommitJournal.read(places.journal)
                try journal.rollBack(places, hook: hook)
            } catch {
                throw WriteFailure(
                    Diagnostic(
                        .outputIO,
                        "an earlier build was stopped while it replaced files, and putting the previous output back failed (\(error.path): \(error.reason)); the output holds part of the previous site and part of a newer one (no temporary or half-written file); fix the cause and build again, or remove \(places.journal) and \(places.stage) and build again (every file that differs is then replaced)",
                        file: places.output
                    )
                )
            }
            flushFileSystem(of: places.parent)
            unlink(places.journal)
        }
        removeTree(places.stage)
        // Staging folders of earlier versions of hush, left by a killed first build.
        for entry in (try? FileSystem.list(places.parent)) ?? [] where entry.name.hasPrefix(places.legacyStagePrefix) && entry.kind == .directory {
            removeTree(places.parent + "/" + entry.name)
        }
    }
}
