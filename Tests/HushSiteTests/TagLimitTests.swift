import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// Tags are pages, so they are limited: tags a story may have (`tags_per_story`), bytes a tag's
/// page name may have; and a tag holding personal data is never one.
@Suite struct TagLimitTests {
    static func tagged(_ tags: [String]) -> String {
        "---\ndate: 2026-10-01\ntags: [\(tags.joined(separator: ", "))]\n---\nBody.\n"
    }

    @Test func tenThousandTagsFailTheStoryNotTheDisk() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["many.md": Self.tagged((0..<10_000).map { "t\($0)" }), "ok.md": story()])
            let result = build(site: site, output: folder("public"))
            let error = try #require(result.diagnostics("tag.too-many").first, "\(result.listing)")
            #expect(error.file == "content/many.md" && error.line == 3, "\(result.listing)")
            #expect(error.column == "tags: [".count + 1 + (0..<10).map { "t\($0), ".count }.reduce(0, +), "at the first tag over the limit")
            #expect(result.summary.exitCode == 1)
            #expect(FileSystem.kind(of: folder("public")) == .missing)
        }
    }

    @Test(arguments: [(10, nil as Int?, true), (11, nil, false), (3, 3, true), (4, 3, false), (200, 1000, true)])
    func theLimitIsTagsPerStory(_ count: Int, _ limit: Int?, _ passes: Bool) throws {
        let config = testConfig + (limit.map { "tags_per_story: \($0)\n" } ?? "")
        let result = try check(stories: ["a.md": Self.tagged((0..<count).map { "t\($0)" })], config: config)
        #expect(result.diagnostics("tag.too-many").isEmpty == passes, "\(result.listing)")
    }

    @Test(arguments: ["tags_per_story: 0", "tags_per_story: many", "tags_per_story: 1001"])
    func aBadLimitIsAConfigError(_ line: String) throws {
        let result = try check(stories: ["a.md": story()], config: testConfig + line + "\n")
        #expect(result.summary.exitCode == 2, "\(result.listing)")
    }

    @Test(arguments: [
        String(repeating: "a", count: 101), String(repeating: "é", count: 51), String(repeating: "word ", count: 40),
        String(repeating: "字", count: 300),
    ])
    func aTagTooLongForAPageFailsItsStory(_ tag: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["long.md": Self.tagged(["fine", tag])])
            let result = build(site: site, output: folder("public"))
            let error = try #require(result.diagnostics("tag.too-long").first, "\(result.listing)")
            #expect(error.file == "content/long.md" && error.line == 3 && error.column == "tags: [fine, ".count + 1, "\(result.listing)")
            #expect(!error.message.contains(String(tag.prefix(10))), "the tag is not repeated")
            #expect(result.summary.exitCode == 1)
            #expect(!result.codes.contains("output.io"))
        }
    }

    @Test(arguments: [String(repeating: "a", count: 100), String(repeating: "é", count: 50)])
    func aTagOfAHundredBytesIsFine(_ tag: String) throws {
        let result = try check(stories: ["a.md": Self.tagged([tag])])
        #expect(result.diagnostics.isEmpty, "\(result.listing)")
    }

    /// Under `redact`, a tag with personal data is dropped, with the pii warning: never a
    /// `tag.invalid` error, never a tag page of █████.
    @Test(arguments: ["jane.doe@gmail.com", "call +44 20 7946 0958", "4111 1111 1111 1111"])
    func aRedactedTagIsDropped(_ tag: String) throws {
        let config = testConfig + "anonymity:\n  pii: redact\n"
        let built = try buildStories(["a.md": Self.tagged(["love", "\"\(tag)\""])], config: config)
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        #expect(built.result.errors.isEmpty && !built.result.codes.contains("tag.invalid"), "\(built.result.listing)")
        #expect(built.result.codes.contains { $0.hasPrefix("pii.") }, "\(built.result.listing)")
        #expect(
            built.files.keys.filter { $0.hasPrefix("tags/") && $0 != "tags/index.html" } == ["tags/love/index.html"],
            "\(built.files.keys.sorted())"
        )
        for (path, bytes) in built.files {
            #expect(!containsBytes(bytes, Array("█".utf8)), "\(path) shows a redacted tag")
        }
    }
}
