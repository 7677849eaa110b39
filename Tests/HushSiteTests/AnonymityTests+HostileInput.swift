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

/// Hostile front matter and markdown, robots, and rare tags.
extension AnonymityTests {
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
        #expect(built.files.text("search/stories/0.json").contains("{{ site.title }} and {{#story}}x{{/story}}"))
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
            // The entry and the chunks of words hold folded words and counts, no text to show.
            if path == "search/index.json" || path.hasPrefix("search/words/") { continue }
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
        for path in ["s/k3v9q2mf/index.html", "index.html", "tags/night/index.html", "feed.xml", "feed.json", "search/stories/0.json"] {
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
