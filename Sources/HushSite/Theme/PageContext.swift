internal import HushCore
internal import HushGuard
internal import Mustache

/// Turns the index stage's pages into the values templates see (docs/themes.md lists them).
struct PageContext: Sendable {
    let site: Site
    let theme: Theme
    /// The site's words, in its language.
    let strings: StringTable
    /// The values of the stories the pages about to be rendered show, by index in `Site.stories`,
    /// each with its per-story partials, made once and shared by every page that shows the story
    /// (`withSummaries(for:)`); nil for the others, which a page makes as it needs them.
    private var summaries: [TemplateValue?]
    let tagValues: [TemplateValue]
    let common: [String: TemplateValue]
    /// The theme's templates with `common` folded in (`TemplateFolding`): what pages and
    /// per-story partials are rendered with.
    let library: MustacheLibrary

    /// `site.generator` and the `{generator}` of the string tables.
    static let generator = "Hush"

    static let contentSecurityPolicy = contentSecurityPolicy(backendOrigin: nil)

    /// The policy of every page. With a backend (`backend.url`), its origin, and no other,
    /// may also take form posts (the heart button) and fetches (hearts.js).
    static func contentSecurityPolicy(backendOrigin: String?) -> String {
        let backend = backendOrigin.map { " " + $0 } ?? ""
        return
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'\(backend); form-action 'self'\(backend); base-uri 'none'"
    }

    /// The site-wide values, without any story's: `withSummaries(for:)` adds those.
    /// `folding`: render with the build's values folded into the templates (tests compare).
    init(site: Site, theme: Theme, strings: StringTable, folding: Bool = true) {
        self.site = site
        self.theme = theme
        self.strings = strings
        let root = site.config.rootPath
        tagValues = site.tags.map { tag -> TemplateValue in
            [
                "name": .plain(tag.name), "slug": .plain(tag.slug), "url": .plain(root + Page.tagPath(tag.slug)),
                "count": .plain(tag.stories.count), "count_label": .plain(strings.counted(.tagCount, tag.stories.count)),
                "top_heading": .plain(strings.text(.tagTopHeading, ["tag": tag.name])),
            ]
        }
        var siteValue: TemplateValue = [
            "title": .plain(site.config.title),
            "lang": .plain(site.config.language),
            "base_url": .plain(site.config.baseURL),
            "root": .plain(root),
            "generator": .plain(Self.generator),
        ]
        if let description = site.config.description { siteValue["description"] = .plain(description) }
        var urls: [String: TemplateValue] = [
            "home": .plain(root),
            "top": .plain(root + "top/"),
            "tags": .plain(root + "tags/"),
            "search": .plain(root + "search/"),
            "feed_atom": .plain(root + "feed.xml"),
            "feed_json": .plain(root + "feed.json"),
            "sitemap": .plain(root + "sitemap.xml"),
        ]
        // The submission form's page, and where it posts: only with `submissions: on` and a backend.
        if site.config.submissions, let backend = site.config.backend.url {
            urls["submit"] = .plain(root + "submit/")
            urls["submit_post"] = .plain(backend + "submit")
        }
        var common: [String: TemplateValue] = [
            "site": siteValue,
            "urls": .group(urls),
            "asset": .group(theme.assetURLs.mapValues { .plain($0) }),
            "csp": .plain(Self.contentSecurityPolicy(backendOrigin: site.config.backend.origin)),
            "noindex": .flag(site.config.noindex),
            // Every text of the theme, in the site's language (docs/themes.md, Translating).
            "t": strings.templateValue(siteTitle: site.config.title, generator: Self.generator),
        ]
        // The hearts service, when there is one: the heart buttons post to it, hearts.js asks it.
        if let backend = site.config.backend.url {
            common["backend"] = ["url": .plain(backend), "hearts_json_url": .plain(backend + "hearts.json")]
        }
        self.common = common
        library = folding ? TemplateFolding.library(theme, common: common) : theme.library
        summaries = Array(repeating: nil, count: site.stories.count)
    }

    /// This context with the values of `stories` made (in parallel), for the pages that show
    /// them: every story for a whole build, those of the pages to render for a rebuild.
    func withSummaries(for stories: [Int]) -> PageContext {
        var context = self
        // Each date written once: many stories share a week or a month.
        let dates = strings.dates(for: Set(stories.map { site.stories[$0].story.date }), precision: site.config.anonymity.datePrecision)
        let names = Self.perStoryPartials.filter { library.getTemplate(named: $0) != nil }
        let made = stories.parallelMap { index in summary(of: index, dates: dates, partials: names) }
        for (index, value) in zip(stories, made) { context.summaries[index] = value }
        return context
    }

