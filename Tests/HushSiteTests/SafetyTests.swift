import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// The reader-safety promises (README "What the guard does", docs/themes.md "The
/// Content-Security-Policy" and "What every theme must do"), checked on every built-in theme
/// and on a site whose own Templates/ override one: the exact policy on every page, no inline
/// script, nothing from another origin, links out that pass nothing on, and a writer's text
/// shown as text on every page kind and in every feed. The checks live in HushTestSupport
/// (`SitePromises`, `ContentSecurityPolicy`), so every suite asserts the same thing. (Over
/// 400 lines: one promise a test, each on every theme, plus the checks of the checks.)
@Suite struct SafetyTests {
    /// A theme as a site uses it: by name in hush.yml, perhaps with files of its own.
    struct ThemeCase: Sendable, CustomTestStringConvertible {
        let name: String
        let theme: String
        /// Files of the site's own Templates/ folder, by path inside it.
        let siteTemplates: [String: String]
        var testDescription: String { name }
    }

    static let themes: [ThemeCase] = [
        ThemeCase(name: "default", theme: "default", siteTemplates: [:]),
        ThemeCase(name: "whisper", theme: "whisper", siteTemplates: [:]),
        ThemeCase(name: "paper", theme: "paper", siteTemplates: [:]),
        // whisper, with a footer of the site's own, a story_meta for its parent default,
        // and a custom.css: the built-in head and pages around them still keep the promises.
        ThemeCase(
            name: "whisper with the site's own Templates/",
            theme: "whisper",
            siteTemplates: [
                "whisper/footer.mustache": """
                </main>
                <footer class="site-footer"><p class="colophon">Told here without names. <a href="{{urls.feed_atom}}">Atom feed</a></p></footer>
                </body>
                </html>

                """,
                "default/story_meta.mustache": """
                <p class="meta"><time datetime="{{date_iso}}">{{date}}</time>{{#mood}} <span class="mood">Feeling {{mood}}</span>{{/mood}} <span class="hearts">{{hearts_label}}</span></p>

                """,
                "whisper/assets/custom.css": ".mood { font-style: italic; }\n",
            ]
        ),
    ]

    static let origin = "https://stories.example.org"

    // MARK: The hostile site

    /// Texts a writer controls, each carrying markup and both quotes.
    static let title = "\"><script>alert('title')</script> & 'quotes'"
    static let mood = "<img src=x onerror=alert('mood')>"
    static let cw = "</details><script>alert(\"cw\")</script>"
    static let markupTag = "<b onmouseover=alert(1)>bold</b>"
    static let quoteTag = "say \"cheese\" & 'co'"

