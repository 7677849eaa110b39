internal import HushCore

/// The whole site as values: every story in order, every tag, every page. The index stage
/// makes it; the theme stage turns it into bytes.
struct Site: Sendable {
    var config: SiteConfig
    var buildDate: Day
    /// Newest first: date (at the site's precision) descending, then id.
    var stories: [RenderedStory]
    /// The tags shown on the site (at least `min_tag_size` stories), sorted by slug.
    var tags: [Tag]
    /// For each story (same order as `stories`), the indices of its shown tags in `tags`.
    var storyTags: [[Int]]
    var pages: [Page]
    /// The ids of the stories taken down (`moderation/tombstones.yml`), sorted: their URLs
    /// answer 410 Gone, with the one page `Page.gonePath`, through the host rules.
    var gone: [String] = []
}

/// A tag with its display form and its stories.
struct Tag: Sendable {
    /// The normalized key (section 6).
    var key: String
    var slug: String
    /// The most common spelling in the content (ties: the first in sorted order).
    var name: String
    /// Indices into `Site.stories`, newest first.
    var stories: [Int]
    /// Up to five indices, most hearted first.
    var topStories: [Int]
}

/// One HTML page of the site.
struct Page: Sendable {
    /// The page's URL path below the site root: "" (home), "s/k3v9q2mf/", "tags/", "404.html", "410.html".
    var path: String
    var content: Content

    enum Content: Sendable {
        case story(StoryPage)
        case list(ListPage)
        case tags
        case search
        case notFound
        /// `submit/`: the form for anonymous submissions (`submissions: on` with a backend).
        case submit
        /// The one page of every story taken down, whatever the reason (status 410).
        case gone
    }

    /// The page a taken-down story's URL shows, with status 410 Gone.
    static let gonePath = "410.html"

    /// The page of one story: `s/<id>/`.
    static func storyPath(_ id: String) -> String { "s/\(id)/" }

    /// The first page of one tag: `tags/<slug>/`.
    static func tagPath(_ slug: String) -> String { "tags/\(slug)/" }

    /// The file the page is written to.
    var outputPath: String { Self.file(of: path) }

    /// The file that serves a page's path: `s/k3v9q2mf/` is `s/k3v9q2mf/index.html`.
    static func file(of path: String) -> String {
        path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
    }
}

struct StoryPage: Sendable {
    var story: Int
    var newer: Int?
    var older: Int?
    var related: [Int]
    var another: Int?
}

struct ListPage: Sendable {
    enum Kind: Sendable, Equatable {
        case home
        case top
        case tag(Int)
    }

    var kind: Kind
    var stories: [Int]
    /// 1-based.
    var number: Int
    var total: Int
    /// The path of the list's first page ("", "top/", "tags/<slug>/").
    var basePath: String

    func path(ofPage number: Int) -> String {
        number == 1 ? basePath : basePath + "page/\(number)/"
    }
}
