import Testing

@testable import HushCore

@Suite("Ledger snapshot")
struct LedgerSnapshotTests {
    @Test("A ledger survives a snapshot, held stories and waiting work included")
    func roundTrip() throws {
        let ledger = LedgerCounts(hearts: ["a1b2": 3, "c3d4": 0], held: ["c3d4"], openReports: 2, pendingSubmissions: 1)
        let bytes = LedgerSnapshot.bytes(of: ledger, forExport: true)
        #expect(try LedgerSnapshot.read(bytes) == ledger)
    }

    @Test("The public answer carries totals and never who was held or what waits")
    func publicAnswer() throws {
        let ledger = LedgerCounts(hearts: ["a1b2": 3], held: ["a1b2"], openReports: 4)
        let text = String(decoding: LedgerSnapshot.bytes(of: ledger, totals: ["a1b2": 10], forExport: false), as: UTF8.self)
        #expect(text.contains("\"totals\":{\"a1b2\":10}"))
        #expect(!text.contains("held") && !text.contains("waiting"))
        #expect(try LedgerSnapshot.read(Array(text.utf8)) == LedgerCounts(hearts: ["a1b2": 3]))
    }

    @Test(
        "Anything but a well-formed ledger is an error, never an empty ledger",
        arguments: [
            "", "{", "[]", "{\"format\":\"hush-ledger\",\"version\":1}",
            "{\"format\":\"other\",\"version\":1,\"hearts\":{}}",
            "{\"format\":\"hush-ledger\",\"version\":2,\"hearts\":{}}",
            "{\"format\":\"hush-ledger\",\"version\":1,\"hearts\":{\"a\":-1}}",
            "{\"format\":\"hush-ledger\",\"version\":1,\"hearts\":{\"a\":\"7\"}}",
        ]
    )
    func corrupt(text: String) {
        #expect(throws: LedgerSnapshot.ReadError.self) { try LedgerSnapshot.read(Array(text.utf8)) }
    }
}
