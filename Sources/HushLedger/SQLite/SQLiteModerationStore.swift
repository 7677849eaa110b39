internal import Foundation
package import HushCore
internal import SQLiteNIO

extension SQLiteHeartStore {
    /// Schema step 2: reader reports, stories held for review, and waiting submissions
    /// (docs/moderation.md). Days only, never a time; no reader, address or agent anywhere.
    static let moderationSchema = [
        """
        CREATE TABLE reports (
            number INTEGER PRIMARY KEY,
            story_id TEXT NOT NULL,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            category TEXT NOT NULL,
            text TEXT
        )
        """,
        "CREATE INDEX reports_by_story ON reports (story_id)",
        """
        CREATE TABLE holds (
            story_id TEXT PRIMARY KEY,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE submissions (
            number INTEGER PRIMARY KEY AUTOINCREMENT,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            title TEXT,
            text TEXT NOT NULL,
            tags TEXT NOT NULL,
            mood TEXT,
            cw TEXT,
            withdraw TEXT UNIQUE
        )
        """,
    ]

    /// Adds held stories and the waiting work to `counts` (the build's summary says it).
    static func addModeration(to counts: inout LedgerCounts, _ connection: SQLiteConnection, path: String) throws(LedgerError) {
        counts.held = Set(try run(connection, path: path, "SELECT story_id FROM holds").compactMap { $0.column("story_id")?.string })
        counts.openReports = try run(connection, path: path, "SELECT count(*) AS n FROM reports").first?.column("n")?.integer ?? 0
        counts.pendingSubmissions = try run(connection, path: path, "SELECT count(*) AS n FROM submissions").first?.column("n")?.integer ?? 0
    }

    func addModeration(to counts: inout LedgerCounts) async throws(LedgerError) {
        do {
            counts.held = Set(try await connection.query("SELECT story_id FROM holds").compactMap { $0.column("story_id")?.string })
            counts.openReports = try await connection.query("SELECT count(*) AS n FROM reports").first?.column("n")?.integer ?? 0
            counts.pendingSubmissions = try await connection.query("SELECT count(*) AS n FROM submissions").first?.column("n")?.integer ?? 0
        } catch {
            throw Self.ledgerError(error, path: path, doing: "read")
        }
    }
}

/// A reader's report as kept: the story, the day, the category and the text after the guard
/// redacted it. Nothing else of the reader exists to keep.
package struct StoredReport: Sendable, Equatable {
    package var number: Int
    package var storyID: String
    package var day: Day
    package var category: String
    package var text: String?

    package init(number: Int = 0, storyID: String, day: Day, category: String, text: String?) {
        self.number = number
        self.storyID = storyID
        self.day = day
        self.category = category
        self.text = text
    }
}

/// A submission waiting in the inbox: the fields as the guard cleaned them, and its day.
package struct StoredSubmission: Sendable, Equatable {
    package var number: Int
    package var day: Day
    package var title: String?
    package var text: String
    package var tags: [String]
    package var mood: String?
    package var cw: String?

    package init(number: Int = 0, day: Day, title: String?, text: String, tags: [String], mood: String?, cw: String?) {
        self.number = number
        self.day = day
        self.title = title
        self.text = text
        self.tags = tags
        self.mood = mood
        self.cw = cw
    }
}

