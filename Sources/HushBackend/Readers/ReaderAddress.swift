#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reader's network address as bytes (4 for IPv4, 16 for IPv6), only ever held in memory
/// long enough to make a keyed hash of its truncated form: never logged, never stored.
package struct ReaderAddress: Sendable, Hashable {
    /// The address's bytes; an IPv4-mapped IPv6 address is kept as the IPv4 it is.
    package let bytes: [UInt8]

    /// Parses an IPv4 or IPv6 address in text (`192.0.2.7`, `2001:db8::1`, `[2001:db8::1]`).
    package init?(_ text: some StringProtocol) {
        var text = String(text).trimmingSpaces
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        var v4: [UInt8] = Array(repeating: 0, count: 4)
        if v4.withUnsafeMutableBytes({ inet_pton(AF_INET, text, $0.baseAddress) }) == 1 {
            bytes = v4
            return
        }
        var all: [UInt8] = Array(repeating: 0, count: 16)
        guard all.withUnsafeMutableBytes({ inet_pton(AF_INET6, text, $0.baseAddress) }) == 1 else { return nil }
        let mapped: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
        bytes = Array(all.prefix(12)) == mapped ? Array(all.suffix(4)) : all
    }

    /// The part that names a network rather than a machine: /24 of IPv4, /48 of IPv6. A
    /// household or an office behind one such network counts as one reader (with one agent).
    package var truncated: [UInt8] {
        bytes.count == 4 ? Array(bytes.prefix(3)) : Array(bytes.prefix(6))
    }

    /// The reader behind a request: the peer, unless the peer is one of the trusted proxies,
    /// in which case the last X-Forwarded-For hop a trusted proxy added (walking from the
    /// right past trusted proxies). Nil when a trusted proxy sent no usable hop: such a
    /// request cannot be told apart from every other reader's, so it is refused.
    package static func reader(peer: ReaderAddress?, forwardedFor: [String], trusted: Set<ReaderAddress>) -> ReaderAddress? {
        guard let peer else { return nil }
        guard trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
        for hop in hops.reversed() {
            guard let address = ReaderAddress(hop) else { return nil }
            if !trusted.contains(address) { return address }
        }
        return nil
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars.drop { $0 == " " || $0 == "\t" }
        return String(String.UnicodeScalarView(scalars.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
    }
}
