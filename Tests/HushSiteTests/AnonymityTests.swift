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

/// The anonymity rules (README, "What the guard does"), end to end through `Pipeline.run`: what a
/// writer puts in a story either stops the build with a diagnostic that does not repeat it,
/// or reaches the site only as the policy says; and the site itself says nothing about who
/// built it, where or when.
@Suite struct AnonymityTests {
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

    /// Every place a built site breaks the rules of the README ("What the guard does", "What gets built"): the exact
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
        let search = built.files.text("search/stories/0.json")
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
        let a = try Self.onlyID(secret: "secret-A-4f9b2-4f9b2")
        let b = try Self.onlyID(secret: "secret-B-81c3e-81c3e")
        #expect(a != b)
        for id in [a, b] {
            #expect(PublicID.isValid(id))
            #expect(!id.contains("night") && !id.contains("shift"))
        }
    }

    @Test func hushSecretInTheEnvironmentOverridesTheFile() throws {
        let fromFile = try Self.onlyID(secret: "secret-A-4f9b2-4f9b2")
        let fromB = try Self.onlyID(secret: "secret-B-81c3e-81c3e")
        let overridden = try Self.onlyID(secret: "secret-A-4f9b2-4f9b2", environment: ["HUSH_SECRET": "secret-B-81c3e-81c3e"])
        #expect(overridden == fromB)
        #expect(overridden != fromFile)
        let withoutFileSecret = try Self.onlyID(secret: nil, environment: ["HUSH_SECRET": "secret-B-81c3e-81c3e"])
        #expect(withoutFileSecret == fromB)
    }

    @Test func sameSecretGivesTheSameIDAcrossBuildsAndEdits() throws {
        let first = try Self.onlyID(secret: "secret-A-4f9b2-4f9b2")
        let again = try Self.onlyID(secret: "secret-A-4f9b2-4f9b2")
        let edited = try Self.onlyID(
            secret: "secret-A-4f9b2-4f9b2",
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

}
