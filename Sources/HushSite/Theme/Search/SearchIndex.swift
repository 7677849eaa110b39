internal import Foundation
internal import HushCore
internal import HushGuard

/// The search index, cut so that a reader's browser fetches only what a query needs, as
/// Pagefind does: a small entry file, the words in chunks, and what a result shows in small
/// files of a few stories each (docs/themes.md, "Search", documents the format for themes).
///
///     search/index.json        the entry: format, version, story count, stories per file,
///                              and the first word of every chunk
///     search/words/<n>.json    chunk n: {"word": [postings], …}, words in UTF-16 order
///     search/stories/<g>.json  what results show of stories g·k ..< (g+1)·k, k stories a file
///
/// Stories are numbered in the site's order (newest first), which is also the order of
/// results that rank alike. A posting is `(n − previous n) × 4 + where`: the gap from the
/// story before it in the list (the first: the number itself), and where the word is, bit 0
/// in the title, bit 1 in a tag (0: only in the text). Everything is sorted, so the same
/// site gives the same bytes; `version` (a hash of the SHA-256 of every other file) keeps a
/// browser from mixing files of two builds. A build with a cache makes again only the files
/// whose stories or words changed (`Build`, `SearchIndex+Build.swift`).
enum SearchIndex {
    static let entryPath = "search/index.json"
    static let wordsFolder = "search/words/"
    static let storiesFolder = "search/stories/"
    /// Raised when a reader of the old files could misread the new ones.
    static let format = 1
    /// Stories a fragment file holds. A query shows up to 50 results, often spread over the
    /// whole site (title matches come first, whatever their age), so each needs its own
    /// small file more than it needs its neighbours.
    static let storiesPerFile = 4
    /// A chunk of words is closed before it grows past this many bytes (one word's postings
    /// alone can be longer: at most 6 bytes a story).
    static let chunkBytes = 32 * 1024

    static let inTitle: UInt8 = 1
    static let inTag: UInt8 = 2

    /// The entry, the chunks of words and the fragment files, for the theme stage to write,
    /// made from scratch (a build with a cache makes them with `Build`, from what the last
    /// build made).
    static func files(for site: Site) -> [OutputFile] {
        let build = Build(site, from: nil)
        return build.files.map { OutputFile(path: $0.path, bytes: build.bytes(of: $0, in: site)) }
    }

    /// One story's own part of the index: the distinct words of its title (its label: what a
    /// result shows as its title) and of its text. Made when the story is rendered and kept
    /// in its build cache record (`StoryRecord.Rendered`), so a rebuild folds and cuts only
    /// the words of the stories that changed. Tags are not in it: a tag's name is the site's
    /// (`Site.tags`), not the story's.
    struct StoryWords: Sendable, Equatable {
        /// The words, each once, in the order they first appear, separated by a space (a word
        /// never holds one): one string, compact in memory and in the cache file.
        var title: String { joinedTitle.value }
        var text: String { joinedText.value }
        /// As kept: read from the build cache, bytes of its file until asked for (`LazyText`),
        /// since only the stories whose words changed are read again.
        let joinedTitle: LazyText
        let joinedText: LazyText

        init(title: String, text: String) {
            joinedTitle = LazyText(Self.joined(SearchIndex.words(inFolded: SearchIndex.fold(title))))
            joinedText = LazyText(Self.joined(SearchIndex.words(inFolded: SearchIndex.fold(text))))
        }

        /// As the cache file holds them (already joined).
        init(joinedTitle: LazyText, joinedText: LazyText) {
            self.joinedTitle = joinedTitle
            self.joinedText = joinedText
        }

        static func == (a: StoryWords, b: StoryWords) -> Bool {
            a.title == b.title && a.text == b.text
        }

        private static func joined(_ words: [String]) -> String {
            var seen = Set<String>()
            return words.filter { seen.insert($0).inserted }.joined(separator: " ")
        }

        /// Calls `body` with each word of a joined list.
        static func forEach(in joined: String, _ body: (String) -> Void) {
            for word in joined.utf8.split(separator: UInt8(ascii: " ")) { body(String(Substring(word))) }
        }
    }

    /// Every word of one story with where it is (`inTitle`, `inTag`; 0 for the text only):
    /// its own words, then the words of each of its tags. A word may come more than once (in
    /// the text and the title, in two tags): its places are then joined.
    static func forEachWord(of story: StoryWords, tagWords: [[String]], _ body: (String, UInt8) -> Void) {
        StoryWords.forEach(in: story.text) { body($0, 0) }
        StoryWords.forEach(in: story.title) { body($0, inTitle) }
        for words in tagWords {
            for word in words { body(word, inTag) }
        }
    }

    /// Each word's stories, ascending, as `number << 2 | where`.
    static func postings(_ stories: [[String: UInt8]]) -> [String: [Int]] {
        postings(count: stories.count) { number, add in
            for (word, place) in stories[number] { add(word, place) }
        }
    }

