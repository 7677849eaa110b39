import Foundation
import HushBackend
import HushCore
import HushLedger
import HushTestSupport
import Testing

/// Reports and submissions over real sockets, and what `hush reports` and `hush inbox` do
/// with them (docs/moderation.md).
@Suite(.serialized) struct ModerationTests {
    static let config = testConfig + "backend:\n  url: \"https://example.org/api/\"\nmoderation:\n  hold_after: 2\nsubmissions: on\n"

    func withBackend(config: String = config, tombstones: String? = nil, _ body: (Client, TemporaryFolder, String) async throws -> Void) async throws
    {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try heartsSite(in: folder, config: config)
        if let tombstones { try folder.write(tombstones, to: "site/moderation/tombstones.yml") }
        var options = BackendOptions(site: site)
        options.database = folder("ledger.sqlite")
        options.proxies = ["127.0.0.1"]
        options.limit = Readers.Limit(burst: 1000, perSecond: 1000)
        let backend = try await RunningBackend.start(options)
        do {
            try await body(backend.client, folder, folder("ledger.sqlite"))
        } catch {
            await backend.stop()
            throw error
        }
        await backend.stop()
    }

    func post(
        _ client: Client,
        _ path: String,
        _ form: [(String, String)],
        from address: String = "198.51.100.9",
        json: Bool = false,
        origin: String = "https://example.org"
    ) async throws -> Client.Response {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        var headers = [
            ("X-Forwarded-For", address), ("User-Agent", "HushTest/1"), ("Origin", origin),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ]
        if json { headers.append(("Accept", "application/json")) }
        return try await client.send("POST", "/api" + path, headers: headers, body: Array(body.utf8))
    }

    /// Every byte of the ledger's files, for "nothing of it is left" checks.
    func ledgerBytes(_ database: String) -> String {
        ["", "-wal", "-shm"].compactMap { FileManager.default.contents(atPath: database + $0) }
            .map { String(decoding: $0, as: UTF8.self) }.joined()
    }

    @Test func aReportIsKeptRedactedAndTheNthHoldsTheStory() async throws {
        try await withBackend { (client, _, database) async throws in
            let first = try await post(
                client,
                "/reports/story-one",
                [("category", "identifies-someone"), ("text", "it is about jane.doe@example.com")]
            )
            #expect(first.status == 200)
            #expect(first.header("content-type")?.hasPrefix("text/html") == true)
            #expect(try LedgerFile.read(at: database).held.isEmpty)
            let second = try await post(client, "/reports/story-one", [("category", "spam")], from: "203.0.113.7", json: true)
            #expect(second.status == 200)
            #expect(second.text.contains(#""reported":true"#))

            let reports = try await ModerationDesk.reports(database: database)
            #expect(reports.count == 1)
            #expect(reports.first?.count == 2)
            #expect(reports.first?.held == true)
            #expect(reports.first?.categories == ["identifies-someone": 1, "spam": 1])
            #expect(reports.first?.texts.count == 1)
            #expect(reports.first?.texts.first?.contains("jane") == false)
            #expect(!ledgerBytes(database).contains("jane.doe"))
            let ledger = try LedgerFile.read(at: database)
            #expect(ledger.held == ["story-one"])
            #expect(ledger.openReports == 2)

            #expect(try await ModerationDesk.dismiss(id: "story-one", database: database) == 2)
            #expect(try await ModerationDesk.reports(database: database).isEmpty)
            #expect(try LedgerFile.read(at: database).held.isEmpty)
        }
    }

    @Test func aStoryTakenDownTakesNoHeartNorReport() async throws {
        try await withBackend(tombstones: "- {id: story-gone, reason: privacy, week: 2026-W40}\n") { (client, _, database) async throws in
            #expect(try await post(client, "/reports/story-gone", [("category", "spam")]).status == 410)
            let heart = try await client.send(
                "POST",
                "/api/hearts/story-gone",
                headers: [("X-Forwarded-For", "198.51.100.9"), ("Origin", "https://example.org")]
            )
            #expect(heart.status == 410)
            #expect(try await client.send("GET", "/api/hearts/story-gone").status == 410)
            #expect(try await client.send("GET", "/api/hearts/no-such-story").status == 404)
            #expect(try await ModerationDesk.reports(database: database).isEmpty)
        }
    }

    @Test func oneReportPerReaderPerStoryADay() async throws {
        try await withBackend { (client, _, database) async throws in
            #expect(try await post(client, "/reports/story-two", [("category", "spam")]).status == 200)
            #expect(try await post(client, "/reports/story-two", [("category", "other")]).status == 200)
            #expect(try await ModerationDesk.reports(database: database).first?.count == 1)
        }
    }

    @Test func reportsAreRefusedForUnknownStoriesOtherSitesAndUnknownCategories() async throws {
        try await withBackend { (client, _, database) async throws in
            #expect(try await post(client, "/reports/story-draft", [("category", "spam")]).status == 404)
            #expect(try await post(client, "/reports/story-one", [("category", "spam")], origin: "https://evil.example").status == 403)
            #expect(try await post(client, "/reports/story-one", [("category", "boring")]).status == 422)
            #expect(try await ModerationDesk.reports(database: database).isEmpty)
        }
    }

