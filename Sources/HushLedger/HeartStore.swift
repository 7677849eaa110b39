package import HushCore

/// Where the ledger's hearts are kept (docs/backend.md, "Storage"): durable rows of counts,
/// one per story and UTC day, from which every total can be recomputed. `SQLiteHeartStore`
/// is the default; a PostgreSQL store for several backend processes implements the same
/// protocol. The SQL of each lives in its implementation, never here.
///
/// A store is given batches (`HeartRecorder` groups concurrent hearts into one), and `add`
/// returns only once the transaction holding the batch has committed: a heart is never
/// acknowledged before it is durable.
package protocol HeartStore: Sendable {
    /// Adds every count of the batch in one transaction, and returns once it has committed.
    /// On a throw nothing of the batch was recorded.
    func add(_ batch: [HeartDay: Int]) async throws(LedgerError)

    /// The ledger as a build reads it: readers' hearts by story, summed over every day. The
    /// moderation tables (held stories, reports, submissions) fill the other fields.
    func counts() async throws(LedgerError) -> LedgerCounts

    /// The durable rows, in order of story and day: what every total is recomputed from.
    func rows() async throws(LedgerError) -> [HeartRow]

    /// Lets go of the database (a clean close checkpoints SQLite's WAL).
    func close() async
}

/// One story on one UTC day: the key of a ledger row.
package struct HeartDay: Sendable, Hashable {
    /// The story's public id (`s/<id>/`).
    package var storyID: String
    /// The UTC day the hearts were given on.
    package var day: Day

    package init(storyID: String, day: Day) {
        self.storyID = storyID
        self.day = day
    }
}

/// A durable row of the ledger: hearts given to one story on one UTC day. No reader, address
/// or agent is in it, nor can be: the rows are all a ledger stores of hearts.
package struct HeartRow: Sendable, Hashable {
    package var key: HeartDay
    package var count: Int

    package init(key: HeartDay, count: Int) {
        self.key = key
        self.count = count
    }
}

/// Why the ledger could not be opened, read or written. The message names the file and what
/// to do; it never holds a reader's address or agent (there are none to hold).
package struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The file is not a SQLite database, nor a hush ledger snapshot.
        case notALedger
        /// A SQLite database of another program, or of a newer hush.
        case foreign
        /// A hush ledger that fails SQLite's integrity check, or holds impossible rows.
        case corrupt
        /// The file cannot be opened, read or written (missing, permissions, disk full).
        case unavailable
    }

    /// What kind of failure, for the caller's exit code.
    package let kind: Kind
    /// The ledger's path, as given.
    package let path: String
    /// What is wrong and what to do, without the path.
    package let message: String

    package init(_ kind: Kind, path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    package var description: String { "\(path): \(message)" }
}
