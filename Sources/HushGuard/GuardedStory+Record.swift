package import HushCore

/// A guarded story as plain values, for the build cache (HushSite/Cache): a rebuild restores
/// the stories whose bytes, configuration and secret are the ones an earlier build guarded,
/// instead of guarding them again.
///
/// This is the one way besides `AnonymityGuard.check` to make a `GuardedStory`. It is
/// `package`, not public, and only the cache calls it, with values it took from a story the
/// guard passed (`GuardedStory.record`) under a key of the very same inputs (docs/architecture.md,
/// "The build cache"); a cache that fails its checksum is never read.
extension GuardedStory {
    /// Every field of a guarded story. Tags keep their line and column (the index stage's
    /// diagnostics point at them), not their YAML segments, which only the guard reads.
    package struct Record: Sendable {
        package var file: String
        package var publicID: String
        package var date: Day
        package var title: String?
        package var mood: String?
        package var cw: String?
        package var tags: [Located<String>]
        package var hearts: Int
        package var lang: String?
        package var draft: Bool
        package var body: String
        package var bodyLine: Int

        package init(
            file: String,
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

    /// This story's fields, for the cache to keep.
    package var record: Record {
        Record(
            file: file,
            publicID: publicID,
            date: date,
            title: title,
            mood: mood,
            cw: cw,
            tags: tags.map { Located(value: $0.value, line: $0.line, column: $0.column) },
            hearts: hearts,
            lang: lang,
            draft: draft,
            body: body,
            bodyLine: bodyLine
        )
    }

    /// The story an earlier build's guard passed, back from the build cache.
    package init(restoring record: Record) {
        self.file = record.file
        self.publicID = record.publicID
        self.date = record.date
        self.title = record.title
        self.mood = record.mood
        self.cw = record.cw
        self.tags = record.tags
        self.hearts = record.hearts
        self.lang = record.lang
        self.draft = record.draft
        self.body = record.body
        self.bodyLine = record.bodyLine
    }
}
