import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// The site speaks its language (docs/themes.md, Translating): every word of the built-in
/// themes and the feeds comes from the string table of the site's `language`, counted
/// phrases take their CLDR plural forms, dates are written by Foundation for the language,
/// a missing key is English with one warning, a site's own table wins, and a right-to-left
/// language turns the page around. Checked on built pages, not goldens.
@Suite struct StringTableTests {
    /// The languages hush ships a complete table for.
    static let shipped = ["fr", "es", "de", "pt", "ar", "ja"]

    /// The resolved table of `language`, from the built-in tables only (and `siteTables`).
    static func table(_ language: String, siteTables: [String: String] = [:]) -> (StringTable, [Diagnostic]) {
        StringTable.load(
            language: language,
            themes: ["default"],
            builtin: Theme.builtinFiles(),
            siteTemplates: [:],
            siteTables: siteTables.mapValues { Array($0.utf8) }
        )
    }

    // MARK: Plural rules (CLDR)

    @Test(arguments: [
        ("ar", [0: "zero", 1: "one", 2: "two", 3: "few", 11: "many", 100: "other"]),
        ("fr", [0: "one", 1: "one", 2: "other", 3: "other", 11: "other", 100: "other", 1_000_000: "many"]),
        ("en", [0: "other", 1: "one", 2: "other", 3: "other", 11: "other", 100: "other"]),
        ("ja", [0: "other", 1: "other", 2: "other", 3: "other", 11: "other", 100: "other"]),
        ("pt-BR", [0: "one", 1: "one", 2: "other"]),
        ("ru", [1: "one", 2: "few", 5: "many", 11: "many", 21: "one", 22: "few", 112: "many"]),
    ])
    func pluralCategoriesFollowCLDR(_ language: String, _ expected: [Int: String]) {
        for (number, category) in expected {
            #expect(PluralRules.category(of: number, in: language).rawValue == category, "\(language) \(number)")
        }
    }

    @Test(arguments: [
        ("ar", [0: "لا قلوب", 1: "قلب واحد", 2: "قلبان", 3: "3 قلوب", 11: "11 قلبًا", 100: "100 قلب"]),
        ("fr", [0: "0 cœur", 1: "1 cœur", 2: "2 cœurs", 3: "3 cœurs", 11: "11 cœurs", 100: "100 cœurs"]),
        ("en", [0: "0 hearts", 1: "1 heart", 2: "2 hearts", 3: "3 hearts", 11: "11 hearts", 100: "100 hearts"]),
        ("ja", [0: "ハート0個", 1: "ハート1個", 2: "ハート2個", 3: "ハート3個", 11: "ハート11個", 100: "ハート100個"]),
    ])
    func countedPhrasesTakeTheLanguagesForms(_ language: String, _ expected: [Int: String]) {
        let (table, diagnostics) = Self.table(language)
        #expect(diagnostics.isEmpty)
        for (number, text) in expected {
            #expect(table.counted(.hearts, number) == text, "\(language) \(number)")
        }
    }

    // MARK: Dates

    @Test(arguments: [
        ("fr", DatePrecision.week, "semaine du 2 nov. 2026"),
        ("ja", .week, "2026年11月2日の週"),
        ("ar", .week, "أسبوع 2 نوفمبر، 2026"),
        ("en", .week, "Week of 2 Nov 2026"),
        ("en", .day, "2 Nov 2026"),
        ("en-US", .day, "Nov 2, 2026"),
        ("fr", .month, "novembre 2026"),
        ("ja", .month, "2026年11月"),
        ("ar", .month, "نوفمبر 2026"),
        ("de", .day, "2. Nov. 2026"),
        ("es", .month, "noviembre de 2026"),
    ])
    func datesAreWrittenInTheSitesLanguage(_ language: String, _ precision: DatePrecision, _ expected: String) {
        let day = Day(year: 2026, month: 11, day: 2)!
        #expect(Self.table(language).0.dates(for: [day], precision: precision)[day] == expected)
    }

    // MARK: The tables

    @Test func everyKeyTheCodeUsesIsInTheEnglishTable() {
        let (english, diagnostics) = Self.table("en")
        #expect(diagnostics.isEmpty)
        for key in StringTable.Key.allCases {
            #expect(english.entries[key.rawValue] != nil, "en.yml has no '\(key.rawValue)'")
        }
    }

