package import HushCore
package import HushGuard
internal import Foundation

/// The machine-readable files of a site: Atom and JSON feeds, sitemap, robots.txt and the
/// search index. Dates are the stories' rounded days at midnight UTC: no time of day leaks.
enum Feeds {
    static func files(for site: Site) -> [OutputFile] {
        // Made side by side: search.json alone holds every story's text.
        ["feed.xml", "feed.json", "sitemap.xml", "robots.txt", "search.json"].parallelMap { path in
            switch path {
            case "feed.xml": return OutputFile(path: path, bytes: Array(atom(site).utf8))
            case "feed.json": return OutputFile(path: path, bytes: jsonFeed(site))
            case "sitemap.xml": return OutputFile(path: path, bytes: Array(sitemap(site).utf8))
            case "robots.txt": return OutputFile(path: path, bytes: Array(robots(site).utf8))
            default: return OutputFile(path: path, bytes: searchIndex(site))
            }
        }
    }

    static func timestamp(_ day: Day) -> String { "\(day)T00:00:00Z" }

    /// "[CW: grief] Title": a reader sees the warning before the story in any feed reader.
    static func entryTitle(_ rendered: RenderedStory) -> String {
        guard let cw = rendered.story.cw else { return rendered.label }
        return "[CW: \(cw)] \(rendered.label)"
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

    static func atom(_ site: Site) -> String {
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
            <author><name>Anonymous</name></author>
            <generator>Hush</generator>\n
            """
        for (index, rendered) in newest(site).enumerated() {
            let url = HTML.escape(storyURL(rendered, site: site))
            xml +=
                "<entry>\n<title>\(HTML.escape(entryTitle(rendered)))</title>\n<id>\(url)</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"\(url)\"/>\n"
            xml += "<published>\(timestamp(rendered.story.date))</published>\n<updated>\(timestamp(rendered.story.date))</updated>\n"
            for name in tagNames(index, site: site) { xml += "<category term=\"\(HTML.escape(name))\"/>\n" }
            xml += "<summary>\(HTML.escape(rendered.excerpt))</summary>\n"
            xml += "<content type=\"html\">\(HTML.escape(rendered.html))</content>\n</entry>\n"
        }
        return xml + "</feed>\n"
    }

    static func jsonFeed(_ site: Site) -> [UInt8] {
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
            Item(
                id: storyURL(rendered, site: site),
                url: storyURL(rendered, site: site),
                title: entryTitle(rendered),
                content_html: rendered.html,
                summary: rendered.excerpt,
                date_published: timestamp(rendered.story.date),
                tags: tagNames(index, site: site),
                language: rendered.story.lang
            )
        }
        let feed = Feed(
            title: config.title,
            description: config.description,
            home_page_url: config.baseURL,
            feed_url: config.baseURL + "feed.json",
            language: config.language,
            authors: [Author(name: "Anonymous")],
            items: items
        )
        return encode(feed)
    }

    static func sitemap(_ site: Site) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in site.pages {
            if case .notFound = page.content { continue }
            xml += "<url><loc>\(HTML.escape(site.config.baseURL + page.path))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }

    static func robots(_ site: Site) -> String {
        if site.config.noindex { return "User-agent: *\nDisallow: /\n" }
        return "User-agent: *\nAllow: /\n\nSitemap: \(site.config.baseURL)sitemap.xml\n"
    }

    /// What the search page's script filters: text from the rendered story, never its source.
    static func searchIndex(_ site: Site) -> [UInt8] {
        struct Entry: Encodable {
            let id: String
            let url: String
            let title: String
            let excerpt: String
            let tags: [String]
            let text: String
            let cw: String?
            let lang: String?
            /// The story's colour (`story.hue`), for themes that colour results like cards.
            let hue: Int
        }
        let entries = site.stories.enumerated().map { index, rendered in
            Entry(
                id: rendered.story.publicID,
                url: site.config.rootPath + Page.storyPath(rendered.story.publicID),
                title: rendered.label,
                excerpt: rendered.excerpt,
                tags: tagNames(index, site: site),
                text: rendered.text,
                cw: rendered.story.cw,
                lang: rendered.story.lang,
                hue: PageContext.hue(of: rendered.story.publicID)
            )
        }
        return encode(entries)
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)).map(Array.init) ?? Array("null".utf8)) + [UInt8(ascii: "\n")]
    }
}
