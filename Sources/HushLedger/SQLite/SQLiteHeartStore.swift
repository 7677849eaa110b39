internal import Dispatch
internal import Foundation
package import HushCore
internal import Logging
internal import SQLiteNIO

/// The ledger in one SQLite file (docs/backend.md, "Storage"): WAL mode with
/// `synchronous=FULL`, so a commit is on disk (the WAL fsynced) before `add` returns, and
/// neither kill -9 nor a power cut loses an acknowledged heart. The only file that imports
/// SQLiteNIO: its SQL, schema and checks stay here.
///
/// The file says what it is: `PRAGMA application_id` is `HUSH` and `PRAGMA user_version` the
/// schema's version, so another program's database, a newer hush's, or a damaged file is
/// refused with a clear error, never read as an empty ledger.
package final class SQLiteHeartStore: HeartStore {
    /// 0x48555348, "HUSH" in ASCII: the mark of a hush ledger in the database header.
    package static let applicationID: Int = 0x4855_5348

    /// The schema, one step a version: step `n` takes a database from version `n` to `n + 1`.
    /// Moderation (reports, held stories, submissions) appends a step with its tables beside
    /// `hearts`; a database is brought up to date when the backend opens it.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE hearts (
                story_id TEXT NOT NULL,
                day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                count INTEGER NOT NULL CHECK (count > 0),
                PRIMARY KEY (story_id, day)
            ) WITHOUT ROWID
            """
        ],
        moderationSchema,
    ]

    /// The schema version this hush writes and reads.
    package static var schemaVersion: Int { migrations.count }

    /// Rows per INSERT statement (3 variables a row, well under SQLite's limit).
    private static let rowsPerStatement = 5000

    let connection: SQLiteConnection
    /// The path as given, for messages.
    package let path: String

    private init(connection: SQLiteConnection, path: String) {
        self.connection = connection
        self.path = path
    }

    /// Opens (or makes) the ledger at `path` for the backend: checks what the file is, turns
    /// on WAL and full sync, and brings the schema up to date.
    package static func open(path: String) async throws(LedgerError) -> SQLiteHeartStore {
        let result: Result<SQLiteHeartStore, LedgerError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(LedgerError) in try openBlocking(path: path) })
            }
        }
        return try result.get()
    }

    /// The ledger at `path` read without changing it (the database opened read-only), for a
    /// build: readers' hearts by story.
    package static func readCounts(path: String) throws(LedgerError) -> LedgerCounts {
        try checkHeader(path: path, mayBeMissing: false)
        let connection = try connect(path: path, readOnly: true)
        defer { _ = try? connection.close().wait() }
        let version = try inspect(connection, path: path)
        guard version == schemaVersion else {
            throw LedgerError(
                .foreign,
                path: path,
                "this ledger's schema (version \(version)) is older than this hush's; run `hush backend` on it once to bring it up to date"
            )
        }
        var counts = LedgerCounts(
            hearts: try sums(try run(connection, path: path, "SELECT story_id, SUM(count) AS total FROM hearts GROUP BY story_id"), path: path)
        )
        try addModeration(to: &counts, connection, path: path)
        return counts
    }

    // MARK: HeartStore

    package func add(_ batch: [HeartDay: Int]) async throws(LedgerError) {
        let rows = batch.filter { $0.value > 0 }.sorted { ($0.key.storyID, $0.key.day) < ($1.key.storyID, $1.key.day) }
        guard !rows.isEmpty else { return }
        let chunks = stride(from: 0, to: rows.count, by: Self.rowsPerStatement).map { rows[$0..<min($0 + Self.rowsPerStatement, rows.count)] }
        do {
            // One statement is one transaction (autocommit); more need an explicit one.
            if chunks.count > 1 { _ = try await connection.query("BEGIN IMMEDIATE") }
            do {
                for chunk in chunks {
                    let values = Array(repeating: "(?, ?, ?)", count: chunk.count).joined(separator: ", ")
                    var binds: [SQLiteData] = []
                    binds.reserveCapacity(chunk.count * 3)
                    for (key, count) in chunk {
                        binds += [.text(key.storyID), .text(key.day.description), .integer(count)]
                    }
                    _ = try await connection.query(
                        "INSERT INTO hearts (story_id, day, count) VALUES \(values) ON CONFLICT (story_id, day) DO UPDATE SET count = count + excluded.count",
                        binds
                    )
                }
                if chunks.count > 1 { _ = try await connection.query("COMMIT") }
            } catch {
                if chunks.count > 1 { _ = try? await connection.query("ROLLBACK") }
                throw error
            }
        } catch {
            throw Self.ledgerError(error, path: path, doing: "record hearts in")
        }
    }

    package func counts() async throws(LedgerError) -> LedgerCounts {
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query("SELECT story_id, SUM(count) AS total FROM hearts GROUP BY story_id")
        } catch {
            throw Self.ledgerError(error, path: path, doing: "read")
        }
        var counts = LedgerCounts(hearts: try Self.sums(rows, path: path))
        try await addModeration(to: &counts)
        return counts
    }

    package func rows() async throws(LedgerError) -> [HeartRow] {
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query("SELECT story_id, day, count FROM hearts ORDER BY story_id, day")
        } catch {
            throw Self.ledgerError(error, path: path, doing: "read")
        }
        return try rows.map { row throws(LedgerError) in
            guard let id = row.column("story_id")?.string, let text = row.column("day")?.string, let day = Day(iso: text),
                let count = row.column("count")?.integer, count > 0
            else { throw LedgerError(.corrupt, path: path, "holds a row that is not a story, a day and a count; restore the ledger from a backup") }
            return HeartRow(key: HeartDay(storyID: id, day: day), count: count)
        }
    }

    package func close() async {
        // The future, not the async call: that one gives up when the task is cancelled (as at
        // shutdown), and a connection that is never closed loses SQLite's final checkpoint.
        try? await connection.close().get()
    }

    // MARK: Opening

    private static func openBlocking(path: String) throws(LedgerError) -> SQLiteHeartStore {
        try checkHeader(path: path, mayBeMissing: true)
        let connection = try connect(path: path, readOnly: false)
        do throws(LedgerError) {
            let version = try inspect(connection, path: path)
            let mode = try run(connection, path: path, "PRAGMA journal_mode = WAL").first?.column("journal_mode")?.string
            guard mode == "wal" else {
                throw LedgerError(
                    .unavailable,
                    path: path,
                    "SQLite cannot keep this ledger in WAL mode here (it says '\(mode ?? "nothing")'); put it on a local disk"
                )
            }
            _ = try run(connection, path: path, "PRAGMA synchronous = FULL")
            // Another connection (the moderation store, `hush inbox` beside a running backend)
            // may hold the write lock for a moment; wait for it rather than fail.
            _ = try run(connection, path: path, "PRAGMA busy_timeout = 5000")
            // Deleted rows (a rejected submission, a dismissed report) are overwritten with
            // zeros, not left in free pages (docs/moderation.md, "What is kept").
            _ = try run(connection, path: path, "PRAGMA secure_delete = ON")
            for step in version..<schemaVersion {
                _ = try run(connection, path: path, "BEGIN IMMEDIATE")
                do throws(LedgerError) {
                    for statement in migrations[step] { _ = try run(connection, path: path, statement) }
                    _ = try run(connection, path: path, "PRAGMA application_id = \(applicationID)")
                    _ = try run(connection, path: path, "PRAGMA user_version = \(step + 1)")
                    _ = try run(connection, path: path, "COMMIT")
                } catch {
                    _ = try? run(connection, path: path, "ROLLBACK")
                    throw error
                }
            }
            return SQLiteHeartStore(connection: connection, path: path)
        } catch {
            _ = try? connection.close().wait()
            throw error
        }
    }

    /// Refuses a file that is not a SQLite database before SQLite sees it (SQLite would
    /// otherwise take an empty or unrelated file and make a database of it).
    private static func checkHeader(path: String, mayBeMissing: Bool) throws(LedgerError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if mayBeMissing, !FileManager.default.fileExists(atPath: path) { return }
            throw LedgerError(.unavailable, path: path, "cannot be read; check that the file exists and that this user may read it")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: LedgerSnapshot.databaseHeader.count)).map(Array.init) ?? []
        if head.isEmpty, mayBeMissing { return }
        guard head == LedgerSnapshot.databaseHeader else {
            throw LedgerError(
                .notALedger,
                path: path,
                "is not a SQLite database; give the ledger `hush backend` keeps, or a snapshot from `hush backend export`"
            )
        }
    }

    private static func connect(path: String, readOnly: Bool) throws(LedgerError) -> SQLiteConnection {
        var quiet = Logger(label: "hush.ledger")
        quiet.logLevel = .critical
        // SQLiteNIO opens with SQLITE_OPEN_URI: a `file:` URI asks for read-only, and a plain
        // path is made a URI too, so that no character of it is read as a URI parameter.
        let uri = "file:" + percentEncoded(path) + (readOnly ? "?mode=ro" : "")
        do {
            return try SQLiteConnection.open(
                storage: .file(path: uri),
                threadPool: NIOThreadPool.singleton,
                logger: quiet,
                on: MultiThreadedEventLoopGroup.singleton.any()
            ).wait()
        } catch {
            throw LedgerError(.unavailable, path: path, "cannot be opened (\(reason(error))); check the path and its folder's permissions")
        }
    }

    /// Checks the mark, the version and the integrity of an open database; returns its schema
    /// version (0 for a new, empty file).
    private static func inspect(_ connection: SQLiteConnection, path: String) throws(LedgerError) -> Int {
        let application = try run(connection, path: path, "PRAGMA application_id").first?.column("application_id")?.integer ?? 0
        let version = try run(connection, path: path, "PRAGMA user_version").first?.column("user_version")?.integer ?? 0
        let objects = try run(connection, path: path, "SELECT count(*) AS n FROM sqlite_schema").first?.column("n")?.integer ?? 0
        if application == 0, version == 0, objects == 0 { return 0 }
        guard application == applicationID else {
            throw LedgerError(
                .foreign,
                path: path,
                "is a SQLite database of another program, not a hush ledger; give the ledger `hush backend` keeps (--db)"
            )
        }
        guard version <= schemaVersion else {
            throw LedgerError(
                .foreign,
                path: path,
                "is a ledger of a newer hush (schema version \(version), this hush knows \(schemaVersion)); upgrade hush"
            )
        }
        let check = try run(connection, path: path, "PRAGMA quick_check").compactMap { $0.column("quick_check")?.string }
        guard check == ["ok"] else {
            throw LedgerError(.corrupt, path: path, "fails SQLite's integrity check; restore the ledger from a backup (docs/backend.md, Backups)")
        }
        return version
    }

    static func run(_ connection: SQLiteConnection, path: String, _ sql: String) throws(LedgerError) -> [SQLiteRow] {
        do {
            return try connection.query(sql).wait()
        } catch {
            throw ledgerError(error, path: path, doing: "read")
        }
    }

    private static func sums(_ rows: [SQLiteRow], path: String) throws(LedgerError) -> [String: Int] {
        var hearts: [String: Int] = [:]
        for row in rows {
            guard let id = row.column("story_id")?.string, let total = row.column("total")?.integer, total > 0 else {
                throw LedgerError(.corrupt, path: path, "holds a row that is not a story and a count; restore the ledger from a backup")
            }
            hearts[id] = total
        }
        return hearts
    }

    /// A SQLite failure as a ledger error: a damaged file is `corrupt`, anything else `unavailable`.
    static func ledgerError(_ error: any Error, path: String, doing: String) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .corrupt, .notADatabase, .corruptIndex, .corruptSequenceSchema, .corruptVirtualTable:
                return LedgerError(.corrupt, path: path, "is damaged (SQLite: \(sqlite.message)); restore the ledger from a backup")
            default:
                return LedgerError(.unavailable, path: path, "cannot \(doing) it (SQLite: \(sqlite.message))")
            }
        }
        return LedgerError(.unavailable, path: path, "cannot \(doing) it (\(reason(error)))")
    }

    private static func reason(_ error: any Error) -> String {
        (error as? SQLiteError)?.message ?? String(describing: error)
    }

    private static func percentEncoded(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
