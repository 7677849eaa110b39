import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The page store: a build into an output that lacks its pages (a CI job's fresh checkout)
/// copies the pages earlier builds themed instead of theming them again; what it copies is
/// byte for byte what a clean build makes, and a damaged store is reported and not trusted.
@Suite struct PageStoreTests {
    static func site(_ folder: TemporaryFolder) throws -> String {
        var stories: [String: String] = [:]
        for number in 0..<12 {
            stories["s\(number).md"] = story(
                date: String(format: "2026-10-%02d", number + 1),
                title: "Story \(number)",
                tags: number % 2 == 0 ? ["night"] : ["work"]
            )
        }
        return try folder.makeSite(stories: stories, config: testConfig + "page_size: 4\n")
    }

    /// Builds `site` into `output` with the cache in `folder/cache`; also how many pages the
    /// theme stage rendered (the rest were kept or copied).
    static func build(_ site: String, output: String, cache: String) -> (BuildResult, rendered: Int) {
        let rendered = Locked(0)
        var request = BuildRequest(site: site, output: output)
        request.now = testDay
        request.cache = BuildCache(folder: cache)
        request.progress = { progress in
            if progress.stage == "theme", progress.total > 0 { rendered.withLock { $0 = progress.total } }
        }
        let result = Pipeline.run(request)
        return (result, rendered.withLock { $0 })
    }

    static func clean(_ site: String, _ folder: TemporaryFolder) throws -> [String: [UInt8]] {
        let output = folder("clean")
        try? FileManager.default.removeItem(atPath: output)
        #expect(HushTestSupport.build(site: site, output: output).summary.exitCode == 0)
        defer { try? FileManager.default.removeItem(atPath: output) }
        return try outputFiles(in: output)
    }

    @Test func aBuildIntoAnEmptyOutputCopiesEveryPageFromTheStore() throws {
        try withTemporaryFolder { folder in
            let site = try Self.site(folder)
            let (first, rendered) = Self.build(site, output: folder("public"), cache: folder("cache"))
            #expect(first.summary.exitCode == 0)
            #expect(rendered == first.summary.pages)
            #expect(FileSystem.kind(of: folder("cache/" + PageStore.fileName)) == .file)
            // CI: a fresh checkout, the cache kept. Into the same output and into another.
            for output in [folder("public"), folder("elsewhere")] {
                try? FileManager.default.removeItem(atPath: output)
                let (again, renderedAgain) = Self.build(site, output: output, cache: folder("cache"))
                #expect(again.diagnostics.isEmpty)
                #expect(renderedAgain == 0)
                #expect(again.summary.written == first.summary.files)
                #expect(again.summary.files == first.summary.files)
                #expect(try outputFiles(in: output) == (try Self.clean(site, folder)))
            }
            // A story changed: its pages are themed, every other page copied.
            try folder.write(story(date: "2026-10-01", title: "Story 0", tags: ["night"], body: "Told again, differently."), to: "site/content/s0.md")
            try FileManager.default.removeItem(atPath: folder("public"))
            let (changed, renderedChanged) = Self.build(site, output: folder("public"), cache: folder("cache"))
            #expect(changed.summary.exitCode == 0)
            #expect((1..<changed.summary.pages / 2).contains(renderedChanged), "pages rendered: \(renderedChanged) of \(changed.summary.pages)")
            #expect(try outputFiles(in: folder("public")) == (try Self.clean(site, folder)))
        }
    }

    /// Cut short, a byte changed, another file, or missing: a page that does not read back as
    /// stored is themed again, the build equals a clean one, damage is one `cache.corrupt`
    /// warning, and the store is made anew (the next build copies every page again).
    @Test(arguments: ["truncated", "flipped", "foreign", "missing"])
    func aDamagedStoreIsReportedAndNotTrusted(_ damage: String) throws {
        try withTemporaryFolder { folder in
            let site = try Self.site(folder)
            #expect(Self.build(site, output: folder("public"), cache: folder("cache")).0.summary.exitCode == 0)
            let file = folder("cache/" + PageStore.fileName)
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            switch damage {
            case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
            case "flipped": bytes[bytes.count / 3] ^= 0x20
            case "foreign": bytes = Array(repeating: 0x41, count: bytes.count)
            default: bytes = []
            }
            if damage == "missing" { try FileManager.default.removeItem(atPath: file) } else { try Data(bytes).write(to: URL(fileURLWithPath: file)) }
            try FileManager.default.removeItem(atPath: folder("public"))
            let (result, rendered) = Self.build(site, output: folder("public"), cache: folder("cache"))
            // A missing store is no damage: there is simply nothing to copy.
            #expect(result.diagnostics.map(\.code.name) == (damage == "missing" ? [] : ["cache.corrupt"]))
            #expect(result.summary.exitCode == 0)
            #expect(rendered > 0)
            #expect(try outputFiles(in: folder("public")) == (try Self.clean(site, folder)))
            try FileManager.default.removeItem(atPath: folder("public"))
            let (again, renderedAgain) = Self.build(site, output: folder("public"), cache: folder("cache"))
            #expect(again.diagnostics.isEmpty)
            #expect(renderedAgain == 0)
            #expect(try outputFiles(in: folder("public")) == (try Self.clean(site, folder)))
        }
    }

    /// The store holds the pages of the last build's site, not every page ever made: a new page
    /// key (here a changed hush.yml) starts a new file, and a file used less than half is made
    /// anew with only the pages in use.
    @Test func theStoreHoldsOnlyThePagesInUse() throws {
        try withTemporaryFolder { folder in
            let site = try Self.site(folder)
            let cache = folder("cache")
            func stored() throws -> (size: Int, used: Int, count: Int) {
                let (contents, problem) = CacheFile.read(cache + "/" + BuildCache.fileName)
                #expect(problem == nil)
                let places = try #require(contents).stored
                let size = try #require(FileStamp.of(cache + "/" + PageStore.fileName)).size
                return (size, places.values.reduce(0) { $0 + $1.length }, places.count)
            }
            let (first, _) = Self.build(site, output: folder("public"), cache: cache)
            let start = try stored()
            #expect(start.count == first.summary.pages)
            #expect(start.size == start.used)
            // Every page changes (the site's title is on each): a new key, a new file.
            try folder.write(testConfig.replacingOccurrences(of: "Test stories", with: "Other stories") + "page_size: 4\n", to: "site/hush.yml")
            #expect(Self.build(site, output: folder("public"), cache: cache).0.summary.exitCode == 0)
            let renamed = try stored()
            #expect(renamed.size == renamed.used)
            #expect(renamed.count == first.summary.pages)

            // Appended to, then made anew once less than half of it is in use.
            let (contents, _) = CacheFile.read(cache + "/" + BuildCache.fileName)
            let known = try #require(contents).stored
            let session = PageStore.Session(folder: cache, known: known, compactAbove: 0)
            let pages = (0..<20).map { number in (Digest.of(Array("page \(number)".utf8)), Array("<p>page \(number)</p>".utf8)) }
            session.add(pages.map { (fingerprint: $0.0, bytes: $0.1) })
            let keep = Array(known.keys.prefix(2)) + pages.prefix(3).map(\.0)
            let index = session.finish(live: keep)
            #expect(Set(index.keys) == Set(keep))
            let size = try #require(FileStamp.of(cache + "/" + PageStore.fileName)).size
            #expect(size == index.values.reduce(0) { $0 + $1.length })
            let reading = PageStore.Session(folder: cache, known: index)
            for (fingerprint, bytes) in pages.prefix(3) { #expect(reading.bytes(of: fingerprint) == bytes) }
            for fingerprint in known.keys.prefix(2) { #expect(reading.bytes(of: fingerprint) != nil) }
            #expect(reading.damaged == 0)
            reading.abandon()
        }
    }
}
