internal import ServiceLifecycle

/// A service that does `work` every `seconds` until the service group shuts down: the
/// backend reads the site again (stories published or removed since) and, when other
/// processes write the same ledger (`--db postgres://…`), the ledger's totals, so each
/// process shows the others' hearts within one period.
struct Periodic: Service {
    let seconds: Double
    let work: @Sendable () async -> Void

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
            } catch {
                return
            }
            await work()
        }
    }
}
