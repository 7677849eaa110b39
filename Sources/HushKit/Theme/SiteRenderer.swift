internal import Mustache

/// The theme stage: every page through its template, plus the assets, feeds, sitemap,
/// robots.txt and search index, as files.
enum SiteRenderer {
    static func render(_ site: Site, theme: Theme) -> [OutputFile] {
        let context = PageContext(site: site, theme: theme)
        let pages = site.pages.parallelMap { page -> OutputFile in
            let (template, value) = context.context(for: page)
            let html = theme.library.render(value, withTemplate: template) ?? ""
            return OutputFile(path: page.outputPath, bytes: Array(html.utf8))
        }
        return pages + theme.assets + Feeds.files(for: site)
    }
}
