internal import Foundation
internal import HushCore

/// Tag normalization (README, "Tags"): NFKC, case folding, trimming, and inner
/// whitespace and `_` to `-`. The slug keeps Unicode letters and digits.
enum TagNormalizer {
    /// The identity of a tag: two spellings with the same key are the same tag.
    static func key(_ raw: String) -> String {
        let folded = raw.precomposedStringWithCompatibilityMapping.folding(options: [.caseInsensitive], locale: nil)
        var out = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "_" {
                pendingDash = !out.isEmpty
                continue
            }
            if pendingDash {
                out.unicodeScalars.append("-")
                pendingDash = false
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// A key with the accents of Latin, Greek and Cyrillic letters taken off (`café` →
    /// `cafe`): two tags with the same result differ only in accents. Marks on other scripts
    /// stay, since there they often make another letter (Japanese か and が).
    static func withoutAccents(_ key: String) -> String {
        var out = String.UnicodeScalarView()
        var afterAccentable = false
        for scalar in key.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark {
                if afterAccentable { continue }
            } else {
                // Latin (Basic to Extended-B, Extended Additional), Greek and Cyrillic.
                afterAccentable = scalar.value < 0x0250 || (0x0370...0x04FF).contains(scalar.value) || (0x1E00...0x1FFF).contains(scalar.value)
            }
            out.append(scalar)
        }
        return String(out).precomposedStringWithCanonicalMapping
    }

    /// The URL form of a key: letters and digits kept (any script), everything else a
    /// single `-`, none at the ends. Empty when the tag has no letter or digit at all.
    static func slug(forKey key: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingDash = false
        for scalar in key.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
                || properties.generalCategory == .spacingMark
            {
                if pendingDash, !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return String(out)
    }
}
