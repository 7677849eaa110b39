internal import Foundation
package import HushCore
package import HushGuard

/// `hush inbox approve`: an accepted submission (`SubmissionCheck`) becomes a story file,
/// `content/<fresh id>.md`, written the way `hush new` writes one (docs/moderation.md,
/// "Submissions").
package enum SubmissionApproval {
    /// The story an approval wrote.
    package struct Approved: Sendable, Equatable {
        /// Relative to the site folder: `content/k3v9q2mf.md`.
        package var path: String
        /// The story's public id, fresh: no story of the site has it, nor any of `forbidden`.
        package var id: String
    }

    /// Writes `submission` into `site`'s content/ as a published story dated `day` at the
    /// site's `anonymity.date_precision`, with `tags` in place of the submitted ones when
    /// given. Its id is fresh: not the id of any story in content/ (as the build would give
    /// it, `id:` or derived) nor any of `forbidden` (the ids of stories taken down). The file
    /// is read back as the build will read it; one that would not parse is removed again.
    package static func approve(
        _ submission: AcceptedSubmission,
        site: String,
        day: Day,
        tags: [String]? = nil,
        forbidden: Set<String> = [],
        environment: [String: String] = [:]
    ) throws(Scaffold.Failure) -> Approved {
        let (source, config) = try loadSite(site, day: day, environment: environment)
        let secret = source.secretOverride ?? config.secret
        let taken = existingIDs(source.stories, secret: secret).union(forbidden)
        let id = Scaffold.freshID(avoiding: taken)
        let relative = "content/\(id).md"
        let path = site + "/" + relative

        var lines = ["---"]
        if let title = submission.title { lines.append("title: " + Scaffold.quoted(title)) }
        lines.append("date: \(day.rounded(to: config.anonymity.datePrecision))")
        lines.append("tags: " + Scaffold.tagList(tags ?? submission.tags))
        if let mood = submission.mood { lines.append("mood: " + Scaffold.quoted(mood)) }
        if let cw = submission.cw { lines.append("cw: " + Scaffold.quoted(cw)) }
        lines.append("id: \(id)")
        lines.append("---")
        let text = lines.joined(separator: "\n") + "\n" + submission.text + "\n"

        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: site + "/content", withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw Scaffold.Failure(message: "cannot write \(path): \(error.localizedDescription)")
        }
        // Read back as the build reads it: what was approved is what will be published.
        let (story, diagnostics) = StoryParser.parse(SourceFile(path: relative, bytes: Array(text.utf8)))
        if story == nil || diagnostics.contains(where: { $0.severity == .error }) {
            try? manager.removeItem(atPath: path)
            let first = diagnostics.first { $0.severity == .error }
            throw Scaffold.Failure(
                message:
                    "the approved story would not parse (\(first.map { "\($0.code.name): \($0.message)" } ?? "no front matter")); nothing was written"
            )
        }
        return Approved(path: relative, id: id)
    }

    /// The site's configuration, as a build reads it: what a submission is checked against
    /// before it is approved (`hush inbox`).
    package static func config(site: String, day: Day, environment: [String: String] = [:]) throws(Scaffold.Failure) -> SiteConfig {
        try loadSite(site, day: day, environment: environment).1
    }

    private static func loadSite(_ site: String, day: Day, environment: [String: String]) throws(Scaffold.Failure) -> (SiteSource, SiteConfig) {
        let source = SiteLoader.load(site: site, now: day, environment: environment)
        guard let configFile = source.config else {
            throw Scaffold.Failure(message: "\(site) has no readable hush.yml; run this inside a site folder or give --site")
        }
        let (parsed, configDiagnostics) = ConfigParser.parse(configFile, localPreview: true)
        guard let config = parsed else {
            let first = configDiagnostics.first { $0.severity == .error }
            throw Scaffold.Failure(
                message: "hush.yml has errors (\(first.map { "\($0.code.name) at line \($0.line)" } ?? "see hush check")); fix them first"
            )
        }
        return (source, config)
    }

    /// Every public id the site's stories have, as the build gives them: `id:` when it is
    /// written, else the keyed hash of the file's path. A file that does not parse keeps its
    /// derived id (its `id:` may be the one that failed, and is taken too when it is there).
    static func existingIDs(_ files: [SourceFile], secret: String?) -> Set<String> {
        var ids: Set<String> = []
        for file in files {
            ids.insert(PublicID.derive(contentPath: file.contentPath, secret: secret))
            if let id = StoryParser.parse(file).0?.id?.value { ids.insert(id) }
        }
        return ids
    }
}
