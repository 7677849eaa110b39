internal import CCmark
internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that talks to cmark, for the renderer and the guard alike: a story body
/// goes in; safe HTML, its plain text and findings about what was made safe come out
/// (`render`), or the pieces of text a reader gets, with their places (`readerNodes`, read
/// by `ReaderText`). No C type leaves this file.
///
/// Safety: cmark's safe mode (the default; `CMARK_OPT_UNSAFE` is never set) drops raw HTML
/// and dangerous URLs. Raw HTML is taken out of the tree before rendering, so the page does
/// not keep safe mode's `<!-- raw HTML omitted -->` either, and each place is a finding; a
/// link whose target may not be followed keeps its text and is a finding. On top of that,
/// links out of the site get
/// `rel="noopener noreferrer nofollow"`, images from other origins become plain links and
/// `data:` images become their alt text, and headings move down a level under the page's h1.
/// Which URL is which is the caller's decision (`LinkRules`): the site's rules live with
/// the site (HushSite's `URLSafety`).
package enum Markdown {
    package struct Output: Sendable {
        package var html: String
        /// The text of the body without markup, every run of white space one space.
        package var text: String
        package var findings: [Finding]
        /// The story's own images (`ImageAction.local`), in order: the page holds
        /// `placeholder(n)` for the n-th, which the site replaces once the image is made.
        package var images: [LocalImage] = []
    }

    /// An image of the story's own (`![alt](pic.jpg "title")`), where it was written.
    package struct LocalImage: Sendable, Equatable {
        package var url: String
        /// The image's description, as plain text.
        package var alt: String
        package var title: String
        /// Line and column inside the body (1-based; the column in characters).
        package var line: Int
        package var column: Int
    }

    /// What the page holds where the n-th local image goes. cmark escapes `<` in every
    /// text, code and attribute and raw HTML is taken out, so only the renderer writes it.
    package static func placeholder(_ index: Int) -> String {
        "<hush-image \(index)>"
    }

    /// What becomes of the links and images of a story: the caller's rules for URLs.
    package struct LinkRules: Sendable {
        package enum LinkAction: Sendable {
            /// Rendered as cmark renders it.
            case keep
            /// A link out of the site: an anchor with this href (already escaped for HTML)
            /// and `externalRel`.
            case external(href: String)
            /// May not be followed: the text stays, the link goes (a finding).
            case unfollowed
        }

        package enum ImageAction: Sendable {
            /// Rendered as cmark renders it.
            case keep
            /// An image from another site: not loaded, shown as a link to this href (already
            /// escaped for HTML), or as its alt text when nil (a finding).
            case external(href: String?)
            /// A `data:` image: only its alt text is shown (a finding).
            case data
            /// One of the story's own files: replaced by a placeholder (`Output.images`).
            case local
        }

        package var link: @Sendable (String) -> LinkAction
        package var image: @Sendable (String) -> ImageAction

        package init(link: @escaping @Sendable (String) -> LinkAction, image: @escaping @Sendable (String) -> ImageAction) {
            self.link = link
            self.image = image
        }
    }

    /// Something the renderer changed that the writer should know about.
    package struct Finding: Sendable {
        package enum Kind: Sendable {
            case externalImage
            case dataImage
            /// Raw HTML (a tag, a block, a comment): left out of the page.
            case rawHTML
            /// A link to a `javascript:`, `data:`, `mailto:` or other non-web address: its text stays, the link goes.
            case unsafeLink
        }

        package var kind: Kind
        /// Line and column inside the body (1-based; the column in characters).
        package var line: Int
        package var column: Int
    }

    /// The plain text of `node`'s children: an image's description.
    private static func childText(_ node: OpaquePointer) -> String {
        var text = PlainText()
        walk(node) { child, type, entering in
            guard entering else { return }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text.append(cmark_node_get_literal(child))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text.space()
            default: break
            }
        }
        return text.string
    }

    /// Attributes of every link that leaves the site.
    package static let externalRel = "noopener noreferrer nofollow"

    package static func render(_ body: String, smartPunctuation: Bool, links rules: LinkRules) -> Output {
        guard let document = parse(body, smartPunctuation: smartPunctuation) else { return Output(html: "", text: "", findings: []) }
        defer { cmark_node_free(document) }

        var text = PlainText()
        var findings: [Finding] = []
        var links: [OpaquePointer] = []
        var images: [OpaquePointer] = []
        var headings: [OpaquePointer] = []
        var rawHTML: [OpaquePointer] = []

        // A local image's description is not text of the page (it is the picture's `alt`):
        // left out of `text`, so excerpts and cards do not read it out as prose.
        var inLocalImage = false
        walk(document) { node, type, entering in
            if entering {
                switch type {
                case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                    if !inLocalImage { text.append(cmark_node_get_literal(node)) }
                case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                    text.space()
                case CMARK_NODE_LINK:
                    links.append(node)
                case CMARK_NODE_IMAGE:
                    images.append(node)
                    if case .local = rules.image(string(cmark_node_get_url(node))) { inLocalImage = true }
                case CMARK_NODE_HEADING:
                    headings.append(node)
                case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                    rawHTML.append(node)
                default:
                    break
                }
            } else {
                switch type {
                case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_CODE_BLOCK:
                    text.space()
                case CMARK_NODE_IMAGE:
                    inLocalImage = false
                default:
                    break
                }
            }
        }

        // The tree changes only after the walk: cmark's iterator must not see its nodes move.
        let columns = CharacterColumns(body)
        func finding(_ kind: Finding.Kind, at node: OpaquePointer) -> Finding {
            var line = cmark_node_get_start_line(node)
            var column = cmark_node_get_start_column(node)
            // cmark 0.30 places an autolink (`<javascript:…>`) on a paragraph's second line
            // too far right; its text, one column in, is placed right.
            if cmark_node_get_type(node) == CMARK_NODE_LINK, let text = cmark_node_first_child(node), cmark_node_get_start_line(text) > 0 {
                line = cmark_node_get_start_line(text)
                column = cmark_node_get_start_column(text) - 1
            }
            return Finding(kind: kind, line: Int(line), column: columns.column(line: Int(line), byte: Int(column)))
        }
        // Raw HTML goes before rendering, so safe mode leaves no comment in its place; one
        // finding a line (`<b>x</b>` is two nodes, one mistake).
        var linesWithHTML: Set<Int32> = []
        for node in rawHTML {
            if linesWithHTML.insert(cmark_node_get_start_line(node)).inserted { findings.append(finding(.rawHTML, at: node)) }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        for heading in headings {
            cmark_node_set_heading_level(heading, min(6, cmark_node_get_heading_level(heading) + 1))
        }
        for link in links {
            switch rules.link(string(cmark_node_get_url(link))) {
            case .keep:
                break
            case .unfollowed:
                findings.append(finding(.unsafeLink, at: link))
                wrap(link, in: nil)  // only web and relative links are followed: the text stays, the link goes
            case .external(let href):
                wrap(link, in: anchor(href, title: string(cmark_node_get_title(link))))
            }
        }
        var locals: [LocalImage] = []
        for image in images {
            let url = string(cmark_node_get_url(image))
            switch rules.image(url) {
            case .keep:
                break
            case .local:
                let place = finding(.dataImage, at: image)
                locals.append(
                    LocalImage(url: url, alt: childText(image), title: string(cmark_node_get_title(image)), line: place.line, column: place.column)
                )
                replace(image, by: placeholder(locals.count - 1))
            case .data:
                findings.append(finding(.dataImage, at: image))
                wrap(image, in: nil)
            case .external(let href):
                findings.append(finding(.externalImage, at: image))
                wrap(image, in: href.map { anchor($0, title: nil) })
            }
        }

        guard let raw = cmark_render_html(document, options(smartPunctuation: smartPunctuation)) else {
            return Output(html: "", text: text.string, findings: findings, images: locals)
        }
        defer { free(raw) }
        return Output(html: String(cString: raw), text: text.string, findings: findings, images: locals)
    }

    /// One piece of what a reader gets from a story, in reading order, as cmark read it.
    package struct ReaderNode: Sendable {
        package enum Kind: Sendable {
            /// Text, and the code of a code span: shown inline.
            case text, code
            /// A code block's lines, shown as written.
            case codeBlock
            /// A line break inside a paragraph (soft or hard): a space to a reader.
            case lineBreak
            /// The end of a paragraph, heading, item or other block.
            case blockEnd
            /// Where a link or an image points, and its title: what hovering, following
            /// or a feed reader shows.
            case destination, title
        }

        package var kind: Kind
        package var literal: String
        /// Where cmark places it: the 1-based line, and the 1-based byte column, which is
        /// exact on a block's first line and may be short of the text after it (cmark does
        /// not count the indentation of a paragraph's later lines). For a destination and a
        /// title: the place of the link. 0 when cmark gives none (breaks, block ends).
        package var line: Int
        package var column: Int
        /// The last line of the node (code blocks: their last line).
        package var endLine: Int
    }

    /// The text a reader gets from `body`, piece by piece: what the page shows (raw HTML is
    /// left out, as the renderer leaves it out) and where links and images point.
    package static func readerNodes(_ body: String, smartPunctuation: Bool) -> [ReaderNode] {
        guard let document = parse(body, smartPunctuation: smartPunctuation) else { return [] }
        defer { cmark_node_free(document) }
        var nodes: [ReaderNode] = []
        func add(_ kind: ReaderNode.Kind, _ literal: String, _ node: OpaquePointer) {
            nodes.append(
                ReaderNode(
                    kind: kind,
                    literal: literal,
                    line: Int(cmark_node_get_start_line(node)),
                    column: Int(cmark_node_get_start_column(node)),
                    endLine: Int(cmark_node_get_end_line(node))
                )
            )
        }
        walk(document) { node, type, entering in
            if entering {
                switch type {
                case CMARK_NODE_TEXT: add(.text, string(cmark_node_get_literal(node)), node)
                case CMARK_NODE_CODE: add(.code, string(cmark_node_get_literal(node)), node)
                case CMARK_NODE_CODE_BLOCK:
                    add(.codeBlock, string(cmark_node_get_literal(node)), node)
                    nodes.append(ReaderNode(kind: .blockEnd, literal: "", line: 0, column: 0, endLine: 0))
                case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                    nodes.append(ReaderNode(kind: .lineBreak, literal: "", line: 0, column: 0, endLine: 0))
                case CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK:
                    nodes.append(ReaderNode(kind: .blockEnd, literal: "", line: 0, column: 0, endLine: 0))
                default:
                    break
                }
            } else {
                switch type {
                case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                    let url = string(cmark_node_get_url(node))
                    // An autolink's text is its address: read once.
                    let child = cmark_node_first_child(node)
                    let text = child.map { string(cmark_node_get_literal($0)) }
                    let isAutolink = child != nil && cmark_node_next(child) == nil && (text == url || "mailto:" + (text ?? "") == url)
                    if !url.isEmpty && !isAutolink { add(.destination, url, node) }
                    let title = string(cmark_node_get_title(node))
                    if !title.isEmpty { add(.title, title, node) }
                case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST:
                    nodes.append(ReaderNode(kind: .blockEnd, literal: "", line: 0, column: 0, endLine: 0))
                default:
                    break
                }
            }
        }
        return nodes
    }

    /// The opening and closing tags of a link out of the site (`href` already escaped).
    private static func anchor(_ href: String, title: String?) -> (String, String) {
        var open = "<a href=\"\(href)\" rel=\"\(externalRel)\""
        if let title, !title.isEmpty { open += " title=\"\(HTML.escape(title))\"" }
        return (open + ">", "</a>")
    }

    /// Replaces `node` by a custom inline holding its children, framed by `tags` (or by
    /// nothing, which leaves just the children: an image's alt text).
    private static func wrap(_ node: OpaquePointer, in tags: (String, String)?) {
        guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return }
        cmark_node_set_on_enter(custom, tags?.0 ?? "")
        cmark_node_set_on_exit(custom, tags?.1 ?? "")
        while let child = cmark_node_first_child(node) {
            cmark_node_unlink(child)
            cmark_node_append_child(custom, child)
        }
        cmark_node_insert_before(node, custom)
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// Replaces `node` and its children by `html`.
    private static func replace(_ node: OpaquePointer, by html: String) {
        guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return }
        cmark_node_set_on_enter(custom, html)
        cmark_node_set_on_exit(custom, "")
        cmark_node_insert_before(node, custom)
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// `body` parsed by cmark (UTF-8 validated, smart punctuation if asked); the caller frees it.
    private static func parse(_ body: String, smartPunctuation: Bool) -> OpaquePointer? {
        let options = options(smartPunctuation: smartPunctuation)
        var source = body
        return source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, options) }
        }
    }

    /// cmark's options for parsing and rendering: UTF-8 validated, never CMARK_OPT_UNSAFE.
    private static func options(smartPunctuation: Bool) -> Int32 {
        smartPunctuation ? CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART : CMARK_OPT_VALIDATE_UTF8
    }

    /// Visits every node of `document` in order, once entering and once leaving (a leaf node
    /// only entering). The tree must not change during the walk.
    private static func walk(_ document: OpaquePointer, _ visit: (OpaquePointer, cmark_node_type, _ entering: Bool) -> Void) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_ENTER || event == CMARK_EVENT_EXIT {
                visit(node, cmark_node_get_type(node), event == CMARK_EVENT_ENTER)
            }
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

/// cmark counts columns in UTF-8 bytes; diagnostics count characters.
private struct CharacterColumns {
    private let lines: [ArraySlice<UInt8>]

    init(_ text: String) {
        lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    }

    /// The 1-based character column of the 1-based byte column `byte` on `line`.
    func column(line: Int, byte: Int) -> Int {
        guard line >= 1, line <= lines.count, byte > 1 else { return max(byte, 0) }
        let bytes = lines[line - 1]
        let end = min(bytes.startIndex + byte - 1, bytes.endIndex)
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self).count + 1
    }
}

/// Text gathered from the tree as UTF-8 bytes, white space folded as it comes in.
private struct PlainText {
    private var bytes: [UInt8] = []
    private var pendingSpace = false

    mutating func append(_ literal: UnsafePointer<CChar>?) {
        guard var pointer = literal else { return }
        while pointer.pointee != 0 {
            let byte = UInt8(bitPattern: pointer.pointee)
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                pendingSpace = true
            } else {
                if pendingSpace, !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
            }
            pointer += 1
        }
    }

    mutating func space() {
        pendingSpace = true
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
