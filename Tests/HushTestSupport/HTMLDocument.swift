// A small HTML reader for tests: enough of the HTML parsing rules to see a built page the
// way a browser sees its tags, attributes and text, so promises ("no inline script", "the
// story's element says dir=rtl") are checked on structure, not on how a template spells it.

/// One attribute of a tag: its name lower-cased, its value with character references decoded.
package struct HTMLAttribute: Sendable, Equatable {
    package let name: String
    package let value: String
}

/// A parsed page: elements and text runs in document order, each knowing its parent.
package struct HTMLDocument: Sendable {
    package struct Node: Sendable {
        /// The element name, lower-cased; `#text` for a run of text.
        package let name: String
        package let attributes: [HTMLAttribute]
        /// Index of the enclosing element in `nodes`; nil at the top.
        package let parent: Int?
        /// For `#text`: the text, decoded. For `script` and `style`: their raw content.
        package let text: String
        /// The start tag as written (for messages).
        package let source: String
        /// 1-based line of the start tag in the page (for messages).
        package let line: Int

        package var isElement: Bool { name != "#text" }

        /// The value of `name`, decoded; nil when the tag has no such attribute.
        package func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }

        /// The `class` attribute split into its classes.
        package var classes: [String] {
            (attribute("class") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        }
    }

    package private(set) var nodes: [Node] = []

    /// Elements that never have content or an end tag.
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]
    /// Elements whose content is text up to their end tag, never tags.
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title"]

    package init(_ html: String) {
        let bytes = Array(html.utf8)
        var stack: [Int] = []
        var index = 0
        var line = 1
        var textStart = 0

        func advanceLines(_ from: Int, _ to: Int) {
            guard from < to else { return }
            for position in from..<min(to, bytes.count) where bytes[position] == UInt8(ascii: "\n") { line += 1 }
        }
        func flushText(upTo end: Int) {
            guard end > textStart else { return }
            let raw = String(decoding: bytes[textStart..<end], as: UTF8.self)
            nodes.append(Node(name: "#text", attributes: [], parent: stack.last, text: decodeCharacterReferences(raw), source: raw, line: line))
            advanceLines(textStart, end)
            textStart = end
        }
        func find(_ needle: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Int? {
            guard needle.count <= bytes.count else { return nil }
            var position = start
            while position + needle.count <= bytes.count {
                var matches = true
                for offset in 0..<needle.count {
                    let a = bytes[position + offset]
                    let b = needle[offset]
                    if a == b { continue }
                    if caseInsensitive, lowerASCII(a) == lowerASCII(b) { continue }
                    matches = false
                    break
                }
                if matches { return position }
                position += 1
            }
            return nil
        }

        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                // Comment, doctype or processing instruction.
                flushText(upTo: index)
                let end: Int
                if find(Array("<!--".utf8), from: index) == index, let close = find(Array("-->".utf8), from: index + 4) {
                    end = close + 3
                } else {
                    end = (find([UInt8(ascii: ">")], from: index) ?? (bytes.count - 1)) + 1
                }
                advanceLines(index, end)
                index = end
                textStart = index
                continue
            }
            if next == UInt8(ascii: "/") {
                // End tag: close the innermost open element of that name, and any inside it.
                flushText(upTo: index)
                let end = (find([UInt8(ascii: ">")], from: index) ?? (bytes.count - 1)) + 1
                let name = String(decoding: bytes[(index + 2)..<max(index + 2, end - 1)], as: UTF8.self)
                    .trimmingWhitespace().lowercased()
                if let open = stack.lastIndex(where: { nodes[$0].name == name }) { stack.removeSubrange(open...) }
                advanceLines(index, end)
                index = end
                textStart = index
                continue
            }
            guard isASCIILetter(next) else {
                index += 1
                continue
            }
            flushText(upTo: index)
            let tagLine = line
            // The tag name.
            var position = index + 1
            while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"), bytes[position] != UInt8(ascii: "/") {
                position += 1
            }
            let name = String(decoding: bytes[(index + 1)..<position], as: UTF8.self).lowercased()
            // Attributes, as the HTML tokenizer reads them.
            var attributes: [HTMLAttribute] = []
            var selfClosing = false
            while position < bytes.count {
                while position < bytes.count, isSpace(bytes[position]) || bytes[position] == UInt8(ascii: "/") {
                    if bytes[position] == UInt8(ascii: "/") { selfClosing = true }
                    position += 1
                }
                guard position < bytes.count, bytes[position] != UInt8(ascii: ">") else { break }
                selfClosing = false
                let nameStart = position
                position += 1  // the first character may be anything, even "="
                while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: "="),
                    bytes[position] != UInt8(ascii: ">"), bytes[position] != UInt8(ascii: "/")
                {
                    position += 1
                }
                let attributeName = String(decoding: bytes[nameStart..<position], as: UTF8.self).lowercased()
                var valueEnd = position
                while valueEnd < bytes.count, isSpace(bytes[valueEnd]) { valueEnd += 1 }
                var value = ""
                if valueEnd < bytes.count, bytes[valueEnd] == UInt8(ascii: "=") {
                    position = valueEnd + 1
                    while position < bytes.count, isSpace(bytes[position]) { position += 1 }
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                        let quote = bytes[position]
                        let start = position + 1
                        let close = find([quote], from: start) ?? bytes.count
                        value = String(decoding: bytes[start..<close], as: UTF8.self)
                        position = min(bytes.count, close + 1)
                    } else {
                        let start = position
                        while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") { position += 1 }
                        value = String(decoding: bytes[start..<position], as: UTF8.self)
                    }
                }
                if !attributes.contains(where: { $0.name == attributeName }) {
                    attributes.append(HTMLAttribute(name: attributeName, value: decodeCharacterReferences(value)))
                }
            }
            let tagEnd = min(bytes.count, position + 1)
            let source = String(decoding: bytes[index..<tagEnd], as: UTF8.self)
            advanceLines(index, tagEnd)
            index = tagEnd
            var text = ""
            if Self.rawTextElements.contains(name) {
                let close = find(Array("</\(name)".utf8), from: index, caseInsensitive: true) ?? bytes.count
                let raw = String(decoding: bytes[index..<close], as: UTF8.self)
                text = name == "script" || name == "style" ? raw : decodeCharacterReferences(raw)
                advanceLines(index, close)
                index = close
            }
            nodes.append(Node(name: name, attributes: attributes, parent: stack.last, text: text, source: source, line: tagLine))
            if !Self.voidElements.contains(name), !selfClosing, !Self.rawTextElements.contains(name) {
                stack.append(nodes.count - 1)
            }
            textStart = index
        }
        flushText(upTo: bytes.count)
    }

    /// Every element (not text) with its index, in document order.
    package var elements: [(index: Int, node: Node)] {
        nodes.indices.filter { nodes[$0].isElement }.map { ($0, nodes[$0]) }
    }

    /// The elements named `name`.
    package func elements(named name: String) -> [Node] {
        nodes.filter { $0.name == name }
    }

    /// Indices of the elements around node `index`, innermost first.
    package func ancestors(of index: Int) -> [Int] {
        var result: [Int] = []
        var current = nodes[index].parent
        while let parent = current {
            result.append(parent)
            current = nodes[parent].parent
        }
        return result
    }

    /// The value of `attribute` on node `index` or the nearest element around it that has
    /// one: what `lang` and `dir` mean for an element, since both are inherited.
    package func inherited(_ attribute: String, at index: Int) -> String? {
        for candidate in [index] + ancestors(of: index) {
            if let value = nodes[candidate].attribute(attribute) { return value }
        }
        return nil
    }

    /// The text inside node `index` (its own text for raw-text elements), decoded.
    package func textContent(of index: Int) -> String {
        let node = nodes[index]
        if node.isElement, Self.rawTextElements.contains(node.name) { return node.text }
        var text = ""
        var candidate = index + 1
        // A node's descendants follow it directly in document order.
        while candidate < nodes.count, ancestors(of: candidate).contains(index) {
            if !nodes[candidate].isElement || nodes[candidate].name == "title" || nodes[candidate].name == "textarea" {
                text += nodes[candidate].text
            }
            candidate += 1
        }
        return text
    }

    /// All the text a reader sees (and `<title>`), decoded, without any markup.
    package var text: String {
        nodes.filter { $0.name == "#text" || $0.name == "title" }.map(\.text).joined()
    }
}

