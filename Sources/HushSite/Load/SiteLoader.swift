internal import Foundation
internal import HushCore

/// Everything a build reads from outside: the site's files, the environment and the clock.
/// The stages after this one see only these values.
struct SiteSource: Sendable {
    /// `hush.yml`; nil when it is missing or cannot be read (load has said which).
    var config: SourceFile?
    /// Every `content/**/*.md` that was read, sorted by path.
    var stories: [SourceFile]
    /// Image files in content/ (`content/…`, sorted), read by the images stage when a story
    /// shows them.
    var images: [String] = []
    /// Story files not read, since the build cache knows them unchanged (`unchanged` said so
    /// of their stamp), sorted by path.
    var unchanged: [String] = []
    /// The stamp of every story file, read or not, for the build cache.
    var stamps: [String: FileStamp] = [:]
    /// The site's own `Templates/` files, keyed by their path inside Templates/.
    var templates: [String: [UInt8]]
    /// The site's own string tables, `i18n/<lang>.yml`, keyed by file name (`fr.yml`).
    var stringTables: [String: [UInt8]]
    /// `HUSH_SECRET` from the environment, which overrides hush.yml's secret.
    var secretOverride: String?
    /// The stories taken down (`moderation/tombstones.yml`), in the file's order.
    var tombstones: [Tombstone] = []
    /// The build date: `--now`, else `SOURCE_DATE_EPOCH`, else today (UTC), at day precision.
    var buildDate: Day
    var diagnostics: [Diagnostic]
}

/// The load stage: reads a site folder into a `SiteSource`.
enum SiteLoader {
    /// `unchanged`: whether the build cache knows a story file with this stamp, so it need not
    /// be read (the default reads every file).
    static func load(
        site: String,
        now: Day?,
        environment: [String: String],
        unchanged: (@Sendable (String, FileStamp) -> Bool)? = nil
    ) -> SiteSource {
        var diagnostics: [Diagnostic] = []
        let configPath = site + "/hush.yml"
        var config: SourceFile?
        switch FileSystem.kind(of: configPath) {
        case .missing:
            diagnostics.append(
                Diagnostic(
                    .configMissing,
                    "no hush.yml in this folder; create one with `hush init`, or give the site folder: `hush build path/to/site`",
                    file: "hush.yml"
                )
            )
        case .other:
            diagnostics.append(
                Diagnostic(
                    .configUnreadable,
                    "hush.yml cannot be read: it is not a regular file (a pipe, socket or device); make it a file",
                    file: "hush.yml"
                )
            )
        case .file, .directory, .symlink:
            // A folder or a link is read too, so the message says which it is.
            do throws(FileSystemError) {
                config = SourceFile(path: "hush.yml", bytes: try FileSystem.contents(of: configPath))
            } catch {
                diagnostics.append(Diagnostic(.configUnreadable, unreadable("hush.yml", error), file: "hush.yml"))
            }
        }

        var stories: [SourceFile] = []
        var images: [String] = []
        var skipped: [String] = []
        var stamps: [String: FileStamp] = [:]
        switch FileSystem.kind(of: site + "/content") {
        case .symlink:
            diagnostics.append(
                Diagnostic(
                    .contentSymlink,
                    "content/ is a symbolic link, which is not followed (it can point outside the site); make it a folder",
                    file: "content"
                )
            )
        case .missing, .file, .other:
            diagnostics.append(
                Diagnostic(
                    .contentMissing,
                    "there is no content/ folder, so the site has no stories; stories go in content/ (hush init makes one)",
                    file: "content"
                )
            )
        case .directory:
            var paths: [String] = []
            for path in walk(site: site, folder: "content", diagnostics: &diagnostics) {
                if path.hasSuffix(".md") {
                    paths.append(path)
                } else if ImageStage.isImage(path) {
                    images.append(path)
                } else {
                    diagnostics.append(
                        Diagnostic(
                            .contentIgnored,
                            "only .md files are stories, and images (.jpg, .png, .webp, .gif, .heic, .avif) what they show; rename it to end in .md if it is a story, or move it out of content/",
                            file: path
                        )
                    )
                }
            }
            if let unchanged {
                (stories, skipped, stamps) = readStories(paths, site: site, unchanged: unchanged, diagnostics: &diagnostics)
            } else {
                stories = read(paths, site: site, code: .contentUnreadable, what: "this story", diagnostics: &diagnostics)
            }
        }

        var templates: [String: [UInt8]] = [:]
        let templatesKind = FileSystem.kind(of: site + "/Templates")
        if templatesKind == .directory || (templatesKind == .symlink && linkStaysInside(site: site, link: "Templates", diagnostics: &diagnostics)) {
            let paths = walk(site: site, folder: "Templates", diagnostics: &diagnostics)
            for file in read(paths, site: site, code: .templateUnreadable, what: "this template file", diagnostics: &diagnostics) {
                templates[String(file.path.dropFirst("Templates/".count))] = file.bytes
            }
        }

        var stringTables: [String: [UInt8]] = [:]
        if FileSystem.kind(of: site + "/i18n") == .directory {
            do throws(FileSystemError) {
                let tables = try FileSystem.list(site + "/i18n").filter { $0.name.hasSuffix(".yml") && !$0.name.hasPrefix(".") }
                for link in tables where link.kind != .file {
                    diagnostics.append(
                        Diagnostic(
                            .stringsUnreadable,
                            "this string table is not a regular file (symbolic links are not followed: they can point outside the site); copy the file here instead",
                            file: "i18n/" + link.name
                        )
                    )
                }
                let paths = tables.filter { $0.kind == .file }.map { "i18n/" + $0.name }
                for file in read(paths.sorted(), site: site, code: .stringsUnreadable, what: "this string table", diagnostics: &diagnostics) {
                    stringTables[String(file.path.dropFirst("i18n/".count))] = file.bytes
                }
            } catch {
                diagnostics.append(Diagnostic(.stringsUnreadable, unreadable("this folder", error), file: "i18n"))
            }
        }

        // HUSH_SECRET set is used, or refused: never an empty or short key, never ignored.
        var secret: String?
        if let value = environment["HUSH_SECRET"] {
            if let problem = SecretRule.problem(with: value) {
                diagnostics.append(Diagnostic(.configWeakSecret, "HUSH_SECRET \(problem)", file: "."))
            } else {
                secret = value
            }
        }
        var date = now
        if date == nil {
            switch buildDate(environment: environment) {
            case .success(let day): date = day
            case .failure(let problem):
                diagnostics.append(Diagnostic(.configSourceDateEpoch, problem.message, file: "."))
            }
        }
        let (tombstones, tombstoneDiagnostics) = Tombstones.load(site: site)
        diagnostics += tombstoneDiagnostics
        return SiteSource(
            config: config,
            stories: stories,
            images: images.sorted(),
            unchanged: skipped,
            stamps: stamps,
            templates: templates,
            stringTables: stringTables,
            secretOverride: secret,
            tombstones: tombstones,
            // After a refused SOURCE_DATE_EPOCH nothing is written; today keeps the summary true.
            buildDate: date ?? today(),
            diagnostics: diagnostics
        )
    }

