import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// Hearts readers give (docs/backend.md): `backend:` in hush.yml, the ledger a build adds to
/// front-matter hearts (`--ledger`, `backend.ledger`), the ranking by the sum, the heart
/// button every theme shows with a backend, and the CSP that allows exactly its origin.
@Suite struct HeartsTests {
    static let themes = ["default", "paper", "whisper"]
    static let backend = "https://hearts.example.net/"

    /// hush.yml with a theme and, when given, a backend section.
    static func config(theme: String = "default", backend: String? = nil, ledger: String? = nil) -> String {
        var text = testConfig + "theme: \(theme)\n"
        if backend != nil || ledger != nil { text += "backend:\n" }
        if let backend { text += "  url: \"\(backend)\"\n" }
        if let ledger { text += "  ledger: \"\(ledger)\"\n" }
        return text
    }

    /// A snapshot as `hush backend export` writes it.
    static func snapshot(_ hearts: [String: Int]) -> String {
        String(decoding: LedgerSnapshot.bytes(of: LedgerCounts(hearts: hearts), forExport: true), as: UTF8.self)
    }

    /// Six stories with fixed ids, all tagged `night` (so the tag has a most-hearted block):
    /// `s0` newest … `s5` oldest, front-matter hearts as given.
    static func stories(hearts: [Int] = [10, 2, 0, 5, 1, 3]) -> [String: String] {
        var stories: [String: String] = [:]
        for (number, count) in hearts.enumerated() {
            stories["s\(number).md"] = story(
                date: String(format: "2026-10-%02d", 20 - number),
                title: "Story \(number)",
                tags: ["night"],
                id: "story\(number)",
                extra: ["hearts: \(count)"]
            )
        }
        return stories
    }

    /// Builds `stories` with `config` (and a ledger at site/ledger.json when given) into `public/`.
    static func built(
        _ folder: TemporaryFolder,
        config: String,
        stories: [String: String] = stories(),
        ledger: String? = nil,
        ledgerFile: String? = nil
    ) throws -> (BuildResult, [String: [UInt8]]) {
        let site = try folder.makeSite(stories: stories, config: config)
        if let ledger { try folder.write(ledger, to: "site/ledger.json") }
        var request = BuildRequest(site: site, output: folder("public"))
        request.now = testDay
        request.ledgerFile = ledgerFile.map { folder($0) }
        let result = Pipeline.run(request)
        let files = FileSystem.kind(of: folder("public")) == .directory ? try outputFiles(in: folder("public")) : [:]
        return (result, files)
    }

    /// The story ids of a list page's cards, in order.
    static func cardIDs(_ html: String) -> [String] {
        let page = HTMLDocument(html)
        return page.elements(named: "a").compactMap { link in
            guard let href = link.attribute("href"), href.hasPrefix("/s/"), let parent = link.parent,
                page.nodes[parent].classes.contains("card-title")
            else { return nil }
            return String(href.dropFirst(3).dropLast())
        }
    }

    // MARK: hush.yml

    @Test func theBackendSectionIsRead() {
        let (config, diagnostics) = ConfigParser.parse(
            SourceFile(path: "hush.yml", bytes: Array(Self.config(backend: "https://stories.example.org/api", ledger: "data/ledger.json").utf8))
        )
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(config?.backend.url == "https://stories.example.org/api/")
        #expect(config?.backend.origin == "https://stories.example.org")
        #expect(config?.backend.ledger?.value == "data/ledger.json")
        #expect(config?.backend.ledger?.line == 7)
        #expect(ConfigParser.backendURL("http://[::1]:8081") == "http://[::1]:8081/")
        var settings = BackendSettings()
        settings.url = ConfigParser.backendURL("HTTP://Hearts.Example.NET:8443/x")
        #expect(settings.url == "HTTP://Hearts.Example.NET:8443/x/")
        #expect(settings.origin == "http://hearts.example.net:8443")
    }

    @Test(arguments: [
        "hearts.example.net", "/hearts/", "ftp://hearts.example.net/", "https://", "https://hearts.example.net/?a=b",
        "https://user@hearts.example.net/", "https://hearts.example.net:99999/", "https://hearts .example.net/", "javascript:alert(1)",
        "https://hearts.example.net/'x", "https://[/",
    ])
    func aBadBackendURLIsAConfigurationErrorAtItsPlace(_ url: String) throws {
        let result = try check(stories: ["a.md": story(title: "A")], config: testConfig + "backend:\n  url: \"\(url)\"\n")
        let error = try #require(result.errors.first, "\(result.listing)")
        #expect(result.errors.count == 1, "\(result.listing)")
        #expect(error.code == "config.invalid-value")
        #expect(error.file == "hush.yml" && error.line == 5 && error.column == 8, "\(result.listing)")
        #expect(error.message.contains("backend.url"))
        #expect(result.summary.exitCode == 2)
    }

