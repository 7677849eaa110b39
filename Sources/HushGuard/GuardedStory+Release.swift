package import HushCore

extension GuardedStory {
    /// The same story dated with its release batch (docs/moderation.md, "Batched release"):
    /// the batch's day at the site's date precision, which is never before the story's own day
    /// and so says less than the guard's date, never more. Only the guard's module may move a
    /// story's date, and only here.
    package func released(on day: Day) -> GuardedStory {
        var story = self
        story.date = day
        return story
    }
}
