import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// hush.yml: what is required, what is checked, what the defaults are, and the exit codes
/// of docs/diagnostics.md (0 success, 1 content errors, 2 usage or configuration, 3 I/O).
@Suite struct ConfigTests {
    private func parse(_ yaml: String) -> (SiteConfig?, [Diagnostic]) {
        ConfigParser.parse(SourceFile(path: "hush.yml", bytes: Array(yaml.utf8)))
    }

    private func checkConfig(_ yaml: String, strict: Bool = false) throws -> BuildResult {
        try check(stories: ["a.md": story(title: "A")], config: yaml, strict: strict)
    }

    // MARK: Required

    @Test func missingConfigIsAConfigurationError() throws {
        try withTemporaryFolder { folder in
            try folder.write(story(), to: "site/content/a.md")
            let result = build(site: folder("site"), output: folder("public"))
            #expect(result.codes == ["config.missing"], "\(result.listing)")
            #expect(result.diagnostics.first?.file == "hush.yml")
            #expect(result.summary.exitCode == 2)
            #expect(!FileManager.default.fileExists(atPath: folder("public")))
        }
    }

    @Test func siteThatIsNotAFolderIsAConfigurationError() throws {
        try withTemporaryFolder { folder in
            let result = build(site: folder("nowhere"))
            #expect(result.summary.exitCode == 2)
            #expect(result.codes.allSatisfy { $0.hasPrefix("config.") }, "\(result.listing)")
        }
    }

    @Test(arguments: [
        ("base_url: \"https://stories.example.org/\"\n", "title"),
        ("title: \"Stories\"\n", "base_url"),
    ])
    func missingRequiredKey(_ yaml: String, _ missing: String) throws {
        let result = try checkConfig(yaml + "secret: s3cr3t-s3cr3t-s3cr3t\n")
        let error = try #require(result.diagnostics("config.missing-key").first, "\(result.listing)")
        #expect(result.errors.count == 1, "\(result.listing)")
        #expect(error.message.contains(missing))
        #expect(error.file == "hush.yml")
        #expect(result.summary.exitCode == 2)
    }

    // MARK: Checked values

    @Test(arguments: [
        ("page_size: lots", 4, 12),
        ("page_size: 0", 4, 12),
        ("feed_size: [1, 2]", 4, 12),
        ("smart_punctuation: perhaps", 4, 20),
        ("anonymity: strict", 4, 12),
    ])
    func wrongType(_ line: String, _ row: Int, _ column: Int) throws {
        let result = try checkConfig(testConfig + line + "\n")
        let error = try #require(result.errors.first, "\(result.listing)")
        #expect(result.errors.count == 1, "\(result.listing)")
        #expect(error.code == "config.type")
        #expect(error.file == "hush.yml")
        #expect(error.line == row && error.column == column)
        #expect(result.summary.exitCode == 2)
    }

    @Test func unknownKeySuggestsTheNearestOne() throws {
        let result = try checkConfig("titel: \"Stories\"\nbase_url: \"https://stories.example.org/\"\nsecret: s3cr3t-s3cr3t-s3cr3t\n")
        let unknown = try #require(result.diagnostics("config.unknown-key").first, "\(result.listing)")
        #expect(unknown.line == 1 && unknown.column == 1)
        #expect(unknown.message.contains("did you mean 'title'"), "\(unknown.message)")
        #expect(result.diagnostics("config.missing-key").count == 1, "title is still missing")
        #expect(result.summary.exitCode == 2)
    }

    @Test func unknownAnonymityKeySuggestsTheNearestOne() throws {
        let result = try checkConfig(testConfig + "anonymity:\n  date_precison: day\n")
        let unknown = try #require(result.diagnostics("config.unknown-key").first, "\(result.listing)")
        #expect(unknown.line == 5 && unknown.column == 3)
        #expect(unknown.message.contains("did you mean 'date_precision'"), "\(unknown.message)")
        #expect(result.summary.exitCode == 2)
    }

    @Test(arguments: ["example.org", "ftp://example.org/", "https://exa mple.org/", "/stories/", "https://"])
    func badBaseURL(_ url: String) throws {
        let result = try checkConfig("title: T\nbase_url: \"\(url)\"\nsecret: s3cr3t-s3cr3t-s3cr3t\n")
        let error = try #require(result.errors.first, "\(result.listing)")
        #expect(result.errors.count == 1, "\(result.listing)")
        #expect(error.code == "config.invalid-value")
        #expect(error.line == 2 && error.column == 11)
        #expect(result.summary.exitCode == 2)
    }

    @Test(arguments: ["hour", "year", "Day", "7"])
    func badDatePrecision(_ value: String) throws {
        let result = try checkConfig(testConfig + "anonymity:\n  date_precision: \(value)\n")
        let error = try #require(result.errors.first, "\(result.listing)")
        #expect(error.code == "config.invalid-value")
        #expect(error.line == 5 && error.column == 19)
        #expect(error.message.contains("day, week or month"))
        #expect(result.summary.exitCode == 2)
    }

