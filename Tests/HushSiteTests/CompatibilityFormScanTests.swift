import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Class 3 of issue 8: compatibility forms (full-width and small forms, other scripts'
/// digits, look-alike at-signs and dots) are read as what they stand for, after hygiene, and
/// reported where they are written.
@Suite struct CompatibilityFormScanTests {
    static let forms: [Written] = [
        Written("write jane.doe＠gmail.com now", "pii.email", at: "jane.doe"),
        Written("write jane.doe﹫gmail.com now", "pii.email", at: "jane.doe"),
        Written("write jane.doe@gmail․com now", "pii.email", at: "jane.doe"),
        Written("write jane.doe@gmail。com now", "pii.email", at: "jane.doe"),
        Written("write ｊａｎｅ．ｄｏｅ＠ｇｍａｉｌ．ｃｏｍ now", "pii.email", at: "ｊａｎｅ"),
        Written("call ４１５-５５５-２６７１ now", "pii.phone", at: "４１５"),
        Written("call ＋４４ ２０ ７９４６ ０９５８ now", "pii.phone", at: "＋４４"),
        Written("call ٤١٥-٥٥٥-٢٦٧١ now", "pii.phone", at: "٤١٥"),
        Written("call 𝟒𝟏𝟓-𝟓𝟓𝟓-𝟐𝟔𝟕𝟏 now", "pii.phone", at: "𝟒𝟏𝟓"),
        Written("call 415‐555‐2671 now", "pii.phone", at: "415"),
        Written("my card ４１１１ １１１１ １１１１ １１１１ ok", "pii.card", at: "４１１１"),
        Written("my card ४१११ ११११ ११११ ११११ ok", "pii.card", at: "४१११"),
        Written("my IP was ２０３．０．１１３．４２ then", "pii.ip", at: "２０３"),
        Written("my IBAN is GB33 BU\u{212A}B 2020 1555 5555 55 ok", "pii.iban", at: "GB33"),
        Written("call 020\u{3000}7946\u{3000}0958 now", "pii.phone", at: "020"),
    ]

    static let prose: [Written] = [
        Written("Ｈｅｌｌｏ ｗｏｒｌｄ, in full-width letters."),
        Written("価格は１２０円です。第３章を読んだ。"),
        Written("2026年11月2日、雨。Sentence one。Sentence two。"),
        Written("Pages ١٢–١٥ of the diary, and the year ٢٠١٩."),
        Written("The Kelvin scale starts at 0 \u{212A}."),
    ]

    @Test(arguments: forms + prose)
    func foldedBeforeScanning(_ written: Written) throws {
        try expectFinding(written)
    }

    @Test func aFullWidthHandleIsAHandle() throws {
        let result = try check(stories: ["a.md": story(id: "k3v9q2mf", body: "follow me ＠bob_smith on there")])
        #expect(result.diagnostics("pii.handle").count == 1, "\(result.listing)")
    }

    /// A tag is made NFKC for its page's address: the scan must see what the address shows.
    @Test func aFullWidthPhoneAsATagIsFound() throws {
        let text = story(tags: ["\"＋４４ ２０ ７９４６ ０９５８\""], id: "k3v9q2mf")
        let result = try check(stories: ["a.md": text])
        let found = result.diagnostics("pii.phone")
        #expect(found.count == 1, "\(result.listing)")
        #expect(found.first?.line == 3)
    }

    /// The fold maps every byte back: a finding after wide characters keeps its column.
    @Test func placesCountCharactersAsWritten() throws {
        let text = story(title: "\"ｔｉｔｌｅ： ｗｒｉｔｅ ｊａｎｅ＠ｇｍａｉｌ．ｃｏｍ\"", id: "k3v9q2mf")
        let result = try check(stories: ["a.md": text])
        let expected = try #require(location(of: "ｊａｎｅ", in: text))
        let found = result.diagnostics("pii.email")
        #expect(found.count == 1, "\(result.listing)")
        #expect(found.first?.line == expected.line && found.first?.column == expected.column, "\(result.listing)")
    }

    @Test func theFoldedViewMapsBackToTheText() {
        let view = ScanView.source("tel ４１５-５５５-２６７１ ok", markdown: false).folded()
        #expect(view.text == "tel 415-555-2671 ok")
        let start = Array("tel ".utf8).count
        let range = view.sourceRange(of: start..<(start + 12))
        let written = Array("tel ４１５-５５５-２６７１ ok".utf8)
        #expect(String(decoding: written[range], as: UTF8.self) == "４１５-５５５-２６７１")
    }
}
