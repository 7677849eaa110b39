internal import Foundation

/// What a build or check did, in numbers: the last line of every run, and the JSON
/// `summary`. It accounts for every story file: published (or ready to be), failed, a draft
/// left out, or scheduled for a later day, so no story is dropped without a word.
public struct BuildSummary: Sendable, Codable, Equatable {
    /// `build` or `check`.
    public var command: String
    /// How many diagnostics are errors, those `--strict` made errors included.
    public var errors: Int
    /// How many diagnostics are warnings.
    public var warnings: Int
    /// Of `errors`, how many are warnings that `--strict` made errors.
    public var warningsAsErrors: Int
    /// Story files found in content/ (`.md`), read or not.
    public var storyFiles: Int
    /// Story files with at least one error: none of them is published.
    public var failedFiles: Int
    /// Drafts left out (built only with `--drafts`).
    public var drafts: Int
    /// Stories dated after the build date, held until a build on or after their day.
    public var scheduled: Int
    /// Stories held out of the build for review: reader reports reached `moderation.hold_after`
    /// (the ledger's `held`, docs/moderation.md).
    public var held: Int = 0
    /// Reader reports waiting for a person (from the ledger): said in the sentence when any do.
    public var openReports: Int = 0
    /// Anonymous submissions waiting for approval (from the ledger): said when any do.
    public var pendingSubmissions: Int = 0
    /// Stories whose day has come but whose release batch has not (`release:` in hush.yml):
    /// held until a boundary releases their batch.
    public var waiting: Int = 0
    /// Stories published (or, for check or a failed build, ready to be).
    public var stories: Int
    /// HTML pages of the site.
    public var pages: Int
    /// Files of the site, pages included.
    public var files: Int
    /// Of `files`, how many this build wrote: new, or changed since the output's.
    public var written: Int = 0
    /// Of `files`, how many were already in the output as they should be, and left untouched.
    public var unchanged: Int = 0
    /// Files (or whole folders) the output had that the site no longer has, removed.
    public var removed: Int = 0
    /// How long the build took, for the sentence; set by the command line, not in the JSON
    /// (which stays the same for the same input).
    public var seconds: Double?
    /// Where the site was written, as given on the command line; nil for `check` or a failed build.
    public var output: String?
    /// The process's exit code (docs/diagnostics.md, "Exit codes").
    public var exitCode: Int32
    /// The site folder as given on the command line, for the "preview it" hint after a
    /// build; not part of the JSON summary.
    public var site: String? = nil

    enum CodingKeys: String, CodingKey {
        case command, errors, warnings, stories, pages, files, output, drafts, scheduled, waiting, held, written, unchanged, removed
        case openReports = "open_reports"
        case pendingSubmissions = "pending_submissions"
        case warningsAsErrors = "warnings_as_errors"
        case storyFiles = "story_files"
        case failedFiles = "failed_files"
        case exitCode = "exit_code"
    }

    package init(
        command: String,
        errors: Int = 0,
        warnings: Int = 0,
        warningsAsErrors: Int = 0,
        storyFiles: Int = 0,
        failedFiles: Int = 0,
        drafts: Int = 0,
        scheduled: Int = 0,
        stories: Int = 0,
        pages: Int = 0,
        files: Int = 0,
        output: String? = nil,
        exitCode: Int32 = 0
    ) {
        self.command = command
        self.errors = errors
        self.warnings = warnings
        self.warningsAsErrors = warningsAsErrors
        self.storyFiles = storyFiles
        self.failedFiles = failedFiles
        self.drafts = drafts
        self.scheduled = scheduled
        self.stories = stories
        self.pages = pages
        self.files = files
        self.output = output
        self.exitCode = exitCode
    }

