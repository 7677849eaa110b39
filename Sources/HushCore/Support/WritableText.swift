/// The characters a text of the site may hold. Control characters and non-characters are
/// invisible to a reader, can hide a value, and some make a feed or sitemap not well-formed
/// XML (which then fails in every feed reader), so a value that holds one is refused where it
/// is read (`front-matter.control-character`, `config.control-character`), and the write
/// stage strips what is left as a last line of defence.
package enum WritableText {
    /// The first character of `text` that a value may not hold: U+0000–U+001F but tab, line
    /// feed and carriage return, U+007F–U+009F, and the non-characters (U+FDD0–U+FDEF, and
    /// the last two code points of every plane: U+FFFE, U+FFFF, U+1FFFE, …).
    package static func firstForbidden(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { isForbidden($0) }
    }

    package static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if (0x7F...0x9F).contains(value) { return true }
        return (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }

    /// `U+0007`: how a message names a character no one can see.
    package static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
