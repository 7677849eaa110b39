import Foundation
import HushTestSupport
import Testing

@testable import HushServe

/// The watcher sees what a build reads, in folders made after it started too, ignores an
/// editor's swap files, and hands over everything that piled up in one batch; the same with
/// inotify and with the polling fallback.
@Suite(.serialized)
struct SiteWatcherTests {
    /// Waits for changes to be waiting, up to `seconds`, and takes them.
    private func changes(from watcher: SiteWatcher, seconds: Double = 30) async throws -> Set<String> {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var taken: Set<String> = []
        while ContinuousClock.now < deadline {
            taken.formUnion(watcher.take())
            if !taken.isEmpty {
                // Let the rest of a burst arrive.
                try await Task.sleep(for: .milliseconds(700))
                return taken.union(watcher.take())
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Under load this task may wake after the deadline: look once more.
        return taken.union(watcher.take())
    }

    @Test(arguments: [false, true])
    func seesStoriesTemplatesAndConfigurationInNewFoldersToo(polling: Bool) async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try folder.makeSite(stories: ["one.md": story(title: "One")])
        let watcher = SiteWatcher(site: site, alwaysPoll: polling)
        watcher.start()
        defer { watcher.stop() }

        try folder.write(story(title: "One again"), to: "site/content/one.md")
        let saved = try await changes(from: watcher)
        #expect(saved == ["content/one.md"], "\(saved)")

        // A folder made now, with a folder inside it, then a story in that one.
        try FileManager.default.createDirectory(atPath: site + "/content/2026/11", withIntermediateDirectories: true)
        _ = try await changes(from: watcher)
        try folder.write(story(title: "Deep"), to: "site/content/2026/11/deep.md")
        #expect(try await changes(from: watcher).contains("content/2026/11/deep.md"))

        // Templates/ made after the start, hush.yml replaced as editors do (write, rename).
        try folder.write("body {}\n", to: "site/Templates/default/assets/theme.css")
        #expect(try await changes(from: watcher).contains("Templates/default/assets/theme.css"))
        try folder.write(serveConfig, to: "site/hush.yml.new")
        try FileManager.default.moveItem(atPath: site + "/hush.yml", toPath: site + "/hush.yml.old")
        try FileManager.default.moveItem(atPath: site + "/hush.yml.new", toPath: site + "/hush.yml")
        #expect(try await changes(from: watcher).contains("hush.yml"))
    }

    @Test(arguments: [false, true])
    func seesLinksAndFilesMadeUnreadable(polling: Bool) async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try folder.makeSite(stories: ["one.md": story(title: "One"), "two.md": story(title: "Two")])
        let watcher = SiteWatcher(site: site, alwaysPoll: polling)
        watcher.start()
        defer { watcher.stop() }
        // Nothing is written to a link: it is there once it is made.
        try FileManager.default.createSymbolicLink(atPath: site + "/content/linked.md", withDestinationPath: site + "/content/one.md")
        #expect(try await changes(from: watcher).contains("content/linked.md"))
        try FileManager.default.linkItem(atPath: site + "/content/two.md", toPath: site + "/content/also.md")
        #expect(try await changes(from: watcher).contains("content/also.md"))
        try FileManager.default.setAttributes([.posixPermissions: 0o200], ofItemAtPath: site + "/content/one.md")
        #expect(try await changes(from: watcher).contains("content/one.md"))
    }

    @Test(arguments: [false, true])
    func ignoresSwapFilesAndWhatIsNotRead(polling: Bool) async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try folder.makeSite(stories: ["one.md": story(title: "One")])
        let watcher = SiteWatcher(site: site, alwaysPoll: polling)
        watcher.start()
        defer { watcher.stop() }
        try folder.write("swap", to: "site/content/.one.md.swp")
        try folder.write("backup", to: "site/content/one.md~")
        try folder.write("notes", to: "site/notes.txt")
        try folder.write("out", to: "site/public/index.html")
        #expect(try await changes(from: watcher, seconds: 1.5) == [])
    }

    @Test func changesDuringABuildAreTakenTogether() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try folder.makeSite(stories: ["one.md": story(title: "One")])
        let watcher = SiteWatcher(site: site)
        watcher.start()
        defer { watcher.stop() }
        // Nobody takes while these arrive (a build is running): one batch holds them all.
        for (index, name) in ["a.md", "b.md", "c.md"].enumerated() {
            try folder.write(story(title: "Story \(index)"), to: "site/content/" + name)
            try await Task.sleep(for: .milliseconds(150))
        }
        try await Task.sleep(for: .milliseconds(300))
        let first = watcher.take()
        #expect(first.isSuperset(of: ["content/a.md", "content/b.md"]), "\(first)")
        // (The last one may still be on its way on a busy machine; none is lost.)
        var all = first
        let deadline = ContinuousClock.now + .seconds(30)
        while !all.contains("content/c.md"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            all.formUnion(watcher.take())
        }
        #expect(all == ["content/a.md", "content/b.md", "content/c.md"])
    }
}
