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
