internal import Foundation
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files a build writes (its themed pages, search index, feeds and assets) kept in the
/// cache folder (`pages/`), so that a build into an output that lacks them (a CI job's fresh
/// checkout, a removed public/) links them into place instead of theming and writing them
/// again (docs/architecture.md, "The page store").
///
/// Each is a file named by the SHA-256 of its bytes (`pages/3f/a9c1…`), and is the same file
/// as the output's: a hard link, made when the writer writes it, so the store costs no disk
/// space of its own and a file taken from it costs a link, not a new file (no new inode). Which
/// page is which is in the cache file (`BuildCache.Contents.stored`, under the page key the
/// files were made with): each page fingerprint's digest, and each other file's digest under
/// itself. A page is linked only when its file's bytes hash to its name, so a damaged,
/// truncated, replaced or foreign file costs pages themed again, never a wrong page; another
/// file, only when its bytes are the ones the build made.
///
/// The store holds the files of the last build's site. A file the site no longer has is
/// removed from it, unless an output still has the file (another link to it): its link in the
/// store then stays until a build that starts the store anew (a new page key: another theme,
/// configuration, build date or hush) sweeps the folder.
enum PageStore {
    static let folderName = "pages"

    /// A stored page found intact: the digest of its bytes (its file's name), its file's stamp
    /// and its bytes as they were read (for a copy where a link cannot be made, or the file is
    /// gone by then: another build sharing the store removed it).
    struct Entry: Sendable {
        var digest: Digest
        var stamp: FileStamp
        var bytes: [UInt8]
    }

    /// What the writer does with a page and the store (`OutputFile.store`).
    enum Use: Sendable {
        /// Themed by this build, with the digest of its bytes: kept in the store.
        case keep(fingerprint: Digest, digest: Digest)
        /// Taken from the store, where it is intact: linked into place, not written.
        case link(Entry)

        /// A file other than a page, kept under its own digest.
        static func keep(_ digest: Digest) -> Use { .keep(fingerprint: digest, digest: digest) }
    }

    /// The warning for a store in `folder` that gave back `count` pages other than stored.
    static func damaged(_ count: Int, in folder: String) -> Diagnostic {
        let store = folder + "/" + folderName
        return Diagnostic(
            .cacheCorrupt,
            "the page store \(store)/ is damaged: \(count) \(count == 1 ? "page" : "pages") in it did not read back as stored; \(count == 1 ? "it was" : "they were") themed again and stored anew (the store's files are the output's: change an output by writing new files, not in place)",
            file: store
        )
    }

    /// One build's use of the store: which pages of those stored under its page key (`known`)
    /// are intact (`intact`, from the theme stage), the writer's links to and from the store
    /// (`link`, `keep`), and at its end which pages of the site are stored (`finish`), the
    /// others removed. A session that does not finish is given up (`abandon`): what it
    /// stored is removed.
    final class Session: Sendable {
        /// The pages stored under this build's page key when it began: each one's digest, by
        /// page fingerprint.
        let known: [Digest: Digest]
        /// The folder of the pages.
        let folder: String
        /// Midnight UTC of the build date: the modification time of every page file written
        /// (`OutputWriter.seconds`), so of every page in the store.
        let seconds: Int
        /// The store is begun anew (under a new page key): `finish` sweeps it.
        private let anew: Bool
        private struct State {
            /// Stored by this build: digests by fingerprint.
            var added: [Digest: Digest] = [:]
            /// Digests of the files this build put into the store (not found there).
            var created: Set<Digest> = []
            /// Known pages whose file is missing or damaged.
            var lost: Set<Digest> = []
            var damaged = 0
            var folders: Set<String> = []
        }
        private let state = Locked(State())

        /// A session on the store in the cache folder `cacheFolder`, whose pages `known` says
        /// are stored there; `seconds`: the build date's midnight; `anew`: the pages stored
        /// were made under another page key, and none is known.
        init(cacheFolder: String, known: [Digest: Digest], seconds: Int, anew: Bool) {
            folder = cacheFolder + "/" + PageStore.folderName
            self.known = known
            self.seconds = seconds
            self.anew = anew
        }

        /// How many stored pages were not what was stored.
        var damaged: Int { state.withLock { $0.damaged } }

        /// Whether a page with this fingerprint is stored.
        func has(_ fingerprint: Digest) -> Bool { known[fingerprint] != nil }

        /// The stored file of the page whose bytes hash to `digest`.
        func path(of digest: Digest) -> String {
            let hex = digest.hex
            return folder + "/" + hex.prefix(2) + "/" + hex.dropFirst(2)
        }

        /// The page with this fingerprint, when it is stored and its file's bytes hash to its
        /// digest; its time is set to the build date's (as a written page's is) if it has
        /// another (a cache restored without times). A file that is not is removed (and counted
        /// as damage unless an output has it too).
        func intact(_ fingerprint: Digest) -> Entry? {
            guard let digest = known[fingerprint] else { return nil }
            let path = path(of: digest)
            let bytes: [UInt8]
            var stamp: FileStamp
            do throws(FileSystemError) {
                (bytes, stamp) = try FileStamp.read(path)
            } catch {
                state.withLock { state in
                    state.lost.insert(fingerprint)
                    if error.errno != ENOENT { state.damaged += 1 }
                }
                return nil
            }
            guard Digest.of(bytes) == digest else {
                // Changed through another of its names (an output's file changed in place) is
                // the output's business, made good like any changed output file; the store's
                // own file changed is damage.
                var info = stat()
                let shared = lstat(path, &info) == 0 && info.st_nlink > 1
                unlink(path)
                state.withLock { state in
                    state.lost.insert(fingerprint)
                    if !shared { state.damaged += 1 }
                }
                return nil
            }
            if stamp.modifiedSeconds != seconds || stamp.modifiedNanoseconds != 0 {
                OutputWriter.setModificationTime(of: path, seconds: seconds)
                stamp = FileStamp.of(path) ?? stamp
            }
            return Entry(digest: digest, stamp: stamp, bytes: bytes)
        }

