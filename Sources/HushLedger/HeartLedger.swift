internal import HushCore

/// The ledger as the backend uses it: hearts given now are grouped into one transaction
/// (group commit), and each is acknowledged only when the transaction holding it has
/// committed. Keeps the committed totals in memory, so reading a count costs no query.
///
/// Concurrent `give` calls that arrive while a batch is being written wait together and go
/// into the next batch: under load one commit (one fsync) carries many hearts.
package actor HeartLedger {
    private let store: any HeartStore
    /// Readers' hearts by story, as committed.
    private var totals: [String: Int]
    /// Hearts given but not yet in a transaction: one waiting caller a heart, by story and day.
    private var pending: [HeartDay: [CheckedContinuation<Result<Void, LedgerError>, Never>]] = [:]
    private var writing = false
    /// A `refresh()` waits for the writer to read the totals anew.
    private var refreshing: [CheckedContinuation<Result<Void, LedgerError>, Never>] = []
    /// The most hearts one transaction takes; the rest wait for the next.
    private let batchLimit: Int

    /// A ledger over `store`, starting from the totals it holds.
    package init(store: any HeartStore, batchLimit: Int = 4096) async throws(LedgerError) {
        self.store = store
        self.totals = try await store.counts().hearts
        self.batchLimit = max(1, batchLimit)
    }

    /// Records one heart for `key`; returns the story's readers' total once it has committed.
    package func give(_ key: HeartDay) async throws(LedgerError) -> Int {
        let result = await withCheckedContinuation { continuation in
            pending[key, default: []].append(continuation)
            if !writing {
                writing = true
                Task { await self.write() }
            }
        }
        try result.get()
        return totals[key.storyID] ?? 0
    }

    /// Readers' hearts given to one story (committed).
    package func hearts(of storyID: String) -> Int {
        totals[storyID] ?? 0
    }

    /// Readers' hearts by story (committed).
    package func allHearts() -> [String: Int] {
        totals
    }

    /// Reads the totals anew from the store, for a store that other processes write too
    /// (PostgreSQL): the writer reads them between two batches, so that no heart of this
    /// process is counted twice or lost from the totals.
    package func refresh() async throws(LedgerError) {
        let result = await withCheckedContinuation { continuation in
            refreshing.append(continuation)
            if !writing {
                writing = true
                Task { await self.write() }
            }
        }
        try result.get()
    }

    /// Waits for every heart given so far to be written, then closes the store.
    package func close() async {
        while writing || !pending.isEmpty || !refreshing.isEmpty { await Task.yield() }
        await store.close()
    }

    private func write() async {
        while !pending.isEmpty || !refreshing.isEmpty {
            if !refreshing.isEmpty {
                let waiters = refreshing
                refreshing = []
                let result: Result<Void, LedgerError>
                do {
                    totals = try await store.counts().hearts
                    result = .success(())
                } catch {
                    result = .failure(error)
                }
                for waiter in waiters { waiter.resume(returning: result) }
                continue
            }
            // Whole keys, so that every caller whose heart is in the batch, and only those,
            // hears of its commit.
            var batch: [HeartDay: [CheckedContinuation<Result<Void, LedgerError>, Never>]] = [:]
            var taken = 0
            for (key, waiters) in pending where taken < batchLimit {
                batch[key] = waiters
                taken += waiters.count
            }
            for key in batch.keys { pending[key] = nil }
            let result: Result<Void, LedgerError>
            do {
                try await store.add(batch.mapValues(\.count))
                for (key, waiters) in batch { totals[key.storyID, default: 0] += waiters.count }
                result = .success(())
            } catch {
                result = .failure(error)
            }
            for waiters in batch.values {
                for waiter in waiters { waiter.resume(returning: result) }
            }
        }
        writing = false
    }
}
