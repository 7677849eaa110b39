/// A country or territory as an ISO 3166-1 alpha-2 code (`US`, `FR`): how the guard reads
/// national phone numbers (`region:` in hush.yml; by default the region of the site's
/// language). Numbers written with + are read the same in every region.
package struct Region: Sendable, Hashable, CustomStringConvertible {
    /// Two uppercase ASCII letters.
    package let code: String

    /// Two ASCII letters, in either case; nil for anything else.
    package init?(_ code: String) {
        guard code.utf8.count == 2, code.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { return nil }
        self.code = code.uppercased()
    }

    private init(known code: String) { self.code = code }

    package static let unitedStates = Region(known: "US")

    package var description: String { code }

    /// The region a language tag implies: its own region subtag (`pt-BR`, `en-GB`), else the
    /// one where the language is most used (CLDR's likely subtags: `en` → US, `fr` → FR,
    /// `pt` → BR, `ar` → EG, `zh-Hant` → TW); the United States when the language is unknown.
    package static func likely(forLanguage tag: String) -> Region {
        let parts = tag.split(separator: "-").map { $0.lowercased() }
        guard let language = parts.first else { return .unitedStates }
        for part in parts.dropFirst() {
            if part.count == 2, let region = Region(part) { return region }
        }
        if language == "zh", parts.contains("hant") { return Region(known: "TW") }
        return likelyRegions[language].map(Region.init(known:)) ?? .unitedStates
    }

    /// Where numbers written in a language are read when no `region:` is set: the tag's own
    /// region subtag alone (`en-GB`), else the likely region and the other regions where the
    /// language is the main written one (`en` → US, GB, IN, AU, NG), so that an English site
    /// with no region set still catches a London number written `020 7946 0958`. A number
    /// must be valid in a region (not merely the right length) to count there, so each extra
    /// region costs little in false alarms; `region:` narrows it to one.
    package static func readIn(language tag: String) -> [Region] {
        let likely = likely(forLanguage: tag)
        let parts = tag.split(separator: "-").map { $0.lowercased() }
        guard let language = parts.first, !parts.dropFirst().contains(where: { $0.count == 2 && Region($0) != nil }) else {
            return [likely]
        }
        let more = (otherRegions[language] ?? []).map(Region.init(known:)).filter { $0 != likely }
        return [likely] + more
    }

    /// The regions besides the likely one where a language is the main written language of
    /// many people (CLDR's territory data), for the languages with more than one.
    private static let otherRegions: [String: [String]] = [
        "en": ["GB", "IN", "AU", "NG", "IE", "NZ", "ZA", "PH"], "es": ["MX", "AR", "CO", "CL", "PE", "US"],
        "pt": ["PT", "AO", "MZ"], "fr": ["BE", "CH", "CA", "MA", "SN", "CI"], "de": ["AT", "CH"],
        "ar": ["SA", "AE", "MA", "DZ", "IQ", "JO", "LB", "TN"], "nl": ["BE"], "it": ["CH"], "ru": ["BY", "KZ"],
        "zh": ["TW", "HK", "SG"], "sv": ["FI"], "ms": ["SG"], "sw": ["KE"], "ta": ["LK", "SG"],
    ]

    /// CLDR's likely region of each language a site is likely to be written in.
    private static let likelyRegions: [String: String] = [
        "af": "ZA", "am": "ET", "ar": "EG", "az": "AZ", "be": "BY", "bg": "BG", "bn": "BD", "bs": "BA", "ca": "ES",
        "cs": "CZ", "cy": "GB", "da": "DK", "de": "DE", "el": "GR", "en": "US", "es": "ES", "et": "EE", "eu": "ES",
        "fa": "IR", "fi": "FI", "fil": "PH", "fr": "FR", "ga": "IE", "gl": "ES", "gu": "IN", "he": "IL", "hi": "IN",
        "hr": "HR", "hu": "HU", "hy": "AM", "id": "ID", "is": "IS", "it": "IT", "ja": "JP", "ka": "GE", "kk": "KZ",
        "km": "KH", "kn": "IN", "ko": "KR", "lb": "LU", "lo": "LA", "lt": "LT", "lv": "LV", "mk": "MK", "ml": "IN",
        "mn": "MN", "mr": "IN", "ms": "MY", "mt": "MT", "my": "MM", "nb": "NO", "ne": "NP", "nl": "NL", "nn": "NO",
        "no": "NO", "pa": "IN", "pl": "PL", "pt": "BR", "ro": "RO", "ru": "RU", "si": "LK", "sk": "SK", "sl": "SI",
        "sq": "AL", "sr": "RS", "sv": "SE", "sw": "TZ", "ta": "IN", "te": "IN", "th": "TH", "tl": "PH", "tr": "TR",
        "uk": "UA", "ur": "PK", "uz": "UZ", "vi": "VN", "zh": "CN", "zu": "ZA",
    ]
}
