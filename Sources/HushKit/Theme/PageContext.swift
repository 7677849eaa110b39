/// Turns the index stage's pages into the values templates see (docs/themes.md lists them).
struct PageContext: Sendable {
    let site: Site
    let theme: Theme
    /// Every story's template value without its HTML, built once and shared by all lists.
    let summaries: [TemplateValue]
    let tagValues: [TemplateValue]
    let common: [String: TemplateValue]

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"

    init(site: Site, theme: Theme) {
        self.site = site
        self.theme = theme
        let root = site.config.rootPath
        let tagValues = site.tags.map { tag -> TemplateValue in
            ["name": .text(tag.name), "slug": .text(tag.slug), "url": .text(root + "tags/\(tag.slug)/"), "count": .number(tag.stories.count)]
        }
        self.tagValues = tagValues
        self.summaries = site.stories.indices.map { index in
            Self.story(site.stories[index], tags: site.storyTags[index].map { tagValues[$0] }, config: site.config)
        }
        var siteValue: TemplateValue = [
            "title": .text(site.config.title),
            "lang": .text(site.config.language),
            "base_url": .text(site.config.baseURL),
            "root": .text(root),
            "generator": "Hush",
        ]
        if let description = site.config.description { siteValue["description"] = .text(description) }
        self.common = [
            "site": siteValue,
            "urls": [
                "home": .text(root),
                "top": .text(root + "top/"),
                "tags": .text(root + "tags/"),
                "search": .text(root + "search/"),
                "feed_atom": .text(root + "feed.xml"),
                "feed_json": .text(root + "feed.json"),
                "sitemap": .text(root + "sitemap.xml"),
            ],
            "asset": .group(theme.assetURLs.mapValues { .text($0) }),
            "csp": .text(Self.contentSecurityPolicy),
            "noindex": .flag(site.config.noindex),
        ]
    }

    /// The template name and the values for one page.
    func context(for page: Page) -> (template: String, value: TemplateValue) {
        var values = common
        let config = site.config
        var pageValue: [String: TemplateValue] = [
            "url": .text(config.rootPath + page.path),
            "canonical": .text(config.baseURL + page.path),
            "lang": .text(config.language),
        ]
        let kind: String
        let heading: String
        var description = config.description ?? config.title
        let template: String
        switch page.content {
        case .story(let storyPage):
            let rendered = site.stories[storyPage.story]
            var story = summaries[storyPage.story]
            story["html"] = .text(rendered.html)
            values["story"] = story
            if let lang = rendered.story.lang { pageValue["lang"] = .text(lang) }
            if let newer = storyPage.newer { values["newer"] = link(newer) }
            if let older = storyPage.older { values["older"] = link(older) }
            if let another = storyPage.another { values["another"] = link(another) }
            values["related"] = .list(storyPage.related.map { summaries[$0] })
            values["has_related"] = .flag(!storyPage.related.isEmpty)
            kind = "story"
            heading = Self.label(rendered)
            description = rendered.excerpt
            template = "story"
        case .list(let list):
            values["stories"] = .list(list.stories.map { summaries[$0] })
            values["is_empty"] = .flag(list.stories.isEmpty)
            var pagination: [String: TemplateValue] = [
                "current": .number(list.number),
                "total": .number(list.total),
                "has_prev": .flag(list.number > 1),
                "has_next": .flag(list.number < list.total),
                "is_paged": .flag(list.total > 1),
            ]
            if list.number > 1 { pagination["prev_url"] = .text(config.rootPath + list.path(ofPage: list.number - 1)) }
            if list.number < list.total { pagination["next_url"] = .text(config.rootPath + list.path(ofPage: list.number + 1)) }
            values["pagination"] = .group(pagination)
            let suffix = list.total > 1 ? " (page \(list.number) of \(list.total))" : ""
            switch list.kind {
            case .home:
                kind = "home"
                heading = config.title
                template = "list"
            case .top:
                kind = "top"
                heading = "Most hearted"
                template = "top"
            case .tag(let index):
                let tag = site.tags[index]
                values["tag"] = tagValues[index]
                values["top_stories"] = .list(tag.topStories.map { summaries[$0] })
                values["has_top_stories"] = .flag(!tag.topStories.isEmpty)
                kind = "tag"
                heading = "Stories tagged \(tag.name)"
                description = "\(tag.stories.count) stor\(tag.stories.count == 1 ? "y" : "ies") tagged \(tag.name)"
                template = "tag"
            }
            pageValue["heading"] = .text(heading + suffix)
        case .tags:
            values["tags"] = .list(tagValuesByName)
            values["has_tags"] = .flag(!site.tags.isEmpty)
            kind = "tags"
            heading = "Tags"
            template = "tags"
        case .search:
            values["tags"] = .list(tagValuesByName)
            values["has_tags"] = .flag(!site.tags.isEmpty)
            values["search_index"] = .text(config.rootPath + "search.json")
            kind = "search"
            heading = "Search"
            template = "search"
        case .notFound:
            kind = "404"
            heading = "Nothing here"
            template = "404"
        }
        if pageValue["heading"] == nil { pageValue["heading"] = .text(heading) }
        let headingText: String
        if case .text(let text)? = pageValue["heading"] { headingText = text } else { headingText = heading }
        pageValue["title"] = .text(kind == "home" && !headingText.contains("(page") ? config.title : "\(headingText) · \(config.title)")
        pageValue["kind"] = .text(kind)
        pageValue["description"] = .text(description)
        for name in ["home", "story", "top", "tags", "tag", "search", "404"] {
            pageValue["is_\(name)"] = .flag(name == kind)
        }
        values["page"] = .group(pageValue)
        return (template, .group(values))
    }

