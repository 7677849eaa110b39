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
    /// What was found in content/, for the next build of the same process (`ContentScan`).
    var scan: ContentScan?
}

/// What the load stage found in content/: kept by a process that builds the same site again
/// and again (`BuildCache`, for `hush serve`), so that a rebuild told which files changed
/// (`BuildRequest.changedFiles`) looks at those only, instead of listing every folder and
/// stamping every story (docs/architecture.md, "The build cache").
struct ContentScan: Sendable, Equatable {
    /// Story files (`content/…/*.md`), sorted.
    var stories: [String] = []
    /// Image files, sorted.
    var images: [String] = []
    /// What listing content/ said of its folders and files: hidden, linked, ignored, unreadable.
    var diagnostics: [Diagnostic] = []
    /// Each story file's stamp as it was last looked at.
    var stamps: [String: FileStamp] = [:]
}

/// The load stage: reads a site folder into a `SiteSource`.
enum SiteLoader {
    /// `unchanged`: whether the build cache knows a story file with this stamp, so it need not
    /// be read (the default reads every file).
    /// `previous` and `changed`: what an earlier load of this process found in content/, and
    /// every file of the site (path inside it) that changed since; with both, only the changed
    /// files of content/ are looked at (a changed folder, or one that went, lists it all again).
    static func load(
        site: String,
        now: Day?,
        environment: [String: String],
        unchanged: (@Sendable (String, FileStamp) -> Bool)? = nil,
        previous: ContentScan? = nil,
        changed: Set<String>? = nil
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
        var scan: ContentScan?
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
            let rescanned = previous.flatMap { previous in changed.flatMap { rescan(previous, changed: $0, site: site) } }
            var found = rescanned ?? scanContent(site: site)
            diagnostics += found.diagnostics
            images = found.images
            if let unchanged {
                // A story file that did not change since the earlier load is as it was then.
                let known = rescanned == nil ? [:] : found.stamps
                (stories, skipped, stamps) = readStories(found.stories, site: site, unchanged: unchanged, known: known, diagnostics: &diagnostics)
                found.stamps = stamps
                scan = found
            } else {
                stories = read(found.stories, site: site, code: .contentUnreadable, what: "this story", diagnostics: &diagnostics)
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
            diagnostics: diagnostics,
            scan: scan
        )
    }

    /// Every story and image file of content/, and what its listing found wrong.
    private static func scanContent(site: String) -> ContentScan {
        var scan = ContentScan()
        for path in walk(site: site, folder: "content", diagnostics: &scan.diagnostics) {
            classify(path, into: &scan)
        }
        return scan
    }

    /// A file found in content/: a story, an image, or a file that is not published.
    private static func classify(_ path: String, into scan: inout ContentScan) {
        if path.hasSuffix(".md") {
            scan.stories.append(path)
        } else if ImageStage.isImage(path) {
            scan.images.append(path)
        } else {
            scan.diagnostics.append(
                Diagnostic(
                    .contentIgnored,
                    "only .md files are stories, and images (.jpg, .png, .webp, .gif, .heic, .avif) what they show; rename it to end in .md if it is a story, or move it out of content/",
                    file: path
                )
            )
        }
    }

