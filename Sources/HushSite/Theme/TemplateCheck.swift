internal import Foundation
internal import HushCore

/// What a theme's templates are checked for when they are loaded, since every value is
/// escaped but escaping does not make a URL safe: a text value in a URL attribute
/// (`href="{{title}}"`) would make a story's `javascript:…` a live link, and a page without
/// hush's Content-Security-Policy would let a browser run a script that got in.
enum TemplateCheck {
    /// Attributes a browser follows as URLs.
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "srcset", "poster", "cite", "data", "background", "ping", "xlink:href", "manifest",
        "longdesc", "codebase", "archive", "icon", "lowsrc", "dynsrc", "imagesrcset",
    ]

    /// `<meta property=…>` and `<meta name=…>` whose `content` is a URL, and refresh.
    static let urlMetaNames: Set<String> = [
        "og:url", "og:image", "og:image:url", "og:image:secure_url", "og:video", "og:audio", "twitter:image", "twitter:url", "msapplication-config",
    ]

    /// One warning for each text value in a URL attribute of `text` (a template file shown as
    /// `file`), at the value's line and column.
    static func urlAttributeProblems(in text: String, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for tag in tags(in: text) {
            let attributes = attributes(of: tag.text)
            let isURLMeta = attributes.contains { attribute in
                let value = attribute.value.lowercased().trimmingCharacters(in: .whitespaces)
                return (["property", "name", "itemprop"].contains(attribute.name) && urlMetaNames.contains(value))
                    || (attribute.name == "http-equiv" && value == "refresh")
            }
            for attribute in attributes where urlAttributes.contains(attribute.name) || (isURLMeta && attribute.name == "content") {
                for variable in variables(in: attribute.value) where !TemplateValue.isURLName(variable.name) {
                    let offset = tag.offset + attribute.valueOffset + variable.offset
                    let (line, column) = place(of: offset, in: text)
                    diagnostics.append(
                        Diagnostic(
                            .templateTextInURL,
                            "{{\(variable.name)}} is text, not a URL, in the \(attribute.name) attribute: a story's words there could become a javascript: link; use a URL value (url, urls.*, asset.*, …) or move the text out of the attribute",
                            file: file,
                            line: line,
                            column: column,
                            sourceLine: .template(Substring.lines(of: text)[line - 1])
                        )
                    )
                }
            }
        }
        return diagnostics
    }

    /// True when `text` holds `<meta http-equiv="Content-Security-Policy" content="{{csp}}">`.
    static func hasPolicy(_ text: String) -> Bool {
        tags(in: text).contains { tag in
            let attributes = attributes(of: tag.text)
            let isPolicy = attributes.contains { $0.name == "http-equiv" && $0.value.lowercased() == "content-security-policy" }
            return isPolicy && attributes.contains { $0.name == "content" && $0.value.replacingOccurrences(of: " ", with: "") == "{{csp}}" }
        }
    }

    /// A template's text with its partials (`{{> name}}`) put in, as deep as they go (a
    /// partial that includes itself stops at the tenth level).
    static func expanded(_ name: String, templates: [String: String], depth: Int = 0) -> String {
        guard let text = templates[name], depth < 10 else { return "" }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{>") ?? rest.range(of: "{{<") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let partial = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += expanded(partial, templates: templates, depth: depth + 1)
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    // MARK: Reading HTML in a template

    struct Tag {
        /// The tag's text from its `<` to its `>`, and where it starts in the template (UTF-8 offset).
        var text: Substring
        var offset: Int
    }

    /// Every start tag (`<a …>`): from a `<` and a letter to the `>` that is outside quotes and
    /// outside `{{…}}`.
    static func tags(in text: String) -> [Tag] {
        let bytes = Array(text.utf8)
        var tags: [Tag] = []
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), isLetter(bytes[index + 1]) else {
                index += 1
                continue
            }
            var end = index + 1
            var quote: UInt8?
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "{"), end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: "{") {
                    var close = end + 2
                    while close + 1 < bytes.count, !(bytes[close] == UInt8(ascii: "}") && bytes[close + 1] == UInt8(ascii: "}")) { close += 1 }
                    end = close + 2
                    continue
                }
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                end += 1
            }
            let slice = String(decoding: bytes[index..<min(end + 1, bytes.count)], as: UTF8.self)
            tags.append(Tag(text: Substring(slice), offset: index))
            index = end + 1
        }
        return tags
    }

    struct Attribute {
        var name: String
        var value: String
        /// Where the value starts in the tag's text (UTF-8 offset).
        var valueOffset: Int
    }

    /// The attributes of a start tag, names lower-cased; `{{…}}` between them is skipped.
    static func attributes(of tag: Substring) -> [Attribute] {
        let bytes = Array(tag.utf8)
        var attributes: [Attribute] = []
        var index = 1
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }  // the tag's name
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "}") && bytes[index + 1] == UInt8(ascii: "}")) { index += 1 }
                index += 2
                continue
            }
            guard isNameByte(byte) else {
                index += 1
                continue
            }
            let nameStart = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            var cursor = index
            while cursor < bytes.count,
                bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\n") || bytes[cursor] == UInt8(ascii: "\t")
            {
                cursor += 1
            }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < bytes.count,
                bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\n") || bytes[cursor] == UInt8(ascii: "\t")
            {
                cursor += 1
            }
            guard cursor < bytes.count else { break }
            var valueStart = cursor
            var valueEnd: Int
            if bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                let quote = bytes[cursor]
                valueStart = cursor + 1
                valueEnd = valueStart
                while valueEnd < bytes.count, bytes[valueEnd] != quote { valueEnd += 1 }
                index = valueEnd + 1
            } else {
                valueEnd = cursor
                while valueEnd < bytes.count, bytes[valueEnd] != UInt8(ascii: " "), bytes[valueEnd] != UInt8(ascii: ">"),
                    bytes[valueEnd] != UInt8(ascii: "\n")
                {
                    valueEnd += 1
                }
                index = valueEnd
            }
            attributes.append(Attribute(name: name, value: String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self), valueOffset: valueStart))
        }
        return attributes
    }

    /// The values (`{{name}}`, `{{{name}}}`, `{{& name}}`) in an attribute's value, with their
    /// UTF-8 offsets; sections, comments and partials are not values.
    static func variables(in value: String) -> [(name: String, offset: Int)] {
        var found: [(String, Int)] = []
        var rest = Substring(value)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var inner = rest[open.upperBound..<close.lowerBound]
            let offset = value.utf8.distance(from: value.startIndex, to: open.lowerBound)
            rest = rest[close.upperBound...]
            if rest.hasPrefix("}") { rest = rest.dropFirst() }
            if inner.hasPrefix("{") { inner = inner.dropFirst() }
            if inner.hasPrefix("&") { inner = inner.dropFirst() }
            let name = inner.trimmingCharacters(in: .whitespaces)
            guard let first = name.first, !"#/^!>$<=".contains(first) else { continue }
            found.append((name, offset))
        }
        return found
    }

    /// 1-based line and column (in characters) of a UTF-8 offset.
    static func place(of offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for (index, byte) in text.utf8.prefix(offset).enumerated() where byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: Array(text.utf8)[lineStart..<offset], as: UTF8.self).count + 1
        return (line, column)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
    }
}
