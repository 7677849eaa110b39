import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write stage: a failed build leaves the previous output exactly as it was, a folder
/// hush did not make is never touched, and a rebuild changes only what changed.
///
/// Over 400 lines on purpose: each failure mode of the writer (a failed build, a folder
/// not ours, a write or commit that fails part-way, unreadable input, permissions, times)
/// is its own scenario over the same fixtures and `Snapshot`, which live here once.
@Suite struct WriteTests {
    static let stories: [String: String] = [
        "one.md": story(date: "2026-10-01", title: "One", tags: ["alpha"], id: "story-one", body: "The first story."),
        "two.md": story(date: "2026-10-08", title: "Two", tags: ["alpha", "beta"], id: "story-two", body: "The second story."),
        "three.md": story(date: "2026-10-15", title: "Three", tags: ["beta"], id: "story-three", body: "The third story."),
    ]

    /// Everything a reader or a deploy could see: file list, bytes and folder list.
    private struct Snapshot: Equatable, CustomTestStringConvertible {
        let files: [String: [UInt8]]
        let folders: [String]

        init(_ path: String) throws {
            files = try outputFiles(in: path)
            folders = try outputFolders(in: path)
        }

        var testDescription: String { "\(files.count) files in \(folders.count) folders" }

        /// What differs from `other`, for a failure message.
        func changes(since other: Snapshot) -> String {
            let added = Set(files.keys).subtracting(other.files.keys).sorted()
            let removed = Set(other.files.keys).subtracting(files.keys).sorted()
            let changed = files.keys.filter { other.files[$0] != nil && other.files[$0] != files[$0] }.sorted()
            let folderChanges = Set(folders).symmetricDifference(other.folders).sorted()
            return "added \(added), removed \(removed), changed \(changed), folders added or removed \(folderChanges)"
        }
    }

    /// What a deploy tool or a web server's cache sees of each file and folder besides its
    /// bytes ("" is the output folder itself).
    struct Stamps: Equatable {
        struct Stamp: Equatable {
            let inode: UInt64
            let modified: timespec
            let changed: timespec

            static func == (a: Stamp, b: Stamp) -> Bool {
                a.inode == b.inode && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
                    && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
            }
        }

        let stamps: [String: Stamp]

        init(_ root: String) throws {
            var stamps: [String: Stamp] = [:]
            for path in try Array(outputFiles(in: root).keys) + outputFolders(in: root) {
                var info = stat()
                guard lstat(path.isEmpty ? root : root + "/" + path, &info) == 0 else { throw TestFailure("cannot stat \(path)") }
                #if canImport(Darwin)
                stamps[path] = Stamp(inode: UInt64(info.st_ino), modified: info.st_mtimespec, changed: info.st_ctimespec)
                #else
                stamps[path] = Stamp(inode: UInt64(info.st_ino), modified: info.st_mtim, changed: info.st_ctim)
                #endif
            }
            self.stamps = stamps
        }

        /// The paths whose stamp differs in `other` (or that only one of the two has), sorted.
        func differences(from other: Stamps, ignoringChangeTime: Bool = false) -> [String] {
            Set(stamps.keys).union(other.stamps.keys).filter { path in
                guard let a = stamps[path], let b = other.stamps[path] else { return true }
                if ignoringChangeTime {
                    return a.inode != b.inode || a.modified.tv_sec != b.modified.tv_sec || a.modified.tv_nsec != b.modified.tv_nsec
                }
                return a != b
            }.sorted()
        }

        /// Modification times in whole seconds.
        var modified: [String: Int] { stamps.mapValues { Int($0.modified.tv_sec) } }
    }

    /// Same files, same bytes, same folders, and, unless a rollback had to rename files back
    /// (which changes their ctime, nothing else), every file and folder untouched: same inode,
    /// same times to the nanosecond. A failed build leaves no wall-clock time behind.
    private func expectUnchanged(
        _ path: String,
        since before: (Snapshot, Stamps),
        ignoringChangeTime: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let after = try Snapshot(path)
        #expect(after == before.0, "\(after.changes(since: before.0))", sourceLocation: sourceLocation)
        let touched = try Stamps(path).differences(from: before.1, ignoringChangeTime: ignoringChangeTime)
        #expect(touched.isEmpty, "touched: \(touched.prefix(20))", sourceLocation: sourceLocation)
    }

