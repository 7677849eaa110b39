internal import Crypto
package import Foundation
package import HushCore

/// What the backend knows of readers, all of it in memory and none of it for long
/// (docs/backend.md, "What a reader leaves"): the keys of today's hearts and today's rate
/// buckets, each a keyed hash (HMAC-SHA256) under a 32-byte random salt that is made at
/// start and replaced at UTC midnight, when every key and bucket of the day is dropped.
///
/// A key is the hash of the reader's truncated address (/24, /48), user agent and the
/// story's id: one heart per reader per story per UTC day. Without the salt (which never
/// leaves this actor) a key cannot be tested against a guessed address.
package actor Readers {
    /// What to do with a heart.
    package enum Decision: Sendable, Equatable {
        /// Count it, on this UTC day; `forget(key)` if it could not be recorded.
        case count(day: Day, key: Key)
        /// This reader gave this story a heart today already.
        case duplicate
        /// Too many requests from this reader's network; try again after that many seconds.
        case limited(retryAfter: Int)
    }

    /// A reader key: the first 128 bits of the HMAC.
    package struct Key: Sendable, Hashable {
        let high: UInt64
        let low: UInt64
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
    private var day: Day
    private var salt: SymmetricKey
    private var seen: Set<Key> = []
    private var buckets: [Key: Bucket] = [:]

    /// - Parameter clock: the time (tests move it past midnight).
    package init(limit: Limit = Limit(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = clock
        self.limit = limit
        self.day = Self.utcDay(clock())
        self.salt = SymmetricKey(size: .bits256)
    }

    /// What a reader does: each is one per reader per story per UTC day, with keys of its own.
    package enum Action: UInt8, Sendable {
        case heart = 0
        case report = 2
    }

    /// Decides on a heart (or a report) from `address` (already the reader's, proxies
    /// resolved) with `agent` for `storyID`, and marks it given when it is to be counted.
    package func admit(address: ReaderAddress, agent: String, storyID: String, action: Action = .heart) -> Decision {
        guard spend(address) else { return .limited(retryAfter: retryAfter(address)) }
        let reader = key(kind: action.rawValue, address.truncated, Array(agent.utf8), storyID)
        guard seen.insert(reader).inserted else { return .duplicate }
        return .count(day: day, key: reader)
    }

    /// Takes one request from the network's allowance (a submission, which has no story to
    /// dedupe by); nil when it is allowed, else the seconds to wait.
    package func throttle(_ address: ReaderAddress) -> Int? {
        spend(address) ? nil : retryAfter(address)
    }

    /// Today, UTC: the only time a report or a submission keeps.
    package func today() -> Day {
        rotateIfNewDay(clock())
        return day
    }

    private func spend(_ address: ReaderAddress) -> Bool {
        let now = clock()
        rotateIfNewDay(now)
        let network = key(kind: 1, address.truncated, [], "")
        var bucket = buckets[network] ?? Bucket(tokens: limit.burst, updated: now)
        bucket.tokens = min(limit.burst, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * limit.perSecond)
        bucket.updated = now
        defer { buckets[network] = bucket }
        guard bucket.tokens >= 1 else { return false }
        bucket.tokens -= 1
        return true
    }

    private func retryAfter(_ address: ReaderAddress) -> Int {
        let tokens = buckets[key(kind: 1, address.truncated, [], "")]?.tokens ?? 0
        return max(1, Int(((1 - tokens) / limit.perSecond).rounded(.up)))
    }

    /// Takes back a heart that could not be recorded, so the reader may try again.
    package func forget(_ key: Key) {
        seen.remove(key)
    }

    /// How many keys are held today (for tests: they are dropped at midnight).
    package var keysHeld: Int { seen.count }

    private func rotateIfNewDay(_ now: Date) {
        let today = Self.utcDay(now)
        guard today != day else { return }
        day = today
        salt = SymmetricKey(size: .bits256)
        seen = []
        buckets = [:]
    }

    private func key(kind: UInt8, _ network: [UInt8], _ agent: [UInt8], _ storyID: String) -> Key {
        var hmac = HMAC<SHA256>(key: salt)
        // Lengths before each part, so no two different inputs give the same bytes.
        hmac.update(data: [kind, UInt8(network.count)] + network)
        hmac.update(data: withUnsafeBytes(of: UInt32(agent.count).bigEndian, Array.init) + agent)
        hmac.update(data: Array(storyID.utf8))
        let mac = Array(hmac.finalize())
        func word(_ slice: ArraySlice<UInt8>) -> UInt64 { slice.reduce(0) { $0 << 8 | UInt64($1) } }
        return Key(high: word(mac[0..<8]), low: word(mac[8..<16]))
    }

    /// The UTC day of a moment.
    package static func utcDay(_ date: Date) -> Day {
        Day(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
