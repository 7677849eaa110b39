internal import Foundation
internal import HushCore
internal import HushGuard

/// The machine-readable files of a site: Atom and JSON feeds, sitemap and robots.txt (the
/// search index is `SearchIndex`). Dates are the stories' rounded days at midnight UTC: no
/// time of day leaks.
enum Feeds {
    static func files(for site: Site, strings: StringTable) -> [OutputFile] {
        // Made side by side: the feeds hold the newest stories' whole text. No control
        // character reaches a feed, whoever serves it (the writer, or a preview server).
        ["feed.xml", "feed.json", "sitemap.xml", "robots.txt"].parallelMap { path in
            switch path {
            case "feed.xml": return OutputText.clean(OutputFile(path: path, bytes: Array(atom(site, strings: strings).utf8)))
            case "feed.json": return OutputText.clean(OutputFile(path: path, bytes: jsonFeed(site, strings: strings)))
            case "sitemap.xml": return OutputText.clean(OutputFile(path: path, bytes: Array(sitemap(site).utf8)))
            default: return OutputText.clean(OutputFile(path: path, bytes: Array(robots(site).utf8)))
            }
        }
    }

    static func timestamp(_ day: Day) -> String { "\(day)T00:00:00Z" }

    /// "[CW: grief] Title": a reader sees the warning before the story in any feed reader;
    /// "[Draft] …" in a build with `--drafts`, so a preview feed is never mistaken for the site's.
    /// The words are the site's (`feed_cw_title`, `feed_cw_untitled`, `draft_title`).
    static func entryTitle(_ rendered: RenderedStory, strings: StringTable) -> String {
        var title = rendered.label
        // Without a title the label is the warning itself ("Content warning: grief"): "[CW: grief]".
        if let cw = rendered.story.cw {
            title = rendered.story.title == nil ? strings.text(.feedCWUntitled, ["cw": cw]) : strings.text(.feedCWTitle, ["cw": cw, "title": title])
        }
        if rendered.story.draft { title = strings.text(.draftTitle, ["title": title]) }
        return title
    }

    /// What an entry holds of its story: the body and the excerpt, or, for a warned story
    /// (unless `feeds.cw: full`), only the warning and a link to the story. A feed reader
    /// has no click-through, so the site's `<details>` would not protect its reader.
    /// The words of that text are the site's: in an entry in another language (`xml:lang`,
    /// `language`), the paragraph says the site's `lang` and `dir`, the warning the story's.
    static func entryContent(_ rendered: RenderedStory, site: Site, strings: StringTable) -> (html: String, summary: String, isWarning: Bool) {
        guard let cw = rendered.story.cw, site.config.feeds.cw == .link else {
            return (rendered.feedHTML ?? rendered.html, rendered.excerpt, false)
        }
        let url = storyURL(rendered, site: site)
        let summary = strings.text(.feedCWNote, ["cw": cw, "url": url])
        var paragraph = "<p>"
        var warning = HTML.escape(cw)
        if let lang = entryLanguage(rendered, site: site) {
            let siteLanguage = site.config.language
            let dir = PageContext.isRightToLeft(siteLanguage) ? "rtl" : "ltr"
            paragraph = "<p lang=\"\(HTML.escape(siteLanguage))\" dir=\"\(dir)\">"
            warning = "<bdi lang=\"\(HTML.escape(lang))\">\(warning)</bdi>"
        }
        let link = "<a href=\"\(HTML.escape(url))\">\(HTML.escape(url))</a>"
        return (paragraph + strings.html(.feedCWNote, ["cw": warning, "url": link]) + "</p>", summary, true)
    }

    /// The story's own language, when it has one: the entry's `xml:lang` and the item's `language`.
    private static func entryLanguage(_ rendered: RenderedStory, site: Site) -> String? {
        PageContext.isOtherLanguage(rendered.story.lang, site: site.config.language) ? rendered.story.lang : nil
    }

    static func storyURL(_ rendered: RenderedStory, site: Site) -> String {
        site.config.baseURL + Page.storyPath(rendered.story.publicID)
    }

    private static func newest(_ site: Site) -> ArraySlice<RenderedStory> {
        site.stories.prefix(site.config.feedSize)
    }

    private static func tagNames(_ index: Int, site: Site) -> [String] {
        site.storyTags[index].map { site.tags[$0].name }
    }

