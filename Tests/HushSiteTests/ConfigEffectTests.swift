import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Each documented hush.yml key (README "Configuration") and theme value (docs/themes.md
/// "Variables") has the effect the documentation gives it, asserted on what a reader or a
/// feed reader gets, never by comparing with a golden page. Keys covered elsewhere:
/// page_size (PaginationTests), base_url (ConfigTests), secret (AnonymityTests, ConfigTests,
/// CommandLineTests), theme (ThemeTests, SafetyTests), robots and anonymity.pii
/// (AnonymityTests).
@Suite struct ConfigEffectTests {
    static let builtInThemes = ["default", "whisper", "paper"]

    /// Atom entries' story ids, in order.
    static func atomIDs(_ atom: String) -> [String] {
        HTMLDocument(atom).elements(named: "link").filter { $0.attribute("rel") == "alternate" }.compactMap { $0.attribute("href") }
            .filter { $0.contains("/s/") }.compactMap { storyID(fromURL: String($0.dropFirst("https://stories.example.org".count))) }
    }

    struct JSONItem: Decodable {
        let url: String
        let title: String
        let content_html: String
        let date_published: String
        let language: String?
        let tags: [String]
    }

    struct JSONFeed: Decodable {
        let title: String
        let description: String?
        let language: String
        let items: [JSONItem]
    }

    static func jsonFeed(_ built: BuiltSite) throws -> JSONFeed {
        try JSONDecoder().decode(JSONFeed.self, from: Data(try #require(built.files["feed.json"])))
    }

    static func jsonIDs(_ feed: JSONFeed) -> [String] {
        feed.items.compactMap { storyID(fromURL: String($0.url.dropFirst("https://stories.example.org".count))) }
    }

    // MARK: feed_size

    /// Five stories a week apart (so the default week precision keeps them apart), `feed-1` oldest.
    static let fiveStories: [String: String] = Dictionary(
        uniqueKeysWithValues: zip(1...5, ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05"]).map { number, date in
            ("s\(number).md", story(date: date, title: "Story \(number)", id: "feed-\(number)"))
        }
    )

    @Test(arguments: [
        (1, ["feed-5"]), (3, ["feed-5", "feed-4", "feed-3"]), (5, ["feed-5", "feed-4", "feed-3", "feed-2", "feed-1"]),
        (9, ["feed-5", "feed-4", "feed-3", "feed-2", "feed-1"]),
    ])
    func feedSizeIsHowManyStoriesEachFeedHolds(_ size: Int, _ expected: [String]) throws {
        let built = try buildStories(Self.fiveStories, config: testConfig + "feed_size: \(size)\n")
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        let atom = built.files.text("feed.xml")
        #expect(HTMLDocument(atom).elements(named: "entry").count == expected.count)
        #expect(Self.atomIDs(atom) == expected, "the newest \(size), newest first")
        #expect(Self.jsonIDs(try Self.jsonFeed(built)) == expected)
        // The site itself still shows every story.
        #expect(built.files.storyPages.count == 5)
    }

    @Test func feedSizeDefaultsToFifty() throws {
        let monday = Day(year: 2025, month: 1, day: 6)!
        var stories: [String: String] = [:]
        for number in 1...52 {
            let day = Day(daysSinceEpoch: monday.daysSinceEpoch + 7 * number)
            stories["s\(number).md"] = story(date: day.description, title: "Story \(number)", id: "story-\(number)")
        }
        let built = try buildStories(stories)
        #expect(HTMLDocument(built.files.text("feed.xml")).elements(named: "entry").count == 50)
        let ids = Self.jsonIDs(try Self.jsonFeed(built))
        #expect(ids.count == 50)
        #expect(ids.first == "story-52" && ids.last == "story-3", "the newest fifty")
    }

    // MARK: smart_punctuation

    static let punctuated = "\"Quoted,\" she said -- and then --- nothing... It's 'fine'."

    @Test(arguments: [
        (true, "“Quoted,” she said – and then — nothing… It’s ‘fine’."),
        (false, "\"Quoted,\" she said -- and then --- nothing... It's 'fine'."),
    ])
    func smartPunctuationCurlsQuotesAndDashesInTheBody(_ on: Bool, _ expected: String) throws {
        let config = testConfig + (on ? "smart_punctuation: true\n" : "")
        let built = try buildStories(["a.md": story(title: "Punctuation", id: "punct", body: Self.punctuated)], config: config)
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        let page = HTMLDocument(built.files.text("s/punct/index.html"))
        let body = try #require(page.elements.first { $0.node.classes.contains("story-body") })
        #expect(page.textContent(of: body.index).trimmingCharacters(in: .whitespacesAndNewlines) == expected)
        let item = try #require(try Self.jsonFeed(built).items.first)
        #expect(HTMLDocument(item.content_html).text.trimmingCharacters(in: .whitespacesAndNewlines) == expected, "the feeds carry the same body")
    }

    // MARK: lang, language and dir

    static func storyHeading(_ document: HTMLDocument) throws -> Int {
        let headings = document.elements.filter { $0.node.name == "h1" }
        #expect(headings.count == 1)
        return try #require(headings.first).index
    }

    /// Indices of the links to story `id` that sit in a story card or story list item (not the
    /// newer/older and "another story" links, which the docs give only a url and a label).
    static func storyLinks(to id: String, in document: HTMLDocument) -> [Int] {
        document.elements.filter { $0.node.name == "a" && $0.node.attribute("href") == "/s/\(id)/" }.map(\.index)
            .filter { index in
                document.ancestors(of: index).contains { ["article", "li"].contains(document.nodes[$0].name) }
            }
    }

    @Test(arguments: builtInThemes)
    func aStorysLangIsOnItsPageAndItsCards(_ theme: String) throws {
        let stories = [
            "fr.md": story(date: "2026-10-02", title: "Le vendredi", tags: ["food"], id: "in-french", extra: ["lang: fr"]),
            "de.md": story(date: "2026-10-01", title: "Am Freitag", tags: ["food"], id: "in-site-language"),
        ]
        let built = try buildStories(stories, config: testConfig + "language: de\ntheme: \(theme)\n")
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")

        // The story's own page: the document keeps the site's language (its navigation is
        // German); the story's element says fr.
        let page = HTMLDocument(built.files.text("s/in-french/index.html"))
        #expect(page.elements(named: "html").first?.attribute("lang") == "de", "<html lang> is the site's")
        #expect(page.inherited("lang", at: try Self.storyHeading(page)) == "fr")
        // A story without lang: the site's language, everywhere.
        let other = HTMLDocument(built.files.text("s/in-site-language/index.html"))
        #expect(other.elements(named: "html").first?.attribute("lang") == "de")
        #expect(other.inherited("lang", at: try Self.storyHeading(other)) == "de")
        for page in ["index.html", "tags/index.html", "top/index.html", "search/index.html", "404.html"] {
            #expect(HTMLDocument(built.files.text(page)).elements(named: "html").first?.attribute("lang") == "de", "\(theme): \(page)")
        }
        // Its card on a page in the site's language.
        let home = HTMLDocument(built.files.text("index.html"))
        let cards = Self.storyLinks(to: "in-french", in: home)
        #expect(!cards.isEmpty, "\(theme): no card links to the story")
        for link in cards {
            #expect(home.inherited("lang", at: link) == "fr", "\(theme): \(home.nodes[link].source)")
        }
        for link in Self.storyLinks(to: "in-site-language", in: home) {
            #expect(home.inherited("lang", at: link) == "de", "\(theme): \(home.nodes[link].source)")
        }
        // And in the feeds.
        let feed = try Self.jsonFeed(built)
        #expect(feed.language == "de")
        #expect(feed.items.map(\.language) == ["fr", nil])
        #expect(built.files.text("feed.xml").contains("xml:lang=\"de\""))
    }

    @Test(arguments: builtInThemes)
    func aRightToLeftStoryIsMarkedRightToLeftOnItsOwnElement(_ theme: String) throws {
        let stories = [
            "ar.md": story(date: "2026-10-03", title: "ليلة طويلة", tags: ["night"], id: "in-arabic", extra: ["lang: ar"]),
            "he.md": story(date: "2026-10-02", title: "לילה ארוך", tags: ["night"], id: "in-hebrew", extra: ["lang: he-IL"]),
            "en.md": story(date: "2026-10-01", title: "A long night", tags: ["night"], id: "in-english"),
        ]
        let built = try buildStories(stories, config: testConfig + "theme: \(theme)\n")
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        for (id, lang) in [("in-arabic", "ar"), ("in-hebrew", "he-IL")] {
            let page = HTMLDocument(built.files.text("s/\(id)/index.html"))
            let heading = try Self.storyHeading(page)
            #expect(page.inherited("lang", at: heading) == lang, "\(theme): \(id)")
            #expect(page.inherited("dir", at: heading) == "rtl", "\(theme): \(id): the story's element has no dir=\"rtl\"")
            // On the element that says the language, not on the whole page.
            #expect(page.elements(named: "html").first?.attribute("dir") == nil || page.elements(named: "html").first?.attribute("lang") == lang)
            // Its card, and its link among another story's related stories.
            for listing in ["index.html", "tags/night/index.html", "s/in-english/index.html"] {
                let document = HTMLDocument(built.files.text(listing))
                let links = Self.storyLinks(to: id, in: document)
                #expect(!links.isEmpty, "\(theme): \(listing) has no card or list item for \(id)")
                for link in links {
                    #expect(document.inherited("dir", at: link) == "rtl", "\(theme): \(listing): \(document.nodes[link].source)")
                    #expect(document.inherited("lang", at: link) == lang, "\(theme): \(listing): \(document.nodes[link].source)")
                }
            }
        }
        // A left-to-right story, next to them, is not right to left.
        let english = HTMLDocument(built.files.text("s/in-english/index.html"))
        #expect(english.inherited("dir", at: try Self.storyHeading(english)) != "rtl")
        let home = HTMLDocument(built.files.text("index.html"))
        for link in Self.storyLinks(to: "in-english", in: home) {
            #expect(home.inherited("dir", at: link) != "rtl", "\(theme)")
        }
    }

    // MARK: The whisper theme's hue

    /// The `hue-N` class on node `index` or the nearest element around it that has one.
    static func hue(at index: Int, in document: HTMLDocument) -> String? {
        for candidate in [index] + document.ancestors(of: index) {
            if let hue = document.nodes[candidate].classes.first(where: { $0.hasPrefix("hue-") }) { return hue }
        }
        return nil
    }

    static let hueIDs = (1...24).map { "colour-\($0)" }

    /// Every hue class of every story, on its page and on every card and list item of every page.
    static func hues(_ built: BuiltSite) throws -> [String: Set<String>] {
        var hues: [String: Set<String>] = [:]
        for id in hueIDs {
            let page = HTMLDocument(built.files.text("s/\(id)/index.html"))
            let hue = Self.hue(at: try storyHeading(page), in: page)
            #expect(hue != nil, "the page of \(id) has no hue-N around its heading")
            if let hue { hues[id, default: []].insert(hue) }
        }
        var cards = 0
        for (path, bytes) in built.files where path.hasSuffix(".html") {
            let document = HTMLDocument(String(decoding: bytes, as: UTF8.self))
            for id in hueIDs {
                for link in storyLinks(to: id, in: document) {
                    cards += 1
                    let hue = Self.hue(at: link, in: document)
                    #expect(hue != nil, "\(path): the card of \(id) has no hue-N")
                    if let hue { hues[id, default: []].insert(hue) }
                }
            }
        }
        #expect(cards >= hueIDs.count * 2, "every story has cards on home and top at least")
        return hues
    }

    static func hueSite(ids: [String]) throws -> BuiltSite {
        var stories: [String: String] = [:]
        for (number, id) in ids.enumerated() {
            stories["f\(number).md"] = story(
                date: Day(daysSinceEpoch: Day(year: 2026, month: 1, day: 1)!.daysSinceEpoch + number).description,
                title: "Colour \(number)",
                tags: ["colours"],
                id: id
            )
        }
        let built = try buildStories(stories, config: testConfig + "theme: whisper\npage_size: 5\n")
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        return built
    }

    @Test func whisperGivesEachStoryOneHueOfTheDocumentedThirtySix() throws {
        let built = try Self.hueSite(ids: Self.hueIDs)
        let hues = try Self.hues(built)
        let allowed = Set(stride(from: 0, through: 350, by: 10).map { "hue-\($0)" })
        #expect(allowed.count == 36)
        for id in Self.hueIDs {
            let found = hues[id] ?? []
            #expect(found.count == 1, "\(id) has one colour on every page: \(found.sorted())")
            #expect(found.isSubset(of: allowed), "\(id): \(found.sorted()) is not a multiple of 10 from 0 to 350")
        }
        let distinct = Set(hues.values.flatMap { $0 })
        #expect(distinct.count >= 8, "24 ids spread over several hues, not \(distinct.sorted())")

        // The same id, the same colour, in another build with other stories around it.
        let ids = Array(Self.hueIDs.reversed().prefix(6)) + ["someone-else"]
        let other = try Self.hueSite(ids: ids)
        for id in ids.dropLast() {
            let page = HTMLDocument(other.files.text("s/\(id)/index.html"))
            #expect(Self.hue(at: try Self.storyHeading(page), in: page).map { [$0] } == hues[id].map { Array($0) }, "\(id) changed colour")
        }
        // And from one version of hush to the next: these ids keep these colours.
        let pinned = ["colour-1", "colour-2", "colour-3", "colour-4"].map { hues[$0]?.first ?? "" }
        #expect(pinned == Self.pinnedHues, "the colour of a story changed for the same id")
    }

    static let pinnedHues = ["hue-230", "hue-60", "hue-250", "hue-80"]

    @Test func whispersStylesheetsDefineEveryHueClass() throws {
        let built = try Self.hueSite(ids: Array(Self.hueIDs.prefix(2)))
        let page = HTMLDocument(built.files.text("s/colour-1/index.html"))
        let sheets = page.elements(named: "link").filter { $0.attribute("rel") == "stylesheet" }.compactMap { $0.attribute("href") }
        let css = sheets.map { built.files.text(String($0.dropFirst())) }.joined(separator: "\n")
        #expect(!css.isEmpty, "\(sheets)")
        for hue in stride(from: 0, through: 350, by: 10) {
            #expect(
                css.contains(".hue-\(hue) ") || css.contains(".hue-\(hue){") || css.contains(".hue-\(hue),"),
                "no rule for .hue-\(hue) in \(sheets)"
            )
        }
    }

    // MARK: A tag's most hearted stories

    @Test func aTagShowsAtMostFiveOfItsMostHeartedStoriesMostHeartedFirst() throws {
        // Hearts and dates: ties in hearts go to the newer story.
        let hearts = [("top-1", 5), ("top-2", 80), ("top-3", 12), ("top-4", 80), ("top-5", 3), ("top-6", 40), ("top-7", 7), ("top-8", 100)]
        var stories: [String: String] = [:]
        for (number, (id, count)) in hearts.enumerated() {
            stories["\(id).md"] = story(date: "2026-10-1\(number)", title: "Tagged \(id)", tags: ["many"], id: id, extra: ["hearts: \(count)"])
        }
        for number in 1...5 {
            stories["few\(number).md"] = story(date: "2026-09-0\(number)", tags: ["few"], id: "few-\(number)", extra: ["hearts: \(number)"])
        }
        let built = try buildStories(stories, config: testConfig + "page_size: 3\n")
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")

        func topBlock(_ path: String) -> [String]? {
            let document = HTMLDocument(built.files.text(path))
            let asides = document.elements.filter { $0.node.name == "aside" }
            guard let aside = asides.first else { return nil }
            #expect(asides.count == 1)
            return document.elements.filter { $0.node.name == "a" && document.ancestors(of: $0.index).contains(aside.index) }
                .compactMap { $0.node.attribute("href").flatMap(storyID(fromURL:)) }
        }
        #expect(
            topBlock("tags/many/index.html") == ["top-8", "top-4", "top-2", "top-6", "top-3"],
            "five, most hearted first, the newer first in a tie"
        )
        #expect(topBlock("tags/many/page/2/index.html") == nil, "on the tag's first page only")
        #expect(topBlock("tags/few/index.html") == nil, "a tag of five: the block would repeat the list")
    }

    // MARK: anonymity.min_tag_size

    @Test func aTagOfAtLeastTheMinimumIsShownAndASmallerOneNowhere() throws {
        let stories = [
            "a.md": story(date: "2026-10-01", tags: ["crowd", "pair"], id: "aaaa"),
            "b.md": story(date: "2026-10-02", tags: ["crowd", "pair"], id: "bbbb"),
            "c.md": story(date: "2026-10-03", tags: ["crowd"], id: "cccc"),
        ]
        let built = try buildStories(stories, config: testConfig + "anonymity:\n  min_tag_size: 3\n")
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        #expect(built.result.codes == ["tag.rare"], "\(built.result.listing)")
        #expect(built.files["tags/crowd/index.html"] != nil, "three stories: shown")
        #expect(Set(listedStoryIDs(in: built.files.text("tags/crowd/index.html"))) == ["aaaa", "bbbb", "cccc"])
        #expect(built.files["tags/pair/index.html"] == nil, "two stories: no page")
        let tagLinks = HTMLDocument(built.files.text("s/aaaa/index.html")).elements(named: "a").compactMap { $0.attribute("href") }
            .filter { $0.hasPrefix("/tags/") && $0 != "/tags/" }
        #expect(tagLinks == ["/tags/crowd/"], "the story shows only the shown tag")
        let feed = try Self.jsonFeed(built)
        #expect(feed.items.allSatisfy { $0.tags == ["crowd"] }, "\(feed.items.map(\.tags))")
    }

    // MARK: anonymity.date_precision

    @Test(arguments: [
        ("day", "2026-10-08", "8 Oct 2026"),
        ("week", "2026-10-05", "Week of 5 Oct 2026"),
        ("month", "2026-10-01", "October 2026"),
    ])
    func everyDateOnEveryPageAndFeedIsAtThePrecision(_ precision: String, _ iso: String, _ shown: String) throws {
        // Thursday 8 October 2026, tagged, so it shows on home, top, its tag and its page.
        let built = try buildStories(
            ["a.md": story(date: "2026-10-08", tags: ["when"], id: "dated")],
            config: testConfig + "anonymity:\n  date_precision: \(precision)\n"
        )
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        var times = 0
        for page in ["index.html", "top/index.html", "tags/when/index.html", "s/dated/index.html"] {
            let document = HTMLDocument(built.files.text(page))
            for time in document.elements.filter({ $0.node.name == "time" }) {
                times += 1
                #expect(time.node.attribute("datetime") == iso, "\(page): \(time.node.source)")
                #expect(document.textContent(of: time.index) == shown, "\(page)")
            }
        }
        #expect(times >= 4, "every page shows the date")
        let atom = HTMLDocument(built.files.text("feed.xml"))
        let entryDates = atom.elements.filter { ["published", "updated"].contains($0.node.name) }.map { atom.textContent(of: $0.index) }
        #expect(entryDates == Array(repeating: "\(iso)T00:00:00Z", count: 3), "the feed's updated and the entry's published and updated")
        #expect(try Self.jsonFeed(built).items.map(\.date_published) == ["\(iso)T00:00:00Z"])
    }

    // MARK: title and description

    @Test func titleAndDescriptionNameTheSiteOnPagesAndInFeeds() throws {
        let config = """
            title: "Quiet Things"
            description: "Small true things, told without names."
            base_url: "https://stories.example.org/"
            secret: "\(testSecret)"

            """
        let built = try buildStories(["a.md": story(title: "One", tags: ["t"], id: "story-one")], config: config)
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        let home = HTMLDocument(built.files.text("index.html"))
        #expect(home.elements(named: "title").first?.text == "Quiet Things")
        #expect(home.text.contains("Small true things, told without names."), "a line under the title")
        #expect(
            home.elements(named: "meta").first { $0.attribute("name") == "description" }?.attribute("content")
                == "Small true things, told without names."
        )
        for page in built.files.keys where page.hasSuffix(".html") && page != "index.html" {
            let title = HTMLDocument(built.files.text(page)).elements(named: "title").first?.text ?? ""
            #expect(title.hasSuffix(" · Quiet Things"), "\(page): \(title)")
        }
        let atom = HTMLDocument(built.files.text("feed.xml"))
        let subtitle = atom.elements.first { $0.node.name == "subtitle" }.map { atom.textContent(of: $0.index) }
        #expect(subtitle == "Small true things, told without names.")
        let feed = try Self.jsonFeed(built)
        #expect(feed.title == "Quiet Things")
        #expect(feed.description == "Small true things, told without names.")
    }
}
