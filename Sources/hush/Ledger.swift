import HushCore
import HushSite

/// The ledger a build adds to front-matter hearts (`--ledger FILE`, `backend.ledger`), as
/// counts: the one place that knows every form a ledger takes. A JSON snapshot is read by
/// the generator; the backend's SQLite database by the ledger's own module, which only the
/// command line links (docs/architecture.md: the generator links no database).
@Sendable
func readLedger(_ path: String) throws(LedgerFile.Failure) -> LedgerCounts {
    switch try LedgerFile.kind(at: path) {
    case .snapshot:
        return try LedgerFile.readSnapshot(at: path)
    case .database:
        // The backend's database, opened read-only, is read by HushLedger (the backend's
        // module); until it is linked here, a build takes a snapshot of it instead.
        return try LedgerFile.snapshotsOnly(path)
    }
}