    private func state(_ path: String) throws -> (Snapshot, Stamps) {
        (try Snapshot(path), try Stamps(path))
    }

    /// Also what sits beside the output: no staging folders may be left behind.
    private func siblings(_ folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func failedBuildLeavesThePreviousOutputUntouched() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            let first = build(site: site, output: folder("public"))
            #expect(first.summary.exitCode == 0, "\(first.listing)")
            let before = try state(folder("public"))
            let besideBefore = try siblings(folder)

            try folder.write(story(title: "Mine", extra: ["author: Jane Dough"]), to: "site/content/four.md")
            try folder.write(story(date: "2026-10-15", title: "Three, edited", tags: ["beta"], id: "story-three"), to: "site/content/three.md")
            let failed = build(site: site, output: folder("public"))
            #expect(failed.summary.exitCode == 1)
            #expect(failed.codes == ["front-matter.identifying-key"], "\(failed.listing)")
            #expect(failed.summary.output == nil)
            try expectUnchanged(folder("public"), since: before)
            #expect(try siblings(folder) == besideBefore)
        }
    }

    /// An error found late (by the index stage, after writing could have begun) is no different.
    @Test func errorFoundWhileIndexingLeavesThePreviousOutputUntouched() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)
            let before = try state(folder("public"))
            let besideBefore = try siblings(folder)

            // Two new stories whose tags "c" and "c++" would share the page /tags/c/.
            try folder.write(story(date: "2026-10-22", tags: ["c"], id: "story-four"), to: "site/content/four.md")
            try folder.write(story(date: "2026-10-29", tags: ["c++"], id: "story-five"), to: "site/content/five.md")
            let failed = build(site: site, output: folder("public"))
            #expect(failed.codes == ["tag.collision"], "\(failed.listing)")
            #expect(failed.summary.exitCode == 1)
            try expectUnchanged(folder("public"), since: before)
            #expect(try siblings(folder) == besideBefore)
        }
    }

    @Test func strictBuildWithAWarningLeavesThePreviousOutputUntouched() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)
            let before = try state(folder("public"))
            try folder.write(story(id: "story-four", body: "![x](https://images.example.com/x.png)"), to: "site/content/four.md")
            let failed = build(site: site, output: folder("public"), strict: true)
            #expect(failed.summary.exitCode == 1, "\(failed.listing)")
            try expectUnchanged(folder("public"), since: before)
        }
    }

    @Test(arguments: [["notes.txt"], [".git/HEAD"], ["index.html", "assets/style.css"]])
    func folderHushDidNotMakeIsRefusedAndUntouched(_ existing: [String]) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            for file in existing { try folder.write("mine, not hush's\n", to: "public/" + file) }
            let before = try state(folder("public"))
            let besideBefore = try siblings(folder)
            let result = build(site: site, output: folder("public"))
            #expect(result.codes == ["output.not-ours"], "\(result.listing)")
            #expect(result.summary.exitCode == 2, "an output folder hush may not use is a usage error (README, exit codes)")
            #expect(result.summary.output == nil)
            try expectUnchanged(folder("public"), since: before)
            #expect(try siblings(folder) == besideBefore)
        }
    }

    @Test func emptyFolderIsUsed() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            try FileManager.default.createDirectory(atPath: folder("public"), withIntermediateDirectories: false)
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            #expect(try outputFiles(in: folder("public")).storyPages.count == 3)
            #expect(try siblings(folder) == ["public", "site"])
        }
    }

    @Test func deletedStoryLosesItsPage() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)
            #expect(FileManager.default.fileExists(atPath: folder("public/s/story-three/index.html")))
            #expect(FileManager.default.fileExists(atPath: folder("public/tags/beta/index.html")))

            try FileManager.default.removeItem(atPath: site + "/content/three.md")
            try FileManager.default.removeItem(atPath: site + "/content/two.md")
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            let files = try outputFiles(in: folder("public"))
            #expect(files.storyPages == ["s/story-one/index.html"])
            #expect(files["tags/beta/index.html"] == nil, "a tag with no stories left has no page")
            #expect(!(try outputFolders(in: folder("public"))).contains("s/story-three"), "no empty folder is left")
            #expect(!files.values.contains { containsBytes($0, Array("story-three".utf8)) })
            #expect(try siblings(folder) == ["public", "site"])
        }
    }

    @Test func changedStoryChangesOnlyItsOwnPage() throws {
        try withTemporaryFolder { folder in
            // A long body: the edit is past the excerpt, so lists and neighbours do not change.
            let long = String(repeating: "A sentence that fills the excerpt of this story. ", count: 10)
            var stories = Self.stories
            stories["two.md"] = story(date: "2026-10-08", title: "Two", tags: ["alpha", "beta"], id: "story-two", body: long + "\n\nThe end.")
            let site = try folder.makeSite(stories: stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)
            let before = try outputFiles(in: folder("public"))
            let inodesBefore = inodes(folder("public"), before.keys)

            try folder.write(
                story(date: "2026-10-08", title: "Two", tags: ["alpha", "beta"], id: "story-two", body: long + "\n\nThe real end."),
                to: "site/content/two.md"
            )
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            let after = try outputFiles(in: folder("public"))
            #expect(after.keys.sorted() == before.keys.sorted())
            let changed = Set(after.keys.filter { after[$0] != before[$0] })
            // The feeds and the search index carry the full text; every other page is as it was.
            #expect(Set(changed.filter { !isSearchIndex($0) }) == ["s/story-two/index.html", "feed.xml", "feed.json"])
            #expect(changed.contains(where: isSearchIndex))
            #expect(after.text("s/story-two/index.html").contains("The real end."))

            // Only what changed is written again.
            let inodesAfter = inodes(folder("public"), after.keys)
            let rewritten = Set(after.keys.filter { inodesAfter[$0] != inodesBefore[$0] })
            #expect(rewritten.isSubset(of: changed), "rewritten though unchanged: \(rewritten.subtracting(changed).sorted())")
        }
    }

    /// The search index: `search.json`, or the files under `search/` it is split into.
    private func isSearchIndex(_ path: String) -> Bool {
        path == "search.json" || (path.hasPrefix("search/") && path.hasSuffix(".json"))
    }

    private func inodes(_ root: String, _ paths: some Sequence<String>) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for path in paths {
            var info = stat()
            if lstat(root + "/" + path, &info) == 0 { result[path] = UInt64(info.st_ino) }
        }
        return result
    }

    /// An output folder inside content/ or Templates/ would be read back by the next build,
    /// and one that holds the site would replace it: both are refused before anything is written.
    @Test(arguments: ["content/public", "Templates/out", ".", "content"])
    func outputInsideTheSiteIsRefused(_ relative: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            let before = try outputFiles(in: site)
            let result = build(site: site, output: site + "/" + relative)
            #expect(result.summary.exitCode == 2)
            #expect(result.codes.contains("output.inside-site"), "\(result.listing)")
            #expect(try outputFiles(in: site) == before)
        }
    }
}

