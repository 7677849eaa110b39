import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// A load told which files changed (`hush serve`'s watcher) finds in content/ exactly what
/// listing content/ whole finds: the same stories, images and diagnostics, whatever changed.
@Suite struct ContentScanTests {
    /// A site with stories at the top and in a folder, an image, and a file that is not a story.
    private static func makeSite(_ folder: TemporaryFolder) throws -> String {
        let site = try folder.makeSite(
            stories: [
                "night.md": story(title: "Night shift", body: "I sleep through the day."),
                "older/light.md": story(date: "2026-10-08", title: "The light", body: "I still sleep with the light on."),
                "older/rain.md": story(date: "2026-10-07", title: "Rain", body: "It rained all week."),
            ]
        )
        try folder.write(bytes: TestPNG.make(width: 20, height: 10, seed: 1), to: "site/content/older/pic.png")
        try folder.write("a note to self\n", to: "site/content/notes.txt")
        return site
    }

    /// What a first load finds, and whether a story is unchanged since, as a build cache
    /// says it: its stamp is the one it was last read with.
    private static func firstLoad(_ site: String) throws -> (ContentScan, @Sendable (String, FileStamp) -> Bool) {
        let first = SiteLoader.load(site: site, now: testDay, environment: [:], unchanged: { _, _ in false })
        let previous = try #require(first.scan)
        let stamps = previous.stamps
        return (previous, { path, stamp in stamps[path] == stamp })
    }

    /// The load of `site` after `change`, told what changed, against one that lists it all.
    private func expectSameAsFullLoad(_ name: String, change: (String) throws -> Void, changed: Set<String>? = nil) throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder)
            let (previous, unchanged) = try Self.firstLoad(site)
            let before = CacheTests.snapshot(site)
            try change(site)
            let told = changed ?? CacheTests.changes(from: before, to: CacheTests.snapshot(site))
            let rescanned = SiteLoader.load(site: site, now: testDay, environment: [:], unchanged: unchanged, previous: previous, changed: told)
            let listed = SiteLoader.load(site: site, now: testDay, environment: [:], unchanged: unchanged)
            let scan = try #require(rescanned.scan)
            let whole = try #require(listed.scan)
            #expect(scan.stories == whole.stories, "\(name)")
            #expect(scan.images == whole.images, "\(name)")
            #expect(scan.diagnostics.sorted() == whole.diagnostics.sorted(), "\(name)")
            #expect(scan.stamps == whole.stamps, "\(name)")
            #expect(rescanned.stories.map(\.path) == listed.stories.map(\.path), "\(name)")
            #expect(rescanned.stories.map(\.bytes) == listed.stories.map(\.bytes), "\(name)")
            #expect(rescanned.unchanged == listed.unchanged, "\(name)")
            #expect(rescanned.images == listed.images, "\(name)")
            #expect(rescanned.diagnostics.sorted() == listed.diagnostics.sorted(), "\(name)")
        }
    }

    private static func write(_ text: String, _ path: String, in site: String) throws {
        let full = site + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }

    @Test func aChangedStoryIsReadAgain() throws {
        try expectSameAsFullLoad("edit") { site in
            try Self.write(story(title: "Night shift", body: "I sleep through the day, still."), "content/night.md", in: site)
        }
    }

    @Test func aStoryNotNamedAsChangedIsNotLookedAt() throws {
        try withTemporaryFolder { folder in
            let site = try Self.makeSite(folder)
            let (previous, unchanged) = try Self.firstLoad(site)
            try Self.write(story(title: "Night shift", body: "Changed."), "content/night.md", in: site)
            try Self.write(story(title: "Rain", body: "Changed, unseen."), "content/older/rain.md", in: site)
            let told = SiteLoader.load(
                site: site,
                now: testDay,
                environment: [:],
                unchanged: unchanged,
                previous: previous,
                changed: ["content/night.md"]
            )
            #expect(told.stories.map(\.path) == ["content/night.md"])
            #expect(told.unchanged == ["content/older/light.md", "content/older/rain.md"])
            // Without the list, every stamp is looked at.
            let listed = SiteLoader.load(site: site, now: testDay, environment: [:], unchanged: unchanged)
            #expect(listed.stories.map(\.path) == ["content/night.md", "content/older/rain.md"])
        }
    }

    @Test func filesAddedRemovedAndRenamed() throws {
        try expectSameAsFullLoad("add") { site in try Self.write(story(title: "New", body: "Just now."), "content/new.md", in: site) }
        try expectSameAsFullLoad("remove") { site in try FileManager.default.removeItem(atPath: site + "/content/older/rain.md") }
        try expectSameAsFullLoad("rename into a folder") { site in
            try FileManager.default.moveItem(atPath: site + "/content/night.md", toPath: site + "/content/older/night.md")
        }
        try expectSameAsFullLoad("image removed") { site in try FileManager.default.removeItem(atPath: site + "/content/older/pic.png") }
        try expectSameAsFullLoad("not a story") { site in try Self.write("more\n", "content/older/list.txt", in: site) }
        try expectSameAsFullLoad("not a story any more") { site in try FileManager.default.removeItem(atPath: site + "/content/notes.txt") }
        try expectSameAsFullLoad("a link") { site in
            try FileManager.default.createSymbolicLink(atPath: site + "/content/linked.md", withDestinationPath: site + "/content/night.md")
        }
    }

    @Test func foldersAddedAndRemovedAreListed() throws {
        try expectSameAsFullLoad("folder added") { site in
            try Self.write(story(title: "Deep", body: "Below."), "content/new/deeper/deep.md", in: site)
            try Self.write(story(title: "Less deep", body: "Below."), "content/new/less.md", in: site)
        }
        try expectSameAsFullLoad("folder removed") { site in try FileManager.default.removeItem(atPath: site + "/content/older") }
        // Only the folder's own path, as a watcher says a folder went.
        try expectSameAsFullLoad(
            "folder removed, named alone",
            change: { site in try FileManager.default.removeItem(atPath: site + "/content/older") },
            changed: ["content/older"]
        )
        try expectSameAsFullLoad(
            "events lost",
            change: { site in try Self.write(story(title: "Lost", body: "Unseen."), "content/lost.md", in: site) },
            changed: ["content"]
        )
    }

    @Test func hiddenFilesAndFoldersAreSaidOnceAndNeverRead() throws {
        try expectSameAsFullLoad("hidden folder") { site in
            try Self.write(story(title: "Draft", body: "Not yet."), "content/.drafts/draft.md", in: site)
        }
        try expectSameAsFullLoad("hidden file") { site in try Self.write(story(title: "Hidden", body: "Shh."), "content/.hidden.md", in: site) }
        try expectSameAsFullLoad(
            "inside a hidden folder",
            change: { site in
                try Self.write(story(title: "Draft", body: "Not yet."), "content/.drafts/draft.md", in: site)
            },
            changed: ["content/.drafts", "content/.drafts/draft.md"]
        )
    }
}
