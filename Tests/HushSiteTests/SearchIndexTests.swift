import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// The split search index (Theme/Search, docs/themes.md "Search"): the same bytes every
/// build, the folding search.js repeats, words of unspaced scripts as pairs, chunks of a
/// bounded size, and every story found again by reading the files the way search.js does.
@Suite struct SearchIndexTests {
    // MARK: Folding and words

    struct FoldingCase: Decodable, CustomTestStringConvertible {
        let name: String
        let text: String
        let words: [String]
        var testDescription: String { name }
    }

    /// Shared with the browser tests, which check that search.js finds each text with these
    /// queries: Swift makes the index words, JavaScript the query's.
    static let foldingCases: [FoldingCase] = {
        struct File: Decodable { let cases: [FoldingCase] }
        let path = repositoryRoot + "/Tests/Browser/folding_cases.json"
        guard let data = FileManager.default.contents(atPath: path), let file = try? JSONDecoder().decode(File.self, from: data) else {
            return []
        }
        return file.cases
    }()

    @Test func theFoldingCasesAreThere() {
        #expect(Self.foldingCases.count >= 15)
    }

    /// Compared scalar by scalar: Swift's `==` on strings ignores the difference between
    /// composed and decomposed text, which is exactly what a browser would see.
    @Test(arguments: foldingCases)
    func wordsOfATrickyText(_ example: FoldingCase) {
        let words = SearchIndex.words(inFolded: SearchIndex.fold(example.text))
        #expect(words.map(\.scalarCodes) == example.words.map(\.scalarCodes), "\(words) is not \(example.words)")
    }

    @Test(arguments: [
        ("CAFÉ", "cafe"), ("cafe\u{301}", "cafe"), ("\u{212B}ngstr\u{F6}m", "angstrom"), ("\u{130}stanbul", "istanbul"),
        ("ΟΔΟΣ", "οδοσ"), ("οδος", "οδοσ"), ("STRAẞE", "straße"), ("\u{212A}", "k"), ("ǅ", "ǆ"), ("Łódź", "łodz"),
    ])
    func folding(_ text: String, _ folded: String) {
        #expect(SearchIndex.fold(text).scalarCodes == folded.scalarCodes, "\(SearchIndex.fold(text))")
    }

    /// `fold` only lowercases ASCII and folds the rest in runs: the same as every step on the
    /// whole text.
    @Test func foldingInRunsIsFoldingTheWhole() {
        let texts =
            Self.foldingCases.map(\.text) + [
                "Crème BRÛLÉE at the CAFÉ", "e\u{301}te\u{301}", "ΟΔΟΣ ΟΔΟΣ.", "I\u{307}stanbul and İSTANBUL", "A\u{30A}\u{212B}ngström",
                "mixed 東京 and ＨＵＳＨ, ǅ, \u{212A}elvin", "",
            ]
        for text in texts {
            #expect(SearchIndex.fold(text).scalarCodes == SearchIndex.foldedRun(text).scalarCodes, "\(text)")
        }
    }

