import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// Issue 8 end to end: personal data written so that only a reader sees it whole fails the
/// build at its place in the file, and no built file carries a hidden character.
@Suite struct ReaderViewSiteTests {
    /// One story a class: a line wrap, markup, a compatibility form, an invisible character,
    /// the id; each with the text its finding starts at.
    static let stories: [(file: String, text: String, code: String, at: String)] = [
        ("wrap.md", story(title: "One", id: "wrapped", body: "Plain.\n\n> call me on +44 20\n> 7946 0958 tonight"), "pii.phone", "+44 20"),
        ("markup.md", story(title: "Two", id: "marked", body: "Plain.\n\nwrite jane.doe`@`gmail.com or 415-555-**2671**"), "pii.email", "jane.doe`"),
        ("wide.md", story(title: "Three", id: "wide", body: "Né à Zürich, call ４１５-５５５-２６７１ now."), "pii.phone", "４１５"),
        ("hidden.md", story(title: "Four", id: "hidden", body: "write\u{200B} jane\u{E0041}.doe@gm\u{AD}ail.com now"), "pii.email", "write"),
        ("id.md", story(title: "Five", id: "4111-1111-1111-1111"), "pii.card", "4111"),
    ]

    @Test func theBuildFailsAtEachPlace() throws {
        try withTemporaryFolder { folder in
            var files: [String: String] = [:]
            for entry in Self.stories { files[entry.file] = entry.text }
            let site = try folder.makeSite(stories: files)
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 1, "\(result.listing)")
            #expect(FileSystem.kind(of: folder("public")) != .directory, "nothing is written when a story fails")
            for entry in Self.stories {
                let found = result.diagnostics.filter { $0.file == "content/\(entry.file)" && $0.code.name.hasPrefix("pii.") }
                var expected = try #require(location(of: entry.at, in: entry.text))
                // "write" and an invisible space: the address starts 7 characters after "write".
                if entry.file == "hidden.md" { expected.column += 7 }
                #expect(found.first?.code.name == entry.code, "\(entry.file): \(result.listing)")
                #expect(
                    found.first?.line == expected.line && found.first?.column == expected.column,
                    "\(entry.file) at \(expected): \(result.listing)"
                )
            }
            #expect(result.diagnostics("pii.phone").filter { $0.file == "content/markup.md" }.count == 1, "\(result.listing)")
        }
    }

    /// Every default-ignorable code point, tag character and control character is out of
    /// every built file, but for the emoji sequences that need them; watermarks are gone.
    @Test func builtFilesCarryNoHiddenCharacters() throws {
        let tagged = String(String.UnicodeScalarView("leaked-by-jane-doe".unicodeScalars.compactMap { Unicode.Scalar($0.value + 0xE0000) }))
        let hidden = "\u{AD}\u{34F}\u{115F}\u{17B4}\u{180E}\u{2061}\u{206A}\u{3164}\u{FFA0}\u{1D173}\u{FE00}\u{E0100}"
        let emoji = "👩‍💻 ❤️ 🏳️‍🌈 1️⃣ 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"
        let text = story(
            title: "\"A ti\(hidden)tle \(emoji)\"",
            tags: ["\"gr\u{2062}ief\""],
            id: "k3v9q2mf",
            extra: ["mood: \"calm\(tagged)\"", "cw: \"sad\u{200B}\""],
            body: "Once\(tagged) upon\(hidden)\u{1}\u{7F} a time \(emoji).\n\n![a p\u{AD}icture](pic.png \"ti\u{2063}tle\")"
        )
        // The picture is there: its description and title reach the page as `alt` and `title`.
        let built = try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": text])
            try folder.write(bytes: TestPNG.make(width: 20, height: 20), to: "site/content/pic.png")
            return try buildAndRead(site: site)
        }
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        #expect(!built.result.diagnostics("content.invisible-characters").isEmpty)
        let page = built.files.text("s/k3v9q2mf/index.html")
        #expect(page.contains(emoji), "emoji sequences survive untouched")
        #expect(page.contains("Once upon a time"))
        for (path, bytes) in built.files where !path.hasPrefix("assets/") {
            var text = String(decoding: bytes, as: UTF8.self)
            text = text.replacingOccurrences(of: emoji, with: "")
            let found = text.unicodeScalars.filter { scalar in
                let value = scalar.value
                if value == 0x09 || value == 0x0A || value == 0x0D { return false }
                return value < 0x20 || (0x7F...0x9F).contains(value) || (0xE0000...0xE007F).contains(value)
                    || scalar.properties.isDefaultIgnorableCodePoint
            }
            #expect(found.isEmpty, "\(path) has \(found.map { String($0.value, radix: 16) })")
        }
    }
}
