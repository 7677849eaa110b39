internal import Foundation
public import HushCore
internal import HushGuard
internal import HushLedger
internal import HushSite

/// What `hush reports` and `hush inbox` do with the ledger (docs/moderation.md): the
/// moderator's side of reports and submissions, run beside a live backend or without one.
public enum ModerationDesk {
    /// The open reports of one story.
    public struct StoryReports: Sendable, Equatable, Encodable {
        /// The story's public id.
        public var id: String
        /// Its page, relative to base_url: `s/<id>/`.
        public var page: String
        /// Open reports by category.
        public var categories: [String: Int]
        /// How many in all.
        public var count: Int
        /// The day of the oldest open report.
        public var oldest: String
        /// Held out of builds until the reports are dismissed or the story is taken down.
        public var held: Bool
        /// What readers wrote, personal data already redacted, oldest first.
        public var texts: [String]
    }

    /// A submission waiting in the inbox, with what the guard says of it today.
    public struct Submission: Sendable, Equatable, Encodable {
        public var number: Int
        public var day: String
        public var title: String?
        public var text: String
        public var tags: [String]
        public var mood: String?
        public var cw: String?
        /// The guard's findings under the site's policy now: notes on an approvable one, or
        /// what must change first (`approvable` false).
        public var findings: [String]
        public var approvable: Bool
    }

    /// What an approval wrote.
    public struct Approval: Sendable, Equatable {
        /// Relative to the site: `content/<id>.md`.
        public var path: String
        public var id: String
    }

    /// Open reports, by story, the story with the oldest report first.
    public static func reports(database: String) async throws(BackendError) -> [StoryReports] {
        let (reports, held) = try await using(database, command: "hush reports") { store throws(LedgerError) in
            (try await store.reports(), try await store.held())
        }
        var byStory: [String: StoryReports] = [:]
        var order: [String] = []
        for report in reports {
            if byStory[report.storyID] == nil {
                order.append(report.storyID)
                byStory[report.storyID] = StoryReports(
                    id: report.storyID,
                    page: "s/\(report.storyID)/",
                    categories: [:],
                    count: 0,
                    oldest: report.day.description,
                    held: held.contains(report.storyID),
                    texts: []
                )
            }
            byStory[report.storyID]?.categories[report.category, default: 0] += 1
            byStory[report.storyID]?.count += 1
            if let text = report.text { byStory[report.storyID]?.texts.append(text) }
        }
        return order.compactMap { byStory[$0] }
    }

    /// Closes every open report of story `id` and lifts its hold. Returns how many there were.
    public static func dismiss(id: String, database: String) async throws(BackendError) -> Int {
        try await using(database, command: "hush reports dismiss") { store throws(LedgerError) in try await store.closeReports(of: id) }
    }

    /// The waiting submissions, oldest first, each checked again under the site's policy.
    public static func inbox(site: String, database: String, today: Day, environment: [String: String]) async throws(BackendError) -> [Submission] {
        let config = try siteConfig(site, today: today, environment: environment, command: "hush inbox")
        let waiting = try await using(database, command: "hush inbox") { store throws(LedgerError) in try await store.submissions() }
        return waiting.map { stored in
            var item = Submission(
                number: stored.number,
                day: stored.day.description,
                title: stored.title,
                text: stored.text,
                tags: stored.tags,
                mood: stored.mood,
                cw: stored.cw,
                findings: [],
                approvable: true
            )
            switch SubmissionCheck.check(fields(of: stored), config: config, day: today) {
            case .accepted(let accepted): item.findings = accepted.notes.map(describe)
            case .refused(let problems):
                item.findings = problems.map(describe)
                item.approvable = false
            case .trapped: item.approvable = false
            }
            return item
        }
    }

    /// Writes submission `number` into content/ as a story dated `today` (at the site's
    /// precision), with `tags` in place of the submitted ones when given, and removes it from
    /// the ledger for good. Its id is fresh: no story's, and never one taken down.
    public static func approve(
        number: Int,
        tags: [String]?,
        site: String,
        database: String,
        today: Day,
        environment: [String: String]
    ) async throws(BackendError) -> Approval {
        let command = "hush inbox approve"
        let config = try siteConfig(site, today: today, environment: environment, command: command)
        let found = try await using(database, command: command) { store throws(LedgerError) in
            try await store.submissions().first { $0.number == number }
        }
        guard let stored = found else {
            throw BackendError("\(command): no submission \(number) waits in the inbox; `hush inbox` lists them", exitCode: 2)
        }
        // Checked again: the site's policy may be stricter than when it was sent.
        guard case .accepted(let accepted) = SubmissionCheck.check(fields(of: stored), config: config, day: today) else {
            throw BackendError(
                "\(command): submission \(number) does not pass the anonymity guard under today's hush.yml; `hush inbox` says why. Reject it, or change the policy",
                exitCode: 1
            )
        }
        let approved: SubmissionApproval.Approved
        do {
            approved = try SubmissionApproval.approve(
                accepted,
                site: site,
                day: today,
                tags: tags,
                forbidden: Set(Tombstones.load(site: site).0.map(\.id)),
                environment: environment
            )
        } catch {
            throw BackendError("\(command): \(error.message)", exitCode: 3)
        }
        do {
            _ = try await using(database, command: command) { store throws(LedgerError) in try await store.removeSubmission(number) }
        } catch {
            throw BackendError(
                "\(command): wrote \(approved.path), but could not remove submission \(number) from the ledger (\(error.description)); run `hush inbox reject \(number)`",
                exitCode: 3
            )
        }
        return Approval(path: approved.path, id: approved.id)
    }

    /// Deletes submission `number` for good.
    public static func reject(number: Int, database: String) async throws(BackendError) {
        let removed = try await using(database, command: "hush inbox reject") { store throws(LedgerError) in try await store.removeSubmission(number)
        }
        guard removed else {
            throw BackendError("hush inbox reject: no submission \(number) waits in the inbox; `hush inbox` lists them", exitCode: 2)
        }
    }

    /// Opens the ledger, runs `body` on it and closes it again, a ledger error told as the command's.
    private static func using<T: Sendable>(
        _ database: String,
        command: String,
        _ body: (SQLiteModerationStore) async throws(LedgerError) -> T
    ) async throws(BackendError) -> T {
        let store = try await open(database, command: command)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw BackendError(error, command: command)
        }
    }

    private static func open(_ database: String, command: String) async throws(BackendError) -> SQLiteModerationStore {
        guard FileManager.default.fileExists(atPath: database) else {
            throw BackendError(
                "\(command): there is no ledger at \(database); give the one `hush backend` keeps with --db, or run this in the site folder",
                exitCode: 2
            )
        }
        do {
            return try await SQLiteModerationStore.open(path: database)
        } catch {
            throw BackendError(error, command: command)
        }
    }

    private static func siteConfig(_ site: String, today: Day, environment: [String: String], command: String) throws(BackendError) -> SiteConfig {
        do {
            return try SubmissionApproval.config(site: site, day: today, environment: environment)
        } catch {
            throw BackendError("\(command): \(error.message)", exitCode: 2)
        }
    }

    private static func fields(of stored: StoredSubmission) -> SubmissionFields {
        SubmissionFields(
            title: stored.title ?? "",
            text: stored.text,
            tags: stored.tags.joined(separator: ", "),
            mood: stored.mood ?? "",
            cw: stored.cw ?? ""
        )
    }

    private static func describe(_ problem: SubmissionProblem) -> String {
        "\(problem.field.rawValue):\(problem.line):\(problem.column): \(problem.message)"
    }
}
