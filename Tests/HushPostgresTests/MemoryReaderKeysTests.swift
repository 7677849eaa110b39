import Foundation
import HushBackend
import HushCore
import HushLedger
import HushTestSupport
import Testing

/// The in-memory `ReaderKeyStore` (beside a SQLite ledger) keeps the same rules as the
/// PostgreSQL one: one salt a day, the newest day wins, rotation drops the day's keys.
@Suite struct MemoryReaderKeysTests {
    let key = ReaderKey(high: 1, low: 2)

    @Test func oneSaltADayAndTheNewestDayWins() async {
        let store = MemoryReaderKeys()
        let today = testDay
        let tomorrow = Day(daysSinceEpoch: today.daysSinceEpoch + 1)
        let salt = await store.salt(for: today)
        #expect(salt.day == today && salt.bytes.count == 32)
        #expect(await store.salt(for: today) == salt)
        #expect(await store.claim(key, on: today) == .first)
        #expect(await store.claim(key, on: today) == .again)
        await store.release(key, on: today)
        #expect(await store.claim(key, on: today) == .first)
        let next = await store.salt(for: tomorrow)
        #expect(next.day == tomorrow && next.bytes != salt.bytes)
        #expect(await store.keyCount(on: today) == 0)
        #expect(await store.claim(key, on: today) == .dayOver)
        #expect(await store.salt(for: today) == next)
        #expect(await store.claim(key, on: tomorrow) == .first)
    }

    @Test func readersOverMemoryCountOncePerDay() async {
        let clock = TestClock()
        let readers = Readers(keys: MemoryReaderKeys(), clock: { clock() })
        let address = ReaderAddress("192.0.2.10")!
        guard case .count(let day, _) = await readers.admit(address: address, agent: "A", storyID: "s1") else {
            Issue.record("the first heart was not counted")
            return
        }
        #expect(day == testDay)
        #expect(await readers.admit(address: address, agent: "A", storyID: "s1") == .duplicate)
        #expect(await readers.keysHeld == 1)
        clock.advance(days: 1)
        #expect(await readers.keysHeld == 0)
        guard case .count(let next, _) = await readers.admit(address: address, agent: "A", storyID: "s1") else {
            Issue.record("the heart of the next day was not counted")
            return
        }
        #expect(next == Day(daysSinceEpoch: testDay.daysSinceEpoch + 1))
    }
}
