import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// No written text holds a control character or a non-character: a front-matter or hush.yml
/// value with one is refused with its place, and the writer strips any that got through, so
/// every feed is well-formed XML (xmllint, feedparser) whatever a story holds.
@Suite struct WrittenTextTests {
    /// Front-matter lines with an escape YAML turns into a forbidden character.
    static let hostileLines = [
        "title: \"a\\x01b\"", "title: \"a\\0b\"", "mood: \"a\\uFFFEb\"", "cw: \"a\\uFFFFb\"", "tags: [\"a\\x1Fb\"]", "tags: \"a\\x7Fb\"",
        "title: \"a\\x85b\"", "id: \"abcd\\x08efg\"", "tags:\n  - fine\n  - \"a\\eb\"", "title: \"\\U0001FFFE\"",
    ]

    @Test(arguments: hostileLines)
    func aControlCharacterInFrontMatterIsRefused(_ line: String) throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\n\(line)\n---\nBody.\n"])
        let error = try #require(result.diagnostics("front-matter.control-character").first, "\(result.listing)")
        #expect(error.file == "content/a.md" && error.line >= 3 && error.column > 1, "\(result.listing)")
        #expect(error.message.contains("U+"))
        #expect(result.summary.exitCode == 1)
    }

    @Test(arguments: ["title: \"tab\\there\"", "title: \"é and 😀\"", "tags: [\"line\\u2028sep\"]"])
    func ordinaryCharactersAreNot(_ line: String) throws {
        let result = try check(stories: ["a.md": "---\ndate: 2026-10-01\n\(line)\n---\nBody.\n"])
        #expect(result.diagnostics("front-matter.control-character").isEmpty, "\(result.listing)")
    }

    @Test(arguments: ["title: \"T\\x01\"", "description: \"D\\uFFFE\"", "description: \"D\\x1B[31m\"", "base_url: \"https://a.example/\\x07\""])
    func aControlCharacterInHushYmlIsRefused(_ line: String) throws {
        var config = "secret: \(testSecret)\n\(line)\n" + (line.hasPrefix("title") ? "" : "title: T\n")
        config = (line.hasPrefix("base_url") ? "" : "base_url: https://stories.example.org/\n") + config
        let result = try check(stories: ["a.md": story()], config: config)
        #expect(result.codes == ["config.control-character"], "\(result.listing)")
        #expect(result.diagnostics.first?.line == (line.hasPrefix("base_url") ? 2 : 3))
        #expect(result.summary.exitCode == 2)
    }

    @Test func theWriterStripsWhatGotThrough() {
        let xml = OutputText.clean(OutputFile(path: "feed.xml", bytes: Array("<a>x\u{1}y\(Self.scalar(0xFFFE))z\(Self.scalar(0xFFFF))\t\n</a>".utf8)))
        #expect(String(decoding: xml.bytes, as: UTF8.self) == "<a>xyz\t\n</a>")
        let json = OutputFile(path: "feed.json", bytes: Array(#"{"a":"x\u0001y\\u0001\n\u001F\uFFFE\t"}"#.utf8))
        #expect(String(decoding: OutputText.clean(json).bytes, as: UTF8.self) == #"{"a":"xy\\u0001\n\t"}"#)
        let css = OutputFile(path: "assets/x.css", bytes: [0x01])
        #expect(OutputText.clean(css).bytes == [0x01], "only text files the site writes are cleaned")
    }

    /// Whatever a story body holds, the feeds parse: with our own check and, where they are
    /// installed, xmllint and python's feedparser.
    @Test func feedsAreWellFormedForHostileText() throws {
        let (fffe, ffff) = (Self.scalar(0xFFFE), Self.scalar(0xFFFF))
        let body = "Bell \u{7} null \u{0} escape \u{1B}[31m red, \(fffe) \(ffff) \(Self.scalar(0xFDD0)) \u{85} and <b>x</b> & done."
        let text = "---\ndate: 2026-10-01\nid: hostile\ntitle: \"Fine & <ok>\"\ntags: [a]\n---\n\(body)\n"
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": text], config: testConfig + "description: \"Stories & <more>\"\n")
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            let files = try outputFiles(in: folder("public"))
            for (path, bytes) in files where path.hasSuffix(".xml") || path.hasSuffix(".html") || path.hasSuffix(".json") {
                let scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars
                let bad = scalars.filter { ($0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value)) || $0.value == 0xFFFE || $0.value == 0xFFFF }
                #expect(bad.isEmpty, "\(path) holds \(bad.map(WritableText.name))")
            }
            let feed = folder("public/feed.xml")
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") {
                let run = try runTool("/usr/bin/xmllint", ["--noout", feed, folder("public/sitemap.xml")])
                #expect(run.status == 0, "xmllint: \(run.output)")
            }
            let script =
                "import sys, feedparser\nfor f in sys.argv[1:]:\n d = feedparser.parse(f)\n assert not d.bozo, (f, d.bozo_exception)\n assert len(d.entries) == 1, f\n"
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
                try runTool("/usr/bin/python3", ["-c", "import feedparser"]).status == 0
            {
                let run = try runTool("/usr/bin/python3", ["-c", script, feed, folder("public/feed.json")])
                #expect(run.status == 0, "feedparser: \(run.output)")
            }
        }
    }

    /// A scalar Swift will not take as a literal (a non-character).
    static func scalar(_ value: UInt32) -> String {
        Unicode.Scalar(value).map { String(Character($0)) } ?? ""
    }

    private func runTool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
