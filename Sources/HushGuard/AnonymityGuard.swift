package import HushCore

/// The guard stage: applies the anonymity policy (docs/architecture.md, "Guard") to parsed stories.
/// It refuses identifying keys, rounds dates, gives every story its public id, cleans the
/// text and scans it for personal data.
package enum AnonymityGuard {
    /// The mark that replaces redacted personal data: visible, and inert in markdown.
    package static let redactionMark = "█████"

    /// What the guard stage gives the pipeline.
    package struct Result: Sendable {
        /// The stories that passed, in input order: drafts too (the pipeline decides on them).
        package var stories: [GuardedStory]
        package var diagnostics: [Diagnostic]
    }

    /// Guards every story (in parallel, results in input order), then checks what needs
    /// all of them at once: duplicate ids (among every story, failed ones too, so a fix in
    /// one file never reveals a clash with another) and whether ids have a secret at all.
    package static func check(_ stories: [Story], config: SiteConfig, secret: String?) -> Result {
        let results = stories.parallelMap { check($0, config: config, secret: secret) }
        let siteWide = checkSite(
            zip(stories, results).map { story, result in (story.file, result.publicID, story.id.map { ($0.line, $0.column) }) },
            hasSecret: secret != nil
        )
        let diagnostics = results.flatMap(\.diagnostics) + siteWide.diagnostics
        return Result(stories: results.compactMap { $0.story }.filter { !siteWide.clashing.contains($0.file) }, diagnostics: diagnostics)
    }

    /// What needs every story at once, from each story's file, public id and the place of its
    /// `id:` (nil when derived): whether ids have a secret at all, and duplicate ids. The
    /// build cache calls it too, with what it kept of each story. `clashing`: the files whose
    /// id an earlier file has; none of them is published.
    package static func checkSite(
        _ stories: [(file: String, publicID: String, idPlace: (line: Int, column: Int)?)],
        hasSecret: Bool
    ) -> (diagnostics: [Diagnostic], clashing: Set<String>) {
        var diagnostics: [Diagnostic] = []
        if !hasSecret {
            diagnostics.append(
                Diagnostic(
                    .configNoSecret,
                    "no secret is set, so story ids are plain hashes of file names that anyone who guesses a file name can match; add `secret:` to hush.yml (hush init makes one) or set HUSH_SECRET",
                    file: "hush.yml"
                )
            )
        }
        var owners: [String: (file: String, idPlace: (line: Int, column: Int)?)] = [:]
        var clashing: Set<String> = []
        for story in stories {
            if let first = owners[story.publicID] {
                let place = story.idPlace ?? (1, 1)
                diagnostics.append(
                    Diagnostic(
                        .contentDuplicateID,
                        "the id '\(story.publicID)' is also used by \(first.file)\(first.idPlace.map { ":\($0.line)" } ?? ""); every story needs its own id (`hush new` makes one)",
                        file: story.file,
                        line: place.0,
                        column: place.1
                    )
                )
                clashing.insert(story.file)
            } else {
                owners[story.publicID] = (story.file, story.idPlace)
            }
        }
        return (diagnostics, clashing)
    }

    /// One story, with what is wrong with it; an error means it must not be published.
    package static func check(
        _ input: Story,
        config: SiteConfig,
        secret: String?
    ) -> (story: GuardedStory?, publicID: String, diagnostics: [Diagnostic]) {
        var story = input
        var diagnostics: [Diagnostic] = []
        for key in story.identifyingKeys {
            diagnostics.append(
                Diagnostic(
                    .frontMatterIdentifyingKey,
                    "'\(key.value)' would identify the writer; remove it (it is never published)",
                    file: story.file,
                    line: key.line,
                    column: key.column
                )
            )
        }

        let publicID: String
        if let id = story.id {
            publicID = id.value
            if !PublicID.isValid(id.value) {
                diagnostics.append(
                    Diagnostic(
                        .idInvalid,
                        "an id is 4 to 32 letters, digits and dashes, like k3v9q2mf; change it or remove the line to get one made for you",
                        file: story.file,
                        line: id.line,
                        column: id.column
                    )
                )
            }
        } else {
            publicID = PublicID.derive(contentPath: story.contentPath, secret: secret)
        }

        // Cleaned first, then scanned, so nothing hides in invisible characters; places are the file's.
        var personalData = PersonalDataPolicy(
            story: story,
            policy: config.anonymity,
            smartPunctuation: config.smartPunctuation,
            regions: config.regions
        )
        let file = story.file
        story.forEachTextField { field in
            let clean = TextHygiene.cleanMapped(field.value)
            var places = SourcePlaces(field)
            if let hygiene = hygieneWarning(clean, in: file, at: &places) { diagnostics.append(hygiene) }
            field.value = personalData.scan(clean, markdown: false, places: &places)
        }
        if let id = story.id {
            // Published as it is (in every address of the story), so scanned as it is.
            var places = SourcePlaces(id)
            _ = personalData.scan(TextHygiene.unchanged(id.value), markdown: false, places: &places)
        }
        let clean = TextHygiene.cleanMapped(story.body)
        var places = SourcePlaces(body: story.body, firstLine: story.bodyLine)
        if let hygiene = hygieneWarning(clean, in: file, at: &places) { diagnostics.append(hygiene) }
        story.body = personalData.scan(clean, markdown: true, places: &places)
        diagnostics += personalData.finish()

        // A story without a valid day has an error from the parser already.
        guard let date = story.date, !diagnostics.contains(where: { $0.severity == .error }) else {
            return (nil, publicID, diagnostics)
        }
        let guarded = GuardedStory(checked: story, publicID: publicID, date: date.rounded(to: config.anonymity.datePrecision))
        return (guarded, publicID, diagnostics)
    }

    /// The warning for invisible characters removed from one text, at the first of them;
    /// nil when there were none. The removed characters are never shown.
    static func hygieneWarning(_ clean: CleanText, in file: String, at places: inout SourcePlaces) -> Diagnostic? {
        guard clean.removed > 0, let first = clean.firstRemoved else { return nil }
        let (line, column) = places.place(ofOffset: first)
        let count = clean.removed.counted("invisible character", "invisible characters")
        let message =
            clean.hiddenRun >= TextHygiene.hiddenTextRun
            ? "removed \(count), \(clean.hiddenRun) of them in a row: hidden text (tag characters or zero-width marks) that no reader sees but a copy keeps; it can watermark a text and give its writer away"
            : "removed \(count) (zero-width, text-direction or other invisible characters); they can watermark a text and give its writer away"
        return Diagnostic(.contentInvisibleCharacters, message, file: file, line: line, column: column)
    }
}
