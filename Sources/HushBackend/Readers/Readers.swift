internal import Crypto
package import Foundation
package import HushCore
package import HushLedger

/// What the backend knows of readers, none of it for long (docs/backend.md, "What a reader
/// leaves"): the keys of today's hearts and today's rate buckets, each a keyed hash
/// (HMAC-SHA256) under the day's 32-byte random salt, which is replaced at UTC midnight, when
/// every key and bucket of the day is dropped.
///
/// A key is the hash of the reader's truncated address (/24, /48), user agent and the
/// story's id: one heart per reader per story per UTC day. Without the salt a key cannot be
/// tested against a guessed address. The salt and keys are kept by a `ReaderKeyStore`: in
/// this process's memory beside a SQLite ledger, in the shared database beside a PostgreSQL
/// one (several processes, one salt). The rate buckets are always this process's own.
package actor Readers {
    /// What to do with a heart.
    package enum Decision: Sendable, Equatable {
        /// Count it, on this UTC day; `forget(key)` if it could not be recorded.
        case count(day: Day, key: Key)
        /// This reader gave this story a heart today already.
        case duplicate
        /// Too many requests from this reader's network; try again after that many seconds.
        case limited(retryAfter: Int)
        /// The store of the day's keys cannot be reached: nothing was decided, try again later.
        case unavailable
    }

    /// A reader key, and the day it was made for.
    package struct Key: Sendable, Hashable {
        let day: Day
        let hash: ReaderKey
    }

    /// How many hearts a network may send at once, and how fast that allowance refills.
    package struct Limit: Sendable {
        package var burst: Double
        package var perSecond: Double

        package init(burst: Double = 60, perSecond: Double = 1) {
            self.burst = burst
            self.perSecond = perSecond
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let clock: @Sendable () -> Date
    private let limit: Limit
    private let store: any ReaderKeyStore
    /// The day's salt as the store gave it, and the day it is for.
    private var day: Day?
    private var salt = SymmetricKey(size: .bits256)
    private var buckets: [ReaderKey: Bucket] = [:]

    /// - Parameters:
    ///   - keys: where the day's salt and keys are kept (this process's memory by default).
    ///   - clock: the time (tests move it past midnight).
    package init(keys: any ReaderKeyStore = MemoryReaderKeys(), limit: Limit = Limit(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = keys
        self.clock = clock
        self.limit = limit
    }

    /// What a reader does: each is one per reader per story per UTC day, with keys of its own.
    package enum Action: UInt8, Sendable {
        case heart = 0
        case report = 2
    }

    /// Decides on a heart (or a report) from `address` (already the reader's, proxies
    /// resolved) with `agent` for `storyID`, and marks it given when it is to be counted.
    package func admit(address: ReaderAddress, agent: String, storyID: String, action: Action = .heart) async -> Decision {
        let now = clock()
        // A day over as the store sees it (another process rotated first) is asked for once more.
        for _ in 0..<2 {
            guard let (day, salt) = await currentSalt(Self.utcDay(now)) else { return .unavailable }
            if let wait = spend(salt, address, now: now) { return .limited(retryAfter: wait) }
            let reader = key(salt, kind: action.rawValue, address.truncated, Array(agent.utf8), storyID)
            switch try? await store.claim(reader, on: day) {
            case .first: return .count(day: day, key: Key(day: day, hash: reader))
            case .again: return .duplicate
            case .dayOver: if self.day == day { self.day = nil }
            case nil: return .unavailable
            }
        }
        return .unavailable
    }

    /// Takes one request from the network's allowance (a submission, which has no story to
    /// dedupe by): nil when it may go on, else the seconds to wait.
    package func throttle(_ address: ReaderAddress) async -> Int? {
        let now = clock()
        guard let (_, salt) = await currentSalt(Self.utcDay(now)) else { return nil }
        return spend(salt, address, now: now)
    }

    /// Today, UTC: the only time a report or a submission keeps.
    package func today() -> Day {
        Self.utcDay(clock())
    }

    /// Takes a token from the network's bucket: nil when there was one, else the seconds
    /// until there is.
    private func spend(_ salt: SymmetricKey, _ address: ReaderAddress, now: Date) -> Int? {
        let network = key(salt, kind: 1, address.truncated, [], "")
        var bucket = buckets[network] ?? Bucket(tokens: limit.burst, updated: now)
        bucket.tokens = min(limit.burst, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * limit.perSecond)
        bucket.updated = now
        defer { buckets[network] = bucket }
        guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / limit.perSecond).rounded(.up))) }
        bucket.tokens -= 1
        return nil
    }

    /// Takes back a heart that could not be recorded, so the reader may try again.
    package func forget(_ key: Key) async {
        try? await store.release(key.hash, on: key.day)
    }

    /// How many keys are held today (for tests: they are dropped at midnight).
    package var keysHeld: Int {
        get async {
            guard let (day, _) = await currentSalt(Self.utcDay(clock())) else { return 0 }
            return (try? await store.keyCount(on: day)) ?? 0
        }
    }

    /// The day whose salt the keys are made under: `today`, or a later day the store already
    /// holds. On a new day the salt is asked for again, and the day's rate buckets dropped.
    private func currentSalt(_ today: Day) async -> (Day, SymmetricKey)? {
        if let day, day >= today { return (day, salt) }
        guard let fresh = try? await store.salt(for: today) else { return nil }
        if fresh.day != day {
            day = fresh.day
            salt = SymmetricKey(data: fresh.bytes)
            buckets = [:]
        }
        return (fresh.day, salt)
    }

    private func key(_ salt: SymmetricKey, kind: UInt8, _ network: [UInt8], _ agent: [UInt8], _ storyID: String) -> ReaderKey {
        var hmac = HMAC<SHA256>(key: salt)
        // Lengths before each part, so no two different inputs give the same bytes.
        hmac.update(data: [kind, UInt8(network.count)] + network)
        hmac.update(data: withUnsafeBytes(of: UInt32(agent.count).bigEndian, Array.init) + agent)
        hmac.update(data: Array(storyID.utf8))
        let mac = Array(hmac.finalize())
        func word(_ slice: ArraySlice<UInt8>) -> UInt64 { slice.reduce(0) { $0 << 8 | UInt64($1) } }
        return ReaderKey(high: word(mac[0..<8]), low: word(mac[8..<16]))
    }

    /// The UTC day of a moment.
    package static func utcDay(_ date: Date) -> Day {
        Day(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
