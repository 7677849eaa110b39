package import HushCore

/// Where the backend keeps the day's salt and the day's reader keys (docs/backend.md, "What a
/// reader leaves"): what decides that a reader's second heart to a story on one UTC day is not
/// counted. One backend process keeps them in memory (`MemoryReaderKeys`, beside the SQLite
/// ledger); several processes sharing one PostgreSQL ledger keep them in its tables
/// (`PostgresHeartStore`), so that a reader counts once whichever process answers.
///
/// Either way there is only ever one day: asking for a newer day's salt drops the older
/// day's salt and every key made under it.
package protocol ReaderKeyStore: Sendable {
    /// The salt of `day`, made (32 random bytes) by the first to ask for it. Asking drops every
    /// older day's salt and keys. When the store already holds a newer day (another process's
    /// clock passed midnight first), that day and its salt are the answer: the newest day wins.
    func salt(for day: Day) async throws(LedgerError) -> DaySalt

    /// Marks `key` as given a heart on `day`: `.first` if it was not yet, `.again` if it was,
    /// `.dayOver` if the day's salt is gone (the day has rotated; ask for the salt again).
    func claim(_ key: ReaderKey, on day: Day) async throws(LedgerError) -> ReaderClaim

    /// Takes back a key whose heart could not be recorded, so the reader may try again.
    func release(_ key: ReaderKey, on day: Day) async throws(LedgerError)

    /// How many keys `day` holds (tests: they are dropped at rotation).
    func keyCount(on day: Day) async throws(LedgerError) -> Int
}

/// A day and the salt every reader key of that day is made under.
package struct DaySalt: Sendable, Equatable {
    package var day: Day
    /// 32 bytes from the system's cryptographic random source.
    package var bytes: [UInt8]

    package init(day: Day, bytes: [UInt8]) {
        self.day = day
        self.bytes = bytes
    }

    /// 32 fresh random bytes (`SystemRandomNumberGenerator` reads the kernel's CSPRNG).
    package static func randomBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// A reader key: the first 128 bits of a keyed hash of the reader's truncated address, agent
/// and a story's id. Without the day's salt it cannot be tested against a guessed address.
package struct ReaderKey: Sendable, Hashable {
    package let high: UInt64
    package let low: UInt64

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The 16 bytes, big-endian, as a database keeps them.
    package var bytes: [UInt8] {
        withUnsafeBytes(of: high.bigEndian, Array.init) + withUnsafeBytes(of: low.bigEndian, Array.init)
    }

    /// The key of 16 bytes; nil for any other length.
    package init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        func word(_ slice: ArraySlice<UInt8>) -> UInt64 { slice.reduce(0) { $0 << 8 | UInt64($1) } }
        self.init(high: word(bytes[0..<8]), low: word(bytes[8..<16]))
    }
}

/// What marking a reader key found.
package enum ReaderClaim: Sendable, Equatable {
    /// The reader's first heart to the story today: count it.
    case first
    /// Given already today: do not count it.
    case again
    /// The key's day is over (its salt was dropped): make the key again under the new salt.
    case dayOver
}

/// The day's salt and keys in this process's memory only, for one backend process: nothing of
/// them is ever written anywhere, and a restart starts a new salt.
package actor MemoryReaderKeys: ReaderKeyStore {
    private var current: DaySalt?
    private var seen: Set<ReaderKey> = []

    package init() {}

    package func salt(for day: Day) -> DaySalt {
        if let current, current.day >= day { return current }
        let fresh = DaySalt(day: day, bytes: DaySalt.randomBytes())
        current = fresh
        seen = []
        return fresh
    }

    package func claim(_ key: ReaderKey, on day: Day) -> ReaderClaim {
        guard day == current?.day else { return .dayOver }
        return seen.insert(key).inserted ? .first : .again
    }

    package func release(_ key: ReaderKey, on day: Day) {
        guard day == current?.day else { return }
        seen.remove(key)
    }

    package func keyCount(on day: Day) -> Int {
        day == current?.day ? seen.count : 0
    }
}