    /// The values of one story (`story(_:tags:config:into:)`) with its per-story partials.
    private func summary(of index: Int, dates: [Day: String], partials: [String]) -> TemplateValue {
        var values = StoryValueBuilder(strings: strings, dates: dates, tagValues: tagValues)
        Self.story(site.stories[index], tags: site.storyTags[index], config: site.config, into: &values)
        guard !partials.isEmpty else { return .group(values.values) }
        let context = TemplateValue.group(common.merging(values.values) { _, story in story })
        var rendered: [String: TemplateValue] = [:]
        for name in partials {
            rendered[name] = .html(library.render(context, withTemplate: name) ?? "")
        }
        values.values["rendered"] = .group(rendered)
        return .group(values.values)
    }

    /// The values of the story at `index`: made once by `withSummaries(for:)`, or now.
    private func summary(_ index: Int) -> TemplateValue {
        if let summary = summaries[index] { return summary }
        let dates = strings.dates(for: [site.stories[index].story.date], precision: site.config.anonymity.datePrecision)
        return summary(of: index, dates: dates, partials: Self.perStoryPartials.filter { library.getTemplate(named: $0) != nil })
    }

    /// Partials that show one story the same way on every page. Each is rendered once a
    /// story and given to templates as `rendered.<name>`: a story appears on many list
    /// pages, and rendering its card once instead of on each is most of a build's speed.
    static let perStoryPartials = ["card", "story_link"]

    /// One page, rendered: its template with its values.
    func html(for page: Page) -> String {
        let (template, value) = context(for: page)
        return library.render(value, withTemplate: template) ?? ""
    }

    /// The template name and the values for one page.
    func context(for page: Page) -> (template: String, value: TemplateValue) {
        var values = common
        let config = site.config
        var pageValue: [String: TemplateValue] = [
            "url": .plain(config.rootPath + page.path),
            "canonical": .plain(config.baseURL + page.path),
            // The site's language on every page, a story's page too: the page's own words
            // (navigation, footer) are the site's; a story's element carries its own `lang`.
            "lang": .plain(config.language),
        ]
        if Self.isRightToLeft(config.language) { pageValue["dir"] = "rtl" }
        let kind: String
        let heading: String
        var paged: (current: Int, total: Int)?
        var isDraft = false
        var description = config.description ?? config.title
        let template: String
        switch page.content {
        case .story(let storyPage):
            let rendered = site.stories[storyPage.story]
            var story = summary(storyPage.story)
            story["html"] = .html(rendered.html)
            values["story"] = story
            if let newer = storyPage.newer { values["newer"] = link(newer) }
            if let older = storyPage.older { values["older"] = link(older) }
            if let another = storyPage.another { values["another"] = link(another) }
            values["related"] = .list(storyPage.related.map(summary))
            values["has_related"] = .flag(!storyPage.related.isEmpty)
            kind = "story"
            heading = rendered.label
            description = rendered.story.cw.map { strings.text(.cwLabel, ["cw": $0]) } ?? rendered.excerpt
            isDraft = rendered.story.draft
            if let picture = rendered.coverPicture {
                pageValue["image_url"] = .plain(config.baseURL + picture.fallbackPath)
                pageValue["image_alt"] = .plain(rendered.images.first?.alt ?? "")
            }
            template = "story"
        case .list(let list):
            values["stories"] = .list(list.stories.map(summary))
            values["is_empty"] = .flag(list.stories.isEmpty)
            var pagination: [String: TemplateValue] = [
                "current": .plain(list.number),
                "total": .plain(list.total),
                "has_prev": .flag(list.number > 1),
                "has_next": .flag(list.number < list.total),
                "is_paged": .flag(list.total > 1),
            ]
            if list.number > 1 { pagination["prev_url"] = .plain(config.rootPath + list.path(ofPage: list.number - 1)) }
            if list.number < list.total { pagination["next_url"] = .plain(config.rootPath + list.path(ofPage: list.number + 1)) }
            pagination["first_url"] = .plain(config.rootPath + list.path(ofPage: 1))
            pagination["last_url"] = .plain(config.rootPath + list.path(ofPage: list.total))
            pagination["pages"] = .list(
                list.numbers.map { item -> TemplateValue in
                    switch item {
                    case .page(let number):
                        return [
                            "number": .plain(number), "url": .plain(config.rootPath + list.path(ofPage: number)),
                            "is_current": .flag(number == list.number), "is_gap": false,
                        ]
                    case .gap:
                        return ["is_current": false, "is_gap": true]
                    }
                }
            )
            pagination["label"] = .plain(strings.text(.pageCount, ["current": String(list.number), "total": String(list.total)]))
            values["pagination"] = .group(pagination)
            if list.number > 1 { paged = (list.number, list.total) }
            switch list.kind {
            case .home:
                kind = "home"
                heading = config.title
                template = "list"
            case .top:
                kind = "top"
                heading = strings.text(.topHeading)
                template = "top"
            case .tag(let index):
                let tag = site.tags[index]
                values["tag"] = tagValues[index]
                values["top_stories"] = .list(tag.topStories.map(summary))
                // Only when the tag has more stories than the block shows: else it repeats the list.
                values["has_top_stories"] = .flag(tag.stories.count > tag.topStories.count)
                kind = "tag"
                heading = strings.text(.tagHeading, ["tag": tag.name])
                description = strings.counted(.tagDescription, tag.stories.count, ["tag": tag.name])
                template = "tag"
            }
        case .tags:
            values["tags"] = .list(tagValuesByName)
            values["has_tags"] = .flag(!site.tags.isEmpty)
            kind = "tags"
            heading = strings.text(.tagsHeading)
            template = "tags"
        case .search:
            values["tags"] = .list(tagValuesByName)
            values["has_tags"] = .flag(!site.tags.isEmpty)
            values["search_index"] = .plain(config.rootPath + SearchIndex.entryPath)
            kind = "search"
            heading = strings.text(.searchHeading)
            template = "search"
        case .notFound:
            kind = "404"
            heading = strings.text(.notFoundHeading)
            template = "404"
        case .submit:
            values["honeypot_name"] = .plain(SubmissionFields.honeypotName)
            values["longest"] = [
                "title": .plain(SubmissionCheck.limits[.title] ?? 0), "text": .plain(SubmissionCheck.limits[.text] ?? 0),
                "tags": .plain(SubmissionCheck.limits[.tags] ?? 0), "mood": .plain(SubmissionCheck.limits[.mood] ?? 0),
                "cw": .plain(SubmissionCheck.limits[.cw] ?? 0),
            ]
            kind = "submit"
            heading = strings.text(.submitHeading)
            template = "submit"
        case .gone:
            kind = "410"
            heading = strings.text(.goneHeading)
            template = "410"
        }
        let fullHeading =
            paged.map { strings.text(.pagedHeading, ["heading": heading, "current": String($0.current), "total": String($0.total)]) } ?? heading
        pageValue["heading"] = .plain(fullHeading)
        let shownTitle = isDraft ? strings.text(.draftTitle, ["title": fullHeading]) : fullHeading
        pageValue["title"] = .plain(
            kind == "home" && paged == nil ? config.title : strings.text(.pageTitle, ["heading": shownTitle, "site": config.title])
        )
        pageValue["kind"] = .plain(kind)
        pageValue["description"] = .plain(description)
        for name in ["home", "story", "top", "tags", "tag", "search", "404", "410", "submit"] {
            pageValue["is_\(name)"] = .flag(name == kind)
        }
        values["page"] = .group(pageValue)
        return (template, .group(values))
    }

