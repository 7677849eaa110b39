internal import Foundation
internal import HushCore

/// Unicode hygiene for everything a story publishes: NFC, and no invisible characters.
///
/// Invisible characters are used to watermark leaked text (a run of tag characters can
/// spell a whole sentence no reader sees) and to hide personal data from a scan
/// (`jane@gm\u{AD}ail.com`). Every default-ignorable code point goes (Unicode's
/// Default_Ignorable_Code_Point: zero-width and bidi controls, soft hyphens, fillers,
/// variation selectors, the tag block…), and so do control characters but tab and the line
/// ends, except what an emoji sequence needs to show as one emoji: a zero-width joiner
/// between two emoji (👩‍💻), VS15 or VS16 right after an emoji (❤️, and 1️⃣ before a keycap),
/// and the tag characters of a subdivision flag (🏴 + a region and subdivision code + cancel).
enum TextHygiene {
    /// Whether `scalar` is removed unless an emoji sequence needs it.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0..<0x20, 0x7F...0x9F, 0xE0000...0xE007F: return true
        case 0x20..<0x7F: return false
        default: return scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    /// True for scalars that are NFC whatever surrounds them: no combining mark, nothing
    /// that composes with a neighbour or maps to another character. Covers Latin-1, the
    /// common punctuation, kana and CJK ideographs, so most text needs no normalizing pass.
    static func isStableInNFC(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3098, 0x309B...0x30FF, 0x4E00...0x9FFF: return true
        default: return false
        }
    }

    /// A run of this many invisible characters removed in a row is reported as hidden text.
    static let hiddenTextRun = 3

    /// A text that is published as it is (an id), for the scanner.
    static func unchanged(_ text: String) -> CleanText {
        CleanText(text: text, map: nil, removed: 0, firstRemoved: nil, hiddenRun: 0)
    }

    /// The text in NFC with invisible characters removed, and how many were removed.
    static func clean(_ text: String) -> (text: String, removed: Int) {
        let result = cleanMapped(text)
        return (result.text, result.removed)
    }

    /// The text in NFC with invisible characters removed, with the way back to `text`.
    static func cleanMapped(_ text: String) -> CleanText {
        // Fast path, one pass and no copy: nothing to remove and nothing to normalize.
        if text.unicodeScalars.allSatisfy({ isStableInNFC($0) && !isInvisible($0) }) {
            return CleanText(text: text, map: nil, removed: 0, firstRemoved: nil, hiddenRun: 0)
        }
        // Next fastest, one normalizing call: nothing to remove, and already NFC (most text
        // in other scripts).
        if !text.unicodeScalars.contains(where: isInvisible),
            text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars)
        {
            return CleanText(text: text, map: nil, removed: 0, firstRemoved: nil, hiddenRun: 0)
        }
        var scalars: [(scalar: Unicode.Scalar, offset: Int)] = []
        var offset = 0
        for scalar in text.unicodeScalars {
            scalars.append((scalar, offset))
            offset += UTF8.width(scalar)
        }
        let keep = kept(scalars.map(\.scalar))

        var removed = 0
        var firstRemoved: Int?
        var run = 0
        var hiddenRun = 0
        var out = TextMap.Builder(capacity: offset)
        // Kept scalars are normalized a batch at a time (one call for most text in scripts
        // outside `isStableInNFC`), cut only where a chunk starts, so NFC of the batches is
        // NFC of the whole; a batch NFC changes is redone chunk by chunk, for finer places.
        var batch: [(scalar: Unicode.Scalar, offset: Int)] = []
        var chunkStarts: [Int] = []
        for (index, item) in scalars.enumerated() {
            guard keep[index] else {
                removed += 1
                if firstRemoved == nil { firstRemoved = item.offset }
                run += 1
                hiddenRun = max(hiddenRun, run)
                continue
            }
            run = 0
            if startsChunk(item.scalar) || batch.isEmpty {
                if batch.count >= 64 {
                    normalize(batch, chunkStarts: chunkStarts, into: &out)
                    batch.removeAll(keepingCapacity: true)
                    chunkStarts.removeAll(keepingCapacity: true)
                }
                chunkStarts.append(batch.count)
            }
            batch.append(item)
        }
        normalize(batch, chunkStarts: chunkStarts, into: &out)
        return CleanText(text: out.string, map: out.map, removed: removed, firstRemoved: firstRemoved, hiddenRun: hiddenRun)
    }

    /// Which scalars stay: all but the invisible ones, and those an emoji sequence needs.
    private static func kept(_ scalars: [Unicode.Scalar]) -> [Bool] {
        var keep = [Bool](repeating: true, count: scalars.count)
        var flagTagsThrough = -1
        for (i, scalar) in scalars.enumerated() {
            if scalar.value == 0x1F3F4 { flagTagsThrough = max(flagTagsThrough, subdivisionFlagEnd(scalars, after: i) ?? -1) }
            guard isInvisible(scalar) else { continue }
            let previous = i > 0 && keep[i - 1] ? scalars[i - 1] : nil
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            switch scalar.value {
            case 0x200D:
                keep[i] = previous.map(endsEmoji) == true && next.map(isEmoji) == true
            case 0xFE0E, 0xFE0F:
                if let previous {
                    let keycap = previous.isASCII && "#*0123456789".unicodeScalars.contains(previous) && next?.value == 0x20E3
                    keep[i] = keycap || isEmoji(previous)
                } else {
                    keep[i] = false
                }
            case 0xE0020...0xE007F:
                keep[i] = i <= flagTagsThrough
            default:
                keep[i] = false
            }
        }
        return keep
    }

    /// An emoji a zero-width joiner or a variation selector may follow (not ASCII: `#`, `*`
    /// and digits are emoji only before a keycap).
    private static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII && (scalar.properties.isEmoji || scalar.properties.isEmojiModifier)
    }

    /// The end of an emoji that a zero-width joiner may follow: an emoji, its skin tone, VS16.
    private static func endsEmoji(_ scalar: Unicode.Scalar) -> Bool {
        isEmoji(scalar) || scalar.value == 0xFE0F
    }

    /// For 🏴 at `i`: the index of the cancel tag ending a well-formed subdivision flag right
    /// after it (a region, two letters or three digits, then one to four letters or digits,
    /// all as tag characters: 🏴 gbsct ␡ is Scotland's flag), or nil.
    private static func subdivisionFlagEnd(_ scalars: [Unicode.Scalar], after i: Int) -> Int? {
        var spec: [UInt8] = []
        var j = i + 1
        while j < scalars.count, spec.count <= 7 {
            let value = scalars[j].value
            if value == 0xE007F { break }
            guard (0xE0030...0xE0039).contains(value) || (0xE0061...0xE007A).contains(value) else { return nil }
            spec.append(UInt8(value - 0xE0000))
            j += 1
        }
        guard j < scalars.count, scalars[j].value == 0xE007F, spec.count >= 3, spec.count <= 7 else { return nil }
        let letters = spec.prefix(2).allSatisfy { $0 >= 0x61 }
        let digits = spec.count >= 4 && spec.prefix(3).allSatisfy { $0 < 0x3A }
        return letters || digits ? j : nil
    }

    /// Whether a chunk for NFC may start at `scalar`: nothing before it can compose with it
    /// or be reordered past it (a starter that is not a mark nor a Hangul vowel or final).
    private static func startsChunk(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return true }
        let properties = scalar.properties
        guard properties.canonicalCombiningClass == .notReordered else { return false }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: break
        }
        return !(0x1161...0x1175).contains(scalar.value) && !(0x11A8...0x11C2).contains(scalar.value)
    }

    /// Appends a batch of chunks (each starts at one of `chunkStarts`) in NFC.
    private static func normalize(
        _ batch: [(scalar: Unicode.Scalar, offset: Int)],
        chunkStarts: [Int],
        into out: inout TextMap.Builder
    ) {
        if batch.allSatisfy({ isStableInNFC($0.scalar) }) || isNFC(batch[...]) {
            for item in batch { out.append(item.scalar, from: item.offset) }
            return
        }
        for (k, start) in chunkStarts.enumerated() {
            let end = k + 1 < chunkStarts.count ? chunkStarts[k + 1] : batch.count
            normalize(batch[start..<end], into: &out)
        }
    }

    /// Whether NFC leaves these scalars as they are.
    private static func isNFC(_ scalars: ArraySlice<(scalar: Unicode.Scalar, offset: Int)>) -> Bool {
        var written = String.UnicodeScalarView()
        written.append(contentsOf: scalars.map(\.scalar))
        return String(written).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(written)
    }

    /// Appends one chunk in NFC; when NFC changes it, every byte it makes comes from the whole chunk.
    private static func normalize(_ chunk: ArraySlice<(scalar: Unicode.Scalar, offset: Int)>, into out: inout TextMap.Builder) {
        guard let first = chunk.first, let last = chunk.last else { return }
        if chunk.count == 1 && isStableInNFC(first.scalar) || isNFC(chunk) {
            for item in chunk { out.append(item.scalar, from: item.offset) }
            return
        }
        var written = String.UnicodeScalarView()
        written.append(contentsOf: chunk.map(\.scalar))
        out.append(String(written).precomposedStringWithCanonicalMapping, from: first.offset..<(last.offset + UTF8.width(last.scalar)))
    }
}

