package import HushCore
internal import NIOCore
internal import PostgresNIO

/// The day's salt and reader keys in the shared database: every backend process makes its
/// reader keys under the one salt of the day, and the primary key of `hush_reader_keys`
/// decides which process's heart of a reader is the first. What that costs is in
/// docs/backend.md ("PostgreSQL: what the shared salt costs").
extension PostgresHeartStore {
    package func salt(for day: Day) async throws(LedgerError) -> DaySalt {
        let fresh = ByteBuffer(bytes: DaySalt.randomBytes())
        let logger = logger
        let rows = try await retrying("keep the day's salt in") { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockID))", logger: logger)
                // A day older than the newest one held is over: its salt is not made again.
                try await connection.query(
                    """
                    INSERT INTO hush_salt (day, salt) SELECT \(day.description)::date, \(fresh)
                    WHERE NOT EXISTS (SELECT 1 FROM hush_salt WHERE day >= \(day.description)::date)
                    """,
                    logger: logger
                )
                // Rotation: older days' salts go, and their keys with them (ON DELETE CASCADE).
                try await connection.query("DELETE FROM hush_salt WHERE day < (SELECT max(day) FROM hush_salt)", logger: logger)
                let rows = try await connection.query("SELECT to_char(day, 'YYYY-MM-DD'), salt FROM hush_salt", logger: logger).collect()
                    .map { try $0.decode((String, ByteBuffer).self) }
                try await connection.query("COMMIT", logger: logger)
                return rows
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
        guard rows.count == 1, let (text, buffer) = rows.first, let held = Day(iso: text), buffer.readableBytes == 32 else {
            throw LedgerError(.corrupt, path: location.display, "holds a damaged hush_salt table; restart the backends to make a new salt")
        }
        return DaySalt(day: held, bytes: Array(buffer.readableBytesView))
    }

    package func claim(_ key: ReaderKey, on day: Day) async throws(LedgerError) -> ReaderClaim {
        let bytes = ByteBuffer(bytes: key.bytes)
        let logger = logger
        let inserted = try await retrying("keep the day's reader keys in") { connection in
            do {
                return try await connection.query(
                    "INSERT INTO hush_reader_keys (day, key) VALUES (\(day.description)::date, \(bytes)) ON CONFLICT DO NOTHING RETURNING 1",
                    logger: logger
                ).collect().count
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
                return -1  // no salt of that day: rotated away by another process
            }
        }
        return inserted == 1 ? .first : inserted == 0 ? .again : .dayOver
    }

    package func release(_ key: ReaderKey, on day: Day) async throws(LedgerError) {
        let bytes = ByteBuffer(bytes: key.bytes)
        let logger = logger
        try await retrying("keep the day's reader keys in") { connection in
            _ = try await connection.query("DELETE FROM hush_reader_keys WHERE day = \(day.description)::date AND key = \(bytes)", logger: logger)
        }
    }

    package func keyCount(on day: Day) async throws(LedgerError) -> Int {
        let logger = logger
        return try await retrying("read") { connection in
            try await connection.query("SELECT count(*) FROM hush_reader_keys WHERE day = \(day.description)::date", logger: logger).collect()
                .first?.decode(Int.self) ?? 0
        }
    }
}