    static func atom(_ site: Site, strings: StringTable) -> String {
        let config = site.config
        let updated = site.stories.first?.story.date ?? site.buildDate
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(HTML.escape(config.language))">
            <title>\(HTML.escape(config.title))</title>\n
            """
        if let description = config.description { xml += "<subtitle>\(HTML.escape(description))</subtitle>\n" }
        xml += """
            <id>\(HTML.escape(config.baseURL))</id>
            <link rel="alternate" type="text/html" href="\(HTML.escape(config.baseURL))"/>
            <link rel="self" type="application/atom+xml" href="\(HTML.escape(config.baseURL))feed.xml"/>
            <updated>\(timestamp(updated))</updated>
            <author><name>\(HTML.escape(strings.text(.feedAuthor)))</name></author>
            <generator>Hush</generator>\n
            """
        for (index, rendered) in newest(site).enumerated() {
            let url = HTML.escape(storyURL(rendered, site: site))
            let content = entryContent(rendered, site: site, strings: strings)
            // An untitled warned story's title is the site's words ("Content warning: grief").
            let titleLanguage =
                rendered.story.title == nil && rendered.story.cw != nil && entryLanguage(rendered, site: site) != nil
                ? " xml:lang=\"\(HTML.escape(config.language))\"" : ""
            xml += entryLanguage(rendered, site: site).map { "<entry xml:lang=\"\(HTML.escape($0))\">\n" } ?? "<entry>\n"
            xml +=
                "<title\(titleLanguage)>\(HTML.escape(entryTitle(rendered, strings: strings)))</title>\n<id>\(url)</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"\(url)\"/>\n"
            xml += "<published>\(timestamp(rendered.story.date))</published>\n<updated>\(timestamp(rendered.story.date))</updated>\n"
            for name in tagNames(index, site: site) { xml += "<category term=\"\(HTML.escape(name))\"/>\n" }
            // A warning's summary is the site's words, in an entry that may say another language.
            let summaryLanguage =
                content.isWarning && entryLanguage(rendered, site: site) != nil ? " xml:lang=\"\(HTML.escape(config.language))\"" : ""
            xml += "<summary\(summaryLanguage)>\(HTML.escape(content.summary))</summary>\n"
            xml += "<content type=\"html\">\(HTML.escape(content.html))</content>\n</entry>\n"
        }
        return xml + "</feed>\n"
    }

    static func jsonFeed(_ site: Site, strings: StringTable) -> [UInt8] {
        struct Author: Encodable { let name: String }
        struct Item: Encodable {
            let id: String
            let url: String
            let title: String
            let content_html: String
            let summary: String
            let date_published: String
            let tags: [String]
            let language: String?
            /// The story's picture (absolute), when it has one and no content warning.
            let image: String?
        }
        struct Feed: Encodable {
            let version = "https://jsonfeed.org/version/1.1"
            let title: String
            let description: String?
            let home_page_url: String
            let feed_url: String
            let language: String
            let authors: [Author]
            let items: [Item]
        }
        let config = site.config
        let items = newest(site).enumerated().map { index, rendered in
            let content = entryContent(rendered, site: site, strings: strings)
            return Item(
                id: storyURL(rendered, site: site),
                url: storyURL(rendered, site: site),
                title: entryTitle(rendered, strings: strings),
                content_html: content.html,
                summary: content.summary,
                date_published: timestamp(rendered.story.date),
                tags: tagNames(index, site: site),
                language: entryLanguage(rendered, site: site),
                image: rendered.coverPicture.map { config.baseURL + $0.fallbackPath }
            )
        }
        let feed = Feed(
            title: config.title,
            description: config.description,
            home_page_url: config.baseURL,
            feed_url: config.baseURL + "feed.json",
            language: config.language,
            authors: [Author(name: strings.text(.feedAuthor))],
            items: items
        )
        return JSONFile.bytes(of: feed)
    }

    static func sitemap(_ site: Site) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in site.pages {
            switch page.content {
            case .notFound, .gone: continue
            default: break
            }
            xml += "<url><loc>\(HTML.escape(site.config.baseURL + page.path))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }

    static func robots(_ site: Site) -> String {
        if site.config.noindex { return "User-agent: *\nDisallow: /\n" }
        return "User-agent: *\nAllow: /\n\nSitemap: \(site.config.baseURL)sitemap.xml\n"
    }
}
