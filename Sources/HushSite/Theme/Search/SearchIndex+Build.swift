internal import Crypto
internal import Foundation
internal import HushCore

/// The index made from what the last build made of it, so a rebuild costs what changed
/// (docs/architecture.md, "The build cache"): each story's digest tells which stories
/// changed; only their postings are taken out and put back, and only the chunks whose words
/// changed and the fragment files of the changed stories are made again. What is kept is
/// the same as a clean build makes, since every file is a function of the stories' digested
/// values, in order, and of the key.
extension SearchIndex {
    /// What a build made of the index, kept for the next one (`BuildCache.search`).
    struct Memory: Sendable, Equatable {
        /// Everything the files depend on besides the stories (`key(for:)`).
        var key: Digest
        /// Each story's digest (`storyDigests`), in the site's order.
        var stories: [Digest]
        /// Every word, in UTF-16 order.
        var words: [Word]
        /// The words of each chunk.
        var chunks: [Range<Int>]
        /// The SHA-256 of each chunk file and of each fragment file.
        var chunkDigests: [Digest]
        var fragmentDigests: [Digest]
    }

    /// One file of the index: where it goes, and the digest of its bytes (its fingerprint
    /// for the build cache).
    struct File: Sendable {
        enum Part: Sendable {
            case entry
            case chunk(Int)
            case fragment(Int)
        }

        var path: String
        var digest: Digest
        var part: Part
    }

    /// The index of one build: its files, the bytes of those it made, and what the next
    /// build starts from.
    struct Build: Sendable {
        private(set) var memory: Memory
        /// The entry, the chunks, the fragment files, in that order.
        private(set) var files: [File] = []
        /// The bytes of the files this build made (the others are as `earlier` had them).
        private var made: [String: [UInt8]] = [:]

        /// The index of `site`: made whole, or, when `earlier` is of the same key and the
        /// same number of stories and few of them changed, from it.
        init(_ site: Site, from earlier: Memory?) {
            let key = SearchIndex.key(for: site)
            let digests = SearchIndex.storyDigests(site)
            if let earlier, earlier.key == key, earlier.stories.count == digests.count {
                let changed = digests.indices.filter { digests[$0] != earlier.stories[$0] }
                if changed.count <= Swift.max(16, digests.count / 8) {
                    self.memory = earlier
                    update(site, stories: digests, changed: changed)
                    return
                }
            }
            self.memory = Memory(key: key, stories: digests, words: [], chunks: [], chunkDigests: [], fragmentDigests: [])
            makeWhole(site)
        }

        /// The bytes of `file`: as made, or made now from the memory and the site.
        func bytes(of file: File, in site: Site) -> [UInt8] {
            if let bytes = made[file.path] { return bytes }
            switch file.part {
            case .entry: return made[entryPath] ?? []
            case .chunk(let number): return chunkFile(memory.words[memory.chunks[number]])
            case .fragment(let number): return SearchIndex.fragmentFile(site, number: number)
            }
        }

        private mutating func makeWhole(_ site: Site) {
            let stories = site.stories
            // A tag's words once a tag, not once a story that has it.
            let tagWords = site.tags.map { SearchIndex.words(inFolded: fold($0.name)) }
            let storyTags = site.storyTags
            let found = postings(count: stories.count) { index, add in
                forEachWord(of: stories[index].words, tagWords: storyTags[index].map { tagWords[$0] }, add)
            }
            let sorted = found.keys.sorted(by: precedes)
            memory.words = sorted.parallelMap { Word($0, postings: found[$0] ?? []) }
            memory.chunks = chunkRanges(memory.words)
            let words = memory.words
            let chunks = memory.chunks.parallelMap { chunkFile(words[$0]) }
            let fragments = Array(0..<fragmentCount(stories.count)).parallelMap { fragmentFile(site, number: $0) }
            memory.chunkDigests = chunks.parallelMap(Digest.of)
            memory.fragmentDigests = fragments.parallelMap(Digest.of)
            for (number, bytes) in chunks.enumerated() { made[wordsFolder + "\(number).json"] = bytes }
            for (number, bytes) in fragments.enumerated() { made[storiesFolder + "\(number).json"] = bytes }
            finish(storyCount: stories.count)
        }

