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

/// The build cache: a rebuild that uses it makes exactly what a clean build makes, whatever
/// changed; a damaged cache is reported and never trusted; nothing secret is kept in it.
@Suite struct CacheTests {
    static let tags = ["night", "work", "family", "fear", "love", "Café", "cafe", "school"]
    static let words = ["quiet", "window", "train", "letter", "winter", "kitchen", "promise", "river", "coat", "morning"]

    static func randomStory(_ rng: inout SeededGenerator, number: Int) -> String {
        let day = 1 + Int(rng.next() % 28)
        // A story with a warning and no title is labelled with the site's words (`cw_label`).
        let warned = rng.next() % 4 == 0
        let title: String? = warned || rng.next() % 3 == 0 ? nil : "Story \(number)"
        let tagCount = Int(rng.next() % 3)
        let tags = (0..<tagCount).map { _ in Self.tags[Int(rng.next() % UInt64(Self.tags.count))] }
        let body = (0..<(5 + Int(rng.next() % 20))).map { _ in Self.words[Int(rng.next() % UInt64(Self.words.count))] }.joined(separator: " ")
        var extra: [String] = []
        if rng.next() % 5 == 0 { extra.append("hearts: \(rng.next() % 40)") }
        if rng.next() % 9 == 0 { extra.append("draft: true") }
        if warned { extra.append("cw: grief") }
        return story(date: String(format: "2026-10-%02d", day), title: title, tags: tags, extra: extra, body: body + ".")
    }

    /// Builds `site` from scratch into a new folder: the reference.
    static func clean(
        _ site: String,
        _ folder: TemporaryFolder,
        step: Int
    ) throws -> (
        BuildResult, [String: [UInt8]]
    ) {
        let output = folder("clean-\(step)")
        let result = build(site: site, output: output)
        let files = FileSystem.kind(of: output) == .directory ? try outputFiles(in: output) : [:]
        try? FileManager.default.removeItem(atPath: output)
        return (result, files)
    }

    static func cached(
        _ site: String,
        output: String,
        cache: BuildCache,
        privateOutput: Bool = false,
        changedFiles: Set<String>? = nil
    ) throws -> (
        BuildResult, [String: [UInt8]]
    ) {
        var request = BuildRequest(site: site, output: output)
        request.now = testDay
        request.cache = cache
        request.privateOutput = privateOutput
        request.changedFiles = changedFiles
        let result = Pipeline.run(request)
        return (result, FileSystem.kind(of: output) == .directory ? try outputFiles(in: output) : [:])
    }

