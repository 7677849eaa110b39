package import HushCore
package import HushGuard
internal import Foundation

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
