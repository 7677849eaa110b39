import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Issue 10, "Pages": the page's language is the site's and a story's is scoped to its own
/// element; warned stories reach feed readers as a warning and a link; list pages number
/// their pages; drafts are marked wherever a `--drafts` build shows them. Asserted on what a
/// reader, a screen reader or a feed reader gets, on every built-in theme. (Over 400 lines:
/// four features × three themes share the fixtures and readers below.)
@Suite struct PagesTests {
    static let themes = ["default", "whisper", "paper"]

    // MARK: Helpers

    struct JSONItem: Decodable {
        let url: String
        let title: String
        let content_html: String
        let summary: String?
        let language: String?
    }

    struct JSONFeed: Decodable {
        let language: String
        let items: [JSONItem]
    }

    static func jsonFeed(_ built: BuiltSite) throws -> JSONFeed {
        try JSONDecoder().decode(JSONFeed.self, from: Data(try #require(built.files["feed.json"])))
    }

    /// The Atom entry of story `id`, as parsed text: its start tag, title, summary and content (decoded once).
    struct AtomEntry {
        let lang: String?
        let title: String
        let summary: String
        let content: String
    }

    static func atomEntry(_ id: String, in built: BuiltSite) throws -> AtomEntry {
        let atom = HTMLDocument(built.files.text("feed.xml"))
        let entry = try #require(
            atom.elements.first { element in
                element.node.name == "entry"
                    && atom.elements.contains {
                        $0.node.name == "id" && atom.ancestors(of: $0.index).contains(element.index)
                            && atom.textContent(of: $0.index).hasSuffix("/s/\(id)/")
                    }
            },
            "no Atom entry for \(id)"
        )
        func child(_ name: String) -> String {
            guard let found = atom.elements.first(where: { $0.node.name == name && atom.nodes[$0.index].parent == entry.index }) else { return "" }
            return atom.textContent(of: found.index)
        }
        return AtomEntry(lang: entry.node.attribute("xml:lang"), title: child("title"), summary: child("summary"), content: child("content"))
    }

    static func item(_ id: String, in feed: JSONFeed) throws -> JSONItem {
        try #require(feed.items.first { $0.url.hasSuffix("/s/\(id)/") }, "no JSON Feed item for \(id)")
    }

    static func root(_ document: HTMLDocument) -> HTMLDocument.Node? { document.elements(named: "html").first }

    /// The index of the one element with class `cls`, or of the first `name` element.
    static func first(_ document: HTMLDocument, class cls: String? = nil, named name: String? = nil) -> Int? {
        document.elements.first { element in
            (cls.map { element.node.classes.contains($0) } ?? true) && (name.map { element.node.name == $0 } ?? true)
        }?.index
    }

    // MARK: 1. Right-to-left stories: the page is the site's, the story's element is the story's

    static let mixedStories = [
        "ar.md": story(date: "2026-10-12", title: "ليلة طويلة", tags: ["night"], id: "in-arabic", extra: ["lang: ar", "mood: تعبان"]),
        "en.md": story(date: "2026-10-05", title: "A long night", tags: ["night"], id: "in-english"),
        "en2.md": story(date: "2026-10-19", title: "Another night", tags: ["night"], id: "newest"),
    ]

    @Test(arguments: themes)
    func theDocumentSaysTheSitesLanguageOnAStoryInAnother(_ theme: String) throws {
        let built = try buildStories(Self.mixedStories, config: testConfig + "language: en\ntheme: \(theme)\n")
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        let page = HTMLDocument(built.files.text("s/in-arabic/index.html"))
        #expect(Self.root(page)?.attribute("lang") == "en", "\(theme): <html lang> is the site's language, not the story's")
        #expect(Self.root(page)?.attribute("dir") == nil, "\(theme): an English site's page has no dir")
        // The site's navigation and footer are English; the story (its heading) is Arabic.
        let nav = try #require(Self.first(page, class: "site-nav"))
        #expect(page.inherited("lang", at: nav) == "en")
        let footer = try #require(Self.first(page, named: "footer"))
        #expect(page.inherited("lang", at: footer) == "en")
        let heading = try #require(Self.first(page, named: "h1"))
        #expect(page.inherited("lang", at: heading) == "ar", "\(theme): the story's own element says ar")
        // The site's words inside the story (the date, the hearts' label) are the site's.
        let hearts = try #require(
            page.elements.first { $0.node.classes.contains("visually-hidden") && page.textContent(of: $0.index).hasSuffix("hearts") }
        )
        #expect(page.inherited("lang", at: hearts.index) == "en", "\(theme): \"0 hearts\" is English inside the Arabic story")
        let mood = try #require(page.nodes.indices.first { page.nodes[$0].name == "#text" && page.nodes[$0].text.contains("تعبان") })
        #expect(page.inherited("lang", at: mood) == "ar", "\(theme): the mood is the story's own words")
        for path in ["index.html", "top/index.html", "tags/night/index.html", "s/in-english/index.html"] {
            #expect(Self.root(HTMLDocument(built.files.text(path)))?.attribute("lang") == "en", "\(theme): \(path)")
        }
    }

