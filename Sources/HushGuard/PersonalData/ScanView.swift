// The scanner's input: a story's text as a reader will see it, mapped back to the source.
// It lives with the scanner because it decides what the scanner can see.

internal import Foundation
internal import HushMarkdown

/// A text the personal-data scanner reads, made from a cleaned text (`TextHygiene` has run:
/// no invisible characters, NFC) the way a reader will see it, with a map back to it.
///
/// Two views of a markdown body are read, and a finding in either counts:
/// - `source`: the text as written, with character references and backslash escapes decoded
///   (a reader sees `jane&#64;example.com` and `jane\@example.com` as an address);
/// - `reader`: the rendered page's text (`ReaderText`: markup and raw HTML gone, line wraps
///   joined, link targets and titles added), so `415-555-**2671**`, `` jane`@`gmail.com `` and
///   a number wrapped over two lines are whole again.
///
/// Each is then `folded`: NFKC, every decimal digit of any script as an ASCII digit, and
/// the at-signs, dots and dashes that only look different as theirs (`jane＠gmail。com`,
/// `４１５-５５５-２６７１`), runs of spaces as one. Every byte remembers where it came from,
/// so a finding is reported, and redacted, at its place.
struct ScanView {
    /// What the scanner reads.
    let text: String
    /// From this view back to the cleaned text: the last applies first.
    private let layers: [Layer]

    private enum Layer {
        case map(TextMap)
        case reader(ReaderText)

        func sourceRange(of range: Range<Int>) -> Range<Int> {
            switch self {
            case .map(let map): return map.sourceRange(of: range)
            case .reader(let reader): return reader.sourceRange(of: range)
            }
        }
    }

    private init(text: String, layers: [Layer]) {
        self.text = text
        self.layers = layers
    }

    /// The cleaned text as written; `markdown`: character references and backslash escapes
    /// decoded (story bodies; front-matter fields are shown as written).
    static func source(_ text: String, markdown: Bool) -> ScanView {
        guard markdown, text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "&") }) else {
            return ScanView(text: text, layers: [])
        }
        let bytes = Array(text.utf8)
        var out = TextMap.Builder(capacity: bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\\"), i + 1 < bytes.count, isASCIIPunctuation(bytes[i + 1]) {
                out.append(bytes[i + 1], from: i..<(i + 2))
                i += 2
            } else if byte == UInt8(ascii: "&"), let (decoded, length) = characterReference(in: bytes, at: i) {
                for decodedByte in decoded { out.append(decodedByte, from: i..<(i + length)) }
                i += length
            } else {
                out.append(byte, from: i..<(i + 1))
                i += 1
            }
        }
        return ScanView(text: out.string, layers: [.map(out.map)])
    }

    /// The text a reader gets from a cleaned markdown body (`ReaderText`).
    static func reader(_ body: String, smartPunctuation: Bool) -> ScanView {
        let reader = ReaderText(body, smartPunctuation: smartPunctuation)
        return ScanView(text: reader.text, layers: [.reader(reader)])
    }

    /// The cleaned text's bytes a range of this view came from.
    func sourceRange(of range: Range<Int>) -> Range<Int> {
        layers.reversed().reduce(range) { $1.sourceRange(of: $0) }
    }

    // MARK: Folding

    /// This view with compatibility forms folded: NFKC, decimal digits of every script as
    /// ASCII digits, look-alike at-signs, dots and dashes as `@`, `.` and `-`, and a run of
    /// spaces and tabs as one space.
    func folded() -> ScanView {
        var previous: UInt8 = 0
        let plain = text.utf8.allSatisfy { byte in
            defer { previous = byte }
            return byte < 0x80 && byte != 0x09 && !(byte == 0x20 && previous == 0x20)
        }
        if plain { return self }
        var out = TextMap.Builder(capacity: text.utf8.count)
        var cache: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        var offset = 0
        for scalar in text.unicodeScalars {
            let range = offset..<(offset + UTF8.width(scalar))
            offset = range.upperBound
            if scalar.isASCII {
                Self.appendFolded(scalar, from: range, into: &out)
                continue
            }
            if let folded = Self.folded(scalar) {
                Self.appendFolded(folded, from: range, into: &out)
            } else if !scalar.properties.changesWhenNFKCCaseFolded {
                out.append(scalar, covering: range)
            } else {
                let compatible =
                    cache[scalar]
                    ?? {
                        let mapped = Array(String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars)
                        cache[scalar] = mapped
                        return mapped
                    }()
                for part in compatible { Self.appendFolded(Self.folded(part) ?? part, from: range, into: &out) }
            }
        }
        return ScanView(text: out.string, layers: layers + [.map(out.map)])
    }

    /// A scalar of the folded text, a run of white space read as one space.
    private static func appendFolded(_ scalar: Unicode.Scalar, from range: Range<Int>, into out: inout TextMap.Builder) {
        if scalar == " " || scalar == "\t" || (!scalar.isASCII && scalar.properties.isWhitespace && scalar != "\u{2028}" && scalar != "\u{2029}") {
            if out.last == 0x20 {
                out.extendLast(to: range.upperBound)
            } else {
                out.append(0x20, from: range)
            }
        } else {
            out.append(scalar, covering: range)
        }
    }

    /// What a look-alike digit, at-sign, dot or dash stands for; nil for anything else.
    private static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar.isASCII { return nil }
        let properties = scalar.properties
        if properties.generalCategory == .decimalNumber, let value = properties.numericValue, value >= 0, value <= 9 {
            return Unicode.Scalar(UInt8(0x30 + Int(value)))
        }
        switch scalar.value {
        case 0xFF20, 0xFE6B: return "@"
        // Ideographic and halfwidth full stops, one dot leader, dot operators.
        case 0x3002, 0xFF61, 0xFE12, 0x2024, 0xFF0E, 0x2E3C, 0x22C5, 0x2219: return "."
        // Hyphens, the figure dash, the en dash, the minus sign and their full-width forms.
        case 0x2010...0x2013, 0x2043, 0x2212, 0xFE63, 0xFF0D: return "-"
        default: return nil
        }
    }

    // MARK: Markdown references

    private static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// Named references a writer could use to spell out an address or a number.
    private static let namedReferences: [String: String] = [
        "commat": "@", "period": ".", "plus": "+", "lpar": "(", "rpar": ")", "colon": ":", "sol": "/",
        "lowbar": "_", "hyphen": "-", "dash": "-", "num": "#", "amp": "&", "nbsp": " ", "bsol": "\\",
        "lsqb": "[", "rsqb": "]", "lbrack": "[", "rbrack": "]", "equals": "=", "quest": "?", "percnt": "%",
    ]

    /// `&#64;`, `&#x40;` or a named reference from the list: the UTF-8 it stands for and its length.
    private static func characterReference(in bytes: [UInt8], at index: Int) -> ([UInt8], Int)? {
        var end = index + 1
        while end < bytes.count, end - index <= 33, bytes[end] != UInt8(ascii: ";") {
            let b = bytes[end]
            guard (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == UInt8(ascii: "#") else { return nil }
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > index + 1 else { return nil }
        let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
        let length = end - index + 1
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
            return (Array(String(scalar).utf8), length)
        }
        guard let decoded = namedReferences[name] else { return nil }
        return (Array(decoded.utf8), length)
    }
}