/// Reports, holds and submissions in the ledger's SQLite file (docs/moderation.md), on a
/// connection of their own: an actor, so one moderation transaction never interleaves with
/// another, and never with the hearts' group commit, which has its own connection.
///
/// What is removed is removed for good: `secure_delete` overwrites the rows, and `scrub`
/// checkpoints the WAL into the file, vacuums it and truncates the WAL, so neither the
/// database nor its -wal keeps a rejected or approved submission's words.
package actor SQLiteModerationStore: ModerationStore {
    private let store: SQLiteHeartStore

    /// Opens the ledger at `path` (made and brought up to date if needed) for moderation.
    package static func open(path: String) async throws(LedgerError) -> SQLiteModerationStore {
        SQLiteModerationStore(store: try await SQLiteHeartStore.open(path: path))
    }

    private init(store: SQLiteHeartStore) {
        self.store = store
    }

    package func close() async {
        await store.close()
    }

    // MARK: Reports

    /// Keeps `report`; when `holdAfter` is given and the story now has that many open
    /// reports, holds it for review. Returns whether the story is held.
    package func addReport(_ report: StoredReport, holdAfter: Int?) async throws(LedgerError) -> Bool {
        try await transaction { connection in
            _ = try await connection.query(
                "INSERT INTO reports (story_id, day, category, text) VALUES (?, ?, ?, ?)",
                [.text(report.storyID), .text(report.day.description), .text(report.category), report.text.map(SQLiteData.text) ?? .null]
            )
            guard let holdAfter else { return false }
            let open = try await connection.query("SELECT count(*) AS n FROM reports WHERE story_id = ?", [.text(report.storyID)])
            guard (open.first?.column("n")?.integer ?? 0) >= holdAfter else { return false }
            _ = try await connection.query(
                "INSERT OR IGNORE INTO holds (story_id, day) VALUES (?, ?)",
                [.text(report.storyID), .text(report.day.description)]
            )
            return true
        }
    }

    /// Every open report, oldest first.
    package func reports() async throws(LedgerError) -> [StoredReport] {
        let rows = try await query("SELECT number, story_id, day, category, text FROM reports ORDER BY day, number")
        return try rows.map { row throws(LedgerError) in
            guard let number = row.column("number")?.integer, let id = row.column("story_id")?.string,
                let day = row.column("day")?.string.flatMap(Day.init(iso:)), let category = row.column("category")?.string
            else { throw corrupt("a report") }
            return StoredReport(number: number, storyID: id, day: day, category: category, text: row.column("text")?.string)
        }
    }

    /// The stories held for review.
    package func held() async throws(LedgerError) -> Set<String> {
        Set(try await query("SELECT story_id FROM holds").compactMap { $0.column("story_id")?.string })
    }

    /// Closes every report of a story and lifts its hold (`hush reports dismiss`, `hush
    /// takedown`); the reports' texts are scrubbed from the file. Returns how many were open.
    @discardableResult
    package func closeReports(of storyID: String) async throws(LedgerError) -> Int {
        let closed = try await transaction { connection in
            let open = try await connection.query("SELECT count(*) AS n FROM reports WHERE story_id = ?", [.text(storyID)])
            _ = try await connection.query("DELETE FROM reports WHERE story_id = ?", [.text(storyID)])
            _ = try await connection.query("DELETE FROM holds WHERE story_id = ?", [.text(storyID)])
            return open.first?.column("n")?.integer ?? 0
        }
        try await scrub()
        return closed
    }

    // MARK: Submissions

    /// Keeps a submission that passed the guard; `withdrawKey` is the hash of its one-time
    /// withdrawal code, if the submitter asked for one. Returns its inbox number.
    package func addSubmission(_ submission: StoredSubmission, withdrawKey: String?) async throws(LedgerError) -> Int {
        try await transaction { connection in
            _ = try await connection.query(
                "INSERT INTO submissions (day, title, text, tags, mood, cw, withdraw) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(submission.day.description), Self.optional(submission.title), .text(submission.text),
                    .text(submission.tags.joined(separator: "\n")), Self.optional(submission.mood), Self.optional(submission.cw),
                    Self.optional(withdrawKey),
                ]
            )
            return try await connection.query("SELECT last_insert_rowid() AS n").first?.column("n")?.integer ?? 0
        }
    }

    /// Every waiting submission, oldest first.
    package func submissions() async throws(LedgerError) -> [StoredSubmission] {
        let rows = try await query("SELECT number, day, title, text, tags, mood, cw FROM submissions ORDER BY number")
        return try rows.map { row throws(LedgerError) in
            guard let number = row.column("number")?.integer, let day = row.column("day")?.string.flatMap(Day.init(iso:)),
                let text = row.column("text")?.string, let tags = row.column("tags")?.string
            else { throw corrupt("a submission") }
            return StoredSubmission(
                number: number,
                day: day,
                title: row.column("title")?.string,
                text: text,
                tags: tags.split(separator: "\n").map(String.init),
                mood: row.column("mood")?.string,
                cw: row.column("cw")?.string
            )
        }
    }

    /// Removes submission `number` for good (approved into content/, or rejected). Returns
    /// whether there was one.
    @discardableResult
    package func removeSubmission(_ number: Int) async throws(LedgerError) -> Bool {
        let removed = try await transaction { connection in
            let found = try await connection.query("SELECT count(*) AS n FROM submissions WHERE number = ?", [.integer(number)])
            _ = try await connection.query("DELETE FROM submissions WHERE number = ?", [.integer(number)])
            return (found.first?.column("n")?.integer ?? 0) > 0
        }
        if removed { try await scrub() }
        return removed
    }

    /// Removes the submission whose withdrawal code hashes to `withdrawKey` (the submitter
    /// took it back). Returns whether there was one.
    package func withdraw(_ withdrawKey: String) async throws(LedgerError) -> Bool {
        let removed = try await transaction { connection in
            let found = try await connection.query("SELECT count(*) AS n FROM submissions WHERE withdraw = ?", [.text(withdrawKey)])
            _ = try await connection.query("DELETE FROM submissions WHERE withdraw = ?", [.text(withdrawKey)])
            return (found.first?.column("n")?.integer ?? 0) > 0
        }
        if removed { try await scrub() }
        return removed
    }

    // MARK: Helpers

    /// Moves everything the WAL holds into the file, rebuilds the file without free pages, and
    /// empties the WAL, so removed words are in neither. A reader connection that keeps the
    /// WAL busy (the backend's, between two queries) is waited for a few times.
    private func scrub() async throws(LedgerError) {
        _ = try await query("PRAGMA wal_checkpoint(TRUNCATE)")
        _ = try await query("VACUUM")
        for attempt in 0..<20 {
            let result = try await query("PRAGMA wal_checkpoint(TRUNCATE)").first
            if result?.column("busy")?.integer == 0 { return }
            try? await Task.sleep(for: .milliseconds(50 * (attempt + 1)))
        }
        throw LedgerError(
            .unavailable,
            path: store.path,
            "could not empty its write-ahead log (another program keeps it busy); the removed text may stay in \(store.path)-wal until `hush backend` stops"
        )
    }

    private func query(_ sql: String, _ binds: [SQLiteData] = []) async throws(LedgerError) -> [SQLiteRow] {
        do {
            return try await store.connection.query(sql, binds)
        } catch {
            throw SQLiteHeartStore.ledgerError(error, path: store.path, doing: "read or write")
        }
    }

    private func transaction<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws(LedgerError) -> T {
        let connection = store.connection
        do {
            _ = try await connection.query("BEGIN IMMEDIATE")
            do {
                let result = try await body(connection)
                _ = try await connection.query("COMMIT")
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
        } catch {
            throw SQLiteHeartStore.ledgerError(error, path: store.path, doing: "write")
        }
    }

    private func corrupt(_ what: String) -> LedgerError {
        LedgerError(.corrupt, path: store.path, "holds \(what) that cannot be read; restore the ledger from a backup")
    }

    private static func optional(_ text: String?) -> SQLiteData {
        text.map(SQLiteData.text) ?? .null
    }
}
