import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// What `hush build` and `hush check` say while and after they work: the summary's counts,
/// `-q`, `--verbose`, no progress line where no one watches, and the cache flags.
@Suite struct FeedbackTests {
    /// A site with one warning (no secret), so `-q` has something to print.
    static func site(in folder: TemporaryFolder) throws -> String {
        try folder.makeSite(
            stories: ["a.md": story(tags: ["night"]), "b.md": story(date: "2026-10-02", tags: ["night"])],
            config: "title: \"Test stories\"\nbase_url: \"https://stories.example.org/\"\n"
        )
    }

    @Test func theSummarySaysWhatWasWrittenLeftAndRemoved() throws {
        try withTemporaryFolder { folder in
            _ = try Self.site(in: folder)
            let first = try hush(["build", "site", "--now", "2026-11-02"], in: folder.path)
            #expect(first.status == 0)
            #expect(first.standardError.contains(" written, 0 unchanged, 0 removed)"), "\(first.standardError)")
            #expect(first.standardError.range(of: #" in \d+\.\d\d s\."#, options: .regularExpression) != nil)
            // Not a terminal: no progress line, nothing rewritten in place.
            #expect(!first.standardError.contains("\r"))
            try FileManager.default.removeItem(atPath: folder("site/content/b.md"))
            let second = try hush(["build", "site", "--now", "2026-11-02"], in: folder.path)
            #expect(second.standardError.contains("removed)"))
            #expect(!second.standardError.contains(" 0 removed)"), "\(second.standardError)")
            let third = try hush(["build", "site", "--now", "2026-11-02", "--format", "json"], in: folder.path)
            let summary = try #require(
                (try JSONSerialization.jsonObject(with: Data(third.standardOutput.utf8)) as? [String: Any])?["summary"] as? [String: Any]
            )
            #expect(summary["written"] as? Int == 0)
            #expect(summary["removed"] as? Int == 0)
            #expect((summary["unchanged"] as? Int ?? 0) > 0)
        }
    }

    @Test func quietPrintsProblemsOnly() throws {
        try withTemporaryFolder { folder in
            _ = try Self.site(in: folder)
            let run = try hush(["build", "site", "--now", "2026-11-02", "-q"], in: folder.path)
            #expect(run.status == 0)
            #expect(run.standardError.contains("warning[config.no-secret]"))
            #expect(!run.standardError.contains("hush: built"))
            let check = try hush(["check", "site", "--quiet"], in: folder.path)
            #expect(!check.standardError.contains("hush: checked"))
        }
    }

    @Test func verbosePrintsEachStagesTime() throws {
        try withTemporaryFolder { folder in
            _ = try Self.site(in: folder)
            let run = try hush(["build", "site", "--now", "2026-11-02", "--verbose"], in: folder.path)
            #expect(run.status == 0)
            for stage in ["load", "parse+guard", "render", "index", "theme", "write"] {
                #expect(run.standardError.contains("\(stage) "), "\(stage) in \(run.standardError)")
            }
            #expect(run.standardError.contains("hush: built"))
        }
    }

    @Test func theCacheGoesWhereItIsToldOrNowhere() throws {
        try withTemporaryFolder { folder in
            _ = try Self.site(in: folder)
            _ = try hush(["build", "site", "--now", "2026-11-02"], in: folder.path)
            #expect(FileSystem.kind(of: folder("site/.hush-cache/build.cache")) == .file)
            #expect(FileSystem.kind(of: folder("site/.hush-cache/CACHEDIR.TAG")) == .file)
            try FileManager.default.removeItem(atPath: folder("site/.hush-cache"))
            _ = try hush(["build", "site", "--now", "2026-11-02", "--no-cache", "--output", "other"], in: folder.path)
            #expect(FileSystem.kind(of: folder("site/.hush-cache")) == .missing)
            _ = try hush(["check", "site", "--cache", "elsewhere"], in: folder.path)
            #expect(FileSystem.kind(of: folder("elsewhere/build.cache")) == .file)
            #expect(FileSystem.kind(of: folder("site/.hush-cache")) == .missing)
            let both = try hush(["build", "site", "--cache", "x", "--no-cache"], in: folder.path)
            #expect(both.status == 2)
        }
    }
}