/// A text after `TextHygiene`, with the way back to the text as written.
struct CleanText {
    let text: String
    /// Nil when the text is the one written.
    let map: TextMap?
    /// How many invisible characters were removed, and the UTF-8 offset (in the text as
    /// written) of the first.
    let removed: Int
    let firstRemoved: Int?
    /// The longest run of invisible characters removed one after another: a long one can
    /// spell hidden text (tag characters do, letter for letter).
    let hiddenRun: Int

    /// The bytes of the text as written that a range of `text` came from.
    func originalRange(of range: Range<Int>) -> Range<Int> {
        map?.sourceRange(of: range) ?? range
    }
}

/// For every byte of a text made from another (cleaned, decoded, folded), the bytes of the
/// other it came from, so a finding is reported and redacted where it was written.
struct TextMap {
    private let starts: [Int32]
    private let ends: [Int32]

    /// The bytes of the other text that `range` came from.
    func sourceRange(of range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty, range.lowerBound < starts.count else { return range }
        let lower = Int(starts[range.lowerBound])
        return lower..<max(lower, Int(ends[min(range.upperBound, ends.count) - 1]))
    }

    /// Makes a text and its map byte by byte.
    struct Builder {
        private(set) var bytes: [UInt8] = []
        private var starts: [Int32] = []
        private var ends: [Int32] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
            starts.reserveCapacity(capacity)
            ends.reserveCapacity(capacity)
        }

