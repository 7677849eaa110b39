import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Whole pages compared byte for byte with `Tests/HushSiteTests/Golden/<name>`, once the
/// asset fingerprints are normalised out of both (`/assets/style.3f9a2c1b.css` is
/// `/assets/style.FINGERPRINT.css`), so a stylesheet edit changes no golden page.
///
/// `HUSH_RECORD=1 swift test --filter GoldenPageTests` rewrites the golden files from the
/// current output and then fails, so a recording is never mistaken for a passing run: review
/// the change as a diff, then run again without HUSH_RECORD. A golden page guards layout and
/// wording; every safety promise has its own semantic test (SafetyTests), on every theme.
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
        let written = try #require(site.files[path], "the build wrote no \(path)")
        let actual = Self.normalisingFingerprints(written)
        let goldenPath = Self.goldenFolder + "/" + name

        if Self.isRecording {
            try FileManager.default.createDirectory(atPath: Self.goldenFolder, withIntermediateDirectories: true)
            try Data(actual).write(to: URL(fileURLWithPath: goldenPath))
            Issue.record("recorded Golden/\(name) (HUSH_RECORD=1); review the diff, then run again without HUSH_RECORD")
            return
        }
        guard let stored = FileManager.default.contents(atPath: goldenPath).map(Array.init) else {
            Issue.record("no golden file \(goldenPath); record it with HUSH_RECORD=1 and review it")
            return
        }
        let golden = Self.normalisingFingerprints(stored)
        if actual != golden {
            Issue.record(
                "\(path) differs from Golden/\(name): \(Self.firstDifference(actual, golden)); if the change is intended, rerun with HUSH_RECORD=1 and review the diff"
            )
        }
    }

    /// The text with every fingerprinted asset name, `assets/<path>.<8 hex>[.<ext>]` as
    /// `Theme.fingerprint` makes it, written `assets/<path>.FINGERPRINT[.<ext>]`. The hash is
    /// the one part of a page that changes with every stylesheet edit and says nothing about
    /// the page; the asset's name, and that the page links it, stay compared.
    static func normalisingFingerprints(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("assets/") else { return bytes }
        var out = ""
        var rest = text[...]
        while let start = rest.range(of: "assets/") {
            out += rest[..<start.upperBound]
            let after = rest[start.upperBound...]
            let name = after.prefix { $0.isLetter || $0.isNumber || "._-/".contains($0) }
            out += fingerprintRemoved(from: String(name))
            rest = after[name.endIndex...]
        }
        out += rest
        return Array(out.utf8)
    }

    /// `style.3f9a2c1b.css` → `style.FINGERPRINT.css`; `img/x.0badc0de` → `img/x.FINGERPRINT`.
    static func fingerprintRemoved(from path: String) -> String {
        let folders = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        let file = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        var parts = file.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func isHash(_ part: String) -> Bool { part.count == 8 && part.allSatisfy { $0.isHexDigit && !$0.isUppercase } }
        if parts.count >= 3, isHash(parts[parts.count - 2]) {
            parts[parts.count - 2] = "FINGERPRINT"
        } else if parts.count >= 2, isHash(parts[parts.count - 1]) {
            parts[parts.count - 1] = "FINGERPRINT"
        } else {
            return path
        }
        return (folders.map(String.init) + [parts.joined(separator: ".")]).joined(separator: "/")
    }

    @Test(arguments: [
        ("<link rel=\"stylesheet\" href=\"/assets/style.3f9a2c1b.css\">", "<link rel=\"stylesheet\" href=\"/assets/style.FINGERPRINT.css\">"),
        ("src=\"/stories/assets/search.0badc0de.js\" defer", "src=\"/stories/assets/search.FINGERPRINT.js\" defer"),
        ("/assets/img/paper.77c0ffee.png 2x, /assets/font.0123abcd", "/assets/img/paper.FINGERPRINT.png 2x, /assets/font.FINGERPRINT"),
        // Not fingerprints: no hash, upper-case hex, seven digits.
        ("/assets/style.css, assets/a.3F9A2C1B.css, assets/x.3f9a2c1.css", "/assets/style.css, assets/a.3F9A2C1B.css, assets/x.3f9a2c1.css"),
        ("no assets here: style.3f9a2c1b.css", "no assets here: style.3f9a2c1b.css"),
    ])
    func fingerprintsAreNormalisedAndNothingElse(_ text: String, _ expected: String) {
        #expect(String(decoding: Self.normalisingFingerprints(Array(text.utf8)), as: UTF8.self) == expected)
    }

    /// The normalisation hides a changed fingerprint and nothing else: the asset a page
    /// links is still compared by name.
    @Test func aChangedFingerprintIsNotADifferenceButAnotherAssetIs() {
        let golden = Array("<link href=\"/assets/theme.11111111.css\">".utf8)
        #expect(Self.normalisingFingerprints(Array("<link href=\"/assets/theme.22222222.css\">".utf8)) == Self.normalisingFingerprints(golden))
        #expect(Self.normalisingFingerprints(Array("<link href=\"/assets/other.11111111.css\">".utf8)) != Self.normalisingFingerprints(golden))
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
