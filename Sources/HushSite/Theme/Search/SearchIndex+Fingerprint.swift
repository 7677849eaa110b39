internal import HushCore
internal import HushGuard

extension SearchIndex {
    /// A digest of everything the index's files depend on besides the stories: a `Memory`
    /// made under another key is not used.
    static func key(for site: Site) -> Digest {
        var encoder = CacheEncoder()
        encoder.int(format)
        encoder.int(storiesPerFile)
        encoder.int(chunkBytes)
        encoder.string(site.config.rootPath)
        return Digest.of(encoder.bytes)
    }

    /// A digest of everything the index reads of each story, in the site's order: a story
    /// whose digest is the one an earlier build recorded at the same number has the same
    /// postings and the same fragment. Keep it in step with `forEachWord` and
    /// `fragmentFile`: every value they read of a story is here (its words, not its text:
    /// they are made from it when it is rendered; its label, excerpt and words by `ownDigest`), and its tags by the digests of their names.
    static func storyDigests(_ site: Site) -> [Digest] {
        let count = site.stories.count
        let slices = Swift.min(count, 16)
        // Each tag's name as four words of its digest, values without a reference count: the
        // threads would otherwise take turns on the count of every name they share.
        let names = site.tags.map { NameDigest(Digest.of(Array($0.name.utf8))) }
        return Array(0..<slices).parallelMap { slice -> [Digest] in
            var encoder = CacheEncoder()
            // Read in place: a copy of a story would retain each of its values.
            return site.stories.withUnsafeBufferPointer { stories in
                site.storyTags.withUnsafeBufferPointer { storyTags in
                    names.withUnsafeBufferPointer { names in
                        (count * slice / slices..<count * (slice + 1) / slices).map { index in
                            encoder.clear()
                            encoder.string(stories[index].story.publicID)
                            // Its label, excerpt and words, hashed when it was rendered.
                            encoder.digest(stories[index].searchDigest)
                            encoder.optional(stories[index].story.cw)
                            encoder.optional(stories[index].story.lang)
                            encoder.bool(stories[index].story.draft)
                            encoder.int(storyTags[index].count)
                            for tag in storyTags[index] { names[tag].encode(into: &encoder) }
                            return Digest.of(encoder.bytes)
                        }
                    }
                }
            }
        }.flatMap { $0 }
    }

    /// A digest of what the index reads of a story's own rendering: its label, excerpt and
    /// words. Made when the story is rendered and kept with it (`RenderedStory.searchDigest`),
    /// so `storyDigests` reads none of its words (the largest part of the build cache) on a
    /// build that renders nothing new.
    static func ownDigest(label: String, excerpt: String, words: StoryWords) -> Digest {
        var encoder = CacheEncoder()
        encoder.string(label)
        encoder.string(excerpt)
        encoder.string(words.title)
        encoder.string(words.text)
        return Digest.of(encoder.bytes)
    }

    /// A digest as four integers.
    private struct NameDigest {
        var a: UInt64, b: UInt64, c: UInt64, d: UInt64

        init(_ digest: Digest) {
            let words = stride(from: 0, to: 32, by: 8).map { start in
                digest.bytes[start..<start + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
            (a, b, c, d) = (words[0], words[1], words[2], words[3])
        }

        func encode(into encoder: inout CacheEncoder) {
            encoder.int(Int(truncatingIfNeeded: a))
            encoder.int(Int(truncatingIfNeeded: b))
            encoder.int(Int(truncatingIfNeeded: c))
            encoder.int(Int(truncatingIfNeeded: d))
        }
    }
}
