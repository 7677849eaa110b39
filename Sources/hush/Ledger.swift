import HushCore
import HushLedger
import HushSite

/// The ledger a build adds to front-matter hearts (`--ledger FILE`, `backend.ledger`), as
/// counts: a JSON snapshot, the backend's SQLite database opened read-only, or its
/// PostgreSQL database (`postgres://…`), all read by the ledger's own module, which only the
/// command line links (docs/architecture.md: the generator links no database).
@Sendable
func readLedger(_ path: String) throws(HushSite.LedgerFile.Failure) -> LedgerCounts {
    do {
        return try HushLedger.LedgerFile.read(at: path)
    } catch {
        switch error.kind {
        case .unavailable: throw HushSite.LedgerFile.Failure(.ledgerUnreadable, error.message)
        case .notALedger, .foreign, .corrupt: throw HushSite.LedgerFile.Failure(.ledgerCorrupt, error.message)
        }
    }
}
