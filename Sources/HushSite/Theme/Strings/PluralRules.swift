/// A CLDR plural category: which form of a counted phrase a number takes in a language.
enum PluralCategory: String, Sendable, CaseIterable {
    case zero, one, two, few, many, other
}

/// The plural rules of a language for whole numbers (every count hush shows is one: hearts,
/// stories, search results).
///
/// Source: the Unicode CLDR plural rules, `common/supplemental/plurals.xml` (CLDR 46,
/// https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html),
/// with the operands of a whole number: `n = i`, `v = 0`, `e = 0`. Languages CLDR gives
/// the same rules share a case; a language not listed here counts with `other` only, the
/// one form every language has.
enum PluralRules {
    enum Rule: Sendable {
        /// ja, zh, ko, th, vi, id, ms, my, lo, km, yo: no plural forms.
        case otherOnly
        /// en, de, nl, sv, da, nb, nn, fi, et, el, hu, tr, bg, ur, sw, ca (as for i = 1 and v = 0): `one: i = 1 and v = 0`.
        case oneIsOne
        /// fr (`one: i = 0,1`), pt (`one: i = 0..1`), fa, hi, bn (`one: i = 0 or n = 1`): 0 and 1 are `one`.
        case zeroAndOneAreOne
        /// es (`one: n = 1`), it, ca, pt-PT (`one: i = 1 and v = 0`), with `many` for millions.
        case oneIsOneWithMillions
        /// fr, pt: 0 and 1 are `one`, with `many` for millions:
        /// `many: e = 0 and i != 0 and i % 1000000 = 0 and v = 0 or e != 0..5`.
        case zeroAndOneAreOneWithMillions
        /// ar: `zero: n = 0`, `one: n = 1`, `two: n = 2`, `few: n % 100 = 3..10`, `many: n % 100 = 11..99`.
        case arabic
        /// he: `one: i = 1 and v = 0`, `two: i = 2 and v = 0`.
        case hebrew
        /// ru, uk, be: `one: v = 0 and i % 10 = 1 and i % 100 != 11`, `few: v = 0 and i % 10 = 2..4 and
        /// i % 100 != 12..14`, `many: v = 0 and i % 10 = 0 or v = 0 and i % 10 = 5..9 or v = 0 and i % 100 = 11..14`.
        case eastSlavic
        /// pl: `one: i = 1 and v = 0`, `few: v = 0 and i % 10 = 2..4 and i % 100 != 12..14`, `many`: the other whole numbers.
        case polish
    }

    /// The rule of a language tag's primary language (`pt-BR` → `pt`; `pt-PT` has its own).
    static func rule(for language: String) -> Rule {
        let tag = language.lowercased()
        if tag == "pt-pt" { return .oneIsOneWithMillions }
        let primary = tag.split(separator: "-").first.map(String.init) ?? tag
        switch primary {
        case "ja", "zh", "ko", "th", "vi", "id", "ms", "my", "lo", "km", "yo": return .otherOnly
        case "fr", "pt": return .zeroAndOneAreOneWithMillions
        case "es", "it", "ca": return .oneIsOneWithMillions
        case "fa", "hi", "bn", "gu", "kn", "mr", "zu", "am": return .zeroAndOneAreOne
        case "ar": return .arabic
        case "he", "iw": return .hebrew
        case "ru", "uk", "be": return .eastSlavic
        case "pl": return .polish
        case "en", "de", "nl", "sv", "da", "nb", "nn", "no", "fi", "et", "el", "hu", "tr", "bg", "ur", "sw", "eu", "gl", "af", "sq":
            return .oneIsOne
        default: return .otherOnly
        }
    }

    /// The category of a whole number `n` in `language`.
    static func category(of n: Int, in language: String) -> PluralCategory {
        category(of: n, rule: rule(for: language))
    }

    static func category(of n: Int, rule: Rule) -> PluralCategory {
        let i = n.magnitude
        let isMillions = i != 0 && i % 1_000_000 == 0
        switch rule {
        case .otherOnly: return .other
        case .oneIsOne: return i == 1 ? .one : .other
        case .zeroAndOneAreOne: return i <= 1 ? .one : .other
        case .oneIsOneWithMillions: return i == 1 ? .one : isMillions ? .many : .other
        case .zeroAndOneAreOneWithMillions: return i <= 1 ? .one : isMillions ? .many : .other
        case .arabic:
            switch (i, i % 100) {
            case (0, _): return .zero
            case (1, _): return .one
            case (2, _): return .two
            case (_, 3...10): return .few
            case (_, 11...99): return .many
            default: return .other
            }
        case .hebrew: return i == 1 ? .one : i == 2 ? .two : .other
        case .eastSlavic, .polish:
            let (ten, hundred) = (i % 10, i % 100)
            if rule == .eastSlavic ? (ten == 1 && hundred != 11) : i == 1 { return .one }
            if (2...4).contains(ten), !(12...14).contains(hundred) { return .few }
            return .many
        }
    }

    /// The categories a whole number can take in `language`: the forms a table must give a
    /// counted phrase (`other` always among them).
    static func categories(for language: String) -> [PluralCategory] {
        switch rule(for: language) {
        case .otherOnly: return [.other]
        case .oneIsOne, .zeroAndOneAreOne: return [.one, .other]
        case .oneIsOneWithMillions, .zeroAndOneAreOneWithMillions: return [.one, .many, .other]
        case .arabic: return PluralCategory.allCases
        case .hebrew: return [.one, .two, .other]
        case .eastSlavic, .polish: return [.one, .few, .many, .other]
        }
    }
}
