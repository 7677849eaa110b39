import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// The build cache file read with its bodies left undecoded (`LazyText`): what they decode to
/// is what was rendered, a cache saved again (untouched bodies copied as read, new ones
/// encoded) reads back the same, and a damaged file is refused whichever part is damaged.
@Suite struct CacheFileTests {
    /// Stories whose bodies are more than ASCII, with and without a title or a warning, long
    /// enough that an untitled one's label is cut and its teaser goes on from there.
    static let stories: [String: String] = [
        "a.md": story(title: "Café", tags: ["night"], body: "Ünïcödé — “quoted” words, 日本語 and emoji 🌙 in a *body*."),
        "b.md": story(
            date: "2026-10-02",
            body: (0..<60).map { "word\($0 % 7) Grüße" }.joined(separator: " ") + ". The end, after many words."
        ),
        "c.md": story(date: "2026-10-03", extra: ["cw: grief"], body: "Short, and behind a warning."),
        "d.md": story(date: "2026-10-04", title: "Plain", body: "Plain ASCII text."),
    ]

    /// A site of `stories` built once with a cache on disk: the file, and the records as the
    /// build made them (in memory, rendered just now, nothing lazy).
    static func built(_ folder: TemporaryFolder) throws -> (file: String, made: BuildCache.Contents) {
        let site = try folder.makeSite(stories: stories)
        let cache = BuildCache(folder: folder("cache"))
        let (result, _) = try CacheTests.cached(site, output: folder("public"), cache: cache)
        #expect(result.summary.exitCode == 0)
        let (made, _) = cache.take()
        return (folder("cache") + "/" + BuildCache.fileName, made)
    }

    static func expectSameBodies(_ a: StoryRecord.Rendered?, _ b: StoryRecord.Rendered?, _ path: String) {
        guard let a, let b else {
            #expect(a == nil && b == nil, "\(path): rendered on one side only")
            return
        }
        #expect(a.html.value == b.html.value, "\(path)")
        #expect(a.htmlDigest == b.htmlDigest, "\(path)")
        #expect(a.excerpt == b.excerpt, "\(path)")
        #expect(a.label == b.label, "\(path)")
        #expect(a.words == b.words, "\(path)")
        #expect(a.searchDigest == b.searchDigest, "\(path)")
        #expect(a.teaser == b.teaser, "\(path)")
        #expect(a.wordCount == b.wordCount, "\(path)")
        #expect(a.diagnostics.map(\.message) == b.diagnostics.map(\.message), "\(path)")
    }

    @Test func aLazyBodyDecodesToWhatWasRendered() throws {
        try withTemporaryFolder { folder in
            let (file, made) = try Self.built(folder)
            let (read, problem) = CacheFile.read(file)
            #expect(problem == nil)
            let contents = try #require(read)
            #expect(Set(contents.stories.keys) == Set(made.stories.keys))
            #expect(contents.stories.count == Self.stories.count)
            for (path, record) in contents.stories {
                let rendered = try #require(record.rendered, "\(path) was rendered")
                // Read from the file, the bodies are still its bytes.
                #expect(rendered.html.file != nil)
                #expect(rendered.words.joinedTitle.file != nil && rendered.words.joinedText.file != nil)
                #expect(made.stories[path]?.rendered?.html.file == nil)
                Self.expectSameBodies(rendered, made.stories[path]?.rendered, path)
            }
        }
    }

    /// A save begun with the story records while the build goes on (`saveAhead`) writes the
    /// file a save at the end writes; given up, it leaves the file that was there.
    @Test func aSaveBegunAheadWritesTheSameFileAndGivenUpLeavesTheOld() throws {
        try withTemporaryFolder { folder in
            let (file, made) = try Self.built(folder)
            let direct = Array(try Data(contentsOf: URL(fileURLWithPath: file)))

            let ahead = BuildCache(folder: folder("ahead"))
            let begun = try #require(ahead.saveAhead(key: made.storyKey, stories: made.stories))
            #expect(ahead.give(made, changed: true, ahead: begun) == nil)
            let saved = Array(try Data(contentsOf: URL(fileURLWithPath: folder("ahead/" + BuildCache.fileName))))
            #expect(saved == direct, "saved ahead, the file differs")

            let cancelled = try #require(ahead.saveAhead(key: made.storyKey, stories: [:]))
            cancelled.cancel()
            let left = Array(try Data(contentsOf: URL(fileURLWithPath: folder("ahead/" + BuildCache.fileName))))
            #expect(left == direct)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder("ahead"))
            #expect(names.allSatisfy { !$0.hasSuffix(".new") }, "\(names)")
            #expect(BuildCache().saveAhead(key: made.storyKey, stories: made.stories) == nil, "a cache in memory has no file")
        }
    }

