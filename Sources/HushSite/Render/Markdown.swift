internal import HushMarkdown

/// cmark's renderer (HushMarkdown) with the site's rules for links and images (`URLSafety`).
typealias Markdown = HushMarkdown.Markdown

extension Markdown {
    /// A story body as safe HTML for a site served at `siteHost`: links out of the site get
    /// `externalRel`, links that may not be followed lose their target, images from other
    /// origins become links and `data:` images their alt text; the story's own images become
    /// placeholders (`Output.images`) for the images stage.
    /// `rootPath`: base_url's path; an image under its `assets/` is one of the site's own
    /// files (a theme's), kept as written. Any other path is the story's own image, made by
    /// the images stage: a path from the root of a disk (`/home/jane/IMG_1234.jpg`) is an
    /// error there, never a link that would show the writer's folders.
    static func render(_ body: String, smartPunctuation: Bool, siteHost: String?, rootPath: String = "/") -> Output {
        render(body, smartPunctuation: smartPunctuation, links: linkRules(siteHost: siteHost, rootPath: rootPath))
    }

    static func linkRules(siteHost: String?, rootPath: String = "/") -> LinkRules {
        LinkRules(
            link: { url in
                if !URLSafety.isSafeLinkTarget(url) { return .unfollowed }
                return URLSafety.isExternal(url, siteHost: siteHost) ? .external(href: URLSafety.escapeHref(url)) : .keep
            },
            image: { url in
                if URLSafety.hasScheme(url, "data") { return .data }
                if URLSafety.isExternal(url, siteHost: siteHost) || URLSafety.hasScheme(url, "http") || URLSafety.hasScheme(url, "https") {
                    return .external(href: URLSafety.isSafeLinkTarget(url) ? URLSafety.escapeHref(url) : nil)
                }
                return url.hasPrefix(rootPath + "assets/") ? .keep : .local
            }
        )
    }
}
