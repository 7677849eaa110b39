internal import Foundation
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Themed pages kept in the cache folder (`pages.cache`), so that a build into an output
/// that lacks them (a CI job's fresh checkout, a removed public/) copies them instead of
/// theming them again (docs/architecture.md, "The page store").
///
/// The file is the pages' bytes one after another, nothing else. What is where is in the
/// cache file (`BuildCache.Contents.stored`, under the page key the pages were made with):
/// each page fingerprint's place in the file and the SHA-256 of the page's bytes. A page read
/// back is used only when its bytes hash to that digest, so a damaged, truncated, replaced or
/// foreign file costs pages themed again, never a wrong page.
///
/// A build appends the pages it themes. One whose pages use less than half of the file, or
/// that found a page damaged, writes a new file with only its pages and renames it over the
/// old (`Session.finish`); so does one that starts with nothing stored (a new page key:
/// another theme, configuration or hush).
enum PageStore {
    static let fileName = "pages.cache"

    /// Where one page's bytes are in the file.
    struct Place: Sendable, Equatable {
        var offset: Int
        var length: Int
        /// Of the page's bytes.
        var digest: Digest
    }

    /// A file at least this large is made anew once less than half of it is used.
    static let compactionFloor = 4 << 20

    /// The warning for a store in `folder` that gave back `count` pages other than stored.
    static func damaged(_ count: Int, in folder: String) -> Diagnostic {
        let file = folder + "/" + fileName
        return Diagnostic(
            .cacheCorrupt,
            "the page store \(file) is damaged: \(count) \(count == 1 ? "page" : "pages") in it did not read back as stored; they were themed again, and the store is made anew",
            file: file
        )
    }

    /// One build's use of the file: reads the pages stored under its page key (`known`),
    /// appends the pages it themes on a thread of its own, and says at its end where every
    /// page of the site is (`finish`). A session that does not finish is given up
    /// (`abandon`): what it appended is unused, a new file it began is removed.
    final class Session: @unchecked Sendable {
        /// The pages stored under this build's page key when it began.
        let known: [Digest: Place]
        private let path: String
        private let reader: Int32
        /// Appends, one after another; the state below is touched only on it.
        private let queue = DispatchQueue(label: "hush.page-store")
        private var writer: Int32 = -1
        /// A new file begun beside the old (nothing stored was usable), renamed into place by
        /// `finish`.
        private var temporary: String?
        /// Where the next page goes.
        private var end = 0
        private var added: [Digest: Place] = [:]
        private var failed = false
        /// How many stored pages were not what was stored (read from any thread).
        private let damage = Locked(0)
        /// `PageStore.compactionFloor`, or another for a test.
        private let compactAbove: Int

        /// A session on `folder/pages.cache`, whose pages `known` says are stored there.
        init(folder: String, known: [Digest: Place], compactAbove: Int = PageStore.compactionFloor) {
            path = folder + "/" + PageStore.fileName
            reader = open(path, O_RDONLY | O_CLOEXEC)
            self.known = reader >= 0 ? known : [:]
            self.compactAbove = compactAbove
        }

        /// How many pages the file gave back other than they were stored: the file is
        /// damaged (and made anew by `finish`).
        var damaged: Int { damage.withLock { $0 } }

        deinit {
            if reader >= 0 { close(reader) }
        }

        /// Whether the page with this fingerprint may be read from the store.
        func has(_ fingerprint: Digest) -> Bool { known[fingerprint] != nil }

        /// The bytes of the page with this fingerprint, when stored and intact.
        func bytes(of fingerprint: Digest) -> [UInt8]? {
            guard let place = known[fingerprint] else { return nil }
            guard let bytes = Self.read(place, from: reader) else {
                damage.withLock { $0 += 1 }
                return nil
            }
            return bytes
        }

        /// Keeps themed pages for later builds: appended to the file on the session's thread.
        func add(_ pages: [(fingerprint: Digest, bytes: [UInt8])]) {
            guard !pages.isEmpty else { return }
            queue.async { self.append(pages) }
        }

