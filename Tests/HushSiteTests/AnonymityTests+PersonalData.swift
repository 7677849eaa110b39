import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the guard finds in a story, what hush.yml and `allow:` make of it, and identifying keys.
extension AnonymityTests {
    // MARK: - Personal data: what the guard finds and where

    /// One realistic piece of personal data of one kind, as a writer would put it in a sentence.
    struct Example: Sendable, CustomTestStringConvertible {
        let kind: String
        let value: String
        /// A telling part of the value: a redaction that leaves it behind is no redaction.
        let core: String
        /// The words before the value: "call me on".
        let lead: String

        var code: String { "pii.\(kind)" }
        var defaultSeverity: Diagnostic.Severity { kind == "handle" ? .warning : .error }
        /// Letters outside ASCII come first, so columns must be counted in characters, not bytes.
        var sentence: String { "Née à Zürich, \(lead) \(value) tonight" }
        var testDescription: String { "\(kind): \(value)" }
    }

    static let examples: [Example] = [
        Example(kind: "email", value: "jane.doe@example.com", core: "jane.doe", lead: "write to"),
        Example(kind: "phone", value: "+44 20 7946 0958", core: "7946 0958", lead: "call me on"),
        Example(kind: "ip", value: "203.0.113.42", core: "203.0.113.42", lead: "my IP was"),
        Example(kind: "card", value: "4111 1111 1111 1111", core: "1111 1111 1111", lead: "my card is"),
        Example(kind: "iban", value: "FR14 2004 1010 0505 0001 3M02 606", core: "2004 1010 0505", lead: "my IBAN is"),
        Example(kind: "handle", value: "@bob_smith", core: "bob_smith", lead: "follow"),
        Example(kind: "profile-url", value: "https://instagram.com/jane_doe", core: "instagram.com/jane_doe", lead: "see"),
        Example(kind: "national-id", value: "078-05-1120", core: "05-1120", lead: "my SSN is"),
    ]

    /// Where in a story file the personal data is written.
    enum Place: String, Sendable, CaseIterable, CustomTestStringConvertible {
        case title
        case quotedTitle = "title (quoted)"
        /// A folded scalar: the value starts two lines below the key.
        case foldedTitle = "title (folded)"
        case mood
        case cw
        case tags
        case body

        var testDescription: String { rawValue }

        /// A story file with `sentence` in this place and nothing personal anywhere else.
        func story(containing sentence: String) -> String {
            var lines = ["---"]
            switch self {
            case .title: lines.append("title: \(sentence)")
            case .quotedTitle: lines.append("title: \"\(sentence)\"")
            case .foldedTitle:
                let words = sentence.split(separator: " ", maxSplits: 2)
                lines += ["title: >-", "  \(words.prefix(2).joined(separator: " "))", "  \(words.dropFirst(2).joined(separator: " "))"]
            default: lines.append("title: A plain title")
            }
            lines.append("date: 2026-10-01")
            switch self {
            case .mood: lines.append("mood: \(sentence)")
            case .cw: lines.append("cw: \(sentence)")
            case .tags: lines += ["tags:", "  - love", "  - \(sentence)"]
            default: break
            }
            lines.append("---")
            lines.append("The first line of the story, with nothing in it.")
            lines.append("The second line — ça va — has nothing either.")
            lines.append(self == .body ? "And then I said it: \(sentence)." : "And then I said nothing at all.")
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// 1-based line and column (in characters) of the first `needle` in the file `text`.
    static func location(of needle: String, in text: String) -> (line: Int, column: Int)? {
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if let range = line.range(of: needle) {
                return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }

    /// Checks that `secret` is nowhere in what a build reports: messages, caret lines, and
    /// every output format of the command line.
    static func expectNeverShown(_ secret: String, in result: BuildResult, sourceLocation: SourceLocation = #_sourceLocation) {
        for diagnostic in result.diagnostics {
            #expect(!diagnostic.message.contains(secret), "message repeats \(secret): \(diagnostic.message)", sourceLocation: sourceLocation)
            let caretLine = diagnostic.sourceLine?.text ?? ""
            #expect(!caretLine.contains(secret), "caret line repeats \(secret)", sourceLocation: sourceLocation)
        }
        for format in DiagnosticFormat.allCases {
            let printed = format.render(result.diagnostics, summary: result.summary)
            #expect(!printed.contains(secret), "--format \(format.rawValue) repeats \(secret):\n\(printed)", sourceLocation: sourceLocation)
        }
    }

    /// What a build left in `folder` besides the site: nothing, after a failed build.
    static func leftovers(in folder: TemporaryFolder, site: String = "site") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != site }.sorted()
    }

