import Crypto
import Foundation
import HushCore
import HushSite
import HushTestSupport
import Testing

@testable import HushServe

// `hush serve` as a browser meets it: a real server on 127.0.0.1 and a free port, asked with
// a plain socket client (RawHTTP) so paths reach it exactly as written.

/// The site every test serves: base_url at /stories/, two stories with known ids, and a
/// stylesheet of its own (Templates/default/assets/theme.css overrides the theme's).
private func makeServedSite(_ folder: TemporaryFolder) throws -> String {
    let site = try folder.makeSite(
        stories: [
            "night.md": story(title: "Night shift", tags: ["work"], id: "night01", body: "I sleep through the day."),
            "light.md": story(date: "2026-10-08", title: "The light", id: "light01", body: "I still sleep with the light on."),
        ],
        config: serveConfig
    )
    try folder.write("body { color: black; }\n", to: "site/Templates/default/assets/theme.css")
    return site
}

/// The server for one test, stopped (and its folder removed) afterwards whatever happens.
private func withServer(_ body: (RunningServer, TemporaryFolder, String) async throws -> Void) async throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder.path) }
    let site = try makeServedSite(folder)
    let server = try await RunningServer.start(site: site)
    do {
        try await body(server, folder, site)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

@Suite(.serialized)
struct ServeTests {
    // MARK: The terminal

    @Test func verbosePrintsEachBuildsStageTimesAndOnlyThen() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try makeServedSite(folder)
        for verbose in [true, false] {
            let server = try await RunningServer.start(site: site, verbose: verbose)
            let deadline = ContinuousClock.now + .seconds(10)
            while !server.log.contains("hush serve: built"), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            await server.stop()
            let lines = server.log.split(separator: "\n").map(String.init)
            let built = try #require(lines.firstIndex { $0.hasPrefix("hush serve: built 2 stories") }, "\(server.log)")
            let stages = lines.filter { $0.hasPrefix("hush serve: stages: ") }
            if verbose {
                #expect(stages.count == 1, "\(server.log)")
                #expect(lines.indices.contains(built + 1) && lines[built + 1] == stages.first, "\(server.log)")
                for stage in ["cache", "load", "parse+guard", "render", "index", "theme", "write"] {
                    #expect(stages.first?.contains("\(stage) ") == true, "\(stage): \(server.log)")
                }
                #expect(stages.first?.range(of: #"theme \d+\.\d{3} s"#, options: .regularExpression) != nil, "\(server.log)")
            } else {
                #expect(stages.isEmpty, "\(server.log)")
            }
        }
    }

    // MARK: Serving files

    @Test func servesTheSiteAtBaseURLsPath() async throws {
        try await withServer { server, _, _ in
            #expect(server.address.hasSuffix("/stories/"), "\(server.address)")
            let home = try server.client.request("/stories/")
            #expect(home.status == 200)
            #expect(home.header("content-type") == "text/html; charset=utf-8")
            #expect(home.text.contains("Night shift"))

            let root = try server.client.request("/")
            #expect(root.status == 301)
            #expect(root.header("location") == "/stories/")
            let bare = try server.client.request("/stories")
            #expect(bare.status == 301)
            #expect(bare.header("location") == "/stories/")

            let folder = try server.client.request("/stories/s/night01")
            #expect(folder.status == 301)
            #expect(folder.header("location") == "/stories/s/night01/")
            let story = try server.client.request("/stories/s/night01/")
            #expect(story.status == 200)
            #expect(story.text.contains("I sleep through the day."))
        }
    }

    @Test func theHeartsEndpointsAreLiveInThePreview() async throws {
        try await withServer { server, _, _ async throws in
            // A form post goes back to the story's page on the preview, not on base_url's host.
            let given = try server.client.request("/hearts/night01", method: "POST")
            #expect(given.status == 303)
            #expect(given.header("location") == "/stories/s/night01/")
            #expect(try server.client.request("/hearts/night01").text == #"{"hearts":1,"id":"night01"}"# + "\n")
            #expect(try server.client.request("/hearts.json").text.contains(#""totals":{"light01":0,"night01":1}"#))
            #expect(try server.client.request("/hearts/nobody", method: "POST").status == 404)
            // Reports too, checked as the backend checks them: a post without a category is refused.
            #expect(try server.client.request("/reports/night01", method: "POST").status == 422)
            #expect(try server.client.request("/reports/nobody", method: "POST").status == 404)
        }
    }

    @Test func answersWithTheRightContentTypes() async throws {
        try await withServer { server, _, _ in
            let home = try server.client.request("/stories/").text
            let stylesheet = try #require(Self.attribute("href", ofTagContaining: "theme", in: home, tag: "<link rel=\"stylesheet\""))
            #expect(stylesheet.hasPrefix("/stories/assets/"))
            let expected: [(String, String)] = [
                (stylesheet, "text/css; charset=utf-8"),
                ("/stories/feed.xml", "application/atom+xml; charset=utf-8"),
                ("/stories/feed.json", "application/feed+json; charset=utf-8"),
                ("/stories/sitemap.xml", "application/xml; charset=utf-8"),
                ("/stories/robots.txt", "text/plain; charset=utf-8"),
                ("/stories/search/index.json", "application/json"),
            ]
            for (path, type) in expected {
                let response = try server.client.request(path)
                #expect(response.status == 200, "\(path)")
                #expect(response.header("content-type") == type, "\(path): \(response.header("content-type") ?? "none")")
                #expect(!response.text.contains("EventSource"), "\(path) must not carry the reload script")
            }
        }
    }

    @Test func aMissingPageIsTheSites404WithStatus404() async throws {
        try await withServer { server, folder, _ in
            let missing = try server.client.request("/stories/no/such/page/")
            #expect(missing.status == 404)
            let built = try String(contentsOfFile: try Self.buildOnce(folder) + "/404.html", encoding: .utf8)
            let title = try #require(built.range(of: "<title>").map { built[$0.upperBound...].prefix { $0 != "<" } })
            #expect(missing.text.contains("<title>\(title)</title>"), "\(missing.text.prefix(400))")
            // Outside the base path too, and a folder without index.html is not listed.
            #expect(try server.client.request("/elsewhere/").status == 404)
            let assets = try server.client.request("/stories/assets/")
            #expect(assets.status == 404)
            #expect(assets.text.contains("<title>\(title)</title>"), "the 404 page, not a listing")
        }
    }

    @Test func headAnswersLikeGetWithoutABody() async throws {
        try await withServer { server, _, _ in
            let get = try server.client.request("/stories/s/light01/", method: "GET")
            let head = try server.client.request("/stories/s/light01/", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("content-type") == get.header("content-type"))
            #expect(head.header("content-length") == String(get.body.count))
            #expect(try server.client.request("/stories/nowhere/", method: "HEAD").status == 404)
            #expect(try server.client.request("/stories/", method: "POST").status == 405)
        }
    }

    @Test(arguments: [
        "/stories/../hush.yml",
        "/stories/../../../../etc/passwd",
        "/stories/%2e%2e/hush.yml",
        "/stories/%2E%2E/%2E%2E/etc/passwd",
        "/stories/s/..%2f..%2fhush.yml",
        "/stories/./index.html",
        "/stories/s/night01/%00",
    ])
    func refusesPathsThatLeaveTheSite(_ path: String) async throws {
        try await withServer { server, _, _ in
            let response = try server.client.request(path)
            #expect(response.status == 400, "\(path): \(response.status)")
            #expect(!response.text.contains("secret"), "\(path)")
            #expect(!response.text.contains("root:"), "\(path)")
        }
    }

    // MARK: The reload script

    @Test func servedHTMLCarriesTheScriptAndACSPThatAllowsExactlyIt() async throws {
        try await withServer { server, _, _ in
            for path in ["/stories/", "/stories/s/night01/", "/stories/tags/", "/stories/missing/"] {
                let page = try server.client.request(path).text
                let script = try #require(Self.inlineScript(in: page), "\(path) has no reload script")
                #expect(script.contains("new EventSource(\"/__hush/events\")"))
                let csp = try #require(Self.attribute("content", ofTagContaining: "Content-Security-Policy", in: page, tag: "<meta"))
                    .replacingOccurrences(of: "&#39;", with: "'")
                let hash = "'sha256-" + Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString() + "'"
                let scriptSources = try #require(Self.directive("script-src", in: csp), "\(csp)")
                #expect(scriptSources == ["'self'", hash], "\(path): \(csp)")
                #expect(!csp.contains("unsafe-inline"))
                #expect(Self.directive("connect-src", in: csp) == ["'self'"], "the stream is same-origin: \(csp)")
                #expect(page.components(separatedBy: "<script").count == 2, "exactly one script tag added to \(path)")
            }
        }
    }

    @Test func hushBuildOutputNeverHasTheScript() throws {
        try withTemporaryFolder { folder in
            let output = try Self.buildOnce(folder)
            for (path, bytes) in try outputFiles(in: output) {
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(!text.contains("__hush"), "\(path)")
                #expect(!text.contains("EventSource"), "\(path)")
                #expect(!text.contains(ReloadScript.hashSource.dropFirst().dropLast()), "\(path)")
            }
        }
    }

    // MARK: Live reload

    @Test func savingAStoryShowsItsPage() async throws {
        try await withServer { server, _, site in
            let events = try server.events()
            defer { events.close() }
            let hello = try json(try await events.next("hello"))
            #expect(hello["build"] as? String == "1")
            try save(
                story(title: "Night shift", tags: ["work"], id: "night01", body: "I sleep through the whole day now."),
                to: site + "/content/night.md"
            )
            let reload = try json(try await events.next("reload"))
            #expect(reload["url"] as? String == "/stories/s/night01/")
            #expect(reload["build"] as? String == "2")
            #expect(try server.client.request("/stories/s/night01/").text.contains("I sleep through the whole day now."))
        }
    }

    @Test func aChangedStylesheetIsSwappedNotReloaded() async throws {
        try await withServer { server, _, site in
            let events = try server.events()
            defer { events.close() }
            _ = try await events.next("hello")
            try save("body { color: navy; }\n", to: site + "/Templates/default/assets/theme.css")
            _ = try await events.next("stylesheet")
            #expect(await events.count("reload") == 0)
            let home = try server.client.request("/stories/").text
            let stylesheet = try #require(Self.attribute("href", ofTagContaining: "theme", in: home, tag: "<link rel=\"stylesheet\""))
            #expect(try server.client.request(stylesheet).text.contains("navy"))
        }
    }

    @Test func aBuildErrorReachesOpenPagesAndTheNextGoodBuildClearsIt() async throws {
        try await withServer { server, _, site in
            let events = try server.events()
            defer { events.close() }
            _ = try await events.next("hello")
            try save("---\ndate: 2026-10-01\ntitel: Oops\n---\nBody.\n", to: site + "/content/bad.md")
            let failure = try json(try await events.next("build-error"))
            #expect(failure["file"] as? String == "content/bad.md")
            let diagnostics = try #require(failure["diagnostics"] as? [[String: Any]])
            let first = try #require(diagnostics.first)
            #expect(first["file"] as? String == "content/bad.md")
            #expect(first["line"] as? Int == 3)
            #expect(first["column"] as? Int == 1)
            #expect(first["code"] as? String == "front-matter.unknown-key")
            #expect((first["message"] as? String)?.contains("titel") == true)
            #expect(server.log.contains("content/bad.md:3:1: error[front-matter.unknown-key]"), "\(server.log)")

            // The last good build is still served, and a page opened now is told at once.
            #expect(try server.client.request("/stories/s/night01/").status == 200)
            let late = try server.events()
            defer { late.close() }
            _ = try await late.next("hello")
            _ = try await late.next("build-error")

            try save(story(title: "Fixed", id: "fixed01"), to: site + "/content/bad.md")
            let reload = try json(try await events.next("reload"))
            #expect(reload["url"] as? String == "/stories/s/fixed01/")
            _ = try await late.next("reload")
            let third = try server.events()
            defer { third.close() }
            _ = try await third.next("hello")
            try await Task.sleep(for: .milliseconds(200))
            #expect(await third.count("build-error") == 0)
        }
    }

    @Test func theOverlayIsBuiltWithTextNotMarkup() {
        // Diagnostic text reaches the page as JSON and is shown with textContent only.
        #expect(!ReloadScript.source.contains("innerHTML"))
        #expect(!ReloadScript.source.contains("insertAdjacentHTML"))
        #expect(!ReloadScript.source.contains("outerHTML"))
        #expect(!ReloadScript.source.contains("document.write"))
        #expect(ReloadScript.source.contains("textContent"))
    }

    // MARK: The command

    @Test func aBusyPortExitsWithTwo() throws {
        try withTemporaryFolder { folder in
            let site = try makeServedSite(folder)
            let (socket, port) = try occupyPort()
            defer { close(socket) }
            let run = try hush(["serve", site, "--port", String(port)], in: folder.path)
            #expect(run.status == 2, "\(run.standardError)")
            #expect(run.standardError.contains("port \(port)"), "\(run.standardError)")
            #expect(run.standardError.contains("--port"), "\(run.standardError)")
        }
    }

    @Test func hushBuildSaysHowToPreviewWithAQuotedPath() throws {
        try withTemporaryFolder { folder in
            try folder.makeSite(named: "my site", stories: ["one.md": story(title: "One")], config: serveConfig)
            let run = try hush(["build", "my site", "--now", "2026-11-02"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardError.contains("Preview it with: hush serve 'my site'"), "\(run.standardError)")
            #expect(!run.standardError.contains("http.server"), "\(run.standardError)")
            let here = try hush(["build", "--now", "2026-11-02"], in: folder("my site"))
            #expect(here.standardError.hasSuffix("Preview it with: hush serve\n"), "\(here.standardError)")
        }
    }

    @Test func ctrlCStopsCleanlyAndRemovesTheBuild() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = try makeServedSite(folder)
        try FileManager.default.createDirectory(atPath: folder("tmp"), withIntermediateDirectories: true)
        let executable = try #require(hushExecutable)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", site, "--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = folder("tmp")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var printed = ""
        let started = ContinuousClock.now
        while !printed.contains("\n"), ContinuousClock.now - started < .seconds(60) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        #expect(printed.contains("http://127.0.0.1:"), "\(printed)")
        #expect(printed.contains("/stories/"), "\(printed)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder("tmp")).contains { $0.hasPrefix("hush-serve-") })
        #expect(!FileManager.default.fileExists(atPath: site + "/public"), "serve never writes the site's public/")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder("tmp")).filter { $0.hasPrefix("hush-serve-") } == [])
    }

    // MARK: Helpers

    /// `hush build` of the served site into `out/`, for comparing.
    private static func buildOnce(_ folder: TemporaryFolder) throws -> String {
        let site = FileManager.default.fileExists(atPath: folder("site")) ? folder("site") : try makeServedSite(folder)
        let result = build(site: site, output: folder("out"))
        guard result.summary.exitCode == 0 else { throw TestFailure(result.listing) }
        return folder("out")
    }

    static func attribute(_ name: String, ofTagContaining marker: String, in html: String, tag: String) -> String? {
        var rest = html[...]
        while let start = rest.range(of: tag) {
            let end = rest[start.upperBound...].firstIndex(of: ">") ?? rest.endIndex
            let element = rest[start.lowerBound..<end]
            rest = rest[end...]
            guard element.contains(marker), let value = element.range(of: name + "=\"") else { continue }
            return String(element[value.upperBound...].prefix { $0 != "\"" })
        }
        return nil
    }

    static func inlineScript(in html: String) -> String? {
        guard let open = html.range(of: "<script data-build=\""),
            let endOfTag = html[open.upperBound...].firstIndex(of: ">"),
            let close = html.range(of: "</script>", range: endOfTag..<html.endIndex)
        else { return nil }
        return String(html[html.index(after: endOfTag)..<close.lowerBound])
    }

    static func directive(_ name: String, in csp: String) -> [String]? {
        for part in csp.split(separator: ";") {
            let words = part.split(separator: " ").map(String.init)
            if words.first == name { return Array(words.dropFirst()) }
        }
        return nil
    }
}