    private var tagValuesByName: [TemplateValue] {
        site.tags.indices.sorted { site.tags[$0].name.lowercased() < site.tags[$1].name.lowercased() }.map { tagValues[$0] }
    }

    /// A newer, older or another story's link: its label is the story's own text, so it
    /// carries the story's `lang` and `dir` (and `draft`) with it.
    private func link(_ index: Int) -> TemplateValue {
        let story = summary(index)
        return [
            "url": story["url"], "label": story["label"], "lang": story["lang"], "dir": story["dir"], "draft": story["draft"],
            "label_lang": story["label_lang"], "label_dir": story["label_dir"], "other_lang": story["other_lang"],
        ]
    }

    /// The `dir` of a story's element: `rtl` for a language written right to left, `ltr` for
    /// one written left to right on a site written right to left (its page says `rtl`), nil
    /// when the element can inherit the page's direction.
    static func direction(of lang: String, site: String) -> String? {
        if isRightToLeft(lang) { return "rtl" }
        return isRightToLeft(site) ? "ltr" : nil
    }

    /// True when a story says a language (`lang:`) other than the site's: then the site's own
    /// words inside the story's element need the site's `lang`.
    static func isOtherLanguage(_ lang: String?, site: String) -> Bool {
        guard let lang else { return false }
        return lang.lowercased() != site.lowercased()
    }

    /// Languages written right to left, for `dir="rtl"` (search.js's `RIGHT_TO_LEFT` is the same list).
    static func isRightToLeft(_ lang: String) -> Bool {
        // The first part of the tag that is not empty ("he" of "he-IL").
        rightToLeft.contains(lang.drop { $0 == "-" }.prefix { $0 != "-" }.lowercased())
    }

    private static let rightToLeft: Set<String> = ["ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"]

