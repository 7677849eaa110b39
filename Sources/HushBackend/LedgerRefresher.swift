internal import HushLedger
internal import ServiceLifecycle

/// Reads the ledger's totals anew every few seconds when other backend processes write it too
/// (`--db postgres://…`): each process counts its own hearts at once and the others' within
/// one period, in `GET /hearts/<id>`, `GET /hearts.json` and a heart's answer.
struct LedgerRefresher: Service {
    let ledger: HeartLedger
    let seconds: Double

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
            } catch {
                return
            }
            // A database out of reach keeps the last totals; the next period tries again.
            try? await ledger.refresh()
        }
    }
}
