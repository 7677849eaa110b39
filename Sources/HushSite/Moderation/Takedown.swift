internal import Foundation
public import HushCore
internal import HushGuard

/// `hush takedown` (docs/moderation.md, "Takedown"): a story comes down for good. Its file is
/// deleted, and a tombstone (id, reason, ISO week; nothing of the story) is added to
/// `moderation/tombstones.yml`, so the next build has no trace of it, answers its URL with
/// 410 Gone, and never lets its id be used again.
public enum Takedown {
    /// Why a takedown was refused: a sentence the publisher can act on; the exit code is 2.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// What a takedown did.
    public struct Outcome: Sendable, Equatable {
        /// The story's public id.
        public let id: String
        /// The files deleted, relative to the site folder (one, unless stories shared the id).
        public let removed: [String]
        /// The story's URL path, under base_url's path: `/s/k3v9q2mf/`.
        public let urlPath: String
        /// `2026-W48`.
        public let week: String
    }

    /// The reasons `--reason` takes.
    public static let reasons = Tombstone.Reason.allCases.map(\.rawValue)

    /// The tombstones file, relative to the site folder.
    public static let tombstonesPath = Tombstones.path

    /// Takes down the story `target` (its public id, or its file: a path from the working
    /// directory or from the site folder) of the site in `site`, for `reason`, on `today`
    /// (only its ISO week is kept). `environment` is read for `HUSH_SECRET` only, as a build
    /// reads it, so a derived id is the one the site shows.
    public static func run(target: String, site: String, reason: String, today: Day, environment: [String: String]) throws(Failure) -> Outcome {
        guard let reason = Tombstone.Reason(rawValue: reason) else {
            throw Failure(message: "--reason must be one of \(reasons.joined(separator: ", ")); it is kept for your records only and never shown")
        }
        guard FileSystem.kind(of: site + "/hush.yml") == .file else {
            throw Failure(message: "\(site) has no hush.yml; run hush takedown inside the site folder, or give --site")
        }
        let (tombstones, tombstoneProblems) = Tombstones.load(site: site)
        if let problem = tombstoneProblems.first {
            throw Failure(message: "\(problem.file):\(problem.line):\(problem.column): \(problem.message)")
        }
        let source = SiteLoader.load(site: site, now: today, environment: environment)
        guard let configFile = source.config else {
            throw Failure(message: "hush.yml cannot be read; hush check says why")
        }
        let (config, configProblems) = ConfigParser.parse(configFile, localPreview: true)
        guard let config else {
            let first = configProblems.first { $0.severity == .error }
            throw Failure(message: "hush.yml has errors (\(first?.message ?? "hush check says which")); fix them first")
        }
        let secret = source.secretOverride ?? config.secret

        // Every story file with its public id, as the build makes it.
        var ids: [(path: String, id: String?)] = []
        for file in source.stories {
            let (story, _) = StoryParser.parse(file)
            let id = story.map { $0.id?.value ?? PublicID.derive(contentPath: $0.contentPath, secret: secret) }
            ids.append((file.path, id))
        }

        let id: String
        var files: [String]
        if let path = storyFile(target, site: site) {
            guard let known = ids.first(where: { $0.path == path }) else {
                throw Failure(message: "\(path) is not a story of this site: stories are the .md files in content/")
            }
            guard let found = known.id else {
                throw Failure(
                    message: "\(path) cannot be read as a story (hush check says why); fix its front matter first, or give the id its page shows"
                )
            }
            id = found
            files = ids.filter { $0.id == id }.map(\.path)
        } else if target.hasSuffix(".md") {
            throw Failure(message: "there is no story file \(target) in \(site)/content/; give the story's file or its id")
        } else {
            id = target
            files = ids.filter { $0.id == id }.map(\.path)
        }
        if tombstones.contains(where: { $0.id == id }) {
            throw Failure(message: "the story \(id) was already taken down (\(Tombstones.path)); there is nothing more to do")
        }
        guard !files.isEmpty else {
            throw Failure(
                message:
                    "no story has the id \(id); give the id from the story's address (\(config.rootPath)s/<id>/) or the story's file in content/"
            )
        }
        files.sort()

        // The tombstone first: if deleting fails, the build refuses the id and publishes nothing.
        let tombstone = Tombstone(id: id, reason: reason, week: today.isoWeek)
        let bytes = Tombstones.render(tombstones + [tombstone])
        let folder = site + "/" + (Tombstones.path.split(separator: "/").dropLast().joined(separator: "/"))
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: site + "/" + Tombstones.path), options: .atomic)
        } catch {
            throw Failure(message: "cannot write \(Tombstones.path): \(error.localizedDescription); nothing was taken down")
        }
        for file in files {
            do {
                try FileManager.default.removeItem(atPath: site + "/" + file)
            } catch {
                throw Failure(
                    message:
                        "the tombstone is recorded, but \(file) cannot be deleted: \(error.localizedDescription); delete it by hand (the build refuses its id until then)"
                )
            }
        }
        return Outcome(id: id, removed: files, urlPath: config.rootPath + "s/\(id)/", week: tombstone.week)
    }

    /// The story file `target` names, relative to the site folder (`content/night.md`), or
    /// nil when it names no file (then it is an id).
    static func storyFile(_ target: String, site: String) -> String? {
        guard target.hasSuffix(".md") else { return nil }
        let content = URL(fileURLWithPath: site + "/content").standardizedFileURL.path + "/"
        for candidate in [target, site + "/" + target] where FileSystem.kind(of: candidate) == .file {
            let full = URL(fileURLWithPath: candidate).standardizedFileURL.path
            if full.hasPrefix(content) { return "content/" + full.dropFirst(content.count) }
        }
        return nil
    }
}
