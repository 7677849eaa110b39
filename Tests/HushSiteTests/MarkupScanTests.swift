import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Class 2 of issue 8: markup that splits a value in the source does not split it on the page,
/// so the rendered text (and where links and images point) is scanned as well as the source,
/// each finding reported once, at its place in the file.
@Suite struct MarkupScanTests {
    static let split: [Written] = [
        Written("write jane.doe`@`gmail.com now", "pii.email", at: "jane.doe"),
        Written("write jo@<span>gmail.com</span> now", "pii.email", at: "jo@"),
        Written("write jane.doe<!-- x -->@gmail.com now", "pii.email", at: "jane.doe"),
        Written("call 415-555-**2671** now", "pii.phone", at: "415"),
        Written("call 415-555-<b>2671</b> now", "pii.phone", at: "415"),
        Written("card 4111 1111 1111 *1111* ok", "pii.card", at: "4111"),
        Written("my IP 203.0.113.**77** ok", "pii.ip", at: "203"),
        Written("see facebook.com/**jane.doe.5055** ok", "pii.profile-url", at: "facebook.com"),
        Written("see _instagram.com/jane_doe_ ok", "pii.profile-url", at: "instagram.com"),
        Written("![call +44 20 **7946** 0958](pic.png)", "pii.phone", at: "+44"),
        Written("[jane.doe@**gmail**.com](/about)", "pii.email", at: "jane.doe@"),
        Written("write [to me](mailto:jane.doe@gmail.com) now", "pii.email", at: "jane.doe@gmail.com"),
        Written("see [my page](https://facebook.com/jane.doe.5055)", "pii.profile-url", at: "https://facebook.com"),
        Written("a [link](/about \"call 415-555-2671\") here", "pii.phone", at: "415"),
        Written("write jane.doe@gmail.com now", "pii.email", at: "jane.doe"),
        Written("> quoted: 415-555-*2671*", "pii.phone", at: "415"),
        Written("1. call *+44* 20 7946 0958", "pii.phone", at: "+44"),
    ]

    /// Ordinary markdown: nothing to find.
    static let ordinary: [Written] = [
        Written("**Bold** and *italic* and `code` and [a link](/about) and ![a cat](cat.png)."),
        Written("Call me *maybe*, at **noon**, in ~the~ park."),
        Written("- one\n- two\n\n> a quote\n\n    an indented code block\n\n---\n\nThe end."),
        Written("<details>a raw block</details>\n\nAnd plain text after it."),
        Written("A [reference link][one] and an <https://stories.example.org/about> autolink.\n\n[one]: /about"),
        Written("```\nlet x = 1\n```\n\nCode, and `y = 2`."),
        Written("It costs **€12**, or *£10* on Sundays."),
    ]

    @Test(arguments: split + ordinary)
    func readAsTheReaderGetsIt(_ written: Written) throws {
        try expectFinding(written)
    }

    /// Redacted where it is written, emphasis and all, so the page shows only the mark.
    @Test func redactionCoversTheMarkupInside() throws {
        let config = testConfig + "anonymity:\n  pii:\n    phone: redact\n    card: redact\n"
        let built = try buildStories(
            ["a.md": story(id: "k3v9q2mf", body: "call 415-555-**2671** or 4111 1111 1111 *1111* now")],
            config: config
        )
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let page = storyBody(built.files.text("s/k3v9q2mf/index.html"))
        #expect(page.contains("call █████ or █████ now"), "\(page)")
        #expect(!page.contains("2671") && !page.contains("*"))
    }
}
