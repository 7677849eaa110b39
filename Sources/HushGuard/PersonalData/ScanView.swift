// The scanner's input: a story's text as a reader will see it, mapped back to the source.
// It lives with the scanner because it decides what the scanner can see.

/// The text the personal-data scanner reads, made from a story's source the way a reader
/// will see it, with a map back to the source.
///
/// A reader sees `jane&#64;example.com` and `jane\@example.com` as an address, and does not
/// see a zero-width space inside one: so character references and backslash escapes are
/// decoded (as cmark will decode them), and invisible characters dropped, before scanning.
/// Every byte of the view remembers where its source construct starts and ends, so a
/// finding is reported, and redacted, at its place in the file.
struct ScanView {
    /// What the scanner reads.
    let text: String
    private let starts: [Int]
    private let ends: [Int]

    /// `markdown`: also decode character references and backslash escapes (story bodies;
    /// front-matter fields are shown as written).
    init(_ source: String, markdown: Bool) {
        let bytes = Array(source.utf8)
        var out: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        out.reserveCapacity(bytes.count)
        starts.reserveCapacity(bytes.count)
        ends.reserveCapacity(bytes.count)
        func emit(_ produced: some Sequence<UInt8>, from start: Int, to end: Int) {
            for byte in produced {
                out.append(byte)
                starts.append(start)
                ends.append(end)
            }
        }
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte >= 0xC0, let (scalar, length) = Self.scalar(in: bytes, at: i), TextHygiene.isInvisible(scalar) {
                i += length
                continue
            }
            if markdown, byte == UInt8(ascii: "\\"), i + 1 < bytes.count, Self.isASCIIPunctuation(bytes[i + 1]) {
                emit([bytes[i + 1]], from: i, to: i + 2)
                i += 2
                continue
            }
            if markdown, byte == UInt8(ascii: "&"), let (decoded, length) = Self.characterReference(in: bytes, at: i) {
                emit(decoded, from: i, to: i + length)
                i += length
                continue
            }
            emit([byte], from: i, to: i + 1)
            i += 1
        }
        self.text = String(decoding: out, as: UTF8.self)
        self.starts = starts
        self.ends = ends
    }

    /// The source bytes a range of the view came from.
    func sourceRange(of range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty, range.lowerBound < starts.count else { return range }
        return starts[range.lowerBound]..<ends[min(range.upperBound, ends.count) - 1]
    }

    private static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    private static func scalar(in bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let length = bytes[index] >= 0xF0 ? 4 : bytes[index] >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { return nil }
        var iterator = bytes[index..<index + length].makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return (scalar, length)
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
