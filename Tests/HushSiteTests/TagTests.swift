import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Tags (README, "Tags"): one tag however it is spelled, slugs that keep every script,
/// a display form chosen by the content, and loud errors for tags that cannot have a page.
@Suite struct TagTests {
    /// The tag folders of a build: `tags/<slug>/index.html` → slug.
    private func tagSlugs(_ files: [String: [UInt8]]) -> [String] {
        files.keys.compactMap { path -> String? in
            let parts = path.split(separator: "/")
            guard parts.count == 3, parts[0] == "tags", parts[2] == "index.html" else { return nil }
            return String(parts[1])
        }.sorted()
    }

    /// A story page's tag links (`rel="tag"`): where each goes and what it says.
    private func tagLinks(_ html: String) -> [(href: String, text: String)] {
        let document = HTMLDocument(html)
        return document.elements.filter { $0.node.name == "a" && $0.node.attribute("rel") == "tag" }
            .map { ($0.node.attribute("href") ?? "", document.textContent(of: $0.index)) }
    }

    /// The `#name` texts of the tags page.
    private func tagNames(onTagsPage html: String) -> [String] {
        let cloud = section(of: html, from: "<ul class=\"tag-cloud\">", to: "</ul>")
        return cloud.components(separatedBy: "\">#").dropFirst().map { $0.components(separatedBy: " <span").first ?? "" }
    }

    // MARK: Normalization

    @Test(arguments: [
        ("Fear", "fear"),
        ("FEAR", "fear"),
        ("  fear  ", "fear"),
        ("Small Wins", "small-wins"),
        ("small_wins", "small-wins"),
        ("small-wins", "small-wins"),
        ("small \t wins", "small-wins"),
        ("ｆｕｌｌ", "full"),
        ("Ｓｍａｌｌ　Ｗｉｎｓ", "small-wins"),
        ("ﬁnance", "finance"),
        ("café", "café"),
        ("cafe\u{301}", "café"),
        ("CAFÉ", "café"),
    ])
    func keyNormalizes(_ spelling: String, _ key: String) {
        #expect(TagNormalizer.key(spelling) == key)
    }

    @Test(arguments: [
        ("日本", "日本"),
        ("naïveté", "naïveté"),
        ("c++", "c"),
        ("rock-&-roll", "rock-roll"),
        ("état d'âme", "état-d-âme"),
        ("२०२६", "२०२६"),
        ("हिन्दी", "हिन्दी"),
        ("!!!", ""),
        ("--", ""),
    ])
    func slugKeepsLettersAndDigitsOfAnyScript(_ key: String, _ slug: String) {
        #expect(TagNormalizer.slug(forKey: TagNormalizer.key(key)) == slug)
    }

    @Test func spellingsOfOneTagShareOnePage() throws {
        let built = try buildStories([
            "a.md": story(date: "2026-10-01", tags: ["Small Wins"], id: "story-a"),
            "b.md": story(date: "2026-10-02", tags: ["small_wins"], id: "story-b"),
            "c.md": story(date: "2026-10-03", tags: ["small-wins"], id: "story-c"),
            "d.md": story(date: "2026-10-04", tags: ["SMALL-WINS", "ｆｕｌｌ"], id: "story-d"),
        ])
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        #expect(tagSlugs(built.files) == ["full", "small-wins"])
        #expect(Set(listedStoryIDs(in: built.files.text("tags/small-wins/index.html"))) == ["story-a", "story-b", "story-c", "story-d"])
        // Four spellings, one story each: the tie goes to the first in sorted order.
        #expect(built.files.text("tags/index.html").contains("#SMALL-WINS <span class=\"count\">4</span>"))
    }

    @Test func composedAndDecomposedCafeAreOneTag() throws {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(composed.unicodeScalars.count != decomposed.unicodeScalars.count)
        let built = try buildStories([
            "nfc.md": story(date: "2026-10-01", tags: [composed], id: "composed"),
            "nfd.md": story(date: "2026-10-02", tags: [decomposed], id: "decomposed"),
        ])
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        #expect(tagSlugs(built.files) == [composed])
        #expect(Set(listedStoryIDs(in: built.files.text("tags/\(composed)/index.html"))) == ["composed", "decomposed"])
        let decomposedBytes = Array(decomposed.utf8)
        #expect(!built.files.values.contains { containsBytes($0, decomposedBytes) }, "output is NFC")
    }

