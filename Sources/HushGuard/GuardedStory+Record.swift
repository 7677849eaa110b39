package import HushCore

/// A guarded story as plain values, for the build cache (HushSite/Cache): a rebuild restores
/// the stories whose bytes, configuration and secret are the ones an earlier build guarded,
/// instead of guarding them again.
///
/// This is the one way besides `AnonymityGuard.check` to make a `GuardedStory`. It is
/// `package`, not public, and only the cache calls it, with values it took from a story the
/// guard passed (its `package` fields) under a key of the very same inputs (docs/architecture.md,
/// "The build cache"); a cache that fails its checksum is never read.
extension GuardedStory {
    /// The story an earlier build's guard passed, back from the build cache, field by field.
    /// Tags keep their line and column (the index stage's diagnostics point at them), not
    /// their YAML segments, which only the guard reads.
    package init(
        restoringFile file: String,
        publicID: String,
        date: Day,
        title: String?,
        mood: String?,
        cw: String?,
        tags: [Located<String>],
        hearts: Int,
        lang: String?,
        draft: Bool,
        body: String,
        bodyLine: Int
    ) {
        self.file = file
        self.publicID = publicID
        self.date = date
        self.title = title
        self.mood = mood
        self.cw = cw
        self.tags = tags
        self.hearts = hearts
        self.lang = lang
        self.draft = draft
        self.body = body
        self.bodyLine = bodyLine
    }
}
