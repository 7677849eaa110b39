import Foundation
import HushBackend
import HushCore
import HushLedger
import HushTestSupport
import Testing

extension PostgresTests {
    /// The PostgreSQL ledger against a real server: what several backend processes sharing one
    /// database count, the day's salt and keys, the rows, and the databases it refuses.
    @Suite struct Ledger {
        let reader = ReaderAddress("203.0.113.7")!
        let neighbour = ReaderAddress("203.0.113.200")!  // the same /24: the same reader
        let other = ReaderAddress("198.51.100.9")!

        @Test func twoProcessesCountOneHeartPerReaderPerStory() async throws {
            let url = try postgres().makeDatabase()
            // Two stores, two connection pools: two backend processes as the database sees them.
            let first = try await PostgresHeartStore.open(url: url)
            let second = try await PostgresHeartStore.open(url: url)
            let clock = TestClock()
            let readersA = Readers(keys: first, clock: { clock() })
            let readersB = Readers(keys: second, clock: { clock() })
            let ledgerA = try await HeartLedger(store: first)
            let ledgerB = try await HeartLedger(store: second)

            guard case .count(let day, _) = await readersA.admit(address: reader, agent: "Firefox", storyID: "s1") else {
                Issue.record("the first heart was not counted")
                return
            }
            #expect(day == testDay)
            #expect(try await ledgerA.give(HeartDay(storyID: "s1", day: day)) == 1)
            #expect(await readersB.admit(address: reader, agent: "Firefox", storyID: "s1") == .duplicate)
            #expect(await readersB.admit(address: neighbour, agent: "Firefox", storyID: "s1") == .duplicate)
            #expect(await readersA.admit(address: reader, agent: "Firefox", storyID: "s1") == .duplicate)
            // Another reader, another agent on the same network, another story: each counts.
            for (address, agent, story) in [(other, "Firefox", "s1"), (reader, "Safari", "s1"), (reader, "Firefox", "s2")] {
                guard case .count(let day, _) = await readersB.admit(address: address, agent: agent, storyID: story) else {
                    Issue.record("\(agent) on \(story) was not counted")
                    continue
                }
                _ = try await ledgerB.give(HeartDay(storyID: story, day: day))
            }
            #expect(
                try await first.rows() == [
                    HeartRow(key: HeartDay(storyID: "s1", day: testDay), count: 3),
                    HeartRow(key: HeartDay(storyID: "s2", day: testDay), count: 1),
                ]
            )
            #expect(try await first.keyCount(on: testDay) == 4)
            // Each process shows the other's hearts once it reads the totals anew.
            #expect(await ledgerA.hearts(of: "s1") == 1)
            try await ledgerA.refresh()
            #expect(await ledgerA.allHearts() == ["s1": 3, "s2": 1])
            #expect(try await first.salt(for: testDay) == second.salt(for: testDay))
            await ledgerA.close()
            await ledgerB.close()
        }

