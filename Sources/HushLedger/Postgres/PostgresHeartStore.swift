internal import Foundation
package import HushCore
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import NIOSSL
internal import PostgresNIO

/// The ledger in a PostgreSQL database (docs/backend.md, "PostgreSQL"), for several backend
/// processes behind a load balancer: the same rows as the SQLite ledger (one per story and
/// UTC day), and the day's salt and reader keys in two tables, so that a reader counts once
/// whichever process answers. The only files that import PostgresNIO are this one and its
/// `+Schema` and `+ReaderKeys` extensions.
///
/// A batch is one `INSERT … ON CONFLICT DO UPDATE SET count = count + n` statement, one
/// transaction, on a connection whose `synchronous_commit` is `on`: `add` returns once the
/// commit is flushed to the server's WAL, so an acknowledged heart survives a crash of either
/// side.
package final class PostgresHeartStore: HeartStore, ReaderKeyStore {
    let client: PostgresClient
    private let running: Task<Void, Never>
    let location: PostgresLocation
    let logger: Logger

    /// A deadlock, a serialization failure or a lost connection: tried this often in all.
    static let attempts = 3

    private init(client: PostgresClient, location: PostgresLocation, logger: Logger) {
        self.client = client
        self.location = location
        self.logger = logger
        running = Task { await client.run() }
    }

    /// Connects to the database at `url` for the backend, checks what it holds (refusing
    /// another program's tables, a damaged or a newer schema), and makes or updates the
    /// schema; the connection pool serves the rest.
    package static func open(url: String) async throws(LedgerError) -> PostgresHeartStore {
        let location = try PostgresLocation(url: url)
        let logger = quietLogger()
        let connection = try await connect(location, logger: logger)
        do throws(LedgerError) {
            try await prepareSchema(connection, location: location, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        let client = PostgresClient(configuration: try clientConfiguration(location), backgroundLogger: logger)
        return PostgresHeartStore(client: client, location: location, logger: logger)
    }

    /// The ledger's counts read without changing anything, for `hush backend export` and a
    /// build's `--ledger postgres://…`. A database without a hush ledger is an error.
    package static func readCounts(url: String) async throws(LedgerError) -> LedgerCounts {
        let location = try PostgresLocation(url: url)
        let logger = quietLogger()
        let connection = try await connect(location, logger: logger)
        do throws(LedgerError) {
            let version = try await inspect(connection, location: location, logger: logger)
            guard version == schemaVersion else {
                if version == 0 {
                    throw LedgerError(.notALedger, path: location.display, "holds no hush ledger; give the database `hush backend --db` keeps")
                }
                throw LedgerError(
                    .foreign,
                    path: location.display,
                    "this ledger's schema (version \(version)) is older than this hush's; run `hush backend` on it once to bring it up to date"
                )
            }
            let counts = LedgerCounts(hearts: try await sums(connection, location: location, logger: logger))
            try? await connection.close()
            return counts
        } catch {
            try? await connection.close()
            throw error
        }
    }

    // MARK: HeartStore

    package func add(_ batch: [HeartDay: Int]) async throws(LedgerError) {
        // Sorted, so that two processes lock the rows they share in the same order.
        let rows = batch.filter { $0.value > 0 }.sorted { ($0.key.storyID, $0.key.day) < ($1.key.storyID, $1.key.day) }
        guard !rows.isEmpty else { return }
        let ids = rows.map(\.key.storyID)
        let days = rows.map(\.key.day.description)
        let counts = rows.map(\.value)
        // A connection lost mid-statement is not tried again: the commit may have happened,
        // and counting the batch twice is worse than answering 503 for it.
        try await retrying("record hearts in", afterLostConnection: false) { connection in
            _ = try await connection.query(
                """
                INSERT INTO hush_hearts AS h (story_id, day, count)
                SELECT * FROM unnest(\(ids)::text[], \(days)::text[]::date[], \(counts)::bigint[])
                ON CONFLICT (story_id, day) DO UPDATE SET count = h.count + excluded.count
                """,
                logger: logger
            )
        }
    }

    package func counts() async throws(LedgerError) -> LedgerCounts {
        let location = location
        let logger = logger
        return LedgerCounts(
            hearts: try await retrying("read") { connection in
                try await Self.sums(connection, location: location, logger: logger)
            }
        )
    }

    package func rows() async throws(LedgerError) -> [HeartRow] {
        let raw = try await retrying("read") { connection in
            try await connection.query(
                // Ordered by the bytes of the id, as SQLite orders them, whatever the collation.
                "SELECT story_id, to_char(day, 'YYYY-MM-DD'), count FROM hush_hearts ORDER BY story_id COLLATE \"C\", day",
                logger: logger
            ).collect().map { try $0.decode((String, String, Int).self) }
        }
        return try raw.map { (id, text, count) throws(LedgerError) in
            guard let day = Day(iso: text), count > 0 else {
                throw LedgerError(
                    .corrupt,
                    path: location.display,
                    "holds a row that is not a story, a day and a count; restore the ledger from a backup"
                )
            }
            return HeartRow(key: HeartDay(storyID: id, day: day), count: count)
        }
    }

    package func close() async {
        running.cancel()
        _ = await running.value
    }

    // MARK: Connections

    /// Runs `body` on a pooled connection. A deadlock or a serialization failure (nothing of
    /// the transaction done) is tried again, a few times; so is a lost connection, unless
    /// `afterLostConnection` is false.
    func retrying<T: Sendable>(
        _ doing: String,
        afterLostConnection: Bool = true,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws(LedgerError) -> T {
        var attempt = 1
        while true {
            do {
                return try await client.withConnection { connection in try await body(connection) }
            } catch {
                if attempt < Self.attempts, Self.isTransient(error, afterLostConnection: afterLostConnection) {
                    attempt += 1
                    continue
                }
                throw Self.ledgerError(error, location: location, doing: doing)
            }
        }
    }

    static func isTransient(_ error: any Error, afterLostConnection: Bool) -> Bool {
        guard let error = error as? PSQLError else { return false }
        if let state = error.serverInfo?[.sqlState] { return state == "40P01" || state == "40001" }
        return afterLostConnection && (error.code == .serverClosedConnection || error.code == .connectionError)
    }

    static func connect(_ location: PostgresLocation, logger: Logger) async throws(LedgerError) -> PostgresConnection {
        let configuration = try connectionConfiguration(location)
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw ledgerError(error, location: location, doing: "connect to")
        }
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "hush.ledger.postgres")
        logger.logLevel = .critical
        return logger
    }

    /// Every connection asks for `synchronous_commit = on`, whatever the server's default: a
    /// commit returns only when it is flushed, which is what acknowledging a heart promises.
    static let startupParameters = [("synchronous_commit", "on"), ("application_name", "hush")]

    private static func connectionConfiguration(_ location: PostgresLocation) throws(LedgerError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch location.endpoint {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: location.username, password: location.password, database: location.database)
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS
            if let settings = tlsSettings(location.tls) {
                let context: NIOSSLContext
                do {
                    context = try NIOSSLContext(configuration: settings)
                } catch {
                    throw LedgerError(.unavailable, path: location.display, "cannot set up TLS (\(error)); try sslmode=disable on a trusted network")
                }
                tls = location.tls == .prefer ? .prefer(context) : .require(context)
            } else {
                tls = .disable
            }
            configuration = .init(
                host: host,
                port: port,
                username: location.username,
                password: location.password,
                database: location.database,
                tls: tls
            )
        }
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    private static func clientConfiguration(_ location: PostgresLocation) throws(LedgerError) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch location.endpoint {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: location.username, password: location.password, database: location.database)
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS =
                switch (location.tls, tlsSettings(location.tls)) {
                case (.prefer, let settings?): .prefer(settings)
                case (_, let settings?): .require(settings)
                case (_, nil): .disable
                }
            configuration = .init(
                host: host,
                port: port,
                username: location.username,
                password: location.password,
                database: location.database,
                tls: tls
            )
        }
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.maximumConnections = 8
        return configuration
    }

    /// libpq's meaning of each `sslmode`: `prefer` and `require` encrypt without checking the
    /// certificate, `verify-ca` checks it, `verify-full` checks it and the host's name too.
    private static func tlsSettings(_ mode: PostgresLocation.TLSMode) -> TLSConfiguration? {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return nil
        case .prefer, .require: settings.certificateVerification = .none
        case .verifyCA: settings.certificateVerification = .noHostnameVerification
        case .verifyFull: settings.certificateVerification = .fullVerification
        }
        return settings
    }

    // MARK: Errors

    /// A PostgreSQL failure as a ledger error: bad data is `corrupt`, anything else (a server
    /// down, a refused login, a full disk) `unavailable`. The message is the server's.
    static func ledgerError(_ error: any Error, location: PostgresLocation, doing: String) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState] ?? ""
                if state.hasPrefix("XX") || state.hasPrefix("22") {
                    return LedgerError(.corrupt, path: location.display, "is damaged (PostgreSQL: \(message)); restore the ledger from a backup")
                }
                let hint = state.hasPrefix("28") ? "; check the user and password in the URL" : state == "3D000" ? "; create it first (createdb)" : ""
                return LedgerError(.unavailable, path: location.display, "cannot \(doing) it (PostgreSQL: \(message))\(hint)")
            }
            let cause = error.underlying.map { String(describing: $0) } ?? "\(error.code)"
            return LedgerError(.unavailable, path: location.display, "cannot \(doing) it (\(cause)); check that the server runs and the URL")
        }
        if error is PostgresDecodingError {
            return LedgerError(.corrupt, path: location.display, "holds a value of the wrong type; restore the ledger from a backup")
        }
        return LedgerError(.unavailable, path: location.display, "cannot \(doing) it (\(error))")
    }
}
