internal import Dispatch
internal import Foundation
package import HushCore
internal import NIOConcurrencyHelpers

/// A ledger file for a build (`hush build --ledger FILE`, `ledger:` in hush.yml): the
/// backend's SQLite database, opened read-only, or a JSON snapshot (`hush backend export`,
/// or a saved `GET /hearts.json`). Which one is told by the file's first bytes, not its name.
/// A `postgres://` URL instead of a path reads the backend's PostgreSQL ledger (only reads).
package enum LedgerFile {
    /// The ledger's counts. A file that is neither, or is damaged, is an error, never an
    /// empty ledger: a build must not silently drop every reader's hearts.
    package static func read(at path: String) throws(LedgerError) -> LedgerCounts {
        if PostgresLocation.isURL(path) {
            return try waitFor { () throws(LedgerError) in try await PostgresHeartStore.readCounts(url: path) }
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError(.unavailable, path: path, "cannot be read; check that the file exists and that this user may read it")
        }
        let head = (try? handle.read(upToCount: LedgerSnapshot.databaseHeader.count)).map(Array.init) ?? []
        try? handle.close()
        if head == LedgerSnapshot.databaseHeader {
            return try SQLiteHeartStore.readCounts(path: path)
        }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw LedgerError(.unavailable, path: path, "cannot be read; check that the file exists and that this user may read it")
        }
        do {
            return try LedgerSnapshot.read(bytes)
        } catch {
            throw LedgerError(head.isEmpty ? .notALedger : .corrupt, path: path, error.message)
        }
    }

    /// Runs `work` and waits for it: `read` is called from the command line's synchronous
    /// code, never from a task of Swift's concurrency pool (it blocks the calling thread).
    private static func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws(LedgerError) -> T) throws(LedgerError) -> T {
        let result = NIOLockedValueBox<Result<T, LedgerError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let outcome: Result<T, LedgerError>
            do throws(LedgerError) {
                outcome = .success(try await work())
            } catch {
                outcome = .failure(error)
            }
            result.withLockedValue { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLockedValue { $0 }!.get()
    }
}
