extension StringTable {
    /// The table as templates see it, `t.<key>` (docs/themes.md, "Translating"):
    ///
    /// - a text as `t.<key>`, with `{site}` (the site's title) and `{generator}` filled in;
    /// - a text with one other placeholder also as its two halves, `t.<key>_before` and
    ///   `t.<key>_after` (each absent when empty), so a template can put markup around what
    ///   goes in between (`cw_label`: the warning in a `<bdi>`);
    /// - a counted phrase as `t.<key>.<category>`, for each CLDR category the language's
    ///   whole numbers take (`other` always; `one` and `other` in English, all six in
    ///   Arabic), for search.js to choose from.
    func templateValue(siteTitle: String, generator: String) -> TemplateValue {
        let fixed = ["site": siteTitle, "generator": generator]
        var values: [String: TemplateValue] = [:]
        for (key, entry) in entries where key != Self.localeKey {
            switch entry {
            case .text(let raw):
                let text = Self.fill(raw, fixed)
                values[key] = .plain(text)
                let parts = Self.parts(of: text)
                let placeholders = parts.indices.filter { if case .placeholder = parts[$0] { true } else { false } }
                if placeholders.count == 1, let at = placeholders.first {
                    let before = parts[..<at].map(\.literalText).joined()
                    let after = parts[(at + 1)...].map(\.literalText).joined()
                    if !before.isEmpty { values[key + "_before"] = .plain(before) }
                    if !after.isEmpty { values[key + "_after"] = .plain(after) }
                }
            case .counted(let forms):
                var group: [String: TemplateValue] = [:]
                for category in PluralRules.categories(for: language) {
                    if let form = forms[category] ?? forms[.other] { group[category.rawValue] = .plain(Self.fill(form, fixed)) }
                }
                values[key] = .group(group)
            }
        }
        return .group(values)
    }
}

extension StringTable.Part {
    fileprivate var literalText: String {
        switch self {
        case .literal(let text): return text
        case .placeholder(let name): return "{\(name)}"
        }
    }
}
