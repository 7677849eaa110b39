import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// `region:` in hush.yml: how national phone numbers are read, by default the region of the
/// site's language; numbers written with + are read the same in every region.
@Suite struct RegionTests {
    private func parse(_ yaml: String) -> (SiteConfig?, [Diagnostic]) {
        ConfigParser.parse(SourceFile(path: "hush.yml", bytes: Array(yaml.utf8)))
    }

    @Test(arguments: [
        ("", "US"),
        ("language: en\n", "US"),
        ("language: en-GB\n", "GB"),
        ("language: fr\n", "FR"),
        ("language: de\n", "DE"),
        ("language: es\n", "ES"),
        ("language: pt\n", "BR"),
        ("language: pt-PT\n", "PT"),
        ("language: ja\n", "JP"),
        ("language: ar\n", "EG"),
        ("language: zh-Hant\n", "TW"),
        ("language: hi\n", "IN"),
        ("language: fr\nregion: ca\n", "CA"),
        ("region: IN\nlanguage: en\n", "IN"),
    ])
    func regionComesFromTheKeyElseTheLanguage(_ lines: String, _ expected: String) throws {
        let (config, diagnostics) = parse(testConfig + lines)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(try #require(config).regions.first?.code == expected)
    }

    @Test(arguments: ["USA", "1", "U", "é", "UK", "XX"])
    func aRegionIsTwoLetters(_ value: String) {
        let (config, diagnostics) = parse(testConfig + "region: \"\(value)\"\n")
        #expect(config == nil)
        #expect(diagnostics.map(\.code.name) == ["config.invalid-value"], "\(diagnostics)")
    }

    /// The same story on several sites: an Indian mobile written as Indians write it is a phone
    /// where the site's region is India, and on an English site with no region (English is
    /// read in the regions that write it, India among them), but not on a site whose region
    /// is the United States, where the digits make no number, unless the story says it is in
    /// Hindi; a number with + is one everywhere.
    @Test func theRegionDecidesHowNationalNumbersAreRead() throws {
        let national = story(title: "Late", body: "I still know 98123 45678 by heart.")
        let india = try check(stories: ["a.md": national], config: testConfig + "region: IN\n")
        #expect(india.diagnostics.map(\.code.name) == ["pii.phone"], "\(india.listing)")
        let english = try check(stories: ["a.md": national], config: testConfig + "language: en\n")
        #expect(english.diagnostics.map(\.code.name) == ["pii.phone"], "\(english.listing)")
        let unitedStates = try check(stories: ["a.md": national], config: testConfig + "language: en\nregion: US\n")
        #expect(unitedStates.diagnostics.filter { $0.code.name.hasPrefix("pii.") }.isEmpty, "\(unitedStates.listing)")

        // A story in Hindi on an English site has its numbers read as in India too.
        let hindi = "---\ntitle: Late\ndate: 2026-10-01\nlang: hi\n---\nI still know 98123 45678 by heart.\n"
        let mixed = try check(stories: ["a.md": hindi], config: testConfig + "language: en\nregion: US\n")
        #expect(mixed.diagnostics.map(\.code.name) == ["pii.phone"], "\(mixed.listing)")

        let international = story(title: "Late", body: "I still know +91 98123 45678 by heart.")
        for config in [testConfig + "region: IN\n", testConfig + "region: US\n", testConfig + "language: ja\n"] {
            let result = try check(stories: ["a.md": international], config: config)
            #expect(result.diagnostics.map(\.code.name) == ["pii.phone"], "\(result.listing)")
        }
    }
}
