import Foundation
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite
import HushTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The anonymity rules of DESIGN.md section 5, end to end through `Pipeline.run`: what a
/// writer puts in a story either stops the build with a diagnostic that does not repeat it,
/// or reaches the site only as the policy says; and the site itself says nothing about who
/// built it, where or when.
@Suite struct AnonymityTests {
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
            #expect(!(diagnostic.sourceLine ?? "").contains(secret), "caret line repeats \(secret)", sourceLocation: sourceLocation)
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

    // MARK: - Whole-output hygiene

    /// Words that may be in the output only because an input has them too (`:root` in a
    /// style sheet is not the user root).
    static func inputWords() throws -> Set<String> {
        var words: Set<String> = []
        for top in ["content", "Templates"] {
            let entries = try #require(FileManager.default.enumerator(atPath: repositoryRoot + "/" + top)?.allObjects as? [String])
            for entry in entries {
                guard let data = FileManager.default.contents(atPath: repositoryRoot + "/" + top + "/" + entry) else { continue }
                words.formUnion(Self.words(in: String(decoding: data, as: UTF8.self)))
            }
        }
        return words
    }

    /// Runs of letters, digits, `-` and `_`.
    static func words(in text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.map(String.init)
    }

    /// The host names the machine answers to, in full and without their domain.
    static func hostNames() -> [String] {
        var names = [ProcessInfo.processInfo.hostName]
        var buffer = [CChar](repeating: 0, count: 256)
        if gethostname(&buffer, buffer.count) == 0 {
            names.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        names += names.compactMap { $0.split(separator: ".").first.map(String.init) }
        return Array(Set(names.filter { !$0.isEmpty && $0 != "localhost" })).sorted()
    }

    static func userNames() -> [String] {
        Array(Set([NSUserName(), ProcessInfo.processInfo.environment["USER"] ?? ""].filter { !$0.isEmpty })).sorted()
    }

    /// Every place a built site breaks the rules of DESIGN.md sections 4 and 5: the exact
    /// CSP and the referrer policy on every page, no script but the search page's own file,
    /// nothing from another origin, links to another site that pass nothing on
    /// (`SitePromises`, shared with SafetyTests).
    static func htmlProblems(in files: [String: [UInt8]], siteHost: String) -> [String] {
        SitePromises(origin: "https://" + siteHost).violations(in: files).map(\.description)
    }

    /// Every `<name …>` start tag of `html` (case-insensitive), up to its `>`.
    static func tags(_ name: String, in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<" + name, options: .caseInsensitive) {
            let after = rest[open.upperBound...]
            guard let next = after.first else { break }
            if next == " " || next == ">" || next == "\n" || next == "\t" || next == "/" {
                let end = after.firstIndex(of: ">") ?? after.endIndex
                found.append(String(rest[open.lowerBound..<(end < after.endIndex ? after.index(after: end) : end)]))
            }
            rest = after
        }
        return found
    }