        /// Puts the stored page `entry` at `target` (a new name: a hard link); false when it
        /// cannot be linked there (another file system, or the file is gone), and the caller
        /// writes its bytes.
        func link(_ entry: Entry, to target: String) -> Bool {
            hardLink(path(of: entry.digest), target)
        }

        /// Puts a file this build made (`bytes`, hashing to `digest`) at `target` as a link to
        /// the store's file with the same bytes, when the store has one: no file written. It
        /// is then stored under `fingerprint` (`keep`).
        func linkStored(_ bytes: [UInt8], digest: Digest, fingerprint: Digest, to target: String) -> Bool {
            guard holds(bytes, digest: digest), hardLink(path(of: digest), target) else { return false }
            state.withLock { $0.added[fingerprint] = digest }
            return true
        }

        /// Keeps a file this build made (`bytes`, hashing to `digest`) under `fingerprint` (a
        /// page's, or for any other file its digest): the file just written at `file` linked
        /// into the store, or, without one (the output already had it, and its file is not to
        /// be touched), a copy. A file the store already holds is kept as it is. One that
        /// cannot be stored is simply not: the store is a cache.
        func keep(_ file: String?, bytes: [UInt8], fingerprint: Digest, digest: Digest) {
            let path = path(of: digest)
            let (parent, _) = OutputWriter.split(path)
            if !state.withLock({ $0.folders.contains(parent) }) {
                _ = mkdir(folder, OutputWriter.folderMode)
                _ = mkdir(parent, OutputWriter.folderMode)
                state.withLock { _ = $0.folders.insert(parent) }
            }
            var created = true
            if let file, hardLink(file, path) {
                // Linked: the written file is the stored one.
            } else if holds(bytes, digest: digest) {
                created = false
            } else {
                // Damaged, of another day, or not there (a link across file systems, or no
                // file to link): a new one, put in place whole.
                let temporary = path + ".\(getpid()).\(UInt64.random(in: 0...UInt64.max))"
                let made =
                    (file.map { hardLink($0, temporary) } ?? false)
                    || OutputWriter.writeFile(temporary, bytes: bytes, mode: OutputWriter.fileMode, seconds: seconds) == nil
                guard made, rename(temporary, path) == 0 else {
                    unlink(temporary)
                    return
                }
            }
            state.withLock { state in
                state.added[fingerprint] = digest
                if created { state.created.insert(digest) }
            }
        }

        /// Whether the store's file for `digest` holds `bytes` and has the build date's time,
        /// as a file written by this build would.
        private func holds(_ bytes: [UInt8], digest: Digest) -> Bool {
            let path = path(of: digest)
            guard let stamp = FileStamp.of(path), stamp.size == bytes.count, stamp.modifiedSeconds == seconds, stamp.modifiedNanoseconds == 0 else {
                return false
            }
            return (try? FileSystem.hasContents(bytes, at: path)) == true
        }

        /// Ends the session: which of `live` (the fingerprints of every page of the site, and
        /// the digests of its other files) are stored, for the cache file. Files stored before
        /// and no longer live are removed, unless an output still has their file; a store begun
        /// anew is swept of every file it does not hold.
        func finish(live: [Digest]) -> [Digest: Digest] {
            let state = state.withLock { $0 }
            var index: [Digest: Digest] = [:]
            index.reserveCapacity(live.count)
            for fingerprint in live {
                if let digest = state.added[fingerprint] {
                    index[fingerprint] = digest
                } else if !state.lost.contains(fingerprint), let digest = known[fingerprint] {
                    index[fingerprint] = digest
                }
            }
            let kept = Set(index.values)
            var gone = Set(known.values).union(state.added.values)
            gone.subtract(kept)
            for digest in gone { Self.removeUnlinked(path(of: digest)) }
            if anew { sweep(keeping: kept) }
            return index
        }

        /// Gives the session up: the pages it put into the store are removed.
        func abandon() {
            let created = state.withLock { $0.created }
            for digest in created { unlink(path(of: digest)) }
        }

        /// Removes every file of the store but those of `kept` and those an output still has.
        private func sweep(keeping kept: Set<Digest>) {
            guard let groups = try? FileSystem.list(folder) else { return }
            let names = Set(kept.map(\.hex))
            for group in groups where group.kind == .directory {
                let parent = folder + "/" + group.name
                for entry in (try? FileSystem.list(parent)) ?? [] where !names.contains(group.name + entry.name) {
                    Self.removeUnlinked(parent + "/" + entry.name)
                }
            }
        }

        /// Removes the file at `path` unless another name links to it (an output's page).
        private static func removeUnlinked(_ path: String) {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_nlink <= 1 else { return }
            unlink(path)
        }
    }
}

/// `link(2)`, named apart from `PageStore.Session.link(_:to:)`.
private func hardLink(_ existing: String, _ new: String) -> Bool {
    link(existing, new) == 0
}