    @Test func unicodeLettersStayInSlugsAndLinks() throws {
        let built = try buildStories([
            "a.md": story(tags: ["日本", "naïveté"], id: "unicode")
        ])
        #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
        #expect(tagSlugs(built.files) == ["naïveté", "日本"])
        let links = tagLinks(built.files.text("s/unicode/index.html"))
        #expect(links.map(\.href) == ["/tags/日本/", "/tags/naïveté/"], "\(links)")
        #expect(links.map(\.text) == ["#日本", "#naïveté"], "\(links)")
    }

    // MARK: Display form

    @Test func displayFormIsTheMostCommonSpelling() throws {
        let built = try buildStories([
            "a.md": story(date: "2026-10-01", tags: ["Small Wins"], id: "story-a"),
            "b.md": story(date: "2026-10-02", tags: ["Small Wins"], id: "story-b"),
            "c.md": story(date: "2026-10-03", tags: ["small-wins"], id: "story-c"),
        ])
        #expect(tagNames(onTagsPage: built.files.text("tags/index.html")) == ["Small Wins"])
        #expect(built.files.text("tags/small-wins/index.html").contains("<h1>Stories tagged Small Wins</h1>"))
        let links = tagLinks(built.files.text("s/story-c/index.html"))
        #expect(links.map(\.href) == ["/tags/small-wins/"] && links.map(\.text) == ["#Small Wins"], "\(links)")
    }

    @Test func displayFormTieGoesToTheFirstInSortedOrder() throws {
        // Two spellings, one story each, whatever the file order.
        for (first, second) in [("Sleep", "sleep"), ("sleep", "Sleep")] {
            let built = try buildStories([
                "a.md": story(date: "2026-10-01", tags: [first], id: "story-a"),
                "b.md": story(date: "2026-10-02", tags: [second], id: "story-b"),
            ])
            // "Sleep" < "sleep" (upper case sorts first).
            #expect(built.files.text("tags/sleep/index.html").contains("<h1>Stories tagged Sleep</h1>"), "\(first), \(second)")
        }
    }

    @Test func aStoryCountsOnceForATagItRepeats() throws {
        let built = try buildStories([
            "a.md": story(date: "2026-10-01", tags: ["fear", "Fear", "FEAR"], id: "story-a"),
            "b.md": story(date: "2026-10-15", tags: ["Fear"], id: "story-b"),
        ])
        #expect(built.files.text("tags/index.html").contains("<span class=\"count\">2</span>"))
        #expect(listedStoryIDs(in: built.files.text("tags/fear/index.html")) == ["story-b", "story-a"])
        #expect(occurrences(of: "rel=\"tag\"", in: built.files.text("s/story-a/index.html")) == 1)
    }

    // MARK: Errors and policy

    @Test func collidingTagsNameBothFilesAndLines() throws {
        let result = try check(stories: [
            "cpp.md": "---\ndate: 2026-10-01\ntitle: Templates\ntags: [c++]\n---\nBody.\n",
            "c.md": "---\ndate: 2026-10-02\ntags:\n  - plain\n  - c\n---\nBody.\n",
        ])
        let collision = try #require(result.diagnostics("tag.collision").first, "\(result.listing)")
        #expect(result.diagnostics("tag.collision").count == 1)
        #expect(result.summary.exitCode == 1)
        // One file is where the diagnostic points, the other is named in the message.
        let places = ["content/c.md:5", "content/cpp.md:4"]
        let here = "\(collision.file):\(collision.line)"
        #expect(places.contains(here), "\(here)")
        let other = places.first { $0 != here } ?? ""
        #expect(collision.message.contains(other), "\(collision.message)")
        #expect(collision.message.contains("c++") && collision.message.contains("'c'"))
    }

