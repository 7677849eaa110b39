import Foundation
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite
import HushTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write stage: a failed build leaves the previous output exactly as it was, a folder
/// hush did not make is never touched, and a rebuild changes only what changed.
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

    private func expectUnchanged(_ path: String, since before: Snapshot, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let after = try Snapshot(path)
        #expect(after == before, "\(after.changes(since: before))", sourceLocation: sourceLocation)
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
            let before = try Snapshot(folder("public"))
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
            let before = try Snapshot(folder("public"))
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
            let before = try Snapshot(folder("public"))
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
            let before = try Snapshot(folder("public"))
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
            #expect(changed == ["s/story-two/index.html", "feed.xml", "feed.json", "search.json"])
            #expect(after.text("s/story-two/index.html").contains("The real end."))

            // Only what changed is written again.
            let inodesAfter = inodes(folder("public"), after.keys)
            let rewritten = Set(after.keys.filter { inodesAfter[$0] != inodesBefore[$0] })
            #expect(rewritten.isSubset(of: changed), "rewritten though unchanged: \(rewritten.subtracting(changed).sorted())")
        }
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
            let before = try Snapshot(folder("public"))
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
