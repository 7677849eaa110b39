import Foundation
import HushCore
import HushTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension PostgresTests {
    /// Two `hush backend --db postgres://…` processes on two ports, as behind a load balancer:
    /// one heart per reader per story per day whichever of them answers, and one ledger.
    @Suite struct BackendProcesses {
        @Test func twoBackendsShareOneLedgerAndOneDaysSalt() async throws {
            let server = try postgres()
            let url = try server.makeDatabase()
            let folder = try makeTemporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder.path) }
            let site = try folder.makeSite(stories: ["one.md": story(title: "One"), "two.md": story(title: "Two", extra: ["hearts: 5"])])
            let first = try BackendProcess.start(site: site, database: url, folder: folder, name: "a")
            defer { first.stop() }
            let second = try BackendProcess.start(site: site, database: url, folder: folder, name: "b")
            defer { second.stop() }
            // The stories' ids, from the public counts.
            let all = try JSONSerialization.jsonObject(with: Data(try first.request("GET", "/hearts.json").body.utf8)) as? [String: Any]
            let ids = ((all?["totals"] as? [String: Int]) ?? [:]).keys.sorted()
            try #require(ids.count == 2)
            let story = ids[0]

            // Readers are told apart by the address the proxy (trusted: --proxy 127.0.0.1) forwards.
            let reader = ["X-Forwarded-For: 203.0.113.7", "User-Agent: Firefox"]
            let other = ["X-Forwarded-For: 198.51.100.9", "User-Agent: Firefox"]
            #expect(try first.request("POST", "/hearts/\(story)", reader).status == 200)
            #expect(try second.request("POST", "/hearts/\(story)", reader).status == 200)
            #expect(try second.request("POST", "/hearts/\(story)", reader).status == 200)
            #expect(try first.request("POST", "/hearts/\(story)", reader).status == 200)
            #expect(try second.request("POST", "/hearts/\(story)", other).status == 200)
            #expect(try second.request("POST", "/hearts/\(ids[1])", reader).status == 200)
            #expect(try server.psql("SELECT story_id || ' ' || count FROM hush_hearts ORDER BY 1", database: url) == "\(story) 2\n\(ids[1]) 1")
            #expect(try server.psql("SELECT count(*) FROM hush_reader_keys", database: url) == "3")
            #expect(try server.psql("SELECT count(*) FROM hush_salt", database: url) == "1")

            // Each shows the other's hearts once it has read the totals anew (every 2 s).
            let counts = try await eventually {
                let answer = try first.request("GET", "/hearts/\(ids[1])")
                return answer.body.contains("\"hearts\":6") ? answer.body : nil
            }
            #expect(counts != nil)

            // What a CI machine's build reads: the export of the shared ledger.
            let export = try ChildProcess.run(try #require(hushExecutable), ["backend", "export", "--db", url, "--output", folder("ledger.json")])
            #expect(export.status == 0)
            let snapshot = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder("ledger.json")))) as? [String: Any]
            #expect(snapshot?["hearts"] as? [String: Int] == [story: 2, ids[1]: 1])

            #expect(first.stop() == 0)
            #expect(second.stop() == 0)
            // Nothing of a reader in what either process wrote.
            for log in [first.output, second.output] {
                #expect(!log.contains("203.0.113") && !log.contains("198.51.100") && !log.contains("Firefox"))
            }
        }

        @Test func aBackendRefusesAForeignDatabaseWithExitCode2() throws {
            let server = try postgres()
            let url = try server.makeDatabase()
            try server.psql("CREATE TABLE users (id integer)", database: url)
            let folder = try makeTemporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder.path) }
            let site = try folder.makeSite(stories: ["one.md": story(title: "One")])
            let run = try ChildProcess.run(try #require(hushExecutable), ["backend", "--site", site, "--db", url, "--port", "0"])
            #expect(run.status == 2)
            #expect(run.output.contains("another program"))
        }
    }
}

/// Polls `look` until it answers, for up to a minute on a busy machine (then once more).
func eventually<T>(_ look: () throws -> T?) async throws -> T? {
    let deadline = Date() + 60
    while Date() < deadline {
        if let found = try look() { return found }
        try await Task.sleep(for: .milliseconds(200))
    }
    return try look()
}

/// A `hush backend` process on a free port of 127.0.0.1, until `stop()`.
final class BackendProcess: @unchecked Sendable {
    let child: ChildProcess
    let port: Int
    let outputPath: String
    private var status: Int32?

    private init(child: ChildProcess, port: Int, outputPath: String) {
        self.child = child
        self.port = port
        self.outputPath = outputPath
    }

    /// Starts `hush backend --db database --port 0 --proxy 127.0.0.1` and waits for its address.
    static func start(site: String, database: String, folder: TemporaryFolder, name: String) throws -> BackendProcess {
        guard let executable = hushExecutable else { throw TestFailure("no hush executable next to the tests; swift build builds it") }
        let outputPath = folder("backend-\(name).log")
        let child = try ChildProcess.start(
            executable,
            ["backend", "--site", site, "--db", database, "--port", "0", "--proxy", "127.0.0.1"],
            output: outputPath
        )
        let deadline = Date() + 120
        while Date() < deadline {
            if let status = child.exited() {
                throw TestFailure("hush backend stopped (\(status)): \((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")")
            }
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: "http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), text[range.upperBound...].dropFirst(digits.count).hasPrefix("/") {
                    return BackendProcess(child: child, port: port, outputPath: outputPath)
                }
            }
            usleep(100_000)
        }
        child.signal(SIGKILL)
        child.wait()
        throw TestFailure("hush backend did not start: \((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")")
    }

    /// Everything the process printed.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// One request with curl, the way the theme's script sends it.
    func request(_ method: String, _ path: String, _ headers: [String] = []) throws -> (status: Int, body: String) {
        var arguments = ["-s", "-S", "-X", method, "-H", "Accept: application/json", "-w", "\n%{http_code}", "--max-time", "60"]
        for header in headers { arguments += ["-H", header] }
        let run = try ChildProcess.run("/usr/bin/curl", arguments + ["http://127.0.0.1:\(port)\(path)"])
        let text = run.output
        guard run.status == 0, let newline = text.lastIndex(of: "\n"), let status = Int(text[text.index(after: newline)...]) else {
            throw TestFailure("curl \(method) \(path) failed (\(run.status)): \(text)")
        }
        return (status, String(text[..<newline]))
    }

    /// SIGTERM, then waits: the exit status (a clean stop is 0).
    @discardableResult
    func stop() -> Int32 {
        if let status { return status }
        child.signal(SIGTERM)
        let ended = child.wait()
        status = ended
        return ended
    }
}
