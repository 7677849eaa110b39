// The byte scan: one pass over a text's UTF-8 bytes that stops only at cheap triggers and
// hands them to the detectors (Detectors/), collecting their candidates; overlaps are resolved
// afterwards (`PersonalDataScanner.keepingOne`). It looks closer only around `@`, digits, `(`,
// `[`, `:`, `/`, `%40`, and the words "at", "arobase", "arroba" and two letters followed by
// two digits, so ordinary prose costs about one comparison a byte. The triggers also judge a
// number by what it is glued to before any detector runs: inside a token, or after `#`.
// Phone numbers are found apart, by libphonenumber over the whole text (Phone.swift).

internal import HushCore

extension PersonalDataScanner {
    /// One pass over one text's bytes, collecting candidate findings (overlaps resolved later).
    struct ByteScan {
        let p: UnsafeBufferPointer<UInt8>
        let n: Int
        /// The regions national phone numbers are read as.
        let regions: [Region]
        private var found: [PersonalDataFinding] = []
        /// Where the last IPv6 attempt started, so a token with many colons is tried once.
        private var lastIPv6Start = -1

        init(_ bytes: UnsafeBufferPointer<UInt8>, regions: [Region]) {
            p = bytes
            n = bytes.count
            self.regions = regions
        }

        /// The byte at `i`, or 0 outside the text (0 is never a byte any matcher accepts).
        @inline(__always) func at(_ i: Int) -> UInt8 { i >= 0 && i < n ? p[i] : 0 }

        mutating func run() -> [PersonalDataFinding] {
            var i = 0
            while i < n {
                let b = p[i]
                if isLetter(b) {
                    i = word(at: i)
                } else if isDigit(b) {
                    i = number(at: i)
                } else {
                    switch b {
                    case Byte.at: i = atSign(at: i)
                    case Byte.openParen, Byte.openBracket, Byte.openBrace, Byte.lessThan: i = bracket(at: i)
                    case Byte.colon: i = colon(at: i)
                    case Byte.slash: i = slash(at: i)
                    case Byte.dot: i = dot(at: i)
                    case Byte.percent: i = percent(at: i)
                    default: i += 1
                    }
                }
            }
            // Where digits cluster, and the numbers of `wa.me/` and `phone=` links, are the same
            // in every region: found once, however many regions the numbers are read in.
            let windows = numberWindows()
            for (index, region) in regions.enumerated() { phones(region: region, validOnly: index > 0, in: windows) }
            whatsAppLinks()
            return found
        }

        mutating func add(_ kind: PersonalDataKind, _ start: Int, _ end: Int) {
            let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
            found.append(PersonalDataFinding(kind: kind, range: start..<end, text: text))
        }
    }
}

extension PersonalDataScanner.ByteScan {
    // MARK: Triggers

    /// An ASCII word starting at `i`: "at"-words of obfuscated e-mails, and IBANs. Returns
    /// where scanning continues.
    private mutating func word(at i: Int) -> Int {
        var j = i + 1
        while j < n && isWordByte(p[j]) { j += 1 }
        let length = j - i
        let b = p[i]
        // Uppercase words of the lengths of UK NI numbers, NIEs and codici fiscali, and IBANs
        // whose country stands apart ("DE 89 3704 …").
        if b &- 0x41 < 26 && (length == 2 || length == 9 || length == 16) && !wordBefore(i) {
            if let end = nationalID(at: i) {
                add(.nationalID, i, end)
                return end
            }
            if length == 2, let end = iban(at: i) {
                add(.iban, i, end)
                return end
            }
        }
        if length == 2 {
            let c = p[i + 1]
            if ((b == 0x61 && c == 0x74) || (b == 0x41 && c == 0x54)) && !wordBefore(i),
                let end = obfuscatedEmail(atWord: i..<j, spelled: b == 0x41 ? .capitals : .word)
            {
                return end
            }
        } else if length >= 4 && isLetter(p[i + 1]) && isDigit(p[i + 2]) && isDigit(p[i + 3]) {
            if !wordBefore(i), let end = iban(at: i) {
                add(.iban, i, end)
                return end
            }
        } else if (length == 6 || length == 7) && (b | 0x20) == 0x61 {
            // "arroba" (Spanish, Portuguese) and "arobase" (French) say "@" unambiguously.
            if matches(i..<j, "arroba") || matches(i..<j, "arobase"), !wordBefore(i),
                let end = obfuscatedEmail(atWord: i..<j, spelled: .bracketed)
            {
                return end
            }
        }
        return j
    }

    /// A digit that is not inside a word: IPv6, IPv4, card, phone, in that order.
    private mutating func number(at i: Int) -> Int {
        if startsInsideToken(i) {
            // "10.0.0.1-10.0.0.9", "1.2.3.4,5.6.7.8": a second address is still an address.
            let before = p[i - 1]
            if before == Byte.dash || before == Byte.comma || before == Byte.slash, let end = ipv4(at: i) {
                add(.ip, i, end)
                return end
            }
            return skipNumber(from: i)
        }
        // "+4915112345678", "wa.me/4915112345678", "phone=4915112345678": a phone (Phone.swift), not a card.
        if at(i - 1) == Byte.plus || linkedNumberStart(at: i) != nil {
            return skipNumber(from: i)
        }
        if at(i - 1) == Byte.hash {
            // "#123456789" is a reference; only a card is checked (and "order #…" is not one).
            if let end = card(at: i) {
                add(.card, i, end)
                return end
            }
            return skipNumber(from: i)
        }
        var h = i
        while h < n && h - i < 5 && isHexDigit(p[h]) { h += 1 }
        if at(h) == Byte.colon, let end = ipv6(at: i) {
            add(.ip, i, end)
            return end
        }
        let run = digitRun(at: i)
        if run <= 3 && octetSeparatorWidth(at: i + run) > 0, let end = ipv4(at: i) {
            add(.ip, i, end)
            return end
        }
        if let end = nationalID(at: i) {
            add(.nationalID, i, end)
            return end
        }
        if let end = card(at: i) {
            add(.card, i, end)
            return end
        }
        return skipNumber(from: i)
    }

