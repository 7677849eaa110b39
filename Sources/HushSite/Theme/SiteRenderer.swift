package import HushCore
internal import Mustache

/// The theme stage: every page through its template, plus the assets, feeds, sitemap,
/// robots.txt and search index, as files.
enum SiteRenderer {
    /// Pages rendered per batch: each batch goes to `deliver` as soon as it is done, so
    /// writing overlaps rendering and finished pages need not wait in memory.
    static let batchSize = 512

    /// Renders every file of the site and hands them over in batches; returns how many.
    @discardableResult
    static func render(_ site: Site, theme: Theme, strings: StringTable, deliver: ([OutputFile]) -> Void) -> Int {
        let context = PageContext(site: site, theme: theme, strings: strings)
        var count = 0
        var start = 0
        while start < site.pages.count {
            let batch = Array(site.pages[start..<min(site.pages.count, start + batchSize)])
            let files = batch.parallelMap { page -> OutputFile in
                let (template, value) = context.context(for: page)
                let html = theme.library.render(value, withTemplate: template) ?? ""
                return OutputFile(path: page.outputPath, bytes: Array(html.utf8))
            }
            deliver(files)
            count += files.count
            start += batchSize
        }
        let rest = theme.assets + Feeds.files(for: site, strings: strings) + SearchIndex.files(for: site)
        deliver(rest)
        return count + rest.count
    }
}
