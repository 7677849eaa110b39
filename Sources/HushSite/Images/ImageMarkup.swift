internal import Foundation
internal import HushCore
internal import HushMarkdown

/// A made image in a story page: a `<picture>` with WebP for browsers that take it and JPEG
/// for the rest, every width in a `srcset`, its size set (no jump as it loads), loaded lazily.
enum ImageMarkup {
    /// How wide the image is shown: the themes' story column is at most 40rem.
    static let sizes = "(min-width: 42rem) 40rem, 100vw"

    static func html(_ image: PlacedImage, alt: String, title: String, rootPath: String) -> String {
        func srcset(_ format: String) -> String {
            image.sizes.map { rootPath + PlacedImage.path(name: image.name, width: $0.width, format: format) + " \($0.width)w" }.joined(
                separator: ", "
            )
        }
        let largest = image.largest
        var html = "<picture class=\"story-image\"><source type=\"image/webp\" srcset=\"\(srcset("webp"))\" sizes=\"\(sizes)\">"
        html += "<img src=\"\(rootPath + image.fallbackPath)\" srcset=\"\(srcset("jpg"))\" sizes=\"\(sizes)\""
        html += " width=\"\(largest.width)\" height=\"\(largest.height)\" alt=\"\(HTML.escape(alt))\""
        if !title.isEmpty { html += " title=\"\(HTML.escape(title))\"" }
        html += " loading=\"lazy\" decoding=\"async\"></picture>"
        return html
    }

    /// A picture for a feed: the largest JPEG at an absolute URL (`baseURL` ends with "/").
    static func feedHTML(_ image: PlacedImage, alt: String, baseURL: String) -> String {
        let largest = image.largest
        return
            "<img src=\"\(HTML.escape(baseURL + image.fallbackPath))\" width=\"\(largest.width)\" height=\"\(largest.height)\" alt=\"\(HTML.escape(alt))\">"
    }

    /// `html` with each image placeholder the renderer left replaced by its picture (an
    /// image that could not be made, which is an error of its own, by its description).
    /// `feedBaseURL`: the feed's form (`feedHTML`) instead of the page's.
    static func place(_ html: String, images: [StoryImage], placed: [PlacedImage?], rootPath: String, feedBaseURL: String? = nil) -> String {
        guard !images.isEmpty else { return html }
        var result = html
        for (index, image) in images.enumerated() {
            let markup =
                placed[index].map { picture in
                    feedBaseURL.map { feedHTML(picture, alt: image.alt, baseURL: $0) }
                        ?? self.html(picture, alt: image.alt, title: image.title, rootPath: rootPath)
                } ?? HTML.escape(image.alt)
            if let range = result.range(of: Markdown.placeholder(index)) { result.replaceSubrange(range, with: markup) }
        }
        return result
    }
}
