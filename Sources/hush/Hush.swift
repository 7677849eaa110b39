import ArgumentParser
import Foundation
import HushCore
import HushSite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct Hush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hush",
        abstract: "A static site generator for anonymous stories.",
        subcommands: [Build.self, Check.self, Init.self, New.self]
    )

    /// ArgumentParser's own main, with DESIGN.md's exit codes: usage errors exit 2, not 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandleOutput.standardError(fullMessage(for: error) + "\n")
                Self.exit(withError: ExitCode(2))
            }
            Self.exit(withError: error)
        }
    }
}

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

    /// Prints the result where it belongs and exits with its code.
    func report(_ result: BuildResult) throws -> Never {
        let text = format.diagnosticFormat.render(result.diagnostics, summary: result.summary)
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

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site into the output folder (public/ by default).")

    @OptionGroup var options: SiteOptions

    @Option(help: "Where to write the site; default: public/ inside the site folder.")
    var output: String?

    func run() throws {
        let destination = output ?? (options.site == "." ? "public" : options.site + "/public")
        let result = Pipeline.run(options.request(output: destination))
        try options.report(result)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check everything build checks; write nothing.")

    @OptionGroup var options: SiteOptions

    func run() throws {
        try options.report(Pipeline.run(options.request(output: nil)))
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start a new site: hush.yml with a fresh secret, content/ and an example story.")

    @Argument(help: "The folder for the new site (created if missing).")
    var folder: String = "."

    func run() throws {
        do {
            let written = try Scaffold.initialize(at: folder, today: today())
            for file in written { print("created \(folder == "." ? file : folder + "/" + file)") }
            print("next: hush build \(folder)")
        } catch let failure as Scaffold.Failure {
            FileHandleOutput.standardError("hush: \(failure.message)\n")
            throw ExitCode(2)
        }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a new story file with a fresh id and print its path.")

    @Option(help: "Tags for the story, separated by commas.")
    var tags: String?

    @Option(help: "The site folder.")
    var site: String = "."

    func run() throws {
        do {
            let tagList = tags?.split(separator: ",").map(String.init) ?? []
            print(try Scaffold.newStory(site: site, tags: tagList, today: today()))
        } catch let failure as Scaffold.Failure {
            FileHandleOutput.standardError("hush: \(failure.message)\n")
            throw ExitCode(2)
        }
    }
}

/// Today in UTC, at day precision: the only clock reading the command line makes.
func today() -> Day {
    Day(daysSinceEpoch: time(nil) / 86_400)
}

enum FileHandleOutput {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
