import Testing

@testable import HushServe

/// The served page's policy allows the reload script by its hash and the event stream,
/// whatever the theme's policy looks like, and nothing more than it allowed before.
@Suite
struct ContentSecurityPolicyTests {
    static let hash = "'sha256-abc='"

    @Test(arguments: [
        // Hush's own policy: the hash is added; connect-src already allows the same origin.
        (
            "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'",
            "default-src 'none'; script-src 'self' 'sha256-abc='; connect-src 'self'; base-uri 'none'"
        ),
        // 'none' cannot stand beside a source.
        ("script-src 'none'; connect-src 'none'", "script-src 'sha256-abc='; connect-src http://127.0.0.1:8080/__hush/events"),
        // Missing directives fall back to default-src, so they are added with its sources.
        (
            "default-src 'none'",
            "default-src 'none'; script-src 'sha256-abc='; connect-src http://127.0.0.1:8080/__hush/events"
        ),
        ("default-src 'self'", "default-src 'self'; script-src 'self' 'sha256-abc='"),
        // A policy that does not restrict scripts stays as it is.
        ("img-src 'self'", "img-src 'self'"),
        ("script-src-elem 'self'; script-src 'self'", "script-src-elem 'self' 'sha256-abc='; script-src 'self' 'sha256-abc='"),
    ])
    func allowsTheScriptAndTheStream(_ given: String, _ expected: String) {
        let policy = ContentSecurityPolicy(given).allowing(script: Self.hash, connection: "http://127.0.0.1:8080/__hush/events")
        #expect(policy.text == expected)
    }

    @Test func rewritesTheMetaElementKeepingItEscaped() {
        let html = """
            <head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;">
            <meta name="referrer" content="no-referrer"></head>
            """
        let rewritten = ContentSecurityPolicy.rewriteMeta(in: html) { $0.allowing(script: Self.hash, connection: nil) }
        #expect(
            rewritten.contains(
                #"<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39; &#39;sha256-abc=&#39;">"#
            ),
            "\(rewritten)"
        )
        #expect(rewritten.contains(#"<meta name="referrer" content="no-referrer">"#))
    }

    @Test func theScriptGoesBeforeTheEndOfTheBody() {
        let page = ReloadScript.inject(into: "<html><body><p>Hi</p></body></html>", build: 7, origin: nil)
        #expect(page.hasPrefix("<html><body><p>Hi</p><script data-build=\"7\">"))
        #expect(page.hasSuffix("</script>\n</body></html>"))
    }

    @Test(arguments: ["/a/../b", "/%2e%2e/x", "/a/%2F/b", "/a/./b", "/a\\b", "/a/%5c..", "a/b", "/%00"])
    func refusesPathsThatCouldLeaveTheFolder(_ path: String) {
        #expect(PreviewResponder.decodedPath(path) == nil)
    }

    @Test func decodesPlainPaths() {
        #expect(PreviewResponder.decodedPath("/stories/tags/caf%C3%A9/") == "/stories/tags/café/")
        #expect(PreviewResponder.decodedPath("/") == "/")
    }
}
