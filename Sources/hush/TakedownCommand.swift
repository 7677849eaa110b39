import ArgumentParser
import Foundation
import HushBackend
import HushCore
import HushSite

/// `hush takedown`: the story's file deleted and its tombstone kept; its open reports in the
/// backend's ledger closed, when there is one.
struct TakeDown: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "takedown",
        abstract: "Take a story down for good: delete its file, keep a tombstone (id, reason, week); its URL answers 410 Gone."
    )

    @Argument(help: "The story: its public id (from its address, s/<id>/) or its file.")
    var story: String

    @Option(help: "The site folder.")
    var site: String = "."

    @Option(help: "Why: retracted, privacy, legal or abuse (kept in the tombstone for your records; never shown).")
    var reason: String

    @Option(help: "The day of the takedown (YYYY-MM-DD); default: today. Only its ISO week is kept.")
    var now: String?

    @Option(help: "The backend's ledger, whose reports of the story are closed (default: hush-ledger.sqlite in the site folder, when it is there).")
    var db: String?

    func validate() throws {
        if !Takedown.reasons.contains(reason) {
            throw ValidationError("--reason must be one of \(Takedown.reasons.joined(separator: ", "))")
        }
        if let now, Day(iso: now) == nil {
            throw ValidationError("--now takes a day as YYYY-MM-DD, like 2026-11-02")
        }
    }

    func run() async throws {
        let folder = site.hasSuffix("/") && site.count > 1 ? String(site.dropLast()) : site
        let outcome: Takedown.Outcome
        do {
            outcome = try Takedown.run(
                target: story,
                site: folder,
                reason: reason,
                today: now.flatMap { Day(iso: $0) } ?? today(),
                environment: ProcessInfo.processInfo.environment
            )
            print(
                "hush: took down \(outcome.urlPath) (\(reason), \(outcome.week)): deleted \(outcome.removed.joined(separator: ", ")); recorded in \(Takedown.tombstonesPath)."
            )
            print(
                "Commit both (the deletion and \(Takedown.tombstonesPath)), then build: its address answers 410 Gone and its id is never used again."
            )
        } catch {
            FileHandleOutput.standardError("hush: \(error.message)\n")
            throw ExitCode(2)
        }
        // A taken-down story's reports are done with: closed, and its hold lifted.
        var options = BackendOptions(site: folder)
        options.database = db
        guard db != nil || FileManager.default.fileExists(atPath: options.databasePath) else { return }
        let closed = try await moderating { () throws(BackendError) in
            try await ModerationDesk.dismiss(id: outcome.id, database: options.databasePath)
        }
        if closed > 0 { print("Closed \(closed) open report\(closed == 1 ? "" : "s") of it in \(options.databasePath).") }
    }
}
