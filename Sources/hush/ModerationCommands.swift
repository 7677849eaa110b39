import ArgumentParser
import Foundation
import HushBackend
import HushCore

/// Where the moderation commands find the ledger: `--db`, else the backend's default in the site.
struct LedgerOptions: ParsableArguments {
    @Option(help: "The site folder, holding hush.yml and content/.")
    var site: String = "."

    @Option(help: "The ledger's SQLite file (default: hush-ledger.sqlite in the site folder).")
    var db: String?

    var sitePath: String { site.hasSuffix("/") && site.count > 1 ? String(site.dropLast()) : site }

    var database: String {
        var options = BackendOptions(site: sitePath)
        options.database = db
        return options.databasePath
    }
}

enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Runs a moderation step; a `BackendError` is printed and becomes the exit code.
func moderating<T>(_ body: () async throws(BackendError) -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        FileHandleOutput.standardError(error.description + "\n")
        throw ExitCode(error.exitCode)
    }
}

/// `hush reports`: open reader reports by story; `hush reports dismiss ID` closes them.
struct ReportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "List open reader reports by story, oldest first (docs/moderation.md).",
        subcommands: [ReportsList.self, ReportsDismiss.self],
        defaultSubcommand: ReportsList.self
    )
}

struct ReportsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List open reports by story, oldest first.")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "text or json.")
    var format: ListFormat = .text

    func run() async throws {
        let stories = try await moderating { () throws(BackendError) in try await ModerationDesk.reports(database: ledger.database) }
        if format == .json {
            FileHandle.standardOutput.write(Data(JSONFile.bytes(of: ["reports": stories])))
            return
        }
        guard !stories.isEmpty else {
            FileHandleOutput.standardOutput("No open reports.\n")
            return
        }
        var text = ""
        for story in stories {
            let categories = story.categories.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
            text += "\(story.id)  \(story.page)  \(story.count) open since \(story.oldest)\(story.held ? ", HELD" : "")\n"
            text += "    " + categories.joined(separator: ", ") + "\n"
            for line in story.texts { text += "    > " + line.replacingOccurrences(of: "\n", with: " ") + "\n" }
        }
        text += "\nDismiss with `hush reports dismiss ID`, or take a story down with `hush takedown ID --reason …`.\n"
        FileHandleOutput.standardOutput(text)
    }
}

struct ReportsDismiss: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dismiss",
        abstract: "Close every open report of a story and lift its hold."
    )

    @Argument(help: "The story's public id.")
    var id: String

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let closed = try await moderating { () throws(BackendError) in try await ModerationDesk.dismiss(id: id, database: ledger.database) }
        FileHandleOutput.standardOutput(
            closed == 0 ? "No open reports for \(id).\n" : "Closed \(closed) report\(closed == 1 ? "" : "s") of \(id); it is no longer held.\n"
        )
    }
}

/// `hush inbox`: waiting submissions; `approve N` writes one into content/, `reject N` deletes it.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "List anonymous submissions waiting for a person (docs/moderation.md).",
        subcommands: [InboxList.self, InboxApprove.self, InboxReject.self],
        defaultSubcommand: InboxList.self
    )
}

struct InboxList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List waiting submissions with the guard's findings.")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "text or json.")
    var format: ListFormat = .text

    func run() async throws {
        let items = try await moderating { () throws(BackendError) in
            try await ModerationDesk.inbox(
                site: ledger.sitePath,
                database: ledger.database,
                today: today(),
                environment: ProcessInfo.processInfo.environment
            )
        }
        if format == .json {
            FileHandle.standardOutput.write(Data(JSONFile.bytes(of: ["submissions": items])))
            return
        }
        guard !items.isEmpty else {
            FileHandleOutput.standardOutput("The inbox is empty.\n")
            return
        }
        var text = ""
        for item in items {
            text += "#\(item.number)  \(item.day)  \(item.title ?? "(untitled)")\n"
            if !item.tags.isEmpty { text += "    tags: \(item.tags.joined(separator: ", "))\n" }
            if let mood = item.mood { text += "    mood: \(mood)\n" }
            if let cw = item.cw { text += "    cw: \(cw)\n" }
            for line in item.text.split(separator: "\n", omittingEmptySubsequences: false) { text += "    | \(line)\n" }
            for finding in item.findings { text += "    \(item.approvable ? "note" : "must change"): \(finding)\n" }
            text += "\n"
        }
        text += "Approve with `hush inbox approve N [--tags a,b]`, reject with `hush inbox reject N`.\n"
        FileHandleOutput.standardOutput(text)
    }
}

struct InboxApprove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Write a submission into content/ as a story with a fresh id, and remove it from the inbox."
    )

    @Argument(help: "The submission's number, as `hush inbox` lists it.")
    var number: Int

    @Option(help: "Tags in place of the submitted ones, separated by commas.")
    var tags: String?

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let tagList = tags.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let approval = try await moderating { () throws(BackendError) in
            try await ModerationDesk.approve(
                number: number,
                tags: tagList,
                site: ledger.sitePath,
                database: ledger.database,
                today: today(),
                environment: ProcessInfo.processInfo.environment
            )
        }
        FileHandleOutput.standardOutput("Approved #\(number) as \(approval.path) (id \(approval.id)); the next build publishes it.\n")
    }
}

struct InboxReject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Delete a submission for good.")

    @Argument(help: "The submission's number, as `hush inbox` lists it.")
    var number: Int

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        try await moderating { () throws(BackendError) in try await ModerationDesk.reject(number: number, database: ledger.database) }
        FileHandleOutput.standardOutput("Rejected #\(number); nothing of it is left in the ledger.\n")
    }
}
