import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Front matter problems: each one names the file, the line and column in the file (not in
/// the YAML block) and a stable code, and never stops the run before every file is checked.
@Suite struct FrontMatterTests {
    /// One bad story among good ones: exactly one error, with the expected place and code.
    struct BadStory: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let code: String
        let line: Int
        let column: Int
        var testDescription: String { name }
    }

    private func onlyError(_ text: String, file: String = "bad.md") throws -> (Diagnostic, BuildResult) {
        let result = try check(stories: [file: text, "good.md": story(title: "Fine")])
        let errors = result.errors
        #expect(errors.count == 1, "\(result.listing)")
        #expect(result.summary.exitCode == 1)
        let error = try #require(errors.first)
        #expect(error.file == "content/" + file)
        return (error, result)
    }

    // MARK: Structure

    @Test func missingFrontMatter() throws {
        let (error, _) = try onlyError("Just a story with no front matter.\n")
        #expect(error.code == "front-matter.missing")
        #expect(error.line == 1 && error.column == 1)
    }

    @Test func missingFrontMatterWhenTheFileIsEmpty() throws {
        let (error, _) = try onlyError("")
        #expect(error.code == "front-matter.missing")
    }

    @Test func unclosedFrontMatter() throws {
        let (error, _) = try onlyError("---\ndate: 2026-11-02\ntitle: never closed\n\nThe body.\n")
        #expect(error.code == "front-matter.unclosed")
        #expect(error.line == 1 && error.column == 1)
    }

    static let syntaxErrors: [BadStory] = [
        .init(
            name: "mapping value inside a value",
            text: "---\ndate: 2026-11-02\ntitle: a: b\n---\nBody.\n",
            code: "front-matter.syntax",
            line: 3,
            column: 9
        ),
        .init(
            name: "after a comment and a blank line",
            text: "---\n# notes\n\ndate: 2026-11-02\nmood: x: y\n---\nBody.\n",
            code: "front-matter.syntax",
            line: 5,
            column: 8
        ),
        .init(
            name: "columns count characters, not bytes",
            text: "---\ndate: 2026-11-02\ntitle: Ça été: oui\n---\nBody.\n",
            code: "front-matter.syntax",
            line: 3,
            column: 14  // 17 if counted in UTF-8 bytes
        ),
    ]

    /// Yams counts lines inside the block; the diagnostic must count them in the file.
    @Test(arguments: syntaxErrors)
    func yamlSyntaxErrorPointsIntoTheFile(_ bad: BadStory) throws {
        let (error, _) = try onlyError(bad.text)
        #expect(error.code == bad.code)
        #expect(error.line == bad.line, "line in the file, not inside the front matter block")
        #expect(error.column == bad.column)
    }

    // MARK: Keys

    @Test(arguments: [("titel", "title"), ("tag", "tags"), ("dat", "date"), ("moood", "mood"), ("drafts", "draft")])
    func unknownKeySuggestsTheNearestKnownOne(_ key: String, _ suggestion: String) throws {
        let (error, _) = try onlyError("---\ndate: 2026-11-02\n\(key): x\n---\nBody.\n")
        #expect(error.code == "front-matter.unknown-key")
        #expect(error.line == 3 && error.column == 1)
        #expect(error.message.contains("did you mean '\(suggestion)'"), "\(error.message)")
    }

    @Test func unknownKeyFarFromEveryKnownKeyListsThem() throws {
        let (error, _) = try onlyError("---\ndate: 2026-11-02\nweather: rainy\n---\nBody.\n")
        #expect(error.code == "front-matter.unknown-key")
        #expect(!error.message.contains("did you mean"))
        #expect(error.message.contains("title"))
    }

    static let secretValue = "Jane Q. Dough-Whistleblower"

    @Test(arguments: ["author", "Email", "real-name", "twitter", "Location"])
    func identifyingKeyIsRefusedWithoutRepeatingItsValue(_ key: String) throws {
        let text = "---\ntitle: Fine\ndate: 2026-11-02\n\(key): \(Self.secretValue)\n---\nBody.\n"
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["bad.md": text])
            let result = build(site: site, output: folder("public"))
            let error = try #require(result.errors.first, "\(result.listing)")
            #expect(result.errors.count == 1, "\(result.listing)")
            #expect(error.code == "front-matter.identifying-key")
            #expect(error.file == "content/bad.md")
            #expect(error.line == 4 && error.column == 1)
            #expect(result.summary.exitCode == 1)
            #expect(!FileManager.default.fileExists(atPath: folder("public")), "nothing is written")
            for diagnostic in result.diagnostics {
                #expect(!diagnostic.message.contains("Dough"))
                let caretLine = diagnostic.sourceLine?.text ?? ""
                #expect(!caretLine.contains("Dough"))
            }
            for format in DiagnosticFormat.allCases {
                #expect(!format.render(result.diagnostics, summary: result.summary).contains("Dough"), "\(format)")
            }
        }
    }

    /// The same key twice is still an identifying key: the caret display must not print the line.
    @Test func repeatedIdentifyingKeyNeverShowsItsValue() throws {
        let text = "---\nemail: jane.dough@example.com\ndate: 2026-11-02\nemail: jane.dough@example.com\n---\nBody.\n"
        let result = try check(stories: ["bad.md": text])
        #expect(result.summary.exitCode == 1)
        #expect(!result.errors.isEmpty)
        for format in DiagnosticFormat.allCases {
            let printed = format.render(result.diagnostics, summary: result.summary)
            #expect(!printed.contains("jane.dough"), "\(format): \(printed)")
        }
    }

    static let typeErrors: [BadStory] = [
        .init(name: "hearts: many", text: "---\ndate: 2026-11-02\nhearts: many\n---\nB.\n", code: "front-matter.type", line: 3, column: 9),
        .init(name: "hearts: -3", text: "---\ndate: 2026-11-02\nhearts: -3\n---\nB.\n", code: "front-matter.type", line: 3, column: 9),
        .init(name: "tags: {a: b}", text: "---\ndate: 2026-11-02\ntags: {a: b}\n---\nB.\n", code: "front-matter.type", line: 3, column: 7),
        .init(name: "draft: maybe", text: "---\ndate: 2026-11-02\ndraft: maybe\n---\nB.\n", code: "front-matter.type", line: 3, column: 8),
        .init(name: "title: [a, b]", text: "---\ndate: 2026-11-02\ntitle: [a, b]\n---\nB.\n", code: "front-matter.type", line: 3, column: 8),
        .init(name: "lang: English!", text: "---\ndate: 2026-11-02\nlang: English!\n---\nB.\n", code: "front-matter.type", line: 3, column: 7),
    ]

    @Test(arguments: typeErrors)
    func typeErrorPointsAtTheValue(_ bad: BadStory) throws {
        let (error, _) = try onlyError(bad.text)
        #expect(error.code == bad.code)
        #expect(error.line == bad.line)
        #expect(error.column == bad.column)
    }

    @Test func duplicateKeyPointsAtTheSecondOne() throws {
        let (error, _) = try onlyError("---\ndate: 2026-11-02\ntitle: One\nmood: calm\ntitle: Two\n---\nBody.\n")
        #expect(error.code == "front-matter.duplicate-key", "\(error.code): \(error.message)")
        #expect(error.line == 5, "the line of the second 'title'")
        #expect(error.column == 1)
        #expect(error.message.contains("line 3"), "\(error.message)")
    }

    // MARK: Dates

    @Test func missingDate() throws {
        let (error, _) = try onlyError("---\ntitle: No day\n---\nBody.\n")
        #expect(error.code == "date.missing")
        #expect(error.line == 1)
    }

    @Test(arguments: ["2026-11-02T10:00:00Z", "2026-11-02 10:00", "2026-11-02T10:00+02:00", "\"2026-11-02T10:00:00.5+01:00\""])
    func dateWithTimeIsRefused(_ value: String) throws {
        let (error, _) = try onlyError("---\ntitle: When\ndate: \(value)\n---\nBody.\n")
        #expect(error.code == "date.has-time")
        #expect(error.line == 3 && error.column == 7)
        #expect(!error.message.contains("10:00"), "the time is not repeated back")
    }

    @Test(arguments: ["2026-02-30", "yesterday", "2026-13-01", "26-11-02", "2026/11/02", "[2026-11-02]"])
    func invalidDate(_ value: String) throws {
        let (error, _) = try onlyError("---\ndate: \(value)\n---\nBody.\n")
        #expect(error.code == "date.invalid")
        #expect(error.line == 2 && error.column == 7)
    }

    @Test func leapDayIsADay() throws {
        let result = try check(stories: ["leap.md": story(date: "2028-02-29")])
        #expect(result.diagnostics.isEmpty, "\(result.listing)")
    }

    // MARK: Ids

    @Test(arguments: ["a", "has space", String(repeating: "k", count: 40), "-dash-first", "ünïcödé", "a/b/c/d"])
    func invalidID(_ id: String) throws {
        let (error, _) = try onlyError("---\ndate: 2026-11-02\nid: \"\(id)\"\n---\nBody.\n")
        #expect(error.code == "id.invalid")
        #expect(error.line == 3 && error.column == 5)
    }

    @Test func duplicateIDNamesBothFiles() throws {
        let result = try check(stories: ["a.md": story(id: "same-id"), "b.md": story(id: "same-id")])
        let error = try #require(result.diagnostics("content.duplicate-id").first, "\(result.listing)")
        #expect(error.file == "content/b.md")
        #expect(error.message.contains("content/a.md"))
        #expect(result.summary.exitCode == 1)
    }

    // MARK: Body and bytes

    @Test func bodyStartingWithAThematicBreakRendersIt() throws {
        let text = "---\ntitle: Lines\ndate: 2026-11-02\nid: break-first\n---\n---\nAfter the line.\n"
        let built = try buildStories(["lines.md": text])
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let body = storyBody(built.files.text("s/break-first/index.html"))
        #expect(body.hasPrefix("\n<hr />\n<p>After the line.</p>"), "\(body)")
        #expect(!body.contains("date:"))
    }

    @Test func crlfFilesReadLikeLFFiles() throws {
        let good = "---\r\ntitle: Carriage\r\ndate: 2026-11-02\r\ntags: [crlf]\r\nid: crlf-story\r\n---\r\nFirst line.\r\n\r\nSecond paragraph.\r\n"
        let built = try buildStories(["crlf.md": good])
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        let page = built.files.text("s/crlf-story/index.html")
        #expect(page.contains("<h1>Carriage</h1>"))
        #expect(storyBody(page).contains("<p>First line.</p>\n<p>Second paragraph.</p>"))
        #expect(built.files["tags/crlf/index.html"] != nil)
        #expect(!built.files.values.contains { $0.contains(13) }, "no carriage return reaches the output")

        let (error, _) = try onlyError("---\r\ndate: 2026-11-02\r\ntitel: x\r\n---\r\nBody.\r\n")
        #expect(error.code == "front-matter.unknown-key")
        #expect(error.line == 3 && error.column == 1)
        #expect(error.sourceLine?.text == "titel: •")  // the key, never its value
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let text = "\u{FEFF}---\ntitle: Marked\ndate: 2026-11-02\nid: bom-story\n---\nBody.\n"
        let built = try buildStories(["bom.md": text])
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        let page = built.files.text("s/bom-story/index.html")
        #expect(page.contains("<h1>Marked</h1>"))
        #expect(!built.files.values.contains { containsBytes($0, [0xEF, 0xBB, 0xBF]) })
    }

    @Test func invalidUTF8IsAnEncodingError() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["good.md": story()])
            try folder.write(bytes: Array("---\ndate: 2026-11-02\n---\nCaf".utf8) + [0xE9, 0x20, 0xFF, 0x0A], to: "site/content/latin1.md")
            let result = build(site: site)
            #expect(result.codes == ["content.encoding"], "\(result.listing)")
            #expect(result.diagnostics.first?.file == "content/latin1.md")
            #expect(result.summary.exitCode == 1)
        }
    }

    // MARK: Many files

    @Test func everyFileIsReportedInOneRunSortedByFileAndLine() throws {
        let result = try check(stories: [
            "zebra.md": "---\ndate: 2026-11-02\ntitel: x\nhearts: lots\n---\nBody.\n",
            "alpha.md": "---\ntitle: No date\n---\nBody.\n",
            "nested/middle.md": "---\ntitle: Soon\ndate: yesterday\n---\nBody.\n",
            "nested/short-id.md": "---\ndate: 2026-11-02\n\nid: a\n---\nBody.\n",
            "fine.md": story(),
            "mango.md": "No front matter at all.\n",
        ])
        let places = result.diagnostics.map { "\($0.file):\($0.line) \($0.code)" }
        #expect(
            places == [
                "content/alpha.md:1 date.missing",
                "content/mango.md:1 front-matter.missing",
                "content/nested/middle.md:3 date.invalid",
                "content/nested/short-id.md:4 id.invalid",
                "content/zebra.md:3 front-matter.unknown-key",
                "content/zebra.md:4 front-matter.type",
            ],
            "\(result.listing)"
        )
        #expect(result.summary.errors == 6)
        #expect(result.summary.exitCode == 1)
    }

    /// A front-matter error does not hide the story's other problems: the writer learns
    /// everything wrong with the file in one run, and none of it is published.
    @Test func aFrontMatterErrorStillReportsTheBodysPersonalData() throws {
        let text = "---\ndate: 2026-11-02T10:00\ntitel: x\n---\nMail me at jane.doe@example.com please.\n"
        let built = try buildStories(["x.md": text, "ok.md": story(title: "Fine", id: "fine-one")])
        #expect(built.result.codes.contains("date.has-time"))
        #expect(built.result.codes.contains("front-matter.unknown-key"))
        let pii = try #require(built.result.diagnostics("pii.email").first, "\(built.result.listing)")
        #expect(pii.line == 5 && pii.column == 12)
        #expect(built.result.diagnostics("date.has-time").first?.sourceLine == nil, "the time never reaches a log")
        #expect(built.result.summary.exitCode == 1)
        #expect(built.files.isEmpty, "nothing is written")
    }

    /// The load stage never follows a link, never skips a file silently, and says when there
    /// is nothing to build.
    @Test func loadRefusesLinksAndReportsWhatItSkips() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["ok.md": story(title: "Fine", id: "fine-one")])
            try folder.write("secret\n", to: "outside.md")
            try FileManager.default.createSymbolicLink(atPath: site + "/content/linked.md", withDestinationPath: folder("outside.md"))
            try folder.write("A story saved with the wrong ending.\n", to: "site/content/draft.txt")
            let result = build(site: site)
            #expect(result.diagnostics("content.symlink").map(\.file) == ["content/linked.md"], "\(result.listing)")
            #expect(result.diagnostics("content.ignored").map(\.file) == ["content/draft.txt"])
            #expect(result.summary.exitCode == 1)

            try FileManager.default.removeItem(atPath: site + "/content")
            let empty = build(site: site)
            #expect(empty.codes.contains("content.missing"), "\(empty.listing)")
            #expect(empty.summary.exitCode == 0)
        }
    }
}
