// Links to social media profiles, read back from the `/` that starts their path: `host/@user`
// on any host, and the profile pages of the named networks.
//
// Mastodon addresses (`@user@host.tld`, Handle.swift) and `host/@user` URLs are profiles on
// any host; the other profile URLs only on the named networks, without their help, search,
// post, group and company pages (Tables.swift lists those paths).

extension PersonalDataScanner.ByteScan {
    /// Bytes that can continue a URL in running text; brackets, quotes and emphasis end it.
    @inline(__always) private func isURLByte(_ b: UInt8) -> Bool {
        guard b > 0x20 && b < 0x7F else { return false }
        switch b {
        case 0x22, 0x27, 0x28, 0x29, 0x2A, 0x3C, 0x3E, 0x5B, 0x5C, 0x5D, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: return false
        default: return true
        }
    }

    /// A profile URL whose path starts at the `/` at `k`: the host (and port) run back from
    /// it, and the finding starts at the scheme if one is written.
    func profileURL(pathSlash k: Int) -> (Int, Int)? {
        var hostEnd = k
        var c = k
        while c > 0 && k - c <= 5 && isDigit(p[c - 1]) { c -= 1 }
        if c < k && at(c - 1) == Byte.colon { hostEnd = c - 1 }
        var h = hostEnd
        while h > 0 && hostEnd - h <= 253 && (isAlphanumeric(p[h - 1]) || p[h - 1] == Byte.dash || p[h - 1] == Byte.dot) { h -= 1 }
        guard hostEnd > h, hostEnd - h <= 253 else { return nil }
        var s = h
        if h >= 8 && matches((h - 8)..<h, "https://") {
            s = h - 8
        } else if h >= 7 && matches((h - 7)..<h, "http://") {
            s = h - 7
        }
        // Only `host/@user` is a profile on any host; otherwise the site must be a known one,
        // which is checked before the path is read.
        if at(k + 1) != Byte.at {
            var siteStart = hostEnd
            var dots = 0
            while siteStart > h && dots < 2 {
                siteStart -= 1
                if p[siteStart] == Byte.dot { dots += 1 }
            }
            if dots == 2 { siteStart += 1 }
            guard Self.profileSites.contains(lowercasedString(siteStart..<hostEnd)) else { return nil }
        }
        let labels = lowercasedString(h..<hostEnd).split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }),
            let tld = labels.last, tld.count >= 2, tld.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        // Only the first two path segments decide; the rest is read once it is a profile.
        let first = pathSegment(from: k + 1)
        let second = at(first.end) == Byte.slash ? pathSegment(from: first.end + 1) : (name: first.end..<first.end, end: first.end)
        guard first.name.count <= 64 && second.name.count <= 64 else { return nil }
        let idQuery = matches(first.end..<min(first.end + 4, n), "?id=")
        guard
            Self.isProfile(
                host: labels.map(String.init),
                first: lowercasedString(first.name),
                second: lowercasedString(second.name),
                idQuery: idQuery
            )
        else { return nil }
        var e = second.end
        while e < n && e - k < 2048 && isURLByte(p[e]) { e += 1 }
        while e > k + 1 && [Byte.dot, Byte.comma, 0x3B, Byte.colon, 0x21, Byte.question].contains(p[e - 1]) { e -= 1 }
        return (s, e)
    }

    /// The path segment starting at `i`, up to `/`, `?`, `#` or the end of the URL (at most 65
    /// bytes): its name without trailing sentence punctuation, and where it ends.
    private func pathSegment(from i: Int) -> (name: Range<Int>, end: Int) {
        var j = i
        while j < n && j - i <= 64 && isURLByte(p[j]) && p[j] != Byte.slash && p[j] != Byte.question && p[j] != Byte.hash { j += 1 }
        var e = j
        while e > i && (p[e - 1] == Byte.dot || p[e - 1] == Byte.comma || p[e - 1] == 0x3B || p[e - 1] == Byte.colon || p[e - 1] == 0x21) {
            e -= 1
        }
        return (i..<e, j)
    }

    private static func isProfile(host labels: [String], first: String, second: String, idQuery: Bool) -> Bool {
        guard !first.isEmpty else { return false }
        // host/@user on any host: Mastodon, TikTok, YouTube, Medium, Threads…
        if first.hasPrefix("@") {
            return first.count >= 2 && first.dropFirst().allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
        }
        let site = labels.suffix(2).joined(separator: ".")
        let subdomains = labels.dropLast(2)
        guard subdomains.allSatisfy({ profileSubdomains.contains($0) || ($0.count == 2 && $0.allSatisfy(\.isLetter)) }) else { return false }
        let isName = first.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
        switch site {
        case "twitter.com", "x.com":
            return isName && !twitterPaths.contains(first)
        case "instagram.com":
            if first == "stories" { return !second.isEmpty }
            return isName && !instagramPaths.contains(first)
        case "facebook.com", "fb.com":
            if first == "profile.php" { return idQuery }
            if first == "people" { return !second.isEmpty }
            return isName && !facebookPaths.contains(first)
        case "linkedin.com":
            return (first == "in" || first == "pub") && !second.isEmpty
        case "github.com":
            return isName && !githubPaths.contains(first)
        case "reddit.com":
            return (first == "u" || first == "user") && !second.isEmpty
        case "youtube.com":
            return (first == "c" || first == "channel" || first == "user") && !second.isEmpty
        default:
            return false
        }
    }
}