    @Test func aSubmissionWithPersonalDataIsRefusedAndNothingIsKept() async throws {
        try await withBackend { (client, _, database) async throws in
            let answer = try await post(client, "/submit", [("title", "Night"), ("text", "Call me on 555-201-7788 after ten."), ("tags", "work")])
            #expect(answer.status == 422)
            #expect(answer.text.contains("phone number"))
            // the form comes back with what was written, so only the number needs changing
            #expect(answer.text.contains("after ten."))
            #expect(!answer.text.contains("<script"))
            let json = try await post(client, "/submit", [("text", "Write to me: me@example.com")], json: true)
            #expect(json.status == 422)
            #expect(json.text.contains(#""field":"text""#))
            #expect(try LedgerFile.read(at: database).pendingSubmissions == 0)
            #expect(!ledgerBytes(database).contains("after ten"))
        }
    }

    @Test func theHoneypotIsAnsweredLikeAPersonAndKeepsNothing() async throws {
        try await withBackend { (client, _, database) async throws in
            let answer = try await post(client, "/submit", [("text", "Buy cheap things."), ("website", "http://spam.example")], json: true)
            #expect(answer.status == 200)
            #expect(answer.text.contains("withdraw_code"))
            #expect(try LedgerFile.read(at: database).pendingSubmissions == 0)
        }
    }

    @Test func anAcceptedSubmissionWaitsAndItsCodeTakesItBack() async throws {
        try await withBackend { (client, folder, database) async throws in
            let answer = try await post(
                client,
                "/submit",
                [("title", "Rain"), ("text", "I walked home in the rain and liked it."), ("tags", "walks")]
            )
            #expect(answer.status == 200)
            let code = try #require(answer.text.firstMatch(of: /<code>([0-9A-Z]{12})<\/code>/)?.1)
            let inbox = try await ModerationDesk.inbox(
                site: folder("site"),
                database: database,
                today: Day(year: 2026, month: 11, day: 30)!,
                environment: [:]
            )
            #expect(inbox.map(\.title) == ["Rain"])
            #expect(inbox.first?.approvable == true)
            #expect(try await post(client, "/submit/withdraw", [("code", "WRONGCODE000")]).status == 404)
            #expect(try await post(client, "/submit/withdraw", [("code", String(code).lowercased())]).status == 200)
            #expect(try LedgerFile.read(at: database).pendingSubmissions == 0)
            #expect(!ledgerBytes(database).contains("walked home"))
        }
    }

    @Test func approvingWritesAStoryAndLeavesNothingInTheLedger() async throws {
        try await withBackend { (client, folder, database) async throws in
            let text = "The bakery gave me the last loaf for free."
            #expect(
                try await post(client, "/submit", [("title", "Bread"), ("text", text), ("tags", "kindness"), ("mood", "grateful")]).status == 200
            )
            #expect(try await post(client, "/submit", [("text", "A second one, to reject.")], from: "192.0.2.44").status == 200)
            let today = Day(year: 2026, month: 11, day: 25)!
            let waiting = try await ModerationDesk.inbox(site: folder("site"), database: database, today: today, environment: [:])
            #expect(waiting.count == 2)
            let approval = try await ModerationDesk.approve(
                number: waiting[0].number,
                tags: ["food"],
                site: folder("site"),
                database: database,
                today: today,
                environment: [:]
            )
            let written = try #require(FileManager.default.contents(atPath: folder("site") + "/" + approval.path)).string
            #expect(written.contains(text))
            #expect(written.contains("tags: [\"food\"]"))
            #expect(written.contains("id: \(approval.id)"))
            #expect(!["story-one", "story-two", "story-draft"].contains(approval.id))
            try await ModerationDesk.reject(number: waiting[1].number, database: database)
            #expect(try LedgerFile.read(at: database).pendingSubmissions == 0)
            let left = ledgerBytes(database)
            #expect(!left.contains("last loaf") && !left.contains("to reject"))
            await #expect(throws: BackendError.self) { try await ModerationDesk.reject(number: waiting[1].number, database: database) }
        }
    }

    @Test func withoutSubmissionsOnThereIsNoSubmitEndpoint() async throws {
        try await withBackend(config: testConfig + "backend:\n  url: \"https://example.org/api/\"\n") { (client, _, _) async throws in
            #expect(try await post(client, "/submit", [("text", "Hello there, a story.")]).status == 404)
        }
    }

    @Test func aSubmissionOverTheBodyLimitIsRefused() async throws {
        try await withBackend { (client, _, _) async throws in
            let huge = String(repeating: "a", count: ModerationEndpoints.submissionBodyLimit + 10)
            #expect(try await post(client, "/submit", [("text", huge)]).status == 413)
        }
    }
}

extension Data {
    fileprivate var string: String { String(decoding: self, as: UTF8.self) }
}
