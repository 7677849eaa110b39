import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// Things that used to pass without a word and now speak: a comma where a list was meant, a
/// story dated in the future, an empty story, raw HTML and unsafe links, the placeholder
/// base_url, and tags that differ only in accents.
@Suite struct SilentPassTests {
    // MARK: A comma where a list was meant

    @Test(arguments: ["tags", "allow"])
    func aCommaInAPlainValueSuggestsAList(_ key: String) throws {
        let values = key == "tags" ? "love, loss" : "pii.handle, pii.email"
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\n\(key): \(values)\n---\nBody.\n"])
        let warning = try #require(result.diagnostics(Diagnostic.Code.frontMatterCommaList.name).first, "\(result.listing)")
        #expect(warning.severity == .warning)
        #expect(warning.line == 3 && warning.column == key.count + 3)
        #expect(warning.message.contains("`\(key): [\(values)]`"), "\(warning.message)")
    }

    @Test(arguments: ["tags: [love, loss]", "tags: \"love, loss\"", "tags:\n  - love\n  - loss", "tags: love", "title: Love, loss"])
    func aListOrAQuotedValueSaysNothing(_ line: String) throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\n\(line)\n---\nBody.\n"])
        #expect(result.diagnostics(Diagnostic.Code.frontMatterCommaList.name).isEmpty, "\(result.listing)")
    }

    /// The parser runs before the guard has looked for personal data: a value that is not
    /// plain words is not repeated, neither in the message nor in the caret line.
    @Test func aValueThatIsNotPlainWordsIsNotRepeated() throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\ntags: love, me@mail.example\n---\nBody.\n"])
        let warning = try #require(result.diagnostics(Diagnostic.Code.frontMatterCommaList.name).first, "\(result.listing)")
        #expect(!warning.message.contains("mail.example"), "\(warning.message)")
        #expect(warning.sourceLine == nil)
        #expect(warning.message.contains("[first, second]"))
    }

    // MARK: A story dated after the build date waits for it

    /// Tuesday 2026-11-03 is in the week of Monday 2026-11-02, the build date: rounded to the
    /// week it would look due, but its own day has not come.
    @Test func aFutureStoryWaitsForItsDay() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(
                stories: ["now.md": story(date: "2026-11-02", id: "nownownow"), "later.md": story(date: "2026-11-03", id: "laterlater")],
                config: testConfig + "anonymity:\n  date_precision: week\n"
            )
            let before = try buildAndRead(site: site, now: testDay)
            #expect(before.result.summary.exitCode == 0, "\(before.result.listing)")
            #expect(before.result.diagnostics.isEmpty, "a scheduled story is normal: no warning, \(before.result.listing)")
            #expect(before.files.storyPages == ["s/nownownow/index.html"])
            #expect(!before.files.values.contains { containsBytes($0, Array("laterlater".utf8)) }, "not in any list, feed or index")
            #expect(before.result.summary.scheduled == 1)
            #expect(before.result.summary.sentence.contains("1 story scheduled"), "\(before.result.summary.sentence)")

            let onTheDay = try buildAndRead(site: site, now: Day(year: 2026, month: 11, day: 3))
            #expect(onTheDay.files.storyPages == ["s/laterlater/index.html", "s/nownownow/index.html"])
            #expect(onTheDay.result.summary.scheduled == 0)
        }
    }

    /// A draft's date is not a schedule: --drafts builds it whatever its date, as a preview.
    @Test func draftsBuildWhateverTheirDate() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: [
                "draft.md": story(date: "2026-12-01", id: "draftdraft", extra: ["draft: true"]),
                "later.md": story(date: "2026-12-01", id: "laterlater"),
            ])
            let preview = try buildAndRead(site: site, drafts: true)
            #expect(preview.files.storyPages == ["s/draftdraft/index.html"], "\(preview.result.listing)")
            #expect(preview.result.summary.scheduled == 1 && preview.result.summary.drafts == 0)
            let plain = build(site: site)
            #expect(plain.summary.scheduled == 1 && plain.summary.drafts == 1, "a draft left out counts as a draft")
        }
    }

    /// SOURCE_DATE_EPOCH decides the build date when --now is not given.
    @Test func sourceDateEpochDecidesWhatIsDue() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["later.md": story(date: "2026-11-03", id: "laterlater")])
            // 2026-11-02T18:30:00Z, then 2026-11-03T00:00:00Z.
            let before = build(site: site, now: nil, environment: ["SOURCE_DATE_EPOCH": "1793644200"])
            #expect(before.summary.scheduled == 1 && before.summary.stories == 0)
            let after = build(site: site, now: nil, environment: ["SOURCE_DATE_EPOCH": "1793664000"])
            #expect(after.summary.scheduled == 0 && after.summary.stories == 1)
        }
    }

    /// A scheduled story is still checked now, so its problems are not a surprise on its day.
    @Test func aScheduledStoryIsStillChecked() throws {
        let result = try check(stories: ["later.md": "---\ndate: 2026-12-01\ntitel: x\n---\nBody.\n"])
        #expect(result.codes == ["front-matter.unknown-key"], "\(result.listing)")
        #expect(result.summary.scheduled == 0 && result.summary.failedFiles == 1)
    }

    // MARK: An empty story

    @Test(arguments: ["", "\n\n   \n", "<!-- to do -->\n", "<div>\n</div>\n"])
    func anEmptyStoryIsAnError(_ body: String) throws {
        let result = try check(stories: ["empty.md": "---\ndate: 2026-10-01\ntitle: Only a title\n---\n" + body, "full.md": story()])
        let error = try #require(result.diagnostics(Diagnostic.Code.contentEmpty.name).first, "\(result.listing)")
        #expect(error.severity == .error && error.file == "content/empty.md")
        #expect(error.line == 4, "the closing --- of the front matter")
        #expect(result.summary.exitCode == 1)
        #expect(result.summary.stories == 1, "only the full one")
    }

    /// `hush new` writes an empty draft: left out, it says nothing; built with --drafts, it is
    /// a preview, and a warning.
    @Test func anEmptyDraftIsAWarningOnlyWhenItIsBuilt() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["draft.md": "---\ndate: 2026-10-01\ndraft: true\n---\n\n", "full.md": story()])
            let left = build(site: site)
            #expect(left.diagnostics.isEmpty, "\(left.listing)")
            let built = build(site: site, drafts: true)
            #expect(built.diagnostics.map(\.code.name) == ["content.empty"], "\(built.listing)")
            #expect(built.warnings.count == 1 && built.summary.exitCode == 0)
        }
    }

    // MARK: Raw HTML and unsafe links

    @Test func rawHTMLIsReportedWhereItIsAndLeavesNoComment() throws {
        let body = "A first line.\nHéllo <b>bold</b> words.\n\n<div class=\"x\">\nblock\n</div>\n\nAnd <!-- a note --> more."
        let built = try buildStories(["a.md": story(id: "k3v9q2mf", body: body)])
        #expect(built.result.summary.exitCode == 0, "warnings only: \(built.result.listing)")
        let places = built.result.diagnostics(Diagnostic.Code.renderRawHTML.name).map { "\($0.file):\($0.line):\($0.column)" }
        // The body starts on line 5 of the file (after ---, date, id, ---); columns count
        // characters (cmark counts bytes, and "é" is two).
        #expect(places == ["content/a.md:6:7", "content/a.md:8:1", "content/a.md:12:5"], "\(built.result.listing)")
        let page = built.files.text("s/k3v9q2mf/index.html")
        #expect(!page.contains("raw HTML omitted"), "\(storyBody(page))")
        #expect(!page.contains("<!--"), "\(storyBody(page))")
        #expect(storyBody(page).contains("Héllo bold words."), "the text between tags stays: \(storyBody(page))")
        for (path, bytes) in built.files {
            #expect(!containsBytes(bytes, Array("raw HTML omitted".utf8)), "\(path)")
        }
    }

    @Test(arguments: ["[click](javascript:alert(1))", "<javascript:alert(1)>", "[mail](mailto:someone@mail.example)", "[x](data:text/html,hi)"])
    func anUnsafeLinkIsReportedWhereItIs(_ link: String) throws {
        let result = try check(
            stories: ["a.md": story(body: "First line.\nThen a " + link + " here.")],
            config: testConfig + "anonymity:\n  pii: warn\n"
        )
        let warning = try #require(result.diagnostics(Diagnostic.Code.renderUnsafeLink.name).first, "\(result.listing)")
        #expect(warning.line == 5 && warning.column == 8, "\(result.listing)")
        #expect(!warning.message.contains("alert") && !warning.message.contains("someone"), "the address is not repeated")
    }

    @Test func aWebLinkSaysNothing() throws {
        let result = try check(stories: ["a.md": story(body: "A [link](https://other.example/) and [ours](/tags/).")])
        #expect(result.diagnostics.isEmpty, "\(result.listing)")
    }

    // MARK: The placeholder base_url

    @Test(arguments: ["https://example.org/", "http://www.example.com/stories/", "https://EXAMPLE.net"])
    func thePlaceholderBaseURLIsAWarning(_ url: String) throws {
        let config = "title: T\nsecret: \"\(testSecret)\"\nbase_url: \(url)\n"
        let result = try check(stories: ["a.md": story()], config: config)
        let warning = try #require(result.diagnostics(Diagnostic.Code.configPlaceholderURL.name).first, "\(result.listing)")
        #expect(warning.file == "hush.yml" && warning.line == 3 && warning.column == 11)
        #expect(result.summary.exitCode == 0)
        let strict = try check(stories: ["a.md": story()], config: config, strict: true)
        #expect(strict.summary.exitCode == 2, "a set-up problem under --strict: \(strict.listing)")
    }

    @Test func aRealBaseURLOrALocalPreviewSaysNothing() throws {
        #expect(try check(stories: ["a.md": story()]).diagnostics.isEmpty, "stories.example.org is a site's own address")
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(
                stories: ["a.md": story()],
                config: "title: T\nsecret: s3cr3t-s3cr3t-s3cr3t\nbase_url: https://example.org/\n"
            )
            var request = BuildRequest(site: site)
            request.now = testDay
            request.localPreview = true  // hush serve
            #expect(Pipeline.run(request).diagnostics.isEmpty)
        }
    }

    // MARK: Tags that differ only in accents

    @Test func tagsThatDifferOnlyInAccentsAreNamed() throws {
        let built = try buildStories([
            "a.md": story(date: "2026-10-01", tags: ["Café"]),
            "b.md": story(date: "2026-10-02", tags: ["Café"]),
            "c.md": story(date: "2026-10-03", tags: ["cafe"]),
            "d.md": story(date: "2026-10-04", tags: ["naïve"]),
        ])
        let warnings = built.result.diagnostics(Diagnostic.Code.tagAccents.name)
        #expect(warnings.count == 1, "\(built.result.listing)")
        let warning = try #require(warnings.first)
        #expect(warning.file == "content/c.md" && warning.line == 3, "at the less used spelling")
        #expect(warning.message.contains("'cafe'") && warning.message.contains("spell it 'Café'"), "\(warning.message)")
        #expect(built.result.summary.exitCode == 0)
    }

    /// In other scripts a mark often makes another letter: か and が are two words.
    @Test func marksInOtherScriptsAreLetters() throws {
        let result = try check(stories: ["a.md": story(tags: ["か"]), "b.md": story(tags: ["が"])])
        #expect(result.diagnostics(Diagnostic.Code.tagAccents.name).isEmpty, "\(result.listing)")
    }
}