    @Test(arguments: ["!!!", "---", "♥", "🙂"])
    func tagWithoutLetterOrDigitIsInvalid(_ tag: String) throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\ntags: [ok, \"\(tag)\"]\n---\nBody.\n"])
        let error = try #require(result.diagnostics("tag.invalid").first, "\(result.listing)")
        #expect(error.file == "content/a.md")
        #expect(error.line == 3 && error.column == 12)
        #expect(result.summary.exitCode == 1)
    }

    @Test func rareTagsAreHiddenWithAWarning() throws {
        let built = try buildStories(
            [
                "a.md": story(date: "2026-10-01", tags: ["common", "rare"], id: "story-a"),
                "b.md": story(date: "2026-10-02", tags: ["common"], id: "story-b"),
            ],
            config: testConfig + "anonymity:\n  min_tag_size: 2\n"
        )
        let warning = try #require(built.result.diagnostics("tag.rare").first, "\(built.result.listing)")
        #expect(built.result.diagnostics.count == 1)
        #expect(warning.severity == .warning)
        #expect(warning.file == "content/a.md" && warning.line == 3)
        #expect(built.result.summary.exitCode == 0)
        #expect(tagSlugs(built.files) == ["common"])
        for (path, bytes) in built.files where path.hasSuffix(".html") || path.hasSuffix(".json") || path.hasSuffix(".xml") {
            #expect(!containsBytes(bytes, Array("rare".utf8)), "\(path) mentions the hidden tag")
        }
    }
}

/// Related stories are ranked once for each set of tags (`SiteIndexer.relatedStories`):
/// the same as ranking the others of every story one by one, as it was first written.
@Suite struct RelatedStoriesTests {
    static func relatedOneByOne(storyTags: [[Int]], tags: [HushSite.Tag]) -> [[Int]] {
        storyTags.indices.map { index in
            var shared: [Int: Int] = [:]
            for tag in storyTags[index] {
                for other in tags[tag].stories where other != index { shared[other, default: 0] += 1 }
            }
            let ranked = shared.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            return Array(ranked.prefix(SiteIndexer.relatedCount).map(\.key))
        }
    }

    /// Evenly spread tags, and tags as sites have them: a few on most stories, many on few
    /// (the ranking walks only the shortest lists once it has enough: `SiteIndexer.ranking`).
    @Test(arguments: [false, true])
    func rankingEachSetOfTagsOnceIsRankingEachStory(skewed: Bool) {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<40 {
            let storyCount = Int.random(in: 0..<(round < 20 ? 12 : 400), using: &generator)
            let tagCount = Int.random(in: 1...(skewed ? 12 : 6), using: &generator)
            var storyTags: [[Int]] = []
            for _ in 0..<storyCount {
                // Skewed: tag t on about one story in t + 1.
                let picked = (0..<tagCount).filter { tag in Int.random(in: 0...(skewed ? tag : 2), using: &generator) == 0 }
                storyTags.append(picked.shuffled(using: &generator))
            }
            let tags = (0..<tagCount).map { tag in
                HushSite.Tag(
                    key: "t\(tag)",
                    slug: "t\(tag)",
                    name: "t\(tag)",
                    stories: storyTags.indices.filter { storyTags[$0].contains(tag) },
                    topStories: []
                )
            }
            #expect(
                SiteIndexer.relatedStories(storyTags: storyTags, tags: tags) == Self.relatedOneByOne(storyTags: storyTags, tags: tags),
                "\(storyTags)"
            )
        }
    }
}

/// A tag's top stories are its first in the site's most-hearted order, found without sorting
/// the tag (`SiteIndexer.first`): the same as the first of the sorted tag.
@Suite struct TopStoriesTests {
    @Test func theFirstByRankAreTheFirstOfTheSorted() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<60 {
            let storyCount = Int.random(in: 0..<300, using: &generator)
            let rank = Array(0..<storyCount).shuffled(using: &generator)
            let tag = (0..<storyCount).filter { _ in Bool.random(using: &generator) }
            for count in [0, 1, SiteIndexer.topPerTag, 20] {
                let sorted = Array(tag.sorted { rank[$0] < rank[$1] }.prefix(count))
                #expect(SiteIndexer.first(count, of: tag, rank: rank) == sorted, "\(tag) \(rank)")
            }
        }
    }
}