    /// Every file and folder of `site` with what a watcher tells apart: kind, size, times, inode.
    static func snapshot(_ site: String) -> [String: String] {
        var found: [String: String] = [:]
        func visit(_ path: String) {
            var info = stat()
            guard lstat(site + "/" + path, &info) == 0 else { return }
            found[path] =
                "\(info.st_mode) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec) \(info.st_ino)"
            guard info.st_mode & S_IFMT == S_IFDIR else { return }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: site + "/" + path)) ?? [] { visit(path + "/" + name) }
        }
        for top in (try? FileManager.default.contentsOfDirectory(atPath: site)) ?? [] { visit(top) }
        return found
    }

    /// The paths that differ between two snapshots: what a watcher reports.
    static func changes(from before: [String: String], to after: [String: String]) -> Set<String> {
        Set(before.keys.filter { after[$0] != before[$0] } + after.keys.filter { before[$0] == nil })
    }

    @Test func aSeriesOfRandomEditsBuildsWhatACleanBuildBuilds() throws {
        try withTemporaryFolder { folder in
            var rng = SeededGenerator(seed: 0x4855_5348)
            var stories: [String: String] = [:]
            for number in 0..<14 { stories["s\(number).md"] = Self.randomStory(&rng, number: number) }
            // With a backend and its ledger: the counts readers gave change between builds too.
            let backend = "backend:\n  url: \"https://stories.example.org/\"\n  ledger: ledger.json\n"
            let site = try folder.makeSite(stories: stories, config: testConfig + backend + "page_size: 4\n")
            try folder.write(Self.ledger([:]), to: "site/ledger.json")
            var ids: [String] = []
            let card = try String(contentsOfFile: repositoryRoot + "/Templates/default/card.mustache", encoding: .utf8)
            // Like `hush serve`: one cache in memory for the whole series, into an output only
            // it writes (trusted, not looked at); like `hush build`: a cache read from disk at
            // every step, into an output that is checked; like CI: the same into an output
            // removed before every step.
            let memory = BuildCache()
            // What changed since the memory cache's last build, as `hush serve`'s watcher says
            // it (its builds look at those files of content/ only); nil before the first.
            var seen: [String: String]?
            var next = 14
            var edits: [String] = []
            // Stories the ledger holds for review (reader reports): left out, then let back in.
            var ledger = LedgerCounts()
            var storyPaths: [String: String] = [:]
            for step in 0..<40 {
                // Stories only: the image edit (12) has its own file.
                let files = try FileManager.default.contentsOfDirectory(atPath: site + "/content").filter { $0.hasSuffix(".md") }.sorted()
                let pick = files.isEmpty ? nil : files[Int(rng.next() % UInt64(files.count))]
                let edit = step == 0 ? 99 : Int(rng.next() % 17)
                switch (edit, pick) {
                case (0, let pick?):
                    let path = site + "/content/" + pick
                    try (String(contentsOfFile: path, encoding: .utf8) + "One more \(Self.words[step % 10]) line.\n").write(
                        toFile: path,
                        atomically: false,
                        encoding: .utf8
                    )
                    edits.append("edit \(pick)")
                case (1, _), (2, nil):
                    try folder.write(Self.randomStory(&rng, number: next), to: "site/content/s\(next).md")
                    edits.append("add s\(next).md")
                    next += 1
                case (2, let pick?):
                    try FileManager.default.removeItem(atPath: site + "/content/" + pick)
                    edits.append("delete \(pick)")
                case (3, let pick?):
                    try FileManager.default.moveItem(atPath: site + "/content/" + pick, toPath: site + "/content/r\(step)-" + pick)
                    edits.append("rename \(pick)")
                case (4, let pick?):
                    let path = site + "/content/" + pick
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    let tag = Self.tags[Int(rng.next() % UInt64(Self.tags.count))]
                    let changed =
                        text.contains("tags: [")
                        ? text.replacingOccurrences(of: "tags: [", with: "tags: [\(tag), ")
                        : text.replacingOccurrences(of: "date:", with: "tags: [\(tag)]\ndate:")
                    try changed.write(toFile: path, atomically: false, encoding: .utf8)
                    edits.append("tag \(pick)")
                case (5, _):
                    let size = 2 + Int(rng.next() % 4)
                    let title = rng.next() % 2 == 0 ? "Test stories" : "Other stories"
                    let config = testConfig.replacingOccurrences(of: "Test stories", with: title) + "page_size: \(size)\n"
                    try folder.write(config.replacingOccurrences(of: "page_size", with: backend + "page_size"), to: "site/hush.yml")
                    edits.append("hush.yml page_size \(size), \(title)")
                case (6, _):
                    try folder.write(card + "<!-- card \(step) -->\n", to: "site/Templates/default/card.mustache")
                    edits.append("template card.mustache")
                case (7, _):
                    try folder.write(".note { color: #\(100 + step); }\n", to: "site/Templates/default/assets/note.css")
                    edits.append("template asset")
                case (8, let pick?):
                    // Rewritten with the same bytes: a new stamp, nothing to redo.
                    let path = site + "/content/" + pick
                    try Data(contentsOf: URL(fileURLWithPath: path)).write(to: URL(fileURLWithPath: path))
                    edits.append("touch \(pick)")
                case (9, _):
                    // A story that fails (personal data), then is fixed at a later step.
                    try folder.write(story(date: "2026-10-03", body: "Write to me at ana.ribeiro@example.com."), to: "site/content/bad.md")
                    edits.append("add failing bad.md")
                case (10, let pick?):
                    let path = site + "/content/" + pick
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    let hearts = "hearts: \(rng.next() % 50)"
                    try text.replacingOccurrences(of: "date:", with: "\(hearts)\ndate:").write(toFile: path, atomically: false, encoding: .utf8)
                    edits.append("hearts \(pick)")
                case (11, _):
                    // The site's own words: a story's label (cw) and every page's navigation.
                    try folder.write("cw_label: \"Careful ({cw}), \(step)\"\nnav_top: \"Loved \(step)\"\n", to: "site/i18n/en.yml")
                    edits.append("strings i18n/en.yml")
                case (12, _), (13, _):
                    // Readers' hearts: new counts for a few published stories (some of them
                    // shown on no page but their own), and one for an id no story has.
                    var hearts: [String: Int] = ["gone-story": Int(rng.next() % 100)]
                    for _ in 0..<(1 + Int(rng.next() % 3)) where !ids.isEmpty {
                        hearts[ids[Int(rng.next() % UInt64(ids.count))]] = Int(rng.next() % 60)
                    }
                    ledger.hearts = hearts
                    try folder.write(Self.ledger(ledger), to: "site/ledger.json")
                    edits.append("ledger \(hearts.keys.sorted().joined(separator: ","))")
                case (14, _):
                    // The ledger holds a published story, or lets a held one back in.
                    if let released = ledger.held.sorted().first, rng.next() % 2 == 0 {
                        ledger.held.remove(released)
                        edits.append("release \(released)")
                    } else if !storyPaths.isEmpty {
                        // Published in the last build, so not held: s/<id>/.
                        let pages = storyPaths.values.sorted()
                        let id = String(pages[Int(rng.next() % UInt64(pages.count))].dropFirst(2).dropLast())
                        ledger.held.insert(id)
                        edits.append("hold \(id)")
                    } else {
                        edits.append("nothing to hold")
                    }
                    try folder.write(Self.ledger(ledger), to: "site/ledger.json")
                case (15, _):
                    // A story's picture: added, changed (other pixels, another width), or removed
                    // (then its story fails with image.missing until the next image edit).
                    if rng.next() % 4 == 0, FileSystem.kind(of: site + "/content/pic.png") == .file {
                        try FileManager.default.removeItem(atPath: site + "/content/pic.png")
                        edits.append("remove pic.png")
                    } else {
                        let width = 40 + Int(rng.next() % 600)
                        try folder.write(bytes: TestPNG.make(width: width, height: 30, seed: UInt8(step)), to: "site/content/pic.png")
                        if FileSystem.kind(of: site + "/content/pic.md") != .file {
                            try folder.write(story(date: "2026-10-05", body: "A picture.\n\n![a gradient](pic.png)"), to: "site/content/pic.md")
                        }
                        edits.append("image pic.png \(width) wide")
                    }
                case (16, let pick?):
                    // What a card shows besides the text: the title (without one, the first
                    // words label the story and its teaser goes on after them), mood, language.
                    let path = site + "/content/" + pick
                    var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
                    let (key, value) = [("title", "Retitled \(step)"), ("mood", "calm \(step)"), ("lang", "fr")][Int(rng.next() % 3)]
                    if let line = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) {
                        lines.remove(at: line)
                        edits.append("no \(key) \(pick)")
                    } else {
                        lines.insert("\(key): \(value)", at: 1)
                        edits.append("\(key) \(pick)")
                    }
                    try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
                default:
                    edits.append("nothing")
                }
                if step % 7 == 6, FileSystem.kind(of: site + "/content/bad.md") == .file {
                    try FileManager.default.removeItem(atPath: site + "/content/bad.md")
                }
                let (reference, expected) = try Self.clean(site, folder, step: step)
                ids = (reference.pages?.storyPaths.values.map { String($0.dropFirst(2).dropLast()) } ?? []).sorted()
                storyPaths = reference.pages?.storyPaths ?? storyPaths
                // A held story has no page (a held id whose file was renamed or deleted is no story).
                #expect(reference.summary.held <= ledger.held.count, "step \(step)")
                for id in ledger.held { #expect(!expected.keys.contains("s/\(id)/index.html"), "step \(step): held \(id) has a page") }
                let now = Self.snapshot(site)
                let changed = seen.map { Self.changes(from: $0, to: now) }
                seen = now
                // Like CI: a cache kept on disk, the output new each time (its pages copied
                // from the page store where the store has them).
                try? FileManager.default.removeItem(atPath: folder("public-store"))
                let caches = [
                    ("disk", BuildCache(folder: folder("cache"))), ("memory", memory), ("store", BuildCache(folder: folder("cache-store"))),
                ]
                for (name, cache) in caches {
                    let (result, files) = try Self.cached(
                        site,
                        output: folder("public-\(name)"),
                        cache: cache,
                        privateOutput: name == "memory",
                        changedFiles: name == "memory" ? changed : nil
                    )
                    let context = "step \(step) (\(edits.joined(separator: "; "))), \(name) cache"
                    #expect(result.diagnostics == reference.diagnostics, "\(context)")
                    #expect(result.summary.exitCode == reference.summary.exitCode, "\(context)")
                    #expect(result.summary.files == reference.summary.files, "\(context)")
                    if reference.summary.exitCode == 0 {
                        #expect(Set(files.keys) == Set(expected.keys), "\(context)")
                        let differing = expected.keys.filter { files[$0] != expected[$0] }.sorted()
                        #expect(differing.isEmpty, "\(context): \(differing.prefix(5))")
                        if let first = differing.first, ProcessInfo.processInfo.environment["HUSH_DEBUG_CACHE"] != nil {
                            try Data(expected[first] ?? []).write(to: URL(fileURLWithPath: "/tmp/notes/expected.html"))
                            try Data(files[first] ?? []).write(to: URL(fileURLWithPath: "/tmp/notes/got.html"))
                        }
                    }
                }
            }
        }
    }

    static func ledger(_ hearts: [String: Int]) -> String {
        ledger(LedgerCounts(hearts: hearts))
    }

    static func ledger(_ ledger: LedgerCounts) -> String {
        String(decoding: LedgerSnapshot.bytes(of: ledger, forExport: true), as: UTF8.self)
    }

    /// New counts in the ledger rewrite the pages that show them, and only those: the story's
    /// own page, the lists it is on (home, /top/, its tag's) and the pages that link it with
    /// its count (related stories); every other file is kept as it is.
    @Test func newLedgerCountsRewriteExactlyThePagesThatShowThem() throws {
        try withTemporaryFolder { folder in
            var stories: [String: String] = [:]
            for number in 0..<30 {
                stories["s\(number).md"] = story(
                    date: String(format: "2026-10-%02d", 1 + number % 28),
                    title: "Story \(number)",
                    tags: [number % 3 == 0 ? "night" : "day\(number)"],
                    id: "story\(number)"
                )
            }
            let config = testConfig + "page_size: 5\nbackend:\n  url: \"https://stories.example.org/\"\n  ledger: ledger.json\n"
            let site = try folder.makeSite(stories: stories, config: config)
            try folder.write(Self.ledger(["story7": 2]), to: "site/ledger.json")
            let cache = BuildCache(folder: folder("cache"))
            let (first, before) = try Self.cached(site, output: folder("public"), cache: cache)
            #expect(first.summary.exitCode == 0, "\(first.listing)")

            try folder.write(Self.ledger(["story7": 3]), to: "site/ledger.json")
            let (second, after) = try Self.cached(site, output: folder("public"), cache: cache)
            let (_, clean) = try Self.clean(site, folder, step: 0)
            #expect(after == clean)
            let changed = Set(after.keys.filter { before[$0] != after[$0] })
            #expect(changed.contains("s/story7/index.html"))
            #expect(changed.contains("top/index.html"))
            #expect(changed.count > 1 && changed.count < after.count / 2, "\(changed.sorted())")
            // Written: exactly the files whose bytes changed (and the cache knew the rest).
            #expect(second.summary.written == changed.count, "\(second.summary.sentence) \(changed.sorted())")
            #expect(second.summary.files == first.summary.files)
            // Every changed page shows story7's new count; the ledger changed nothing else.
            for path in changed {
                #expect(after.text(path).contains("/s/story7/") || path == "s/story7/index.html", "\(path)")
            }

            // The same counts again: nothing to do.
            let (third, _) = try Self.cached(site, output: folder("public"), cache: cache)
            #expect(third.summary.written == 0)
        }
    }

    @Test func aRebuildWithNothingChangedWritesNothing() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story(tags: ["night"]), "b.md": story(date: "2026-10-02", tags: ["night"])])
            let cache = folder("cache")
            let (first, _) = try Self.cached(site, output: folder("public"), cache: BuildCache(folder: cache))
            #expect(first.summary.written == first.summary.files)
            #expect(FileSystem.kind(of: cache + "/" + BuildCache.fileName) == .file)
            let (second, _) = try Self.cached(site, output: folder("public"), cache: BuildCache(folder: cache))
            #expect(second.summary.written == 0)
            #expect(second.summary.removed == 0)
            #expect(second.summary.unchanged == first.summary.files)
            #expect(second.summary.sentence.contains("(0 written, \(first.summary.files) unchanged, 0 removed)"))
        }
    }

    /// A rebuild after one story's text changed renders only the pages that show that story
    /// (its own, the list pages it is on, a page that links it as "another"), not every
    /// page: each page is fingerprinted from what it shows, without making its values.
    @Test func aRebuildRendersOnlyThePagesThatShowTheChangedStory() throws {
        try withTemporaryFolder { folder in
            var stories: [String: String] = [:]
            for number in 0..<20 {
                stories["s\(number).md"] = story(date: String(format: "2026-10-%02d", number + 1), title: "Story \(number)")
            }
            let site = try folder.makeSite(stories: stories, config: testConfig + "page_size: 4\n")
            let cache = BuildCache(folder: folder("cache"))
            let (first, _) = try Self.cached(site, output: folder("public"), cache: cache)
            #expect(first.summary.exitCode == 0)
            // The oldest story: on no other story's page as newer, older or related.
            try folder.write(story(date: "2026-10-01", title: "Story 0", body: "A different ending, told plainly."), to: "site/content/s0.md")
            let rendered = Locked(0)
            var request = BuildRequest(site: site, output: folder("public"))
            request.now = testDay
            request.cache = BuildCache(folder: folder("cache"))
            request.progress = { progress in
                if progress.stage == "theme", progress.total > 0 { rendered.withLock { $0 = progress.total } }
            }
            let second = Pipeline.run(request)
            #expect(second.summary.exitCode == 0)
            #expect(second.summary.pages > 20)
            // Its page, a home and a top page, and the few pages that link it as "another":
            // far from the 33 pages of the site.
            #expect((3...8).contains(rendered.withLock { $0 }), "pages rendered: \(rendered.withLock { $0 })")
            let (reference, expected) = try Self.clean(site, folder, step: 0)
            #expect(reference.summary.exitCode == 0)
            #expect(try outputFiles(in: folder("public")) == expected)
        }
    }

    /// A file put into the output by something else (or by a build killed after its commit,
    /// before it saved the cache) is removed by the next build, as without a cache; a page
    /// changed or removed there is put back.
    @Test func theOutputIsCheckedNotTrusted() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story(tags: ["night"]), "b.md": story(date: "2026-10-02", tags: ["night"])])
            let cache = BuildCache(folder: folder("cache"))
            let (_, expected) = try Self.cached(site, output: folder("public"), cache: cache)
            try folder.write("stray", to: "public/stray.html")
            try folder.write("stray", to: "public/s/stray/index.html")
            let (first, files) = try Self.cached(site, output: folder("public"), cache: BuildCache(folder: folder("cache")))
            #expect(files == expected)
            #expect(first.summary.removed == 2)
            #expect(first.summary.written == 0)
            // Changed in place, so the page store's file too (it is the same file): made again
            // without a warning, as any changed output file is.
            try folder.write("changed", to: "public/index.html")
            try FileManager.default.removeItem(atPath: folder("public/404.html"))
            let (second, again) = try Self.cached(site, output: folder("public"), cache: BuildCache(folder: folder("cache")))
            #expect(again == expected)
            #expect(second.summary.written == 2)
            #expect(second.diagnostics.isEmpty, "\(second.diagnostics)")
            // After a rebuild too (the cache then knows the folders by the stamps it took
            // before its commit): a stray file deep in a folder of the site, a stray empty
            // folder and a stray folder that holds one.
            let deepest = try #require(
                Set(expected.keys.map(OutputWriter.folder(of:))).max { $0.count(where: { $0 == "/" }) < $1.count(where: { $0 == "/" }) }
            )
            #expect(deepest.contains("/"))
            try folder.write("stray", to: "public/\(deepest)/stray.txt")
            try FileManager.default.createDirectory(atPath: folder("public/\(deepest)/empty"), withIntermediateDirectories: false)
            try folder.write("stray", to: "public/\(deepest)/inner/more/stray.html")
            let (third, once) = try Self.cached(site, output: folder("public"), cache: BuildCache(folder: folder("cache")))
            #expect(once == expected)
            #expect(third.summary.removed == 3)
            #expect(FileSystem.kind(of: folder("public/\(deepest)/empty")) == .missing)
            #expect(third.summary.written == 0)
        }
    }

    /// Damaged in every way a file can be: cut short, a byte changed, another program's file,
    /// empty. Each is reported once as `cache.corrupt`, and the build equals a clean one.
    @Test(arguments: ["truncated", "flipped", "foreign", "empty"])
    func aDamagedCacheIsReportedAndNotTrusted(_ damage: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story(tags: ["night"]), "b.md": story(date: "2026-10-02")])
            let cache = folder("cache")
            _ = try Self.cached(site, output: folder("public"), cache: BuildCache(folder: cache))
            let file = cache + "/" + BuildCache.fileName
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            switch damage {
            case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
            case "flipped": bytes[bytes.count / 2] ^= 0x20
            case "foreign": bytes = Array("PK\u{3}\u{4} not a cache at all".utf8)
            default: bytes = []
            }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            // The story changes too: a trusted damaged cache would show the old text.
            try folder.write(story(tags: ["night"], body: "A new text."), to: "site/content/a.md")
            let (result, files) = try Self.cached(site, output: folder("public"), cache: BuildCache(folder: cache))
            #expect(result.diagnostics.map(\.code.name) == ["cache.corrupt"])
            #expect(result.summary.exitCode == 0)
            let (_, expected) = try Self.clean(site, folder, step: 0)
            #expect(files == expected)
            // Replaced by a good one: the next build has nothing to say.
            let (again, _) = try Self.cached(site, output: folder("public"), cache: BuildCache(folder: cache))
            #expect(again.diagnostics.isEmpty)
        }
    }

    @Test func aCacheWarningStaysAWarningUnderStrict() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()])
            try folder.write("not a cache", to: "cache/" + BuildCache.fileName)
            var request = BuildRequest(site: site, output: folder("public"))
            request.now = testDay
            request.strict = true
            request.cache = BuildCache(folder: folder("cache"))
            let result = Pipeline.run(request)
            #expect(result.diagnostics.map(\.code.name) == ["cache.corrupt"])
            #expect(result.diagnostics.first?.severity == .warning)
            #expect(result.summary.exitCode == 0)
        }
    }

    @Test func theSecretIsNeverInTheCache() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story(), "b.md": story(date: "2026-10-02")])
            let environmentSecret = "env-secret-Zq81mXv02LpK"
            _ = try Self.cached(site, output: folder("public"), cache: BuildCache(folder: folder("cache")))
            var request = BuildRequest(site: site, output: folder("public"))
            request.now = testDay
            request.environment = ["HUSH_SECRET": environmentSecret]
            request.cache = BuildCache(folder: folder("cache"))
            _ = Pipeline.run(request)
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder("cache/" + BuildCache.fileName))))
            for secret in [testSecret, environmentSecret] {
                let needle = Array(secret.utf8)
                let found = bytes.indices.dropLast(needle.count).contains { Array(bytes[$0..<$0 + needle.count]) == needle }
                #expect(!found, "\(secret) is in the cache")
            }
        }
    }
}
