internal import Foundation

/// The render stage: every story's body to safe HTML, its plain text and an excerpt.
enum StoryRenderer {
    static let excerptLength = 200

    static func render(_ stories: [Story], config: SiteConfig) -> ([RenderedStory], [Diagnostic]) {
        let host = Self.host(of: config.baseURL)
        let results = stories.parallelMap { story -> (RenderedStory, [Diagnostic]) in
            let output = Markdown.render(story.body, smartPunctuation: config.smartPunctuation, siteHost: host)
            let diagnostics = output.findings.map { finding -> Diagnostic in
                let line = story.bodyLine + finding.line - 1
                switch finding.kind {
                case .externalImage:
                    return .warning(
                        "render.external-image",
                        "images from other sites are not loaded (they tell that site who reads the story); it is shown as a link",
                        file: story.file,
                        line: line,
                        column: finding.column
                    )
                case .dataImage:
                    return .warning(
                        "render.data-image",
                        "images written into the text as data: URLs are not shown; only their description is",
                        file: story.file,
                        line: line,
                        column: finding.column
                    )
                }
            }
            let rendered = RenderedStory(story: story, html: output.html, text: output.text, excerpt: excerpt(of: output.text))
            return (rendered, diagnostics)
        }
        return (results.map(\.0), results.flatMap(\.1))
    }

    /// At most `length` characters of a text whose white space is already folded (as
    /// `Markdown.Output.text` is), cut between words with "…".
    static func excerpt(of text: String, length: Int = excerptLength) -> String {
        guard let end = text.index(text.startIndex, offsetBy: length, limitedBy: text.endIndex), end < text.endIndex else {
            return text
        }
        var cut = text[..<end]
        if text[end] != " ", let space = cut.lastIndex(of: " ") { cut = cut[..<space] }
        while let last = cut.last, last == " " || (last.isPunctuation && last != "?" && last != "!") { cut = cut.dropLast() }
        return cut + "…"
    }

    /// The host of an absolute URL, lower-cased.
    static func host(of url: String) -> String? {
        guard let range = url.range(of: "://") else { return nil }
        return url[range.upperBound...].prefix { $0 != "/" && $0 != ":" }.lowercased()
    }
}