// MARK: - One way to fail, reasons for unreadable files, modes a web server can read

/// A way to make writing fail part-way even as root, where permission checks always pass.
enum WriteBreak: String, CaseIterable, Sendable {
    /// A file whose name the file system refuses (ENAMETOOLONG).
    case nameTooLong
    /// A file sits where the site needs a folder.
    case fileInTheWay
    /// A folder sits where the site needs a file.
    case folderInTheWay
}

extension WriteTests {
    /// The writer never throws while writing: the failure is kept and comes out of `commit`,
    /// once, after which the previous output is exactly as it was and nothing is left beside it.
    @Test(arguments: WriteBreak.allCases)
    func failureWhileWritingSurfacesAtCommitAndKeepsThePreviousOutput(_ way: WriteBreak) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)
            // Set up the obstacle first: it is part of the output that must survive.
            switch way {
            case .nameTooLong: break
            case .fileInTheWay: try folder.write("not a folder\n", to: "public/s/story-four")
            case .folderInTheWay:
                try FileManager.default.createDirectory(atPath: folder("public/about/index.html"), withIntermediateDirectories: true)
            }
            let before = try state(folder("public"))
            let besideBefore = try siblings(folder)

            let writer = try OutputWriter.begin(output: folder("public"), site: site, buildDate: testDay)
            let broken: OutputFile
            switch way {
            case .nameTooLong: broken = OutputFile(path: String(repeating: "n", count: 300) + ".html", bytes: Array("x".utf8))
            case .fileInTheWay: broken = OutputFile(path: "s/story-four/index.html", bytes: Array("new story".utf8))
            case .folderInTheWay: broken = OutputFile(path: "about/index.html", bytes: Array("about".utf8))
            }
            writer.prepare(foldersOf: ["s/story-five/index.html", broken.path])
            writer.write([
                OutputFile(path: "index.html", bytes: Array("changed home page".utf8)),
                OutputFile(path: "s/story-five/index.html", bytes: Array("a new page in a new folder".utf8)),
            ])
            writer.write([broken, OutputFile(path: "feed.xml", bytes: Array("changed feed".utf8))])

            let failure = try #require(throws: WriteFailure.self) { try writer.commit() }
            #expect(failure.diagnostic.code == "output.io")
            #expect(failure.diagnostic.severity == .error)
            writer.discard()  // after commit: does nothing, throws nothing
            try expectUnchanged(folder("public"), since: before)
            #expect(try siblings(folder) == besideBefore)
        }
    }

    /// The same in a first build: no output folder appears, no staging folder is left.
    @Test func failureInAFirstBuildLeavesNoFolder() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            let writer = try OutputWriter.begin(output: folder("public"), site: site, buildDate: testDay)
            writer.write([OutputFile(path: "index.html", bytes: [1]), OutputFile(path: String(repeating: "n", count: 300), bytes: [2])])
            let failure = try #require(throws: WriteFailure.self) { try writer.commit() }
            #expect(failure.diagnostic.message.contains("File name too long"), "\(failure.diagnostic.message)")
            #expect(try siblings(folder) == ["site"])
        }
    }

    /// Each cause gets its own words: what is wrong and what to do, not "check its permissions".
    @Test(arguments: [
        ("folder", "it is a folder, not a file"),
        ("gone", "no such file"),
        ("link", "it is a symbolic link"),
    ])
    func unreadableStorySaysWhy(_ situation: String, _ reason: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["real.md": story()])
            switch situation {
            case "folder": try FileManager.default.createDirectory(atPath: site + "/content/x.md", withIntermediateDirectories: false)
            case "link": try FileManager.default.createSymbolicLink(atPath: site + "/content/x.md", withDestinationPath: "real.md")
            default: break
            }
            var diagnostics: [Diagnostic] = []
            let paths = ["content/real.md", "content/x.md"]
            let files = SiteLoader.read(paths, site: site, code: .contentUnreadable, what: "this story", diagnostics: &diagnostics)
            #expect(files.map(\.path) == ["content/real.md"])
            #expect(diagnostics.count == 1)
            let diagnostic = try #require(diagnostics.first)
            #expect(diagnostic.code == "content.unreadable")
            #expect(diagnostic.file == "content/x.md")
            #expect(diagnostic.message.hasPrefix("this story cannot be read: " + reason), "\(diagnostic.message)")
            #expect(!diagnostic.message.contains("check the file's permissions"))
        }
    }

    /// A hush.yml that is a folder was taken for a missing one ("no hush.yml in this folder").
    @Test func configThatIsAFolderSaysSo() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            try FileManager.default.removeItem(atPath: site + "/hush.yml")
            try FileManager.default.createDirectory(atPath: site + "/hush.yml", withIntermediateDirectories: false)
            let result = build(site: site, output: folder("public"))
            let unreadable = result.diagnostics("config.unreadable")
            let expected = "hush.yml cannot be read: it is a folder, not a file; put a regular file there"
            #expect(unreadable.map(\.message) == [expected], "\(result.listing)")
            #expect(result.codes == ["config.unreadable"], "an unreadable hush.yml is not also a missing one")
            #expect(result.summary.exitCode == 3, "reading failed: an I/O failure")
            #expect(FileSystem.kind(of: folder("public")) == .missing)
        }
    }

    @Test func listingSaysWhy() throws {
        try withTemporaryFolder { folder in
            try folder.write("a file\n", to: "file")
            #expect(throws: FileSystemError(errno: ENOTDIR)) { try FileSystem.list(folder("file")) }
            #expect(throws: FileSystemError(errno: ENOENT)) { try FileSystem.list(folder("missing")) }
            #expect(throws: FileSystemError(errno: EISDIR)) { try FileSystem.contents(of: folder.path) }
            #expect(try FileSystem.list(folder.path).map(\.name) == ["file"])
        }
    }

    /// A web server running as another user must be able to read everything: folders 0755 and
    /// files 0644 under the umask, in a first build and in a rebuild that adds a story.
    /// Serialized: the umask belongs to the whole process.
    @Test(.serialized, arguments: [(mode_t(0o022), mode_t(0o755), mode_t(0o644)), (0o027, 0o750, 0o640)])
    func outputIsReadableByAWebServer(umask mask: mode_t, folders: mode_t, files: mode_t) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            let saved = umask(mask)
            defer { umask(saved) }
            for round in ["first build", "rebuild"] {
                if round == "rebuild" {
                    try folder.write(story(date: "2026-10-22", tags: ["gamma"], id: "story-four"), to: "site/content/four.md")
                }
                let result = build(site: site, output: folder("public"))
                #expect(result.summary.exitCode == 0, "\(result.listing)")
                for path in try outputFolders(in: folder("public")) {
                    let actual = mode(of: folder("public/" + path))
                    #expect(actual == folders, "\(round): folder '\(path)' is \(String(actual, radix: 8))")
                }
                for path in try outputFiles(in: folder("public")).keys.sorted() {
                    let actual = mode(of: folder("public/" + path))
                    #expect(actual == files, "\(round): \(path) is \(String(actual, radix: 8))")
                }
            }
            #expect(FileManager.default.fileExists(atPath: folder("public/tags/gamma/index.html")))
        }
    }

    private func mode(of path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }
}