        private func append(_ pages: [(fingerprint: Digest, bytes: [UInt8])]) {
            guard !failed else { return }
            if writer < 0 {
                if known.isEmpty {
                    // Nothing stored is usable: a new file, so the old one's pages do not stay.
                    let name = path + ".\(getpid()).new"
                    writer = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
                    temporary = name
                    end = 0
                } else {
                    writer = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
                    end = writer >= 0 ? Int(lseek(writer, 0, SEEK_END)) : 0
                }
                guard writer >= 0 else {
                    failed = true
                    return
                }
            }
            var batch: [UInt8] = []
            batch.reserveCapacity(pages.reduce(0) { $0 + $1.bytes.count })
            var places: [(Digest, Place)] = []
            var offset = end
            for page in pages {
                places.append((page.fingerprint, Place(offset: offset, length: page.bytes.count, digest: Digest.of(page.bytes))))
                batch.append(contentsOf: page.bytes)
                offset += page.bytes.count
            }
            guard OutputWriter.writeAll(batch, to: writer) else {
                failed = true
                return
            }
            // With O_APPEND, the pages went where the file ended when they were written.
            let written = temporary == nil ? Int(lseek(writer, 0, SEEK_CUR)) - batch.count : end
            if written != end {
                for index in places.indices { places[index].1.offset += written - end }
            }
            end = written + batch.count
            for (fingerprint, place) in places { added[fingerprint] = place }
        }

        /// Ends the session: where each of `live` (the fingerprints of every page of the site)
        /// is stored, for the cache file. The file is made anew with only those when they use
        /// less than half of it.
        func finish(live: [Digest]) -> [Digest: Place] {
            queue.sync {}
            if writer >= 0 { close(writer) }
            writer = -1
            if failed {
                abandonFile()
                let live = Set(live)
                return known.filter { live.contains($0.key) }
            }
            var index: [Digest: Place] = [:]
            index.reserveCapacity(live.count)
            for fingerprint in live {
                if let place = added[fingerprint] ?? (temporary == nil ? known[fingerprint] : nil) { index[fingerprint] = place }
            }
            if let temporary {
                guard rename(temporary, path) == 0 else {
                    abandonFile()
                    return [:]
                }
                return index
            }
            let used = index.values.reduce(0) { $0 + $1.length }
            let size = reader >= 0 ? Int(lseek(reader, 0, SEEK_END)) : 0
            guard damaged > 0 || (size > 2 * used && size > compactAbove) else { return index }
            return compact(index) ?? index
        }

        /// Gives the session up: pages appended stay unused; a new file begun is removed.
        func abandon() {
            queue.sync {}
            if writer >= 0 { close(writer) }
            writer = -1
            abandonFile()
        }

        private func abandonFile() {
            if let temporary { unlink(temporary) }
            temporary = nil
        }

        /// A new file with only the pages of `index`, renamed over the old; nil when it could
        /// not be made (the old file and index stay).
        private func compact(_ index: [Digest: Place]) -> [Digest: Place]? {
            let name = path + ".\(getpid()).new"
            let fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return nil }
            var moved: [Digest: Place] = [:]
            var offset = 0
            var ok = true
            for (fingerprint, place) in index.sorted(by: { $0.value.offset < $1.value.offset }) {
                guard let bytes = Self.read(place, from: reader) else { continue }
                guard OutputWriter.writeAll(bytes, to: fd) else {
                    ok = false
                    break
                }
                moved[fingerprint] = Place(offset: offset, length: place.length, digest: place.digest)
                offset += place.length
            }
            close(fd)
            guard ok, rename(name, path) == 0 else {
                unlink(name)
                return nil
            }
            return moved
        }

        /// The bytes at `place`, when they are there and hash to its digest.
        private static func read(_ place: Place, from fd: Int32) -> [UInt8]? {
            guard fd >= 0, place.offset >= 0, place.length >= 0 else { return nil }
            var complete = true
            let bytes = [UInt8](unsafeUninitializedCapacity: place.length) { buffer, count in
                var done = 0
                while done < place.length {
                    let n = pread(fd, buffer.baseAddress! + done, place.length - done, off_t(place.offset + done))
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { break }
                    done += n
                }
                complete = done == place.length
                count = done
            }
            guard complete, Digest.of(bytes) == place.digest else { return nil }
            return bytes
        }
    }
}
