internal import Foundation
package import HushCore

/// Unicode hygiene for everything a story publishes: NFC, and no invisible characters
/// (zero-width and bidi controls are used to watermark leaked text and to spoof).
enum TextHygiene {
    /// U+200B–U+200D, U+2060, U+FEFF, U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x2060, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true
        default: return false
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

    /// The text in NFC with invisible characters removed, and how many were removed.
    static func clean(_ text: String) -> (text: String, removed: Int) {
        // Fast path, one pass and no copy: nothing to remove and nothing to normalize.
        if text.unicodeScalars.allSatisfy({ isStableInNFC($0) && !isInvisible($0) }) { return (text, 0) }
        var removed = 0
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isInvisible(scalar) {
                removed += 1
            } else {
                scalars.append(scalar)
            }
        }
        return (String(scalars).precomposedStringWithCanonicalMapping, removed)
    }
}
