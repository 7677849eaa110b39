import Foundation
import HushCore
import HushSite
import HushTestSupport
import Testing

@testable import HushServe

/// `hush serve` answers a taken-down story's URLs as the host rules make a static host
/// answer them: 410 Gone with the site's one 410 page, whatever the reason. Part of
/// ServeTests, which runs one server at a time: the client's blocking reads must never take
/// every thread a server needs.
extension ServeTests {
    @Test func aTakenDownStoryAnswers410WithOnePage() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try folder.makeSite(
            stories: [
                "night.md": story(title: "Night shift", id: "night01", body: "I sleep through the day."),
                "light.md": story(title: "The light", id: "light01", body: "I still sleep with the light on."),
                "keep.md": story(title: "Kept", id: "kept0001", body: "This one stays."),
            ],
            config: serveConfig
        )
        _ = try Takedown.run(target: "night01", site: site, reason: "privacy", today: testDay, environment: [:])
        _ = try Takedown.run(target: "content/light.md", site: site, reason: "legal", today: testDay, environment: [:])
        let server = try await RunningServer.start(site: site)
        do {
            let privacy = try server.client.request("/stories/s/night01/")
            let legal = try server.client.request("/stories/s/light01/")
            #expect(privacy.status == 410 && legal.status == 410, "\(server.log)")
            #expect(privacy.header("content-type") == "text/html; charset=utf-8")
            #expect(privacy.text.contains("<h1>Gone</h1>"), "\(privacy.text)")
            #expect(privacy.body == legal.body, "the same page whatever the reason")
            #expect(!privacy.text.contains("privacy") && !privacy.text.contains("Night shift"))
            for path in ["/stories/s/night01", "/stories/s/night01/index.html", "/stories/s/night01/anything/below"] {
                let answer = try server.client.request(path)
                #expect(answer.status == 410, "\(path)")
                #expect(answer.body == privacy.body, "\(path)")
            }
            let head = try server.client.request("/stories/s/light01/", method: "HEAD")
            #expect(head.status == 410 && head.body.isEmpty)
            // Others are as they were: a story that stays, an id that was never one.
            #expect(try server.client.request("/stories/s/kept0001/").status == 200)
            #expect(try server.client.request("/stories/s/night012/").status == 404)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
