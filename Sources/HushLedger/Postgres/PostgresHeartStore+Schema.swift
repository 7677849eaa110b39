internal import HushCore
internal import Logging
internal import PostgresNIO

/// The ledger's tables in PostgreSQL, and the checks that a database holds them and nothing
/// hush does not know, the way `SQLiteHeartStore` checks its file's `application_id` and
/// `user_version`.
///
/// `hush_ledger` is the mark: one row, `('hush', version)`. A database (its current schema)
/// whose tables are not hush's is refused, as is one whose mark is missing, repeated or newer
/// than this hush, or whose tables lack a column hush reads. The salt and reader keys are
/// UNLOGGED tables: PostgreSQL writes them to no WAL, so no WAL archive, replica or base
/// backup ever holds them, and a server crash empties them (a new salt for the rest of the day).
extension PostgresHeartStore {
    /// The schema, one step a version: step `n` takes a database from version `n` to `n + 1`.
    static let migrations: [[String]] = [
        [
            "CREATE TABLE hush_ledger (application text NOT NULL CHECK (application = 'hush'), version integer NOT NULL)",
            """
            CREATE TABLE hush_hearts (
                story_id text NOT NULL,
                day date NOT NULL,
                count bigint NOT NULL CHECK (count > 0),
                PRIMARY KEY (story_id, day)
            )
            """,
            "CREATE UNLOGGED TABLE hush_salt (day date PRIMARY KEY, salt bytea NOT NULL CHECK (octet_length(salt) = 32))",
            """
            CREATE UNLOGGED TABLE hush_reader_keys (
                day date NOT NULL REFERENCES hush_salt (day) ON DELETE CASCADE,
                key bytea NOT NULL CHECK (octet_length(key) = 16),
                PRIMARY KEY (day, key)
            )
            """,
            "INSERT INTO hush_ledger (application, version) VALUES ('hush', 0)",
        ]
    ]

    /// The schema version this hush writes and reads.
    static var schemaVersion: Int { migrations.count }

    /// Every column hush reads, by table, with its type as `information_schema` names it.
    static let expectedColumns: [String: [String: String]] = [
        "hush_ledger": ["application": "text", "version": "integer"],
        "hush_hearts": ["story_id": "text", "day": "date", "count": "bigint"],
        "hush_salt": ["day": "date", "salt": "bytea"],
        "hush_reader_keys": ["day": "date", "key": "bytea"],
    ]

    /// A number of hush's own for `pg_advisory_xact_lock` ("HUSH"): two processes starting at
    /// once make the schema one after the other, and one process makes the day's salt at a time.
    static let lockID = 0x4855_5348

    /// Checks the database and brings its schema up to date, in one transaction under the lock.
    static func prepareSchema(_ connection: PostgresConnection, location: PostgresLocation, logger: Logger) async throws(LedgerError) {
        do {
            try await connection.query("BEGIN", logger: logger)
            do {
                try await connection.query("SELECT pg_advisory_xact_lock(\(lockID))", logger: logger)
                let version = try await inspect(connection, location: location, logger: logger)
                for step in version..<schemaVersion {
                    for statement in migrations[step] { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                    try await connection.query("UPDATE hush_ledger SET version = \(step + 1)", logger: logger)
                }
                if version < schemaVersion { try await checkColumns(connection, location: location, logger: logger) }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        } catch {
            throw ledgerError(error, location: location, doing: "set up the ledger in")
        }
    }

    /// The schema version of the database's hush ledger; 0 when its schema holds no table at
    /// all. Refuses anything else hush did not make.
    static func inspect(_ connection: PostgresConnection, location: PostgresLocation, logger: Logger) async throws(LedgerError) -> Int {
        let tables: [String]
        do {
            tables = try await connection.query(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
                logger: logger
            ).collect().map { try $0.decode(String.self) }
        } catch {
            throw ledgerError(error, location: location, doing: "read")
        }
        if tables.isEmpty { return 0 }
        guard tables.contains("hush_ledger") else {
            let shown = tables.prefix(3).joined(separator: ", ") + (tables.count > 3 ? ", …" : "")
            throw LedgerError(
                .foreign,
                path: location.display,
                "holds tables of another program (\(shown)), not a hush ledger; give hush a database of its own (createdb)"
            )
        }
        let marks: [(String, Int)]
        do {
            marks = try await connection.query("SELECT application, version FROM hush_ledger", logger: logger).collect().map {
                try $0.decode((String, Int).self)
            }
        } catch {
            throw LedgerError(.corrupt, path: location.display, "has a hush_ledger table hush cannot read; restore the ledger from a backup")
        }
        guard marks.count == 1, let (application, version) = marks.first, application == "hush", version >= 1 else {
            throw LedgerError(
                .corrupt,
                path: location.display,
                "has a damaged hush_ledger mark (one row, 'hush' and a version); restore the ledger from a backup"
            )
        }
        guard version <= schemaVersion else {
            throw LedgerError(
                .foreign,
                path: location.display,
                "is a ledger of a newer hush (schema version \(version), this hush knows \(schemaVersion)); upgrade hush"
            )
        }
        let unknown = tables.filter { !expectedColumns.keys.contains($0) }
        guard unknown.isEmpty else {
            throw LedgerError(
                .foreign,
                path: location.display,
                "holds tables hush did not make (\(unknown.prefix(3).joined(separator: ", "))) beside its ledger; give hush a database of its own"
            )
        }
        if version == schemaVersion { try await checkColumns(connection, location: location, logger: logger) }
        return version
    }

    /// Refuses a ledger whose tables lack a column hush reads, or have it with another type.
    private static func checkColumns(_ connection: PostgresConnection, location: PostgresLocation, logger: Logger) async throws(LedgerError) {
        var found: [String: [String: String]] = [:]
        do {
            let rows = try await connection.query(
                """
                SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name LIKE 'hush\\_%'
                """,
                logger: logger
            ).collect()
            for row in rows {
                let (table, column, type) = try row.decode((String, String, String).self)
                found[table, default: [:]][column] = type
            }
        } catch {
            throw ledgerError(error, location: location, doing: "read")
        }
        for (table, columns) in expectedColumns.sorted(by: { $0.key < $1.key }) {
            for (column, type) in columns.sorted(by: { $0.key < $1.key }) where found[table]?[column] != type {
                let what = found[table] == nil ? "lacks the table \(table)" : "has no column \(table).\(column) of type \(type)"
                throw LedgerError(.corrupt, path: location.display, "is a hush ledger that \(what); restore the ledger from a backup")
            }
        }
    }

    /// Readers' hearts by story, summed over every day.
    static func sums(_ connection: PostgresConnection, location: PostgresLocation, logger: Logger) async throws(LedgerError) -> [String: Int] {
        let rows: [(String, Int)]
        do {
            rows = try await connection.query("SELECT story_id, sum(count)::bigint FROM hush_hearts GROUP BY story_id", logger: logger)
                .collect().map { try $0.decode((String, Int).self) }
        } catch {
            throw ledgerError(error, location: location, doing: "read")
        }
        var hearts: [String: Int] = [:]
        for (id, total) in rows {
            guard total > 0 else {
                throw LedgerError(.corrupt, path: location.display, "holds a row that is not a story and a count; restore the ledger from a backup")
            }
            hearts[id] = total
        }
        return hearts
    }
}