    private mutating func atSign(at a: Int) -> Int {
        let before = at(a - 1)
        let after = at(a + 1)
        // https://host/@user (Mastodon, TikTok, YouTube, Medium…)
        if before == Byte.slash, let (start, end) = profileURL(pathSlash: a - 1) {
            add(.profileURL, start, end)
            return end
        }
        // john(@)example.com
        if let close = Byte.closer(of: before), after == close,
            let end = obfuscatedEmail(atWord: (a - 1)..<(a + 2), spelled: .bracketed)
        {
            return end
        }
        // john @ example dot com
        if before == Byte.space && after == Byte.space {
            if let end = obfuscatedEmail(atWord: a..<(a + 1), spelled: .word) { return end }
            return a + 1
        }
        if a > 0 && (isLocalPartByte(before) || (before >= 0x80 && wordBefore(a))), let (start, end) = email(at: a) {
            add(.email, start, end)
            return end
        }
        if !wordBefore(a), let end = handle(at: a) { return end }
        return a + 1
    }

    private mutating func bracket(at i: Int) -> Int {
        let b = p[i]
        // john(at)example(dot)com, john [at] example [dot] com
        if let close = Byte.closer(of: b), at(i + 1) | 0x20 == 0x61, at(i + 2) | 0x20 == 0x74, at(i + 3) == close,
            let end = obfuscatedEmail(atWord: i..<(i + 4), spelled: .bracketed)
        {
            return end
        }
        return i + 1
    }

    /// A colon next to hex digits may be inside an IPv6 address that starts with a letter
    /// (`fe80::1`) or with `::`.
    private mutating func colon(at i: Int) -> Int {
        let next = at(i + 1)
        let previousIsHex = isHexDigit(at(i - 1))
        guard (previousIsHex && (isHexDigit(next) || next == Byte.colon)) || (next == Byte.colon && !previousIsHex) else {
            return i + 1
        }
        var s = i
        while s > 0 && i - s < 40 && (isHexDigit(p[s - 1]) || p[s - 1] == Byte.colon) { s -= 1 }
        guard s > lastIPv6Start, !wordBefore(s), at(s - 1) != Byte.dot else { return i + 1 }
        lastIPv6Start = s
        if let end = ipv6(at: s) {
            add(.ip, s, end)
            return end
        }
        return i + 1
    }

    /// `host/`: the path of a URL, on one of the social networks' hosts (ProfileURL.swift).
    private mutating func slash(at i: Int) -> Int {
        guard i >= 4, isAlphanumeric(p[i - 1]) || p[i - 1] == Byte.dot, at(i + 1) != Byte.slash else { return i + 1 }
        if let (start, end) = profileURL(pathSlash: i) {
            add(.profileURL, start, end)
            return end
        }
        return i + 1
    }

    /// `name.github.io`, `name.substack.com`, `name.tumblr.com`: sites whose name is a profile.
    private mutating func dot(at i: Int) -> Int {
        guard isAlphanumeric(at(i - 1)), isLetter(at(i + 1)), let (start, end) = profileHost(dot: i) else { return i + 1 }
        add(.profileURL, start, end)
        return end
    }

    /// `jane%40gmail.com`: an e-mail address in a link, its `@` percent-encoded.
    private mutating func percent(at i: Int) -> Int {
        guard at(i + 1) == 0x34, at(i + 2) == Byte.zero, i > 0, isLocalPartByte(p[i - 1]), let (start, end) = email(at: i, atWidth: 3) else {
            return i + 1
        }
        add(.email, start, end)
        return end
    }

    // MARK: Context

    /// Whether the scalar ending at `i` is a letter, digit or `_` (so `i` is inside a word).
    func wordBefore(_ i: Int) -> Bool {
        guard i > 0 else { return false }
        let b = p[i - 1]
        if b < 0x80 { return isWordByte(b) }
        guard let (scalar, _) = scalar(before: i) else { return false }
        return Self.isWordScalar(scalar)
    }

    /// A digit that continues a number we already passed (`1.2.3` after its first part) or a
    /// word with non-ASCII letters.
    private func startsInsideToken(_ i: Int) -> Bool {
        guard i > 0 else { return false }
        let b = p[i - 1]
        if b >= 0x80 { return wordBefore(i) }
        if b == Byte.dot || b == Byte.dash || b == Byte.comma || b == Byte.colon || b == Byte.slash {
            return isDigit(at(i - 2))
        }
        return false
    }

    /// Past the number at `i` and anything glued to it (`2026-11-02`, `1.2.3.4.5`, `10:30`, `3rd`).
    private func skipNumber(from i: Int) -> Int {
        var j = i
        while true {
            while j < n && isWordByte(p[j]) { j += 1 }
            let b = at(j)
            if (b == Byte.dot || b == Byte.comma || b == Byte.colon || b == Byte.dash || b == Byte.slash) && isDigit(at(j + 1)) {
                j += 2
                continue
            }
            return j
        }
    }
}
