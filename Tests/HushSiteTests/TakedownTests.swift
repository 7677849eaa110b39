import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// `hush takedown` and what the build makes of a tombstone (docs/moderation.md, "Takedown"):
/// no trace of the story anywhere, one neutral 410 page, the host rules, and an id that is
/// never used again.
@Suite struct TakedownTests {
    static let title = "The red umbrella on the platform"
    static let fingerprint = "I left it hooked on the bench at the far end of platform nine"
    static let goneID = "rq7vz2mx"

    /// Three stories sharing a tag (so each is in the others' related block, the tag page and
    /// the "another story" links), the one to take down among them.
    static func makeSite(_ folder: TemporaryFolder, config: String = testConfig) throws -> String {
        try folder.makeSite(
            stories: [
                "umbrella.md": story(
                    date: "2026-10-20",
                    title: title,
                    tags: ["rain", "trains"],
                    id: goneID,
                    body: fingerprint + ", and never went back for it."
                ),
                "kettle.md": story(date: "2026-10-21", title: "The kettle", tags: ["rain"], id: "kettle01", body: "It whistles at night."),
                "bridge.md": story(date: "2026-10-05", title: "The bridge", tags: ["trains", "rain"], id: "bridge01", body: "I walk it every day."),
            ],
            config: config
        )
    }

    /// Every output file holding `needle`, by path.
    static func files(holding needle: String, in files: [String: [UInt8]]) -> [String] {
        files.filter { containsBytes($0.value, Array(needle.utf8)) }.map(\.key).sorted()
    }

