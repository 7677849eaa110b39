import Foundation
import HushBackend
import HushCore
import HushLedger
import HushTestSupport
import Testing

/// The endpoints over real sockets: `Backend.run` in this process, behind a "proxy" at
/// 127.0.0.1 (the test), so each request can be a different reader by its X-Forwarded-For.
@Suite struct HeartsEndpointTests {
    static let agent = "Mozilla/5.0 (HushTest; hearts)"

    /// Runs `body` against a backend of a fresh site with two stories.
    func withBackend(
        proxies: [String] = ["127.0.0.1"],
        limit: Readers.Limit = Readers.Limit(burst: 1000, perSecond: 1000),
        config: String = testConfig,
        log: CapturedLog? = nil,
        _ body: (Client, TemporaryFolder) async throws -> Void
    ) async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        var options = BackendOptions(site: try heartsSite(in: folder, config: config))
        options.database = folder("ledger.sqlite")
        options.proxies = proxies
        options.limit = limit
        if let log { options.logger = log.logger }
        let backend = try await RunningBackend.start(options)
        do {
            try await body(backend.client, folder)
        } catch {
            await backend.stop()
            throw error
        }
        await backend.stop()
    }

    func heart(
        _ client: Client,
        _ id: String,
        from address: String = "198.51.100.9",
        agent: String = agent,
        json: Bool = true,
        headers: [(String, String)] = []
    )
        async throws -> Client.Response
    {
        var fields = [("X-Forwarded-For", address), ("User-Agent", agent), ("Content-Type", "application/x-www-form-urlencoded")]
        if json { fields.append(("Accept", "application/json")) }
        return try await client.send("POST", "/hearts/\(id)", headers: fields + headers)
    }

    func count(_ response: Client.Response) -> Int? {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["hearts"] as? Int
    }

    @Test func aFormPostIsSentBackToTheStory() async throws {
        try await withBackend { client, _ async throws in
            let answer = try await heart(client, "story-one", json: false)
            #expect(answer.status == 303)
            #expect(answer.header("Location") == "https://stories.example.org/s/story-one/")
            let now = try await client.send("GET", "/hearts/story-one")
            #expect(now.status == 200)
            #expect(now.text == #"{"hearts":6,"id":"story-one"}"# + "\n")  // 5 in front matter + 1
        }
    }

    @Test func theScriptGetsTheCountAsJSON() async throws {
        try await withBackend { client, _ async throws in
            let answer = try await heart(client, "story-two")
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
            #expect(answer.header("Cache-Control") == "no-store")
            #expect(count(answer) == 1)
            #expect(count(try await heart(client, "story-two", from: "203.0.113.4")) == 2)
        }
    }

    @Test func allCountsAreOneCacheableSnapshot() async throws {
        try await withBackend { client, _ async throws in
            _ = try await heart(client, "story-two")
            let answer = try await client.send("GET", "/hearts.json")
            #expect(answer.status == 200)
            #expect(answer.header("Cache-Control") == "public, max-age=5")
            // Readers' hearts as a build reads them…
            #expect(try LedgerSnapshot.read(answer.body).hearts == ["story-two": 1])
            // …and the totals a page shows; never the draft, never who reported what.
            let document = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
            #expect(document["totals"] as? [String: Int] == ["story-one": 5, "story-two": 1])
            #expect(document["held"] == nil)
        }
    }

    @Test func onlyPublishedStoriesTakeHearts() async throws {
        try await withBackend { client, _ async throws in
            #expect(try await heart(client, "no-such-story").status == 404)
            #expect(try await heart(client, "story-draft").status == 404)
            #expect(try await client.send("GET", "/hearts/story-draft").status == 404)
            #expect(try await client.send("GET", "/hearts/").status == 404)
            #expect(try await client.send("GET", "/elsewhere").status == 404)
            #expect(try await client.send("DELETE", "/hearts/story-one").status == 405)
        }
    }

    @Test func crossSitePostsAreRefused() async throws {
        try await withBackend { client, _ async throws in
            #expect(try await heart(client, "story-one", headers: [("Origin", "https://evil.example")]).status == 403)
            #expect(try await heart(client, "story-one", headers: [("Origin", "null")]).status == 403)
            #expect(try await heart(client, "story-one", headers: [("Sec-Fetch-Site", "cross-site")]).status == 403)
            #expect(try await heart(client, "story-one", headers: [("Sec-Fetch-Site", "same-site")]).status == 403)
            #expect(try await client.send("GET", "/hearts/story-one").text.contains(#""hearts":5"#))
            // The site's own pages (base_url's origin), and the backend's own host behind a proxy.
            let fromSite = try await heart(client, "story-one", headers: [("Origin", "https://stories.example.org")])
            #expect(fromSite.status == 200)
            #expect(fromSite.header("Access-Control-Allow-Origin") == "https://stories.example.org")
            #expect(try await heart(client, "story-one", from: "203.0.113.9", headers: [("Origin", "http://127.0.0.1:\(client.port)")]).status == 200)
            #expect(try await heart(client, "story-one", from: "192.0.2.9", headers: [("Sec-Fetch-Site", "same-origin")]).status == 200)
        }
    }

    @Test func aLargeBodyIsRefused() async throws {
        try await withBackend { client, _ async throws in
            let big = try await client.send(
                "POST",
                "/hearts/story-one",
                headers: [("X-Forwarded-For", "198.51.100.9"), ("Accept", "application/json")],
                body: Array(repeating: UInt8(ascii: "a"), count: 4096)
            )
            #expect(big.status == 413)
            #expect(try await client.send("GET", "/hearts/story-one").text.contains(#""hearts":5"#))
        }
    }

    @Test func tooManyHeartsFromOneNetworkGet429() async throws {
        try await withBackend(limit: Readers.Limit(burst: 2, perSecond: 0.01)) { client, _ async throws in
            #expect(try await heart(client, "story-one", from: "198.51.100.1").status == 200)
            #expect(try await heart(client, "story-two", from: "198.51.100.2").status == 200)
            let limited = try await heart(client, "story-two", from: "198.51.100.3", agent: "another browser")
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After").flatMap(Int.init).map { $0 >= 1 } == true)
            #expect(try await heart(client, "story-two", from: "203.0.113.1").status == 200)
        }
    }

    @Test func oneHeartPerReaderAndStoryADay() async throws {
        try await withBackend { client, _ async throws in
            #expect(count(try await heart(client, "story-two", from: "198.51.100.9")) == 1)
            #expect(count(try await heart(client, "story-two", from: "198.51.100.9")) == 1)  // the same reader
            #expect(count(try await heart(client, "story-two", from: "198.51.100.77")) == 1)  // the same /24 and agent
            #expect(count(try await heart(client, "story-two", from: "198.51.100.77", agent: "Other/2")) == 2)  // another agent
            #expect(count(try await heart(client, "story-two", from: "198.51.101.9")) == 3)  // another /24
            #expect(count(try await heart(client, "story-two", from: "2001:db8:1::1")) == 4)
            #expect(count(try await heart(client, "story-two", from: "2001:db8:1:ffff::2")) == 4)  // the same /48
        }
    }

    @Test func withoutATrustedProxyForwardedForIsIgnored() async throws {
        try await withBackend(proxies: []) { client, _ async throws in
            // Every request comes from 127.0.0.1, whatever it claims: one reader.
            #expect(count(try await heart(client, "story-two", from: "198.51.100.9")) == 1)
            #expect(count(try await heart(client, "story-two", from: "203.0.113.50")) == 1)
        }
    }

    @Test func aTrustedProxyWithoutForwardedForIsRefused() async throws {
        try await withBackend { client, _ async throws in
            let answer = try await client.send("POST", "/hearts/story-one", headers: [("Accept", "application/json")])
            #expect(answer.status == 400)
        }
    }

    /// The privacy audit: after hearts from distinctive addresses and agents, none of them is
    /// in the database, its WAL or shared memory, any file the backend made, or its log (at
    /// trace level, Hummingbird's and NIO's lines included).
    @Test func noAddressOrAgentIsWrittenAnywhere() async throws {
        let log = CapturedLog()
        let addresses = (0..<20).map { "198.51.\(100 + $0).\(37 + $0)" } + ["2001:db8:77:1::abcd"]
        let agents = (0..<21).map { "AuditAgent/\($0).7731 (distinctive)" }
        var files: [String: [UInt8]] = [:]
        try await withBackend(log: log) { client, folder async throws in
            for (address, agent) in zip(addresses, agents) {
                #expect(try await heart(client, "story-one", from: address, agent: agent).status == 200)
                #expect(try await heart(client, "story-two", from: address, agent: agent, json: false).status == 303)
            }
            #expect(try await client.send("GET", "/hearts/story-one").text.contains(#""hearts":26"#))
            // While it runs: the database, -wal and -shm, and anything else it wrote.
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix("site") {
                files[name] = Array(FileManager.default.contents(atPath: folder(name)) ?? Data())
            }
        }
        #expect(files.keys.contains("ledger.sqlite-wal"))
        #expect(!log.text.isEmpty)
        files["(log)"] = Array(log.text.utf8)
        for (name, bytes) in files {
            for needle in addresses + agents + ["198.51.100"] {
                let found = containsBytes(bytes, Array(needle.utf8))
                #expect(!found, "\(needle) is in \(name)")
            }
        }
    }

    @Test func aBusyPortIsSaidPlainly() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        var options = BackendOptions(site: try heartsSite(in: folder))
        options.database = folder("ledger.sqlite")
        let first = try await RunningBackend.start(options)
        options.port = first.client.port
        do {
            try await Backend.run(options)
            Issue.record("a second backend on a busy port must fail")
        } catch let error as BackendError {
            #expect(error.exitCode == 2)
            #expect(error.description.contains("already in use"))
        }
        await first.stop()
    }
}
