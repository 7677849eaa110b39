import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushMarkdown
@testable import HushSite

/// Story text never runs in a reader's browser: no raw HTML, no script URLs, no requests to
/// other origins, no template syntax, and the page's structure stays the page's own.
@Suite struct RenderTests {
    static let siteHost = "stories.example.org"

    private func render(_ body: String) -> Markdown.Output {
        Markdown.render(body, smartPunctuation: false, siteHost: Self.siteHost)
    }

    // MARK: Raw HTML

    static let rawHTML: [String] = [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> there",
        "Hello <img src=x onerror=alert(1)> there",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<object data=\"https://evil.example/x.swf\"></object>",
        "<embed src=\"https://evil.example/x.swf\">",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        "<svg onload=alert(1)></svg>",
        "<style>body { display: none }</style>",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<form action=\"https://evil.example/\"><input name=q></form>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<div\nonmouseover=alert(1)>x</div>",
        "<!-- comment --><SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    ]

    /// What must never be in a story body's HTML. (The text between two omitted tags, like
    /// `alert(1)` in `<script>alert(1)</script>` inside a paragraph, stays as inert text.)
    private func dangerousMarkup(in html: String) -> [String] {
        let lowered = html.lowercased()
        let markers = [
            "<script", "<img", "<iframe", "<object", "<embed", "<base", "<meta", "<svg", "<style", "<link", "<form", "<input",
            "<div", "onerror", "onload", "onmouseover", "http-equiv", "evil.example",
        ]
        return markers.filter { lowered.contains($0) }
    }

    @Test(arguments: rawHTML)
    func rawHTMLNeverReachesTheOutput(_ body: String) {
        let html = render(body).html
        #expect(dangerousMarkup(in: html).isEmpty, "\(html)")
    }

    @Test func rawHTMLNeverReachesAnyBuiltFile() throws {
        let body = Self.rawHTML.joined(separator: "\n\n")
        let built = try buildStories(["a.md": story(title: "Raw", id: "raw-html", body: body)])
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let page = built.files.text("s/raw-html/index.html")
        #expect(dangerousMarkup(in: storyBody(page)).isEmpty, "\(storyBody(page))")
        for (path, bytes) in built.files where !path.hasPrefix("assets/") {
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            for marker in ["<script>", "evil.example", "onerror", "onload", "onmouseover", "<iframe", "http-equiv=\"refresh\""] {
                #expect(!text.contains(marker), "\(path) contains \(marker)")
            }
        }
    }

    // MARK: Dangerous URLs

    /// A browser's view of an href: entities decoded, spaces and controls around it dropped,
    /// tabs and newlines inside it ignored; nil for a relative URL.
    private func effectiveScheme(_ href: String) -> String? {
        var value = href.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
        // Numeric character references.
        while let start = value.range(of: "&#"), let end = value[start.upperBound...].firstIndex(of: ";") {
            let digits = value[start.upperBound..<end]
            let number = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            let scalar = number.flatMap(Unicode.Scalar.init).map(String.init) ?? ""
            value.replaceSubrange(start.lowerBound...end, with: scalar)
        }
        let scalars = value.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        let trimmed = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: CharacterSet(charactersIn: "\u{0}"..."\u{20}"))
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let scheme = trimmed[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        return scheme.lowercased()
    }

    static let dangerousLinks: [String] = [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](java&#x09;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](<\u{1}javascript:alert(1)>)",
        "[x](vbscript:msgbox(1))",
        "[x](VBScript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](DATA:text/html,hello)",
        "[x](data:image/png;base64,iVBORw0KGgo=)",
        "[x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        "<javascript:alert(1)>",
        "[x][evil]\n\n[evil]: javascript:alert(1)",
        "[x](javascript&colon;alert(1))",
    ]

    /// A link whose target may not be followed loses its link and keeps its text: no href at
    /// all is left (so a vanished check cannot pass by finding nothing to look at), and the
    /// words are still there.
    @Test(arguments: dangerousLinks)
    func scriptAndDataLinksAreNotClickable(_ body: String) {
        let html = render(body).html
        let hrefs = attributeValues("href", in: html)
        #expect(hrefs == [], "clickable: \(hrefs.map { "\($0) (\(effectiveScheme($0) ?? "relative"))" }) in \(html)")
        #expect(occurrences(of: "<a", in: html) == 0, "\(html)")
        let text = HTMLDocument(html).text
        #expect(text.contains(body.hasPrefix("<") ? "alert(1)" : "x"), "the link text stays: \(html)")
    }

    /// The checks above see a link when there is one.
    @Test func theCheckAboveSeesALinkWhenThereIsOne() {
        let html = render("[x](https://example.com/)").html
        #expect(attributeValues("href", in: html) == ["https://example.com/"])
        #expect(effectiveScheme("java&#x09;script:alert(1)") == "javascript")
    }

    /// URLSafety's rule: only web links and relative ones may be followed.
    @Test(arguments: [
        "ftp://example.com/file", "irc://irc.example.net/chan", "ssh://example.com", "intent://scan/#Intent;scheme=zxing;end", "ms-settings:privacy",
    ])
    func otherSchemesAreNotClickable(_ url: String) {
        let html = render("[x](\(url))").html
        #expect(attributeValues("href", in: html) == [], "clickable: \(html)")
        #expect(html == "<p>x</p>\n", "the text stays, the link goes")
    }

    @Test(arguments: [
        "https://example.com/", "http://example.com/page?q=1&r=2", "//example.com/x", "HTTPS://EXAMPLE.COM/",
        "https://stories.example.org.evil.example/",
    ])
    func externalLinksGetRel(_ url: String) {
        let html = render("[away](\(url))").html
        #expect(html.contains(" rel=\"noopener noreferrer nofollow\">away</a>"), "\(html)")
        #expect(occurrences(of: "<a ", in: html) == 1)
    }

    @Test(arguments: ["/tags/fear/", "#note", "../s/abc/", "https://stories.example.org/s/abc/", "HTTPS://Stories.Example.org/top/", "s/abc/"])
    func internalLinksDoNot(_ url: String) {
        let html = render("[here](\(url))").html
        #expect(html.contains("<a href="), "\(html)")
        #expect(!html.contains("rel="), "\(html)")
    }

    // MARK: Images

    @Test func externalImageBecomesALinkWithAWarning() throws {
        let text = "---\ndate: 2026-10-01\nid: pictures\n---\nA photo:\n\n![my cat](https://images.example.com/cat.jpg \"Cat\")\n"
        let built = try buildStories(["a.md": text])
        let warning = try #require(built.result.diagnostics("render.external-image").first, "\(built.result.listing)")
        #expect(built.result.diagnostics.count == 1)
        #expect(warning.severity == .warning)
        #expect(warning.file == "content/a.md" && warning.line == 7 && warning.column == 1)
        #expect(built.result.summary.exitCode == 0)
        let body = storyBody(built.files.text("s/pictures/index.html"))
        #expect(!body.contains("<img"), "\(body)")
        #expect(body.contains("<a href=\"https://images.example.com/cat.jpg\" rel=\"noopener noreferrer nofollow\">my cat</a>"), "\(body)")
        for (path, bytes) in built.files where path.hasSuffix(".html") || path.hasSuffix(".json") || path.hasSuffix(".xml") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("<img") && !text.contains("&lt;img"), "\(path) loads an image from another site")
        }
    }

    @Test(arguments: ["//images.example.com/cat.jpg", "HTTP://images.example.com/cat.jpg", "http:images.example.com/cat.jpg"])
    func otherSpellingsOfExternalImages(_ url: String) {
        let output = render("![cat](\(url))")
        #expect(!output.html.contains("<img"), "\(output.html)")
        #expect(output.findings.map(\.kind) == [.externalImage])
    }

    @Test func dataImageBecomesItsAltText() throws {
        let text =
            "---\ndate: 2026-10-01\nid: pixels\n---\nSee: ![a red pixel](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==)\n"
        let built = try buildStories(["a.md": text])
        let warning = try #require(built.result.diagnostics("render.data-image").first, "\(built.result.listing)")
        #expect(built.result.diagnostics.count == 1)
        #expect(warning.line == 5 && warning.column == 6)
        let body = storyBody(built.files.text("s/pixels/index.html"))
        #expect(body.contains("<p>See: a red pixel</p>"), "\(body)")
        #expect(!built.files.values.contains { containsBytes($0, Array("iVBORw0KGgo".utf8)) })
    }

    @Test func imagesFromTheSiteItselfStay() {
        let output = render("![logo](/assets/logo.png)")
        #expect(output.html.contains("<img src=\"/assets/logo.png\" alt=\"logo\" />"), "\(output.html)")
        #expect(output.findings.isEmpty)
    }

    // MARK: Templates and structure

    @Test func templateSyntaxInAStoryIsJustText() throws {
        let text = """
            ---
            title: "{{site.title}} {{{ page.title }}}"
            date: 2026-10-01
            mood: "{{#site}}{{title}}{{/site}}"
            id: mustache
            ---
            Say {{ x }} and {{{ y }}} and {{> base}} and {{#site}}{{title}}{{/site}} and {{! comment }}.

            """
        let built = try buildStories(["a.md": text])
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let page = built.files.text("s/mustache/index.html")
        #expect(storyBody(page).contains("<p>Say {{ x }} and {{{ y }}} and {{&gt; base}} and {{#site}}{{title}}{{/site}} and {{! comment }}.</p>"))
        #expect(page.contains("<h1>{{site.title}} {{{ page.title }}}</h1>"))
        #expect(page.contains("<span class=\"visually-hidden\">Mood: </span>{{#site}}{{title}}{{/site}}</span>"))
        #expect(occurrences(of: "<!doctype html>", in: page) == 1, "the base partial is included once, by the template")
    }

    @Test func textFieldsAreEscapedEverywhere() throws {
        let text = """
            ---
            title: "<b onmouseover=alert(1)>Bold</b> & \\"quoted\\""
            date: 2026-10-01
            mood: "<i>tilted</i>"
            cw: "</details><script>x()</script>"
            tags: ["<tag>", "a&b"]
            id: escaped
            ---
            Body.

            """
        let built = try buildStories(["a.md": text])
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let page = built.files.text("s/escaped/index.html")
        #expect(page.contains("<h1>&lt;b onmouseover=alert(1)&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;</h1>"), "\(page)")
        for (path, bytes) in built.files where path.hasSuffix(".html") || path.hasSuffix(".xml") {
            let html = String(decoding: bytes, as: UTF8.self)
            for raw in ["<b ", "<i>", "<script>x", "</details><", "<tag>", "a&b"] {
                #expect(!html.contains(raw), "\(path) has \(raw) unescaped")
            }
        }
    }

    @Test func headingsMoveDownOneLevel() {
        let html = render("# One\n\n## Two\n\n### Three\n\n##### Five\n\n###### Six\n\nSetext\n======\n\nOther\n-----\n").html
        #expect(!html.contains("<h1"))
        #expect(html == "<h2>One</h2>\n<h3>Two</h3>\n<h4>Three</h4>\n<h6>Five</h6>\n<h6>Six</h6>\n<h2>Setext</h2>\n<h3>Other</h3>\n")
    }

    @Test func storyPageHasOneH1() throws {
        let built = try buildStories(["a.md": story(title: "Heading", id: "headings", body: "# Inside\n\nText.")])
        let page = built.files.text("s/headings/index.html")
        #expect(occurrences(of: "<h1", in: page) == 1)
        #expect(storyBody(page).contains("<h2>Inside</h2>"))
    }

    @Test(arguments: [
        ("quotes", String(repeating: "> ", count: 500) + "deep"),
        ("lists", (0..<500).map { String(repeating: "  ", count: $0) + "- level \($0)" }.joined(separator: "\n")),
        ("ordered lists", (0..<500).map { String(repeating: "   ", count: $0) + "1. level \($0)" }.joined(separator: "\n")),
        ("brackets", String(repeating: "[", count: 5000) + "x" + String(repeating: "](/y)", count: 5000)),
        ("emphasis", String(repeating: "*a ", count: 5000) + String(repeating: "b* ", count: 5000)),
    ])
    func deepNestingBuilds(_ name: String, _ body: String) throws {
        let built = try buildStories(["deep.md": story(title: "Deep", id: "deep", body: body)])
        #expect(built.result.summary.exitCode == 0, "\(name): \(built.result.listing)")
        #expect(built.files["s/deep/index.html"] != nil)
    }

    // MARK: Invisible characters

    @Test(arguments: ["\u{200B}", "\u{FEFF}", "\u{202E}", "\u{200D}", "\u{2066}"], ["body", "title", "tag"])
    func invisibleCharactersAreRemovedWithAWarning(_ character: String, _ place: String) throws {
        let title = place == "title" ? "Con\(character)fession" : "Confession"
        let tag = place == "tag" ? "gr\(character)ief" : "grief"
        let body = place == "body" ? "Hello\(character)world, I have a secret." : "Helloworld, I have a secret."
        let built = try buildStories(["a.md": story(title: title, tags: [tag], id: "hidden", body: body)])
        let warnings = built.result.diagnostics("content.invisible-characters")
        #expect(warnings.count == 1, "\(built.result.listing)")
        #expect(warnings.first?.file == "content/a.md")
        #expect(warnings.first?.severity == .warning)
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")

        let page = built.files.text("s/hidden/index.html")
        #expect(page.contains("<h1>Confession</h1>"))
        #expect(storyBody(page).contains("<p>Helloworld, I have a secret.</p>"))
        #expect(built.files["tags/grief/index.html"] != nil)
        let bytes = Array(character.utf8)
        for (path, content) in built.files {
            #expect(
                !containsBytes(content, bytes),
                "\(path) still has U+\(String(character.unicodeScalars.first!.value, radix: 16, uppercase: true))"
            )
        }
    }
}
