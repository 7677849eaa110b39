package import HushCore
/// The guard stage: applies the anonymity policy (DESIGN.md section 5) to parsed stories.
/// It refuses identifying keys, rounds dates, gives every story its public id, cleans the
/// text and scans it for personal data.
package enum AnonymityGuard {
    /// The mark that replaces redacted personal data: visible, and inert in markdown.
    package static let redactionMark = "█████"

    /// Guards every story (in parallel, results in input order), then checks what needs
    /// all of them at once: duplicate ids, and whether ids have a secret at all. Stories with errors come back too (so a later
    /// check can still look at them); the pipeline leaves out every file that has an error.
    package static func check(_ stories: [Story], config: SiteConfig, secret: String?, strict: Bool) -> ([Story], [Diagnostic]) {
        let results = stories.parallelMap { check($0, config: config, secret: secret) }
        let guarded = results.map(\.0)
        var diagnostics = results.flatMap(\.1)
        if secret == nil {
            diagnostics.append(
                Diagnostic(
                    file: "hush.yml",
                    line: 0,
                    column: 0,
                    severity: strict ? .error : .warning,
                    code: "config.no-secret",
                    message:
                        "no secret is set, so story ids are plain hashes of file names that anyone who guesses a file name can match; add `secret:` to hush.yml (hush init makes one) or set HUSH_SECRET"
                )
            )
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

    /// One story, with what is wrong with it; an error means it must not be published.
    package static func check(_ input: Story, config: SiteConfig, secret: String?) -> (Story, [Diagnostic]) {
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
        func clean(_ text: inout String) {
            let result = TextHygiene.clean(text)
            text = result.text
            removed += result.removed
        }
        story.forEachTextField { clean(&$0.value) }
        clean(&story.body)
        if removed > 0 {
            diagnostics.append(
                .warning(
                    "content.invisible-characters",
                    "removed \(removed.counted("invisible character", "invisible characters")) (zero-width or text-direction controls); they can watermark a text and give its writer away",
                    file: story.file,
                    line: story.bodyLine,
                    column: 1
                )
            )
        }

        return (story, diagnostics)
    }
}
