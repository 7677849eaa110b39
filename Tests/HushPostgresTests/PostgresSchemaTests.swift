import Foundation
import HushCore
import HushLedger
import HushTestSupport
import Testing

/// A database the PostgreSQL ledger must refuse, and how.
struct BadDatabase: Sendable, CustomTestStringConvertible {
    let name: String
    /// Made a hush ledger first (then damaged by `sql`), or only `sql`.
    let ledgerFirst: Bool
    let sql: [String]
    let kind: LedgerError.Kind

    var testDescription: String { name }

    static let all: [BadDatabase] = [
        BadDatabase(name: "another program's tables", ledgerFirst: false, sql: ["CREATE TABLE users (id integer, email text)"], kind: .foreign),
        BadDatabase(
            name: "a hush_ledger table of another program",
            ledgerFirst: false,
            sql: ["CREATE TABLE hush_ledger (name text)", "INSERT INTO hush_ledger VALUES ('x')"],
            kind: .corrupt
        ),
        BadDatabase(name: "a newer hush's ledger", ledgerFirst: true, sql: ["UPDATE hush_ledger SET version = 99"], kind: .foreign),
        BadDatabase(name: "a repeated mark", ledgerFirst: true, sql: ["INSERT INTO hush_ledger VALUES ('hush', 1)"], kind: .corrupt),
        BadDatabase(name: "no mark", ledgerFirst: true, sql: ["DELETE FROM hush_ledger"], kind: .corrupt),
        BadDatabase(name: "a missing table", ledgerFirst: true, sql: ["DROP TABLE hush_reader_keys", "DROP TABLE hush_hearts"], kind: .corrupt),
        BadDatabase(
            name: "a column of another type",
            ledgerFirst: true,
            sql: ["ALTER TABLE hush_hearts DROP CONSTRAINT hush_hearts_count_check, ALTER COLUMN count TYPE text"],
            kind: .corrupt
        ),
        BadDatabase(name: "a table beside the ledger", ledgerFirst: true, sql: ["CREATE TABLE notes (body text)"], kind: .foreign),
    ]
}

extension PostgresTests {
    @Suite struct Schema {
        @Test func makesItsSchemaWithAVersionMark() async throws {
            let server = try postgres()
            let url = try server.makeDatabase()
            let store = try await PostgresHeartStore.open(url: url)
            await store.close()
            #expect(try server.psql("SELECT application || ' ' || version FROM hush_ledger", database: url) == "hush 1")
            #expect(
                try server.psql(
                    "SELECT string_agg(relname || ':' || relpersistence::text, ' ' ORDER BY relname) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'hush%'",
                    database: url
                )
                    == "hush_hearts:p hush_ledger:p hush_reader_keys:u hush_salt:u"
            )
            // Two processes starting at once on a new database: one makes it, both use it.
            let other = try server.makeDatabase()
            async let first = PostgresHeartStore.open(url: other)
            async let second = PostgresHeartStore.open(url: other)
            let both = try await [first, second]
            for store in both { await store.close() }
            #expect(try server.psql("SELECT count(*) FROM hush_ledger", database: other) == "1")
        }

        @Test(arguments: BadDatabase.all)
        func refuses(_ bad: BadDatabase) async throws {
            let server = try postgres()
            let url = try server.makeDatabase()
            if bad.ledgerFirst { await (try await PostgresHeartStore.open(url: url)).close() }
            for statement in bad.sql { try server.psql(statement, database: url) }
            let before = try server.psql(
                "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'",
                database: url
            )
            await #expect {
                _ = try await PostgresHeartStore.open(url: url)
            } throws: { error in
                (error as? LedgerError)?.kind == bad.kind
            }
            await #expect(throws: LedgerError.self) { try await readLedgerFile(url) }
            // Refused means untouched: no table made, none changed.
            #expect(
                try server.psql(
                    "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'",
                    database: url
                )
                    == before
            )
        }

        @Test func aDatabaseWithoutALedgerIsNoLedgerForABuild() async throws {
            let url = try postgres().makeDatabase()
            await #expect {
                try await readLedgerFile(url)
            } throws: { error in
                (error as? LedgerError)?.kind == .notALedger
            }
        }

        @Test func aServerOutOfReachIsUnavailableAndItsPasswordIsNeverShown() async throws {
            // Port 1: nothing listens there.
            let url = "postgres://hush:s3cret-word@127.0.0.1:1/ledger?sslmode=disable"
            do {
                _ = try await PostgresHeartStore.open(url: url)
                Issue.record("opened a ledger where no server listens")
            } catch {
                #expect(error.kind == .unavailable)
                #expect(!error.description.contains("s3cret"))
                #expect(error.description.hasPrefix("postgres://hush:…@127.0.0.1:1/ledger"))
            }
            await #expect(throws: LedgerError.self) { try await readLedgerFile(url) }
        }
    }
}

/// `--db postgres://…` read the way libpq reads it; a URL hush cannot use is refused.
@Suite struct PostgresLocationTests {
    @Test func readsAURL() throws {
        let location = try PostgresLocation(url: "postgres://hush:p%40ss@db.example.org:6432/hearts?sslmode=verify-full")
        #expect(location.endpoint == .tcp(host: "db.example.org", port: 6432))
        #expect(location.username == "hush")
        #expect(location.password == "p@ss")
        #expect(location.database == "hearts")
        #expect(location.tls == .verifyFull)
        #expect(location.display == "postgres://hush:…@db.example.org:6432/hearts?sslmode=verify-full")
    }

    @Test func defaultsAsLibpq() throws {
        let plain = try PostgresLocation(url: "postgresql://ann@localhost/")
        #expect(plain.endpoint == .tcp(host: "localhost", port: 5432))
        #expect(plain.database == "ann")
        #expect(plain.tls == .prefer)
        #expect(plain.password == nil)
        let socket = try PostgresLocation(url: "postgres://ann@/ledger")
        #expect(socket.endpoint == .socket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        let elsewhere = try PostgresLocation(url: "postgres://ann@/ledger?host=/tmp/pg&port=5433")
        #expect(elsewhere.endpoint == .socket(path: "/tmp/pg/.s.PGSQL.5433"))
        let v6 = try PostgresLocation(url: "postgres://ann@[::1]:5433/ledger?sslmode=disable")
        #expect(v6.endpoint == .tcp(host: "::1", port: 5433))
        #expect(v6.tls == .disable)
    }

    @Test(arguments: [
        "postgres://ann@host/ledger?sslmode=on",
        "postgres://ann@host/ledger?search_path=x",
        "postgres://ann@host/ledger/more",
        "postgres://ann@host:99999/ledger",
        "mysql://ann@host/ledger",
    ])
    func refuses(_ url: String) {
        #expect {
            _ = try PostgresLocation(url: url)
        } throws: { error in
            (error as? LedgerError)?.kind == .notALedger
        }
    }

    @Test func redactsOnlyThePassword() {
        #expect(PostgresLocation.redacted("postgres://u:pw@h/db") == "postgres://u:…@h/db")
        #expect(PostgresLocation.redacted("postgres://u@h/db?x=a:b@c") == "postgres://u@h/db?x=a:b@c")
        #expect(PostgresLocation.redacted("postgres://h:5432/db") == "postgres://h:5432/db")
        #expect(LedgerDatabase.display("ledger.sqlite") == "ledger.sqlite")
    }
}
