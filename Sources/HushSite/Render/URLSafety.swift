internal import Foundation
package import HushCore

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

    /// True for a link to another site: an absolute or protocol-relative URL whose host is
    /// not the site's own.
    static func isExternal(_ url: String, siteHost: String?) -> Bool {
        let trimmed = url.drop { $0 == " " }
        let rest: Substring
        if let scheme = scheme(url) {
            guard scheme == "http" || scheme == "https", let range = trimmed.range(of: "//") else { return scheme != "mailto" }
            rest = trimmed[range.upperBound...]
        } else if trimmed.hasPrefix("//") || trimmed.hasPrefix("\\\\") || trimmed.hasPrefix("/\\") || trimmed.hasPrefix("\\/") {
            rest = trimmed.dropFirst(2)
        } else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != "\\" }.lowercased()
        return host != siteHost?.lowercased()
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
