internal import Foundation
package import HushCore

/// The ledger a build adds to front-matter hearts (`--ledger FILE`, `backend.ledger` in
/// hush.yml): a JSON snapshot (`hush backend export`, or the public `GET /hearts.json`), or
/// the backend's SQLite database. The generator reads snapshots itself; a database is read
/// by the command line, which links the ledger's module (the generator links no database),
/// and hands its reader to the pipeline as `BuildRequest.readLedger`.
package enum LedgerFile {
    /// What a ledger file is, told by its first bytes.
    package enum Kind: Sendable, Equatable {
        /// A JSON snapshot: `LedgerSnapshot.read`.
        case snapshot
        /// The backend's database: the 16-byte SQLite header, "SQLite format 3\0".
        case database
    }

    /// Why a ledger cannot be used: its code (`ledger.unreadable` for a file that is not
    /// there or cannot be read, `ledger.corrupt` for one that is not a ledger) and a sentence
    /// that goes on from the file's name ("is not a hush ledger snapshot …; export a new one").
    package struct Failure: Error, Sendable, Equatable {
        package let code: Diagnostic.Code
        package let message: String

        package init(_ code: Diagnostic.Code, _ message: String) {
            self.code = code
            self.message = message
        }
    }

    /// Reads a ledger: the function the pipeline calls for a path, unless the request brings
    /// its own (`BuildRequest.readLedger`).
    package typealias Reader = @Sendable (String) throws(Failure) -> LedgerCounts

    /// The kind of the ledger at `path`, from its first 16 bytes.
    package static func kind(at path: String) throws(Failure) -> Kind {
        kind(of: try bytes(at: path, limit: LedgerSnapshot.databaseHeader.count))
    }

    /// The kind of a ledger from its first bytes: a database starts with SQLite's header;
    /// anything else is read as a snapshot (and is `ledger.corrupt` if it is not one).
    package static func kind(of bytes: some Collection<UInt8>) -> Kind {
        bytes.starts(with: LedgerSnapshot.databaseHeader) ? .database : .snapshot
    }

    /// The counts of the JSON snapshot at `path`.
    package static func readSnapshot(at path: String) throws(Failure) -> LedgerCounts {
        let data = try bytes(at: path, limit: nil)
        do {
            return try LedgerSnapshot.read(data)
        } catch {
            throw Failure(.ledgerCorrupt, error.message)
        }
    }

    /// The reader of a build that has no database reader: snapshots only. A database gets a
    /// `ledger.unreadable` that says what to give instead.
    package static let snapshotsOnly: Reader = { path throws(Failure) in
        switch try kind(at: path) {
        case .snapshot:
            return try readSnapshot(at: path)
        case .database:
            throw Failure(
                .ledgerUnreadable,
                "is the backend's database, which this build cannot open; give a JSON snapshot instead (`hush backend export`, or the backend's /hearts.json)"
            )
        }
    }

    /// The bytes of `path` (the first `limit` of them when given). A link is followed: the
    /// ledger is the publisher's own file, often kept outside the site (`/var/lib/hush/`).
    private static func bytes(at path: String, limit: Int?) throws(Failure) -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw Failure(
                .ledgerUnreadable,
                "does not exist; give the ledger's path (in hush.yml, relative to the site folder), or export one with `hush backend export`"
            )
        }
        guard !isFolder.boolValue else {
            throw Failure(.ledgerUnreadable, "is a folder; give the ledger's file (a JSON snapshot or the backend's database)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(.ledgerUnreadable, "cannot be read; let the user running hush read it (chmod a+r)")
        }
        defer { try? handle.close() }
        do {
            let data = try limit.map { try handle.read(upToCount: $0) } ?? handle.readToEnd()
            return Array(data ?? Data())
        } catch {
            throw Failure(.ledgerUnreadable, "cannot be read (\(error.localizedDescription)); check the file and build again")
        }
    }
}
