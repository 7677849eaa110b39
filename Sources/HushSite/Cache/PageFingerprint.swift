internal import HushCore

/// A page's fingerprint: a SHA-256 of everything its template values are made of, made
/// without making them. Two builds give a page the same fingerprint only when its template
/// would see the same values, so (with the theme's files, the configuration and the string
/// tables in the cache's page key) it would render the same bytes; a page whose fingerprint
/// is unchanged is neither given its values nor rendered.
///
/// `PageContext.context(for:)` makes a page's values from three things, and the fingerprint
/// is made of the same three:
/// - the `Page` itself (its path, its kind, its place in a list: every field but the
///   indices of the stories and tags it shows, which shift when a story is added);
/// - the values of each story it shows and of each tag (`PageContext.tagValues`), each hashed
///   once a build (`Inputs`), a story's page with its HTML. A story's digest is made by
///   `PageContext.story` itself, into a `StoryEncoder` instead of a template value: the
///   value's every part in the order it is made, its tags by their digests;
/// - the groups every page has (`PageContext.common`).
/// A value added to a story's or a tag's values is in the fingerprint without more ado; a
/// value `context(for:)` takes from anywhere else must be added to `of(_:)` here.
///
/// The per-story partials (`rendered.card`, …) are not part of it: they are rendered from a
/// story's values, which are in, and the theme, which is in the key. That is what lets a
/// rebuild make the values of, and render the partials for, only the stories of the pages it
/// renders.
enum PageFingerprint {
    /// The digests of a build's story and tag values, each made once.
    struct Inputs: Sendable {
        /// Of `PageContext.common`.
        let common: Digest
        /// Of each story's values, in `Site.stories` order.
        let stories: [Digest]
        /// Of each story's HTML (only its own page shows it).
        let html: [Digest]
        /// Of each tag's values, in `Site.tags` order.
        let tags: [Digest]
        /// Of every tag's values, for the pages that list them all.
        let allTags: Digest

        init(_ context: PageContext) {
            let site = context.site
            common = Self.digest(of: .group(context.common))
            let tags = context.tagValues.map { Self.digest(of: $0) }
            let storyDigests = Array(site.stories.indices).parallelMap { index -> (Digest, Digest) in
                var values = StoryEncoder(tags: tags)
                PageContext.story(site.stories[index], tags: site.storyTags[index], config: site.config, into: &values)
                // Made with the HTML (and kept with the story's record): not hashed again.
                return (Digest.of(values.encoder.bytes), site.stories[index].htmlDigest)
            }
            stories = storyDigests.map(\.0)
            html = storyDigests.map(\.1)
            self.tags = tags
            allTags = Digest.of(parts: tags.map(\.bytes))
        }

        private static func digest(of value: TemplateValue) -> Digest {
            var bytes: [UInt8] = []
            value.serialize(into: &bytes)
            return Digest.of(bytes)
        }
    }

    /// The bytes a story's values are hashed from: each value with its name and kind, texts as
    /// written (escaping is a function of them), counts and days as numbers (their words
    /// come from the string tables and the configuration, which are in the page key), tags as
    /// their values' digests.
    struct StoryEncoder: StoryValues {
        /// Of each tag's values, in `Site.tags` order.
        let tags: [Digest]
        /// Room for a story's values as most stories have them, so it seldom grows.
        var encoder = CacheEncoder(capacity: 2048)

        private mutating func name(_ name: String, kind: Int) {
            encoder.string(name)
            encoder.int(kind)
        }

        mutating func text(_ name: String, _ text: String) {
            self.name(name, kind: 1)
            encoder.string(text)
        }

        mutating func number(_ name: String, _ number: Int) {
            self.name(name, kind: 2)
            encoder.int(number)
        }

        mutating func flag(_ name: String, _ flag: Bool) {
            self.name(name, kind: 3)
            encoder.bool(flag)
        }

        mutating func counted(_ name: String, _ phrase: StringTable.Key, _ count: Int) {
            self.name(name, kind: 4)
            encoder.string(phrase.rawValue)
            encoder.int(count)
        }

        mutating func date(_ name: String, _ day: Day) {
            self.name(name, kind: 5)
            encoder.day(day)
        }

        mutating func tags(_ name: String, _ tags: [Int]) {
            self.name(name, kind: 6)
            encoder.int(tags.count)
            for tag in tags { encoder.digest(self.tags[tag]) }
        }

        mutating func group(_ name: String, _ values: (inout StoryEncoder) -> Void) {
            self.name(name, kind: 7)
            values(&self)
            self.name("", kind: 8)
        }
    }

    /// The fingerprint of `page` in the build `inputs` describes.
    static func of(_ page: Page, in site: Site, inputs: Inputs) -> Digest {
        var encoder = CacheEncoder()
        encoder.digest(inputs.common)
        encoder.string(page.path)
        func story(_ index: Int?) {
            encoder.bool(index != nil)
            if let index { encoder.digest(inputs.stories[index]) }
        }
        func stories(_ indices: [Int]) {
            encoder.int(indices.count)
            for index in indices { encoder.digest(inputs.stories[index]) }
        }
        switch page.content {
        case .story(let storyPage):
            encoder.string("story")
            story(storyPage.story)
            encoder.digest(inputs.html[storyPage.story])
            story(storyPage.newer)
            story(storyPage.older)
            story(storyPage.another)
            stories(storyPage.related)
        case .list(let list):
            switch list.kind {
            case .home:
                encoder.string("home")
            case .top:
                encoder.string("top")
            case .tag(let index):
                encoder.string("tag")
                encoder.digest(inputs.tags[index])
                stories(site.tags[index].topStories)
                encoder.int(site.tags[index].stories.count)
            }
            stories(list.stories)
            encoder.int(list.number)
            encoder.int(list.total)
            encoder.string(list.basePath)
        case .tags:
            encoder.string("tags")
            encoder.digest(inputs.allTags)
        case .search:
            encoder.string("search")
            encoder.digest(inputs.allTags)
        case .notFound:
            encoder.string("404")
        case .submit:
            encoder.string("submit")
        case .gone:
            encoder.string("410")
        }
        return Digest.of(encoder.bytes)
    }
}

extension TemplateValue {
    /// Every part of the value, each with a kind and a length, keys of a group sorted: the
    /// same value gives the same bytes in every process, and two different values never do.
    func serialize(into bytes: inout [UInt8]) {
        switch self {
        case .text(let text):
            bytes.append(1)
            Self.append(text, to: &bytes)
        case .flag(let flag):
            bytes.append(flag ? 2 : 3)
        case .list(let items):
            bytes.append(4)
            Self.append(items.count, to: &bytes)
            for item in items { item.serialize(into: &bytes) }
        case .group(let values):
            bytes.append(5)
            Self.append(values.count, to: &bytes)
            for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                Self.append(key, to: &bytes)
                value.serialize(into: &bytes)
            }
        }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        append(text.utf8.count, to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private static func append(_ number: Int, to bytes: inout [UInt8]) {
        var value = UInt64(number)
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }
}

extension Page {
    /// Every story whose values the page shows: whose per-story partials must be rendered
    /// before the page is.
    func storiesShown(in site: Site) -> [Int] {
        switch content {
        case .story(let page):
            return [page.story] + [page.newer, page.older, page.another].compactMap { $0 } + page.related
        case .list(let list):
            guard case .tag(let tag) = list.kind else { return list.stories }
            return list.stories + site.tags[tag].topStories
        case .tags, .search, .notFound, .submit, .gone:
            return []
        }
    }
}