    @Test func unknownThemeListsTheKnownOnes() throws {
        let result = try checkConfig(testConfig + "theme: fancy\n")
        let error = try #require(result.diagnostics("config.unknown-theme").first, "\(result.listing)")
        #expect(error.message.contains("fancy"))
        for known in ["default", "paper", "whisper"] {
            #expect(error.message.contains(known), "\(error.message)")
        }
        #expect(result.summary.exitCode == 2)
    }

    @Test func yamlSyntaxErrorHasItsLine() throws {
        let result = try checkConfig(testConfig + "description: a: b\n")
        let error = try #require(result.errors.first, "\(result.listing)")
        #expect(error.code == "config.syntax")
        #expect(error.line == 4 && error.column == 15)
        #expect(result.summary.exitCode == 2)
    }

    @Test func duplicateKeyPointsAtTheSecondOne() throws {
        let result = try checkConfig(testConfig + "page_size: 5\ntitle: \"Again\"\n")
        let error = try #require(result.errors.first, "\(result.listing)")
        #expect(result.errors.count == 1, "\(result.listing)")
        #expect(error.code == "config.duplicate-key")
        #expect(error.line == 5, "the line of the second 'title'")
        #expect(error.column == 1)
        #expect(result.summary.exitCode == 2)
    }

    @Test func configThatIsNotAMapping() throws {
        let result = try checkConfig("- title\n- base_url\n")
        #expect(result.codes == ["config.type"], "\(result.listing)")
        #expect(result.summary.exitCode == 2)
    }

    // MARK: Defaults

    @Test func defaultsAreApplied() throws {
        let (parsed, diagnostics) = parse("title: T\nbase_url: https://stories.example.org\n")
        #expect(diagnostics.isEmpty)
        let config = try #require(parsed)
        #expect(config.baseURL == "https://stories.example.org/", "a missing final slash is added")
        #expect(config.rootPath == "/")
        #expect(config.pageSize == 20)
        #expect(config.feedSize == 50)
        #expect(config.language == "en")
        #expect(config.theme == "default")
        #expect(config.secret == nil)
        #expect(config.description == nil)
        #expect(config.smartPunctuation == false)
        #expect(config.noindex == false)
        #expect(config.anonymity.datePrecision == .week)
        #expect(config.anonymity.minTagSize == 1)
        for kind in PersonalDataKind.allCases {
            #expect(config.anonymity.personalData[kind] == (kind == .handle ? .warn : .fail), "\(kind)")
        }
    }

    @Test func defaultsShowInTheBuiltSite() throws {
        var stories: [String: String] = [:]
        let monday = Day(year: 2026, month: 3, day: 2)!
        for number in 1...21 {
            let date = Day(daysSinceEpoch: monday.daysSinceEpoch + 7 * (number - 1))
            stories["s\(number).md"] = story(date: date.description, title: "Story \(number)", id: "story-\(number)")
        }
        let built = try buildStories(stories)
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        #expect(listedStoryIDs(in: built.files.text("index.html")).count == 20, "page_size defaults to 20")
        #expect(listedStoryIDs(in: built.files.text("page/2/index.html")) == ["story-1"])
        #expect(built.files.text("index.html").contains("<html lang=\"en\">"))
        #expect(built.files.text("s/story-21/index.html").contains("Week of 20 Jul 2026"), "date_precision defaults to week")
    }

    @Test(arguments: [("day", "2026-10-21", "21 Oct 2026"), ("week", "2026-10-19", "Week of 19 Oct 2026"), ("month", "2026-10-01", "October 2026")])
    func datePrecisionRoundsPublishedDates(_ precision: String, _ iso: String, _ shown: String) throws {
        let built = try buildStories(
            ["a.md": story(date: "2026-10-21", id: "when")],
            config: testConfig + "anonymity:\n  date_precision: \(precision)\n"
        )
        let page = built.files.text("s/when/index.html")
        #expect(page.contains("<time datetime=\"\(iso)\">\(shown)</time>"), "\(storyBody(page))")
        #expect(built.files.values.allSatisfy { !containsBytes($0, Array("2026-10-21".utf8)) || precision == "day" })
    }

