internal import Foundation
internal import HushCore

/// The words of a site's pages and feeds, in the site's language: the built-in themes'
/// tables (`Templates/<theme>/i18n/<lang>.yml`), the site's own (`i18n/<lang>.yml`), and
/// English for any key the language lacks. docs/themes.md, "Translating", is the reference.
///
/// Resolved once a build (`StringTable+Load.swift`): every key of the English table is here,
/// so a page never shows a blank or a raw key. Templates see the texts as `t.<key>`
/// (`templateValue`); the Swift code that composes headings, labels, dates and feed texts
/// asks by `Key`.
struct StringTable: Sendable {
    /// One string: a text, or the text of each plural category for a counted phrase.
    enum Entry: Sendable, Equatable {
        case text(String)
        case counted([PluralCategory: String])
    }

    /// The keys hush's own code composes texts from; the templates use the others by name.
    /// Every one is in the English table (`StringTableTests` keeps it so).
    enum Key: String, CaseIterable, Sendable {
        case pageTitle = "page_title"
        case pagedHeading = "paged_heading"
        case topHeading = "top_heading"
        case tagHeading = "tag_heading"
        case tagsHeading = "tags_heading"
        case searchHeading = "search_heading"
        case notFoundHeading = "not_found_heading"
        case submitHeading = "submit_heading"
        case goneHeading = "gone_heading"
        case tagCount = "tag_count"
        case tagDescription = "tag_description"
        case tagTopHeading = "tag_top_heading"
        case pageCount = "page_count"
        case draftTitle = "draft_title"
        case cwLabel = "cw_label"
        case untitled
        case hearts
        case dateDay = "date_day"
        case dateWeek = "date_week"
        case dateMonth = "date_month"
        case feedAuthor = "feed_author"
        case feedCWTitle = "feed_cw_title"
        case feedCWUntitled = "feed_cw_untitled"
        case feedCWNote = "feed_cw_note"
    }

    /// The key that names the locale dates are written in (`en-GB` for English: "2 Nov 2026");
    /// not a text of the page.
    static let localeKey = "locale"

    /// The site's language tag, as in hush.yml.
    let language: String
    /// Every key with its text: the language's where it has one, else English.
    let entries: [String: Entry]
    /// The locale dates are formatted in: the site's language when it names a region
    /// (`en-US`, `pt-BR`), else the table's `locale`, else the language.
    let dateLocale: String

    /// The text of `key` with `{name}` placeholders filled from `values`; a counted key gives its `other` form.
    func text(_ key: Key, _ values: [String: String] = [:]) -> String {
        Self.fill(raw(key.rawValue, category: .other), values)
    }

    /// The form of a counted key for `count`, in the site's language, `{count}` filled in.
    func counted(_ key: Key, _ count: Int, _ values: [String: String] = [:]) -> String {
        let category = PluralRules.category(of: count, in: language)
        return Self.fill(raw(key.rawValue, category: category), values.merging(["count": String(count)]) { own, _ in own })
    }

    /// HTML: the text of `key`, escaped, with placeholders filled from `html`, which is HTML already.
    func html(_ key: Key, _ html: [String: String]) -> String {
        Self.parts(of: raw(key.rawValue, category: .other)).map { part in
            switch part {
            case .literal(let text): return HTML.escape(text)
            case .placeholder(let name): return html[name] ?? HTML.escape("{\(name)}")
            }
        }.joined()
    }

    private func raw(_ key: String, category: PluralCategory) -> String {
        switch entries[key] {
        case .text(let text): return text
        case .counted(let forms): return forms[category] ?? forms[.other] ?? forms.values.first ?? key
        case nil: return key  // a key of hush's own code missing from English: StringTableTests fails first
        }
    }

    // MARK: Placeholders

    enum Part: Equatable {
        case literal(String)
        case placeholder(String)
    }

    /// A text cut at its `{name}` placeholders (a name is letters, digits and `_`).
    static func parts(of text: String) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), !after[..<close].isEmpty,
                after[..<close].allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
            {
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                parts.append(.placeholder(String(after[..<close])))
                rest = after[after.index(after: close)...]
            } else {
                literal += "{"
                rest = after
            }
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    /// `text` with each `{name}` that `values` has replaced; other placeholders are left as written.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("{") else { return text }
        return parts(of: text).map { part in
            switch part {
            case .literal(let text): return text
            case .placeholder(let name): return values[name] ?? "{\(name)}"
            }
        }.joined()
    }
}