    /// Why SOURCE_DATE_EPOCH cannot be used.
    struct EpochProblem: Error {
        let message: String
    }

    /// The latest SOURCE_DATE_EPOCH a build date can come from: 9999-12-31T23:59:59Z.
    static let latestEpoch = 253_402_300_799

    /// `SOURCE_DATE_EPOCH` (seconds since 1970, reproducible-builds.org) when set and not
    /// empty, else today in UTC. A value that is not a whole number of seconds from 0 to the
    /// end of year 9999 is refused: falling back to today would make the build differ from
    /// the one the publisher asked for.
    static func buildDate(environment: [String: String]) -> Result<Day, EpochProblem> {
        if let value = environment["SOURCE_DATE_EPOCH"], !value.isEmpty {
            let digits = value.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard digits, value.utf8.count <= 12, let epoch = Int(value), epoch <= latestEpoch else {
                return .failure(
                    EpochProblem(
                        message:
                            "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 (from 0 to \(latestEpoch)), like 1793491200; unset it to build with today's date, or give --now YYYY-MM-DD"
                    )
                )
            }
            return .success(Day(daysSinceEpoch: epoch / 86_400))
        }
        return .success(today())
    }

    /// Today in UTC, from the clock.
    private static func today() -> Day {
        Day(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// True when the link `site/link` points to a folder inside the site; otherwise false,
    /// with a diagnostic: a link out of the site could publish any folder of the machine.
    private static func linkStaysInside(site: String, link: String, diagnostics: inout [Diagnostic]) -> Bool {
        let siteURL = URL(fileURLWithPath: site).standardizedFileURL.resolvingSymlinksInPath()
        let target = URL(fileURLWithPath: site + "/" + link).resolvingSymlinksInPath()
        let inside = target.path.hasPrefix(siteURL.path + "/") && target.path != siteURL.path + "/" + link
        guard inside, FileSystem.kind(of: target.path) == .directory else {
            diagnostics.append(
                Diagnostic(
                    .templateSymlink,
                    "\(link)/ is a symbolic link to a place outside the site (or to nothing), which is not followed; make it a folder, or link to a folder inside the site",
                    file: link
                )
            )
            return false
        }
        return true
    }

    /// Dot-files that tools put in any folder and no one means as a story.
    static let quietDotFiles: Set<String> = [".DS_Store", ".git", ".gitignore", ".gitkeep", ".keep"]

    /// Every regular file below `folder`, in sorted order; dot-files and dot-folders are
    /// skipped (in content/ with a `content.hidden` warning), links are refused and never followed.
    private static func walk(site: String, folder: String, diagnostics: inout [Diagnostic]) -> [String] {
        let templates = folder.hasPrefix("Templates")
        let (unreadableCode, symlinkCode, ignoredCode): (Diagnostic.Code, Diagnostic.Code, Diagnostic.Code) =
            templates ? (.templateUnreadable, .templateSymlink, .templateIgnored) : (.contentUnreadable, .contentSymlink, .contentIgnored)
        let entries: [FileSystem.Entry]
        do throws(FileSystemError) {
            entries = try FileSystem.list(site + "/" + folder)
        } catch {
            diagnostics.append(Diagnostic(unreadableCode, unreadable("this folder", error), file: folder))
            return []
        }
        var files: [String] = []
        for entry in entries {
            let path = folder + "/" + entry.name
            if entry.name.hasPrefix(".") {
                // Never published, and never without a word: `.story.md` may be a story the
                // writer hid by accident. Only tools' own files pass quietly.
                if !templates, !quietDotFiles.contains(entry.name) {
                    diagnostics.append(
                        Diagnostic(
                            .contentHidden,
                            "a name starting with a dot is hidden: it is not published; rename it without the dot if it is a story, or move it out of content/",
                            file: path
                        )
                    )
                }
                continue
            }
            switch entry.kind {
            case .directory:
                files += walk(site: site, folder: path, diagnostics: &diagnostics)
            case .file:
                files.append(path)
            case .symlink:
                diagnostics.append(
                    Diagnostic(
                        symlinkCode,
                        "symbolic links are not followed (they can point outside the site); copy the file here instead",
                        file: path
                    )
                )
            case .other, .missing:
                diagnostics.append(Diagnostic(ignoredCode, "not a regular file; it is skipped", file: path))
            }
        }
        return files
    }

    /// The files at `paths` (relative to `site`), read side by side, in the order given; each
    /// one that cannot be read is left out with a `code` diagnostic that says why.
    static func read(_ paths: [String], site: String, code: Diagnostic.Code, what: String, diagnostics: inout [Diagnostic]) -> [SourceFile] {
        let results = paths.parallelMap { path in
            Result { () throws(FileSystemError) in try FileSystem.contents(of: site + "/" + path) }
        }
        var files: [SourceFile] = []
        for (path, result) in zip(paths, results) {
            switch result {
            case .success(let bytes): files.append(SourceFile(path: path, bytes: bytes))
            case .failure(let error): diagnostics.append(Diagnostic(code, unreadable(what, error), file: path))
            }
        }
        return files
    }

    /// Story files, read side by side unless `unchanged` says the cache knows their stamp.
    private static func readStories(
        _ paths: [String],
        site: String,
        unchanged: @Sendable (String, FileStamp) -> Bool,
        diagnostics: inout [Diagnostic]
    ) -> (read: [SourceFile], unchanged: [String], stamps: [String: FileStamp]) {
        enum Outcome: Sendable {
            case unchanged(FileStamp)
            case read([UInt8], FileStamp)
            case failed(FileSystemError)
        }
        let outcomes = paths.parallelMap { path -> Outcome in
            if let stamp = FileStamp.of(site + "/" + path), unchanged(path, stamp) { return .unchanged(stamp) }
            do throws(FileSystemError) {
                let (bytes, stamp) = try FileStamp.read(site + "/" + path)
                return .read(bytes, stamp)
            } catch {
                return .failed(error)
            }
        }
        var read: [SourceFile] = []
        var skipped: [String] = []
        var stamps: [String: FileStamp] = [:]
        for (path, outcome) in zip(paths, outcomes) {
            switch outcome {
            case .unchanged(let stamp):
                skipped.append(path)
                stamps[path] = stamp
            case .read(let bytes, let stamp):
                read.append(SourceFile(path: path, bytes: bytes))
                stamps[path] = stamp
            case .failed(let error):
                diagnostics.append(Diagnostic(.contentUnreadable, unreadable("this story", error), file: path))
            }
        }
        return (read, skipped, stamps)
    }

    /// "this story cannot be read: permission denied; let the user running hush read it (…)".
    private static func unreadable(_ what: String, _ error: FileSystemError) -> String {
        "\(what) cannot be read: \(error.reason); \(error.remedy)"
    }
}