        /// Takes the changed stories' postings out of the earlier words and puts their new
        /// ones in, then makes the chunks whose words changed and the changed stories'
        /// fragment files.
        private mutating func update(_ site: Site, stories digests: [Digest], changed: [Int]) {
            let earlier = memory
            memory.stories = digests
            var changedWords = Set<String>()
            var tagWords: [Int: [String]] = [:]
            for number in changed {
                var now: [String: UInt8] = [:]
                let tags = site.storyTags[number].map { tag in
                    if let known = tagWords[tag] { return known }
                    let found = SearchIndex.words(inFolded: fold(site.tags[tag].name))
                    tagWords[tag] = found
                    return found
                }
                forEachWord(of: site.stories[number].words, tagWords: tags) { now[$0, default: 0] |= $1 }
                // The words that held the story: each keeps, changes or loses its posting.
                for index in memory.words.indices {
                    guard let position = memory.words[index].position(of: number) else { continue }
                    let word = memory.words[index].word
                    if let place = now.removeValue(forKey: word) {
                        let posting = number << 2 | Int(place)
                        guard memory.words[index].postings[position] != posting else { continue }
                        memory.words[index].postings[position] = posting
                    } else {
                        memory.words[index].postings.remove(at: position)
                    }
                    changedWords.insert(word)
                }
                // The words that did not hold it: each gets its posting, new words an entry.
                for (word, place) in now {
                    let posting = number << 2 | Int(place)
                    let index = memory.words.insertionPoint { precedes($0.word, word) }
                    if index < memory.words.count, memory.words[index].word == word {
                        let position = memory.words[index].postings.insertionPoint { $0 >> 2 < number }
                        memory.words[index].postings.insert(posting, at: position)
                    } else {
                        memory.words.insert(Word(word, postings: [posting]), at: index)
                    }
                    changedWords.insert(word)
                }
            }
            memory.words.removeAll { $0.postings.isEmpty }
            for index in memory.words.indices where changedWords.contains(memory.words[index].word) {
                memory.words[index].measure()
            }

            memory.chunks = chunkRanges(memory.words)
            memory.chunkDigests = memory.chunks.enumerated().map { number, range in
                if number < earlier.chunks.count {
                    let before = earlier.chunks[number]
                    if before.count == range.count, earlier.words[before.lowerBound].word == memory.words[range.lowerBound].word,
                        earlier.words[before.upperBound - 1].word == memory.words[range.upperBound - 1].word,
                        !memory.words[range].contains(where: { changedWords.contains($0.word) })
                    {
                        return earlier.chunkDigests[number]
                    }
                }
                let bytes = chunkFile(memory.words[range])
                made[wordsFolder + "\(number).json"] = bytes
                return Digest.of(bytes)
            }
            for group in Set(changed.map { $0 / storiesPerFile }) {
                let bytes = fragmentFile(site, number: group)
                made[storiesFolder + "\(group).json"] = bytes
                memory.fragmentDigests[group] = Digest.of(bytes)
            }
            finish(storyCount: digests.count)
        }

        /// The entry (its version a hash of every other file's digest) and the list of files.
        private mutating func finish(storyCount: Int) {
            var hash = SHA256()
            for digest in memory.chunkDigests + memory.fragmentDigests { hash.update(data: digest.bytes) }
            let entry = JSONFile.bytes(
                of: Entry(
                    chunks: memory.chunks.map { memory.words[$0.lowerBound].word },
                    format: format,
                    stories: storyCount,
                    stories_per_file: storiesPerFile,
                    version: hash.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()
                )
            )
            made[entryPath] = entry
            files = [File(path: entryPath, digest: Digest.of(entry), part: .entry)]
            for (number, digest) in memory.chunkDigests.enumerated() {
                files.append(File(path: wordsFolder + "\(number).json", digest: digest, part: .chunk(number)))
            }
            for (number, digest) in memory.fragmentDigests.enumerated() {
                files.append(File(path: storiesFolder + "\(number).json", digest: digest, part: .fragment(number)))
            }
        }
    }

    /// Fragment files for `count` stories.
    static func fragmentCount(_ count: Int) -> Int {
        (count + storiesPerFile - 1) / storiesPerFile
    }
}

extension SearchIndex.Word {
    /// Where story `number`'s posting is, if it has one.
    func position(of number: Int) -> Int? {
        let position = postings.insertionPoint { $0 >> 2 < number }
        return position < postings.count && postings[position] >> 2 == number ? position : nil
    }
}

extension Array {
    /// The first index whose element is not `before` (the elements that are come first).
    fileprivate func insertionPoint(_ before: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if before(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