// MARK: - Times: only what changed gets the build date (issue 9)

extension WriteTests {
    /// A rebuild that changes nothing changes nothing on disk, even on another day: no file or
    /// folder is written, renamed or touched (same inode, mtime and ctime), so `rsync` and
    /// `aws s3 sync` have nothing to send and a web server's caches stay valid.
    @Test func rebuildWithNoChangeAWeekLaterTouchesNothing() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)
            let before = try state(folder("public"))
            let besideBefore = try siblings(folder)
            let result = build(site: site, output: folder("public"), now: Day(daysSinceEpoch: testDay.daysSinceEpoch + 7))
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            try expectUnchanged(folder("public"), since: before)
            #expect(try siblings(folder) == besideBefore)
        }
    }

    /// The rule (README, "What gets built"): a file that is new or changed, and a folder that is
    /// new or whose entries changed, gets midnight UTC of the build date; everything else keeps
    /// its inode and times. Checked on an edit, then on a new story and a deleted one.
    @Test func onlyWhatChangedGetsTheNewBuildDate() throws {
        try withTemporaryFolder { folder in
            // A long body: the edit is past the excerpt, so lists and neighbours do not change.
            let long = String(repeating: "A sentence that fills the excerpt of this story. ", count: 10)
            var stories = Self.stories
            stories["two.md"] = story(date: "2026-10-08", title: "Two", tags: ["alpha", "beta"], id: "story-two", body: long + "\n\nThe end.")
            let site = try folder.makeSite(stories: stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)

            let edit = {
                try folder.write(
                    story(date: "2026-10-08", title: "Two", tags: ["alpha", "beta"], id: "story-two", body: long + "\n\nThe real end."),
                    to: "site/content/two.md"
                )
            }
            let addAndDelete = {
                try folder.write(story(date: "2026-10-22", tags: ["gamma"], id: "story-four"), to: "site/content/four.md")
                try FileManager.default.removeItem(atPath: site + "/content/one.md")
            }
            for (week, change) in [edit, addAndDelete].enumerated() {
                let filesBefore = try outputFiles(in: folder("public"))
                let foldersBefore = try outputFolders(in: folder("public"))
                let stampsBefore = try Stamps(folder("public"))
                try change()
                let day = testDay.daysSinceEpoch + 7 * (week + 1)
                let result = build(site: site, output: folder("public"), now: Day(daysSinceEpoch: day))
                #expect(result.summary.exitCode == 0, "\(result.listing)")
                let files = try outputFiles(in: folder("public"))
                let folders = try outputFolders(in: folder("public"))
                let stamps = try Stamps(folder("public"))

                let changedFiles = Set(files.keys.filter { files[$0] != filesBefore[$0] })
                let removed = Set(filesBefore.keys).subtracting(files.keys).union(Set(foldersBefore).subtracting(folders))
                let newFolders = Set(folders).subtracting(foldersBefore)
                // A folder changed if an entry of it was added, replaced or removed.
                let touchedFolders = Set(changedFiles.union(removed).union(newFolders).map { OutputWriter.folder(of: $0) })
                if week == 0 { #expect(Set(changedFiles.filter { !isSearchIndex($0) }) == ["s/story-two/index.html", "feed.xml", "feed.json"]) }
                if week == 1 { #expect(newFolders.contains("s/story-four") && removed.contains("s/story-one")) }

                for (path, stamp) in stamps.stamps {
                    if changedFiles.contains(path) || newFolders.contains(path) || touchedFolders.contains(path) {
                        #expect(
                            Int(stamp.modified.tv_sec) == day * 86_400 && stamp.modified.tv_nsec == 0,
                            "week \(week + 1): \(path) is new or changed"
                        )
                    } else {
                        #expect(stamp == stampsBefore.stamps[path], "week \(week + 1): \(path) did not change and must not be touched")
                    }
                }
            }
        }
    }
}

