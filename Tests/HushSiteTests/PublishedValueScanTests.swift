import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Class 5 of issue 8: every value that reaches a page is scanned, `id:` (in every address of
/// the story, the sitemap and the feeds) as much as the title and the body.
@Suite struct PublishedValueScanTests {
    @Test(arguments: [
        ("4111-1111-1111-1111", "pii.card"),
        ("020-7946-0958", "pii.phone"),
        ("DE89370400440532013000", "pii.iban"),
        ("k3v9q2mf", nil),
    ])
    func theIDIsScanned(_ id: String, _ code: String?) throws {
        let text = story(title: "A night", id: id)
        for strict in [false, true] {
            let result = try check(stories: ["a.md": text], strict: strict)
            let found = result.diagnostics.filter { $0.code.name.hasPrefix("pii.") }
            #expect(found.map(\.code.name) == (code.map { [$0] } ?? []), "\(result.listing)")
            if code != nil {
                #expect(found.first?.line == 4 && found.first?.column == 5, "\(result.listing)")
                #expect(result.summary.exitCode == 1)
            }
        }
    }

    /// Each place a reader sees text: the front matter's fields, and in the body the link
    /// text, where a link points, an image's description and its title.
    @Test(arguments: [
        ("title: call 415-555-2671 now", "415"),
        ("mood: jane.doe@gmail.com", "jane"),
        ("cw: card 4111 1111 1111 1111", "4111"),
        ("tags: [\"203.0.113.42\"]", "203"),
    ])
    func frontMatterFieldsAreScanned(_ line: String, _ at: String) throws {
        let text = "---\ndate: 2026-10-01\n\(line)\nid: k3v9q2mf\n---\nA plain story.\n"
        let result = try check(stories: ["a.md": text])
        let found = result.diagnostics.filter { $0.code.name.hasPrefix("pii.") }
        let expected = try #require(location(of: at, in: text))
        #expect(found.count == 1, "\(result.listing)")
        #expect(found.first?.line == expected.line && found.first?.column == expected.column, "\(result.listing)")
    }

    @Test(arguments: [
        Written("see [call me: 415-555-**2671**](/about)", "pii.phone", at: "415"),
        Written("see [here](https://example.org/?mail=jane.doe@gmail.com)", "pii.email", at: "jane.doe"),
        Written("see [here](https://example.org/?mail=jane.doe%40gmail.com)", "pii.email", at: "jane.doe"),
        Written("see [here](https://example.org/?a=%20b) and 100% sure", nil),
        Written("![jane.doe`@`gmail.com](me.png)", "pii.email", at: "jane.doe"),
        Written("![me](me.png \"call +44 20 7946 0958\")", "pii.phone", at: "+44"),
        Written("[me][1]\n\n[1]: /me \"card 4111 1111 1111 1111\"", "pii.card", at: "4111"),
    ])
    func bodyValuesAreScanned(_ written: Written) throws {
        try expectFinding(written)
    }
}