    /// `words(inFolded:)` reads UTF-8 bytes; this is the same rule read scalar by scalar,
    /// the way it was first written. The two must give the same words, scalar for scalar.
    static func wordsScalarByScalar(_ text: String) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        func endWord() {
            if !word.isEmpty { words.append(String(word)) }
            word = String.UnicodeScalarView()
        }
        func endRun() {
            guard let last = run.last else { return }
            for index in run.indices.dropLast() { words.append(String(run[index]) + String(run[index + 1])) }
            words.append(String(last))
            run.removeAll()
        }
        for scalar in text.unicodeScalars {
            if !SearchIndex.isLetterOrDigit(scalar) {
                endWord()
                endRun()
            } else if SearchIndex.isUnspaced(scalar) {
                endWord()
                run.append(scalar)
            } else {
                endRun()
                word.append(scalar)
            }
        }
        endWord()
        endRun()
        return words
    }

    @Test func wordsFromBytesAreWordsFromScalars() {
        var texts =
            Self.foldingCases.map(\.text) + [
                "Crème BRÛLÉE at the CAFÉ", "e\u{301}te\u{301}", "at 8点半 ok", "没有寄出的信。我", "mixed 東京 and ＨＵＳＨ, ǅ, \u{212A}elvin",
                "𠀀𠀁 x𝒜y 😀a😀 ١٢٣ ⅷ ²³ ﷺ", "a\u{0}b\u{7F}c\u{80}d\u{FEFF}e\u{10FFFF}", "", " ", "@[`{A-Z_a-z09]",
            ]
        var generator = SystemRandomNumberGenerator()
        let pool = Array("aZ09 .,'\n-é东京ΟΔΟΣ𠀀😀ก\u{301}\u{E31}ー々ﾀ١".unicodeScalars)
        for _ in 0..<300 {
            var view = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<40, using: &generator) { view.append(pool.randomElement(using: &generator)!) }
            texts.append(String(view))
        }
        for text in texts {
            for folded in [text, SearchIndex.fold(text)] {
                #expect(
                    SearchIndex.words(inFolded: folded).map(\.scalarCodes) == Self.wordsScalarByScalar(folded).map(\.scalarCodes),
                    "\(folded.unicodeScalars.map(\.value))"
                )
            }
        }
    }

    @Test func chineseIsCutIntoPairsAndTheLastCharacter() {
        #expect(SearchIndex.words(inFolded: "没有寄出的信") == ["没有", "有寄", "寄出", "出的", "的信", "信"])
        #expect(SearchIndex.words(inFolded: "我。") == ["我"])
        #expect(SearchIndex.words(inFolded: "at 8点半 ok") == ["at", "8", "点半", "半", "ok"])
    }

    /// search.js has its own copy of the table of unspaced scripts; they must be the same.
    @Test func searchJSCutsTheSameScriptsIntoPairs() throws {
        let script = try String(contentsOfFile: repositoryRoot + "/Templates/default/assets/search.js", encoding: .utf8)
        let table = section(of: script, from: "var UNSPACED = [", to: "];")
        let pairs = table.matches(of: #/\[0x([0-9a-f]+), 0x([0-9a-f]+)\]/#).compactMap { match -> ClosedRange<UInt32>? in
            guard let low = UInt32(match.output.1, radix: 16), let high = UInt32(match.output.2, radix: 16) else { return nil }
            return low...high
        }
        #expect(pairs == SearchIndex.unspacedRanges, "search.js UNSPACED: \(pairs)")
    }

    @Test func wordsAreOrderedAsJavaScriptComparesStrings() {
        // U+20BB7 is a surrogate pair in UTF-16 (0xD842 …), which JavaScript puts before U+FB00.
        #expect(SearchIndex.precedes("\u{20BB7}", "\u{FB00}"))
        #expect(!SearchIndex.precedes("\u{FB00}", "\u{20BB7}"))
        #expect(SearchIndex.precedes("ab", "abc") && SearchIndex.precedes("abc", "abd"))
    }

    // MARK: The files

    @Test func postingsAreGapsTimesFourPlusWhere() throws {
        let postings = SearchIndex.postings([["a": SearchIndex.inTitle], ["b": 0], ["a": 0], [:], [:], ["a": SearchIndex.inTag]])
        let chunks = SearchIndex.chunked(postings)
        #expect(chunks.count == 1)
        // a: story 0 in the title (0·4+1), story 2 in the text ((2−0)·4+0), story 5 in a tag ((5−2)·4+2)
        #expect(String(decoding: try #require(chunks.first).bytes, as: UTF8.self) == "{\"a\":[1,8,14],\"b\":[4]}\n")
    }

    /// Postings are gathered in slices over the cores: the same as adding story after story.
    @Test func postingsInSlicesArePostingsStoryByStory() {
        var generator = SeededGenerator(seed: 11)
        for count in [0, 1, 2, 15, 16, 17, 100, 333] {
            let stories = (0..<count).map { _ in
                var found: [String: UInt8] = [:]
                for _ in 0..<generator.next(below: 12) { found[String(generator.next(below: 40))] = UInt8(generator.next(below: 4)) }
                return found
            }
            var expected: [String: [Int]] = [:]
            for (number, words) in stories.enumerated() {
                for (word, place) in words { expected[word, default: []].append(number << 2 | Int(place)) }
            }
            #expect(SearchIndex.postings(stories) == expected)
        }
    }

    @Test func chunksStayUnderTheirSizeAndKeepEveryWordInOrder() throws {
        var generator = SeededGenerator(seed: 7)
        var postings: [String: [Int]] = [:]
        for _ in 0..<6_000 {
            let word = generator.word()
            let count = 1 + generator.next(below: 60)
            postings[word] = (0..<count).map { $0 * 3 << 2 | generator.next(below: 4) }
        }
        postings["zzzhuge"] = (0..<20_000).map { $0 << 2 }  // one word bigger than a chunk
        // Words JavaScript orders differently from Swift's `<` (beyond U+FFFF, above U+E000),
        // each long enough for a chunk of its own, so a wrong order moves chunk boundaries.
        for word in ["\u{20BB7}野", "２０２６", "ｈｕｓｈ", "\u{FB00}", "\u{1D11E}", "한국"] {
            postings[word] = (0..<9_000).map { $0 << 2 }
        }
        let chunks = SearchIndex.chunked(postings)
        #expect(chunks.count > 2)
        var seen: [String] = []
        for chunk in chunks {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(chunk.bytes)) as? [String: [Int]])
            let words = object.keys.sorted(by: SearchIndex.precedes)
            #expect(words.first == chunk.firstWord)
            #expect(chunk.bytes.count <= SearchIndex.chunkBytes || words.count == 1, "\(chunk.bytes.count) bytes, \(words.count) words")
            for word in words {
                var number = 0
                let decoded = try #require(object[word]).map { value -> Int in
                    number += value >> 2
                    return number << 2 | value & 3
                }
                #expect(decoded == postings[word], "\(word)")
            }
            seen += words
        }
        #expect(seen == postings.keys.sorted(by: SearchIndex.precedes), "every word once, in order across chunks")
        let starts = chunks.map(\.firstWord)
        #expect(zip(starts, starts.dropFirst()).allSatisfy { SearchIndex.precedes($0, $1) }, "chunks in JavaScript's order: \(starts.suffix(8))")
    }

    @Test func theSameSiteGivesTheSameIndexWhateverTheOrderItsFilesWereMade() throws {
        let stories = Self.generatedStories(count: 60)
        try withTemporaryFolder { folder in
            try folder.write(testConfig, to: "a/hush.yml")
            try folder.write(testConfig, to: "b/hush.yml")
            for (name, text) in stories { try folder.write(text, to: "a/content/" + name) }
            for (name, text) in stories.reversed() { try folder.write(text, to: "b/content/" + name) }
            let first = try buildAndRead(site: folder("a"))
            let second = try buildAndRead(site: folder("b"))
            let firstIndex = first.files.filter { $0.key.hasPrefix("search/") && $0.key.hasSuffix(".json") }
            #expect(firstIndex.count > 10)
            #expect(firstIndex == second.files.filter { $0.key.hasPrefix("search/") && $0.key.hasSuffix(".json") })
        }
    }

    @Test func theWholeSiteIndexIsGoneAndThePageNamesTheEntry() throws {
        let built = try buildStories(["one.md": story(title: "One")])
        #expect(built.files["search.json"] == nil)
        #expect(built.files["search/index.json"] != nil)
        #expect(built.files.text("search/index.html").contains("data-index=\"/search/index.json\""))
    }

    @Test func aSiteWithoutStoriesHasAnEmptyIndex() throws {
        let built = try buildStories([:])
        let index = try SearchIndexReader(built.files)
        #expect(index.entry.stories == 0 && index.entry.chunks.isEmpty)
        #expect(built.files.keys.filter { $0.hasPrefix("search/words/") || $0.hasPrefix("search/stories/") }.isEmpty)
    }

    /// Reads the built files as search.js does (entry, chunk by first word, fragment by number)
    /// and finds every story by each word of its title, marked as a title match.
    @Test func everyStoryIsFoundByEveryWordOfItsTitle() throws {
        let stories = Self.generatedStories(count: 400)
        let built = try buildStories(Dictionary(uniqueKeysWithValues: stories))
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        let index = try SearchIndexReader(built.files)
        #expect(index.entry.stories == 400)
        #expect(index.entry.chunks.count > 1, "a site this size needs more than one chunk")
        var missed: [String] = []
        var words = 0
        for number in 0..<index.entry.stories {
            let fragment = try index.fragment(number)
            for word in SearchIndex.words(inFolded: SearchIndex.fold(fragment.title)) {
                let found = try index.postings(of: word)
                if found[number].map({ $0 & Int(SearchIndex.inTitle) == 0 }) ?? true { missed.append("\(number): \(word)") }
                words += 1
            }
        }
        #expect(words >= 400)
        #expect(missed.isEmpty, "\(missed.count) title words do not find their story as a title match: \(missed.prefix(5))")
        // A word of a story's text, and a pair of its Chinese, find it too.
        let chinese = try #require((0..<index.entry.stories).first { (try? index.fragment($0).title) == "没有寄出的信" })
        #expect(try index.postings(of: "寄出")[chinese] == Int(SearchIndex.inTitle))
        #expect(try index.postings(of: "夜里")[chinese] == 0)
        #expect(try index.postings(of: "信")[chinese] != nil)
    }

    @Test func everyFileIsSmallAndTheEntryIsTiny() throws {
        let built = try buildStories(Dictionary(uniqueKeysWithValues: Self.generatedStories(count: 400)))
        let index = built.files.filter { $0.key.hasPrefix("search/") && $0.key.hasSuffix(".json") }
        let largest = try #require(index.max { $0.value.count < $1.value.count })
        #expect(largest.value.count <= SearchIndex.chunkBytes + 1_000, "\(largest.key): \(largest.value.count) bytes")
        #expect(try #require(built.files["search/index.json"]).count < 1_000)
        for (path, bytes) in index where path.hasPrefix("search/stories/") {
            let fragments = try JSONSerialization.jsonObject(with: Data(bytes)) as? [Any]
            #expect(fragments.map { $0.count <= SearchIndex.storiesPerFile } == true, "\(path)")
        }
    }

    // MARK: Rebuilds

    /// A rebuild makes the index from what the last build made of it (`SearchIndex.Memory`,
    /// on disk in `search.cache`, read afresh here as by `hush build`): after each kind of
    /// edit, the files and the memory are the ones a build from scratch makes.
    @Test(arguments: ["body", "new word", "tags", "title", "hearts", "removed word", "added story"])
    func aRebuildFromTheMemoryIsABuildFromScratch(_ edit: String) throws {
        let stories = Self.generatedStories(count: 120)
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Dictionary(uniqueKeysWithValues: stories))
            let cache = folder("cache")
            _ = try CacheTests.cached(site, output: folder("public"), cache: BuildCache(folder: cache))
            let before = try #require(SearchIndex.Memory.read(cache + "/" + SearchIndex.Memory.fileName))
            let (name, text) = stories[57]
            var path = site + "/content/" + name
            let edited: String
            switch edit {
            case "body": edited = text + "Kato mine ne.\n"
            case "new word": edited = text + "Quixotically.\n"
            case "tags":
                edited = text.replacingOccurrences(of: "tags: .*\n", with: "", options: .regularExpression)
                    .replacingOccurrences(of: "date:", with: "tags: [night, rain]\ndate:")
            case "title": edited = text.replacingOccurrences(of: "title: .*\n", with: "title: \"Zebu\"\n", options: .regularExpression)
            case "hearts": edited = text.replacingOccurrences(of: "date:", with: "hearts: 7\ndate:")
            case "removed word": edited = story(date: "2026-05-05", body: "Only this.")
            default:
                path = site + "/content/new.md"
                edited = story(date: "2026-09-29", title: "\"Newest\"", body: "Made last.")
            }
            try edited.write(toFile: path, atomically: false, encoding: .utf8)
            let (_, files) = try CacheTests.cached(site, output: folder("public"), cache: BuildCache(folder: cache))
            let (_, expected) = try CacheTests.clean(site, folder, step: 1)
            let isIndex = { (path: String) in path.hasPrefix("search/") && path.hasSuffix(".json") }
            #expect(files.filter { isIndex($0.key) } == expected.filter { isIndex($0.key) })
            let after = try #require(SearchIndex.Memory.read(cache + "/" + SearchIndex.Memory.fileName))
            let scratch = BuildCache()
            _ = try CacheTests.cached(site, output: folder("scratch"), cache: scratch)
            #expect(after == scratch.takeSearch())
            #expect(edit == "hearts" ? after == before : after != before)
        }
    }

    /// Only what an edit changed is made again: the changed story's fragment file, the chunks
    /// of the words it gained or lost, the entry.
    @Test func aBodyEditMakesOnlyWhatItChangedAgain() throws {
        let stories = Self.generatedStories(count: 400)
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Dictionary(uniqueKeysWithValues: stories))
            let cache = BuildCache()
            _ = try CacheTests.cached(site, output: folder("public"), cache: cache)
            let before = try #require(cache.takeSearch())
            let (name, text) = stories[57]
            try (text + "Quixotically.\n").write(toFile: site + "/content/" + name, atomically: false, encoding: .utf8)
            _ = try CacheTests.cached(site, output: folder("public"), cache: cache)
            let after = try #require(cache.takeSearch())
            #expect(before.fragmentDigests.count == 100 && after.fragmentDigests.count == 100)
            // Its excerpt may or may not show the new word.
            #expect(zip(before.fragmentDigests, after.fragmentDigests).filter { $0 != $1 }.count <= 1)
            let chunks = zip(before.chunkDigests, after.chunkDigests).filter { $0 != $1 }.count
            #expect(chunks >= 1 && chunks < before.chunkDigests.count, "\(chunks) of \(before.chunkDigests.count) chunks")
            #expect(after.words.count == before.words.count + 1)
        }
    }

    /// A damaged or foreign search.cache is not used, silently (the index is made whole, as
    /// a clean build makes it), and a good one is written in its place.
    @Test(arguments: ["truncated", "flipped", "foreign"])
    func aDamagedSearchCacheIsNotUsed(_ damage: String) throws {
        let stories = Self.generatedStories(count: 30)
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Dictionary(uniqueKeysWithValues: stories))
            let cache = folder("cache")
            _ = try CacheTests.cached(site, output: folder("public"), cache: BuildCache(folder: cache))
            let file = cache + "/" + SearchIndex.Memory.fileName
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            switch damage {
            case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
            case "flipped": bytes[bytes.count / 2] ^= 0x20
            default: bytes = Array("HUSHSEARCH\n and then nothing of the kind, not even a checksum".utf8)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            #expect(SearchIndex.Memory.read(file) == nil)
            let (name, text) = stories[7]
            try (text + "Quixotically.\n").write(toFile: site + "/content/" + name, atomically: false, encoding: .utf8)
            let (result, files) = try CacheTests.cached(site, output: folder("public"), cache: BuildCache(folder: cache))
            #expect(result.diagnostics.isEmpty)
            let (_, expected) = try CacheTests.clean(site, folder, step: 1)
            #expect(files == expected)
            #expect(SearchIndex.Memory.read(file) != nil)
        }
    }

    // MARK: Helpers

    /// Stories of made-up words, a few in Chinese, with tags; the same for the same count.
    static func generatedStories(count: Int) -> [(String, String)] {
        var generator = SeededGenerator(seed: 42)
        var stories: [(String, String)] = []
        for number in 0..<count {
            let title = number == 3 ? "没有寄出的信" : (0..<(1 + generator.next(below: 5))).map { _ in generator.word() }.joined(separator: " ").capitalized
            let body =
                number == 3
                ? "我在夜里给妈妈写了一封信，一直放在抽屉里。"
                : (0..<(20 + generator.next(below: 80))).map { _ in generator.word() }.joined(separator: " ") + "."
            let tags = (0..<generator.next(below: 3)).map { _ in ["night", "work", "family", "café", "日本"][generator.next(below: 5)] }
            let day = String(format: "2026-%02d-%02d", 1 + number % 10, 1 + number % 28)
            let text = story(date: day, title: "\"\(title)\"", tags: Array(Set(tags)).sorted(), body: body)
            stories.append((String(format: "s%04d.md", number), text))
        }
        return stories
    }
}