    @Test(arguments: shipped)
    func everyShippedTableIsComplete(_ language: String) {
        // No missing key and no missing plural form: load says so with a warning.
        let (table, diagnostics) = Self.table(language)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        #expect(table.dateLocale == language)
    }

    // MARK: No English left

    /// A site whose every text is neither English nor any table's: what is left in English on
    /// its pages can only come from hush.
    /// `backend`: with backend.url (the heart button, the report form, /submit/), so their words
    /// are checked too; without it, the plain count that says its hearts with the plural rules.
    static func neutralSite(language: String, in folder: TemporaryFolder, theme: String = "default", backend: Bool = true) throws -> String {
        var stories: [String: String] = [:]
        for number in 1...7 {
            stories["s\(number).md"] = story(
                date: "2026-10-0\(number)",
                title: "Zyxw \(number)",
                tags: ["qoph"],
                extra: ["hearts: \(number * 3)", "mood: vvv"],
                body: "Qwzx vbnm \(number)."
            )
        }
        stories["cw.md"] = story(date: "2026-10-08", tags: ["qoph"], extra: ["cw: kkkk"], body: "Qwzx kkk.")
        stories["draft.md"] = story(date: "2026-10-09", title: "Zyxw draft", extra: ["draft: true"], body: "Qwzx ddd.")
        let config = """
            title: "Plugh"
            base_url: "https://qq.example.org/"
            secret: "\(testSecret)"
            language: \(language)
            theme: \(theme)
            page_size: 2
            anonymity:
              min_tag_size: 1

            """ + (backend ? "backend:\n  url: \"https://api.qq.example.org/\"\nsubmissions: on\n" : "")
        return try folder.makeSite(stories: stories, config: config)
    }

    /// Words a language writes as English does, where a translator chose them.
    static let sameAsEnglish: [String: Set<String>] = ["fr": ["pagination_label"]]

    /// The English texts of hush's table, cut at their placeholders, that a page in
    /// `language` must not show: the pieces of four letters or more that `language`'s own
    /// translations do not also use ("Page" is French too). A text left as in English is not
    /// a translation: its pieces must not show.
    static func englishPieces(notIn language: String) -> Set<String> {
        func texts(_ entries: [String: StringTable.Entry]) -> [String] {
            entries.filter { $0.key != StringTable.localeKey }.values.flatMap { entry -> [String] in
                switch entry {
                case .text(let text): return [text]
                case .counted(let forms): return Array(forms.values)
                }
            }
        }
        let english = table("en").0.entries
        let translated = table(language).0.entries.filter { key, entry in
            english[key] != entry || sameAsEnglish[language, default: []].contains(key)
        }
        let own = texts(translated).joined(separator: "\n")
        var pieces: Set<String> = []
        for text in texts(english) {
            for part in StringTable.parts(of: text) {
                guard case .literal(let literal) = part else { continue }
                let piece = literal.trimmingCharacters(in: CharacterSet.letters.inverted)
                if piece.filter(\.isLetter).count >= 4, !own.contains(piece) { pieces.insert(piece) }
            }
        }
        return pieces
    }

