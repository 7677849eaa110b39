import ArgumentParser
import Foundation
import HushCore
import HushSite

/// Options shared by build and check.
struct SiteOptions: ParsableArguments {
    @Argument(help: "The site folder, holding hush.yml and content/.")
    var site: String = "."

    @Flag(help: "Include stories marked draft: true.")
    var drafts = false

    @Option(help: "The build date (YYYY-MM-DD); default: SOURCE_DATE_EPOCH, else today.")
    var now: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "How to print problems: text, json or github.")
    var format: OutputFormat = .text

    @Option(help: "Where to keep the build cache; default: .hush-cache/ inside the site folder.")
    var cache: String?

    @Option(
        help:
            "The hearts ledger to add to front-matter hearts: a JSON snapshot (hush backend export, or the backend's /hearts.json), the backend's SQLite file or its postgres:// URL; default: backend.ledger in hush.yml."
    )
    var ledger: String?

    @Flag(help: "Build everything from scratch: neither read nor write the build cache.")
    var noCache = false

    @Flag(name: .shortAndLong, help: "Print problems only, not the summary line or progress.")
    var quiet = false

    @Flag(help: "Print how long each stage took.")
    var verbose = false

    func validate() throws {
        if let now, Day(iso: now) == nil {
            throw ValidationError("--now takes a day as YYYY-MM-DD, like 2026-11-02")
        }
        if noCache, cache != nil {
            throw ValidationError("--cache and --no-cache contradict each other; give one")
        }
        if let ledger, ledger.isEmpty {
            throw ValidationError("--ledger takes the ledger's file, like --ledger ledger.json")
        }
        if quiet, verbose {
            throw ValidationError("--quiet and --verbose contradict each other; give one")
        }
    }

    /// The site folder as given, without a trailing slash.
    var siteFolder: String {
        site.hasSuffix("/") && site.count > 1 ? String(site.dropLast()) : site
    }

    func request(output: String?) -> BuildRequest {
        var request = BuildRequest(site: siteFolder, output: output)
        request.includeDrafts = drafts
        request.now = now.flatMap { Day(iso: $0) }
        request.strict = strict
        request.environment = ProcessInfo.processInfo.environment
        // Absolute, so its diagnostics are shown from the working directory like every other file.
        request.ledgerFile = ledger.map { $0.hasPrefix("/") || $0.contains("://") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
        request.readLedger = readLedger
        if !noCache { request.cache = BuildCache(folder: cache ?? siteFolder + "/.hush-cache") }
        if format == .text, !quiet, ProgressLine.isTerminal {
            let line = ProgressLine()
            request.progress = { line.show($0) }
        }
        return request
    }

    /// Runs the build the request describes and reports it: the time in the summary, each
    /// stage's time with `--verbose`; never returns.
    func run(_ request: BuildRequest) throws -> Never {
        let started = DispatchTime.now().uptimeNanoseconds
        var result = Pipeline.run(request)
        result.summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        ProgressLine.clear(if: request.progress != nil)
        try report(result)
    }

    /// Prints the result where it belongs and exits with its code. Files are shown from the
    /// working directory (or, for GitHub annotations, from `GITHUB_WORKSPACE`), not from the
    /// site folder the pipeline names them from.
    func report(_ result: BuildResult) throws -> Never {
        let paths = DiagnosticPaths(
            site: site,
            workingDirectory: FileManager.default.currentDirectoryPath,
            environment: ProcessInfo.processInfo.environment
        )
        var summary = result.summary
        summary.site = site
        var text = format.diagnosticFormat.render(result.diagnostics, summary: summary, paths: paths)
        if quiet, format != .json, text.hasSuffix(summary.sentence + "\n") {
            text.removeLast(summary.sentence.count + 1)
        }
        if verbose {
            FileHandleOutput.standardError("hush: stages: " + StageTime.describe(result.stageTimes) + "\n")
        }
        if format == .text {
            FileHandleOutput.standardError(text)
        } else {
            FileHandleOutput.standardOutput(text)
        }
        // Exits here rather than by throwing `ExitCode`: unwinding would first free all that
        // the build kept (the build cache's records, some 30 ms at 10,000 stories) for nothing.
        // The report is written (FileHandle writes at once) and the cache saved.
        Foundation.exit(Int32(result.summary.exitCode))
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github

    var diagnosticFormat: DiagnosticFormat {
        switch self {
        case .text: return .text
        case .json: return .json
        case .github: return .github
        }
    }
}