// MARK: - A commit that fails part-way (issue 8)

extension WriteTests {
    /// A step of the commit fails after others were made (here a staged file vanishes just
    /// before its rename): every step made is undone, the message says so truthfully, and the
    /// output is the previous one, the same inodes with the same bytes and times.
    @Test func commitThatFailsPartWayPutsThePreviousOutputBack() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)
            let old = try outputFiles(in: folder("public"))
            let before = try state(folder("public"))
            let besideBefore = try siblings(folder)

            let places = OutputPlaces(output: folder("public"))
            let stepsMade = Locked(0)
            let hook = StepHook { step in
                stepsMade.withLock { $0 = step }
                if step == 5 { unlink(places.inStaged("tags/index.html")) }
            }
            let writer = try OutputWriter.begin(output: folder("public"), site: site, buildDate: testDay, hook: hook)
            // Every page changed, a story gone, a new one: add, replace and remove steps.
            var files = old.filter { $0.key != OutputWriter.marker && !$0.key.hasPrefix("s/story-one/") }
                .map { OutputFile(path: $0.key, bytes: $0.value + Array("\n<!-- changed -->".utf8)) }
            files.append(OutputFile(path: "s/story-new/index.html", bytes: Array("a new story".utf8)))
            writer.prepare(foldersOf: files.map(\.path))
            writer.write(files)

            let failure = try #require(throws: WriteFailure.self) { try writer.commit() }
            #expect(stepsMade.withLock { $0 } > 5, "the failure came after steps were made")
            #expect(failure.diagnostic.code == "output.io")
            #expect(failure.diagnostic.message.hasPrefix("cannot replace tags/index.html in \(places.output): "), "\(failure.diagnostic.message)")
            #expect(failure.diagnostic.message.hasSuffix("; everything it had changed was put back: the previous output is as it was"))
            // Renaming a file back changes its ctime; its inode, bytes and mtime are the old ones.
            try expectUnchanged(folder("public"), since: before, ignoringChangeTime: true)
            #expect(try siblings(folder) == besideBefore)
        }
    }

    /// The same with a real file that cannot be replaced (`chattr +i`, or a read-only folder
    /// where permissions apply), through the whole pipeline: the rebuild exits 3, and the home
    /// page, replaced before the failure, carries the previous title again.
    @Test(.enabled(if: Unreplaceable.way != nil, "needs chattr +i, or a user that permissions apply to"))
    func fileThatCannotBeReplacedFailsTheRebuildAndPutsTheRestBack() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)
            // tags/index.html comes after index.html and every story page in the commit's order.
            let target = folder("public/tags/index.html")
            try Unreplaceable.protect(target)
            defer { Unreplaceable.release(target) }
            let before = try state(folder("public"))
            let besideBefore = try siblings(folder)

            try folder.write(testConfig.replacingOccurrences(of: "Test stories", with: "Renamed stories"), to: "site/hush.yml")
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 3, "\(result.listing)")
            #expect(result.codes == ["output.io"], "\(result.listing)")
            let message = result.diagnostics.first?.message ?? ""
            #expect(message.hasPrefix("cannot replace tags/index.html in "), "\(message)")
            #expect(message.hasSuffix("everything it had changed was put back: the previous output is as it was"), "\(message)")
            #expect(!(try outputFiles(in: folder("public"))).text("index.html").contains("Renamed stories"))
            try expectUnchanged(folder("public"), since: before, ignoringChangeTime: true)
            #expect(try siblings(folder) == besideBefore)
        }
    }
}