        @Test func manyReadersThroughTwoProcessesAtOnceCountOnceEach() async throws {
            let url = try postgres().makeDatabase()
            let stores = [try await PostgresHeartStore.open(url: url), try await PostgresHeartStore.open(url: url)]
            let clock = TestClock()
            let readers = stores.map { Readers(keys: $0, limit: .init(burst: 1000, perSecond: 1000), clock: { clock() }) }
            let ledgers = [try await HeartLedger(store: stores[0]), try await HeartLedger(store: stores[1])]
            // 30 readers, each hearting "s1" three times through each process, all at once.
            let counted = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<30 {
                    for process in 0..<2 {
                        for _ in 0..<3 {
                            group.addTask {
                                let address = ReaderAddress("10.0.\(n).1")!
                                guard case .count(let day, _) = await readers[process].admit(address: address, agent: "A", storyID: "s1") else {
                                    return 0
                                }
                                _ = try await ledgers[process].give(HeartDay(storyID: "s1", day: day))
                                return 1
                            }
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(counted == 30)
            #expect(try await stores[1].counts().hearts == ["s1": 30])
            #expect(try await stores[0].keyCount(on: testDay) == 30)
            for ledger in ledgers { await ledger.close() }
        }

        @Test func rotationDeletesTheDaysSaltAndKeys() async throws {
            let server = try postgres()
            let url = try server.makeDatabase()
            let first = try await PostgresHeartStore.open(url: url)
            let second = try await PostgresHeartStore.open(url: url)
            let clockA = TestClock()
            let clockB = TestClock()
            let readersA = Readers(keys: first, clock: { clockA() })
            let readersB = Readers(keys: second, clock: { clockB() })
            for address in [reader, other] {
                guard case .count = await readersA.admit(address: address, agent: "A", storyID: "s1") else {
                    Issue.record("not counted")
                    return
                }
            }
            let yesterday = testDay
            #expect(try server.psql("SELECT to_char(day, 'YYYY-MM-DD') FROM hush_salt", database: url) == yesterday.description)
            #expect(try server.psql("SELECT count(*) FROM hush_reader_keys", database: url) == "2")
            let oldSalt = try server.psql("SELECT encode(salt, 'hex') FROM hush_salt", database: url)

            // Midnight passes for the first process: the day's salt and every key of it go.
            clockA.advance(days: 1)
            let today = Day(daysSinceEpoch: yesterday.daysSinceEpoch + 1)
            guard case .count(let newDay, _) = await readersA.admit(address: reader, agent: "A", storyID: "s1") else {
                Issue.record("the reader's heart on the new day was not counted")
                return
            }
            #expect(newDay == today)
            #expect(try server.psql("SELECT to_char(day, 'YYYY-MM-DD') FROM hush_salt", database: url) == today.description)
            #expect(try server.psql("SELECT count(*) FROM hush_reader_keys WHERE day <> '\(today)'", database: url) == "0")
            #expect(try server.psql("SELECT count(*) FROM hush_reader_keys", database: url) == "1")
            #expect(try server.psql("SELECT encode(salt, 'hex') FROM hush_salt", database: url) != oldSalt)
            #expect(try await first.keyCount(on: yesterday) == 0)

            // The second process's clock is still before midnight: the newest day wins, and the
            // reader who hearted today through the first process is known to it too.
            #expect(await readersB.admit(address: reader, agent: "A", storyID: "s1") == .duplicate)
            guard case .count(let day, _) = await readersB.admit(address: other, agent: "A", storyID: "s1") else {
                Issue.record("another reader was not counted on the new day")
                return
            }
            #expect(day == today)
            #expect(try server.psql("SELECT count(*) FROM hush_salt", database: url) == "1")
            await first.close()
            await second.close()
        }

        @Test func rowsAndCountsAreTheSQLiteLedgers() async throws {
            let url = try postgres().makeDatabase()
            let folder = try makeTemporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder.path) }
            let sqlite = try await SQLiteHeartStore.open(path: folder("ledger.sqlite"))
            let store = try await PostgresHeartStore.open(url: url)
            // Ids whose order differs between byte order and a language's collation.
            let ids = ["a", "B", "é", "s-10", "s-9", "Z", "zz"]
            var generator = SeededGenerator(seed: 11)
            for _ in 0..<25 {
                var batch: [HeartDay: Int] = [:]
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    let day = Day(daysSinceEpoch: testDay.daysSinceEpoch - Int.random(in: 0...3, using: &generator))
                    batch[HeartDay(storyID: ids.randomElement(using: &generator)!, day: day)] = Int.random(in: 0...5, using: &generator)
                }
                try await sqlite.add(batch)
                try await store.add(batch)
            }
            try await store.add([:])
            let rows = try await sqlite.rows()
            #expect(!rows.isEmpty)
            #expect(try await store.rows() == rows)
            #expect(try await store.counts() == sqlite.counts())
            // What a build reads (`--ledger postgres://…`, `hush backend export --db postgres://…`).
            #expect(try await readLedgerFile(url) == sqlite.counts())
            await store.close()
            // Opened again: the same schema is accepted and the rows are all there.
            let again = try await PostgresHeartStore.open(url: url)
            #expect(try await again.rows() == rows)
            await again.close()
            await sqlite.close()
        }

        @Test func groupCommitAcknowledgesEveryHeartItRecords() async throws {
            let url = try postgres().makeDatabase()
            let store = try await PostgresHeartStore.open(url: url)
            let ledger = try await HeartLedger(store: store, batchLimit: 16)
            let acknowledged = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<200 {
                    group.addTask {
                        _ = try await ledger.give(HeartDay(storyID: "s\(n % 7)", day: testDay))
                        return 1
                    }
                }
                return try await group.reduce(0, +)
            }
            await ledger.close()
            let reopened = try await PostgresHeartStore.open(url: url)
            #expect(try await reopened.counts().hearts.values.reduce(0, +) == acknowledged)
            #expect(try await reopened.rows().map(\.count).reduce(0, +) == 200)
            await reopened.close()
        }
    }
}
