import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Class 4 of issue 8: every default-ignorable code point, the tag block and control
/// characters go before anything is scanned or published, except what an emoji sequence
/// needs; a hidden run of them is reported.
@Suite struct InvisibleCharacterTests {
    static let invisible: [UInt32] =
        [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F]
        + [0x202A, 0x202E, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2069]
        + Array(0x206A...0x206F) + [0x3164, 0xFE00, 0xFE0E, 0xFE0F, 0xFEFF, 0xFFA0]
        + Array(0x1D173...0x1D17A) + [0xE0001, 0xE0020, 0xE0041, 0xE007F, 0xE0100, 0xE01EF]
        + [0x00, 0x01, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F, 0x85, 0x9F]

    @Test(arguments: invisible)
    func removedBetweenLetters(_ value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let result = TextHygiene.clean("ab\(Character(scalar))cd")
        #expect(result.text == "abcd")
        #expect(result.removed == 1)
    }

    /// Emoji sequences keep what they need, byte for byte.
    static let emoji = [
        "👩‍💻", "👨🏽‍💻", "👨‍👩‍👧‍👦", "🐦‍⬛", "🏳️‍🌈", "❤️", "☺︎", "❤️‍🔥", "1️⃣", "#️⃣", "*️⃣", "🇬🇧",
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
        "🏴\u{E0075}\u{E0073}\u{E0074}\u{E0078}\u{E007F}", "Tabs\tand\nlines\r\nstay.",
    ]

    @Test(arguments: emoji)
    func emojiSequencesSurviveUntouched(_ text: String) {
        let sentence = "I said \(text) and left."
        let result = TextHygiene.clean(sentence)
        #expect(Array(result.text.unicodeScalars) == Array(sentence.unicodeScalars))
        #expect(result.removed == 0)
    }

    /// What an emoji sequence does not need goes, even next to an emoji.
    @Test(arguments: [
        ("a\u{200D}👩", "a👩"), ("👩\u{200D}a", "👩a"), ("1\u{FE0F}", "1"), ("x\u{FE0F}", "x"), ("❤\u{FE0F}\u{FE0F}", "❤\u{FE0F}"),
        ("🏴\u{E006C}\u{E0065}\u{E0061}\u{E006B}\u{E0065}\u{E0064}\u{E0062}\u{E0079}\u{E007F}", "🏴"),
        ("🏴\u{E0067}\u{E0062}", "🏴"), ("x\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "x"),
    ])
    func strayJoinersAndTagsGo(_ written: String, _ expected: String) {
        #expect(Array(TextHygiene.clean(written).text.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test func stillNFC() {
        #expect(TextHygiene.clean("Caf\u{65}\u{301}").text.unicodeScalars.elementsEqual("Caf\u{E9}".unicodeScalars))
        #expect(TextHygiene.clean("\u{212B}ngstr\u{F6}m \u{212A}").text.unicodeScalars.elementsEqual("\u{C5}ngstr\u{F6}m K".unicodeScalars))
        #expect(TextHygiene.clean("e\u{200B}\u{301}").text.unicodeScalars.elementsEqual("\u{E9}".unicodeScalars))
    }

    @Test func cleaningMapsBackToTheText() {
        let written = "ab\u{AD}c\u{E0041}d \u{212B} x"
        let clean = TextHygiene.cleanMapped(written)
        #expect(clean.text == "abcd \u{C5} x")
        let bytes = Array(written.utf8)
        let d = Array("abc".utf8).count
        #expect(String(decoding: bytes[clean.originalRange(of: d..<(d + 1))], as: UTF8.self) == "d")
        let x = Array("abcd \u{C5} ".utf8).count
        #expect(String(decoding: bytes[clean.originalRange(of: x..<(x + 1))], as: UTF8.self) == "x")
        #expect(clean.firstRemoved == 2)
    }

    static let hiding: [Written] = [
        Written("write jane.doe@gm\u{AD}ail.com now", "pii.email", at: "jane"),
        Written("write jane\u{E0041}@gmail.com now", "pii.email", at: "jane"),
        Written("write jane\u{0}@gmail.com now", "pii.email", at: "jane"),
        Written("write jane\u{1B}.doe@gmail.com now", "pii.email", at: "jane"),
        Written("call 415-555-\u{2062}2671 now", "pii.phone", at: "415"),
        Written("card 4111\u{180E} 1111 1111 \u{3164}1111 ok", "pii.card", at: "4111"),
        Written("ip 203\u{FE00}.0.113.\u{E0100}42 ok", "pii.ip", at: "203"),
        Written("mail j\u{115F}a\u{17B4}n\u{1D173}e@gmail.com", "pii.email", at: "j"),
        Written(String(repeating: "ночью я ", count: 40) + "write jane.doe@gm\u{AD}ail.com", "pii.email", at: "jane"),
        Written(String(repeating: "cafe\u{301} ", count: 40) + "write jane.doe@gm\u{200B}ail.com", "pii.email", at: "jane"),
    ]

    @Test(arguments: hiding)
    func nothingHidesInInvisibleCharacters(_ written: Written) throws {
        try expectFinding(written)
    }

    /// Text spelled in tag characters is removed with a warning at its place, never shown.
    @Test func hiddenTextIsReportedWhereItIs() throws {
        let hidden = String(String.UnicodeScalarView("leaked-by-jane-doe".unicodeScalars.compactMap { Unicode.Scalar($0.value + 0xE0000) }))
        let text = story(id: "k3v9q2mf", body: "A plain line.\nAnd then\(hidden) nothing.")
        let result = try check(stories: ["a.md": text])
        let warnings = result.diagnostics("content.invisible-characters")
        #expect(warnings.count == 1, "\(result.listing)")
        #expect(warnings.first?.line == 6 && warnings.first?.column == 9, "\(result.listing)")
        #expect(warnings.first?.message.contains("hidden text") == true)
        #expect(warnings.first?.severity == .warning)
        #expect(result.summary.exitCode == 0)
    }
}
