internal import CCmark
package import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that talks to cmark. A story body goes in; safe HTML, its plain text and
/// findings about what was made safe come out. No C type leaves this file.
///
/// Safety: cmark's safe mode (the default; `CMARK_OPT_UNSAFE` is never set) drops raw HTML
/// and dangerous URLs. Raw HTML is taken out of the tree before rendering, so the page does
/// not keep safe mode's `<!-- raw HTML omitted -->` either, and each place is a finding; a
/// link whose target may not be followed keeps its text and is a finding. On top of that,
/// links out of the site get
/// `rel="noopener noreferrer nofollow"`, images from other origins become plain links and
/// `data:` images become their alt text, and headings move down a level under the page's h1.
enum Markdown {
    struct Output: Sendable {
        var html: String
        /// The text of the body without markup, every run of white space one space.
        var text: String
        var findings: [Finding]
    }

    /// Something the renderer changed that the writer should know about.
    struct Finding: Sendable {
        enum Kind: Sendable {
            case externalImage
            case dataImage
            /// Raw HTML (a tag, a block, a comment): left out of the page.
            case rawHTML
            /// A link to a `javascript:`, `data:`, `mailto:` or other non-web address: its text stays, the link goes.
            case unsafeLink
        }

        var kind: Kind
        /// Line and column inside the body (1-based; the column in characters).
        var line: Int
        var column: Int
    }

    /// Attributes of every link that leaves the site.
    static let externalRel = "noopener noreferrer nofollow"

    static func render(_ body: String, smartPunctuation: Bool, siteHost: String?) -> Output {
        var options = CMARK_OPT_VALIDATE_UTF8
        if smartPunctuation { options |= CMARK_OPT_SMART }
        var source = body
        let parsed: OpaquePointer? = source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, options) }
        }
        guard let document = parsed else { return Output(html: "", text: "", findings: []) }
        defer { cmark_node_free(document) }

        var text = PlainText()
        var findings: [Finding] = []
        var links: [OpaquePointer] = []
        var images: [OpaquePointer] = []
        var headings: [OpaquePointer] = []
        var rawHTML: [OpaquePointer] = []

        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if event == CMARK_EVENT_ENTER {
                    switch type {
                    case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                        text.append(cmark_node_get_literal(node))
                    case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                        text.space()
                    case CMARK_NODE_LINK:
                        links.append(node)
                    case CMARK_NODE_IMAGE:
                        images.append(node)
                    case CMARK_NODE_HEADING:
                        headings.append(node)
                    case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                        rawHTML.append(node)
                    default:
                        break
                    }
                } else if event == CMARK_EVENT_EXIT {
                    switch type {
                    case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_CODE_BLOCK:
                        text.space()
                    default:
                        break
                    }
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
            let url = string(cmark_node_get_url(link))
            if !URLSafety.isSafeLinkTarget(url) {
                findings.append(finding(.unsafeLink, at: link))
                wrap(link, in: nil)  // only web and relative links are followed: the text stays, the link goes
            } else if URLSafety.isExternal(url, siteHost: siteHost) {
                wrap(link, in: anchor(url, title: string(cmark_node_get_title(link))))
            }
        }
        for image in images {
            let url = string(cmark_node_get_url(image))
            if URLSafety.hasScheme(url, "data") {
                findings.append(finding(.dataImage, at: image))
                wrap(image, in: nil)
            } else if URLSafety.isExternal(url, siteHost: siteHost) || URLSafety.hasScheme(url, "http") || URLSafety.hasScheme(url, "https") {
                findings.append(finding(.externalImage, at: image))
                wrap(image, in: URLSafety.isSafeLinkTarget(url) ? anchor(url, title: nil) : nil)
            }
        }

        guard let raw = cmark_render_html(document, options) else { return Output(html: "", text: text.string, findings: findings) }
        defer { free(raw) }
        return Output(html: String(cString: raw), text: text.string, findings: findings)
    }

    /// The opening and closing tags of a link out of the site.
    private static func anchor(_ url: String, title: String?) -> (String, String) {
        var open = "<a href=\"\(URLSafety.escapeHref(url))\" rel=\"\(externalRel)\""
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
