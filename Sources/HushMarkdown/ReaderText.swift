// What a reader reads of a story body, as one text, with the place in the body every byte of
// it came from. cmark (Markdown.swift) says what the pieces are; this file puts them together
// the way a browser shows them and finds each piece in the source again, since cmark's own
// places are only exact on a block's first line.

/// The text a reader gets from a markdown body: the rendered page's text (markup gone, raw
/// HTML left out as the renderer leaves it out, character references and escapes decoded),
/// each line break inside a paragraph and each run of white space one space, each block on
/// a line of its own, then where each link and image points and its title, on lines of
/// their own. Every byte remembers the source bytes it came from, so the guard can report
/// (and redact) what it finds at its place in the file.
package struct ReaderText: Sendable {
    /// What a reader reads.
    package let text: String
    /// For every byte of `text`: the source bytes it came from.
    private let starts: [Int32]
    private let ends: [Int32]

    package init(_ body: String, smartPunctuation: Bool) {
        var builder = Builder(source: Array(body.utf8))
        for node in Markdown.readerNodes(body, smartPunctuation: smartPunctuation) {
            builder.add(node)
        }
        text = String(decoding: builder.out, as: UTF8.self)
        starts = builder.starts
        ends = builder.ends
    }

    /// The source bytes (UTF-8 offsets in the body) a range of `text` came from.
    package func sourceRange(of range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty, range.lowerBound < starts.count else { return range }
        let last = min(range.upperBound, ends.count) - 1
        let lower = Int(starts[range.lowerBound])
        return lower..<max(lower, Int(ends[last]))
    }
}

extension ReaderText {
    /// Puts the pieces together and finds each in the source.
    private struct Builder {
        let source: [UInt8]
        /// Where each line of the source starts.
        let lineStarts: [Int]
        var out: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        /// A space or a line break waiting for the next visible byte, where it came from, and
        /// whether it is a line wrap inside a paragraph.
        var pending: (byte: UInt8, from: Int, to: Int, wrap: Bool)?
        /// The source offset just past the last piece found: the next piece is after it.
        var cursor = 0

        init(source: [UInt8]) {
            self.source = source
            var lineStarts = [0]
            for (offset, byte) in source.enumerated() where byte == 0x0A { lineStarts.append(offset + 1) }
            self.lineStarts = lineStarts
            out.reserveCapacity(source.count)
            starts.reserveCapacity(source.count)
            ends.reserveCapacity(source.count)
        }

        mutating func add(_ node: Markdown.ReaderNode) {
            switch node.kind {
            case .lineBreak:
                separate(0x20, at: cursor, wrap: true)
            case .blockEnd:
                separate(0x0A, at: cursor)
            case .text, .code, .codeBlock:
                append(node)
            case .destination, .title:
                // An address as a browser shows it: `%40` is `@`.
                var piece = node
                if node.kind == .destination { piece.literal = Self.percentDecoded(node.literal) }
                // Not found by its link: a reference link's, written in its definition,
                // where the source is read as it is written.
                guard find(Array(piece.literal.utf8), piece, fallback: false) != nil else { return }
                separate(0x0A, at: cursor)
                append(piece)
                separate(0x0A, at: cursor)
            }
        }

        /// A space (0x20) or a line break (0x0A) before the next visible byte; a line break
        /// wins over a space, and nothing starts the text.
        private mutating func separate(_ byte: UInt8, at offset: Int, wrap: Bool = false) {
            guard !out.isEmpty else { return }
            if let waiting = pending, waiting.byte == 0x0A || byte == 0x20 { return }
            let place = min(offset, max(source.count - 1, 0))
            pending = (byte, place, min(place + 1, source.count), wrap)
        }

        /// Writes the space or line break waiting before `next`. A line wrap right after a
        /// joining mark (`415-555-⏎2671`, `jane_⏎doe`, `jane@⏎gmail.com`) or right before `@`
        /// is how hard-wrapped text splits one value: it is read joined. (Not after a dot:
        /// that is the end of a sentence.)
        private mutating func flush(before next: UInt8) {
            guard let waiting = pending else { return }
            pending = nil
            if waiting.wrap, let last = out.last, [0x2D, 0x2F, 0x40, 0x5F].contains(last) || next == 0x40 {
                return
            }
            out.append(waiting.byte)
            starts.append(Int32(truncatingIfNeeded: waiting.from))
            ends.append(Int32(truncatingIfNeeded: waiting.to))
        }