        var isEmpty: Bool { bytes.isEmpty }
        var last: UInt8? { bytes.last }

        mutating func append(_ byte: UInt8, from range: Range<Int>) {
            bytes.append(byte)
            starts.append(Int32(truncatingIfNeeded: range.lowerBound))
            ends.append(Int32(truncatingIfNeeded: range.upperBound))
        }

        mutating func append(_ scalar: Unicode.Scalar, from offset: Int) {
            append(scalar, covering: offset..<(offset + UTF8.width(scalar)))
        }

        /// Every byte of `scalar` comes from all of `range` (one scalar folded from another).
        mutating func append(_ scalar: Unicode.Scalar, covering range: Range<Int>) {
            guard let encoded = UTF8.encode(scalar) else { return }
            for byte in encoded { append(byte, from: range) }
        }

        mutating func append(_ text: String, from range: Range<Int>) {
            for byte in text.utf8 { append(byte, from: range) }
        }

        /// The last byte also covers `range` (a run of spaces read as one).
        mutating func extendLast(to end: Int) {
            guard let last = ends.indices.last else { return }
            ends[last] = Int32(truncatingIfNeeded: max(Int(ends[last]), end))
        }

        var string: String { String(decoding: bytes, as: UTF8.self) }
        var map: TextMap { TextMap(starts: starts, ends: ends) }
    }
}
