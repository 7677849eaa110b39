internal import Foundation
internal import HushCore
internal import HushGuard
internal import HushMarkdown

/// The render stage: every story's body to safe HTML, its plain text and an excerpt.
enum StoryRenderer {
    static let excerptLength = 200

    static func render(_ stories: [GuardedStory], config: SiteConfig, strings: StringTable) -> ([RenderedStory], [Diagnostic]) {
        let host = config.host
        let results = stories.parallelMap { story -> (RenderedStory, [Diagnostic]) in
            let output = Markdown.render(story.body, smartPunctuation: config.smartPunctuation, siteHost: host, rootPath: config.rootPath)
            var diagnostics = output.findings.map { finding -> Diagnostic in
                let (code, message) = warning(for: finding.kind)
                return Diagnostic(code, message, file: story.file, line: story.bodyLine + finding.line - 1, column: finding.column)
            }
            if let empty = emptiness(story, html: output.html) { diagnostics.append(empty) }
            let label = label(story, text: output.text, strings: strings)
            let excerpt = Self.excerpt(of: output.text)
            let words = SearchIndex.StoryWords(title: label, text: output.text)
            // What every build needs of the body is made here, with it, and kept in the story's
            // cache record: a rebuild then reads the body only of the pages it renders.
            let rendered = RenderedStory(
                story: story,
                html: LazyText(output.html),
                htmlDigest: Digest.of(text: output.html),
                excerpt: excerpt,
                label: label,
                words: words,
                searchDigest: SearchIndex.ownDigest(label: label, excerpt: excerpt, words: words),
                teaser: teaser(story, label: label, excerpt: excerpt, text: output.text),
                wordCount: RenderedStory.wordCount(of: output.text),
                images: output.images.map { image in
                    StoryImage(
                        url: image.url,
                        alt: image.alt,
                        title: image.title,
                        line: story.bodyLine + image.line - 1,
                        column: image.column
                    )
                }
            )
            return (rendered, diagnostics)
        }
        return (results.map(\.0), results.flatMap(\.1))
    }

    /// The code and sentence for something the renderer made safe.
    static func warning(for kind: Markdown.Finding.Kind) -> (code: Diagnostic.Code, message: String) {
        switch kind {
        case .externalImage:
            return (
                .renderExternalImage, "images from other sites are not loaded (they tell that site who reads the story); it is shown as a link"
            )
        case .dataImage:
            return (.renderDataImage, "images written into the text as data: URLs are not shown; only their description is")
        case .rawHTML:
            return (
                .renderRawHTML,
                "raw HTML (a tag or an HTML comment) is left out of the page, since it could run script in a reader's browser; write it in Markdown, or remove it"
            )
        case .unsafeLink:
            return (
                .renderUnsafeLink,
                "this link is not followed, only its text is shown: a link must go to a web address (https://…) or a page of the site, not a javascript:, data:, mailto: or other address"
            )
        }
    }

    /// A story whose body shows nothing (no text, or only what is left out, like raw HTML)
    /// would be a blank page in every list and feed: an error, so it is never published by
    /// accident. A draft built with `--drafts` is a preview, so there it is a warning.
    static func emptiness(_ story: GuardedStory, html: String) -> Diagnostic? {
        guard html.allSatisfy(\.isWhitespace) else { return nil }
        return Diagnostic(
            .contentEmpty,
            "this story has no text after its front matter, so it would be a blank page; write it, or mark it `draft: true` until it is ready",
            file: story.file,
            line: max(1, story.bodyLine - 1),
            column: 1,
            severity: story.draft ? .warning : nil
        )
    }

    /// The excerpt as a card shows it under the label: when the label is the story's own
    /// first words, the text goes on from where they stop ("…interviewed. Last week…"),
    /// so a card without a title does not say its opening twice. Made here, with the text,
    /// and kept with the story (`RenderedStory.teaser`): it is in every story's values
    /// (`PageContext.story`), which would otherwise read every untitled story's text on
    /// every build.
    static func teaser(_ story: GuardedStory, label: String, excerpt: String, text: String) -> String {
        let hasOwnLabel = story.title != nil || story.cw != nil
        guard !hasOwnLabel, label.hasSuffix("…") else { return hasOwnLabel ? excerpt : "" }
        let rest = text.dropFirst(label.count - 1).drop { $0 == " " || $0 == "," || $0 == ";" }
        // An excerpt reads no further than one character past its length: the rest of a long
        // story is not copied.
        return "…" + Self.excerpt(of: String(rest.prefix(excerptLength + 1)))
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

    /// The title; without one, the first words of the story, unless it carries a content
    /// warning: then the warning, so nothing of the story shows before the click-through.
    /// The warning and "Untitled" are the site's words, from its string table.
    static func label(_ story: GuardedStory, text: String, strings: StringTable) -> String {
        if let title = story.title { return title }
        if let cw = story.cw { return strings.text(.cwLabel, ["cw": cw]) }
        let words = excerpt(of: text, length: 60)
        return words.isEmpty ? strings.text(.untitled) : words
    }
}
