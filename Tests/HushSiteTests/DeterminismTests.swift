import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Same input, same bytes: whatever folder the site is written to, whatever order its files
/// were made in, and with no trace of the build's real time on disk.
@Suite struct DeterminismTests {
    private func expectIdentical(_ a: BuiltSite, _ b: BuiltSite, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.result.summary.exitCode == 0 && b.result.summary.exitCode == 0, sourceLocation: sourceLocation)
        #expect(a.files.keys.sorted() == b.files.keys.sorted(), "same file list", sourceLocation: sourceLocation)
        let different = a.files.keys.filter { b.files[$0] != nil && a.files[$0] != b.files[$0] }.sorted()
        #expect(different.isEmpty, "files with different bytes: \(different)", sourceLocation: sourceLocation)
        #expect(a.result.diagnostics == b.result.diagnostics, sourceLocation: sourceLocation)
    }

    @Test func twoBuildsIntoTwoFoldersAreIdentical() throws {
        let first = try exampleSiteBuild.get()
        let second = try buildAndRead(site: repositoryRoot)
        #expect(first.outputPath != second.outputPath)
        #expect(first.files.count > 50)
        expectIdentical(first, second)
    }

    /// A copy of the example site whose files are created in reverse order (and so get other
    /// inode numbers, directory order and times) builds to the same bytes.
    @Test func creationOrderOfTheInputDoesNotMatter() throws {
        let reference = try exampleSiteBuild.get()
        try withTemporaryFolder { folder in
            let copy = folder("copy")
            var files: [String] = ["hush.yml"]
            for top in ["content", "Templates"] {
                let entries = try #require(FileManager.default.enumerator(atPath: repositoryRoot + "/" + top)?.allObjects as? [String])
                for entry in entries {
                    if FileSystem.kind(of: repositoryRoot + "/" + top + "/" + entry) == .file { files.append(top + "/" + entry) }
                }
            }
            #expect(files.count > 30)
            for (index, file) in files.sorted().reversed().enumerated() {
                let bytes = try #require(FileManager.default.contents(atPath: repositoryRoot + "/" + file))
                try folder.write(bytes: Array(bytes), to: "copy/" + file)
                // Distinct, out-of-order modification times: the build must not look at them.
                let time = Date(timeIntervalSince1970: TimeInterval(1_000_000_000 + index * 3_600))
                try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: copy + "/" + file)
            }
            let rebuilt = try buildAndRead(site: copy)
            expectIdentical(reference, rebuilt)
        }
    }

    @Test func everyFileAndFolderIsDatedAtMidnightOfTheBuildDay() throws {
        let site = try exampleSiteBuild.get()
        let midnight = testDay.daysSinceEpoch * 86_400
        #expect(midnight == 1_793_577_600, "2026-11-02T00:00:00Z")
        #expect(site.modificationTimes.count > site.files.count, "folders are included")
        let wrong = site.modificationTimes.filter { $0.value != midnight }.map(\.key).sorted()
        #expect(wrong.isEmpty, "not dated 2026-11-02 00:00 UTC: \(wrong)")
    }

    @Test func sourceDateEpochSetsTheBuildDayWithoutNow() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()])
            // 2026-11-02T18:30:00Z: the time of day is dropped.
            let built = try buildAndRead(site: site, now: nil, environment: ["SOURCE_DATE_EPOCH": "1793644200"])
            #expect(built.result.summary.exitCode == 0)
            let wrong = built.modificationTimes.filter { $0.value != 1_793_577_600 }.map(\.key).sorted()
            #expect(wrong.isEmpty, "\(wrong)")
        }
    }

    @Test func storyOrderDoesNotDependOnFileNames() throws {
        // Same day, same everything but the id: the order is by id, not by file name.
        let stories = ["z.md": story(date: "2026-10-01", id: "aaaa"), "a.md": story(date: "2026-10-01", id: "zzzz")]
        let built = try buildStories(stories)
        #expect(listedStoryIDs(in: built.files.text("index.html")) == ["aaaa", "zzzz"])
    }
}
