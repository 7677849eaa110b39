import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// URLs are read as browsers read them (the WHATWG URL standard) and as feed readers do: a
/// link or image counts as the site's own only when every reader agrees on its host.
@Suite struct URLSafetyTests {
    static let site = "stories.example.org"

    /// URLs that leave the site, however they are written.
    static let external = [
        "//stories.example.org\\@evil.example/t.png",
        "//stories.example.org%5C@evil.example/t.png",
        "https://stories.example.org\\@evil.example/",
        "https://stories.example.org@evil.example/",
        "https://user:pass@stories.example.org/",
        "https:\\\\evil.example/",
        "https:/evil.example/",
        "https:evil.example/",
        "HTTP:\\/evil.example",
        "\\\\evil.example/x.png",
        "/\\evil.example/x.png",
        "\\/evil.example/x.png",
        " \u{1}//evil.example/x.png",
        "/\t/evil.example/x.png",
        "/\n/evil.example/x.png",
        "h\ttps://evil.example/",
        "//evil.example",
        "//%65vil.example/",
        "//stories.example.org.evil.example/",
        "//stories.example.org:443@evil.example/",
        "https://",
        "//",
        "ftp://stories.example.org/x",
        "wss://evil.example/",
    ]

    /// URLs that stay on the site.
    static let own = [
        "x.png", "/x.png", "../s/abc/", "#top", "?q=1", "https://stories.example.org/s/abc/", "//stories.example.org/x.png",
        "HTTPS://Stories.Example.ORG./top/", "https://stories.example.org:443/x", "//stories.%65xample.org/x", " /x.png ",
        "mailto:someone", "/a\\b.png",
    ]

    @Test(arguments: external)
    func leavesTheSite(_ url: String) {
        #expect(URLSafety.isExternal(url, siteHost: Self.site), "\(url)")
    }

    @Test(arguments: own)
    func staysOnTheSite(_ url: String) {
        #expect(!URLSafety.isExternal(url, siteHost: Self.site), "\(url)")
    }

    /// The reproduction: a backslash before an `@` made a pixel from another site look local,
    /// and it reached feed readers through both feeds.
    @Test(arguments: [
        "//stories.example.org\\\\@evil.example/t.png", "https://stories.example.org\\\\@evil.example/t.png", "/\\\\evil.example/t.png",
    ])
    func anImageFromAnotherHostIsNeverLoaded(_ url: String) throws {
        let text = "---\ndate: 2026-10-01\nid: pixel\n---\nHello.\n\n![pixel](\(url))\n\n[away](\(url))\n"
        let built = try buildStories(["a.md": text])
        #expect(built.result.diagnostics("render.external-image").count == 1, "\(built.result.listing)")
        for (path, bytes) in built.files where path.hasSuffix(".html") || path.hasSuffix(".json") || path.hasSuffix(".xml") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("<img") && !text.contains("&lt;img") && !text.contains("\\u003cimg"), "\(path) loads the pixel")
        }
        let body = storyBody(built.files.text("s/pixel/index.html"))
        #expect(occurrences(of: "rel=\"noopener noreferrer nofollow\"", in: body) == 2, "\(body)")
    }
}
