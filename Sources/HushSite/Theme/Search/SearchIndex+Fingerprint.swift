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
    /// they are made from it when it is rendered), and its tags by name.
    static func storyDigests(_ site: Site) -> [Digest] {
        let count = site.stories.count
        let slices = Swift.min(count, 16)
        return Array(0..<slices).parallelMap { slice -> [Digest] in
            var encoder = CacheEncoder()
            // Fields read in place: a copy of each story would retain all of its values.
            return site.stories.withUnsafeBufferPointer { stories in
                (count * slice / slices..<count * (slice + 1) / slices).map { index in
                    encoder.clear()
                    encoder.string(stories[index].story.publicID)
                    encoder.string(stories[index].label)
                    encoder.string(stories[index].excerpt)
                    encoder.string(stories[index].words.title)
                    encoder.string(stories[index].words.text)
                    encoder.optional(stories[index].story.cw)
                    encoder.optional(stories[index].story.lang)
                    encoder.bool(stories[index].story.draft)
                    encoder.int(site.storyTags[index].count)
                    for tag in site.storyTags[index] { encoder.string(site.tags[tag].name) }
                    return Digest.of(encoder.bytes)
                }
            }
        }.flatMap { $0 }
    }
}