private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
}

private func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
}

private func lowerASCII(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars.drop { $0 == " " || $0 == "\n" || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\n" || $0 == "\t" }
            .reversed()
        return String(String.UnicodeScalarView(scalars))
    }
}

/// `&amp;`, `&lt;`, `&#39;`, `&#x27;`… decoded as a browser decodes them in text and attributes
/// (the named references hush and cmark write, and every numeric one).
package func decodeCharacterReferences(_ text: String) -> String {
    guard text.contains("&") else { return text }
    let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "colon": ":", "tab": "\t", "newline": "\n",
        "lpar": "(", "rpar": ")", "sol": "/", "period": ".", "commat": "@",
    ]
    var out = ""
    var rest = text[...]
    while let amp = rest.firstIndex(of: "&") {
        out += rest[..<amp]
        let after = rest[rest.index(after: amp)...]
        let body = after.prefix { $0 != ";" && $0 != "&" && $0 != " " && $0 != "<" && $0.unicodeScalars.allSatisfy { $0.isASCII } }
        let end = body.endIndex
        guard end < after.endIndex, after[end] == ";" else {
            out += "&"
            rest = after
            continue
        }
        var decoded: String?
        if body.hasPrefix("#x") || body.hasPrefix("#X") {
            decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        } else if body.hasPrefix("#") {
            decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        } else {
            decoded = named[String(body)]
        }
        if let decoded {
            out += decoded
            rest = after[after.index(after: end)...]
        } else {
            out += "&"
            rest = after
        }
    }
    return out + rest
}