    /// YAML for a text: double-quoted, with its quotes and backslashes escaped.
    static func yaml(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Links in the hostile story's body, as written.
    static let hostileBody = """
        I told [someone far away](https://other.example/page) and [the tag](/tags/shared/) and [the top](https://stories.example.org/top/).

        ![a tracker](https://tracker.example/pixel.png) <script>alert('body')</script> [click](javascript:alert('body'))

        <img src="https://tracker.example/raw.png" onerror="alert(1)"> <a href="https://raw.example/">raw</a>
        """

    /// The links out of the site the hostile story's page must carry, each with rel.
    static let hostileExternalLinks = ["https://other.example/page", "https://tracker.example/pixel.png"]

    /// Eight stories: the hostile one newest and most hearted (first on home, top and its
    /// tags), an untitled one whose label is its hostile content warning, and enough stories
    /// in `shared` for pagination and its most-hearted block.
    static let stories: [String: String] = {
        var stories: [String: String] = [
            "hostile.md": story(
                date: "2026-10-30",
                title: yaml(title),
                tags: [yaml(markupTag), yaml(quoteTag), "shared"],
                id: "hostile",
                extra: ["mood: \(yaml(mood))", "cw: \(yaml(cw))", "hearts: 90"],
                body: hostileBody
            ),
            "untitled.md": story(
                date: "2026-10-29",
                tags: ["shared", yaml(markupTag)],
                id: "untitled",
                extra: ["cw: \(yaml(cw))", "hearts: 80"],
                body: "Nothing in here but words, and [a way out](http://elsewhere.example/)."
            ),
        ]
        for number in 1...6 {
            stories["plain-\(number).md"] = story(
                date: "2026-10-0\(number)",
                title: "Plain story \(number)",
                tags: ["shared"],
                id: "plain-\(number)",
                extra: ["hearts: \(number)"],
                body: "An ordinary story, number \(number)."
            )
        }
        return stories
    }()

    static let config = testConfig + "page_size: 3\n"

    /// Each theme's build, made once and shared by the tests of this suite.
    static let builds: [String: Result<BuiltSite, TestFailure>] = {
        var builds: [String: Result<BuiltSite, TestFailure>] = [:]
        for theme in themes {
            builds[theme.name] = Result {
                try withTemporaryFolder { folder in
                    let site = try folder.makeSite(stories: stories, config: config + "theme: \(theme.theme)\n")
                    for (path, text) in theme.siteTemplates { try folder.write(text, to: "site/Templates/" + path) }
                    return try buildAndRead(site: site)
                }
            }.mapError { TestFailure("cannot build the \(theme.name) site: \($0)") }
        }
        return builds
    }()

    static func built(_ theme: ThemeCase) throws -> BuiltSite {
        let built = try #require(builds[theme.name]).get()
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        return built
    }

    /// The pages of every kind the site has, so a check cannot pass on a site that lacks one.
    static let pageKinds = [
        "index.html", "page/2/index.html", "top/index.html", "tags/index.html", "tags/shared/index.html", "tags/shared/page/2/index.html",
        "s/hostile/index.html", "s/untitled/index.html", "s/plain-1/index.html", "search/index.html", "404.html",
    ]

    static func violations(_ theme: ThemeCase, _ promise: PromiseViolation.Promise) throws -> (BuiltSite, [PromiseViolation]) {
        let built = try built(theme)
        for page in pageKinds {
            #expect(built.files[page] != nil, "\(theme.name): no \(page)")
        }
        let all = SitePromises(origin: origin).violations(in: built.files)
        return (built, all.filter { $0.promise == promise })
    }

    // MARK: One test a promise, on every theme

    @Test(arguments: themes)
    func everyPageCarriesTheExactContentSecurityPolicy(_ theme: ThemeCase) throws {
        let (built, violations) = try Self.violations(theme, .contentSecurityPolicy)
        #expect(violations.isEmpty, "\(violations.prefix(20).map(\.description).joined(separator: "\n"))")
        // And the policy is really there, parsed, on every page: the check above is not vacuous.
        let pages = built.files.keys.filter { $0.hasSuffix(".html") }
        #expect(pages.count >= Self.pageKinds.count)
        for page in pages {
            let metas = HTMLDocument(built.files.text(page)).elements(named: "meta")
                .filter { $0.attribute("http-equiv")?.lowercased() == "content-security-policy" }
            let directives = ContentSecurityPolicy.directives(of: metas.first?.attribute("content") ?? "")
            #expect(directives.count == ContentSecurityPolicy.expected.count, "\(theme.name): \(page)")
        }
    }

    @Test(arguments: themes)
    func everyPageSendsNoReferrer(_ theme: ThemeCase) throws {
        let (_, violations) = try Self.violations(theme, .referrerPolicy)
        #expect(violations.isEmpty, "\(violations.prefix(20).map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: themes)
    func noPageRunsInlineScript(_ theme: ThemeCase) throws {
        let (built, violations) = try Self.violations(theme, .noInlineScript)
        #expect(violations.isEmpty, "\(violations.prefix(20).map(\.description).joined(separator: "\n"))")
        // The one script there is: search's own file, from the site's assets.
        let scripts = HTMLDocument(built.files.text("search/index.html")).elements(named: "script")
        #expect(scripts.count == 1, "\(scripts.map(\.source))")
        let src = try #require(scripts.first?.attribute("src"))
        #expect(try Regex(#"^/assets/search\.[0-9a-f]{8}\.js$"#).wholeMatch(in: src) != nil, "\(src)")
        #expect(built.files[String(src.dropFirst())] != nil, "\(src) is written")
    }

    @Test(arguments: themes)
    func noPageHasInlineStyle(_ theme: ThemeCase) throws {
        let (_, violations) = try Self.violations(theme, .noInlineStyle)
        #expect(violations.isEmpty, "\(violations.prefix(20).map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: themes)
    func nothingIsLoadedFromAnotherOrigin(_ theme: ThemeCase) throws {
        let (built, violations) = try Self.violations(theme, .sameOrigin)
        #expect(violations.isEmpty, "\(violations.prefix(20).map(\.description).joined(separator: "\n"))")
        // Every stylesheet a page links is one of the site's own files.
        let home = HTMLDocument(built.files.text("index.html"))
        let sheets = home.elements(named: "link").filter { $0.attribute("rel") == "stylesheet" }.compactMap { $0.attribute("href") }
        #expect(!sheets.isEmpty)
        for sheet in sheets {
            #expect(sheet.hasPrefix("/assets/") && built.files[String(sheet.dropFirst())] != nil, "\(theme.name): \(sheet)")
        }
        if theme.siteTemplates["whisper/assets/custom.css"] != nil {
            #expect(sheets.contains { $0.hasPrefix("/assets/custom.") }, "the site's own custom.css is linked")
        }
    }

    @Test(arguments: themes)
    func linksOutOfTheSiteCarryRel(_ theme: ThemeCase) throws {
        let (built, violations) = try Self.violations(theme, .externalLinkRel)
        #expect(violations.isEmpty, "\(violations.prefix(20).map(\.description).joined(separator: "\n"))")
        // The story's own links out are there (the check above had something to check), each with rel.
        let page = HTMLDocument(built.files.text("s/hostile/index.html"))
        let external = page.elements(named: "a").filter {
            ($0.attribute("href") ?? "").contains(".example/") && !($0.attribute("href") ?? "").contains("stories.example.org")
        }
        #expect(external.compactMap { $0.attribute("href") } == Self.hostileExternalLinks, "\(theme.name): \(external.map(\.source))")
        for link in external {
            #expect(Set((link.attribute("rel") ?? "").split(separator: " ").map(String.init)) == SitePromises.externalRel, "\(link.source)")
        }
        // Links into the site, relative or absolute, are not marked as leaving it.
        let inward = page.elements(named: "a").filter { ["/tags/shared/", "https://stories.example.org/top/"].contains($0.attribute("href") ?? "") }
        #expect(inward.count >= 2)
        #expect(inward.allSatisfy { !($0.attribute("rel") ?? "").contains("nofollow") }, "\(inward.map(\.source))")
        let untitled = HTMLDocument(built.files.text("s/untitled/index.html")).elements(named: "a").filter {
            $0.attribute("href") == "http://elsewhere.example/"
        }
        #expect(untitled.count == 1 && untitled.allSatisfy { $0.attribute("rel") == "noopener noreferrer nofollow" })
    }

    // MARK: Escaping

    /// The hostile texts each page kind must show as text (in the words a reader sees).
    static let shownOn: [(page: String, texts: [String])] = [
        ("s/hostile/index.html", [title, mood, cw, markupTag, quoteTag]),
        ("s/untitled/index.html", [cw, markupTag, title]),  // the hostile story is its newer neighbour
        ("index.html", [title, cw, markupTag, quoteTag]),
        ("top/index.html", [title, cw, markupTag]),
        ("tags/shared/index.html", [title, cw]),
        ("tags/index.html", [markupTag, quoteTag]),
        ("search/index.html", [markupTag, quoteTag]),
    ]

    @Test(arguments: themes)
    func aWritersTextIsShownAsTextOnEveryPageKind(_ theme: ThemeCase) throws {
        let built = try Self.built(theme)
        for (page, texts) in Self.shownOn {
            let document = HTMLDocument(built.files.text(page))
            let shown = document.text
            for text in texts {
                #expect(shown.contains(text), "\(theme.name): \(page) does not show \(text.debugDescription) as text")
            }
            // Had any of it been markup, it would be an element or an attribute now.
            #expect(document.elements(named: "b").isEmpty, "\(theme.name): \(page)")
            #expect(!document.elements(named: "img").contains { $0.attribute("src") == "x" }, "\(theme.name): \(page)")
            #expect(!document.elements.contains { $0.node.attributes.contains { $0.name.hasPrefix("on") } }, "\(theme.name): \(page)")
        }
        // In <title> and the description meta, whole and in place.
        let story = HTMLDocument(built.files.text("s/hostile/index.html"))
        #expect(story.elements(named: "title").first?.text.hasPrefix(Self.title) == true, "\(theme.name)")
        let description = story.elements(named: "meta").first { $0.attribute("name") == "description" }?.attribute("content")
        #expect(description == "Content warning: \(Self.cw)", "\(theme.name)")
        // The content warning did not close its own <details>: the story is still behind it.
        let bodies = story.elements.filter { $0.node.classes.contains("story-body") }
        #expect(bodies.count == 1, "\(theme.name)")
        for body in bodies {
            #expect(
                story.ancestors(of: body.index).contains { story.nodes[$0].name == "details" },
                "\(theme.name): the story is not behind its warning"
            )
        }
        // The tag pages of the markup tag: its name is a heading, not markup.
        let tagPages = built.files.keys.filter { $0.hasPrefix("tags/b-") && $0.hasSuffix("/index.html") }
        #expect(tagPages.count == 1, "\(built.files.keys.filter { $0.hasPrefix("tags/") }.sorted())")
        for page in tagPages {
            #expect(HTMLDocument(built.files.text(page)).text.contains(Self.markupTag), "\(page)")
        }
    }

    /// Feeds and the search index: the same texts, as text (XML-escaped in Atom, exact
    /// strings in JSON), never as markup.
    @Test func aWritersTextIsTextInEveryFeed() throws {
        let built = try Self.built(Self.themes[0])
        let entryTitle = "[CW: \(Self.cw)] \(Self.title)"

        let atom = HTMLDocument(built.files.text("feed.xml"))
        #expect(atom.elements(named: "script").isEmpty && atom.elements(named: "b").isEmpty && atom.elements(named: "img").isEmpty)
        let titles = atom.elements.filter { $0.node.name == "title" }.map(\.node.text)
        #expect(titles.contains(entryTitle), "\(titles)")
        let terms = Set(atom.elements(named: "category").compactMap { $0.attribute("term") })
        #expect(terms.isSuperset(of: [Self.markupTag, Self.quoteTag]), "\(terms)")
        #expect(!atom.elements.contains { $0.node.attributes.contains { $0.name.hasPrefix("on") } })

        struct Item: Decodable {
            let title: String
            let tags: [String]
        }
        struct JSONFeed: Decodable { let items: [Item] }
        let feed = try JSONDecoder().decode(JSONFeed.self, from: Data(try #require(built.files["feed.json"])))
        let item = try #require(feed.items.first)
        #expect(item.title == entryTitle)
        #expect(item.tags.contains(Self.markupTag) && item.tags.contains(Self.quoteTag), "\(item.tags)")

        // The search index has the title with the warning before it, or the two apart (`cw`).
        struct Entry: Decodable {
            let title: String
            let cw: String?
            let tags: [String]
        }
        let index = try JSONDecoder().decode([Entry].self, from: Data(try #require(built.files["search/stories/0.json"])))
        let first = try #require(index.first)
        #expect(first.title == entryTitle || (first.title == Self.title && first.cw == Self.cw), "\(first.title) \(first.cw ?? "")")
        #expect(first.tags.contains(Self.markupTag) && first.tags.contains(Self.quoteTag), "\(first.tags)")
    }

    // MARK: The checks themselves

    /// A theme that breaks every promise: the checker names each break, so a clean result
    /// above means something.
    @Test func theChecksCatchAThemeThatBreaksEveryPromise() throws {
        let footer = """
            </main>
            <footer style="color: red">
            <script>alert(1)</script>
            <script src="https://cdn.example/x.js"></script>
            <img src="https://tracker.example/pixel.gif" alt="">
            <img srcset="/ok.png 1x, //tracker.example/2x.png 2x" alt="">
            <a href="https://elsewhere.example/">out, without rel</a>
            <a href="java&#x09;script:alert(2)">click</a>
            <button onclick="alert(3)">x</button>
            <form action="https://collect.example/"><input name="q"></form>
            <iframe src="/"></iframe>
            </footer>
            </body>
            </html>

            """
        let head = """
            <meta charset="utf-8">
            <link rel="stylesheet" href="https://fonts.example/css">
            <meta http-equiv="Content-Security-Policy" content="{{csp}}; script-src-elem 'unsafe-inline'">
            <meta name="referrer" content="unsafe-url">
            <title>{{page.title}}</title>
            <link rel="stylesheet" href="{{asset.custom_css}}">

            """
        let built = try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story(title: "One", id: "story-one")])
            try folder.write(footer, to: "site/Templates/default/footer.mustache")
            try folder.write(head, to: "site/Templates/default/head.mustache")
            try folder.write("body { background: url(https://tracker.example/bg.png); }\n", to: "site/Templates/default/assets/custom.css")
            try folder.write("el.innerHTML = q; fetch('https://collect.example/');\n", to: "site/Templates/default/assets/search.js")
            return try buildAndRead(site: site)
        }
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let violations = SitePromises(origin: Self.origin).violations(in: built.files)
        func expectFound(_ promise: PromiseViolation.Promise, _ fragment: String, in list: [PromiseViolation] = violations) {
            #expect(
                list.contains { $0.promise == promise && $0.detail.contains(fragment) },
                "\(promise.rawValue) \(fragment) not found in:\n\(list.map(\.description).joined(separator: "\n"))"
            )
        }
        let onHome = violations.filter { $0.place.hasPrefix("index.html") }
        expectFound(.contentSecurityPolicy, "unexpected directive script-src-elem", in: onHome)
        expectFound(.contentSecurityPolicy, "allows 'unsafe-inline'", in: onHome)
        expectFound(.contentSecurityPolicy, "loads before the Content-Security-Policy meta", in: onHome)
        expectFound(.referrerPolicy, "unsafe-url", in: onHome)
        expectFound(.noInlineScript, "inline <script>", in: onHome)
        expectFound(.noInlineScript, "event handler attribute onclick", in: onHome)
        expectFound(.noInlineScript, "href with a javascript: URL", in: onHome)
        expectFound(.noInlineScript, "a script on a page that is not search", in: onHome)
        expectFound(.noInlineStyle, "style attribute", in: onHome)
        expectFound(.sameOrigin, "src loads from another origin: <script src=\"https://cdn.example/x.js\">", in: onHome)
        expectFound(.sameOrigin, "src loads from another origin: <img src=\"https://tracker.example/pixel.gif\"", in: onHome)
        expectFound(.sameOrigin, "srcset loads from another origin", in: onHome)
        expectFound(.sameOrigin, "href loads from another origin: <link rel=\"stylesheet\" href=\"https://fonts.example/css\">", in: onHome)
        expectFound(.sameOrigin, "action loads from another origin", in: onHome)
        expectFound(.sameOrigin, "<iframe> element", in: onHome)
        expectFound(.externalLinkRel, "https://elsewhere.example/", in: onHome)
        expectFound(.sameOrigin, "url(https://tracker.example/bg.png)")
        expectFound(.noInlineScript, "uses innerHTML")
        expectFound(.sameOrigin, "names an address https://")
    }

    /// Policies that are not the policy, each refused for its own reason.
    @Test(arguments: [
        (
            "'unsafe-inline' added",
            "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
        ),
        (
            "'unsafe-eval' added",
            "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
        ),
        (
            "any origin for images",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src *; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
        ),
        (
            "data: images",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
        ),
        (
            "a CDN",
            "default-src 'none'; script-src 'self' https://cdn.example; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
        ),
        (
            "default-src self",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
        ),
        (
            "base-uri missing",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'"
        ),
        (
            "an extra directive",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-src *"
        ),
        (
            "script-src twice",
            "default-src 'none'; script-src 'self'; script-src 'unsafe-inline'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
        ),
        (
            "upper-case UNSAFE-INLINE",
            "default-src 'none'; SCRIPT-SRC 'self' 'UNSAFE-INLINE'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
        ),
        (
            "a nonce",
            "default-src 'none'; script-src 'self' 'nonce-abc'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
        ),
        ("empty", ""),
    ])
    func policiesThatAreNotThePolicyAreRefused(_ name: String, _ policy: String) {
        #expect(!ContentSecurityPolicy.problems(in: policy).isEmpty, "\(name)")
    }

    @Test func thePolicyInAnyOrderAndSpacingIsThePolicy() {
        let shuffled =
            "  base-uri 'none';form-action   'self'; connect-src 'self'; FONT-SRC 'self'; img-src 'self'; style-src 'self'; script-src 'self' ; default-src 'none';"
        #expect(ContentSecurityPolicy.problems(in: shuffled).isEmpty, "\(ContentSecurityPolicy.problems(in: shuffled))")
    }
}