    private var tagValuesByName: [TemplateValue] {
        site.tags.indices.sorted { site.tags[$0].name.lowercased() < site.tags[$1].name.lowercased() }.map { tagValues[$0] }
    }

    private func link(_ index: Int) -> TemplateValue {
        ["url": .text(site.config.rootPath + "s/\(site.stories[index].story.publicID)/"), "label": .text(Self.label(site.stories[index]))]
    }

    /// The title, or the first words of the story when it has none.
    static func label(_ rendered: RenderedStory) -> String {
        if let title = rendered.story.title?.value, !title.isEmpty { return title }
        let words = StoryRenderer.excerpt(of: rendered.text, length: 60)
        return words.isEmpty ? "Untitled" : words
    }

    static func story(_ rendered: RenderedStory, tags: [TemplateValue], config: SiteConfig) -> TemplateValue {
        let story = rendered.story
        let hearts = story.hearts
        var value: [String: TemplateValue] = [
            "id": .text(story.publicID),
            "url": .text(config.rootPath + "s/\(story.publicID)/"),
            "label": .text(label(rendered)),
            "date": .text(story.date.display(at: config.anonymity.datePrecision)),
            "date_iso": .text(story.date.description),
            "hearts": .number(hearts),
            "hearts_label": .text("\(hearts) heart\(hearts == 1 ? "" : "s")"),
            "tags": .list(tags),
            "has_tags": .flag(!tags.isEmpty),
            "excerpt": .text(rendered.excerpt),
            "hue": .number(hue(of: story.publicID)),
            "lang": .text(story.lang ?? config.language),
        ]
        if let title = story.title?.value, !title.isEmpty { value["title"] = .text(title) }
        if let mood = story.mood?.value, !mood.isEmpty { value["mood"] = .text(mood) }
        if let cw = story.cw?.value, !cw.isEmpty { value["cw"] = .text(cw) }
        return .group(value)
    }

    /// A hue in steps of 10 degrees, from the id: a story keeps its colour across builds.
    static func hue(of id: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in id.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % 36) * 10
    }
}