    /// `postings` of stories 0 ..< `count`, story n's words given by `words(n, add)`, which
    /// calls `add` with each word and where it is: found in slices over the cores, each
    /// story's words added to its slice's postings as they come (a word met again in the same
    /// story joins its places into that story's posting), the slices' postings then joined
    /// in order.
    static func postings(count: Int, words: @Sendable (Int, (String, UInt8) -> Void) -> Void) -> [String: [Int]] {
        let slices = Swift.min(count, 16)
        let parts = Array(0..<slices).parallelMap { slice -> [String: [Int]] in
            var postings: [String: [Int]] = [:]
            for number in count * slice / slices..<count * (slice + 1) / slices {
                words(number) { word, place in postings[word, default: []].add(number << 2 | Int(place)) }
            }
            return postings
        }
        var postings = parts.first ?? [:]
        for part in parts.dropFirst() {
            for (word, list) in part { postings[word, default: []].append(contentsOf: list) }
        }
        return postings
    }

    struct Chunk {
        var firstWord: String
        var bytes: [UInt8]
    }

    /// The words in UTF-16 order, cut into JSON objects of about `chunkBytes` each.
    static func chunked(_ postings: [String: [Int]]) -> [Chunk] {
        let words = postings.keys.sorted(by: precedes).map { Word($0, postings: postings[$0] ?? []) }
        return chunkRanges(words).map { Chunk(firstWord: words[$0.lowerBound].word, bytes: chunkFile(words[$0])) }
    }

    /// One word of the index with its postings: an entry of a chunk, `"word":[…]`.
    struct Word: Sendable, Equatable {
        var word: String
        /// Its stories, ascending, as `number << 2 | where`.
        var postings: [Int]
        /// The bytes of its entry, so chunks are cut without making them.
        var length: Int

        init(_ word: String, postings: [Int]) {
            self.word = word
            self.postings = postings
            self.length = 0
            measure()
        }

        init(_ word: String, postings: [Int], length: Int) {
            self.word = word
            self.postings = postings
            self.length = length
        }

        /// Sets `length` from the word and its postings.
        mutating func measure() {
            var length = jsonString(word).utf8.count + 3  // `:[` and `]`
            var previous = 0
            for posting in postings {
                length += digits((posting >> 2 - previous) << 2 | posting & 3) + 1
                previous = posting >> 2
            }
            self.length = length - (postings.isEmpty ? 0 : 1)
        }

        private func digits(_ value: Int) -> Int {
            var count = 1
            var rest = value / 10
            while rest > 0 {
                count += 1
                rest /= 10
            }
            return count
        }

        /// Appends the entry.
        func write(into bytes: inout [UInt8]) {
            bytes += jsonString(word).utf8
            bytes += ":[".utf8
            var previous = 0
            for (position, posting) in postings.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                let number = posting >> 2
                bytes += String((number - previous) << 2 | posting & 3).utf8
                previous = number
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    /// Where chunks begin and end among `words` (in UTF-16 order): a chunk is closed before
    /// it grows past `chunkBytes`, counting `{`, the entries, their commas and `}\n`.
    static func chunkRanges(_ words: [Word]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var size = 0  // `{`, the entries and their commas
        for (index, word) in words.enumerated() {
            if index > start, size + word.length + 2 > chunkBytes {
                ranges.append(start..<index)
                start = index
            }
            size = index == start ? 1 + word.length : size + 1 + word.length
        }
        if start < words.count { ranges.append(start..<words.count) }
        return ranges
    }

    /// The file of one chunk.
    static func chunkFile(_ words: ArraySlice<Word>) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(words.reduce(3) { $0 + $1.length + 1 })
        for (position, word) in words.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            word.write(into: &bytes)
        }
        bytes += "}\n".utf8
        return bytes
    }

    /// What a result shows: text from the rendered story, never its source.
    struct Fragment: Encodable {
        let id: String
        let url: String
        let title: String
        let excerpt: String
        let tags: [String]
        let cw: String?
        let lang: String?
        /// The story's colour (`story.hue`), for themes that colour results like cards.
        let hue: Int
        /// True only for a draft in a build with --drafts (absent otherwise), so results mark
        /// drafts as cards do.
        let draft: Bool?
    }

    /// Fragment file `number`: stories `number × storiesPerFile` onwards.
    static func fragmentFile(_ site: Site, number: Int) -> [UInt8] {
        let start = number * storiesPerFile
        return JSONFile.bytes(
            of: (start..<min(site.stories.count, start + storiesPerFile)).map { index in
                let story = site.stories[index]
                return Fragment(
                    id: story.story.publicID,
                    url: site.config.rootPath + Page.storyPath(story.story.publicID),
                    title: story.label,
                    excerpt: story.excerpt,
                    tags: site.storyTags[index].map { site.tags[$0].name },
                    cw: story.story.cw,
                    lang: story.story.lang,
                    hue: PageContext.hue(of: story.story.publicID),
                    draft: story.story.draft ? true : nil
                )
            }
        )
    }

    struct Entry: Encodable {
        /// The first word of each chunk: chunk n holds the words from `chunks[n]` up to
        /// (not including) `chunks[n + 1]`.
        let chunks: [String]
        let format: Int
        let stories: Int
        let stories_per_file: Int
        let version: String
    }

    /// A JSON string literal. Words are letters and digits only; this is for safety.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension [Int] {
    /// Adds a posting (`number << 2 | where`) to a word's list: a story's second place for
    /// the word is joined into its posting.
    fileprivate mutating func add(_ posting: Int) {
        if let last, last >> 2 == posting >> 2 {
            self[count - 1] = last | posting
        } else {
            append(posting)
        }
    }
}
