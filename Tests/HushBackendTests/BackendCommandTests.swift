import Foundation
import HushCore
import HushLedger
import HushTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `hush backend` as a child process: durability under kill -9, export, bad input.
@Suite(.serialized) struct BackendCommandTests {
    /// Starts `hush backend` on a free port; returns the process and its port.
    func start(site: String, database: String, proxy: String = "127.0.0.1") throws -> (Process, Int) {
        guard let executable = hushExecutable else { throw TestFailure("no hush executable next to the tests; swift build --build-tests makes it") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["backend", "--site", site, "--db", database, "--port", "0", "--proxy", proxy]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line says where it listens: "hush backend: hearts at http://127.0.0.1:PORT/hearts/<id>, …"
        var line: [UInt8] = []
        while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw TestFailure("hush backend did not say where it listens: \(text)")
        }
        return (process, port)
    }

    @Test func killedAfterTheAcksLosesNoHeart() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try heartsSite(in: folder)
        let database = folder("ledger.sqlite")
        let (process, port) = try start(site: site, database: database)
        let client = Client(port: port)
        // 120 readers at once, each on its own network: every one acknowledged.
        let acknowledged = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<120 {
                group.addTask {
                    let answer = try await client.send(
                        "POST",
                        "/hearts/\(index % 2 == 0 ? "story-one" : "story-two")",
                        headers: [("X-Forwarded-For", "10.\(index / 200).\(index % 200).1"), ("Accept", "application/json")]
                    )
                    return answer.status == 200
                }
            }
            var count = 0
            for try await ok in group where ok { count += 1 }
            return count
        }
        #expect(acknowledged == 120)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        // No clean close, no checkpoint: what was acknowledged is in the WAL, and read back.
        #expect(FileManager.default.fileExists(atPath: database + "-wal"))
        #expect(try LedgerFile.read(at: database).hearts == ["story-one": 60, "story-two": 60])
        // And the backend starts again on it.
        let (again, secondPort) = try start(site: site, database: database)
        defer {
            again.terminate()
            again.waitUntilExit()
        }
        #expect(try await Client(port: secondPort).send("GET", "/hearts/story-one").text.contains(#""hearts":65"#))
    }

    @Test func exportWritesASnapshotABuildReads() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let database = folder("ledger.sqlite")
        let store = try await SQLiteHeartStore.open(path: database)
        try await store.add([HeartDay(storyID: "story-one", day: Day(year: 2026, month: 11, day: 1)!): 4])
        await store.close()
        let run = try hush(["backend", "export", "--db", database, "--output", folder("ledger.json")], in: folder.path)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try LedgerFile.read(at: folder("ledger.json")) == LedgerCounts(hearts: ["story-one": 4]))
        let printed = try hush(["backend", "export", "--db", database], in: folder.path)
        #expect(try LedgerSnapshot.read(Array(printed.standardOutput.utf8)).hearts == ["story-one": 4])
    }

    @Test func aForeignDatabaseStopsTheBackendWithAClearError() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try heartsSite(in: folder)
        try folder.write("not a database\n", to: "ledger.sqlite")
        let run = try hush(["backend", "--site", site, "--db", folder("ledger.sqlite"), "--port", "0"], in: folder.path)
        #expect(run.status == 2)
        #expect(run.standardError.contains("is not a SQLite database"))
        let export = try hush(["backend", "export", "--db", folder("missing.sqlite")], in: folder.path)
        #expect(export.status == 3)
    }

    @Test func aSiteWithoutHushYmlIsRefused() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let run = try hush(["backend", "--site", folder.path, "--port", "0"], in: folder.path)
        #expect(run.status == 2)
        #expect(run.standardError.contains("cannot read the site"))
        #expect(try hush(["backend", "--port", "70000"], in: folder.path).status == 2)
        #expect(try hush(["backend", "--proxy", "not-an-address", "--site", folder.path], in: folder.path).status == 2)
    }
}
