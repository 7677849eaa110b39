internal import Foundation
internal import HushCore
internal import HushGuard

/// The index stage: the only step that sees all stories at once. It orders them, groups
/// them by tag, paginates, picks related stories, and lists every page of the site.
enum SiteIndexer {
    static let relatedCount = 3
    static let topPerTag = 5
    /// The longest tag slug, in UTF-8 bytes: far within a file name's 255, and longer than any
    /// tag a person reads.
    static let longestSlug = 100

    /// `gone`: the ids of the stories taken down; with any, the site has the 410 page.
    static func index(_ rendered: [RenderedStory], config: SiteConfig, buildDate: Day, gone: [String] = []) -> (Site, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let stories = rendered.sorted(by: newestFirst)

        // Tags: group spellings by key, find slug collisions, choose display forms.
        struct Spelling {
            var slug: String
            var counts: [String: Int] = [:]
            var stories: [Int] = []
            var firstPlace: (file: String, line: Int, column: Int)

            mutating func add(_ spelling: String, story: Int) {
                counts[spelling, default: 0] += 1
                stories.append(story)
            }
        }
        var byKey: [String: Spelling] = [:]
        var keysOfStory: [[String]] = Array(repeating: [], count: stories.count)
        // The same few spellings recur across stories: each is trimmed and normalized once.
        struct Normalized {
            var trimmed: String
            var key: String
            var slug: String
            /// The guard redacted it: it held personal data.
            var redacted: Bool
        }
        var spellings: [String: Normalized] = [:]
        for (index, item) in stories.enumerated() {
            // Each tag is a page: a story's tags are limited (the story fails over the limit,
            // and only the first ones are looked at, so 10,000 tags cost nothing more).
            let limit = config.tagsPerStory
            if item.story.tags.count > limit {
                let first = item.story.tags[limit]
                diagnostics.append(
                    Diagnostic(
                        .tagTooMany,
                        "this story has \(item.story.tags.count) tags, more than tags_per_story (\(limit)), and each tag is a page of the site; keep the \(limit) that matter most",
                        file: item.story.file,
                        line: first.line,
                        column: first.column
                    )
                )
            }
            for tag in item.story.tags.prefix(limit) {
                let normalized =
                    spellings[tag.value]
                    ?? {
                        let trimmed = tag.value.trimmingCharacters(in: .whitespaces)
                        let key = TagNormalizer.key(trimmed)
                        let entry = Normalized(
                            trimmed: trimmed,
                            key: key,
                            slug: TagNormalizer.slug(forKey: key),
                            redacted: tag.value.contains(AnonymityGuard.redactionMark)
                        )
                        spellings[tag.value] = entry
                        return entry
                    }()
                // A tag the guard redacted held personal data: it is dropped, never published
                // (a tag page of █████ says nothing), and the guard's pii warning names it.
                if normalized.redacted { continue }
                let (trimmed, key) = (normalized.trimmed, normalized.key)
                if normalized.slug.utf8.count > Self.longestSlug {
                    // Not repeated: a tag that long is a sentence, and may say anything.
                    diagnostics.append(
                        Diagnostic(
                            .tagTooLong,
                            "this tag is too long for a page of its own (\(normalized.slug.utf8.count) bytes; at most \(Self.longestSlug)); shorten it",
                            file: item.story.file,
                            line: tag.line,
                            column: tag.column
                        )
                    )
                    continue
                }
                if normalized.slug.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            .tagInvalid,
                            "the tag '\(tag.value)' has no letter or digit, so it cannot have a page; reword or remove it",
                            file: item.story.file,
                            line: tag.line,
                            column: tag.column
                        )
                    )
                    continue
                }
                if keysOfStory[index].contains(key) { continue }
                keysOfStory[index].append(key)
                byKey[key, default: Spelling(slug: normalized.slug, firstPlace: (item.story.file, tag.line, tag.column))].add(trimmed, story: index)
            }
        }
        var bySlug: [String: String] = [:]
        for key in byKey.keys.sorted() {
            guard let slug = byKey[key]?.slug else { continue }
            if let other = bySlug[slug], let a = byKey[other], let b = byKey[key] {
                let first = a.firstPlace
                diagnostics.append(
                    Diagnostic(
                        .tagCollision,
                        "the tags '\(a.counts.keys.sorted().first ?? other)' (\(first.file):\(first.line)) and '\(b.counts.keys.sorted().first ?? key)' are different but would share the page /tags/\(slug)/; spell them the same, or make them differ in a letter",
                        file: b.firstPlace.file,
                        line: b.firstPlace.line,
                        column: b.firstPlace.column
                    )
                )
            } else {
                bySlug[slug] = key
            }
        }
        let displayName = { (spelling: Spelling, key: String) -> String in
            spelling.counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? key
        }
        // Tags that differ only in accents ("Café", "cafe") are two tags with two pages;
        // likely one was meant: say which spelling the others could take.
        var byAccentless: [String: [String]] = [:]
        for key in bySlug.values { byAccentless[TagNormalizer.withoutAccents(key), default: []].append(key) }
        for group in byAccentless.values where group.count > 1 {
            let ranked = group.sorted { a, b in
                let (x, y) = (byKey[a]?.stories.count ?? 0, byKey[b]?.stories.count ?? 0)
                if x != y { return x > y }
                // On a tie, the spelling with accents: it is more likely the careful one.
                let marks = { (key: String) in key.decomposedStringWithCanonicalMapping.unicodeScalars.count }
                return marks(a) != marks(b) ? marks(a) > marks(b) : a < b
            }
            guard let chosen = ranked.first, let best = byKey[chosen] else { continue }
            let suggestion = displayName(best, chosen)
            for key in ranked.dropFirst() {
                guard let other = byKey[key] else { continue }
                diagnostics.append(
                    Diagnostic(
                        .tagAccents,
                        "the tags '\(displayName(other, key))' and '\(suggestion)' differ only in accents, so they are two tags with a page each; if they are one, spell it '\(suggestion)' (\(best.stories.count.counted("story uses", "stories use")) it)",
                        file: other.firstPlace.file,
                        line: other.firstPlace.line,
                        column: other.firstPlace.column
                    )
                )
            }
        }

        // Most hearted first, over the site: /top/'s order, and each tag's top stories are its first there.
        let byHearts = stories.indices.sorted { mostHearted(stories[$0], stories[$1]) }
        var heartsRank = [Int](repeating: 0, count: stories.count)
        for (rank, index) in byHearts.enumerated() { heartsRank[index] = rank }
        var tags: [Tag] = []
        for (slug, key) in bySlug {
            guard let spelling = byKey[key] else { continue }
            if spelling.stories.count < config.anonymity.minTagSize {
                diagnostics.append(
                    Diagnostic(
                        .tagRare,
                        "the tag '\(key)' has \(spelling.stories.count.counted("story", "stories")), fewer than anonymity.min_tag_size (\(config.anonymity.minTagSize)); it is not shown, since a small crowd is easier to pick a writer from",
                        file: spelling.firstPlace.file,
                        line: spelling.firstPlace.line,
                        column: spelling.firstPlace.column
                    )
                )
                continue
            }
            let name = displayName(spelling, key)
            let top = first(topPerTag, of: spelling.stories, rank: heartsRank)
            tags.append(Tag(key: key, slug: slug, name: name, stories: spelling.stories, topStories: top))
        }
        tags.sort { $0.slug < $1.slug }
        var tagIndex: [String: Int] = [:]
        for (index, tag) in tags.enumerated() { tagIndex[tag.key] = index }
        let storyTags = keysOfStory.map { keys in keys.compactMap { tagIndex[$0] } }

        var pages: [Page] = []
        let pageSize = config.pageSize
        let all = Array(stories.indices)
        pages += listPages(.home, basePath: "", stories: all, pageSize: pageSize)
        pages += listPages(.top, basePath: "top/", stories: byHearts, pageSize: pageSize)
        pages.append(Page(path: "tags/", content: .tags))
        for (index, tag) in tags.enumerated() {
            pages += listPages(.tag(index), basePath: Page.tagPath(tag.slug), stories: tag.stories, pageSize: pageSize)
        }
        let related = relatedStories(storyTags: storyTags, tags: tags)
        for index in stories.indices {
            let page = StoryPage(
                story: index,
                newer: index > 0 ? index - 1 : nil,
                older: index + 1 < stories.count ? index + 1 : nil,
                related: related[index],
                another: anotherStory(for: index, stories: stories)
            )
            pages.append(Page(path: Page.storyPath(stories[index].story.publicID), content: .story(page)))
        }
        pages.append(Page(path: "search/", content: .search))
        if config.submissions, config.backend.url != nil { pages.append(Page(path: "submit/", content: .submit)) }
        pages.append(Page(path: "404.html", content: .notFound))
        if !gone.isEmpty { pages.append(Page(path: Page.gonePath, content: .gone)) }

        let site = Site(
            config: config,
            buildDate: buildDate,
            stories: stories,
            tags: tags,
            storyTags: storyTags,
            pages: pages,
            gone: gone.sorted()
        )
        return (site, diagnostics)
    }

    /// Date descending, then the release order (a batch's keyed shuffle; empty without
    /// batched release), then id: a total order, so output never depends on input order.
    static func newestFirst(_ a: RenderedStory, _ b: RenderedStory) -> Bool {
        if a.story.date != b.story.date { return a.story.date > b.story.date }
        if a.releaseOrder != b.releaseOrder { return a.releaseOrder.lexicographicallyPrecedes(b.releaseOrder) }
        return a.story.publicID < b.story.publicID
    }

    /// Hearts (front matter's and the ledger's) descending, then newest first.
    static func mostHearted(_ a: RenderedStory, _ b: RenderedStory) -> Bool {
        a.hearts != b.hearts ? a.hearts > b.hearts : newestFirst(a, b)
    }

    /// The `count` of `stories` with the lowest `rank`, lowest first: a sort's first few, without the sort.
    static func first(_ count: Int, of stories: [Int], rank: [Int]) -> [Int] {
        var first: [Int] = []
        first.reserveCapacity(count + 1)
        for story in stories {
            if first.count == count, let last = first.last, rank[story] > rank[last] { continue }
            first.insert(story, at: first.firstIndex { rank[story] < rank[$0] } ?? first.count)
            if first.count > count { first.removeLast() }
        }
        return first
    }

    /// Pages of `pageSize` stories; an empty list still has one (empty) page.
    static func listPages(_ kind: ListPage.Kind, basePath: String, stories: [Int], pageSize: Int) -> [Page] {
        let total = max(1, (stories.count + pageSize - 1) / pageSize)
        return (1...total).map { number in
            let slice = Array(stories[min(stories.count, (number - 1) * pageSize)..<min(stories.count, number * pageSize)])
            let list = ListPage(kind: kind, stories: slice, number: number, total: total, basePath: basePath)
            return Page(path: list.path(ofPage: number), content: .list(list))
        }
    }

    /// For each story, up to `relatedCount` others sharing the most tags, then the newest
    /// (a lower index is newer, and ties in date are already ordered by id).
    ///
    /// Stories with the same tags rank the others alike, so each set of tags is ranked once,
    /// over every story: its first `relatedCount + 1`, of which each story of the set leaves
    /// itself out (leaving one story out of a ranking leaves the others in their order).
    static func relatedStories(storyTags: [[Int]], tags: [Tag]) -> [[Int]] {
        let count = storyTags.count
        var setNumbers: [[Int]: Int] = [:]
        var sets: [[Int]] = []
        var setOf = [Int](repeating: 0, count: count)
        for index in 0..<count {
            let key = storyTags[index].sorted()
            if let number = setNumbers[key] {
                setOf[index] = number
            } else {
                setOf[index] = sets.count
                setNumbers[key] = sets.count
                sets.append(key)
            }
        }
        let ranked = rankings(of: sets, storyTags: storyTags, tags: tags, keep: relatedCount + 1)
        return (0..<count).map { index in
            Array(ranked[setOf[index]].lazy.filter { $0 != index }.prefix(relatedCount))
        }
    }

    /// For each set of tags, the first `keep` stories sharing any of them: the most shared
    /// first, then the newest. `storyTags[s]` holds `t` exactly when `tags[t].stories` holds `s`.
    static func rankings(of sets: [[Int]], storyTags: [[Int]], tags: [Tag], keep: Int) -> [[Int]] {
        sets.parallelMap { set in ranking(of: set, storyTags: storyTags, tags: tags, keep: keep) }
    }

    /// One set's ranking, without tallying every story of its tags (a common tag has most of
    /// the site). Each tag's stories are newest first, so walking the set's lists together
    /// meets the candidates newest first, and one met later ranks behind one met earlier that
    /// shares as many tags. Once `keep` are found and the last of them shares `least` tags, only
    /// a story sharing more can still get in; it misses at most `set.count - least - 1` of the
    /// set's lists, so it is in any `set.count - least` of them: the walk goes on over that
    /// many of the shortest only, and stops when `least` is the whole set. A set of one tag
    /// takes its first `keep` stories.
    static func ranking(of set: [Int], storyTags: [[Int]], tags: [Tag], keep: Int) -> [Int] {
        guard keep > 0 else { return [] }
        let lists = set.map { tags[$0].stories }.sorted { $0.count < $1.count }
        var positions = [Int](repeating: 0, count: lists.count)
        var walked = lists.count
        var best: [(shared: Int, index: Int)] = []
        best.reserveCapacity(keep + 1)
        while walked > 0 {
            var next = Int.max
            for list in 0..<walked where positions[list] < lists[list].count { next = Swift.min(next, lists[list][positions[list]]) }
            guard next != Int.max else { break }
            for list in 0..<walked where positions[list] < lists[list].count && lists[list][positions[list]] == next { positions[list] += 1 }
            let shared = storyTags[next].reduce(0) { count, tag in set.contains(tag) ? count + 1 : count }
            if best.count == keep, shared <= best[keep - 1].shared { continue }
            best.insert((shared, next), at: best.firstIndex { $0.shared < shared } ?? best.count)
            if best.count > keep { best.removeLast() }
            if best.count == keep { walked = Swift.min(walked, set.count - best[keep - 1].shared) }
        }
        return best.map(\.index)
    }

    /// A different story picked by a hash of this one's id: the "another story" link.
    /// Seeded by content, not by chance, so two builds stay identical.
    static func anotherStory(for index: Int, stories: [RenderedStory]) -> Int? {
        guard stories.count > 1 else { return nil }
        let hash = StableHash.fnv1a(stories[index].story.publicID)
        let offset = 1 + Int(hash % UInt64(stories.count - 1))
        return (index + offset) % stories.count
    }
}
