import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// The publisher's set-up is read strictly and never silently: a weak secret, a bad
/// SOURCE_DATE_EPOCH, a hush.yml with a byte order mark, hidden files in content/, a linked
/// Templates/.
@Suite struct SetUpTests {
    // MARK: Secrets

    @Test(arguments: ["\"\"", "\"   \"", "short", "\"fifteen-bytes!!\"", "\"ünïcödé\""])
    func aWeakSecretIsRefused(_ secret: String) throws {
        let config = "title: T\nbase_url: https://stories.example.org/\nsecret: \(secret)\n"
        let result = try check(stories: ["a.md": story()], config: config)
        let error = try #require(result.diagnostics("config.weak-secret").first, "\(result.listing)")
        #expect(error.severity == .error && error.line == 3, "\(result.listing)")
        #expect(result.summary.exitCode == 2)
    }

    @Test(arguments: ["", " ", "from-ci", "fifteen-bytes!!"])
    func aWeakHushSecretIsRefused(_ secret: String) throws {
        let config = "title: T\nbase_url: https://stories.example.org/\n"
        let result = try check(stories: ["a.md": story()], config: config, environment: ["HUSH_SECRET": secret])
        #expect(result.diagnostics("config.weak-secret").count == 1, "\(result.listing)")
        #expect(result.summary.exitCode == 2)
        ProtectedMessagesTests.expectNeverPrinted(secret.count > 3 ? [secret] : [], in: result)
    }

    @Test(arguments: ["sixteen-bytes-ok", "a-much-longer-secret-of-forty-characters"])
    func aSecretOfSixteenBytesIsEnough(_ secret: String) throws {
        let config = "title: T\nbase_url: https://stories.example.org/\nsecret: \(secret)\n"
        let inFile = try check(stories: ["a.md": story()], config: config, strict: true)
        #expect(inFile.diagnostics.isEmpty, "\(inFile.listing)")
        let inEnvironment = try check(
            stories: ["a.md": story()],
            config: "title: T\nbase_url: https://stories.example.org/\n",
            strict: true,
            environment: ["HUSH_SECRET": secret]
        )
        #expect(inEnvironment.diagnostics.isEmpty, "\(inEnvironment.listing)")
    }

    @Test func aSecretWithNoValueIsNoSecret() throws {
        let result = try check(stories: ["a.md": story()], config: "title: T\nbase_url: https://stories.example.org/\nsecret:\n")
        #expect(result.codes == ["config.no-secret"], "\(result.listing)")
    }

    // MARK: SOURCE_DATE_EPOCH

    @Test(arguments: [
        "-9223372036854775808", "9223372036854775807", "-1", "yesterday", "1.5e9", "0x10", "+1793491200", "1793491200 ", "253402300800",
    ])
    func aBadSourceDateEpochIsAUsageError(_ value: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()])
            let result = build(site: site, output: folder("public"), now: nil, environment: ["SOURCE_DATE_EPOCH": value])
            #expect(result.codes == ["config.source-date-epoch"], "\(result.listing)")
            #expect(result.summary.exitCode == 2)
            #expect(FileSystem.kind(of: folder("public")) == .missing, "nothing is built with a date no one asked for")
        }
    }

    @Test(arguments: [("0", "1970-01-01"), ("1793491200", "2026-11-01"), ("1793577599", "2026-11-01"), ("253402300799", "9999-12-31")])
    func aGoodSourceDateEpochIsTheBuildDate(_ value: String, _ day: String) throws {
        #expect(try SiteLoader.buildDate(environment: ["SOURCE_DATE_EPOCH": value]).get().description == day)
    }

    @Test func anEmptySourceDateEpochIsUnset() throws {
        #expect((try? SiteLoader.buildDate(environment: ["SOURCE_DATE_EPOCH": ""]).get()) != nil)
    }

    @Test func nowWinsOverABadSourceDateEpoch() throws {
        let result = try check(stories: ["a.md": story()], environment: ["SOURCE_DATE_EPOCH": "soon"])
        #expect(result.diagnostics.isEmpty, "--now is given, so the variable is not read: \(result.listing)")
    }

    // MARK: hush.yml with a byte order mark

    @Test func aByteOrderMarkInHushYmlIsIgnored() throws {
        let (config, diagnostics) = ConfigParser.parse(SourceFile(path: "hush.yml", bytes: Array(("\u{FEFF}" + testConfig).utf8)))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(config?.title == "Test stories")
    }

    // MARK: Hidden files in content/

    @Test func hiddenFilesInContentAreNamed() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story(), ".hidden.md": story(), ".old/b.md": story(), ".gitkeep": "", "x/.DS_Store": ""])
            let result = build(site: site, output: folder("public"))
            #expect(result.diagnostics("content.hidden").map(\.file) == ["content/.hidden.md", "content/.old"], "\(result.listing)")
            #expect(result.summary.exitCode == 0)
            #expect(result.summary.stories == 1)
        }
    }

    // MARK: A linked Templates/

    @Test func aTemplatesLinkInsideTheSiteIsFollowed() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()], config: testConfig + "theme: mine\n")
            try folder.write("parent: default\n", to: "site/theme/mine/theme.yml")
            try FileManager.default.createSymbolicLink(atPath: site + "/Templates", withDestinationPath: "theme")
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 0, "\(result.listing)")
        }
    }

    @Test(arguments: ["../elsewhere", "/", "nothing-there", "."])
    func aTemplatesLinkOutOfTheSiteIsAnError(_ target: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()], config: testConfig + "theme: mine\n")
            try folder.write("parent: default\n", to: "elsewhere/mine/theme.yml")
            try FileManager.default.createSymbolicLink(atPath: site + "/Templates", withDestinationPath: target)
            let result = build(site: site, output: folder("public"))
            #expect(result.diagnostics("template.symlink").count == 1, "\(result.listing)")
            #expect(result.summary.exitCode == 2)
        }
    }
}
