internal import Foundation
internal import HushCore

/// Decisions about URLs written in stories, shared by the renderer and the tests.
enum URLSafety {
    /// The scheme of a URL, lower-cased, ignoring the control characters and spaces that
    /// browsers skip (`java\tscript:`); nil for a relative URL.
    static func scheme(_ url: String) -> String? {
        var letters: [UInt8] = []
        for byte in url.utf8 {
            if byte <= 0x20 { continue }
            if byte == UInt8(ascii: ":") { return letters.isEmpty ? nil : String(decoding: letters, as: UTF8.self).lowercased() }
            let isSchemeByte =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D
                || byte == 0x2E
            if !isSchemeByte { return nil }
            letters.append(byte)
        }
        return nil
    }

    static func hasScheme(_ url: String, _ name: String) -> Bool {
        scheme(url) == name
    }

    /// Only web links and relative ones may be followed; `javascript:`, `data:`, `file:` and
    /// the rest never.
    static func isSafeLinkTarget(_ url: String) -> Bool {
        guard let scheme = scheme(url) else { return true }
        return scheme == "http" || scheme == "https"
    }

    /// True for a link to another site: one whose host, as any reader of the URL may see it,
    /// is not the site's own. A link that is ambiguous (userinfo, a backslash in its
    /// authority) counts as external: a browser and a feed reader must never disagree on
    /// whether it stays on the site. Checked on the URL as written and as it is printed in
    /// the page (`escapeHref`), since that is what a browser reads.
    static func isExternal(_ url: String, siteHost: String?) -> Bool {
        isExternal(BrowserURL(url), siteHost: siteHost) || isExternal(BrowserURL(escapeHref(url)), siteHost: siteHost)
    }

    private static func isExternal(_ url: BrowserURL, siteHost: String?) -> Bool {
        switch url.target {
        case .path: return false
        case .otherScheme(let scheme): return scheme != "mailto"
        case .authority(let authority):
            let site = siteHost.map(BrowserURL.normalizedHost)
            return authority.isAmbiguous || authority.hosts.contains { $0 != site }
        }
    }

    /// An href for HTML: bytes outside a safe set percent-encoded, `&` and `'` as entities
    /// (the same rule as cmark's own links).
    static func escapeHref(_ url: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*()/?:@=+$,;#%[]".utf8)
        var out = ""
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in url.utf8 {
            if safe.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == UInt8(ascii: "&") {
                out += "&amp;"
            } else if byte == UInt8(ascii: "'") {
                out += "&#x27;"
            } else {
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}

/// A URL read the way a browser reads it (the WHATWG URL standard), as far as safety needs:
/// where it goes. Leading and trailing C0 controls and spaces are stripped, tabs and newlines
/// removed anywhere; in `http(s):` and the other special schemes, and in a URL that starts
/// with two slashes, a backslash is a slash. The host is taken both as a browser takes it
/// (the authority ends at `/`, `\`, `?` or `#`) and as an RFC 3986 reader such as a feed
/// reader takes it (a backslash is an ordinary character), so a URL the two read differently
/// can be told apart.
struct BrowserURL: Sendable, Equatable {
    /// The parts of an authority (`//user@host:port`).
    struct Authority: Sendable, Equatable {
        /// The host as a browser reads it and as an RFC 3986 reader does: lower case,
        /// percent-decoded, without port or trailing dot. Usually one.
        var hosts: Set<String>
        /// True when the authority has userinfo (`@`) or a backslash, which parsers read
        /// differently, or an empty host.
        var isAmbiguous: Bool
    }

    enum Target: Sendable, Equatable {
        /// A path of the site: `x.png`, `/tags/`, `?q`, `#top`.
        case path
        /// A host: `https://host/`, `//host/`, `https:\\host`.
        case authority(Authority)
        /// Another scheme (`mailto`, `javascript`, …), lower case.
        case otherScheme(String)
    }

    let target: Target

    init(_ raw: String) {
        // Strip leading and trailing C0 controls and spaces; remove tabs and newlines.
        var bytes = Array(raw.utf8)
        while let first = bytes.first, first <= 0x20 { bytes.removeFirst() }
        while let last = bytes.last, last <= 0x20 { bytes.removeLast() }
        bytes.removeAll { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let isSlash = { (byte: UInt8) in byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") }

        var rest = bytes[...]
        if let scheme = URLSafety.scheme(String(decoding: bytes, as: UTF8.self)) {
            // Only web addresses have a host the site may share; ftp:, file: and the rest go elsewhere.
            guard scheme == "http" || scheme == "https", let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
                target = .otherScheme(scheme)
                return
            }
            // `https:host`, `https:/host`, `https:\\host`: the browser skips every slash.
            rest = bytes[(colon + 1)...].drop(while: isSlash)
        } else if bytes.count >= 2, isSlash(bytes[0]), isSlash(bytes[1]) {
            rest = bytes.dropFirst(2)
        } else {
            target = .path
            return
        }
        let ends: (UInt8) -> Bool = { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        let browser = rest.prefix { !ends($0) && $0 != UInt8(ascii: "\\") }
        let rfc = rest.prefix { !ends($0) }
        let hosts = Set([browser, rfc].map { Self.host(of: $0) })
        let ambiguous = rfc.contains(UInt8(ascii: "@")) || rfc.contains(UInt8(ascii: "\\")) || hosts.contains("")
        target = .authority(Authority(hosts: hosts, isAmbiguous: ambiguous))
    }

    /// The host of an authority: after the last `@`, before a port, percent-decoded, lower case.
    private static func host(of authority: ArraySlice<UInt8>) -> String {
        var host = authority
        if let at = host.lastIndex(of: UInt8(ascii: "@")) { host = host[(at + 1)...] }
        if host.first != UInt8(ascii: "["), let colon = host.lastIndex(of: UInt8(ascii: ":")) { host = host[..<colon] }
        return normalizedHost(String(decoding: host, as: UTF8.self).removingPercentEncoding ?? String(decoding: host, as: UTF8.self))
    }

    /// Lower case, without a trailing dot: `Example.ORG.` is `example.org`.
    static func normalizedHost(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        return host
    }
}