    @Test func anUnknownBackendKeySuggestsTheNearestOne() throws {
        let result = try check(stories: ["a.md": story(title: "A")], config: testConfig + "backend:\n  ur: \"https://x.example.net/\"\n")
        let error = try #require(result.diagnostics("config.unknown-key").first, "\(result.listing)")
        #expect(error.line == 5 && error.column == 3)
        #expect(error.message.contains("'url'"), "\(error.message)")
        let notAGroup = try check(stories: ["a.md": story(title: "A")], config: testConfig + "backend: https://x.example.net/\n")
        #expect(notAGroup.codes == ["config.type"], "\(notAGroup.listing)")
    }

    // MARK: The ledger

    @Test func theLedgerIsAddedToFrontMatterAndEveryMostHeartedListRanksByTheSum() throws {
        try withTemporaryFolder { folder in
            // Front matter alone: story0 (10), story3 (5), story5 (3), story1 (2), story4 (1), story2 (0).
            let ledger = Self.snapshot(["story2": 30, "story4": 7, "story1": 1, "no-such-story": 1000])
            let (result, files) = try Self.built(folder, config: Self.config(ledger: "ledger.json"), ledger: ledger)
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            // story2 30, story0 10, story4 8, story3 5, story5 3, story1 3 (story1 is newer than story5)
            let expected = ["story2", "story0", "story4", "story3", "story1", "story5"]
            #expect(Self.cardIDs(files.text("top/index.html")) == expected)
            // The tag's most-hearted block (five of its six stories), by the sum too.
            let tag = HTMLDocument(files.text("tags/night/index.html"))
            let block = tag.elements(named: "a").filter { link in link.parent.map { tag.nodes[$0].classes.contains("mini") } ?? false }
                .compactMap { $0.attribute("href") }
            #expect(block == expected.prefix(5).map { "/s/\($0)/" }, "\(block)")
            // Each count shown is the sum, on the story's page and its card.
            #expect(files.text("s/story2/index.html").contains("30 hearts"))
            #expect(files.text("s/story4/index.html").contains("8 hearts"))
            #expect(files.text("index.html").contains("<span aria-hidden=\"true\">30</span>"))
            // An id that matches no story is left out, silently: no page, no count.
            #expect(!files.keys.contains { $0.contains("no-such-story") })
            #expect(!files.values.contains { String(decoding: $0, as: UTF8.self).contains("no-such-story") })
            #expect(!files.values.contains { String(decoding: $0, as: UTF8.self).contains("1000 hearts") })
        }
    }

    @Test func ledgerOnTheCommandLineWinsOverHushYml() throws {
        try withTemporaryFolder { folder in
            try folder.write(Self.snapshot(["story2": 50]), to: "given.json")
            let (result, files) = try Self.built(
                folder,
                config: Self.config(ledger: "ledger.json"),
                ledger: Self.snapshot(["story2": 1]),
                ledgerFile: "given.json"
            )
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            #expect(files.text("s/story2/index.html").contains("50 hearts"))
            #expect(Self.cardIDs(files.text("top/index.html")).first == "story2")
        }
    }

