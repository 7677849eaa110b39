internal import HushCore
internal import Yams

extension StringTable {
    /// The table of `language`, resolved for one build.
    ///
    /// For each language tag (the English base, then the site's language: its primary
    /// subtag, `pt`, then the whole tag, `pt-BR`) the files are read in this order, each key of
    /// a later file replacing the same key of an earlier one:
    /// 1. `<theme>/i18n/<tag>.yml` of every theme in the chain, the farthest parent first,
    ///    built-in, then the site's `Templates/<theme>/i18n/<tag>.yml`;
    /// 2. the site's own `i18n/<tag>.yml`, beside hush.yml.
    ///
    /// A key of the English table that the language lacks is shown in English, with one
    /// `strings.missing-key` warning; a language with no table at all is all English, with one
    /// `strings.no-table` warning. `chain` is the theme and its parents, the theme first.
    static func load(
        language: String,
        themes chain: [String],
        builtin: [String: [UInt8]],
        siteTemplates: [String: [UInt8]],
        siteTables: [String: [UInt8]]
    ) -> (StringTable, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        func layers(_ tag: String) -> [String: Entry]? {
            var files: [(label: String, bytes: [UInt8])] = []
            for theme in chain.reversed() {
                let path = "\(theme)/i18n/\(tag).yml"
                if let bytes = builtin[path] { files.append(("built-in theme " + path, bytes)) }
                if let bytes = siteTemplates[path] { files.append(("Templates/" + path, bytes)) }
            }
            if let bytes = siteTables["\(tag).yml"] { files.append(("i18n/\(tag).yml", bytes)) }
            guard !files.isEmpty else { return nil }
            var merged: [String: Entry] = [:]
            for file in files {
                merged.merge(parse(file.bytes, label: file.label, diagnostics: &diagnostics)) { _, later in later }
            }
            return merged
        }
        let primary = language.split(separator: "-").first.map { $0.lowercased() } ?? language.lowercased()
        let tags = language.lowercased() == primary ? [primary] : [primary, language]
        var own: [String: Entry]?
        for tag in tags {
            if let layer = layers(tag) { own = (own ?? [:]).merging(layer) { _, later in later } }
        }
        let english = layers("en") ?? [:]
        let hasRegion = language.contains("-")
        let locale: String
        if !hasRegion, case .text(let named)? = own?[localeKey] { locale = named } else { locale = language }

        guard primary != "en" else {
            let entries = english.merging(own ?? [:]) { _, own in own }
            return (StringTable(language: language, entries: entries, dateLocale: locale), diagnostics)
        }
        let file = "i18n/\(language).yml"
        guard let own else {
            diagnostics.append(
                Diagnostic(
                    .stringsNoTable,
                    "there are no theme strings in '\(language)', the site's language, so its pages use English; translate them in \(file) (docs/themes.md, Translating)",
                    file: file
                )
            )
            return (StringTable(language: language, entries: english, dateLocale: locale), diagnostics)
        }
        var entries = own
        let categories = PluralRules.categories(for: language)
        for (key, base) in english.sorted(by: { $0.key < $1.key }) where key != localeKey {
            guard let entry = own[key] else {
                entries[key] = base
                diagnostics.append(
                    Diagnostic(
                        .stringsMissingKey,
                        "'\(key)' has no text in '\(language)', so pages show the English \(quoted(base)); add it to \(file)",
                        file: file
                    )
                )
                continue
            }
            switch (base, entry) {
            case (.text, .text): break
            case (.text, .counted(let forms)):
                // A text where English has one: the `other` form.
                if let other = forms[.other] { entries[key] = .text(other) }
            case (.counted, .text(let text)):
                // The same text for every count (a language without plural forms needs no more).
                entries[key] = .counted([.other: text])
                if categories != [.other] {
                    diagnostics.append(missingForms(key, categories.filter { $0 != .other }, language: language, file: file))
                }
            case (.counted, .counted(let forms)):
                let missing = categories.filter { forms[$0] == nil }
                if forms[.other] == nil {
                    entries[key] = base
                    diagnostics.append(
                        Diagnostic(
                            .stringsMissingKey,
                            "'\(key)' has no 'other' form in '\(language)', the form every language needs, so pages show the English \(quoted(base)); add `other:` to it in \(file)",
                            file: file
                        )
                    )
                } else if !missing.isEmpty {
                    diagnostics.append(missingForms(key, missing, language: language, file: file))
                }
            }
        }
        return (StringTable(language: language, entries: entries, dateLocale: locale), diagnostics)
    }

    private static func missingForms(_ key: String, _ missing: [PluralCategory], language: String, file: String) -> Diagnostic {
        let all = PluralRules.categories(for: language).map(\.rawValue).joined(separator: ", ")
        let names = missing.map(\.rawValue).joined(separator: ", ")
        return Diagnostic(
            .stringsMissingKey,
            "'\(key)' has no \(names) form in '\(language)' (CLDR's forms for \(language): \(all)), so those counts use its 'other' form; add them to \(file)",
            file: file
        )
    }

    private static func quoted(_ entry: Entry) -> String {
        switch entry {
        case .text(let text): return "'\(text)'"
        case .counted(let forms): return "'\(forms[.other] ?? "")'"
        }
    }

    /// One table file: `key: text` lines, and counted phrases as `key:` with a line a
    /// category (`one: "{count} heart"`, `other: "{count} hearts"`).
    static func parse(_ bytes: [UInt8], label: String, diagnostics: inout [Diagnostic]) -> [String: Entry] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            diagnostics.append(Diagnostic(.stringsSyntax, "this string table is not valid UTF-8; save it as UTF-8", file: label))
            return [:]
        }
        // Its own messages (a duplicate key, a syntax error's line) name only hush's keys and the categories.
        var document = YAMLDocument(
            file: label,
            lineOffset: 0,
            codes: .strings,
            lines: Substring.lines(of: text),
            knownKeys: Key.allCases.map(\.rawValue) + PluralCategory.allCases.map(\.rawValue)
        )
        defer { diagnostics += document.diagnostics }
        guard let pairs = document.mapping(of: text, emptyLine: 1) else { return [:] }
        var entries: [String: Entry] = [:]
        for (key, value) in pairs {
            if let scalar = value.scalar {
                guard !YAMLDocument.isNull(scalar) else {
                    document.report(.stringsType, "'\(key.value)' has no text; write it, or remove the line to use English", at: value)
                    continue
                }
                entries[key.value] = .text(scalar.string)
                continue
            }
            guard let mapping = value.mapping else {
                document.report(.stringsType, "'\(key.value)' must be a text, or a text for each plural category (one: …, other: …)", at: value)
                continue
            }
            var forms: [PluralCategory: String] = [:]
            for (categoryNode, form) in mapping {
                let name = categoryNode.scalar?.string ?? ""
                guard let category = PluralCategory(rawValue: name) else {
                    let known = PluralCategory.allCases.map(\.rawValue).joined(separator: ", ")
                    document.report(.stringsType, "'\(name)' is not a plural category; CLDR's are \(known)", at: categoryNode)
                    continue
                }
                guard let scalar = form.scalar, !YAMLDocument.isNull(scalar) else {
                    document.report(.stringsType, "the '\(name)' form of '\(key.value)' must be a text", at: form)
                    continue
                }
                forms[category] = scalar.string
            }
            entries[key.value] = .counted(forms)
        }
        return entries
    }
}