    /// The host of a link to another site; nil for a link to this one or a relative link.
    static func externalHost(_ href: String, siteHost: String) -> String? {
        let lowered = href.lowercased()
        let rest: Substring
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            rest = lowered[lowered.range(of: "//")!.upperBound...]
        } else if lowered.hasPrefix("//") {
            rest = lowered.dropFirst(2)
        } else {
            return nil
        }
        let host = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" })
        return host == siteHost ? nil : host
    }

    @Test func builtExampleSiteCarriesNothingAboutItsBuild() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let output = folder("public")
        let result = build(site: repositoryRoot, output: output, now: testDay)
        #expect(result.summary.exitCode == 0, "\(result.listing)")
        let files = try outputFiles(in: output)
        #expect(files.count > 50)

        var problems: [String] = []
        func forbid(_ needle: String, _ what: String) {
            for path in Self.files(containing: needle, in: files) { problems.append("\(path) contains \(what) '\(needle)'") }
        }

        // Places on the machine.
        forbid(folder.path, "the temporary folder")
        forbid(output, "the output folder")
        forbid(repositoryRoot, "the site folder")
        let home = NSHomeDirectory()
        if home.count > 1 {
            for end in ["/", "\"", "<", " ", "'"] { forbid(home + end, "the home folder") }
        }

        // The machine and its user: as words, unless an input has the same word (`:root`).
        let inputWords = try Self.inputWords()
        var outputWords: [String: Set<String>] = [:]
        for (path, bytes) in files { outputWords[path] = Set(Self.words(in: String(decoding: bytes, as: UTF8.self))) }
        let identities = Self.hostNames().map { ($0, "the host name") } + Self.userNames().map { ($0, "the user name") }
        #expect(!identities.isEmpty)
        for (name, what) in identities {
            if name.count >= 6 { forbid(name, what) }
            // A short name, or one that is also a word of the input (root, as in `:root`),
            // is still never where a name of a user or machine goes: in a path or an address.
            for context in ["/\(name)/", "/\(name)\"", "~\(name)", "\(name)@", "@\(name)", "home/\(name)", "Users/\(name)", "\\\(name)\\"] {
                forbid(context, "\(what) in a path or an address")
            }
            guard !inputWords.contains(name) else { continue }
            for (path, words) in outputWords where words.contains(name) { problems.append("\(path) contains \(what) '\(name)'") }
        }
        // (CommandLineTests.theUserAndTheirHomeAppearNowhereInTheOutput builds as a user with a
        // long, unmistakable name and home, so the check means something where this one runs as root.)

        // Source file names: `name.md` never; longer names never, unless a writer used the
        // same word in a story (karaoke.md is also the tag karaoke).
        let contentFiles = try #require(FileManager.default.enumerator(atPath: repositoryRoot + "/content")?.allObjects as? [String])
        let names = contentFiles.filter { $0.hasSuffix(".md") }.map { String(($0.split(separator: "/").last ?? "").dropLast(3)) }
        #expect(names.contains("night-shift"))
        var contentText = ""
        for file in contentFiles {
            if let data = FileManager.default.contents(atPath: repositoryRoot + "/content/" + file) {
                contentText += String(decoding: data, as: UTF8.self)
            }
        }
        for name in names {
            forbid(name + ".md", "the source file")
            if name.count > 5, !contentText.contains(name) { forbid(name, "the source file name") }
        }

        // Time of day: midnight UTC of a day is all a date may say.
        let clock = try Regex(#"\d{2}:\d{2}(:\d{2})?"#)
        for (path, bytes) in files {
            let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "T00:00:00Z", with: "")
            if let match = text.firstMatch(of: clock) { problems.append("\(path) contains the time '\(text[match.range])'") }
        }

        // The generator by name only, without a version.
        let version = try Regex(#"(?i)hush[ /@_-]?v?\d+(\.\d+)+"#)
        for (path, bytes) in files where String(decoding: bytes, as: UTF8.self).firstMatch(of: version) != nil {
            problems.append("\(path) names a version of hush")
        }
        #expect(files.text("feed.xml").contains("<generator>Hush</generator>"))
        for (path, bytes) in files where path.hasSuffix(".html") {
            let generator = Self.tags("meta", in: String(decoding: bytes, as: UTF8.self)).filter { $0.contains("name=\"generator\"") }
            if generator != ["<meta name=\"generator\" content=\"Hush\">"] { problems.append("\(path): generator \(generator)") }
        }

        // Pages.
        let siteHost = "unsaid.example.org"
        #expect(try String(contentsOfFile: repositoryRoot + "/hush.yml", encoding: .utf8).contains("https://\(siteHost)/"))
        problems += Self.htmlProblems(in: files, siteHost: siteHost)
        let externalLinks = files.filter { $0.key.hasSuffix(".html") }.flatMap { Self.tags("a", in: String(decoding: $0.value, as: UTF8.self)) }
            .filter { attributeValues("href", in: $0).first.flatMap { Self.externalHost($0, siteHost: siteHost) } != nil }
        #expect(!externalLinks.isEmpty, "the example site links to another site, so the rel check checks something")

        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
    }

    @Test func hostileLinksImagesAndMarkupAreMadeSafe() throws {
        let body = """
            A [link](https://other.example/page) and [an old one](http://old.example) and [ours](https://stories.example.org/tags/).

            ![tracker](https://tracker.example/pixel.png) ![inline](data:image/png;base64,iVBORw0KGgo=) ![proto](//cdn.example/x.png)

            <img src="https://tracker.example/raw.png"> <script>alert(1)</script> [js](javascript:alert(1))

            <a href="https://raw.example/">raw anchor</a>
            """
        let built = try buildStories(["a.md": story(id: "k3v9q2mf", body: body)])
        #expect(built.result.errors.isEmpty, "\(built.result.listing)")
        let problems = Self.htmlProblems(in: built.files, siteHost: "stories.example.org")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let page = storyBody(built.files.text("s/k3v9q2mf/index.html"))
        #expect(page.contains("https://other.example/page"), "the link is kept: \(page)")
        #expect(!page.contains("javascript:"))
    }

    // MARK: - Dates

    /// Thursday 8 October 2026: the Monday of its week is the 5th.
    static let thursday = Day(year: 2026, month: 10, day: 8)!

    @Test(arguments: [
        (DatePrecision.day, "2026-10-08", "8 Oct 2026"),
        (.week, "2026-10-05", "Week of 5 Oct 2026"),
        (.month, "2026-10-01", "October 2026"),
    ])
    func datesArePublishedAtTheSitePrecision(_ precision: DatePrecision, _ iso: String, _ shown: String) throws {
        #expect(Self.thursday.weekday == 4)
        let config = testConfig + "anonymity:\n  date_precision: \(precision.rawValue)\n"
        let built = try buildStories(["a.md": story(date: "2026-10-08", id: "k3v9q2mf")], config: config)
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let page = built.files.text("s/k3v9q2mf/index.html")
        #expect(
            page.contains("<time datetime=\"\(iso)\">\(shown)</time>"),
            "\(section(of: page, from: "<header class=\"story-head\">", to: "</header>"))"
        )
        let atom = built.files.text("feed.xml")
        #expect(atom.contains("<published>\(iso)T00:00:00Z</published>"))
        #expect(atom.contains("<updated>\(iso)T00:00:00Z</updated>"))
        #expect(built.files.text("feed.json").contains("\"date_published\":\"\(iso)T00:00:00Z\""))
        if precision != .day {
            #expect(Self.files(containing: "2026-10-08", in: built.files) == [], "the exact day is published")
            #expect(Self.files(containing: "8 Oct", in: built.files) == [])
        }
    }

    @Test func storiesOfOneWeekAreOrderedByIDNotByDay() throws {
        // By day, Thursday's story would come first; rounded to the week they tie, and the id decides.
        let stories = ["tuesday.md": story(date: "2026-10-06", id: "aaaa"), "thursday.md": story(date: "2026-10-08", id: "zzzz")]
        let built = try buildStories(stories, config: testConfig + "anonymity:\n  date_precision: week\n")
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        #expect(listedStoryIDs(in: built.files.text("index.html")) == ["aaaa", "zzzz"])
        let atom = built.files.text("feed.xml")
        let first = try #require(atom.range(of: "/s/aaaa/"))
        let second = try #require(atom.range(of: "/s/zzzz/"))
        #expect(first.lowerBound < second.lowerBound, "the feed has the same order")
        let search = built.files.text("search.json")
        #expect((search.range(of: "\"aaaa\"")?.lowerBound ?? search.endIndex) < (search.range(of: "\"zzzz\"")?.lowerBound ?? search.startIndex))
    }

    @Test(arguments: ["2026-10-08T21:30:00Z", "2026-10-08 21:30", "2026-10-08T21:30+02:00", "2026-10-08T21:30:00.250-05:00"])
    func dateWithATimeOrAZoneIsRefused(_ value: String) throws {
        try withTemporaryFolder { folder in
            let text = story(date: value)
            let site = try folder.makeSite(stories: ["a.md": text])
            let result = build(site: site, output: folder("public"))
            let errors = result.diagnostics("date.has-time")
            #expect(errors.count == 1, "\(result.listing)")
            let expected = try #require(Self.location(of: value, in: text))
            #expect(errors.first?.severity == .error)
            #expect(errors.first?.line == expected.line && errors.first?.column == expected.column, "\(result.listing)")
            #expect(try Self.leftovers(in: folder) == [])
        }
    }

    // MARK: - Public ids

    static func configWith(secret: String?) -> String {
        "title: \"Test stories\"\nbase_url: \"https://stories.example.org/\"\n" + (secret.map { "secret: \"\($0)\"\n" } ?? "")
    }

    /// The id of the only story of a site made of `night-shift.md`.
    static func onlyID(secret: String?, body: String = "A story.", environment: [String: String] = [:]) throws -> String {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["work/night-shift.md": story(body: body)], config: configWith(secret: secret))
            let built = try buildAndRead(site: site, environment: environment)
            #expect(built.result.errors.isEmpty, "\(built.result.listing)")
            let pages = built.files.storyPages
            #expect(pages.count == 1)
            return String(try #require(pages.first).split(separator: "/")[1])
        }
    }

    @Test func idsDependOnTheSecretAndNotOnTheFileName() throws {
        let a = try Self.onlyID(secret: "secret-A-4f9b2")
        let b = try Self.onlyID(secret: "secret-B-81c3e")
        #expect(a != b)
        for id in [a, b] {
            #expect(PublicID.isValid(id))
            #expect(!id.contains("night") && !id.contains("shift"))
        }
    }

    @Test func hushSecretInTheEnvironmentOverridesTheFile() throws {
        let fromFile = try Self.onlyID(secret: "secret-A-4f9b2")
        let fromB = try Self.onlyID(secret: "secret-B-81c3e")
        let overridden = try Self.onlyID(secret: "secret-A-4f9b2", environment: ["HUSH_SECRET": "secret-B-81c3e"])
        #expect(overridden == fromB)
        #expect(overridden != fromFile)
        let withoutFileSecret = try Self.onlyID(secret: nil, environment: ["HUSH_SECRET": "secret-B-81c3e"])
        #expect(withoutFileSecret == fromB)
    }

    @Test func sameSecretGivesTheSameIDAcrossBuildsAndEdits() throws {
        let first = try Self.onlyID(secret: "secret-A-4f9b2")
        let again = try Self.onlyID(secret: "secret-A-4f9b2")
        let edited = try Self.onlyID(
            secret: "secret-A-4f9b2",
            body: "A story, rewritten from the first word to the last.\n\nWith a second paragraph."
        )
        #expect(first == again)
        #expect(first == edited)
    }

    @Test(arguments: [false, true])
    func noSecretIsAWarningAndAnErrorWhenStrict(_ strict: Bool) throws {
        let result = try check(stories: ["a.md": story()], config: Self.configWith(secret: nil), strict: strict)
        let found = result.diagnostics("config.no-secret")
        #expect(found.count == 1, "\(result.listing)")
        #expect(found.first?.severity == (strict ? .error : .warning))
        #expect(result.summary.exitCode == (strict ? 2 : 0), "a configuration problem: 2 under --strict. \(result.listing)")
    }

    @Test func twoStoriesWithOneIDNameBothFiles() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story(title: "One", id: "k3v9q2mf"), "b.md": story(title: "Other", id: "k3v9q2mf")])
            let result = build(site: site, output: folder("public"))
            let found = result.diagnostics("content.duplicate-id")
            #expect(found.count == 1, "\(result.listing)")
            let error = try #require(found.first)
            #expect(error.severity == .error)
            let said = error.file + " " + error.message
            #expect(said.contains("content/a.md") && said.contains("content/b.md"), "\(result.listing)")
            #expect(error.line == 4 && error.column == 5, "points at the id: \(result.listing)")
            #expect(result.summary.exitCode == 1)
            #expect(try Self.leftovers(in: folder) == [])
        }
    }

    // MARK: - Hostile front matter and markdown

    /// "Billion laughs": nine levels of anchors, each nine aliases of the one before.
    static func aliasBomb(indent: String) -> String {
        var lines = ["\(indent)a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        let names = Array("abcdefghi").map(String.init)
        for level in 1..<names.count {
            let previous = names[level - 1]
            lines.append("\(indent)\(names[level]): &\(names[level]) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n")
    }

    @Test(arguments: ["lol", "tags", "title"])
    func aliasBombEndsWithAnError(_ key: String) throws {
        let text = "---\ndate: 2026-10-01\n\(key):\n" + Self.aliasBomb(indent: "  ") + "\n---\nA story.\n"
        let result = try check(stories: ["bomb.md": text, "fine.md": story()])
        #expect(!result.errors.isEmpty, "\(result.listing)")
        #expect(result.errors.allSatisfy { $0.file == "content/bomb.md" }, "\(result.listing)")
        #expect(result.summary.exitCode == 1)
    }

    @Test func aliasBombUsedAsAValueEndsWithAnError() throws {
        let text = "---\ndate: 2026-10-01\nlol:\n" + Self.aliasBomb(indent: "  ") + "\ntags: *i\nmood: *i\n---\nA story.\n"
        let result = try check(stories: ["bomb.md": text])
        #expect(!result.errors.isEmpty, "\(result.listing)")
        #expect(result.summary.exitCode == 1)
    }

    @Test func oneMegabyteSingleLineBodyBuilds() throws {
        let phrase = "the quiet hum of the fridge and the rain on the window, "
        let body = String(repeating: phrase, count: 1_000_000 / phrase.utf8.count + 1) + "the end."
        #expect(body.utf8.count > 1_000_000 && !body.contains("\n"))
        let built = try buildStories(["long.md": story(id: "k3v9q2mf", body: body)])
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let page = try #require(built.files["s/k3v9q2mf/index.html"])
        #expect(page.count > 1_000_000)
        #expect(built.files.text("s/k3v9q2mf/index.html").contains("the end."))
    }

    @Test(arguments: ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{202E}"])
    func invisibleCharactersInsideAnEmailDoNotHideIt(_ invisible: String) throws {
        let hidden = "jo\(invisible)hn@example.com"
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story(body: "Write to \(hidden), please.")])
            let result = build(site: site, output: folder("public"))
            let found = result.diagnostics("pii.email")
            #expect(found.count == 1, "\(result.listing)")
            #expect(found.first?.severity == .error)
            #expect(found.first?.line == 4, "\(result.listing)")
            #expect(result.summary.exitCode == 1)
            #expect(try Self.leftovers(in: folder) == [])
            Self.expectNeverShown("john@example.com", in: result)
            Self.expectNeverShown(hidden, in: result)
        }
    }

    /// The column is the one in the file, where the invisible characters still are.
    @Test(arguments: ["\u{200B}", "\u{202E}\u{2066}"])
    func invisibleCharactersBeforeAFindingDoNotShiftItsColumn(_ invisible: String) throws {
        let text = story(body: "Write\(invisible) to john@example.com, please.")
        let result = try check(stories: ["a.md": text])
        let expected = try #require(Self.location(of: "john@example.com", in: text))
        let found = result.diagnostics("pii.email")
        #expect(found.count == 1, "\(result.listing)")
        #expect(found.first?.line == expected.line && found.first?.column == expected.column, "\(result.listing); written at \(expected)")
    }

    /// Markdown turns these back into `@` and `.` in the page, so the scan must see through them.
    @Test(arguments: ["jane.doe&#64;example.com", "jane.doe&commat;example.com", "jane.doe\\@example.com", "jane&#46;doe@example&period;com"])
    func markdownEscapesDoNotHideAnEmail(_ written: String) throws {
        let built = try buildStories(["a.md": story(body: "Write to \(written), please.")])
        let result = built.result
        #expect(result.diagnostics("pii.email").map(\.severity) == [.error], "\(result.listing)")
        #expect(result.summary.exitCode == 1)
        let published = Self.files(containing: "jane.doe@example.com", in: built.files)
        #expect(published == [], "published as a plain address in \(published)")
    }

    @Test func templateSyntaxInAStoryIsText() throws {
        let text = story(
            title: "\"{{ site.title }} and {{#story}}x{{/story}}\"",
            id: "k3v9q2mf",
            body: "Hello {{ site.title }}, {{{ story.html }}} and {{#page}}y{{/page}}."
        )
        let built = try buildStories(["a.md": text])
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let page = built.files.text("s/k3v9q2mf/index.html")
        #expect(section(of: page, from: "<h1>", to: "</h1>") == "{{ site.title }} and {{#story}}x{{/story}}")
        #expect(storyBody(page).contains("Hello {{ site.title }}, {{{ story.html }}} and {{#page}}y{{/page}}."), "\(storyBody(page))")
        #expect(built.files.text("feed.xml").contains("<title>{{ site.title }} and {{#story}}x{{/story}}</title>"))
        #expect(built.files.text("search.json").contains("{{ site.title }} and {{#story}}x{{/story}}"))
        #expect(built.files.text("index.html").contains("{{ site.title }} and {{#story}}x{{/story}}"))
    }

    @Test func scriptInATitleIsEscapedEverywhere() throws {
        let title = "\"><script>alert(1)</script>"
        let built = try buildStories(["a.md": story(title: "'\(title)'", tags: ["night"], id: "k3v9q2mf")])
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let escaped = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        var shownIn: [String] = []
        for (path, bytes) in built.files.sorted(by: { $0.key < $1.key }) where !path.hasPrefix("assets/") {
            let text = String(decoding: bytes, as: UTF8.self)
            if path.hasSuffix(".json") {
                // JSON carries text: the title must come back exactly, as a string (the search
                // page puts it in the page with textContent).
                let json = try JSONSerialization.jsonObject(with: Data(bytes))
                if String(describing: json).contains("alert(1)") { shownIn.append(path) }
                let titles = ((json as? [[String: Any]]) ?? ((json as? [String: Any])?["items"] as? [[String: Any]]) ?? []).compactMap {
                    $0["title"] as? String
                }
                #expect(titles == [title], "\(path): \(titles)")
                continue
            }
            #expect(!text.contains("<script>alert"), "\(path) has the script unescaped")
            #expect(!text.contains("\"><script"), "\(path) has the attribute break-out unescaped")
            if text.contains(escaped) { shownIn.append(path) }
        }
        for path in ["s/k3v9q2mf/index.html", "index.html", "tags/night/index.html", "feed.xml", "feed.json", "search.json"] {
            #expect(shownIn.contains(path), "\(path) shows the title")
        }
        let page = built.files.text("s/k3v9q2mf/index.html")
        #expect(section(of: page, from: "<h1>", to: "</h1>") == escaped)
        #expect(section(of: page, from: "<title>", to: "</title>").hasPrefix(escaped))
    }

    // MARK: - Robots

    @Test(arguments: [true, false])
    func robotsSettingReachesEveryPageAndRobotsTxt(_ noindex: Bool) throws {
        let config = testConfig + (noindex ? "robots: noindex\n" : "")
        let built = try buildStories(["a.md": story(tags: ["night"]), "b.md": story(title: "Two")], config: config)
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let pages = built.files.filter { $0.key.hasSuffix(".html") }
        #expect(pages.count > 6)
        let meta = "<meta name=\"robots\" content=\"noindex\">"
        let withMeta = pages.filter { containsBytes($0.value, Array(meta.utf8)) }.map(\.key)
        #expect(withMeta.count == (noindex ? pages.count : 0), "\(Set(pages.keys).subtracting(withMeta).sorted())")
        let robots = built.files.text("robots.txt")
        let lines = robots.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("User-agent: *"), "\(robots)")
        if noindex {
            #expect(lines.contains("Disallow: /"), "\(robots)")
            #expect(!lines.contains { $0.hasPrefix("Allow:") || $0.hasPrefix("Sitemap:") }, "\(robots)")
        } else {
            #expect(lines.contains("Sitemap: https://stories.example.org/sitemap.xml"), "\(robots)")
            #expect(!lines.contains("Disallow: /"), "\(robots)")
            #expect(built.files["sitemap.xml"] != nil)
        }
    }

    // MARK: - Rare tags

    @Test func tagUsedLessThanTheMinimumIsHiddenEverywhere() throws {
        let config = testConfig + "anonymity:\n  min_tag_size: 2\n"
        let stories = [
            "a.md": story(title: "One", tags: ["shared", "solitary-zebra"], id: "aaaa"),
            "b.md": story(title: "Two", tags: ["shared"], id: "bbbb"),
        ]
        let built = try buildStories(stories, config: config)
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        #expect(built.files["tags/shared/index.html"] != nil, "a tag of two stories has its page")
        #expect(!built.files.keys.contains { $0.hasPrefix("tags/solitary") }, "the rare tag has no page")
        for needle in ["solitary", "Solitary", "zebra"] {
            #expect(Self.files(containing: needle, in: built.files) == [], "'\(needle)' is published")
        }

        let checked = try check(stories: stories, config: config)
        let warnings = checked.diagnostics("tag.rare")
        #expect(warnings.count == 1, "\(checked.listing)")
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.file == "content/a.md" && warnings.first?.line == 4, "\(checked.listing)")
    }
}
