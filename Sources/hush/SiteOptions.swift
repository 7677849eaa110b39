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

    func validate() throws {
        if let now, Day(iso: now) == nil {
            throw ValidationError("--now takes a day as YYYY-MM-DD, like 2026-11-02")
        }
    }

    func request(output: String?) -> BuildRequest {
        var request = BuildRequest(site: site.hasSuffix("/") && site.count > 1 ? String(site.dropLast()) : site, output: output)
        request.includeDrafts = drafts
        request.now = now.flatMap { Day(iso: $0) }
        request.strict = strict
        request.environment = ProcessInfo.processInfo.environment
        return request
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
        let text = format.diagnosticFormat.render(result.diagnostics, summary: summary, paths: paths)
        if format == .text {
            FileHandleOutput.standardError(text)
        } else {
            FileHandleOutput.standardOutput(text)
        }
        throw ExitCode(result.summary.exitCode)
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
