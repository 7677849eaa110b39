/// The guard stage: applies the anonymity policy (DESIGN.md section 5) to parsed stories.
/// It refuses identifying keys, rounds dates, gives every story its public id, cleans the
/// text and scans it for personal data.
enum AnonymityGuard {
    /// The mark that replaces redacted personal data: visible, and inert in markdown.
    static let redactionMark = "█████"

    /// Guards every story (in parallel, results in input order), then checks what needs
    /// all of them at once: duplicate ids. Stories with errors come back too (so a later
    /// check can still look at them); the pipeline leaves out every file that has an error.
    static func check(_ stories: [Story], config: SiteConfig, secret: String?) -> ([Story], [Diagnostic]) {
        let results = stories.parallelMap { check($0, config: config, secret: secret) }
        var guarded: [Story] = []
        var diagnostics: [Diagnostic] = []
        for (story, found) in results {
            diagnostics += found
            if let story { guarded.append(story) }
        }
        var owners: [String: Story] = [:]
        for story in guarded {
            if let first = owners[story.publicID] {
                let place = story.id.map { ($0.line, $0.column) } ?? (1, 1)
                diagnostics.append(
                    .error(
                        "content.duplicate-id",
                        "the id '\(story.publicID)' is also used by \(first.file)\(first.id.map { ":\($0.line)" } ?? ""); every story needs its own id (`hush new` makes one)",
                        file: story.file,
                        line: place.0,
                        column: place.1
                    )
                )
            } else {
                owners[story.publicID] = story
            }
        }
        return (guarded, diagnostics)
    }

    /// One story: nil when it must not be published.
    static func check(_ input: Story, config: SiteConfig, secret: String?) -> (Story?, [Diagnostic]) {
        var story = input
        var diagnostics: [Diagnostic] = []
        for key in story.identifyingKeys {
            diagnostics.append(
                .error(
                    "front-matter.identifying-key",
                    "'\(key.value)' would identify the writer; remove it (it is never published)",
                    file: story.file,
                    line: key.line,
                    column: key.column
                )
            )
        }

        story.date = story.date.rounded(to: config.anonymity.datePrecision)

        if let id = story.id {
            if !PublicID.isValid(id.value) {
                diagnostics.append(
                    .error(
                        "id.invalid",
                        "an id is 4 to 32 letters, digits and dashes, like k3v9q2mf; change it or remove the line to get one made for you",
                        file: story.file,
                        line: id.line,
                        column: id.column
                    )
                )
            }
        } else {
            story.id = Located(value: PublicID.derive(contentPath: story.contentPath, secret: secret), line: 0, column: 0)
        }

        // Scanned before cleaning, so places are the file's; the scanner reads past invisible characters.
        diagnostics += PersonalDataPolicy.apply(to: &story, policy: config.anonymity)

        var removed = 0
        func clean(_ field: inout Located<String>?) {
            guard let value = field?.value else { return }
            let result = TextHygiene.clean(value)
            field?.value = result.text
            removed += result.removed
        }
        clean(&story.title)
        clean(&story.mood)
        clean(&story.cw)
        for index in story.tags.indices {
            let result = TextHygiene.clean(story.tags[index].value)
            story.tags[index].value = result.text
            removed += result.removed
        }
        let body = TextHygiene.clean(story.body)
        story.body = body.text
        removed += body.removed
        if removed > 0 {
            diagnostics.append(
                .warning(
                    "content.invisible-characters",
                    "removed \(removed) invisible character\(removed == 1 ? "" : "s") (zero-width or text-direction controls); they can watermark a text and give its writer away",
                    file: story.file,
                    line: story.bodyLine,
                    column: 1
                )
            )
        }

        let failed = diagnostics.contains { $0.severity == .error }
        return (failed ? nil : story, diagnostics)
    }
}
