// Links to social media and payment profiles, read back from the `/` that starts their path:
// `host/@user` on any host, the profile pages of the named networks (Tables.swift lists the
// pages of theirs that are not profiles), and sites whose name is the profile
// (`name.github.io`, `name.substack.com`, `name.tumblr.com`).
//
// A host is read as a browser reads it: any case, a trailing dot (`facebook.com./jane`), a
// port (`:443`), a language subdomain (`de.`, `de-de.`, `m.`, `www.`); a path as a server
// does, percent-decoded (`jane%2Edoe`). Mastodon addresses (`@user@host.tld`, Handle.swift)
// are profiles on any host too.

extension PersonalDataScanner.ByteScan {
    /// Bytes that can continue a URL in running text; brackets, quotes and emphasis end it.
    @inline(__always) private func isURLByte(_ b: UInt8) -> Bool {
        guard b > 0x20 && b < 0x7F else { return false }
        switch b {
        case 0x22, 0x27, 0x28, 0x29, 0x2A, 0x3C, 0x3E, 0x5B, 0x5C, 0x5D, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: return false
        default: return true
        }
    }

    /// The host ending at `hostEnd` (a trailing dot left out): where it starts, and its labels.
    private func host(endingAt end: Int) -> (start: Int, labels: [String])? {
        var hostEnd = end
        if at(hostEnd - 1) == Byte.dot { hostEnd -= 1 }
        var h = hostEnd
        while h > 0 && hostEnd - h <= 253 && (isAlphanumeric(p[h - 1]) || p[h - 1] == Byte.dash || p[h - 1] == Byte.dot) { h -= 1 }
        guard hostEnd > h, hostEnd - h <= 253 else { return nil }
        let labels = lowercasedString(h..<hostEnd).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }), let tld = labels.last, tld.count >= 2,
            tld.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        return (h, labels)
    }

    /// Where a URL whose host starts at `h` starts: at its scheme if one is written.
    private func urlStart(host h: Int) -> Int {
        if h >= 8 && matches((h - 8)..<h, "https://") { return h - 8 }
        if h >= 7 && matches((h - 7)..<h, "http://") { return h - 7 }
        return h
    }

    /// Past the rest of a URL from `e`, without trailing sentence punctuation.
    private func urlEnd(from e: Int, after k: Int) -> Int {
        var e = e
        while e < n && e - k < 2048 && isURLByte(p[e]) { e += 1 }
        while e > k + 1 && [Byte.dot, Byte.comma, 0x3B, Byte.colon, 0x21, Byte.question].contains(p[e - 1]) { e -= 1 }
        return e
    }

    /// A profile URL whose path starts at the `/` at `k`: the host (and port) run back from
    /// it, and the finding starts at the scheme if one is written.
    func profileURL(pathSlash k: Int) -> (Int, Int)? {
        var hostEnd = k
        var c = k
        while c > 0 && k - c <= 5 && isDigit(p[c - 1]) { c -= 1 }
        if c < k && at(c - 1) == Byte.colon { hostEnd = c - 1 }
        guard let (h, labels) = host(endingAt: hostEnd) else { return nil }
        // Only `host/@user` is a profile on any host; otherwise the site must be a known one,
        // which is checked before the path is read.
        let site = labels.suffix(2).joined(separator: ".")
        guard at(k + 1) == Byte.at || Self.profileSites.contains(site) else { return nil }
        // Only the first two path segments decide; the rest is read once it is a profile.
        let first = pathSegment(from: k + 1)
        let second = at(first.end) == Byte.slash ? pathSegment(from: first.end + 1) : (name: first.end..<first.end, end: first.end)
        guard first.name.count <= 96 && second.name.count <= 96 else { return nil }
        let query =
            at(second.end) == Byte.question ? lowercasedString((second.end + 1)..<min(second.end + 40, urlEnd(from: second.end, after: k))) : ""
        let firstQuery =
            at(first.end) == Byte.question ? lowercasedString((first.end + 1)..<min(first.end + 40, urlEnd(from: first.end, after: k))) : ""
        guard
            Self.isProfile(
                host: labels,
                first: decoded(first.name),
                second: decoded(second.name),
                query: second.name.isEmpty ? firstQuery : query
            )
        else { return nil }
        return (urlStart(host: h), urlEnd(from: second.end, after: k))
    }

    /// A site whose name is the profile, its dot at `i` (`jane.github.io`): the URL around it.
    func profileHost(dot i: Int) -> (Int, Int)? {
        var e = i + 1
        while e < n && e - i <= 13 && (isAlphanumeric(p[e]) || p[e] == Byte.dot || p[e] == Byte.dash) { e += 1 }
        while e > i + 1 && p[e - 1] == Byte.dot { e -= 1 }
        let rest = lowercasedString((i + 1)..<e)
        guard Self.nameSites.contains(rest), !isAlphanumeric(at(e)) || at(e) == Byte.slash else { return nil }
        guard let (h, labels) = host(endingAt: e), labels.count == 3 || (labels.count == 4 && labels[0] == "www") else { return nil }
        let name = labels[labels.count - 3]
        guard !Self.nameSitePages.contains(name), at(h - 1) != Byte.at else { return nil }
        return (urlStart(host: h), urlEnd(from: e, after: i))
    }

    /// The path segment starting at `i`, up to `/`, `?`, `#` or the end of the URL (at most 97
    /// bytes): its name without trailing sentence punctuation, and where it ends.
    private func pathSegment(from i: Int) -> (name: Range<Int>, end: Int) {
        var j = i
        while j < n && j - i <= 96 && isURLByte(p[j]) && p[j] != Byte.slash && p[j] != Byte.question && p[j] != Byte.hash { j += 1 }
        var e = j
        while e > i && (p[e - 1] == Byte.dot || p[e - 1] == Byte.comma || p[e - 1] == 0x3B || p[e - 1] == Byte.colon || p[e - 1] == 0x21) {
            e -= 1
        }
        return (i..<e, j)
    }

    /// A path segment percent-decoded and lowercased, as the server reads it.
    private func decoded(_ range: Range<Int>) -> String {
        var bytes: [UInt8] = []
        var k = range.lowerBound
        while k < range.upperBound {
            if p[k] == Byte.percent, k + 2 < range.upperBound, let value = UInt8(String(decoding: p[(k + 1)...(k + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                k += 3
            } else {
                bytes.append(p[k])
                k += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }

    private static func isProfile(host labels: [String], first: String, second: String, query: String) -> Bool {
        guard !first.isEmpty else { return false }
        // host/@user on any host: Mastodon, TikTok, YouTube, Medium, Threads, Substack…
        if first.hasPrefix("@") {
            return first.count >= 2 && first.dropFirst().allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
        }
        let site = labels.suffix(2).joined(separator: ".")
        let subdomains = labels.dropLast(2)
        guard subdomains.allSatisfy({ profileSubdomains.contains($0) || isLanguageSubdomain($0) }) else { return false }
        let isName = first.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
        switch site {
        case "twitter.com", "x.com":
            if first == "intent" { return (second == "user" || second == "follow") && (query.contains("screen_name=") || query.contains("user_id=")) }
            if first == "i" { return second == "user" }
            return isName && !twitterPaths.contains(first)
        case "instagram.com":
            if first == "stories" { return !second.isEmpty }
            return isName && !instagramPaths.contains(first)
        case "facebook.com", "fb.com", "fb.me":
            if first == "profile.php" { return query.hasPrefix("id=") }
            if first == "people" { return !second.isEmpty }
            return isName && !facebookPaths.contains(first)
        case "linkedin.com":
            return (first == "in" || first == "pub") && !second.isEmpty
        case "github.com", "gitlab.com":
            return isName && !githubPaths.contains(first)
        case "reddit.com":
            return (first == "u" || first == "user") && !second.isEmpty
        case "youtube.com":
            return (first == "c" || first == "channel" || first == "user") && !second.isEmpty
        case "t.me", "telegram.me":
            return isName && first.count >= 4 && !["joinchat", "share", "addstickers", "proxy", "socks", "addtheme", "setlanguage"].contains(first)
        case "discord.com", "discordapp.com":
            return first == "users" && !second.isEmpty
        case "discord.gg":
            return isName
        case "snapchat.com":
            return first == "add" && !second.isEmpty
        case "bsky.app":
            return first == "profile" && !second.isEmpty
        case "paypal.me":
            return isName
        case "paypal.com":
            return first == "paypalme" && !second.isEmpty
        case "venmo.com":
            if first == "u" || first == "code" { return !second.isEmpty }
            return isName && !paymentPaths.contains(first)
        case "cash.app":
            return first.hasPrefix("$") && first.count >= 2
        case "substack.com":
            return first == "profile" && !second.isEmpty
        case "tumblr.com":
            if first == "blog" { return !second.isEmpty }
            return isName && !networkPaths.contains(first)
        case "tiktok.com":
            return false  // only `tiktok.com/@user`, read above
        case "twitch.tv", "pinterest.com", "vk.com", "onlyfans.com", "patreon.com":
            if site == "patreon.com" && first == "c" { return !second.isEmpty }
            return isName && !networkPaths.contains(first)
        default:
            return false
        }
    }

    /// `de`, `fr`, `de-de`, `pt-br`: the language versions of a network's site.
    private static func isLanguageSubdomain(_ label: String) -> Bool {
        let parts = label.split(separator: "-", omittingEmptySubsequences: false)
        return (parts.count == 1 || parts.count == 2) && parts.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isLetter) }
    }
}
