import Foundation
import HushCore
import HushLedger
import HushTestSupport
import Testing

/// One real PostgreSQL server for every test under a suite marked `.postgres`: started once
/// (`PostgresServer`: initdb into a temporary folder, pg_ctl start) and stopped when the suite
/// ends, pass or fail. Each test makes a database of its own (`makeDatabase()`).
struct PostgresScope: SuiteTrait, TestScoping {
    @TaskLocal static var current: PostgresServer?

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try PostgresServer.start()
        defer { server.stop() }
        try await Self.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == PostgresScope {
    /// The suite's tests share one PostgreSQL server of their own.
    static var postgres: Self { Self() }
}

/// The server of the suite this test runs in.
func postgres() throws -> PostgresServer {
    guard let server = PostgresScope.current else { throw TestFailure("the test is not in a suite marked .postgres") }
    return server
}

/// `LedgerFile.read(at:)`, which blocks its thread (the command line calls it from its main
/// thread), on a thread of its own: never on one of the few threads tests share.
func readLedgerFile(_ path: String) async throws -> LedgerCounts {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try LedgerFile.read(at: path) })
        }
    }
}

/// A clock the tests move: noon of the test day to start with.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date

    init(_ day: Day = testDay) {
        now = Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 + 43_200)
    }

    func callAsFunction() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return now
    }

    func advance(days: Int) {
        lock.lock()
        defer { lock.unlock() }
        now += Double(days) * 86_400
    }
}

/// The tests' one parent suite: every PostgreSQL test runs under its server.
@Suite(.postgres) struct PostgresTests {}
