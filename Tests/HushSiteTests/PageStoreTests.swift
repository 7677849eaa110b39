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

    /// The link count of every file of the site in `output`, by path.
    static func links(in output: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for path in try outputFiles(in: output).keys where path != OutputWriter.marker {
            var info = stat()
            #expect(lstat(output + "/" + path, &info) == 0)
            counts[path] = Int(info.st_nlink)
        }
        return counts
    }

    /// The names the store gives the files of `output`: their bytes' digests.
    static func digests(in output: String, pagesOnly: Bool = false) throws -> Set<String> {
        Set(
            try outputFiles(in: output).filter { $0.key != OutputWriter.marker && (!pagesOnly || $0.key.hasSuffix(".html")) }.values.map {
                Digest.of($0).hex
            }
        )
    }

    /// The files in the store, by name (the hex digest of their bytes), and whether each one's
    /// bytes hash to its name.
    static func storeFiles(_ cache: String) throws -> [String: Bool] {
        var files: [String: Bool] = [:]
        let store = cache + "/" + PageStore.folderName
        for group in try FileSystem.list(store) {
            for entry in try FileSystem.list(store + "/" + group.name) {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: store + "/" + group.name + "/" + entry.name)))
                files[group.name + entry.name] = Digest.of(bytes).hex == group.name + entry.name
            }
        }
        return files
    }

    @Test func aBuildIntoAnEmptyOutputLinksEveryPageFromTheStore() throws {
        try withTemporaryFolder { folder in
            let site = try Self.site(folder)
            let (first, rendered) = Self.build(site, output: folder("public"), cache: folder("cache"))
            #expect(first.summary.exitCode == 0)
            #expect(rendered == first.summary.pages)
            try FileManager.default.copyItem(atPath: folder("public"), toPath: folder("clean-first"))
            // Every file is in the store, as a link to the output's file: no copy of its own.
            let stored = try Self.storeFiles(folder("cache"))
            #expect(Set(stored.keys) == (try Self.digests(in: folder("public"))))
            #expect(stored.values.allSatisfy { $0 })
            #expect(try Self.links(in: folder("public")).values.allSatisfy { $0 == 2 })
            // CI: a fresh checkout, the cache kept. Into the same output and into another.
            for output in [folder("public"), folder("elsewhere")] {
                try? FileManager.default.removeItem(atPath: output)
                let (again, renderedAgain) = Self.build(site, output: output, cache: folder("cache"))
                #expect(again.diagnostics.isEmpty)
                #expect(renderedAgain == 0)
                #expect(again.summary.written == first.summary.files)
                #expect(again.summary.files == first.summary.files)
                #expect(try outputFiles(in: output) == (try Self.clean(site, folder)))
                #expect(try Self.links(in: output).values.allSatisfy { $0 >= 2 }, "files linked from the store")
            }
            // A story changed: its pages are themed, every other page linked.
            try folder.write(story(date: "2026-10-01", title: "Story 0", tags: ["night"], body: "Told again, differently."), to: "site/content/s0.md")
            try FileManager.default.removeItem(atPath: folder("public"))
            let (changed, renderedChanged) = Self.build(site, output: folder("public"), cache: folder("cache"))
            #expect(changed.summary.exitCode == 0)
            #expect((1..<changed.summary.pages / 2).contains(renderedChanged), "pages rendered: \(renderedChanged) of \(changed.summary.pages)")
            #expect(try outputFiles(in: folder("public")) == (try Self.clean(site, folder)))
            // The other output is as it was: the store never changes a file, it only links it.
            #expect(try outputFiles(in: folder("elsewhere")) == (try outputFiles(in: folder("clean-first"))))
            #expect(try Self.storeFiles(folder("cache")).values.allSatisfy { $0 })
        }
    }

    /// A page the output already has, found the same when themed again, is not touched (its
    /// inode, times and link count stay): the store keeps a copy of it instead of a link.
    @Test func anUnchangedOutputFileIsCopiedIntoTheStoreNotLinked() throws {
        try withTemporaryFolder { folder in
            let site = try Self.site(folder)
            #expect(Self.build(site, output: folder("public"), cache: folder("cache")).0.summary.exitCode == 0)
            let page = folder("public/index.html")
            let before = try #require(FileStamp.of(page))
            // Another cache: it knows nothing of the output, so every page is themed and compared.
            let (second, rendered) = Self.build(site, output: folder("public"), cache: folder("other"))
            #expect(second.summary.written == 0)
            #expect(rendered == second.summary.pages)
            #expect(FileStamp.of(page) == before)
            #expect(Set(try Self.storeFiles(folder("other")).keys) == (try Self.digests(in: folder("public"))))
            // And the new store gives every page to an empty output.
            let (third, renderedThird) = Self.build(site, output: folder("elsewhere"), cache: folder("other"))
            #expect(third.diagnostics.isEmpty)
            #expect(renderedThird == 0)
            #expect(try outputFiles(in: folder("elsewhere")) == (try Self.clean(site, folder)))
        }
    }

    /// Cut short, a byte changed, another file, or missing: a page that does not read back as
    /// stored is themed again, the build equals a clean one, damage is one `cache.corrupt`
    /// warning, and the damaged page is stored anew (the next build links every page again).
    @Test(arguments: ["truncated", "flipped", "foreign", "missing"])
    func aDamagedStoreIsReportedAndNotTrusted(_ damage: String) throws {
        try withTemporaryFolder { folder in
            let site = try Self.site(folder)
            #expect(Self.build(site, output: folder("public"), cache: folder("cache")).0.summary.exitCode == 0)
            let store = folder("cache/" + PageStore.folderName)
            let pages = try Self.digests(in: folder("public"), pagesOnly: true)
            try FileManager.default.removeItem(atPath: folder("public"))
            for name in pages.sorted().prefix(3) {
                let file = store + "/" + name.prefix(2) + "/" + name.dropFirst(2)
                var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
                switch damage {
                case "truncated":
                    bytes = Array(bytes.prefix(bytes.count / 2))
                    try Data(bytes).write(to: URL(fileURLWithPath: file))
                case "flipped":
                    // In place, its time put back: only its bytes tell.
                    let stamp = try #require(FileStamp.of(file))
                    bytes[bytes.count / 3] ^= 0x20
                    try Data(bytes).write(to: URL(fileURLWithPath: file))
                    OutputWriter.setModificationTime(of: file, seconds: stamp.modifiedSeconds, nanoseconds: stamp.modifiedNanoseconds)
                case "foreign":
                    // Another file put in its place.
                    try FileManager.default.removeItem(atPath: file)
                    try Data(Array(repeating: 0x41, count: bytes.count)).write(to: URL(fileURLWithPath: file))
                default:
                    try FileManager.default.removeItem(atPath: file)
                }
            }
            let (result, rendered) = Self.build(site, output: folder("public"), cache: folder("cache"))
            // A missing page is no damage: there is simply nothing to link.
            #expect(result.diagnostics.map(\.code.name) == (damage == "missing" ? [] : ["cache.corrupt"]))
            #expect(result.summary.exitCode == 0)
            #expect(rendered == 3)
            #expect(try outputFiles(in: folder("public")) == (try Self.clean(site, folder)))
            #expect(try Self.storeFiles(folder("cache")).values.allSatisfy { $0 })
            try FileManager.default.removeItem(atPath: folder("public"))
            let (again, renderedAgain) = Self.build(site, output: folder("public"), cache: folder("cache"))
            #expect(again.diagnostics.isEmpty)
            #expect(renderedAgain == 0)
            #expect(try outputFiles(in: folder("public")) == (try Self.clean(site, folder)))
        }
    }

    /// The store holds the pages of the last build's site, not every page ever made: a page
    /// the site no longer shows goes, unless an output still has its file, and a new page key
    /// (here a changed hush.yml) sweeps out what the new site does not use.
    @Test func theStoreHoldsOnlyThePagesInUse() throws {
        try withTemporaryFolder { folder in
            let site = try Self.site(folder)
            let cache = folder("cache")
            func index() throws -> [Digest: Digest] {
                let (contents, problem) = CacheFile.read(cache + "/" + BuildCache.fileName)
                #expect(problem == nil)
                return try #require(contents).stored
            }
            let (first, _) = Self.build(site, output: folder("public"), cache: cache)
            #expect(Set(try index().values.map(\.hex)) == (try Self.digests(in: folder("public"))))
            #expect(Set(try Self.storeFiles(cache).keys) == Set(try index().values.map(\.hex)))

            // A story changed: the pages that showed it are stored anew, their old files removed.
            try folder.write(story(date: "2026-10-01", title: "Story 0", tags: ["night"], body: "Told again."), to: "site/content/s0.md")
            #expect(Self.build(site, output: folder("public"), cache: cache).0.summary.exitCode == 0)
            #expect(Set(try Self.storeFiles(cache).keys) == Set(try index().values.map(\.hex)))

            // Another output has the pages too: a change leaves its files (an output's page is
            // never taken away), and the new page key's build sweeps out the rest.
            #expect(Self.build(site, output: folder("elsewhere"), cache: cache).0.summary.exitCode == 0)
            try folder.write(story(date: "2026-10-01", title: "Story 0", tags: ["night"], body: "Told a third time."), to: "site/content/s0.md")
            #expect(Self.build(site, output: folder("public"), cache: cache).0.summary.exitCode == 0)
            let linked = try Self.storeFiles(cache).count
            #expect(linked > (try index().count))
            #expect(try outputFiles(in: folder("elsewhere")).count > 0)
            try FileManager.default.removeItem(atPath: folder("elsewhere"))
            try folder.write(testConfig.replacingOccurrences(of: "Test stories", with: "Other stories") + "page_size: 4\n", to: "site/hush.yml")
            let (renamed, _) = Self.build(site, output: folder("public"), cache: cache)
            #expect(renamed.summary.exitCode == 0)
            #expect(Set(try index().values.map(\.hex)) == (try Self.digests(in: folder("public"))))
            #expect(Set(try Self.storeFiles(cache).keys) == Set(try index().values.map(\.hex)))
        }
    }
}
