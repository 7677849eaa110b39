import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// A site's own templates are checked when they are loaded: a text value in a URL attribute
/// (where a story's `javascript:` would go live) and pages without hush's
/// Content-Security-Policy are warned about, with the template's place; the built-in themes
/// pass clean.
@Suite struct TemplateCheckTests {
    static func load(_ files: [String: String]) -> [Diagnostic] {
        var site: [String: [UInt8]] = ["mine/theme.yml": Array("parent: default\n".utf8)]
        for (name, text) in files { site["mine/" + name] = Array(text.utf8) }
        return Theme.load(name: "mine", siteTemplates: site, rootPath: "/").1
    }

    /// Template lines with a text value where a URL goes, and the column of the value.
    static let textInURL: [(String, Int)] = [
        ("<a href=\"{{title}}\">x</a>", 10),
        ("<a class=\"x\" href='{{story.title}}'>x</a>", 20),
        ("<img alt=\"\" src={{mood}}>", 17),
        ("<form action=\"{{{cw}}}\"></form>", 15),
        ("<button formaction=\"{{& tag.name}}\">", 21),
        ("<img srcset=\"{{asset.a_png}} 1x, {{title}} 2x\">", 34),
        ("<video poster=\"{{title}}\"></video>", 16),
        ("<meta property=\"og:url\" content=\"{{page.title}}\">", 34),
        ("<meta http-equiv=\"refresh\" content=\"0; url={{title}}\">", 44),
        ("<a\n  HREF=\"/s/{{id}}/\">x</a>", 13),
        ("<blockquote cite=\"{{title}}\"></blockquote>", 19),
    ]

    @Test(arguments: textInURL)
    func aTextValueInAURLAttributeIsWarnedAbout(_ line: String, _ column: Int) throws {
        let diagnostics = Self.load(["story.mustache": "{{> base}}\n<p>\n" + line + "\n</p>\n"])
        let warning = try #require(diagnostics.first { $0.code == .templateTextInURL }, "\(diagnostics)")
        #expect(warning.file == "Templates/mine/story.mustache")
        let expectedLine = line.contains("\n") ? 4 : 3
        #expect(warning.line == expectedLine && warning.column == (line.contains("\n") ? 12 : column), "\(warning)")
        #expect(warning.severity == .warning)
    }

    @Test(arguments: [
        "<a href=\"{{url}}\" title=\"{{title}}\">{{title}}</a>", "<a href=\"{{urls.home}}tags/\">x</a>",
        "<img src=\"{{asset.logo_svg}}\" alt=\"{{title}}\">",
        "<link rel=\"canonical\" href=\"{{page.canonical}}\">", "<meta name=\"description\" content=\"{{page.description}}\">",
        "<a href=\"{{pagination.next_url}}\">next</a>", "{{#stories}}<a href=\"{{url}}\">{{title}}</a>{{/stories}}",
        "<p>{{title}} href=\"{{title}}\"</p>",
        "<a href=\"/about/\">about</a>",
    ])
    func urlValuesAndTextOutsideURLsAreFine(_ line: String) {
        let diagnostics = Self.load(["story.mustache": "{{> base}}\n" + line + "\n"])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func aBaseWithoutThePolicyIsWarnedAbout() throws {
        let base = "<!doctype html><html><head><title>{{page.title}}</title></head><body>{{$body}}{{/body}}</body></html>\n"
        let diagnostics = Self.load(["base.mustache": base])
        #expect(
            diagnostics.filter { $0.code == .templateNoCSP }.map(\.file) == ["Templates/mine/base.mustache"],
            "said once, of base: \(diagnostics)"
        )
        let ownHead = Self.load(["head.mustache": "<meta charset=\"utf-8\">\n<title>{{page.title}}</title>\n"])
        #expect(ownHead.contains { $0.code == .templateNoCSP }, "the policy was in the head partial")
        let weaker = Self.load(["head.mustache": "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src *\">\n"])
        #expect(weaker.contains { $0.code == .templateNoCSP }, "only hush's own policy counts")
        let standalone = Self.load(["story.mustache": "<html><body>{{#story}}{{{html}}}{{/story}}</body></html>\n"])
        #expect(standalone.map(\.file) == ["Templates/mine/story.mustache"], "a page that leaves base out: \(standalone)")
    }

    @Test func underStrictATemplateWarningFailsTheBuild() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()], config: testConfig + "theme: mine\n")
            try folder.write("parent: default\n", to: "site/Templates/mine/theme.yml")
            try folder.write("{{> base}}\n{{#story}}<a href=\"{{title}}\">x</a>{{/story}}\n", to: "site/Templates/mine/story.mustache")
            let result = build(site: site, output: folder("public"), strict: true)
            #expect(result.codes == ["template.text-in-url"], "\(result.listing)")
            #expect(result.summary.exitCode == 2)
        }
    }

    @Test(arguments: ["default", "whisper", "paper"])
    func theBuiltInThemesPassClean(_ name: String) {
        let (theme, diagnostics) = Theme.load(name: name, siteTemplates: [:], rootPath: "/")
        #expect(theme != nil)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }
}
