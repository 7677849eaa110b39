internal import HushCore

/// The backend's database, chosen by what `--db` names (docs/backend.md): a PostgreSQL URL
/// (`postgres://…`, for several backend processes sharing one ledger and one day's salt) or a
/// SQLite file (one process, the day's salt in its memory).
package struct LedgerDatabase: Sendable {
    /// Where the hearts are kept.
    package let hearts: any HeartStore
    /// Where the day's salt and reader keys are kept.
    package let readerKeys: any ReaderKeyStore
    /// Where reports, holds and submissions are kept, on a connection of their own; nil for
    /// a PostgreSQL ledger, which keeps hearts only (docs/moderation.md).
    package let moderation: (any ModerationStore)?
    /// The database as messages show it (a URL's password left out).
    package let display: String
    /// Whether other processes may write the same ledger (PostgreSQL): then a process reads
    /// the totals anew now and then (`HeartLedger.refresh`), to show their hearts too.
    package let shared: Bool

    /// Opens (or makes) the ledger `location` names.
    package static func open(_ location: String) async throws(LedgerError) -> LedgerDatabase {
        if PostgresLocation.isURL(location) {
            let store = try await PostgresHeartStore.open(url: location)
            return LedgerDatabase(hearts: store, readerKeys: store, moderation: nil, display: store.location.display, shared: true)
        }
        let hearts = try await SQLiteHeartStore.open(path: location)
        let moderation: SQLiteModerationStore
        do {
            moderation = try await SQLiteModerationStore.open(path: location)
        } catch {
            await hearts.close()
            throw error
        }
        return LedgerDatabase(hearts: hearts, readerKeys: MemoryReaderKeys(), moderation: moderation, display: location, shared: false)
    }

    /// `location` as a message may show it: a URL without its password.
    package static func display(_ location: String) -> String {
        PostgresLocation.isURL(location) ? PostgresLocation.redacted(location) : location
    }
}