/// Makes a file impossible to replace: `chattr +i` where the file system and the process
/// allow it (even root cannot rename over it), else a read-only folder around it (which
/// stops anyone but root). Nil when neither works here.
enum Unreplaceable {
    enum Way { case immutable, readOnlyFolder }

    static let way: Way? = {
        guard let folder = try? makeTemporaryFolder() else { return nil }
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        guard (try? folder.write("x", to: "probe")) != nil, (try? folder.write("y", to: "other")) != nil else { return nil }
        if chattr("+i", folder("probe")) {
            let refused = rename(folder("other"), folder("probe")) != 0
            _ = chattr("-i", folder("probe"))
            if refused { return .immutable }
        }
        chmod(folder.path, 0o555)
        defer { chmod(folder.path, 0o755) }
        return rename(folder("other"), folder("probe")) != 0 ? .readOnlyFolder : nil
    }()

    static func protect(_ path: String) throws {
        switch way {
        case .immutable: if !chattr("+i", path) { throw TestFailure("chattr +i \(path) failed") }
        case .readOnlyFolder: chmod(OutputWriter.folder(of: path), 0o555)
        case nil: throw TestFailure("no way to protect a file here")
        }
    }

    static func release(_ path: String) {
        switch way {
        case .immutable: _ = chattr("-i", path)
        case .readOnlyFolder: chmod(OutputWriter.folder(of: path), 0o755)
        case nil: break
        }
    }