        private mutating func append(_ node: Markdown.ReaderNode) {
            let literal = Array(node.literal.utf8)
            guard !literal.isEmpty else { return }
            let places = find(literal, node)
            guard !places.isEmpty else { return }
            for (k, byte) in literal.enumerated() {
                let place = places[k]
                if byte == 0x20 || byte == 0x09 || byte == 0x0D || (byte == 0x0A && node.kind != .codeBlock) {
                    separate(0x20, at: place.lowerBound)
                } else if byte == 0x0A {
                    separate(0x0A, at: place.lowerBound)
                } else {
                    flush(before: byte)
                    out.append(byte)
                    starts.append(Int32(truncatingIfNeeded: place.lowerBound))
                    ends.append(Int32(truncatingIfNeeded: place.upperBound))
                }
            }
            if let last = places.last { cursor = max(cursor, last.upperBound) }
        }

        // MARK: Finding a piece in the source

        /// The source bytes of every byte of `literal`: found from cmark's place (and after the
        /// previous piece on the same line), else anywhere on its line, else all at cmark's place.
        private func find(_ literal: [UInt8], _ node: Markdown.ReaderNode) -> [Range<Int>] {
            find(literal, node, fallback: true) ?? []
        }

        /// As `find`, or nil when it is not found and `fallback` is false.
        private func find(_ literal: [UInt8], _ node: Markdown.ReaderNode, fallback: Bool) -> [Range<Int>]? {
            let line = min(max(node.line, 1), lineStarts.count) - 1
            let lineStart = lineStarts[line]
            let lastLine = min(max(node.endLine, node.line, 1), lineStarts.count) - 1
            let searchEnd = lastLine + 1 < lineStarts.count ? lineStarts[lastLine + 1] : source.count
            let hint = min(lineStart + max(node.column - 1, 0), searchEnd)
            var from = hint
            if cursor > from && cursor <= searchEnd { from = cursor }
            // A budget of byte comparisons keeps a piece that cannot be found (text cmark
            // made in a way `match` does not know) from costing its line's length again and
            // again: past it, the piece takes cmark's place.
            var budget = 16 * literal.count + 4096
            func attempt(_ starts: Range<Int>) -> [Range<Int>]? {
                for start in starts {
                    budget -= 1
                    guard budget > 0 else { return nil }
                    guard Self.mayStart(source[start], literal[0]) else { continue }
                    if let places = match(literal, at: start, budget: &budget) { return places }
                }
                return nil
            }
            if let places = attempt(from..<max(from, searchEnd)) ?? attempt(lineStart..<min(from, searchEnd)) { return places }
            guard fallback else { return nil }
            let place = min(hint, max(source.count - 1, 0))
            return Array(repeating: place..<min(place + 1, source.count), count: literal.count)
        }

        /// The places of `literal`'s bytes if it is written at `start`: byte for byte, through
        /// backslash escapes, character references, smart punctuation, and across the line
        /// ends (and the `>` and indentation after them) of code spans and code blocks.
        private func match(_ literal: [UInt8], at start: Int, budget: inout Int) -> [Range<Int>]? {
            var places: [Range<Int>] = []
            places.reserveCapacity(literal.count)
            var k = 0
            var j = start
            let n = source.count
            while k < literal.count {
                budget -= 1
                guard j < n, budget > 0 else { return nil }
                let c = literal[k]
                let b = source[j]
                if b == 0x26, let (length, decoded) = Self.characterReference(in: source, at: j) {
                    // A reference the table does not know stands for one character; one that
                    // is not decoded (in code) is matched byte for byte below.
                    var count = decoded.map { literal[k...].starts(with: $0) ? $0.count : 0 } ?? Self.scalarLength(c)
                    // Some stand for two characters (`&NotEqualTilde;`): take what does not follow in the source.
                    while decoded == nil, k + count < literal.count, literal[k + count] >= 0x80,
                        j + length >= n || literal[k + count] != source[j + length]
                    {
                        count += Self.scalarLength(literal[k + count])
                    }
                    if count > 0 && !(decoded == nil && c == 0x26) {
                        places += Array(repeating: j..<(j + length), count: min(count, literal.count - k))
                        k += count
                        j += length
                        continue
                    }
                }
                if b == 0x5C, j + 1 < n, source[j + 1] == c, Self.isASCIIPunctuation(c) {
                    places.append(j..<(j + 2))
                    k += 1
                    j += 2
                    continue
                }
                if b == c || ((c == 0x20 || c == 0x09) && (b == 0x0A || b == 0x09)) {
                    places.append(j..<(j + 1))
                    k += 1
                    // One tab may stand for several spaces.
                    if !(b == 0x09 && c == 0x20 && k < literal.count && literal[k] == 0x20) { j += 1 }
                    if b == 0x0A {
                        while j < n, source[j] == 0x20 || source[j] == 0x09 || source[j] == 0x3E, k >= literal.count || source[j] != literal[k] {
                            j += 1
                        }
                    }
                    continue
                }
                if b == 0x0D {
                    j += 1
                    continue
                }
                if b == 0x25, j + 2 < n, let value = Self.hexByte(source[j + 1], source[j + 2]), value == c {
                    places.append(j..<(j + 3))
                    k += 1
                    j += 3
                    continue
                }
                if c == 0xE2, k + 2 < literal.count, literal[k + 1] == 0x80, let length = smartLength(literal[k + 2], at: j) {
                    places += Array(repeating: j..<(j + length), count: 3)
                    k += 3
                    j += length
                    continue
                }
                return nil
            }
            return places
        }