    @Test(arguments: themes)
    func rightToLeftIsScopedToTheStorysOwnElements(_ theme: String) throws {
        let built = try buildStories(Self.mixedStories, config: testConfig + "theme: \(theme)\n")
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")

        // Its page: the story's article is rtl, the page's header, nav and footer are not.
        let page = HTMLDocument(built.files.text("s/in-arabic/index.html"))
        let heading = try #require(Self.first(page, named: "h1"))
        #expect(page.inherited("dir", at: heading) == "rtl", "\(theme)")
        for cls in ["site-header", "site-nav", "story-nav", "site-footer"] {
            let index = try #require(Self.first(page, class: cls), "\(theme): no .\(cls)")
            #expect(page.inherited("dir", at: index) == nil, "\(theme): .\(cls) inherits dir=rtl")
        }

        // Its card on the home page; the other cards are not rtl.
        let home = HTMLDocument(built.files.text("index.html"))
        for card in home.elements where card.node.name == "article" {
            let isArabic = home.elements.contains {
                $0.node.name == "a" && $0.node.attribute("href") == "/s/in-arabic/" && home.ancestors(of: $0.index).contains(card.index)
            }
            #expect(card.node.attribute("dir") == (isArabic ? "rtl" : nil), "\(theme): \(card.node.source)")
            #expect(card.node.attribute("lang") == (isArabic ? "ar" : "en"), "\(theme): \(card.node.source)")
        }

        // The newer/older links around it: the label is the other story's, "Newer"/"Older" the site's.
        for neighbour in ["newest", "in-english"] {
            let other = HTMLDocument(built.files.text("s/\(neighbour)/index.html"))
            let link = try #require(
                other.elements.first {
                    $0.node.name == "a" && $0.node.attribute("href") == "/s/in-arabic/"
                        && other.ancestors(of: $0.index).contains { other.nodes[$0].classes.contains("story-nav") }
                },
                "\(theme): \(neighbour) has no newer/older link to the Arabic story"
            )
            let label = try #require(
                other.elements.first { $0.node.classes.contains("nav-label") && other.ancestors(of: $0.index).contains(link.index) }
            )
            #expect(
                other.inherited("dir", at: label.index) == "rtl" && other.inherited("lang", at: label.index) == "ar",
                "\(theme): \(label.node.source)"
            )
            #expect(other.inherited("dir", at: link.index) == nil, "\(theme): the whole link is rtl, not only its label")
            // And the Arabic story among the related stories (a story_link).
            let related = other.elements.filter {
                $0.node.name == "a" && $0.node.attribute("href") == "/s/in-arabic/"
                    && other.ancestors(of: $0.index).contains { other.nodes[$0].classes.contains("related") }
            }
            #expect(!related.isEmpty, "\(theme): \(neighbour)")
            for entry in related {
                #expect(other.inherited("dir", at: entry.index) == "rtl" && other.inherited("lang", at: entry.index) == "ar", "\(theme)")
            }
        }

        // The feeds: the entry says its language; the feed says the site's.
        #expect(try Self.atomEntry("in-arabic", in: built).lang == "ar")
        #expect(try Self.atomEntry("in-english", in: built).lang == nil)
        #expect(built.files.text("feed.xml").contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"))
        let feed = try Self.jsonFeed(built)
        #expect(feed.language == "en")
        #expect(try Self.item("in-arabic", in: feed).language == "ar")
        #expect(try Self.item("in-english", in: feed).language == nil)
    }

    @Test(arguments: themes)
    func aRightToLeftSiteIsRightToLeftAndItsLeftToRightStoriesAreNot(_ theme: String) throws {
        let stories = [
            "ar.md": story(date: "2026-10-12", title: "ليلة طويلة", tags: ["night"], id: "in-arabic"),
            "en.md": story(date: "2026-10-05", title: "A long night", tags: ["night"], id: "in-english", extra: ["lang: en"]),
        ]
        let built = try buildStories(stories, config: testConfig + "language: ar\ntheme: \(theme)\n")
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        for path in ["index.html", "s/in-arabic/index.html", "s/in-english/index.html", "tags/index.html", "404.html"] {
            let root = Self.root(HTMLDocument(built.files.text(path)))
            #expect(root?.attribute("lang") == "ar" && root?.attribute("dir") == "rtl", "\(theme): \(path)")
        }
        let english = HTMLDocument(built.files.text("s/in-english/index.html"))
        let heading = try #require(Self.first(english, named: "h1"))
        #expect(english.inherited("dir", at: heading) == "ltr" && english.inherited("lang", at: heading) == "en", "\(theme)")
        let home = HTMLDocument(built.files.text("index.html"))
        let card = try #require(home.elements.first { $0.node.name == "a" && $0.node.attribute("href") == "/s/in-english/" })
        #expect(home.inherited("dir", at: card.index) == "ltr", "\(theme)")
    }

    /// An untitled warned story is labelled "Content warning: …", the site's words: its label
    /// says the site's lang and dir (`label_lang`, `label_dir`) inside the story's element.
    @Test(arguments: themes)
    func anUntitledWarnedStorysLabelIsInTheSitesLanguage(_ theme: String) throws {
        let stories = [
            "warned.md": story(date: "2026-10-12", tags: ["night"], id: "warned-ar", extra: ["lang: ar", "cw: فقدان"]),
            "en.md": story(date: "2026-10-05", title: "A long night", tags: ["night"], id: "in-english"),
        ]
        let built = try buildStories(stories, config: testConfig + "theme: \(theme)\n")
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        let page = HTMLDocument(built.files.text("s/warned-ar/index.html"))
        let heading = try #require(Self.first(page, named: "h1"))
        let label = try #require(
            page.nodes.indices.first {
                page.nodes[$0].name == "#text" && page.nodes[$0].text.contains("Content warning: فقدان") && page.ancestors(of: $0).contains(heading)
            }
        )
        #expect(
            page.inherited("lang", at: label) == "en" && page.inherited("dir", at: label) == "ltr",
            "\(theme): the heading's words are the site's"
        )
        #expect(page.inherited("dir", at: heading) == "rtl", "\(theme): the heading itself stays in the story's direction")
        // Its card, its newer/older link and its related link.
        for path in ["index.html", "s/in-english/index.html"] {
            let document = HTMLDocument(built.files.text(path))
            let texts = document.nodes.indices.filter { document.nodes[$0].name == "#text" && document.nodes[$0].text == "Content warning: فقدان" }
            #expect(!texts.isEmpty, "\(theme): \(path)")
            for text in texts {
                #expect(document.inherited("lang", at: text) == "en" && document.inherited("dir", at: text) != "rtl", "\(theme): \(path)")
            }
        }
        // The Atom entry says ar; its title and summary, the site's words, say en.
        let atom = built.files.text("feed.xml")
        #expect(atom.contains("<entry xml:lang=\"ar\">\n<title xml:lang=\"en\">[CW: فقدان]</title>"))
        #expect(atom.contains("<summary xml:lang=\"en\">Content warning: فقدان."))
        let item = try Self.item("warned-ar", in: try Self.jsonFeed(built))
        #expect(item.language == "ar" && item.title == "[CW: فقدان]")
        #expect(item.content_html.hasPrefix("<p lang=\"en\" dir=\"ltr\">Content warning: <bdi lang=\"ar\">فقدان</bdi>."))
    }

    // MARK: 2. Content warnings protect feed readers

    static let warnedBody = "The whole night I sat by the phone and the quiet went on."

    static let warnedStories = [
        "cw.md": story(date: "2026-10-12", title: "The call", id: "warned", extra: ["cw: grief"], body: warnedBody),
        "plain.md": story(date: "2026-10-05", title: "Plain", id: "plain", body: "Nothing hard in this one, only toast."),
    ]

    @Test(arguments: [(nil, false), ("link", false), ("full", true)] as [(String?, Bool)])
    func aWarnedStorysFeedEntriesCarryTheWarningNotTheBodyUnlessFull(_ setting: String?, _ full: Bool) throws {
        let config = testConfig + (setting.map { "feeds:\n  cw: \($0)\n" } ?? "")
        let built = try buildStories(Self.warnedStories, config: config)
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        let link = "https://stories.example.org/s/warned/"
        let opening = "The whole night I sat by the phone"

        let atom = try Self.atomEntry("warned", in: built)
        let item = try Self.item("warned", in: try Self.jsonFeed(built))
        #expect(atom.title == "[CW: grief] The call" && item.title == "[CW: grief] The call")
        for (feed, content, summary) in [("Atom", atom.content, atom.summary), ("JSON Feed", item.content_html, item.summary ?? "")] {
            #expect(content.contains(opening) == full, "\(feed) content: \(content)")
            #expect(summary.contains(opening) == full, "\(feed) summary: \(summary)")
            if !full {
                #expect(content.contains("Content warning: grief") && content.contains("href=\"\(link)\""), "\(feed): \(content)")
                #expect(summary == "Content warning: grief. Read the story on the site: \(link)", "\(feed)")
            }
        }
        // A story without a warning is whole in both feeds either way.
        #expect(try Self.atomEntry("plain", in: built).content.contains("only toast"))
        #expect(try Self.item("plain", in: try Self.jsonFeed(built)).content_html.contains("only toast"))
        // Nowhere in the feed files, not in any other element either (unless full).
        #expect(built.files.text("feed.xml").contains(opening) == full)
        #expect(built.files.text("feed.json").contains(opening) == full)
        // The site itself still has the story, behind its click-through.
        #expect(built.files.text("s/warned/index.html").contains(opening))
    }

    @Test(arguments: [
        ("feeds:\n  cw: none\n", "config.invalid-value", 2),
        ("feeds: full\n", "config.type", 1),
        ("feeds:\n  cws: full\n", "config.unknown-key", 2),
    ])
    func theFeedsKeyIsChecked(_ lines: String, _ code: String, _ line: Int) throws {
        let result = try check(stories: Self.warnedStories, config: testConfig + lines)
        let configLine = testConfig.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(result.codes == [code], "\(result.listing)")
        #expect(result.diagnostics.first?.file == "hush.yml")
        #expect(result.diagnostics.first?.line == configLine + line, "\(result.listing)")
        #expect(result.summary.exitCode == 2)
    }

    // MARK: 3. Numbered pagination

    /// `1 … 58 [59] 60`: the row of page numbers, the current one in brackets.
    static func describe(_ items: [Pagination.Item], current: Int) -> String {
        items.map { item in
            switch item {
            case .page(let number): number == current ? "[\(number)]" : "\(number)"
            case .gap: "…"
            }
        }.joined(separator: " ")
    }

    static let windows: [(total: Int, current: Int, expected: String)] = [
        (1, 1, "[1]"),
        (2, 1, "[1] 2"), (2, 2, "1 [2]"),
        (7, 1, "[1] 2 3 … 7"), (7, 4, "1 2 3 [4] 5 6 7"), (7, 7, "1 … 5 6 [7]"),
        (7, 2, "1 [2] 3 4 … 7"), (7, 5, "1 2 3 4 [5] 6 7"),
        (120, 1, "[1] 2 3 … 120"), (120, 60, "1 … 58 59 [60] 61 62 … 120"), (120, 120, "1 … 118 119 [120]"),
        // A gap of one page shows the page instead: "…" always stands for two or more.
        (120, 4, "1 2 3 [4] 5 6 … 120"), (120, 5, "1 2 3 4 [5] 6 7 … 120"), (120, 6, "1 … 4 5 [6] 7 8 … 120"),
        (120, 116, "1 … 114 115 [116] 117 118 119 120"),
        (900, 450, "1 … 448 449 [450] 451 452 … 900"),
    ]

    @Test(arguments: windows)
    func thePageNumbersShown(_ total: Int, _ current: Int, _ expected: String) {
        #expect(Self.describe(Pagination.items(current: current, total: total), current: current) == expected)
    }

    /// The row as a built page shows it: numbers, "…" and the page marked `aria-current`,
    /// each number a link to its page.
    static func renderedRow(_ html: String, base: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let document = HTMLDocument(html)
        guard let list = first(document, class: "page-numbers") else { return nil }
        var parts: [String] = []
        for item in document.elements where item.node.name == "li" && document.nodes[item.index].parent == list {
            let text = document.textContent(of: item.index).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let link = document.elements.first(where: { $0.node.name == "a" && document.ancestors(of: $0.index).contains(item.index) }) else {
                #expect(
                    text == "…" && item.node.attribute("aria-hidden") == "true",
                    "a gap is … and hidden from screen readers",
                    sourceLocation: sourceLocation
                )
                parts.append("…")
                continue
            }
            let number = String(text.drop { !$0.isNumber })
            #expect(text == "Page \(number)", "each number is named as a page", sourceLocation: sourceLocation)
            let url = number == "1" ? "/" + base : "/\(base)page/\(number)/"
            #expect(link.node.attribute("href") == url, sourceLocation: sourceLocation)
            parts.append(link.node.attribute("aria-current") == "page" ? "[\(number)]" : number)
        }
        return parts.joined(separator: " ")
    }

    @Test(arguments: [1, 2, 7, 120])
    func everyListNumbersItsPages(_ total: Int) throws {
        var stories: [String: String] = [:]
        let monday = Day(year: 2024, month: 1, day: 1)!
        for number in 1...total {
            let day = Day(daysSinceEpoch: monday.daysSinceEpoch + 7 * number)
            stories["s\(number).md"] = story(date: day.description, tags: ["x"], id: "story-\(number)", body: "Story number \(number).")
        }
        let built = try buildStories(stories, config: testConfig + "page_size: 1\n")
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let middle = (total + 1) / 2
        for base in ["", "top/", "tags/x/"] {
            for current in Set([1, middle, total]) {
                let path = (current == 1 ? base : "\(base)page/\(current)/") + "index.html"
                let html = built.files.text(path)
                #expect(!html.isEmpty, "\(path) is missing")
                let row = Self.renderedRow(html, base: base)
                if total == 1 {
                    #expect(row == nil, "one page has no page numbers")
                    #expect(!html.contains("class=\"pagination\""))
                    continue
                }
                let expected = Self.describe(Pagination.items(current: current, total: total), current: current)
                #expect(row == expected, "\(path)")
                // Previous and next stay, with rel.
                let document = HTMLDocument(html)
                let prev = document.elements.first { $0.node.attribute("rel") == "prev" }?.node.attribute("href")
                let next = document.elements.first { $0.node.attribute("rel") == "next" }?.node.attribute("href")
                func url(_ page: Int) -> String { page == 1 ? "/" + base : "/\(base)page/\(page)/" }
                #expect(prev == (current > 1 ? url(current - 1) : nil), "\(path)")
                #expect(next == (current < total ? url(current + 1) : nil), "\(path)")
                #expect(occurrences(of: "aria-current=\"page\"", in: section(of: html, from: "<nav class=\"pagination\"", to: "</nav>")) == 1)
            }
        }
        // The exact rows of the 7- and 120-page lists, spelled out.
        if total == 7 {
            #expect(Self.renderedRow(built.files.text("page/4/index.html"), base: "") == "1 2 3 [4] 5 6 7")
            #expect(Self.renderedRow(built.files.text("top/page/7/index.html"), base: "top/") == "1 … 5 6 [7]")
        }
        if total == 120 {
            #expect(Self.renderedRow(built.files.text("index.html"), base: "") == "[1] 2 3 … 120")
            #expect(Self.renderedRow(built.files.text("tags/x/page/60/index.html"), base: "tags/x/") == "1 … 58 59 [60] 61 62 … 120")
            #expect(Self.renderedRow(built.files.text("top/page/120/index.html"), base: "top/") == "1 … 118 119 [120]")
        }
    }

    // MARK: 4. Drafts, marked

    static let draftStories = [
        "draft.md": story(date: "2026-10-12", title: "Not ready", tags: ["night"], id: "the-draft", extra: ["draft: true", "cw: fear"]),
        "older.md": story(date: "2026-10-05", title: "Published before", tags: ["night"], id: "older"),
        "newer.md": story(date: "2026-10-19", title: "Published after", tags: ["night"], id: "newer"),
    ]

    /// The elements with class `draft-mark` or `draft-note` in a page.
    static func draftMarks(_ html: String) -> [HTMLDocument.Node] {
        HTMLDocument(html).elements.map(\.node).filter { $0.classes.contains("draft-mark") || $0.classes.contains("draft-note") }
    }

    @Test(arguments: themes)
    func draftsAreMarkedWhereverADraftsBuildShowsThem(_ theme: String) throws {
        let built = try buildStories(Self.draftStories, config: testConfig + "theme: \(theme)\n", drafts: true)
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        // Its page: a note before the story, and the title says so.
        let page = HTMLDocument(built.files.text("s/the-draft/index.html"))
        #expect(page.elements.contains { $0.node.classes.contains("draft-note") && page.textContent(of: $0.index).contains("Draft") }, "\(theme)")
        #expect(page.elements(named: "title").first?.text.hasPrefix("[Draft] ") == true)
        // Its card on every list that shows it, its link among related stories and newer/older.
        for path in ["index.html", "top/index.html", "tags/night/index.html", "s/older/index.html", "s/newer/index.html"] {
            let document = HTMLDocument(built.files.text(path))
            let links = document.elements.filter { $0.node.name == "a" && $0.node.attribute("href") == "/s/the-draft/" }
            #expect(!links.isEmpty, "\(theme): \(path) does not link the draft")
            for link in links {
                // The mark is in the same card, list item or link as the link to the draft.
                let holder = [link.index] + document.ancestors(of: link.index)
                let container = holder.first { ["article", "li"].contains(document.nodes[$0].name) } ?? link.index
                let marked = document.elements.contains { element in
                    element.node.classes.contains("draft-mark") && document.textContent(of: element.index) == "Draft"
                        && (document.ancestors(of: element.index).contains(container) || element.index == container)
                }
                #expect(marked, "\(theme): \(path): \(link.node.source) has no Draft mark")
            }
        }
        // Only the draft is marked: the published stories' own pages and cards are not.
        #expect(Self.draftMarks(built.files.text("s/older/index.html")).allSatisfy { !$0.classes.contains("draft-note") })
        let home = HTMLDocument(built.files.text("index.html"))
        #expect(home.elements.filter { $0.node.classes.contains("draft-mark") }.count == 1, "\(theme): one card marked")
        // The feeds' titles.
        #expect(try Self.atomEntry("the-draft", in: built).title == "[Draft] [CW: fear] Not ready")
        #expect(try Self.item("the-draft", in: try Self.jsonFeed(built)).title == "[Draft] [CW: fear] Not ready")
        #expect(try Self.atomEntry("older", in: built).title == "Published before")
        // The search index flags the draft alone, so search.js marks its result as cards do.
        var flagged: [String] = []
        for (path, bytes) in built.files where path.hasPrefix("search/stories/") {
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
            for entry in entries where entry["draft"] as? Bool == true { flagged.append(entry["id"] as? String ?? "") }
        }
        #expect(flagged == ["the-draft"], "\(flagged)")
    }

    @Test(arguments: themes)
    func nothingIsMarkedWithoutDrafts(_ theme: String) throws {
        let built = try buildStories(Self.draftStories, config: testConfig + "theme: \(theme)\n")
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        #expect(built.files["s/the-draft/index.html"] == nil, "drafts are not built")
        #expect(built.files.storyPages.count == 2)
        // Every page and feed (the stylesheets name the classes, and may).
        for (path, bytes) in built.files where !path.hasPrefix("assets/") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("draft-mark") && !text.contains("draft-note") && !text.contains("[Draft]"), "\(theme): \(path)")
            #expect(!text.contains("\"draft\""), "\(theme): \(path) flags a draft")
        }
    }
}