    /// What a reader sees or hears of a built site: the text and the attributes read out or
    /// shown (aria-label, title, alt, placeholder, content, data-text-*) of every page, and the
    /// feeds and search fragments.
    static func readerTexts(_ files: [String: [UInt8]]) -> [(path: String, text: String)] {
        var found: [(String, String)] = []
        let shown: Set<String> = ["aria-label", "title", "alt", "placeholder", "content", "value"]
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let text = String(decoding: bytes, as: UTF8.self)
            if path.hasSuffix(".html") {
                for node in HTMLDocument(text).nodes {
                    if !node.isElement { found.append((path, node.text)) }
                    for attribute in node.attributes where shown.contains(attribute.name) || attribute.name.hasPrefix("data-text-") {
                        found.append((path + " @" + attribute.name, attribute.value))
                    }
                }
            } else if path == "feed.xml" {
                found += HTMLDocument(text).nodes.filter { !$0.isElement }.map { (path, $0.text) }
            } else if path == "feed.json" || path.hasPrefix("search/stories/") {
                // The values, not the keys (`home_page_url`).
                func strings(_ value: Any) -> [String] {
                    switch value {
                    case let text as String: return [text]
                    case let list as [Any]: return list.flatMap(strings)
                    case let object as [String: Any]: return object.values.flatMap(strings)
                    default: return []
                    }
                }
                let value = (try? JSONSerialization.jsonObject(with: Data(bytes))) ?? []
                found += strings(value).map { (path, $0) }
            }
        }
        return found
    }

    @Test(arguments: shipped)
    func aSiteInAShippedLanguageHasNoEnglishLeft(_ language: String) throws {
        try withTemporaryFolder { folder in
            for theme in ["default", "whisper", "paper"] {
                let site = try Self.neutralSite(language: language, in: folder, theme: theme)
                let built = try buildAndRead(site: site, drafts: true)
                #expect(built.result.warnings.isEmpty, "\(built.result.listing)")
                let pieces = Self.englishPieces(notIn: language)
                var left: Set<String> = []
                for (path, text) in Self.readerTexts(built.files) {
                    for piece in pieces where text.contains(piece) { left.insert("'\(piece)' in \(path)") }
                }
                #expect(left.isEmpty, "\(theme): \(left.sorted().prefix(20).joined(separator: "\n"))")
                try FileManager.default.removeItem(atPath: site)
            }
        }
    }

    /// The scan above finds English where there is some: on the English site it finds most
    /// of the English pieces (the others show only on pages this site has not: no tags, no stories).
    @Test func theScanFindsEnglishOnAnEnglishSite() throws {
        try withTemporaryFolder { folder in
            let built = try buildAndRead(site: try Self.neutralSite(language: "en", in: folder), drafts: true)
            let pieces = Self.englishPieces(notIn: "xx")
            let texts = Self.readerTexts(built.files).map(\.text)
            let found = pieces.filter { piece in texts.contains { $0.contains(piece) } }
            #expect(found.count >= pieces.count - 8, "not found: \(pieces.subtracting(found).sorted())")
        }
    }

    // MARK: Missing keys, site tables

    @Test func aLanguageWithoutATableIsEnglishWithOneWarning() throws {
        try withTemporaryFolder { folder in
            let built = try buildAndRead(site: try Self.neutralSite(language: "it", in: folder))
            #expect(built.result.codes == ["strings.no-table"], "\(built.result.listing)")
            #expect(built.result.diagnostics.first?.file == "i18n/it.yml")
            #expect(built.files.text("index.html").contains(">Most hearted<"))
            // Dates still come from Foundation, in Italian.
            #expect(built.files.text("index.html").contains("Week of 5 ott 2026"))
        }
    }

    @Test func aMissingKeyWarnsOnceNamingItAndFallsBackToEnglish() throws {
        try withTemporaryFolder { folder in
            let site = try Self.neutralSite(language: "it", in: folder)
            try folder.write("nav_home: \"Inizio\"\nnav_top: \"Più amate\"\n", to: "site/i18n/it.yml")
            let built = try buildAndRead(site: site)
            let missing = built.result.diagnostics("strings.missing-key")
            let english = Set(Self.table("en").0.entries.keys).subtracting([StringTable.localeKey, "nav_home", "nav_top"])
            #expect(missing.count == english.count)
            #expect(missing.filter { $0.message.hasPrefix("'nav_tags' ") }.count == 1)
            #expect(missing.allSatisfy { $0.file == "i18n/it.yml" && $0.severity == .warning })
            let home = built.files.text("index.html")
            #expect(home.contains(">Inizio<") && home.contains(">Più amate<") && home.contains(">Tags<"))
        }
    }

    @Test func aKeyAThemeAddsIsMissingInOtherLanguagesUntilTranslated() throws {
        try withTemporaryFolder { folder in
            let site = try Self.neutralSite(language: "fr", in: folder)
            try folder.write("lost_note: \"Nothing is lost\"\n", to: "site/Templates/default/i18n/en.yml")
            try folder.write(
                "{{> base}}<h1>{{page.heading}}</h1><p class=\"note\">{{t.lost_note}}</p>{{> footer}}\n",
                to: "site/Templates/default/404.mustache"
            )
            var built = try buildAndRead(site: site)
            #expect(built.result.codes == ["strings.missing-key"])
            #expect(built.result.diagnostics.first?.message.contains("'lost_note'") == true)
            #expect(built.files.text("404.html").contains("<p class=\"note\">Nothing is lost</p>"))
            try folder.write("lost_note: \"Rien ne se perd\"\n", to: "site/i18n/fr.yml")
            built = try buildAndRead(site: site)
            #expect(built.result.diagnostics.isEmpty)
            #expect(built.files.text("404.html").contains("<p class=\"note\">Rien ne se perd</p>"))
        }
    }

    @Test func theSitesOwnTableWins() throws {
        try withTemporaryFolder { folder in
            let site = try Self.neutralSite(language: "fr", in: folder, backend: false)
            try folder.write(
                """
                nav_top: "Les préférées"
                hearts:
                  one: "{count} petit cœur"
                  many: "{count} de petits cœurs"
                  other: "{count} petits cœurs"
                date_week: "Semaine du {date}"

                """,
                to: "site/i18n/fr.yml"
            )
            let built = try buildAndRead(site: site)
            #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
            let home = built.files.text("index.html")
            #expect(home.contains(">Les préférées<"))
            // French counts 0 with 1 ("one"): the untitled warned story has no hearts.
            #expect(home.contains(">0 petit cœur<") && home.contains(" petits cœurs<"))
            #expect(home.contains("Semaine du 5 oct. 2026"))
            // The keys it does not set keep the built-in French.
            #expect(home.contains(">Étiquettes<"))
        }
    }

    @Test func aMissingPluralFormWarnsAndUsesOther() throws {
        let (table, diagnostics) = Self.table("ar", siteTables: ["ar.yml": "hearts:\n  one: \"قلب\"\n  other: \"{count} قلب\"\n"])
        #expect(diagnostics.map(\.code.name) == ["strings.missing-key"])
        #expect(diagnostics.first?.message.contains("zero, two, few, many") == true)
        #expect(table.counted(.hearts, 2) == "2 قلب")
        #expect(table.counted(.hearts, 1) == "قلب")
    }

    @Test(arguments: [
        ("nav_top: [a, b]\n", "strings.type"),
        ("hearts:\n  several: \"x\"\n  other: \"y\"\n", "strings.type"),
        ("nav_top:\n", "strings.type"),
        ("nav_top: \"unclosed\n", "strings.syntax"),
    ])
    func aBrokenSiteTableIsAnErrorWithItsPlace(_ text: String, _ code: String) throws {
        try withTemporaryFolder { folder in
            let site = try Self.neutralSite(language: "fr", in: folder)
            try folder.write(text, to: "site/i18n/fr.yml")
            let result = build(site: site)
            let found = try #require(result.diagnostics(code).first, "\(result.listing)")
            #expect(found.file == "i18n/fr.yml" && found.line >= 1)
            #expect(result.summary.exitCode == 2)
        }
    }

    @Test func aLinkedSiteTableIsRefusedNotFollowed() throws {
        try withTemporaryFolder { folder in
            let site = try Self.neutralSite(language: "fr", in: folder)
            try folder.write("nav_top: \"Ailleurs\"\n", to: "elsewhere.yml")
            try FileManager.default.createDirectory(atPath: site + "/i18n", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: site + "/i18n/fr.yml", withDestinationPath: folder("elsewhere.yml"))
            let built = try buildAndRead(site: site)
            #expect(built.result.codes == ["strings.unreadable"], "\(built.result.listing)")
            #expect(built.result.diagnostics.first?.file == "i18n/fr.yml")
            #expect(built.files.isEmpty)
        }
    }

    // MARK: Direction

    @Test(arguments: ["default", "whisper", "paper"])
    func aRightToLeftSiteTurnsThePageAndKeepsAStorysOwnDirection(_ theme: String) throws {
        try withTemporaryFolder { folder in
            let config = testConfig + "language: ar\ntheme: \(theme)\n"
            let site = try folder.makeSite(
                stories: [
                    "ar.md": story(date: "2026-10-01", title: "قصة", id: "ar-story", body: "نص القصة."),
                    "en.md": story(date: "2026-10-02", title: "A story", id: "en-story", extra: ["lang: en"]),
                ],
                config: config
            )
            let built = try buildAndRead(site: site)
            #expect(built.result.diagnostics.isEmpty, "\(built.result.listing)")
            for path in ["index.html", "s/ar-story/index.html", "s/en-story/index.html", "404.html", "search/index.html"] {
                let html = HTMLDocument(built.files.text(path))
                let root = try #require(html.elements(named: "html").first)
                #expect(root.attribute("dir") == "rtl" && root.attribute("lang") == "ar", "\(path)")
            }
            let english = HTMLDocument(built.files.text("s/en-story/index.html")).elements(named: "article").first
            #expect(english?.attribute("dir") == "ltr" && english?.attribute("lang") == "en")
            let cards = HTMLDocument(built.files.text("index.html")).elements(named: "article")
            #expect(cards.contains { $0.attribute("lang") == "en" && $0.attribute("dir") == "ltr" })
        }
    }
}
