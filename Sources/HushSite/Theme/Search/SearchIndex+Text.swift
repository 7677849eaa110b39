internal import Foundation

/// How search sees text: folded (case and accents ignored) and cut into the words the index
/// is keyed by. `assets/search.js` does the same to a query, step by step (`fold`, `terms`);
/// the two must agree, or a query misses words that are there (docs/themes.md, Search;
/// Tests/Browser/folding_cases.json holds the strings both sides are tested on).
extension SearchIndex {
    /// NFD, combining marks (`\p{M}`) removed, lowercased, and final sigma turned into σ
    /// (JavaScript's `toLowerCase` writes ς at the end of a word, Swift's `lowercased` never).
    static func fold(_ text: String) -> String {
        // Each step works character by character (marks are removed, so their reordering
        // does not matter), so ASCII, most of any text, is only lowercased, and the rest
        // goes through the steps in runs.
        let bytes = Array(text.utf8)
        var folded: [UInt8] = []
        folded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                folded.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                index += 1
                continue
            }
            let start = index
            while index < bytes.count, bytes[index] >= 0x80 { index += 1 }
            folded += foldedRun(String(decoding: bytes[start..<index], as: UTF8.self)).utf8
        }
        return String(decoding: folded, as: UTF8.self)
    }

    /// `fold` of any text, step by step: what `fold` does, only slower on ASCII.
    static func foldedRun(_ text: String) -> String {
        var unmarked = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars where !isMark(scalar) {
            unmarked.append(scalar)
        }
        var folded = String.UnicodeScalarView()
        for scalar in String(unmarked).lowercased().unicodeScalars {
            folded.append(scalar == "\u{03C2}" ? "\u{03C3}" : scalar)
        }
        return String(folded)
    }

    /// The index words of a folded text, in order, repeats included. A word is a run of
    /// letters and digits (`\p{L}`, `\p{N}`); everything else separates words. Scripts
    /// written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar: `unspaced`)
    /// are cut into every pair of neighbouring characters plus the last character of the
    /// run, so a query of any length finds them anywhere inside a sentence.
    static func words(inFolded text: String) -> [String] {
        var text = text
        return text.withUTF8 { words(inFoldedUTF8: $0) }
    }

    /// `words(inFolded:)` over the text's UTF-8, which a `String` keeps valid: ASCII, most of
    /// any text, is read byte by byte, and only other characters are decoded to scalars.
    private static func words(inFoldedUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        var run: [Unicode.Scalar] = []
        func endWord() {
            if !word.isEmpty {
                words.append(String(decoding: word, as: UTF8.self))
                word.removeAll(keepingCapacity: true)
            }
        }
        func endRun() {
            guard let last = run.last else { return }
            for index in run.indices.dropLast() {
                var pair = String.UnicodeScalarView()
                pair.append(run[index])
                pair.append(run[index + 1])
                words.append(String(pair))
            }
            words.append(String(last))
            run.removeAll(keepingCapacity: true)
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                let lower = byte | 0x20  // A-Z to a-z, as `isLetterOrDigit` reads ASCII
                if (0x61...0x7A).contains(lower) || (0x30...0x39).contains(byte) {
                    endRun()
                    word.append(byte)
                } else {
                    endWord()
                    endRun()
                }
                index += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for next in index + 1..<index + length { value = value << 6 | UInt32(bytes[next] & 0x3F) }
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            if !isLetterOrDigit(scalar) {
                endWord()
                endRun()
            } else if isUnspaced(scalar) {
                endWord()
                run.append(scalar)
            } else {
                endRun()
                word.append(contentsOf: bytes[index..<index + length])
            }
            index += length
        }
        endWord()
        endRun()
        return words
    }

    /// `\p{M}`: what folding removes.
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return false }
        return switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// `\p{L}` or `\p{N}`: what words are made of.
    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value | 0x20  // A-Z to a-z; digits keep their value
            return (0x61...0x7A).contains(value) || (0x30...0x39).contains(scalar.value)
        }
        return switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            true
        default: false
        }
    }

    /// The blocks of scripts written without spaces between words. search.js has the same
    /// table (`UNSPACED`); only letters and digits in them count.
    static let unspacedRanges: [ClosedRange<UInt32>] = [
        0x0E00...0x0EFF,  // Thai, Lao
        0x1000...0x109F,  // Myanmar
        0x1780...0x17FF,  // Khmer
        0x2E80...0x2FDF,  // CJK radicals, Kangxi radicals
        0x3005...0x303C,  // 々 〆 〇, Hangzhou numerals, kana repeat marks
        0x3040...0x30FF,  // Hiragana, Katakana (with ー)
        0x31F0...0x31FF,  // Katakana phonetic extensions
        0x3400...0x4DBF,  // CJK extension A
        0x4E00...0x9FFF,  // CJK unified ideographs
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFF66...0xFF9F,  // halfwidth Katakana
        0x1_B000...0x1_B16F,  // Kana supplement and extensions
        0x2_0000...0x3_23AF,  // CJK extensions B to H
    ]

    static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value >= 0x0E00 && unspacedRanges.contains { $0.contains(value) }
    }

    /// The order of words in the index: by UTF-16 code units, the order of JavaScript's `<`
    /// on strings, which search.js uses to find a word's chunk. (Swift's own `<` on `String`
    /// compares scalars, which puts characters beyond U+FFFF elsewhere.)
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf16.lexicographicallyPrecedes(b.utf16)
    }
}
