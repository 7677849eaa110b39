import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Folded templates (docs/architecture.md): the build's common values written into the
/// templates render every page to the same bytes as looking them up page by page.
@Suite struct TemplateFoldingTests {
    static let common: [String: TemplateValue] = [
        "t": ["nav_home": "Home", "empty": "", "spaces": .text("  "), "brace": "a {b}", "lines": .text("one\ntwo"), "mark": .text("\u{301}a")],
        "urls": ["home": "/stories/"],
        "site": ["title": .text("Tom &amp; Ann")],
        "csp": .text("default-src 'none'"),
        "noindex": .flag(false),
    ]

    static func folded(_ source: String) -> String? {
        guard case .folded(let text) = TemplateFolding.fold(source, common: common) else { return nil }
        return text
    }

    @Test func variablesOfTheRootValuesBecomeTheirText() {
        #expect(Self.folded("<a href=\"{{urls.home}}\">{{ t.nav_home }}</a>") == "<a href=\"/stories/\">Home</a>")
        #expect(Self.folded("{{{site.title}}}|{{& csp}}") == "Tom &amp; Ann|default-src 'none'")
    }

    @Test func otherTagsAreLeftAsTheyAre() {
        // sections and inverted sections on a root, partials, comments, transforms, names of the page
        let source =
            "{{#urls.home}}x{{/urls.home}}{{^noindex}}y{{/noindex}}{{> head}}{{! t.nav_home }}{{uppercased(t.nav_home)}}{{page.title}}{{noindex}}"
        #expect(TemplateFolding.fold(source, common: Self.common) == .unchanged)
    }

    @Test func textThatWouldChangeTheTemplatesShapeIsNotFolded() {
        // empty or blank (a line could become standalone), braces, line breaks, a mark that would join the tag before it
        for name in ["t.empty", "t.spaces", "t.brace", "t.lines", "t.mark", "t.missing", "urls"] {
            #expect(TemplateFolding.fold("{{#x}}{{\(name)}}\n", common: Self.common) == .unchanged, "\(name)")
        }
    }

    @Test func nothingIsFoldedWhereASectionCouldGiveTheNameAnotherValue() {
        #expect(Self.folded("{{#t}}{{urls.home}}{{/t}}{{urls.home}}") == "{{#t}}{{urls.home}}{{/t}}/stories/")
        // a section on a story (not a root) or on a text root keeps folding on
        let inStory = "{{#story}}{{t.nav_home}}{{/story}}{{#urls.home}}{{t.nav_home}}{{/urls.home}}"
        #expect(Self.folded(inStory) == "{{#story}}Home{{/story}}{{#urls.home}}Home{{/urls.home}}")
        // a partial included there could be folded in the wrong place: the library stays whole
        #expect(TemplateFolding.fold("{{#t}}{{> card}}{{/t}}", common: Self.common) == .notForThisLibrary)
        #expect(TemplateFolding.fold("{{>*dynamic}}", common: Self.common) == .notForThisLibrary)
        // other delimiters, inheritance
        #expect(TemplateFolding.fold("{{=<% %>=}}<% t.nav_home %>", common: Self.common) == .unchanged)
        #expect(TemplateFolding.fold("{{<base}}{{$body}}{{t.nav_home}}{{/body}}{{/base}}", common: Self.common) == .unchanged)
    }

    /// Every page of a site with most of what a page can show, in each built-in theme, with
    /// and without folding: the same bytes.
    @Test(arguments: ["default", "paper", "whisper"])
    func everyPageRendersAsWithoutFolding(_ themeName: String) throws {
        let config = try #require(
            ConfigParser.parse(
                SourceFile(
                    path: "hush.yml",
                    bytes: Array(
                        (testConfig
                            + "theme: \(themeName)\nbackend:\n  url: \"https://hearts.example.org/\"\nsubmissions: on\npage_size: 2\ndescription: \"Small things\"\n")
                            .utf8
                    )
                )
            ).0
        )
        let files = [
            story(date: "2026-10-01", title: "One", tags: ["night", "work"], body: "The first story, with *emphasis*."),
            story(date: "2026-10-08", title: "Two", tags: ["night"], extra: ["cw: grief", "hearts: 4"], body: "The second story."),
            story(date: "2026-10-15", tags: ["day"], extra: ["lang: ar"], body: "قصة قصيرة."),
            story(date: "2026-10-22", title: "Four", tags: ["work"], body: "A fourth, [with a link](https://example.org/)."),
            story(date: "2026-10-29", title: "Five", extra: ["draft: true"], body: "A draft."),
        ]
        let stories = files.enumerated().compactMap {
            StoryParser.parse(SourceFile(path: "content/\($0.offset).md", bytes: Array($0.element.utf8))).0
        }
        let guarded = AnonymityGuard.check(stories, config: config, secret: testSecret).stories
        let (theme, themeProblems) = Theme.load(name: themeName, siteTemplates: [:], rootPath: config.rootPath, optionalPages: ["submit"])
        #expect(themeProblems.isEmpty)
        let theme_ = try #require(theme)
        let strings = StringTable.load(language: "en", themes: theme_.chain, builtin: Theme.builtinFiles(), siteTemplates: [:], siteTables: [:]).0
        let rendered = StoryRenderer.render(guarded, config: config, strings: strings).0
        let site = SiteIndexer.index(rendered, config: config, buildDate: testDay).0
        let folded = PageContext(site: site, theme: theme_, strings: strings)
        let plain = PageContext(site: site, theme: theme_, strings: strings, folding: false)
        #expect(site.pages.count > 8)
        for page in site.pages {
            #expect(folded.html(for: page) == plain.html(for: page), "\(page.outputPath)")
        }
        // and folding did fold
        #expect(TemplateFolding.fold(try #require(theme_.sources["head"]), common: folded.common) != .unchanged)
    }

    /// No value a section can put on the stack has a key of a folded root: what makes folding
    /// safe (TemplateFolding's rule), checked over every value of every page.
    @Test func noValueBelowTheRootHasARootsName() throws {
        let config = try #require(ConfigParser.parse(SourceFile(path: "hush.yml", bytes: Array((testConfig + "page_size: 1\n").utf8))).0)
        let stories = [story(title: "One", tags: ["a"]), story(date: "2026-10-09", tags: ["a", "b"])].enumerated().compactMap {
            StoryParser.parse(SourceFile(path: "content/\($0.offset).md", bytes: Array($0.element.utf8))).0
        }
        let guarded = AnonymityGuard.check(stories, config: config, secret: testSecret).stories
        let theme = try #require(Theme.load(name: "default", siteTemplates: [:], rootPath: "/").0)
        let strings = StringTable.load(language: "en", themes: theme.chain, builtin: Theme.builtinFiles(), siteTemplates: [:], siteTables: [:]).0
        let site = SiteIndexer.index(StoryRenderer.render(guarded, config: config, strings: strings).0, config: config, buildDate: testDay).0
        let context = PageContext(site: site, theme: theme, strings: strings)
        func check(_ value: TemplateValue, root: Bool, at path: String) {
            switch value {
            case .group(let fields):
                for (key, field) in fields {
                    if !root { #expect(!TemplateFolding.roots.contains(key), "\(path).\(key)") }
                    if !(root && TemplateFolding.roots.contains(key)) { check(field, root: false, at: path + "." + key) }
                }
            case .list(let items):
                for item in items { check(item, root: false, at: path + "[]") }
            case .text, .flag:
                break
            }
        }
        for page in site.pages { check(context.context(for: page).value, root: true, at: page.outputPath) }
    }
}