    private static func chattr(_ flag: String, _ path: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [flag, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

// MARK: - Any file that cannot be replaced, and a rebuild into NEW/. (issue 8)

extension WriteTests {
    /// The reproduction, for every kind of file a rebuild replaces: with feed.xml
    /// (or another) unreplaceable, a rebuild that changes every page exits 3, says exactly
    /// what state the output is in, and the output is the previous one, to the mtime.
    @Test(
        .enabled(if: Unreplaceable.way != nil, "needs chattr +i, or a user that permissions apply to"),
        arguments: ["feed.xml", "feed.json", "sitemap.xml", "index.html", "s/story-two/index.html"]
    )
    func anyUnreplaceableFileRollsTheRebuildBack(_ path: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            #expect(build(site: site, output: folder("public")).summary.exitCode == 0)
            let target = folder("public/" + path)
            try Unreplaceable.protect(target)
            defer { Unreplaceable.release(target) }
            let before = try state(folder("public"))
            let besideBefore = try siblings(folder)

            try folder.write(testConfig.replacingOccurrences(of: "Test stories", with: "Renamed stories"), to: "site/hush.yml")
            try folder.write(story(date: "2026-10-29", tags: ["brand-new"], id: "story-new"), to: "site/content/new.md")
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 3, "\(result.listing)")
            #expect(result.codes == ["output.io"], "\(result.listing)")
            let message = result.diagnostics.first?.message ?? ""
            #expect(message.contains(path), "the message names the file: \(message)")
            #expect(
                message.hasSuffix("the previous output is as it was"),
                "the message says the output is the previous one: \(message)"
            )
            let files = try outputFiles(in: folder("public"))
            #expect(!files.values.contains { containsBytes($0, Array("Renamed stories".utf8)) }, "no page keeps the new title")
            #expect(files["s/story-new/index.html"] == nil && files["tags/brand-new/index.html"] == nil)
            try expectUnchanged(folder("public"), since: before, ignoringChangeTime: true)
            #expect(try siblings(folder) == besideBefore)
        }
    }

    /// `--output NEW/.` (and other spellings of one folder) builds into NEW, with nothing
    /// temporary inside it, as `--output NEW` does.
    @Test(arguments: ["NEW/.", "NEW/", "./NEW/./", "x/../NEW", "NEW//."])
    func anOutputPathIsNormalised(_ spelling: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            let result = build(site: site, output: folder(spelling))
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            #expect(try outputFiles(in: folder("NEW"))["index.html"] != nil)
            #expect(try siblings(folder) == ["NEW", "site"], "nothing beside it")
            #expect(!(try outputFiles(in: folder("NEW"))).keys.contains { $0.contains("hush-stage") || $0.contains("hush-journal") })
            let again = build(site: site, output: folder(spelling))
            #expect(again.summary.exitCode == 0, "a rebuild too: \(again.listing)")
        }
    }
}
