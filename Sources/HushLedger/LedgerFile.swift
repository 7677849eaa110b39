internal import Foundation
package import HushCore

/// A ledger file for a build (`hush build --ledger FILE`, `ledger:` in hush.yml): the
/// backend's SQLite database, opened read-only, or a JSON snapshot (`hush backend export`,
/// or a saved `GET /hearts.json`). Which one is told by the file's first bytes, not its name.
package enum LedgerFile {
    /// The ledger's counts. A file that is neither, or is damaged, is an error, never an
    /// empty ledger: a build must not silently drop every reader's hearts.
    package static func read(at path: String) throws(LedgerError) -> LedgerCounts {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError(.unavailable, path: path, "cannot be read; check that the file exists and that this user may read it")
        }
        let head = (try? handle.read(upToCount: SQLiteHeartStore.magic.count)).map(Array.init) ?? []
        try? handle.close()
        if head == SQLiteHeartStore.magic {
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
}
