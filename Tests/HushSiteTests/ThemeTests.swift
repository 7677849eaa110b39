import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Themes (docs/themes.md): the built-in ones travel inside the binary, a theme takes
/// what it lacks from its parent, a site's own `Templates/<theme>/` overrides a theme file
/// by file, and a broken template is an error that names its file and line.
@Suite struct ThemeTests {
    static let stories: [String: String] = [
        "one.md": story(date: "2026-10-01", title: "One", tags: ["alpha"], id: "story-one", body: "The first story."),
        "two.md": story(date: "2026-10-08", title: "Two", tags: ["alpha"], id: "story-two", body: "The second story."),
    ]

    static func config(theme: String) -> String {
        testConfig + "theme: \(theme)\n"
    }

    @Test(arguments: ["default", "whisper", "paper"])
    func everyBuiltInThemeBuildsASiteWithoutTemplatesOfItsOwn(_ theme: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories, config: Self.config(theme: theme))
            let built = try buildAndRead(site: site)
            #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
            for page in [
                "index.html", "s/story-one/index.html", "tags/index.html", "tags/alpha/index.html", "top/index.html", "search/index.html", "404.html",
            ] {
                #expect(built.files.text(page).hasPrefix("<!doctype html>"), "\(theme): \(page)")
            }
            // Its stylesheets, whatever they are called, are linked and written.
            let sheets = HTMLDocument(built.files.text("index.html")).elements(named: "link")
                .filter { $0.attribute("rel") == "stylesheet" }.compactMap { $0.attribute("href") }
            #expect(!sheets.isEmpty, "\(theme)")
            for sheet in sheets {
                #expect(sheet.hasPrefix("/assets/") && sheet.hasSuffix(".css") && built.files[String(sheet.dropFirst())] != nil, "\(theme): \(sheet)")
            }
        }
    }

    @Test func aSiteFileOverridesTheThemeFileByFile() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories, config: Self.config(theme: "whisper"))
            // whisper has no 404 of its own (its parent default has); the site overrides it
            try folder.write("{{> base}}<h1>Lost in {{site.title}}</h1>{{> footer}}\n", to: "site/Templates/whisper/404.mustache")
            let built = try buildAndRead(site: site)
            #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
            #expect(built.files.text("404.html").contains("<h1>Lost in Test stories</h1>"))
            // the rest still comes from whisper, and from default through it
            #expect(built.files.text("s/story-one/index.html").contains("hue-"))
            #expect(built.files.text("tags/index.html").contains("<h1>Tags</h1>"))
        }
    }

    @Test func aSiteThemeNamesItsParent() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories, config: Self.config(theme: "mine"))
            try folder.write("parent: paper\n", to: "site/Templates/mine/theme.yml")
            try folder.write(":root { --mine: 1; }\n", to: "site/Templates/mine/assets/custom.css")
            let built = try buildAndRead(site: site)
            #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
            let home = built.files.text("index.html")
            let custom = try #require(built.files.keys.first { $0.hasPrefix("assets/custom.") }, "custom.css is copied, fingerprinted")
            #expect(home.contains("href=\"/\(custom)\""), "the theme links the site's own stylesheet")
            #expect(built.files.text("s/story-one/index.html").contains("unsigned"), "paper's story template is used")
        }
    }

    @Test func aTemplateSyntaxErrorNamesTheFileAndLine() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            try folder.write(
                "{{> base}}\n<h1>{{page.heading}}</h1>\n{{#story}}\n<p>{{/stories}}</p>\n{{> footer}}\n",
                to: "site/Templates/default/story.mustache"
            )
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 2)
            let error = try #require(result.diagnostics("template.syntax").first, "\(result.listing)")
            #expect(error.file == "Templates/default/story.mustache")
            #expect(error.line == 4, "the line of the mismatched close tag: \(error)")
            #expect(FileSystem.kind(of: folder("public")) == .missing, "nothing is written")
        }
    }

    /// `hush serve` keeps the last theme it loaded (`BuildCache.theme`): the same files give
    /// it again, a changed file, theme or base path loads anew, diagnostics and all.
    @Test func aKeptThemeIsReusedOnlyForTheSameFiles() throws {
        let last = Locked<Theme.Loaded?>(nil)
        let story = Array("{{> base}}\n<h1>{{page.heading}}</h1>\n".utf8)
        let first = Theme.load(name: "default", siteTemplates: ["default/story.mustache": story], rootPath: "/", reusing: last)
        let again = Theme.load(name: "default", siteTemplates: ["default/story.mustache": story], rootPath: "/", reusing: last)
        #expect(first.0 != nil && again.0 != nil && again.1.isEmpty)
        #expect(first.0?.assetURLs == again.0?.assetURLs)

        let broken = Array("{{#story}}\n<p>{{/stories}}</p>\n".utf8)
        let changed = Theme.load(name: "default", siteTemplates: ["default/story.mustache": broken], rootPath: "/", reusing: last)
        #expect(changed.0 == nil && changed.1.map(\.code) == [.templateSyntax])
        #expect(Theme.load(name: "default", siteTemplates: ["default/story.mustache": broken], rootPath: "/", reusing: last).1.count == 1)
        let moved = Theme.load(name: "default", siteTemplates: [:], rootPath: "/stories/", reusing: last)
        #expect(moved.1.isEmpty && moved.0?.assetURLs.values.allSatisfy { $0.hasPrefix("/stories/assets/") } == true)
        #expect(last.withLock { $0?.rootPath } == "/stories/")
    }

    @Test func parentsThatDoNotExistOrGoRoundAreErrors() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories, config: Self.config(theme: "a"))
            try folder.write("parent: b\n", to: "site/Templates/a/theme.yml")
            try folder.write("parent: a\n", to: "site/Templates/b/theme.yml")
            let cycle = build(site: site)
            #expect(cycle.codes == ["template.parent-cycle"], "\(cycle.listing)")
            #expect(cycle.summary.exitCode == 2)

            try folder.write("parent: nowhere\n", to: "site/Templates/b/theme.yml")
            let missing = build(site: site)
            #expect(missing.codes == ["template.unknown-parent"], "\(missing.listing)")
            #expect(missing.summary.exitCode == 2, "docs/themes.md: every theme error exits with 2")
        }
    }

    @Test func aThemeWithoutAPageTemplateSaysWhichIsMissing() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories, config: Self.config(theme: "bare"))
            try folder.write("<!doctype html><title>{{page.title}}</title>\n", to: "site/Templates/bare/base.mustache")
            let result = build(site: site)
            let missing = result.diagnostics("template.missing").map(\.message)
            #expect(missing.count == 8, "story, list, top, tags, tag, search, 404, 410: \(missing)")
            #expect(result.summary.exitCode == 2)
        }
    }

    @Test func onlyTheStoryBodyIsHTMLEvenWithTripleMustaches() throws {
        try withTemporaryFolder { folder in
            let stories = ["x.md": story(date: "2026-10-01", title: "<b>bold</b> & \"quoted\"", tags: ["alpha"], id: "story-x", body: "*body*")]
            let site = try folder.makeSite(stories: stories)
            try folder.write(
                "{{> base}}{{#story}}<h1>{{{title}}}</h1>{{{html}}}{{/story}}{{> footer}}\n",
                to: "site/Templates/default/story.mustache"
            )
            let built = try buildAndRead(site: site)
            let page = built.files.text("s/story-x/index.html")
            #expect(page.contains("<h1>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</h1>"), "a title stays text even in {{{ }}}")
            #expect(page.contains("<p><em>body</em></p>"), "the body is HTML")
        }
    }
}