    @Test func aCacheSavedAgainWithLazyAndNewBodiesReadsBackEqual() throws {
        try withTemporaryFolder { folder in
            let (file, _) = try Self.built(folder)
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            let lazy = try #require(CacheFile.read(file).0)

            // Untouched: every body copied as read, so the file is the same to the byte.
            #expect(CacheFile.write(lazy, folder: folder("again"), name: BuildCache.fileName) == nil)
            let again = Array(try Data(contentsOf: URL(fileURLWithPath: folder("again/" + BuildCache.fileName))))
            #expect(again.count == original.count)
            #expect(Digest.of(again) == Digest.of(original), "saved again, the file differs")

            // Mixed: one record rendered anew (a body in memory), one given a new stamp only
            // (its bodies still the first file's bytes), the rest untouched.
            var mixed = lazy
            let changed = "content/b.md"
            var record = try #require(mixed.stories[changed])
            let before = try #require(record.rendered)
            let html = "<p>A new “body”, 新しい.</p>\n"
            record.rendered = StoryRecord.Rendered(
                html: LazyText(html),
                htmlDigest: Digest.of(text: html),
                excerpt: "A new “body”, 新しい.",
                label: before.label,
                words: SearchIndex.StoryWords(title: before.label, text: "A new “body”, 新しい."),
                searchDigest: Digest.of(Array("anything".utf8)),
                teaser: "…new",
                wordCount: 4,
                diagnostics: before.diagnostics
            )
            #expect(record.rendered?.html.file == nil)
            mixed.stories[changed] = record
            mixed.stories["content/a.md"]?.stampTrusted = false
            #expect(CacheFile.write(mixed, folder: folder("mixed"), name: BuildCache.fileName) == nil)
            let (readBack, problem) = CacheFile.read(folder("mixed/" + BuildCache.fileName))
            #expect(problem == nil)
            let back = try #require(readBack)
            #expect(Set(back.stories.keys) == Set(mixed.stories.keys))
            for (path, record) in mixed.stories {
                let other = try #require(back.stories[path])
                #expect(other.contentHash == record.contentHash)
                #expect(other.stampTrusted == record.stampTrusted)
                #expect(other.rendered?.html.file != nil)
                Self.expectSameBodies(other.rendered, record.rendered, path)
            }
            #expect(back.stories["content/a.md"]?.stampTrusted == false)
            #expect(back.files.count == lazy.files.count)
            #expect(back.site?.key == lazy.site?.key)
        }
    }

    /// Cut anywhere (inside a body too), or a byte changed anywhere: refused, never decoded.
    /// And a file whose checksum matches but whose contents do not (a text said to run past
    /// the end, a text that is not UTF-8) is refused as well, not read out of bounds later.
    @Test func aDamagedFileIsRefusedWhereverItIsDamaged() throws {
        try withTemporaryFolder { folder in
            let (file, _) = try Self.built(folder)
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            func read(_ bytes: [UInt8]) throws -> (BuildCache.Contents?, problem: String?) {
                try Data(bytes).write(to: URL(fileURLWithPath: file))
                return CacheFile.read(file)
            }
            let places = stride(from: CacheFile.magic.count, to: original.count, by: max(1, original.count / 40))
            for cut in places {
                let (contents, problem) = try read(Array(original.prefix(cut)))
                #expect(contents == nil && problem != nil, "cut at \(cut)")
            }
            for place in places {
                var bytes = original
                bytes[place] ^= 0x01
                let (contents, problem) = try read(bytes)
                #expect(contents == nil && problem != nil, "byte \(place) changed")
            }
            // The excerpt "Plain ASCII text.", as written with its length before it.
            var prefixed = CacheEncoder()
            prefixed.string("Plain ASCII text.")
            let marker = prefixed.bytes
            let at = try #require(original.indices.first { original[$0..<min(original.count, $0 + marker.count)].elementsEqual(marker) })
            // Its length made larger than the file (the highest of its eight bytes, little
            // endian), and the checksum made to match.
            var bytes = Array(original.dropLast(Digest.size))
            bytes[at + 7] = 0x7f
            bytes += Digest.of(bytes).bytes
            let (contents, problem) = try read(bytes)
            #expect(contents == nil)
            #expect(problem?.contains("checksum matches") == true, "\(problem ?? "read")")
            // Its first letter made a byte that is never UTF-8, the checksum made to match:
            // refused too, not repaired.
            var invalid = Array(original.dropLast(Digest.size))
            invalid[at + 8] = 0xFF
            invalid += Digest.of(invalid).bytes
            let (notText, why) = try read(invalid)
            #expect(notText == nil)
            #expect(why?.contains("checksum matches") == true, "\(why ?? "read")")
        }
    }

    /// The point of lazy bodies: a rebuild with nothing changed decodes none, and one after a
    /// story changed decodes only those of the pages it renders (that story's, its neighbours',
    /// the feeds'), not one a story. A step that reads a body for every story fails here.
    @Test func aRebuildDecodesOnlyTheBodiesOfThePagesItRenders() throws {
        try withTemporaryFolder { folder in
            var stories: [String: String] = [:]
            for number in 0..<120 {
                let day = String(format: "2026-%02d-%02d", 1 + number / 28, 1 + number % 28)
                // Untitled stories too: their teaser goes on from the text.
                stories["s\(number).md"] = story(
                    date: day,
                    title: number % 2 == 0 ? "Story \(number)" : nil,
                    body: "Words of story \(number), plainly told."
                )
            }
            let site = try folder.makeSite(stories: stories, config: testConfig + "feed_size: 5\n")
            _ = try CacheTests.cached(site, output: folder("public"), cache: BuildCache(folder: folder("cache")))
            func decoded(after build: () throws -> Void) throws -> Int {
                let cache = BuildCache(folder: folder("cache"))
                let (before, _) = cache.take()
                let files = before.stories.values.compactMap { record in record.rendered?.html.file }
                let file = try #require(files.first)
                try build()
                // The build takes the contents the cache already read: the same file.
                _ = try CacheTests.cached(site, output: folder("public"), cache: cache)
                return file.decodedCount
            }
            #expect(try decoded {} == 0)
            try folder.write(story(date: "2026-01-01", title: "Story 0", body: "A different ending."), to: "site/content/s0.md")
            let touched = try decoded {}
            // Two feeds of five and the few pages that show the story: far from 120.
            #expect((1...24).contains(touched), "bodies decoded: \(touched)")
        }
    }
}
