import Foundation
import HushBackend
import HushCore
import Testing

/// A clock a test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date

    init(_ text: String) {
        now = ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    func advance(_ seconds: Double) { lock.withLock { now += seconds } }
    func read() -> Date { lock.withLock { now } }
}

@Suite struct ReaderTests {
    @Test(
        arguments: [
            ("192.0.2.77", [192, 0, 2]), ("::ffff:192.0.2.77", [192, 0, 2]), ("2001:db8:aa:bb::1", [0x20, 0x01, 0x0d, 0xb8, 0, 0xaa]),
            ("[2001:db8:aa::1]", [0x20, 0x01, 0x0d, 0xb8, 0, 0xaa]), (" 10.1.2.3 ", [10, 1, 2]),
        ] as [(String, [UInt8])]
    )
    func addressesAreTruncatedToTheirNetwork(_ text: String, _ network: [UInt8]) throws {
        let address = try #require(ReaderAddress(text))
        #expect(address.truncated == network)
    }

    @Test func notAnAddress() {
        #expect(ReaderAddress("example.com") == nil)
        #expect(ReaderAddress("1.2.3") == nil)
        #expect(ReaderAddress("") == nil)
    }

    @Test func forwardedForIsBelievedOnlyFromATrustedProxy() throws {
        let proxy = try #require(ReaderAddress("127.0.0.1"))
        let reader = try #require(ReaderAddress("198.51.100.9"))
        let stranger = try #require(ReaderAddress("203.0.113.5"))
        // An untrusted peer: its X-Forwarded-For is ignored, whatever it says.
        #expect(ReaderAddress.reader(peer: stranger, forwardedFor: ["198.51.100.9"], trusted: [proxy]) == stranger)
        #expect(ReaderAddress.reader(peer: proxy, forwardedFor: ["198.51.100.9"], trusted: []) == proxy)
        // A trusted proxy: the last hop it added, not what the client wrote before it.
        #expect(ReaderAddress.reader(peer: proxy, forwardedFor: ["6.6.6.6, 198.51.100.9"], trusted: [proxy]) == reader)
        #expect(ReaderAddress.reader(peer: proxy, forwardedFor: ["6.6.6.6", "198.51.100.9"], trusted: [proxy]) == reader)
        // Two trusted proxies in a row: past both.
        let inner = try #require(ReaderAddress("10.0.0.2"))
        #expect(ReaderAddress.reader(peer: proxy, forwardedFor: ["198.51.100.9, 10.0.0.2"], trusted: [proxy, inner]) == reader)
        // A trusted proxy that says nothing usable: no reader (refused), never the proxy itself.
        #expect(ReaderAddress.reader(peer: proxy, forwardedFor: [], trusted: [proxy]) == nil)
        #expect(ReaderAddress.reader(peer: proxy, forwardedFor: ["unknown"], trusted: [proxy]) == nil)
    }

    @Test func oneHeartPerReaderPerStoryPerUTCDay() async throws {
        let clock = TestClock("2026-11-02T23:59:58Z")
        let readers = Readers(limit: .init(burst: 100, perSecond: 1), clock: { clock.read() })
        let home = try #require(ReaderAddress("198.51.100.9"))
        let neighbour = try #require(ReaderAddress("198.51.100.200"))  // the same /24
        let elsewhere = try #require(ReaderAddress("198.51.101.9"))  // another /24
        let agent = "Mozilla/5.0 (X11; Linux x86_64) Test/1"

        guard case .count(let day, _) = await readers.admit(address: home, agent: agent, storyID: "a") else {
            Issue.record("the first heart must count")
            return
        }
        #expect(day == Day(year: 2026, month: 11, day: 2))
        #expect(await readers.admit(address: home, agent: agent, storyID: "a") == .duplicate)
        #expect(await readers.admit(address: neighbour, agent: agent, storyID: "a") == .duplicate)
        #expect(await readers.admit(address: home, agent: agent + " other", storyID: "a") != .duplicate)
        #expect(await readers.admit(address: elsewhere, agent: agent, storyID: "a") != .duplicate)
        #expect(await readers.admit(address: home, agent: agent, storyID: "b") != .duplicate)
        #expect(await readers.keysHeld == 4)

        // Midnight UTC: a new salt, the day's keys dropped, the same reader counts again.
        clock.advance(3)
        guard case .count(let next, _) = await readers.admit(address: home, agent: agent, storyID: "a") else {
            Issue.record("a new UTC day must count the reader again")
            return
        }
        #expect(next == Day(year: 2026, month: 11, day: 3))
        #expect(await readers.keysHeld == 1)
    }

    @Test func aHeartThatWasNotRecordedCanBeGivenAgain() async throws {
        let readers = Readers()
        let home = try #require(ReaderAddress("198.51.100.9"))
        guard case .count(_, let key) = await readers.admit(address: home, agent: "a", storyID: "a") else {
            Issue.record("the first heart must count")
            return
        }
        await readers.forget(key)
        #expect(await readers.admit(address: home, agent: "a", storyID: "a") != .duplicate)
    }

    @Test func aNetworkIsLimitedAndToldWhenToComeBack() async throws {
        let clock = TestClock("2026-11-02T12:00:00Z")
        let readers = Readers(limit: .init(burst: 3, perSecond: 0.5), clock: { clock.read() })
        let home = try #require(ReaderAddress("198.51.100.9"))
        for story in ["a", "b", "c"] {
            #expect(await !readers.admit(address: home, agent: "x", storyID: story).isLimited)
        }
        #expect(await readers.admit(address: home, agent: "x", storyID: "d") == .limited(retryAfter: 2))
        // Another network is not held back by this one.
        let other = try #require(ReaderAddress("203.0.113.1"))
        #expect(await !readers.admit(address: other, agent: "x", storyID: "d").isLimited)
        clock.advance(2)
        guard case .count = await readers.admit(address: home, agent: "x", storyID: "d") else {
            Issue.record("after Retry-After the network may send again")
            return
        }
    }
}

extension Readers.Decision {
    var isLimited: Bool {
        if case .limited = self { return true }
        return false
    }
}
