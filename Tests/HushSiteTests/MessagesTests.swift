import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// What hush says: paths a person and a CI can place, warnings that `--strict` made errors
/// named as such, a summary that accounts for every story file, and YAML errors at the place
/// the writer has to fix.
@Suite struct MessagesTests {
    // MARK: Paths a CI can place

    @Test(
        arguments: [
            // site as given, working directory, GITHUB_WORKSPACE, format, file in the site → shown
            ("site", "/w", nil, DiagnosticFormat.text, "content/x.md", "site/content/x.md"),
            ("site/", "/w", nil, .json, "content/x.md", "site/content/x.md"),
            ("./a/../site", "/w", nil, .text, "hush.yml", "site/hush.yml"),
            (".", "/w/site", nil, .text, "content/x.md", "content/x.md"),
            ("/w/site", "/w", nil, .json, "content/x.md", "site/content/x.md"),
            ("/w/site", "/elsewhere", nil, .text, "content/x.md", "../w/site/content/x.md"),
            ("../site", "/w/tools", nil, .text, "content/x.md", "../site/content/x.md"),
            ("sites/blog", "/repo", "/repo", .github, "content/x.md", "sites/blog/content/x.md"),
            ("blog", "/repo/sites", "/repo", .github, "content/x.md", "sites/blog/content/x.md"),
            ("blog", "/repo/sites", "/repo", .text, "content/x.md", "blog/content/x.md"),
            ("blog", "/repo/sites", "", .github, "content/x.md", "blog/content/x.md"),
            ("my-sight", "/w", nil, .text, ".", "my-sight"),
        ] as [(String, String, String?, DiagnosticFormat, String, String)]
    )
    func pathsAreShownFromTheWorkingDirectoryOrTheWorkspace(
        _ site: String,
        _ cwd: String,
        _ workspace: String?,
        _ format: DiagnosticFormat,
        _ file: String,
        _ shown: String
    ) {
        let environment = workspace.map { ["GITHUB_WORKSPACE": $0] } ?? [:]
        let paths = DiagnosticPaths(site: site, workingDirectory: cwd, environment: environment)
        #expect(paths.path(file, for: format) == shown)
        let printed = format.render(
            [Diagnostic(.tagRare, "m", file: file, line: 3, column: 1)],
            summary: BuildSummary(command: "check"),
            paths: paths
        )
        #expect(printed.contains(shown), "\(printed)")
    }

    /// The pipeline stays pure: its diagnostics name files from the site folder whatever the
    /// environment says; only printing rebases them.
    @Test func thePipelineNamesFilesFromTheSiteFolder() throws {
        let result = try check(stories: ["bad.md": "---\ndate: 2026-11-02\ntitel: Oops\n---\nBody.\n"], environment: ["GITHUB_WORKSPACE": "/"])
        #expect(result.diagnostics.map(\.file) == ["content/bad.md"], "\(result.listing)")
    }

    /// `hush check site --format github` from the folder above the site: GitHub places an
    /// annotation only from the repository root, so the path starts with the site folder.
    @Test func commandLinePathsStartWhereHushWasRun() throws {
        try withTemporaryFolder { folder in
            try folder.makeSite(named: "repo/site", stories: ["bad.md": "---\ndate: 2026-11-02\ntitel: Oops\n---\nBody.\n"])
            let repo = folder("repo")

            let github = try hush(["check", "site", "--format", "github"], in: repo, environment: ["GITHUB_WORKSPACE": ""])
            #expect(github.standardOutput.contains("::error file=site/content/bad.md,line=3,col=1"), "\(github.standardOutput)")

            let text = try hush(["check", "site"], in: repo)
            #expect(text.standardError.hasPrefix("site/content/bad.md:3:1: error[front-matter.unknown-key]"), "\(text.standardError)")

            let json = try hush(["check", "site", "--format", "json"], in: repo)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
            #expect(first["file"] as? String == "site/content/bad.md")

            // Run from inside the site, with the repository as GitHub's workspace.
            let inside = try hush(["check", ".", "--format", "github"], in: repo + "/site", environment: ["GITHUB_WORKSPACE": repo])
            #expect(inside.standardOutput.contains("::error file=site/content/bad.md,"), "\(inside.standardOutput)")
            let insideText = try hush(["check", "."], in: repo + "/site", environment: ["GITHUB_WORKSPACE": repo])
            #expect(insideText.standardError.hasPrefix("content/bad.md:3:1:"), "text is from the working directory: \(insideText.standardError)")
        }
    }

