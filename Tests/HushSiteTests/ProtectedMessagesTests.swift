import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// Messages never repeat what they protect: CI logs are often public, so no format (text,
/// json, github) prints an identifying key's value, a secret, or a value the guard would mask,
/// whatever the error that brought the line up (syntax, type, unknown key, duplicate key).
@Suite struct ProtectedMessagesTests {
    /// Front-matter lines that are wrong in some way and hold a name, a place or an address.
    static let storyLines = [
        "author: Jane Doe: Leeds",
        "email: \"jane.doe@gmail.com",
        "title: [Jane Doe, jane.doe@gmail.com]",
        "hearts: Jane Doe from Leeds",
        "mood: {Jane Doe: Leeds}",
        "phone: '+44 20 7946 0958",
        "draft: Jane Doe",
        "date: Jane Doe from Leeds",
        "jane.doe@gmail.com: 1",
        "title: ok\ntitle: Jane Doe",
        "Jane Doe: Leeds",
        "tags: jane dot doe at gmail dot com, Leeds",
        "cw: \"Jane Doe\" Leeds",
        "lang: Jane-Doe-Leeds",
        "tags: [love, {Jane Doe: Leeds}]",
    ]

    @Test(arguments: storyLines)
    func aStoryErrorNeverRepeatsTheValue(_ line: String) throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\n\(line)\n---\nBody.\n"])
        #expect(!result.diagnostics.isEmpty, "the line is wrong: \(line)")
        Self.expectNeverPrinted(["Jane", "Doe", "Leeds", "gmail", "7946"], in: result)
    }

    /// hush.yml lines with a secret in them, wrong in some way.
    static let configLines = [
        "secret: \"s3cr3t-Zebra-Quartz-Falcon",
        "secret: [s3cr3t-Zebra-Quartz-Falcon]",
        "secret: {s3cr3t: Zebra-Quartz-Falcon}",
        "secret: s3cr3t-Zebra: Quartz-Falcon",
        "secret: s3cr3t-Zebra-Quartz-Falcon\nsecret: s3cr3t-Zebra-Quartz-Falcon",
        "s3cr3t-Zebra-Quartz-Falcon",
        "anonymity: {pii: s3cr3t-Zebra-Quartz-Falcon}",
        "robots: s3cr3t-Zebra-Quartz-Falcon",
        "smart_punctuation: s3cr3t-Zebra-Quartz-Falcon",
        "secret: s3cr3t\u{1}Zebra-Quartz-Falcon",
    ]

    @Test(arguments: configLines)
    func aConfigErrorNeverRepeatsTheSecret(_ line: String) throws {
        let config = "title: T\nbase_url: https://stories.example.org/\n\(line)\n"
        let result = try check(stories: ["a.md": story()], config: config)
        #expect(result.summary.exitCode == 2, "\(result.listing)")
        Self.expectNeverPrinted(["s3cr3t", "Zebra", "Quartz", "Falcon"], in: result)
    }

    /// The masked excerpt still points the caret at the right column and keeps the syntax.
    @Test func aMaskedLineKeepsItsShape() {
        let known = { (key: Substring) in ["email", "title"].contains(key) }
        #expect(SourceExcerpt.masked("email: \"jane.doe@gmail.com", showingKey: known).text == "email: \"••••••••••••••••••")
        #expect(SourceExcerpt.masked("  - title: [Jane, Doe]", showingKey: known).text == "  - title: [••••, •••]")
        #expect(SourceExcerpt.masked("Jane-Doe: Leeds", showingKey: known).text == "••••••••: •••••", "an unknown key is masked")
        #expect(SourceExcerpt.masked("jane@mail.example: x").text == "•••••••••••••••••: •")
        #expect(SourceExcerpt.masked("---").text == "---")
        #expect(SourceExcerpt.masked("tags: [love, loss").text.count == "tags: [love, loss".count)
    }

    /// A template's line is the publisher's own and is shown: it is where the fix goes.
    @Test func aTemplateErrorShowsItsLine() {
        let (theme, diagnostics) = Theme.load(
            name: "mine",
            siteTemplates: ["mine/theme.yml": Array("parent: default\n".utf8), "mine/story.mustache": Array("{{#story}}\n".utf8)],
            rootPath: "/"
        )
        #expect(theme == nil)
        #expect(diagnostics.contains { $0.code == .templateSyntax && $0.sourceLine != nil }, "\(diagnostics)")
    }

    /// Checks every format of the command line, the messages and the caret lines.
    static func expectNeverPrinted(_ words: [String], in result: BuildResult, sourceLocation: SourceLocation = #_sourceLocation) {
        for format in DiagnosticFormat.allCases {
            let printed = format.render(result.diagnostics, summary: result.summary)
            for word in words {
                #expect(!printed.contains(word), "--format \(format.rawValue) repeats \(word):\n\(printed)", sourceLocation: sourceLocation)
            }
        }
    }
}

extension ProtectedMessagesTests {
    /// A key can be a name too: only the schema's keys and one-slip misspellings of them
    /// are repeated, in the message and in the caret line.
    @Test(arguments: ["Jane: yes", "JaneDoe: yes", "Jane-Doe: 1", "Leeds: true", "jane_doe: x"])
    func anUnknownKeyThatIsNoMisspellingIsNotRepeated(_ line: String) throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\n\(line)\n---\nBody.\n"])
        #expect(!result.diagnostics.isEmpty, "\(line)")
        Self.expectNeverPrinted(["Jane", "jane", "Leeds"], in: result)
    }

    @Test(arguments: [("titel: x", "titel"), ("moood: x", "moood"), ("tgs: [a]", "tgs"), ("drat: true", "drat")])
    func aMisspeltKeyIsRepeated(_ line: String, _ key: String) throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\n\(line)\n---\nBody.\n"])
        let printed = DiagnosticFormat.text.render(result.diagnostics, summary: result.summary)
        #expect(printed.contains("    \(key): "), "\(printed)")
        #expect(printed.contains("'\(key)' is not a story key"), "\(printed)")
    }
}
