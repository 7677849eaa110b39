internal import HushCore
internal import HushGuard

extension SearchIndex {
    /// A digest of everything `files(for:)` reads, for the build cache: when it is the one
    /// an earlier build recorded and the files are still as that build left them, the index
    /// (most of a rebuild's work, otherwise) is not made again. Keep it in step with
    /// `files(for:)`, `occurrences` and `fragmentFile`: every value they read is here (a
    /// story's words, not its text: they are made from it when it is rendered).
    static func fingerprint(for site: Site) -> Digest {
        var encoder = CacheEncoder()
        encoder.int(format)
        encoder.string(site.config.rootPath)
        encoder.int(site.stories.count)
        for (index, story) in site.stories.enumerated() {
            encoder.string(story.story.publicID)
            encoder.string(story.label)
            encoder.string(story.excerpt)
            encoder.string(story.words.title)
            encoder.string(story.words.text)
            encoder.optional(story.story.cw)
            encoder.optional(story.story.lang)
            encoder.bool(story.story.draft)
            encoder.int(site.storyTags[index].count)
            for tag in site.storyTags[index] { encoder.string(site.tags[tag].name) }
        }
        return Digest.of(encoder.bytes)
    }

    /// Whether `path` is one of the index's files (not the search page).
    static func isIndexFile(_ path: String) -> Bool {
        path.hasPrefix("search/") && path.hasSuffix(".json")
    }
}