    // MARK: --strict says which errors were warnings

    /// One rare tag: a warning, an error under --strict.
    static let rareTag = testConfig + "anonymity:\n  min_tag_size: 2\n"

    @Test func strictNamesTheWarningsItMadeErrors() throws {
        let stories = ["a.md": story(title: "A", tags: ["lonely"])]
        let plain = try check(stories: stories, config: Self.rareTag)
        #expect(plain.codes == ["tag.rare"] && plain.warnings.count == 1, "\(plain.listing)")
        #expect(plain.diagnostics.allSatisfy { !$0.promotedByStrict })
        #expect(!DiagnosticFormat.text.render(plain.diagnostics, summary: plain.summary).contains("--strict"))

        let strict = try check(stories: stories, config: Self.rareTag, strict: true)
        let rare = try #require(strict.diagnostics(Diagnostic.Code.tagRare.name).first)
        #expect(rare.severity == .error && rare.promotedByStrict)
        #expect(strict.summary.exitCode == 1)
        #expect(strict.summary.errors == 1 && strict.summary.warningsAsErrors == 1)

        let text = DiagnosticFormat.text.render(strict.diagnostics, summary: strict.summary)
        #expect(text.contains("error[tag.rare] (a warning, an error under --strict): the tag"), "\(text)")
        #expect(text.contains("1 error (a warning, an error under --strict)"), "the summary counts them: \(text)")

        let github = DiagnosticFormat.github.render(strict.diagnostics, summary: strict.summary)
        #expect(github.contains("title=tag.rare (a warning%2C an error under --strict)::"), "\(github)")

        let json = DiagnosticFormat.json.render(strict.diagnostics, summary: strict.summary)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["promoted_by_strict"] as? Bool == true)
        #expect((object["summary"] as? [String: Any])?["warnings_as_errors"] as? Int == 1)
    }

    /// A real error beside a promoted warning: the summary says how many of the errors were warnings.
    @Test func strictCountsOnlyThePromotedOnes() throws {
        let stories = ["a.md": story(title: "A", tags: ["lonely"]), "b.md": "---\ndate: 2026-11-02\ntitel: Oops\n---\nBody.\n"]
        let strict = try check(stories: stories, config: Self.rareTag, strict: true)
        #expect(strict.summary.errors == 2 && strict.summary.warningsAsErrors == 1, "\(strict.listing)")
        #expect(strict.summary.sentence.contains("2 errors (1 of them a warning, an error under --strict)"), "\(strict.summary.sentence)")
        let unknown = try #require(strict.diagnostics(Diagnostic.Code.frontMatterUnknownKey.name).first)
        #expect(!unknown.promotedByStrict)
    }

    // MARK: The summary accounts for every story file

    @Test func theSummaryCountsFilesFailuresDraftsAndScheduledStories() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: [
                "one.md": story(title: "One"),
                "two.md": story(title: "Two"),
                "bad.md": "---\ndate: 2026-11-02\ntitel: Oops\n---\nBody.\n",
                "no-date.md": "---\ntitle: x\n---\nBody.\n",
                "draft.md": story(title: "Draft", extra: ["draft: true"]),
                "later.md": story(date: "2026-12-24", title: "Later"),
            ])
            try FileManager.default.createSymbolicLink(atPath: site + "/content/link.md", withDestinationPath: site + "/content/one.md")
            let result = build(site: site)
            let summary = result.summary
            #expect(summary.storyFiles == 7, "the link counts as a file that failed: \(result.listing)")
            #expect(summary.failedFiles == 3)
            #expect(summary.drafts == 1)
            #expect(summary.scheduled == 1)
            #expect(summary.stories == 2)
            let sentence = summary.sentence
            #expect(sentence.hasPrefix("hush: checked 7 story files: 3 failed; 2 stories ready to publish"), "\(sentence)")
            #expect(sentence.contains("1 draft left out"), "\(sentence)")
            #expect(sentence.contains("1 story scheduled"), "\(sentence)")

            let json = DiagnosticFormat.json.render(result.diagnostics, summary: summary)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let counts = try #require(object["summary"] as? [String: Any])
            #expect(counts["story_files"] as? Int == 7)
            #expect(counts["failed_files"] as? Int == 3)
            #expect(counts["drafts"] as? Int == 1)
            #expect(counts["scheduled"] as? Int == 1)
            #expect(counts["stories"] as? Int == 2)
        }
    }

    @Test func aBuildSaysWhatItLeftOut() throws {
        let built = try buildStories([
            "one.md": story(title: "One"),
            "draft.md": story(title: "Draft", extra: ["draft: true"]),
            "later.md": story(date: "2026-12-24", title: "Later"),
        ])
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let sentence = built.result.summary.sentence
        #expect(sentence.hasPrefix("hush: built 1 story into "), "\(sentence)")
        #expect(sentence.contains("1 draft left out (--drafts builds it), 1 story scheduled, waiting for its date;"), "\(sentence)")
    }

    @Test func aFailedBuildSaysWhichFilesFailed() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: [
                "one.md": story(title: "One"),
                "bad.md": "---\ndate: 2026-11-02\ntitel: Oops\n---\nBody.\n",
                "draft.md": story(title: "Draft", extra: ["draft: true"]),
            ])
            let result = build(site: site, output: folder("out"))
            #expect(
                result.summary.sentence
                    == "hush: 1 of 3 story files failed, 1 draft left out (--drafts builds it); 1 error, 0 warnings; nothing was written, the previous output is as it was.",
                "\(result.summary.sentence)"
            )
        }
    }

    // MARK: YAML errors where they are

    @Test(arguments: [
        ("tags: [love, loss", 3, 7, "the list opened here with ["),
        ("tags: [love, loss\nmood: sad", 3, 7, "the list opened here with ["),
        ("title: \"never closed\nmood: sad", 3, 8, "the quote opened here"),
        ("tags: {a: b", 3, 7, "the group opened here with {"),
    ])
    func anUnclosedFlowPointsWhereItOpens(_ line: String, _ expectedLine: Int, _ column: Int, _ words: String) throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\n\(line)\n---\nBody.\n"])
        let error = try #require(result.diagnostics(Diagnostic.Code.frontMatterSyntax.name).first, "\(result.listing)")
        #expect(error.line == expectedLine && error.column == column, "\(result.listing)")
        #expect(error.message.contains(words), "\(error.message)")
        let opening = line.components(separatedBy: "\n").first ?? ""
        #expect(error.sourceLine == .masked(opening, showingKey: { ["tags", "title"].contains($0) }), "the caret line is the one that opens it")
    }

    /// An error on the line it happens on keeps its own place.
    @Test func anErrorOnItsOwnLineKeepsItsPlace() throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\ntags: [a, b]]\n---\nBody.\n"])
        let error = try #require(result.diagnostics(Diagnostic.Code.frontMatterSyntax.name).first, "\(result.listing)")
        #expect(error.line == 3, "\(result.listing)")
        #expect(!error.message.contains("opened here"), "\(error.message)")
    }

    @Test func anUnclosedListInHushYmlPointsWhereItOpens() throws {
        let (config, diagnostics) = ConfigParser.parse(
            SourceFile(path: "hush.yml", bytes: Array("title: T\nanonymity: {date_precision: week\nbase_url: https://stories.example.org/\n".utf8))
        )
        #expect(config == nil)
        let error = try #require(diagnostics.first { $0.code == .configSyntax }, "\(diagnostics)")
        #expect(error.line == 2 && error.column == 12, "\(diagnostics)")
    }
}