    struct BadLedger: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]?
        let code: String
        let exit: Int32
        let says: String
        var testDescription: String { name }
    }

    static let badLedgers: [BadLedger] = [
        BadLedger(name: "missing", bytes: nil, code: "ledger.unreadable", exit: 3, says: "does not exist"),
        BadLedger(name: "not JSON", bytes: Array("hearts: 12\n".utf8), code: "ledger.corrupt", exit: 2, says: "is not a hush ledger snapshot"),
        BadLedger(name: "truncated", bytes: Array(snapshot(["story2": 3]).utf8.dropLast(9)), code: "ledger.corrupt", exit: 2, says: "snapshot"),
        BadLedger(
            name: "negative",
            bytes: Array("{\"format\":\"hush-ledger\",\"version\":1,\"hearts\":{\"story2\":-4}}".utf8),
            code: "ledger.corrupt",
            exit: 2,
            says: "cannot be negative"
        ),
        BadLedger(
            name: "another format",
            bytes: Array("{\"format\":\"x\",\"version\":1,\"hearts\":{}}".utf8),
            code: "ledger.corrupt",
            exit: 2,
            says: "format"
        ),
        BadLedger(name: "empty", bytes: [], code: "ledger.corrupt", exit: 2, says: "snapshot"),
        BadLedger(
            name: "a database",
            bytes: Array("SQLite format 3\u{0}".utf8) + [UInt8](repeating: 0, count: 84),
            code: "ledger.unreadable",
            exit: 3,
            says: "database"
        ),
    ]

    @Test(arguments: badLedgers)
    func aLedgerThatCannotBeReadIsAnErrorNeverZero(_ bad: BadLedger) throws {
        try withTemporaryFolder { folder in
            // Built once before, so a failed build's output can be seen to stay as it was.
            let (first, before) = try Self.built(folder, config: Self.config(ledger: "ledger.json"), ledger: Self.snapshot([:]))
            #expect(first.summary.exitCode == 0, "\(first.listing)")
            try FileManager.default.removeItem(atPath: folder("site/ledger.json"))
            if let bytes = bad.bytes { try folder.write(bytes: bytes, to: "site/ledger.json") }
            var request = BuildRequest(site: folder("site"), output: folder("public"))
            request.now = testDay
            let result = Pipeline.run(request)
            let error = try #require(result.errors.first, "\(result.listing)")
            #expect(result.errors.count == 1, "\(result.listing)")
            #expect(error.code.name == bad.code)
            // Named where the publisher set it: the value of backend.ledger in hush.yml.
            #expect(error.file == "hush.yml" && error.line == 6 && error.column == 11, "\(result.listing)")
            #expect(error.message.hasPrefix("backend.ledger ledger.json "), "\(error.message)")
            #expect(error.message.contains(bad.says), "\(error.message)")
            #expect(result.summary.exitCode == bad.exit)
            #expect(try outputFiles(in: folder("public")) == before)
        }
    }

    @Test func aLedgerGivenOnTheCommandLineIsNamedByItsPath() throws {
        try withTemporaryFolder { folder in
            try folder.write("[1, 2, 3]", to: "given.json")
            let (result, files) = try Self.built(folder, config: Self.config(), ledgerFile: "given.json")
            let error = try #require(result.errors.first, "\(result.listing)")
            #expect(error.code.name == "ledger.corrupt")
            #expect(error.file == folder("given.json"))
            #expect(result.summary.exitCode == 2)
            #expect(files.isEmpty)
        }
    }

    @Test func theCommandLineReadsTheLedgerAndExitsWithItsCode() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories(), config: Self.config())
            try folder.write(Self.snapshot(["story2": 40]), to: "ledger.json")
            let good = try hush(
                ["build", "site", "--ledger", "ledger.json", "--now", "2026-11-02", "--no-cache", "--output", "out"],
                in: folder.path
            )
            #expect(good.status == 0, "\(good.standardError)")
            #expect(try String(contentsOfFile: folder("out/s/story2/index.html"), encoding: .utf8).contains("40 hearts"))

            try folder.write("{\"format\":\"hush-ledger\"", to: "broken.json")
            let bad = try hush(["check", site, "--ledger", "broken.json", "--format", "json"], in: folder.path)
            #expect(bad.status == 2, "\(bad.standardError)")
            let report = try JSONSerialization.jsonObject(with: Data(bad.standardOutput.utf8)) as? [String: Any]
            let diagnostics = report?["diagnostics"] as? [[String: Any]] ?? []
            #expect(diagnostics.map { $0["code"] as? String } == ["ledger.corrupt"], "\(bad.standardOutput)")
            #expect(diagnostics.first?["file"] as? String == "broken.json", "\(bad.standardOutput)")

            let empty = try hush(["check", site, "--ledger", ""], in: folder.path)
            #expect(empty.status == 64 || empty.status == 2, "\(empty.standardError)")
            #expect(empty.standardError.contains("--ledger"))
        }
    }

    // MARK: The heart button and the CSP

    @Test(arguments: themes)
    func withABackendEveryStoryHasAHeartFormAndThePolicyAllowsExactlyItsOrigin(_ theme: String) throws {
        try withTemporaryFolder { folder in
            let (result, files) = try Self.built(
                folder,
                config: Self.config(theme: theme, backend: "https://hearts.example.net/api", ledger: "ledger.json"),
                ledger: Self.snapshot(["story2": 30])
            )
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            let script = try #require(files.keys.first { $0.hasPrefix("assets/hearts.") && $0.hasSuffix(".js") })
            for (path, bytes) in files where path.hasSuffix(".html") {
                let page = HTMLDocument(String(decoding: bytes, as: UTF8.self))
                let policy = page.elements(named: "meta").first { $0.attribute("http-equiv") == "Content-Security-Policy" }?.attribute("content")
                var directives: [String: [String]] = [:]
                for directive in ContentSecurityPolicy.directives(of: policy ?? "") { directives[directive.name] = directive.sources }
                #expect(directives["form-action"] == ["'self'", "https://hearts.example.net"], "\(theme) \(path)")
                #expect(directives["connect-src"] == ["'self'", "https://hearts.example.net"], "\(theme) \(path)")
                for (name, sources) in ContentSecurityPolicy.expected where name != "form-action" && name != "connect-src" {
                    #expect(directives[name].map(Set.init) == sources, "\(theme) \(path) \(name)")
                }
                #expect(directives.count == ContentSecurityPolicy.expected.count, "\(theme) \(path)")
                // The script: the theme's own file, deferred, never inline.
                let scripts = page.elements(named: "script")
                #expect(scripts.contains { $0.attribute("src") == "/" + script && $0.attribute("defer") != nil }, "\(theme) \(path)")
                #expect(scripts.allSatisfy { $0.attribute("src") != nil && $0.text.allSatisfy(\.isWhitespace) }, "\(theme) \(path)")
            }
            // The story page: one form posting to the backend, its button showing the sum.
            for number in 0..<6 {
                let page = HTMLDocument(files.text("s/story\(number)/index.html"))
                let forms = page.elements(named: "form").filter { $0.classes.contains("heart-form") }
                #expect(forms.count == 1, "\(theme) story\(number)")
                let form = try #require(forms.first)
                #expect(form.attribute("method") == "post")
                #expect(form.attribute("action") == "https://hearts.example.net/api/hearts/story\(number)")
            }
            let story2 = files.text("s/story2/index.html")
            #expect(story2.contains("<span class=\"heart-count\" aria-hidden=\"true\">30</span>"), "\(theme)")
            #expect(story2.contains("aria-live=\"polite\">Hearts: <span class=\"heart-total\">30</span>"), "\(theme)")
            #expect(story2.contains("<button type=\"submit\" class=\"heart-button\">"), "\(theme)")
            #expect(story2.contains("<span class=\"visually-hidden\">Give a heart</span></button>"), "\(theme)")
            // Every card of a list has its button (the home page shows all six).
            let home = HTMLDocument(files.text("index.html"))
            let actions = home.elements(named: "form").compactMap { $0.attribute("action") }
            #expect(Set(actions) == Set((0..<6).map { "https://hearts.example.net/api/hearts/story\($0)" }), "\(theme)")
            // What the site promises still holds, with the script allowed on every page.
            let pages = Set(files.keys.filter { $0.hasSuffix(".html") })
            let promises = SitePromises(origin: "https://stories.example.org", scriptPages: pages)
            let broken = promises.violations(in: files).filter { $0.promise != .contentSecurityPolicy && $0.promise != .sameOrigin }
            #expect(broken.isEmpty, "\(broken.prefix(10))")
            // The only other origin any page names is the backend's, in a form's action.
            let elsewhere = promises.violations(in: files).filter { $0.promise == .sameOrigin }
            #expect(elsewhere.allSatisfy { $0.detail.hasPrefix("action loads from another origin") }, "\(elsewhere.prefix(5))")
        }
    }

    @Test(arguments: themes)
    func withoutABackendThereIsNoFormNoScriptAndTheUsualPolicy(_ theme: String) throws {
        try withTemporaryFolder { folder in
            let (result, files) = try Self.built(
                folder,
                config: Self.config(theme: theme, ledger: "ledger.json"),
                ledger: Self.snapshot(["story2": 30])
            )
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            for (path, bytes) in files where path.hasSuffix(".html") {
                let text = String(decoding: bytes, as: UTF8.self)
                let page = HTMLDocument(text)
                #expect(page.elements(named: "form").allSatisfy { !$0.classes.contains("heart-form") }, "\(theme) \(path)")
                #expect(!text.contains("/assets/hearts."), "\(theme) \(path): names hearts.js")
                if path != "search/index.html" { #expect(page.elements(named: "script").isEmpty, "\(theme) \(path)") }
            }
            let violations = SitePromises(origin: "https://stories.example.org").violations(in: files)
            #expect(violations.isEmpty, "\(violations.prefix(10))")
            // The count is the sum all the same, as plain text.
            #expect(
                files.text("s/story2/index.html").contains("<span aria-hidden=\"true\">30</span><span class=\"visually-hidden\">30 hearts</span>")
            )
        }
    }

    @Test func aThemeThatBuildsTheHeartURLFromTheIdIsWarned() {
        let built = TemplateCheck.urlAttributeProblems(
            in: "<form method=\"post\" action=\"{{backend.url}}hearts/{{id}}\">",
            file: "Templates/mine/heart.mustache"
        )
        #expect(built.map(\.code.name) == ["template.text-in-url"])
        #expect(built.first?.message.contains("{{id}}") ?? false)
        let given = TemplateCheck.urlAttributeProblems(
            in: "<form method=\"post\" action=\"{{heart_url}}\"><a href=\"{{backend.hearts_json_url}}\">",
            file: "Templates/mine/heart.mustache"
        )
        #expect(given.isEmpty)
    }
}