    /// A site served below a path: every link and asset is under that path, and resolves.
    @Test func baseURLWithAPathPrefixesEveryLink() throws {
        let built = try buildStories(
            ["a.md": story(date: "2026-10-01", tags: ["fear"], id: "story-a"), "b.md": story(date: "2026-10-15", tags: ["fear"], id: "story-b")],
            config: testConfig.replacingOccurrences(of: "https://stories.example.org/", with: "https://example.org/stories") + "page_size: 1\n"
        )
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        var checked = 0
        for (path, bytes) in built.files where path.hasSuffix(".html") {
            let html = String(decoding: bytes, as: UTF8.self)
            for link in attributeValues("href", in: html) + attributeValues("src", in: html) + attributeValues("data-index", in: html)
            where link.hasPrefix("/") {
                #expect(link.hasPrefix("/stories/"), "\(path): \(link)")
                var target = String(link.dropFirst("/stories/".count).prefix { $0 != "#" && $0 != "?" })
                if target.isEmpty || target.hasSuffix("/") { target += "index.html" }
                #expect(built.files[target] != nil, "\(path): \(link) does not resolve")
                checked += 1
            }
        }
        #expect(checked > 50)
        #expect(built.files.text("feed.xml").contains("<id>https://example.org/stories/s/story-a/</id>"))
        #expect(built.files.text("robots.txt").contains("Sitemap: https://example.org/stories/sitemap.xml"))
    }

    // MARK: Secret

    @Test func hushSecretInTheEnvironmentOverridesTheFile() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["nested/a.md": story(title: "Keyed")])
            // The ids of nested/a.md under testSecret and under "environment-secret", written
            // out: an id computed here by PublicID would agree with any change to PublicID.
            let fromFile = "oisaiqi6y3"
            let fromEnvironment = "fzdvya6u5y"

            let plain = try buildAndRead(site: site)
            #expect(plain.files.storyPages == ["s/\(fromFile)/index.html"])

            let overridden = try buildAndRead(site: site, environment: ["HUSH_SECRET": "environment-secret"])
            #expect(overridden.result.diagnostics.isEmpty, "\(overridden.result.listing)")
            #expect(overridden.files.storyPages == ["s/\(fromEnvironment)/index.html"])
        }
    }

    @Test func hushSecretAloneIsEnough() throws {
        let config = "title: T\nbase_url: https://stories.example.org/\n"
        let result = try check(stories: ["a.md": story()], config: config, environment: ["HUSH_SECRET": "from-ci-from-ci-from-ci"])
        #expect(result.diagnostics.isEmpty, "\(result.listing)")
    }

    @Test func noSecretIsAWarning() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()], config: "title: T\nbase_url: https://stories.example.org/\n")
            let result = build(site: site, output: folder("public"))
            let warning = try #require(result.diagnostics("config.no-secret").first, "\(result.listing)")
            #expect(warning.severity == .warning)
            #expect(warning.file == "hush.yml")
            #expect(result.summary.exitCode == 0)
            let files = try outputFiles(in: folder("public"))
            #expect(files.storyPages == ["s/73gmzf2ter/index.html"], "the unkeyed id of a.md, written out")

            let strict = build(site: site, output: folder("strict"), strict: true)
            let error = try #require(strict.diagnostics("config.no-secret").first, "\(strict.listing)")
            #expect(error.severity == .error)
            #expect(strict.summary.exitCode == 2, "a configuration error")
            #expect(!FileManager.default.fileExists(atPath: folder("strict")))
        }
    }

    // MARK: Exit codes

    @Test func exitCodes() throws {
        try withTemporaryFolder { folder in
            // 0: success, warnings allowed.
            let site = try folder.makeSite(stories: ["a.md": story(body: "![far](https://images.example.com/a.png)")])
            let warned = build(site: site, output: folder("out0"))
            #expect(warned.codes == ["render.external-image"], "\(warned.listing)")
            #expect(warned.summary.exitCode == 0)
            #expect(warned.summary.output == folder("out0"))

            // 1: the same warning under --strict, and nothing is written.
            let strict = build(site: site, output: folder("out1"), strict: true)
            #expect(strict.summary.exitCode == 1)
            #expect(strict.summary.output == nil)
            #expect(!FileManager.default.fileExists(atPath: folder("out1")))

            // 1: content errors.
            let broken = try folder.makeSite(named: "broken", stories: ["a.md": "no front matter\n"])
            #expect(build(site: broken, output: folder("out2")).summary.exitCode == 1)

            // 2: configuration errors (they win over content errors).
            let both = try folder.makeSite(named: "both", stories: ["a.md": "no front matter\n"], config: testConfig + "page_size: lots\n")
            #expect(build(site: both).summary.exitCode == 2)

            // 3: the output cannot be written.
            try folder.write("not a folder", to: "blocker")
            let blocked = build(site: site, output: folder("blocker/public"))
            #expect(blocked.summary.exitCode == 3, "\(blocked.listing)")
            #expect(blocked.codes.allSatisfy { $0.hasPrefix("output.") })
        }
    }

    @Test func checkWritesNothingAndReportsNoOutput() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()])
            let before = try outputFolders(in: folder.path)
            let result = build(site: site)
            #expect(result.summary.exitCode == 0)
            #expect(result.summary.output == nil)
            #expect(result.summary.stories == 1)
            #expect(try outputFolders(in: folder.path) == before)
        }
    }
}
