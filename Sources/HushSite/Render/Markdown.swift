internal import HushMarkdown

/// cmark's renderer (HushMarkdown) with the site's rules for links and images (`URLSafety`).
typealias Markdown = HushMarkdown.Markdown

extension Markdown {
    /// A story body as safe HTML for a site served at `siteHost`: links out of the site get
    /// `externalRel`, links that may not be followed lose their target, images from other
    /// origins become links and `data:` images their alt text; the story's own images become
    /// placeholders (`Output.images`) for the images stage.
    static func render(_ body: String, smartPunctuation: Bool, siteHost: String?) -> Output {
        render(body, smartPunctuation: smartPunctuation, links: linkRules(siteHost: siteHost))
    }

    static func linkRules(siteHost: String?) -> LinkRules {
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
                return .local
            }
        )
    }
}
