import Foundation
import HushCore
import HushLedger
import HushTestSupport
import Testing

@Suite struct LedgerTests {
    let day1 = Day(year: 2026, month: 11, day: 1)!
    let day2 = Day(year: 2026, month: 11, day: 2)!

    @Test func totalsAreRecomputedFromTheDurableRows() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let path = folder("ledger.sqlite")
        let store = try await SQLiteHeartStore.open(path: path)
        try await store.add([HeartDay(storyID: "a", day: day1): 3, HeartDay(storyID: "b", day: day1): 1])
        try await store.add([HeartDay(storyID: "a", day: day1): 2, HeartDay(storyID: "a", day: day2): 4])
        let rows = try await store.rows()
        #expect(
            rows == [
                HeartRow(key: HeartDay(storyID: "a", day: day1), count: 5), HeartRow(key: HeartDay(storyID: "a", day: day2), count: 4),
                HeartRow(key: HeartDay(storyID: "b", day: day1), count: 1),
            ]
        )
        var summed: [String: Int] = [:]
        for row in rows { summed[row.key.storyID, default: 0] += row.count }
        #expect(try await store.counts().hearts == summed)
        #expect(summed == ["a": 9, "b": 1])
        // Read-only, as a build reads it, while the backend still has it open (WAL not checkpointed)…
        #expect(try LedgerFile.read(at: path).hearts == summed)
        await store.close()
        // …and after it closed; and opened again, nothing is lost.
        #expect(try LedgerFile.read(at: path).hearts == summed)
        let again = try await SQLiteHeartStore.open(path: path)
        #expect(try await again.counts().hearts == summed)
        await again.close()
    }

    @Test func aBatchLargerThanOneStatementIsOneTransaction() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let store = try await SQLiteHeartStore.open(path: folder("ledger.sqlite"))
        var batch: [HeartDay: Int] = [:]
        for index in 0..<12_000 { batch[HeartDay(storyID: "s\(index)", day: day1)] = 1 }
        try await store.add(batch)
        #expect(try await store.rows().count == 12_000)
        await store.close()
    }

    @Test func groupCommitAcknowledgesEveryHeartOnceItIsStored() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let store = try await SQLiteHeartStore.open(path: folder("ledger.sqlite"))
        let ledger = try await HeartLedger(store: store, batchLimit: 64)
        let day = day1
        let acknowledged = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<500 {
                group.addTask { try await ledger.give(HeartDay(storyID: "s\(index % 7)", day: day)) }
            }
            var count = 0
            for try await total in group {
                #expect(total >= 1)
                count += 1
            }
            return count
        }
        #expect(acknowledged == 500)
        #expect(try await store.rows().reduce(0) { $0 + $1.count } == 500)
        #expect(await ledger.allHearts().values.reduce(0, +) == 500)
        await ledger.close()
    }

    @Test func aSnapshotIsReadLikeTheDatabase() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let store = try await SQLiteHeartStore.open(path: folder("ledger.sqlite"))
        try await store.add([HeartDay(storyID: "a", day: day1): 3])
        await store.close()
        let counts = try LedgerFile.read(at: folder("ledger.sqlite"))
        try folder.write(bytes: LedgerSnapshot.bytes(of: counts, forExport: true), to: "ledger.json")
        #expect(try LedgerFile.read(at: folder("ledger.json")) == counts)
    }

    /// What a build or the backend must refuse, and how.
    struct BadFile: Sendable, CustomStringConvertible {
        let description: String
        let kind: LedgerError.Kind
        let make: @Sendable (TemporaryFolder, String) async throws -> Void
    }

    static let badFiles: [BadFile] = [
        BadFile(description: "a text file", kind: .corrupt) { folder, _ in try folder.write("hello\n", to: "ledger") },
        BadFile(description: "an empty file", kind: .notALedger) { folder, _ in try folder.write("", to: "ledger") },
        BadFile(description: "a snapshot of another format", kind: .corrupt) { folder, _ in
            try folder.write(#"{"format": "other", "version": 1, "hearts": {}}"#, to: "ledger")
        },
        BadFile(description: "another program's SQLite database", kind: .foreign) { folder, path in
            try await makeLedger(at: path)
            try patch(path, at: 68, [0, 0, 0, 7])  // the header's application_id
        },
        BadFile(description: "a newer hush's ledger", kind: .foreign) { folder, path in
            try await makeLedger(at: path)
            try patch(path, at: 60, [0, 0, 0, 99])  // the header's user_version
        },
        BadFile(description: "a ledger with a damaged page", kind: .corrupt) { folder, path in
            try await makeLedger(at: path)
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            #expect(size >= 8192)
            try patch(path, at: 4096 + 8, Array(repeating: 0xA5, count: 2000))  // inside the hearts table's page
        },
    ]

    @Test(arguments: badFiles) func aBadLedgerIsAnErrorNeverZero(_ bad: BadFile) async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let path = folder("ledger")
        try await bad.make(folder, path)
        #expect {
            _ = try LedgerFile.read(at: path)
        } throws: { error in
            (error as? LedgerError)?.kind == bad.kind
        }
        if bad.kind == .foreign || bad.description.contains("damaged") {
            // The backend refuses it too, and leaves it as it was.
            let before = FileManager.default.contents(atPath: path)
            await #expect(throws: LedgerError.self) { _ = try await SQLiteHeartStore.open(path: path) }
            #expect(FileManager.default.contents(atPath: path) == before)
        }
    }

    @Test func aMissingLedgerIsAnError() throws {
        #expect {
            _ = try LedgerFile.read(at: "/nonexistent/ledger.sqlite")
        } throws: { error in
            (error as? LedgerError)?.kind == .unavailable
        }
    }
}

/// A closed ledger with some rows, checkpointed into the main file.
func makeLedger(at path: String) async throws {
    let store = try await SQLiteHeartStore.open(path: path)
    var batch: [HeartDay: Int] = [:]
    for index in 0..<400 { batch[HeartDay(storyID: "story-\(index)-with-a-longer-id", day: Day(year: 2026, month: 11, day: 1)!)] = index + 1 }
    try await store.add(batch)
    await store.close()
}

/// Overwrites bytes of a file in place.
func patch(_ path: String, at offset: UInt64, _ bytes: [UInt8]) throws {
    guard let handle = FileHandle(forUpdatingAtPath: path) else { throw TestFailure("cannot open \(path)") }
    defer { try? handle.close() }
    try handle.seek(toOffset: offset)
    try handle.write(contentsOf: Data(bytes))
}