    /// One story's values, into `values`: a template value (`StoryValueBuilder`), or the bytes
    /// of its digest in page fingerprints (`PageFingerprint.StoryEncoder`). Both come from this
    /// one function, so whatever a story shows is in the fingerprint of every page showing it.
    /// `tags`: the story's tags, by index in `Site.tags`.
    static func story<Values: StoryValues>(_ rendered: RenderedStory, tags: [Int], config: SiteConfig, into values: inout Values) {
        let story = rendered.story
        let hearts = rendered.hearts
        // Read once: each read of a setting is a look-up, and this runs for every story.
        let language = config.language
        let backend = config.backend.url
        values.text("id", story.publicID)
        values.text("url", config.rootPath + Page.storyPath(story.publicID))
        values.text("label", rendered.label)
        values.date("date", story.date)
        values.text("date_iso", story.date.description)
        values.number("hearts", hearts)
        values.counted("hearts_label", .hearts, hearts)
        values.tags("tags", tags)
        values.flag("has_tags", !tags.isEmpty)
        values.text("excerpt", rendered.excerpt)
        values.text("teaser", rendered.teaser)
        values.number("hue", hue(of: story.publicID))
        values.text("lang", story.lang ?? language)
        values.flag("draft", story.draft)
        values.flag("other_lang", isOtherLanguage(story.lang, site: language))
        if let dir = direction(of: story.lang ?? language, site: language) { values.text("dir", dir) }
        // An untitled warned story is labelled in the site's words ("Content warning: grief"):
        // in another language, its label must not take the story's lang and dir.
        if story.title == nil, story.cw != nil, isOtherLanguage(story.lang, site: language) {
            values.text("label_lang", language)
            values.text("label_dir", isRightToLeft(language) ? "rtl" : "ltr")
        }
        if let title = story.title { values.text("title", title) }
        if let backend { values.text("heart_url", backend + "hearts/" + story.publicID) }
        if let mood = story.mood { values.text("mood", mood) }
        if let cw = story.cw { values.text("cw", cw) }
        // The report form posts here (docs/moderation.md, "Reports"); only with a backend.
        if let backend { values.text("report_url", backend + "reports/" + story.publicID) }
        values.flag("postcard", rendered.isPostcard)
        if let picture = rendered.coverPicture, let smallest = picture.sizes.first {
            values.group("image") { image in
                image.text("url", config.rootPath + picture.thumbnailPath)
                image.number("width", smallest.width)
                image.number("height", smallest.height)
                image.text("absolute_url", config.baseURL + picture.fallbackPath)
            }
        }
    }

    /// A hue in steps of 10 degrees, from the id: a story keeps its colour across builds.
    static func hue(of id: String) -> Int {
        Int(StableHash.fnv1a(id) % 36) * 10
    }
}

/// Where `PageContext.story` puts a story's values, each under its name.
protocol StoryValues {
    /// Text as written (a template value escapes it).
    mutating func text(_ name: String, _ text: String)
    mutating func number(_ name: String, _ number: Int)
    mutating func flag(_ name: String, _ flag: Bool)
    /// A count in the site's words (`StringTable.counted`).
    mutating func counted(_ name: String, _ phrase: StringTable.Key, _ count: Int)
    /// A day as the site writes it (`StringTable.dates`).
    mutating func date(_ name: String, _ day: Day)
    /// Tags by index in `Site.tags`: the list of their values (`PageContext.tagValues`).
    mutating func tags(_ name: String, _ tags: [Int])
    mutating func group(_ name: String, _ values: (inout Self) -> Void)
}

/// A story's template value, as `PageContext.story` makes it.
struct StoryValueBuilder: StoryValues {
    let strings: StringTable
    /// The days of the stories at hand as the site writes them (`StringTable.dates`).
    let dates: [Day: String]
    let tagValues: [TemplateValue]
    var values: [String: TemplateValue] = [:]

    mutating func text(_ name: String, _ text: String) { values[name] = .plain(text) }
    mutating func number(_ name: String, _ number: Int) { values[name] = .plain(number) }
    mutating func flag(_ name: String, _ flag: Bool) { values[name] = .flag(flag) }
    mutating func counted(_ name: String, _ phrase: StringTable.Key, _ count: Int) { values[name] = .plain(strings.counted(phrase, count)) }
    mutating func date(_ name: String, _ day: Day) { values[name] = .plain(dates[day] ?? day.description) }
    mutating func tags(_ name: String, _ tags: [Int]) { values[name] = .list(tags.map { tagValues[$0] }) }

    mutating func group(_ name: String, _ fill: (inout StoryValueBuilder) -> Void) {
        var group = StoryValueBuilder(strings: strings, dates: dates, tagValues: tagValues)
        fill(&group)
        values[name] = .group(group.values)
    }
}
