package import HushCore

extension GuardedStory {
    /// The same story dated with its release batch (docs/moderation.md, "Batched release"):
    /// the batch's day at the site's date precision, which is never before the story's own day
    /// and so says less than the guard's date, never more.
    package func released(on day: Day) -> GuardedStory {
        GuardedStory(
            restoringFile: file,
            publicID: publicID,
            date: day,
            title: title,
            mood: mood,
            cw: cw,
            tags: tags,
            hearts: hearts,
            lang: lang,
            draft: draft,
            body: body,
            bodyLine: bodyLine
        )
    }
}
