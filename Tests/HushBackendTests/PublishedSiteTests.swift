import Foundation
import HushTestSupport
import Testing

@testable import HushBackend
@testable import HushSite

@Suite struct PublishedSiteTests {
    @Test func theSitesPublishedStoriesAndTheirStartingCounts() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = PublishedSite(site: try heartsSite(in: folder))
        #expect(await site.refresh() == nil)
        let snapshot = try #require(await site.snapshot())
        #expect(
            snapshot.stories == [
                "story-one": PublishedStory(path: "s/story-one/", hearts: 5), "story-two": PublishedStory(path: "s/story-two/", hearts: 0),
            ]
        )
        #expect(snapshot.origins == ["https://stories.example.org"])
        #expect(snapshot.prefix == "")
        // A story published later is taken at the next read; a removed one is gone.
        try folder.write(story(id: "story-three"), to: "site/content/three.md")
        try FileManager.default.removeItem(atPath: folder("site/content/two.md"))
        #expect(await site.refresh() == nil)
        #expect(await site.snapshot()?.stories.keys.sorted() == ["story-one", "story-three"])
    }

    @Test func backendURLGivesTheOriginsAndThePath() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let config = testConfig.replacingOccurrences(of: "https://stories.example.org/", with: "https://stories.example.org/stories/")
        let path = try heartsSite(in: folder, config: config + "backend:\n  url: \"https://Hearts.example.org:443/api/\"\n")
        let site = PublishedSite(site: path)
        #expect(await site.refresh() == nil)
        let snapshot = try #require(await site.snapshot())
        #expect(snapshot.origins == ["https://stories.example.org", "https://hearts.example.org"])
        #expect(snapshot.prefix == "/api")
        try folder.write(config, to: "site/hush.yml")
        #expect(await site.refresh() == nil)
        #expect(await site.snapshot()?.prefix == "")
        #expect(await site.snapshot()?.origins == ["https://stories.example.org"])
    }

    @Test(
        arguments: [
            ("https://example.org/", "https://example.org"), ("HTTP://Example.org:80/x", "http://example.org"),
            ("https://example.org:8443", "https://example.org:8443"), ("null", nil), ("ftp://example.org/", nil), ("https://", nil),
        ] as [(String, String?)]
    )
    func originsAreNormalisedAsBrowsersSendThem(_ url: String, _ origin: String?) {
        #expect(Origin.of(url) == origin)
    }
}