extension String {
    fileprivate var scalarCodes: [UInt32] { unicodeScalars.map(\.value) }
}

extension SeededGenerator {
    /// A made-up word, common ones more often (a rough Zipf: the square of a uniform pick).
    mutating func word() -> String {
        let syllables = ["ka", "to", "mi", "ne", "su", "ra", "lo", "vi", "de", "pa", "ju", "ho", "ze", "bu", "fi", "gé"]
        let rank = Int(pow(Double(next(below: 1_000)) / 1_000, 2) * 3_000)
        var value = rank
        var word = ""
        repeat {
            word += syllables[value % syllables.count]
            value /= syllables.count
        } while value > 0
        return word
    }
}

/// The built index read back the way search.js reads it.
struct SearchIndexReader {
    struct Entry: Decodable {
        let chunks: [String]
        let format: Int
        let stories: Int
        let stories_per_file: Int
        let version: String
    }

    struct Fragment: Decodable {
        let title: String
        let url: String
        let excerpt: String
        let tags: [String]
        let hue: Int
    }

    let files: [String: [UInt8]]
    let entry: Entry

    init(_ files: [String: [UInt8]]) throws {
        self.files = files
        entry = try JSONDecoder().decode(Entry.self, from: Data(try #require(files["search/index.json"])))
    }

    /// The chunk that holds `word` if any does: the last whose first word is not after it.
    func chunk(of word: String) -> Int? {
        entry.chunks.lastIndex { !SearchIndex.precedes(word, $0) }
    }

    /// Story number → where (bit 0 title, bit 1 tag) for one exact word.
    func postings(of word: String) throws -> [Int: Int] {
        guard let chunk = chunk(of: word) else { return [:] }
        let bytes = try #require(files["search/words/\(chunk).json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        // Keys compared by scalars: a JSON object's keys are exact strings.
        guard let list = object.first(where: { $0.key.unicodeScalars.elementsEqual(word.unicodeScalars) })?.value as? [Int] else { return [:] }
        var found: [Int: Int] = [:]
        var number = 0
        for value in list {
            number += value >> 2
            found[number] = value & 3
        }
        return found
    }

    func fragment(_ number: Int) throws -> Fragment {
        let path = "search/stories/\(number / entry.stories_per_file).json"
        let fragments = try JSONDecoder().decode([Fragment].self, from: Data(try #require(files[path])))
        return fragments[number % entry.stories_per_file]
    }
}