    /// A path as one shell word: as it is when it is plain, else in single quotes.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "/._-+,:@%".utf8.contains(byte)
        }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `hush serve` for `site`, ready to paste: the folder left out when it is the working directory.
    static func serveCommand(site: String) -> String {
        site == "." || site == "./" ? "hush serve" : "hush serve " + shellQuoted(site)
    }

    /// One line for a person:
    /// `hush: checked 19 story files: 13 failed; 5 stories ready to publish, 1 draft left out (--drafts builds it); 13 errors, 0 warnings.`
    public var sentence: String {
        let problems = "\(errorsCounted), \(warnings.counted("warning", "warnings"))"
        if let output {
            let held = heldBack.map { "; " + $0.joined(separator: ", ") } ?? ""
            let changes = "\(written) written, \(unchanged) unchanged, \(removed) removed"
            return
                "hush: built \(stories.counted("story", "stories")) into \(output): \(pages) pages, \(files) files (\(changes))\(held); \(problems)\(took)."
                + reviewQueue + (site.map { " Preview it with: " + Self.serveCommand(site: $0) } ?? "")
        }
        if command == "build" {
            var files: [String] = []
            if failedFiles > 0 { files.append("\(failedFiles) of \(storyFiles.counted("story file", "story files")) failed") }
            files += heldBack ?? []
            let counts = files.isEmpty ? "" : files.joined(separator: ", ") + "; "
            return "hush: \(counts)\(problems); nothing was written, the previous output is as it was\(took)." + reviewQueue
        }
        var outcome: [String] = []
        if storyFiles > 0, stories > 0 || failedFiles == 0 { outcome.append("\(stories.counted("story", "stories")) ready to publish") }
        outcome += heldBack ?? []
        let failed = failedFiles > 0 ? ": \(failedFiles) failed" : ""
        let rest = outcome.isEmpty ? "" : (failed.isEmpty ? ": " : "; ") + outcome.joined(separator: ", ")
        return "hush: checked \(storyFiles.counted("story file", "story files"))\(failed)\(rest); \(problems)\(took)." + reviewQueue
    }

    /// " Waiting for review: 3 reports (hush reports), 1 submission (hush inbox)." when the
    /// ledger says work waits for a person, so a queue is never forgotten; else "".
    private var reviewQueue: String {
        var parts: [String] = []
        if openReports > 0 { parts.append("\(openReports.counted("report", "reports")) (hush reports)") }
        if pendingSubmissions > 0 { parts.append("\(pendingSubmissions.counted("submission", "submissions")) (hush inbox)") }
        return parts.isEmpty ? "" : " Waiting for review: " + parts.joined(separator: ", ") + "."
    }

    /// " in 0.42 s" when the time is known.
    private var took: String {
        guard let seconds else { return "" }
        return " in " + String(format: "%.2f", seconds) + " s"
    }

    /// "3 errors", and which of them `--strict` made errors: "3 errors (1 of them a warning, an error under --strict)".
    private var errorsCounted: String {
        let counted = errors.counted("error", "errors")
        guard warningsAsErrors > 0 else { return counted }
        let what = warningsAsErrors == 1 ? "a warning, an error under --strict" : "warnings, errors under --strict"
        if warningsAsErrors == errors { return counted + " (\(errors == 1 ? "" : "all ")\(what))" }
        return counted + " (\(warningsAsErrors) of them \(what))"
    }

    /// Stories that passed but are not published now, said so: nil when there are none.
    private var heldBack: [String]? {
        var parts: [String] = []
        if drafts > 0 { parts.append("\(drafts.counted("draft", "drafts")) left out (--drafts builds \(drafts == 1 ? "it" : "them"))") }
        if scheduled > 0 {
            parts.append("\(scheduled.counted("story", "stories")) scheduled, waiting for \(scheduled == 1 ? "its date" : "their dates")")
        }
        if held > 0 { parts.append("\(held.counted("story", "stories")) held for review (reader reports; hush reports)") }
        if waiting > 0 {
            parts.append("\(waiting.counted("story", "stories")) waiting for \(waiting == 1 ? "its" : "their") release batch")
        }
        return parts.isEmpty ? nil : parts
    }
}
