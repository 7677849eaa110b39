package import HushCore

/// A story that has passed the guard: its public id made, its date rounded, its text
/// cleaned and scanned, nothing identifying left in it. Only the guard can make one (the
/// initializer is internal to HushGuard), and the renderer takes nothing else, so the
/// compiler proves that no unguarded story reaches the output (docs/architecture.md).
package struct GuardedStory: Sendable {
    /// `content/night-shift.md`: for diagnostics only, never for output.
    package let file: String
    /// The only name the story has in the output: from `id:` or a keyed hash of its path.
    package let publicID: String
    /// The day at the site's `anonymity.date_precision`.
    package internal(set) var date: Day
    /// Title, mood and content warning as the reader sees them; nil when absent or empty.
    package let title: String?
    package let mood: String?
    package let cw: String?
    /// As written (cleaned), with their places for the index stage's tag diagnostics.
    package let tags: [Located<String>]
    package let hearts: Int
    /// The story's own language when it differs from the site's; nil for the site's.
    package let lang: String?
    package let draft: Bool
    /// The markdown body, cleaned (and redacted where the policy says so).
    package let body: String
    /// The line of the file the body starts on (1-based).
    package let bodyLine: Int

    /// Made by `AnonymityGuard.check` alone.
    init(checked story: Story, publicID: String, date: Day) {
        self.file = story.file
        self.publicID = publicID
        self.date = date
        self.title = story.title.flatMap { $0.value.isEmpty ? nil : $0.value }
        self.mood = story.mood.flatMap { $0.value.isEmpty ? nil : $0.value }
        self.cw = story.cw.flatMap { $0.value.isEmpty ? nil : $0.value }
        self.tags = story.tags
        self.hearts = story.hearts
        self.lang = story.lang
        self.draft = story.draft
        self.body = story.body
        self.bodyLine = story.bodyLine
    }
}