    /// The paths of the files that contain `needle`.
    static func files(containing needle: String, in files: [String: [UInt8]]) -> [String] {
        let bytes = Array(needle.utf8)
        return files.filter { containsBytes($0.value, bytes) }.map(\.key).sorted()
    }

    @Test(arguments: examples, Place.allCases)
    func personalDataIsReportedAtItsPlaceWithoutRepeatingIt(_ example: Example, _ place: Place) throws {
        let text = place.story(containing: example.sentence)
        let expected = try #require(Self.location(of: example.value, in: text))
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["confession.md": text])
            let result = build(site: site, output: folder("public"))
            let findings = result.diagnostics.filter { $0.code.name.hasPrefix("pii.") }
            #expect(findings.map(\.code.name) == [example.code], "\(result.listing)")
            let finding = try #require(findings.first)
            #expect(finding.severity == example.defaultSeverity)
            #expect(finding.file == "content/confession.md")
            #expect(
                finding.line == expected.line && finding.column == expected.column,
                "reported at \(finding.line):\(finding.column), written at \(expected.line):\(expected.column)"
            )
            #expect(finding.message.contains("•"), "the message shows the value masked: \(finding.message)")
            Self.expectNeverShown(example.value, in: result)
            if example.defaultSeverity == .error {
                #expect(result.summary.exitCode == 1)
                #expect(result.summary.output == nil)
                #expect(try Self.leftovers(in: folder) == [], "a failed build writes nothing")
            } else {
                #expect(result.summary.exitCode == 0, "\(result.listing)")
            }
        }
    }

    // MARK: - Policies in hush.yml

    static let actions: [AnonymityPolicy.Action] = [.redact, .warn, .fail]

    @Test(arguments: actions, examples)
    func siteWidePolicyDecidesWhatHappens(_ action: AnonymityPolicy.Action, _ example: Example) throws {
        let config = testConfig + "anonymity: {pii: \(action.rawValue)}\n"
        let text = story(title: example.sentence, id: "k3v9q2mf", body: "A first line.\nAnd then I said it: \(example.sentence).")
        let built = try buildStories(["confession.md": text], config: config)
        let result = built.result
        let findings = result.diagnostics.filter { $0.code.name.hasPrefix("pii.") }
        #expect(findings.map(\.code.name) == [example.code, example.code], "title and body: \(result.listing)")
        Self.expectNeverShown(example.value, in: result)
        let page = built.files.text("s/k3v9q2mf/index.html")
        switch action {
        case .redact:
            #expect(findings.allSatisfy { $0.severity == .warning }, "\(result.listing)")
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            let redacted = "\(example.lead) \(AnonymityGuard.redactionMark) tonight"
            #expect(storyBody(page).contains(redacted), "the body shows the mark where the value was")
            #expect(section(of: page, from: "<h1>", to: "</h1>").contains(redacted), "the title shows the mark where the value was")
            #expect(built.files.count > 10)
            for needle in [example.value, example.core] {
                #expect(Self.files(containing: needle, in: built.files) == [], "'\(needle)' is published")
            }
        case .warn:
            #expect(findings.allSatisfy { $0.severity == .warning }, "\(result.listing)")
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            #expect(storyBody(page).contains(example.value), "published as written")
            #expect(!page.contains(AnonymityGuard.redactionMark))
        case .fail:
            #expect(findings.allSatisfy { $0.severity == .error }, "\(result.listing)")
            #expect(result.summary.exitCode == 1)
            #expect(built.files.isEmpty, "a failed build writes nothing")
        }
    }

    @Test func policyPerKindLeavesTheOtherKindsAtTheirDefault() throws {
        let config = testConfig + "anonymity:\n  pii: {email: redact, phone: warn}\n"
        let body = "Write to jane.doe@example.com or call +44 20 7946 0958.\nOr follow @bob_smith."
        let built = try buildStories(["a.md": story(id: "k3v9q2mf", body: body)], config: config)
        let result = built.result
        #expect(result.summary.exitCode == 0, "\(result.listing)")
        #expect(result.diagnostics("pii.email").map(\.severity) == [.warning], "\(result.listing)")
        #expect(result.diagnostics("pii.phone").map(\.severity) == [.warning], "\(result.listing)")
        #expect(result.diagnostics("pii.handle").map(\.severity) == [.warning], "handle warns by default")
        let page = storyBody(built.files.text("s/k3v9q2mf/index.html"))
        #expect(page.contains("Write to \(AnonymityGuard.redactionMark) or call +44 20 7946 0958."), "\(page)")
        #expect(Self.files(containing: "jane.doe", in: built.files) == [])
        #expect(!Self.files(containing: "+44 20 7946 0958", in: built.files).isEmpty, "a warned phone is published")

        // A kind the map does not name still fails.
        let other = try check(stories: ["b.md": story(body: "My IP was 203.0.113.42.")], config: config)
        #expect(other.diagnostics("pii.ip").map(\.severity) == [.error], "\(other.listing)")
        #expect(other.summary.exitCode == 1)
    }

    // MARK: - allow: in front matter

    @Test func allowAcceptsOneReviewedKind() throws {
        let text = story(id: "k3v9q2mf", extra: ["allow: [pii.email]"], body: "Write to jane.doe@example.com, my old address.")
        let built = try buildStories(["a.md": text])
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        #expect(built.result.summary.exitCode == 0)
        #expect(storyBody(built.files.text("s/k3v9q2mf/index.html")).contains("jane.doe@example.com"))
    }

    @Test func allowOfOneKindDoesNotAcceptAnother() throws {
        let text = story(extra: ["allow: [pii.email]"], body: "Write to jane.doe@example.com or call +44 20 7946 0958.")
        let result = try check(stories: ["a.md": text])
        #expect(result.diagnostics("pii.phone").map(\.severity) == [.error], "\(result.listing)")
        #expect(result.diagnostics("pii.email").isEmpty)
    }

    @Test func allowThatMatchesNothingIsAWarningAtTheEntry() throws {
        let text = story(extra: ["allow: [pii.phone]"], body: "Nothing personal in here.")
        let result = try check(stories: ["a.md": text])
        let expected = try #require(Self.location(of: "pii.phone", in: text))
        let warnings = result.diagnostics("pii.unused-allow")
        #expect(warnings.count == 1, "\(result.listing)")
        let warning = try #require(warnings.first)
        #expect(warning.severity == .warning)
        #expect(warning.file == "content/a.md" && warning.line == expected.line && warning.column == expected.column, "\(result.listing)")
    }

    @Test func allowOfAnUnknownCodeIsAnError() throws {
        let text = story(extra: ["allow: [bogus]"], body: "Nothing personal in here.")
        let result = try check(stories: ["a.md": text])
        let expected = try #require(Self.location(of: "bogus", in: text))
        let errors = result.errors
        #expect(errors.count == 1, "\(result.listing)")
        let error = try #require(errors.first)
        #expect(error.file == "content/a.md" && error.line == expected.line && error.column == expected.column, "\(result.listing)")
        #expect(result.summary.exitCode == 1)
    }

    // MARK: - Identifying keys

    static let identifyingKeys = ["author", "Email", "twitter", "location", "real-name", "auther"]

    @Test(arguments: identifyingKeys)
    func identifyingKeyIsAnErrorThatNeverRepeatsItsValue(_ key: String) throws {
        let value = "Jane Q. Writer"
        let text = "---\ntitle: Fine\ndate: 2026-10-01\n\(key): \(value)\n---\nA story.\n"
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": text])
            let result = build(site: site, output: folder("public"))
            let errors = result.diagnostics("front-matter.identifying-key")
            #expect(errors.count == 1, "\(result.listing)")
            let error = try #require(errors.first)
            #expect(error.severity == .error)
            #expect(error.file == "content/a.md" && error.line == 4 && error.column == 1, "\(result.listing)")
            #expect(result.summary.exitCode == 1)
            #expect(try Self.leftovers(in: folder) == [], "nothing is written")
            for shown in [value, "Jane Q", "Q. Writer"] {
                Self.expectNeverShown(shown, in: result)
            }
        }
    }

}