    /// `previous` with the `changed` files of content/ looked at again, as listing content/
    /// would find them; nil when a change is more than a file (a folder made, removed or
    /// changed, or content/ itself when events were lost): then content/ is listed whole.
    private static func rescan(_ previous: ContentScan, changed: Set<String>, site: String) -> ContentScan? {
        let paths = changed.filter { $0 == "content" || $0.hasPrefix("content/") }.sorted()
        guard !paths.isEmpty else { return previous }
        var scan = previous
        let gone = Set(paths)
        scan.stories.removeAll { gone.contains($0) }
        scan.images.removeAll { gone.contains($0) }
        scan.diagnostics.removeAll { gone.contains($0.file) }
        for path in paths {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            // content/ itself (events were lost): list it all.
            guard parts.count >= 2 else { return nil }
            // Inside a hidden folder: never listed, so nothing there changes the site.
            if parts.dropFirst().dropLast().contains(where: { $0.hasPrefix(".") }) { continue }
            scan.stamps[path] = nil
            let kind = FileSystem.kind(of: site + "/" + path)
            if kind == .missing {
                // A folder that went: what was below it goes too.
                let inside = path + "/"
                if previous.stories.contains(where: { $0.hasPrefix(inside) }) || previous.images.contains(where: { $0.hasPrefix(inside) })
                    || previous.diagnostics.contains(where: { $0.file.hasPrefix(inside) })
                {
                    return nil
                }
                continue
            }
            switch entry(path, name: String(parts[parts.count - 1]), kind: kind, templates: false, diagnostics: &scan.diagnostics) {
            case .file: classify(path, into: &scan)
            case .folder: return nil
            case .skipped: break
            }
        }
        scan.stories.sort()
        scan.images.sort()
        return scan
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
        let unreadableCode: Diagnostic.Code = templates ? .templateUnreadable : .contentUnreadable
        let entries: [FileSystem.Entry]
        do throws(FileSystemError) {
            entries = try FileSystem.list(site + "/" + folder)
        } catch {
            diagnostics.append(Diagnostic(unreadableCode, unreadable("this folder", error), file: folder))
            return []
        }
        var files: [String] = []
        for found in entries {
            let path = folder + "/" + found.name
            switch entry(path, name: found.name, kind: found.kind, templates: templates, diagnostics: &diagnostics) {
            case .file: files.append(path)
            case .folder: files += walk(site: site, folder: path, diagnostics: &diagnostics)
            case .skipped: break
            }
        }
        return files
    }

    /// What listing a folder makes of one of its entries.
    private enum Entry {
        case file
        case folder
        case skipped
    }

    /// One entry of a folder of content/ or Templates/: a file to read, a folder to list, or
    /// one that is skipped, with the diagnostic that says why.
    private static func entry(_ path: String, name: String, kind: FileSystem.EntryKind, templates: Bool, diagnostics: inout [Diagnostic]) -> Entry {
        let (symlinkCode, ignoredCode): (Diagnostic.Code, Diagnostic.Code) =
            templates ? (.templateSymlink, .templateIgnored) : (.contentSymlink, .contentIgnored)
        if name.hasPrefix(".") {
            // Never published, and never without a word: `.story.md` may be a story the
            // writer hid by accident. Only tools' own files pass quietly.
            if !templates, !quietDotFiles.contains(name) {
                diagnostics.append(
                    Diagnostic(
                        .contentHidden,
                        "a name starting with a dot is hidden: it is not published; rename it without the dot if it is a story, or move it out of content/",
                        file: path
                    )
                )
            }
            return .skipped
        }
        switch kind {
        case .directory:
            return .folder
        case .file:
            return .file
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
        return .skipped
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

    /// Story files, read side by side unless `unchanged` says the cache knows their stamp;
    /// `known`: the stamps of files known not to have changed since, taken without a look.
    private static func readStories(
        _ paths: [String],
        site: String,
        unchanged: @Sendable (String, FileStamp) -> Bool,
        known: [String: FileStamp],
        diagnostics: inout [Diagnostic]
    ) -> (read: [SourceFile], unchanged: [String], stamps: [String: FileStamp]) {
        enum Outcome: Sendable {
            case unchanged(FileStamp)
            case read([UInt8], FileStamp)
            case failed(FileSystemError)
        }
        let opened = OpenFolder(site)
        let outcomes = paths.parallelMap { path -> Outcome in
            // Known not to have changed since it was last looked at: not even stamped.
            if let stamp = known[path], unchanged(path, stamp) { return .unchanged(stamp) }
            if let stamp = opened.stamp(ofFile: path), unchanged(path, stamp) { return .unchanged(stamp) }
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