        /// Whether a piece starting with `first` may be written at a source byte `byte`: the
        /// same byte, or the start of a reference, an escape, a line end or what smart
        /// punctuation turns into another character.
        private static func mayStart(_ byte: UInt8, _ first: UInt8) -> Bool {
            byte == first || first <= 0x20 || [0x26, 0x5C, 0x0A, 0x0D, 0x09, 0x27, 0x22, 0x2D, 0x2E].contains(byte)
        }

        /// How many source bytes at `j` smart punctuation turned into U+2018…U+2026 (whose
        /// last UTF-8 byte is `last`), or nil.
        private func smartLength(_ last: UInt8, at j: Int) -> Int? {
            func written(_ text: String) -> Bool { source[j...].starts(with: text.utf8) }
            switch last {
            case 0x98, 0x99: return written("'") ? 1 : nil
            case 0x9C, 0x9D: return written("\"") ? 1 : nil
            case 0x94: return written("---") ? 3 : nil
            case 0x93: return written("--") ? 2 : nil
            case 0xA6: return written("...") ? 3 : nil
            default: return nil
            }
        }

        /// `%XX` as the printable ASCII character it stands for; the rest as it is.
        static func percentDecoded(_ url: String) -> String {
            guard url.utf8.contains(0x25) else { return url }
            let bytes = Array(url.utf8)
            var out: [UInt8] = []
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x25, i + 2 < bytes.count, let value = hexByte(bytes[i + 1], bytes[i + 2]) {
                    out.append(value)
                    i += 3
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// The printable ASCII byte two hex digits stand for, or nil.
        private static func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
            func value(_ digit: UInt8) -> UInt8? {
                switch digit {
                case 0x30...0x39: return digit - 0x30
                case 0x41...0x46: return digit - 0x41 + 10
                case 0x61...0x66: return digit - 0x61 + 10
                default: return nil
                }
            }
            guard let h = value(high), let l = value(low), case let byte = h << 4 | l, byte > 0x20, byte < 0x7F else { return nil }
            return byte
        }

        private static func scalarLength(_ lead: UInt8) -> Int {
            lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        }

        private static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
            (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
        }

        /// Named references a writer could use to spell out an address or a number.
        private static let namedReferences: [String: String] = [
            "commat": "@", "period": ".", "plus": "+", "lpar": "(", "rpar": ")", "colon": ":", "sol": "/", "lowbar": "_",
            "hyphen": "-", "dash": "-", "num": "#", "amp": "&", "nbsp": "\u{A0}", "bsol": "\\", "lsqb": "[", "rsqb": "]",
            "lbrack": "[", "rbrack": "]", "equals": "=", "quest": "?", "percnt": "%", "lt": "<", "gt": ">", "quot": "\"",
            "apos": "'", "excl": "!", "comma": ",", "semi": ";", "ast": "*", "grave": "`",
        ]

        /// A character reference at `index`: its length, and the UTF-8 it stands for (nil for
        /// a name this table does not know).
        private static func characterReference(in bytes: [UInt8], at index: Int) -> (Int, [UInt8]?)? {
            var end = index + 1
            while end < bytes.count, end - index <= 33, bytes[end] != 0x3B {
                let b = bytes[end]
                guard (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x23 else { return nil }
                end += 1
            }
            guard end < bytes.count, bytes[end] == 0x3B, end > index + 1 else { return nil }
            let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            let length = end - index + 1
            if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value else { return nil }
                // cmark reads a reference to nothing valid as U+FFFD.
                let scalar = Unicode.Scalar(value).flatMap { $0.value == 0 ? nil : $0 } ?? "\u{FFFD}"
                return (length, Array(String(scalar).utf8))
            }
            return (length, namedReferences[name].map { Array($0.utf8) })
        }
    }
}
