import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// `swift test` builds the executable with the tests, so a missing one is a failure, not a skip.
@Suite
struct CommandLineTests {
    /// A site with one good story and one with an unknown key on line 3, column 1.
    private func brokenSite(_ folder: TemporaryFolder) throws -> String {
        try folder.makeSite(stories: [
            "good.md": story(title: "Good"),
            "bad.md": "---\ndate: 2026-11-02\ntitel: Oops\n---\nBody.\n",
        ])
    }

    // MARK: check --format

    @Test func checkFormatJSON() throws {
        try withTemporaryFolder { folder in
            let site = try brokenSite(folder)
            let run = try hush(["check", site, "--format", "json"], in: folder.path)
            #expect(run.status == 1, "\(run.standardError)")
            let data = Data(run.standardOutput.utf8)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(run.standardOutput)")
            let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
            let summary = try #require(object["summary"] as? [String: Any])
            #expect(diagnostics.count == 1)
            let first = try #require(diagnostics.first)
            #expect(first["file"] as? String == "site/content/bad.md", "relative to the working directory")
            #expect(first["line"] as? Int == 3)
            #expect(first["column"] as? Int == 1)
            #expect(first["severity"] as? String == "error")
            #expect(first["code"] as? String == "front-matter.unknown-key")
            #expect((first["message"] as? String)?.contains("did you mean 'title'") == true)
            #expect(Set(first.keys) == ["file", "line", "column", "severity", "code", "message"])
            #expect(summary["errors"] as? Int == 1)
            #expect(summary["warnings"] as? Int == 0)
            #expect(!run.standardOutput.contains(folder.path), "no absolute path in the report")
        }
    }

