import Foundation
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite
import HushTestSupport

/// Whole pages compared byte for byte with `Tests/HushKitTests/Golden/<name>`.
///
/// `HUSH_RECORD=1 swift test --filter GoldenPageTests` rewrites the golden files from the
/// current output (the tests still pass); review the change as a diff before committing it.
@Suite struct GoldenPageTests {
    /// The folder of golden files, beside this file (Package.swift keeps it out of the target).
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    static let isRecording = ProcessInfo.processInfo.environment["HUSH_RECORD"] == "1"

    static let config = """
        title: "Golden Stories"
        description: "A small fixed site whose pages are compared byte for byte."
        base_url: "https://golden.example.org/"
        language: en
        page_size: 3
        secret: "golden-secret-do-not-change"
        anonymity:
          date_precision: week

        """

    /// Five published stories and a draft; every page kind and most template values appear.
    static let stories: [String: String] = [
        "light.md": """
        ---
        title: I still sleep with the light on
        date: 2026-11-02
        tags: [fear, adulthood]
        mood: sheepish
        hearts: 12
        id: light-on
        ---
        I am a grown adult. I have a *mortgage* and a strong opinion about gutters.

        ## At night

        When someone stays over, I wait until they're asleep and turn the lamp back on.
        [Why this happens](https://en.wikipedia.org/wiki/Nyctophobia) is a [question for later](/tags/fear/).

        """,
        "voicemail.md": """
        ---
        title: I kept the voicemail
        date: 2026-09-12
        tags: [grief, Family]
        cw: grief
        mood: tender
        hearts: 312
        id: voicemail
        ---
        My mum left me a voicemail the week before she died. At the end she says "anyway, love you, bye bye bye".

        I've moved it to every new phone I've had since.

        """,
        "list.md": """
        ---
        date: 2026-10-20
        tags: [adulthood, small_wins]
        hearts: 88
        ---
        Things I pretend to understand:

        - wine
        - the offside rule

        > Nobody knows what they're doing.

        """,
        "fish.md": """
        ---
        title: Fish & "chips" <3
        date: 2026-06-05
        tags: [food, Small Wins]
        lang: fr
        hearts: 1
        id: fish-chips
        ---
        Le vendredi, c'est `poisson` & frites.

        """,
        "family.md": """
        ---
        title: Twenty years late
        date: 2025-12-24
        tags: [family]
        hearts: 7
        id: model-ship
        ---
        When I was nine I broke my brother's model ship and blamed the dog.

        """,
        "draft.md": """
        ---
        title: Not ready
        date: 2026-10-30
        tags: [family]
        draft: true
        ---
        Not yet.

        """,
    ]

    /// Golden file name → path in the output.
    static let pages: [(name: String, path: String)] = [
        ("home.html", "index.html"),
        ("story.html", "s/light-on/index.html"),
        ("story-cw.html", "s/voicemail/index.html"),
        ("top.html", "top/index.html"),
        ("tags.html", "tags/index.html"),
        ("tag.html", "tags/family/index.html"),
        ("search.html", "search/index.html"),
        ("404.html", "404.html"),
        ("feed.xml", "feed.xml"),
        ("feed.json", "feed.json"),
        ("sitemap.xml", "sitemap.xml"),
        ("robots.txt", "robots.txt"),
    ]

    /// One build shared by every case.
    static let built: Result<BuiltSite, TestFailure> = {
        do {
            return .success(try buildStories(stories, config: config))
        } catch {
            return .failure(TestFailure("cannot build the golden site: \(error)"))
        }
    }()

    @Test func goldenSiteBuildsCleanly() throws {
        let site = try Self.built.get()
        #expect(site.result.diagnostics.isEmpty, "\(site.result.listing)")
        #expect(site.result.summary.exitCode == 0)
        #expect(site.result.summary.stories == 5)
    }

    @Test(arguments: pages.map(\.name))
    func pageMatchesItsGoldenFile(_ name: String) throws {
        let site = try Self.built.get()
        let path = try #require(Self.pages.first { $0.name == name }?.path)
        let actual = try #require(site.files[path], "the build wrote no \(path)")
        let goldenPath = Self.goldenFolder + "/" + name

        if Self.isRecording {
            try FileManager.default.createDirectory(atPath: Self.goldenFolder, withIntermediateDirectories: true)
            try Data(actual).write(to: URL(fileURLWithPath: goldenPath))
            return
        }
        guard let golden = FileManager.default.contents(atPath: goldenPath).map(Array.init) else {
            Issue.record("no golden file \(goldenPath); record it with HUSH_RECORD=1 and review it")
            return
        }
        if actual != golden {
            Issue.record(
                "\(path) differs from Golden/\(name): \(Self.firstDifference(actual, golden)); if the change is intended, rerun with HUSH_RECORD=1 and review the diff"
            )
        }
    }

    /// "line 12: expected `…`, got `…`": enough to find the change without a diff tool.
    static func firstDifference(_ actual: [UInt8], _ golden: [UInt8]) -> String {
        let actualLines = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
        let goldenLines = String(decoding: golden, as: UTF8.self).components(separatedBy: "\n")
        for index in 0..<max(actualLines.count, goldenLines.count) {
            let a = index < actualLines.count ? actualLines[index] : "<end of file>"
            let g = index < goldenLines.count ? goldenLines[index] : "<end of file>"
            if a != g { return "line \(index + 1): expected `\(g)`, got `\(a)`" }
        }
        return "same lines, different bytes"
    }
}