    @Test func aTakenDownStoryLeavesNoTraceEvenThroughTheCache() throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder)
            let output = folder("public")
            var request = BuildRequest(site: site, output: output)
            request.now = testDay
            request.cache = BuildCache(folder: folder("cache"))
            let first = Pipeline.run(request)
            #expect(first.summary.exitCode == 0, "\(first.listing)")
            let before = try outputFiles(in: output)
            // The test can fail: the story is everywhere before.
            #expect(Self.files(holding: Self.title, in: before).count > 5, "\(Self.files(holding: Self.title, in: before))")
            #expect(!Self.files(holding: Self.fingerprint, in: before).isEmpty)
            #expect(before["410.html"] == nil && before["_redirects"] == nil && before["nginx-gone.conf"] == nil, "no tombstones, no 410 files")

            let outcome = try Takedown.run(target: Self.goneID, site: site, reason: "privacy", today: testDay, environment: [:])
            #expect(outcome == Takedown.Outcome(id: Self.goneID, removed: ["content/umbrella.md"], urlPath: "/s/\(Self.goneID)/", week: "2026-W45"))
            #expect(FileSystem.kind(of: site + "/content/umbrella.md") == .missing)

            let second = Pipeline.run(request)
            #expect(second.summary.exitCode == 0, "\(second.listing)")
            #expect(second.summary.removed > 0)
            let after = try outputFiles(in: output)
            #expect(Self.files(holding: Self.title, in: after).isEmpty, "\(Self.files(holding: Self.title, in: after))")
            #expect(Self.files(holding: Self.fingerprint, in: after).isEmpty, "\(Self.files(holding: Self.fingerprint, in: after))")
            #expect(Self.files(holding: "umbrella", in: after).isEmpty, "nothing of the file name either")
            #expect(Self.files(holding: Self.goneID, in: after) == ["_redirects", "nginx-gone.conf"])
            #expect(!(try outputFolders(in: output)).contains("s/\(Self.goneID)"))
            #expect(after["410.html"] != nil)

            // The tombstone: id, reason, week; nothing of the story.
            let tombstones = try String(contentsOfFile: site + "/" + Tombstones.path, encoding: .utf8)
            #expect(tombstones.hasSuffix("- {id: \(Self.goneID), reason: privacy, week: 2026-W45}\n"), "\(tombstones)")
            for trace in [Self.title, "umbrella.md", "platform", "rain", "2026-10-20"] {
                #expect(!tombstones.contains(trace), "\(trace) in the tombstone")
            }

            // A clean build of the same site is the same output.
            let clean = try buildAndRead(site: site)
            #expect(clean.files == after)
        }
    }

    @Test func theGonePageIsTheSameWhateverTheReason() throws {
        var outputs: [[String: [UInt8]]] = []
        for reason in ["retracted", "legal"] {
            try withTemporaryFolder { folder in
                let site = try Self.makeSite(folder)
                _ = try Takedown.run(target: Self.goneID, site: site, reason: reason, today: testDay, environment: [:])
                let built = try buildAndRead(site: site)
                #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
                let page = built.files.text("410.html")
                #expect(page.contains("<h1>Gone</h1>"), "\(page)")
                #expect(!page.contains(reason) && !page.contains(Self.goneID))
                outputs.append(built.files)
            }
        }
        #expect(outputs.count == 2 && outputs[0] == outputs[1], "every output file is identical")
    }

    @Test func theHostRulesAreUnderBaseURLsPath() throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder, config: testConfig.replacingOccurrences(of: "example.org/", with: "example.org/stories/"))
            try folder.write(
                "- {id: zzold001, reason: abuse, week: 2026-W01}\n- {id: \(Self.goneID), reason: legal, week: 2026-W44}\n",
                to: "site/" + Tombstones.path
            )
            try FileManager.default.removeItem(atPath: site + "/content/umbrella.md")
            let built = try buildAndRead(site: site)
            #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
            #expect(
                built.files.text("_redirects") == """
                    # Written by hush build: stories taken down (hush takedown) answer 410 Gone with one page.
                    /stories/s/\(Self.goneID) /stories/410.html 410
                    /stories/s/\(Self.goneID)/* /stories/410.html 410
                    /stories/s/zzold001 /stories/410.html 410
                    /stories/s/zzold001/* /stories/410.html 410

                    """
            )
            #expect(
                built.files.text("nginx-gone.conf") == """
                    # Written by hush build: stories taken down (hush takedown) answer 410 Gone with one page.
                    # Include it in the site's server block: include /var/www/hush/stories/nginx-gone*.conf;
                    location = /stories/nginx-gone.conf { return 404; }
                    location = /stories/_redirects { return 404; }
                    location = /stories/s/\(Self.goneID) { error_page 410 /stories/410.html; return 410; }
                    location ^~ /stories/s/\(Self.goneID)/ { error_page 410 /stories/410.html; return 410; }
                    location = /stories/s/zzold001 { error_page 410 /stories/410.html; return 410; }
                    location ^~ /stories/s/zzold001/ { error_page 410 /stories/410.html; return 410; }

                    """
            )
            // Not a page readers find: not in the sitemap, not in the search index.
            #expect(!built.files.text("sitemap.xml").contains("410.html"))
            // Every theme has the page (paper and whisper inherit it).
            for theme in ["paper", "whisper"] {
                try folder.write(testConfig + "theme: \(theme)\n", to: "site/hush.yml")
                let themed = try buildAndRead(site: site)
                #expect(themed.result.summary.exitCode == 0, "\(themed.result.listing)")
                #expect(themed.files.text("410.html").contains("<h1>Gone</h1>"), "\(theme)")
            }
        }
    }

    @Test func takedownByFileFromTheWorkingDirectoryOrTheSite() throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder)
            let outcome = try Takedown.run(target: "content/kettle.md", site: site, reason: "retracted", today: testDay, environment: [:])
            #expect(outcome.id == "kettle01" && outcome.removed == ["content/kettle.md"])
            let derived = try Takedown.run(target: site + "/content/bridge.md", site: site, reason: "abuse", today: testDay, environment: [:])
            #expect(derived.id == "bridge01")
        }
    }

    @Test func aDerivedIDIsTheOneTheSiteShows() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["deep/night.md": story(title: "Night")])
            let id = PublicID.derive(contentPath: "deep/night.md", secret: testSecret)
            let outcome = try Takedown.run(target: "content/deep/night.md", site: site, reason: "privacy", today: testDay, environment: [:])
            #expect(outcome.id == id)
        }
    }

    enum Refusal: String, CaseIterable, Sendable {
        case unknownID, unknownFile, badReason, alreadyTakenDown
    }

    @Test(arguments: Refusal.allCases)
    func refuses(_ refusal: Refusal) throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder)
            var target = Self.goneID
            var reason = "privacy"
            switch refusal {
            case .unknownID: target = "nosuchid1"
            case .unknownFile: target = "content/nosuch.md"
            case .badReason: reason = "boredom"
            case .alreadyTakenDown: _ = try Takedown.run(target: target, site: site, reason: reason, today: testDay, environment: [:])
            }
            let tombstonesBefore = try? String(contentsOfFile: site + "/" + Tombstones.path, encoding: .utf8)
            #expect {
                _ = try Takedown.run(target: target, site: site, reason: reason, today: testDay, environment: [:])
            } throws: { error in
                let message = (error as? Takedown.Failure)?.message ?? ""
                switch refusal {
                case .unknownID: return message.contains("no story has the id nosuchid1")
                case .unknownFile: return message.contains("no story file content/nosuch.md")
                case .badReason: return message.contains("--reason must be one of retracted, privacy, legal, abuse")
                case .alreadyTakenDown: return message.contains("already taken down")
                }
            }
            // Nothing changed.
            #expect((try? String(contentsOfFile: site + "/" + Tombstones.path, encoding: .utf8)) == tombstonesBefore)
            #expect(FileSystem.kind(of: site + "/content/kettle.md") == .file)
        }
    }

    @Test func aTakenDownIDIsNeverUsedAgain() throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder)
            _ = try Takedown.run(target: Self.goneID, site: site, reason: "privacy", today: testDay, environment: [:])
            try folder.write(story(title: "Something new", id: Self.goneID), to: "site/content/new.md")
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 1)
            let error = try #require(result.diagnostics(Diagnostic.Code.idTakenDown.name).first, "\(result.listing)")
            #expect(error.file == "content/new.md" && error.line == 4 && error.column == 5, "\(error)")
            #expect(error.message.contains("choose another id"), "\(error.message)")
            #expect(FileSystem.kind(of: folder("public")) == .missing, "nothing is written")
        }
    }

    @Test func aDerivedIDThatWasTakenDownNamesTheFile() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["night.md": story(title: "Night")])
            let id = PublicID.derive(contentPath: "night.md", secret: testSecret)
            try folder.write("- {id: \(id), reason: retracted, week: 2026-W40}\n", to: "site/" + Tombstones.path)
            let result = build(site: site)
            let error = try #require(result.diagnostics(Diagnostic.Code.idTakenDown.name).first, "\(result.listing)")
            #expect(error.file == "content/night.md" && error.line == 0)
            #expect(error.message.contains("rename the file"), "\(error.message)")
        }
    }

    @Test(arguments: [
        ("- {id: ok12, reason: privacy}\n", 1, 1),
        ("# note\n  - {id: ok12, reason: vanity, week: 2026-W01}\n", 2, 3),
        ("- {id: ok12, reason: legal, week: 2026-W01}\n- {id: ok12, reason: legal, week: 2026-W02}\n", 2, 1),
        ("- {id: a b c d, reason: legal, week: 2026-W01}\n", 1, 1),
        ("- {id: ok12, reason: legal, week: 2026-11-02}\n", 1, 1),
    ])
    func aDamagedTombstoneFileStopsTheBuild(_ text: String, line: Int, column: Int) throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder)
            try folder.write(text, to: "site/" + Tombstones.path)
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 2, "\(result.listing)")
            let error = try #require(result.diagnostics(Diagnostic.Code.tombstoneInvalid.name).first, "\(result.listing)")
            #expect(error.file == Tombstones.path && error.line == line && error.column == column, "\(error)")
        }
    }

    @Test func tombstonesReadBackWhatTheyWrite() {
        let stones = [
            Tombstone(id: "k3v9q2mf", reason: .privacy, week: "2026-W48"),
            Tombstone(id: "a-b-c-d", reason: .abuse, week: "2027-W01"),
        ]
        let (read, problems) = Tombstones.parse(SourceFile(path: Tombstones.path, bytes: Tombstones.render(stones)))
        #expect(read == stones && problems.isEmpty)
    }

    @Test(arguments: [
        ("2026-11-02", "2026-W45"), ("2026-01-01", "2026-W01"), ("2027-01-01", "2026-W53"), ("2024-12-30", "2025-W01"),
        ("2021-01-03", "2020-W53"),
    ])
    func isoWeeks(_ day: String, _ week: String) throws {
        #expect(try #require(Day(iso: day)).isoWeek == week)
    }

    @Test func hushNewNeverPicksATakenDownID() throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder)
            var first = SeededGenerator(seed: 42)
            let wouldBe = PublicID.random(using: &first)
            var same = SeededGenerator(seed: 42)
            #expect(Scaffold.freshID(site: site, using: &same) == wouldBe, "without a tombstone, the first id drawn")
            try folder.write("- {id: \(wouldBe), reason: privacy, week: 2026-W45}\n", to: "site/" + Tombstones.path)
            var again = SeededGenerator(seed: 42)
            let id = Scaffold.freshID(site: site, using: &again)
            #expect(id != wouldBe && PublicID.isValid(id))
        }
    }

    /// The command line: exit 0 with what to commit; exit 2 for a missing reason (nothing
    /// changed), an unknown id and one already taken down.
    @Test func theCommandExitsTwoOnEveryRefusal() throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder)
            let missing = try hush(["takedown", Self.goneID, "--site", site], in: folder.path)
            #expect(missing.status == 2 && missing.standardError.contains("--reason"), "\(missing.standardError)")
            #expect(FileSystem.kind(of: site + "/content/umbrella.md") == .file)

            let done = try hush(["takedown", Self.goneID, "--site", site, "--reason", "abuse", "--now", "2026-11-02"], in: folder.path)
            #expect(done.status == 0, "\(done.standardError)")
            #expect(done.standardOutput.contains("took down /s/\(Self.goneID)/ (abuse, 2026-W45)"), "\(done.standardOutput)")
            #expect(done.standardOutput.contains(Tombstones.path))

            let again = try hush(["takedown", Self.goneID, "--site", site, "--reason", "abuse"], in: folder.path)
            #expect(again.status == 2 && again.standardError.contains("already taken down"), "\(again.standardError)")
            let unknown = try hush(["takedown", "nosuchid1", "--site", site, "--reason", "legal"], in: folder.path)
            #expect(unknown.status == 2 && unknown.standardError.contains("no story has the id nosuchid1"), "\(unknown.standardError)")
        }
    }
}