    @Test func checkFormatJSONWithNothingWrong() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["good.md": story()])
            let run = try hush(["check", site, "--format", "json"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
            #expect((object["diagnostics"] as? [Any])?.isEmpty == true)
            #expect((object["summary"] as? [String: Any])?["stories"] as? Int == 1)
        }
    }

    @Test func checkFormatGitHub() throws {
        try withTemporaryFolder { folder in
            let site = try brokenSite(folder)
            let run = try hush(["check", site, "--format", "github"], in: folder.path, environment: ["GITHUB_WORKSPACE": ""])
            #expect(run.status == 1)
            let annotations = run.standardOutput.split(separator: "\n").filter { $0.hasPrefix("::") }
            #expect(annotations.count == 1, "\(run.standardOutput)")
            let line = String(annotations.first ?? "")
            #expect(line.hasPrefix("::error file=site/content/bad.md,line=3,col=1"), "\(line)")
            let properties = line.dropFirst(2).prefix { $0 != ":" }
            #expect(!properties.contains(" file=/"))
            let message = line.components(separatedBy: "::").last ?? ""
            #expect(message.contains("'titel' is not a story key"), "\(line)")
        }
    }

    @Test func checkFormatTextShowsTheLineWithACaret() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["bad.md": "---\ndate: 2026-11-02\nhearts: many\n---\nBody.\n"])
            let run = try hush(["check", site], in: folder.path)
            #expect(run.status == 1)
            let lines = run.standardError.components(separatedBy: "\n")
            let index = try #require(lines.firstIndex { $0.hasPrefix("site/content/bad.md:3:9: error[front-matter.type]: ") }, "\(run.standardError)")
            #expect(lines.count > index + 2)
            #expect(lines[index + 1] == "    hearts: ••••", "the value is masked: it may be anything")
            #expect(lines[index + 2] == "            ^", "the caret is under column 9")
            #expect(run.standardOutput.isEmpty)
        }
    }

    // MARK: Exit codes

    @Test func exitCodes() throws {
        try withTemporaryFolder { folder in
            let good = try folder.makeSite(named: "good", stories: ["a.md": story()])
            let built = try hush(["build", good, "--output", folder("out"), "--now", "2026-11-02"], in: folder.path)
            #expect(built.status == 0, "\(built.standardError)")
            #expect(FileManager.default.fileExists(atPath: folder("out/index.html")))

            let broken = try brokenSite(folder)
            #expect(try hush(["check", broken], in: folder.path).status == 1)
            #expect(try hush(["build", broken, "--output", folder("out-broken")], in: folder.path).status == 1)
            #expect(!FileManager.default.fileExists(atPath: folder("out-broken")))

            try folder.write(story(), to: "bare/content/a.md")
            let missing = try hush(["check", folder("bare")], in: folder.path)
            #expect(missing.status == 2)
            #expect(missing.standardError.contains("config.missing"))

            let configured = try folder.makeSite(named: "configured", stories: ["a.md": story()], config: testConfig + "theme: fancy\n")
            #expect(try hush(["check", configured], in: folder.path).status == 2)
        }
    }

    @Test(arguments: [["check", ".", "--now", "tomorrow"], ["check", ".", "--format", "xml"], ["check", ".", "--bogus"], ["frobnicate"]])
    func usageErrorsExitWithTwo(_ arguments: [String]) throws {
        try withTemporaryFolder { folder in
            try folder.makeSite(named: ".", stories: ["a.md": story()])
            let run = try hush(arguments, in: folder.path)
            #expect(run.status == 2, "usage errors exit with 2 (docs/diagnostics.md); got \(run.status): \(run.standardError)")
            #expect(!run.standardError.isEmpty)
        }
    }

    // MARK: init and new

    @Test func initMakesASiteThatBuilds() throws {
        try withTemporaryFolder { folder in
            let run = try hush(["init", "mysite"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            let config = try String(contentsOfFile: folder("mysite/hush.yml"), encoding: .utf8)
            let (parsed, diagnostics) = ConfigParser.parse(SourceFile(path: "hush.yml", bytes: Array(config.utf8)))
            // The one thing left to set is base_url, which hush init leaves as a placeholder.
            #expect(diagnostics.map(\.code.name) == ["config.placeholder-url"])
            let secret = try #require(parsed?.secret)
            #expect(secret.count >= 32)
            let stories = try FileManager.default.contentsOfDirectory(atPath: folder("mysite/content")).filter { $0.hasSuffix(".md") }
            #expect(stories.count == 1)

            let built = try hush(["build", "mysite", "--format", "json"], in: folder.path)
            #expect(built.status == 0, "\(built.standardOutput)\(built.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(built.standardOutput.utf8)) as? [String: Any])
            let codes = (object["diagnostics"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["config.placeholder-url"], "builds with only the placeholder warning: \(built.standardOutput)")
            #expect(try outputFiles(in: folder("mysite/public")).storyPages.count == 1)

            // Two sites get two secrets.
            #expect(try hush(["init", "other"], in: folder.path).status == 0)
            let other = try String(contentsOfFile: folder("other/hush.yml"), encoding: .utf8)
            #expect(ConfigParser.parse(SourceFile(path: "hush.yml", bytes: Array(other.utf8))).0?.secret != secret)
        }
    }

    @Test func initWithABaseURLMakesASiteThatChecksClean() throws {
        try withTemporaryFolder { folder in
            let run = try hush(["init", "mysite", "--base-url", "https://stories.example.net/confessions"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            let config = try String(contentsOfFile: folder("mysite/hush.yml"), encoding: .utf8)
            #expect(config.contains("base_url: \"https://stories.example.net/confessions/\""), "\(config)")
            let checked = try hush(["check", "mysite", "--strict"], in: folder.path)
            #expect(checked.status == 0, "no warning at all: \(checked.standardError)")
            #expect(try hush(["init", "bad", "--base-url", "stories.example.net"], in: folder.path).status == 2)
        }
    }

    @Test func initRefusesToOverwrite() throws {
        try withTemporaryFolder { folder in
            #expect(try hush(["init", "mysite"], in: folder.path).status == 0)
            let before = try outputFiles(in: folder("mysite"))
            let again = try hush(["init", "mysite"], in: folder.path)
            #expect(again.status == 2)
            #expect(again.standardError.contains("already exists"))
            #expect(try outputFiles(in: folder("mysite")) == before)
        }
    }

    @Test func newWritesADraftWithAFreshID() throws {
        try withTemporaryFolder { folder in
            #expect(try hush(["init", "mysite"], in: folder.path).status == 0)
            let run = try hush(["new", "--tags", "a,b", "--site", "mysite"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            let printed = run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!printed.isEmpty && !printed.contains("\n"), "prints one path: \(printed)")
            let path = printed.hasPrefix("/") ? printed : folder(printed)
            let bytes = try #require(FileManager.default.contents(atPath: path), "\(printed) does not exist")
            let relative = "content/" + URL(fileURLWithPath: path).lastPathComponent
            let (parsed, diagnostics) = StoryParser.parse(SourceFile(path: relative, bytes: Array(bytes)))
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            let story = try #require(parsed)
            let id = try #require(story.id?.value)
            #expect(PublicID.isValid(id))
            #expect(story.draft)
            #expect(story.tags.map(\.value) == ["a", "b"])

            let second = try hush(["new", "--site", "mysite"], in: folder.path)
            #expect(second.status == 0)
            #expect(second.standardOutput != run.standardOutput, "every story gets its own id")

            let check = try hush(["build", "mysite"], in: folder.path)
            #expect(check.status == 0, "\(check.standardError)")
            let drafts = try hush(["build", "mysite", "--drafts", "--output", "with-drafts"], in: folder.path)
            #expect(drafts.status == 0, "\(drafts.standardError)")
            #expect(FileManager.default.fileExists(atPath: folder("with-drafts/s/\(id)/index.html")))
        }
    }

    // MARK: The environment: HUSH_SECRET and SOURCE_DATE_EPOCH

    /// A site of one story without an id, at `content/work/night-shift.md`, whose hush.yml
    /// has `testSecret`; and one with no stories at all.
    private func environmentSites(_ folder: TemporaryFolder) throws -> (story: String, empty: String) {
        let story = try folder.makeSite(named: "story", stories: ["work/night-shift.md": HushTestSupport.story(title: "Night shift")])
        let empty = try folder.makeSite(named: "empty", stories: [:])
        return (story, empty)
    }

    /// The ids hush derives for `work/night-shift.md`: with hush.yml's secret (`testSecret`)
    /// and with `HUSH_SECRET=ci-secret-Zr81qT`. Written out, not computed by the product.
    static let idWithFileSecret = "g6o3vye3qy"
    static let idWithEnvironmentSecret = "h6m2gynicp"

    @Test func hushSecretInTheEnvironmentOverridesHushYml() throws {
        try withTemporaryFolder { folder in
            let (site, _) = try environmentSites(folder)
            let plain = try hush(["build", site, "--output", folder("plain"), "--now", "2026-11-02"], in: folder.path)
            #expect(plain.status == 0, "\(plain.standardError)")
            #expect(try outputFiles(in: folder("plain")).storyPages == ["s/\(Self.idWithFileSecret)/index.html"])

            let keyed = try hush(
                ["build", site, "--output", folder("keyed"), "--now", "2026-11-02"],
                in: folder.path,
                environment: ["HUSH_SECRET": "ci-secret-Zr81qT"]
            )
            #expect(keyed.status == 0, "\(keyed.standardError)")
            #expect(try outputFiles(in: folder("keyed")).storyPages == ["s/\(Self.idWithEnvironmentSecret)/index.html"])
            #expect(!(try outputFiles(in: folder("keyed"))).values.contains { containsBytes($0, Array(Self.idWithFileSecret.utf8)) })
        }
    }

    @Test func hushSecretAloneSilencesTheNoSecretWarning() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()], config: "title: T\nbase_url: https://stories.example.org/\n")
            let without = try hush(["check", site, "--format", "json"], in: folder.path)
            #expect(without.status == 0)
            #expect(without.standardOutput.contains("\"config.no-secret\""), "\(without.standardOutput)")
            let with = try hush(["check", site, "--format", "json", "--strict"], in: folder.path, environment: ["HUSH_SECRET": "ci-secret-Zr81qT"])
            #expect(with.status == 0, "\(with.standardOutput)")
            #expect(!with.standardOutput.contains("config.no-secret"), "\(with.standardOutput)")
        }
    }

    /// 2026-01-15T13:45:00Z: the build day is 2026-01-15, whatever the time of day.
    static let epoch = "1768484700"
    static let epochMidnight = 1_768_435_200

    /// What the build date shows: the Atom feed's `updated` of a site with no stories, and the
    /// modification time of every file written.
    private func buildDateShown(in output: String) throws -> (updated: String, times: Set<Int>) {
        let atom = HTMLDocument(try String(contentsOfFile: output + "/feed.xml", encoding: .utf8))
        let updated = atom.elements.first { $0.node.name == "updated" }.map { atom.textContent(of: $0.index) } ?? ""
        let files = try outputFiles(in: output)
        return (updated, Set(files.keys.compactMap { modificationTime(of: output + "/" + $0) }))
    }

    @Test func sourceDateEpochIsTheBuildDate() throws {
        try withTemporaryFolder { folder in
            let (_, empty) = try environmentSites(folder)
            let run = try hush(["build", empty, "--output", folder("out")], in: folder.path, environment: ["SOURCE_DATE_EPOCH": Self.epoch])
            #expect(run.status == 0, "\(run.standardError)")
            let shown = try buildDateShown(in: folder("out"))
            #expect(shown.updated == "2026-01-15T00:00:00Z")
            #expect(shown.times == [Self.epochMidnight], "every file is dated at midnight of the build day")
        }
    }

    @Test func nowBeatsSourceDateEpoch() throws {
        try withTemporaryFolder { folder in
            let (_, empty) = try environmentSites(folder)
            let run = try hush(
                ["build", empty, "--output", folder("out"), "--now", "2025-06-30"],
                in: folder.path,
                environment: ["SOURCE_DATE_EPOCH": Self.epoch]
            )
            #expect(run.status == 0, "\(run.standardError)")
            let shown = try buildDateShown(in: folder("out"))
            #expect(shown.updated == "2025-06-30T00:00:00Z")
            #expect(shown.times == [1_751_241_600], "2025-06-30T00:00:00Z")
        }
    }

    /// Without either, the build date is today; the same site built with SOURCE_DATE_EPOCH
    /// set to another day shows that day instead, so the variable is really read.
    @Test func withoutNowOrSourceDateEpochTheBuildDateIsToday() throws {
        try withTemporaryFolder { folder in
            let (_, empty) = try environmentSites(folder)
            let before = Int(Date().timeIntervalSince1970) / 86_400 * 86_400
            let run = try hush(["build", empty, "--output", folder("out")], in: folder.path)
            let after = Int(Date().timeIntervalSince1970) / 86_400 * 86_400
            #expect(run.status == 0, "\(run.standardError)")
            let shown = try buildDateShown(in: folder("out"))
            #expect(shown.times.count == 1 && (shown.times.first.map { $0 == before || $0 == after } ?? false), "\(shown.times)")
            #expect(shown.times != [Self.epochMidnight])
        }
    }

    /// The user running a build, and their home folder, appear nowhere in what it writes,
    /// also when the name is short (root) and so a common word: the build runs as a user
    /// with a long, unmistakable name and home.
    @Test func theUserAndTheirHomeAppearNowhereInTheOutput() throws {
        try withTemporaryFolder { folder in
            let user = "zelda-quillfeather-7731"
            let home = folder("home/" + user)
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            let site = try folder.makeSite(named: "home/\(user)/site", stories: ["a.md": story(title: "One", tags: ["t"])])
            let environment = ["USER": user, "LOGNAME": user, "HOME": home, "PWD": site]
            let run = try hush(["build", ".", "--now", "2026-11-02"], in: site, environment: environment)
            #expect(run.status == 0, "\(run.standardError)")
            let files = try outputFiles(in: site + "/public")
            #expect(files.storyPages.count == 1)
            for needle in [user, "quillfeather", home, folder.path] {
                let found = files.filter { containsBytes($0.value, Array(needle.utf8)) }.map(\.key).sorted()
                #expect(found.isEmpty, "\(needle) is in \(found)")
            }
        }
    }

    @Test func newOutsideASiteIsRefused() throws {
        try withTemporaryFolder { folder in
            let run = try hush(["new", "--site", "nowhere"], in: folder.path)
            #expect(run.status == 2)
            #expect(!FileManager.default.fileExists(atPath: folder("nowhere/content")))
        }
    }
}
