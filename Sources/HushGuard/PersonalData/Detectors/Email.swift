// E-mail addresses: `local@domain` around an `@`, and addresses with the `@` (and the dots)
// spelled out, as people write them to dodge harvesters.
//
// A spelled-out `@` needs more evidence the weaker it is. "(at)", "[at]", "arobase",
// "arroba": any domain. "AT" after a name with lowercase letters: any domain. A plain "at"
// or " @ ": a spelled-out dot and a known top-level domain ("mike at example dot com"), or a
// mail-only host ("jo at gmail.com"), and never after a common word ("looked at google dot
// com", "works at stripe.com", "me at …"). The words and hosts are in Tables.swift.

internal import HushCore

extension PersonalDataScanner.ByteScan {
    /// How an e-mail's `@` was spelled out, which decides how much else must look like an address.
    enum SpelledAt {
        /// "(at)", "[at]", "(@)", "arobase", "arroba": unambiguous.
        case bracketed
        /// "AT" after a name with lowercase letters ("jane AT example.com"): deliberate.
        case capitals
        /// "at" or " @ ": ordinary words, so the domain must spell its dot too.
        case word
    }

    /// Bytes allowed in the local part of an e-mail address as people write them in prose
    /// (RFC 5322 allows more, but `*`, `'` and backquotes are markdown and quotes here).
    @inline(__always) func isLocalPartByte(_ b: UInt8) -> Bool {
        isAlphanumeric(b) || b == Byte.dot || b == Byte.underscore || b == 0x25 || b == Byte.plus || b == Byte.dash
    }

    /// Where the local part of an address ending just before `end` starts (at most 64
    /// bytes back; leading dots, dashes and plus signs are not part of it).
    private func localPartStart(before end: Int) -> Int {
        var s = end
        while s > 0 && end - s <= 64 {
            let b = p[s - 1]
            if isLocalPartByte(b) {
                s -= 1
            } else if b >= 0x80, let (scalar, start) = scalar(before: s), Self.isWordScalar(scalar) {
                s = start
            } else {
                break
            }
        }
        while s < end && (p[s] == Byte.dot || p[s] == Byte.dash || p[s] == Byte.plus) { s += 1 }
        return s
    }

    /// `local@domain` around the `@` at `a` (`atWidth` bytes: 3 for a percent-encoded `%40`);
    /// the domain may spell its dots ("host dot com"), have a stray space before it when its
    /// top-level domain is a known one ("jane@ gmail.com"), or be a well-known mail provider
    /// without its top-level domain ("janedoe@gmail").
    func email(at a: Int, atWidth: Int = 1) -> (Int, Int)? {
        let s = localPartStart(before: a)
        guard s < a, p[a - 1] != Byte.dot else { return nil }
        let d = a + atWidth
        if let domain = domain(from: d) { return (s, domain.end) }
        if atWidth == 1, at(d) == Byte.space, let domain = domain(from: d + 1), !domain.spelledDot {
            let host = lowercasedString((d + 1)..<domain.end)
            let tld = host.split(separator: ".").last.map(String.init) ?? ""
            if Self.mailHosts.contains(host) || Self.topLevelDomains.contains(tld) { return (s, domain.end) }
        }
        var e = d
        while e < n && e - d < 16 && isAlphanumeric(p[e]) { e += 1 }
        if e > d, !isWordByte(at(e)), !(at(e) == Byte.dot && isAlphanumeric(at(e + 1))), Self.mailProviders.contains(lowercasedString(d..<e)) {
            return (s, e)
        }
        return nil
    }

    /// An e-mail written with the `@` spelled out: `atWord` is "at", "AT", " @ ", "(at)",
    /// "[at]", "arobase"… Bracketed forms only need a domain; the others also need a name that
    /// is not a common word ("looked at google dot com" is prose), and a plain "at" needs a
    /// spelled-out dot or a well-known mail host ("works at stripe.com" is prose too).
    mutating func obfuscatedEmail(atWord: Range<Int>, spelled: SpelledAt) -> Int? {
        let bracketed = spelled == .bracketed
        var l = atWord.lowerBound
        if at(l - 1) == Byte.space {
            l -= 1
        } else if !bracketed || l == 0 {
            return nil
        }
        let s = localPartStart(before: l)
        guard s < l else { return nil }
        // Contractions: the "m" of "I'm at work dot com" is not a name.
        if at(s - 1) == Byte.apostrophe || (at(s - 1) == 0x99 && at(s - 2) == 0x80 && at(s - 3) == 0xE2) { return nil }
        let name = s..<l
        // "john dot smith at …": the name's own dots may be spelled out too.
        var start = s
        for _ in 0..<3 {
            guard let dotStart = spelledDot(endingAt: start) else { break }
            var t = dotStart
            while t > 0 && dotStart - t <= 64 && isLocalPartByte(p[t - 1]) { t -= 1 }
            guard t < dotStart, isAlphanumeric(p[t]) else { break }
            start = t
        }
        var r = atWord.upperBound
        if at(r) == Byte.space {
            r += 1
        } else if !bracketed {
            return nil
        }
        guard let domain = domain(from: r) else { return nil }
        if !bracketed {
            guard !Self.wordsBeforeAt.contains(lowercasedString(name)) else { return nil }
            let deliberate = spelled == .capitals && name.contains { p[$0] &- 0x61 < 26 }
            guard deliberate || domain.spelledDot || Self.mailHosts.contains(lowercasedString(r..<domain.end)) else { return nil }
        }
        add(.email, start, domain.end)
        return domain.end
    }

    /// A domain starting at `d`: two or more labels joined by "." or a spelled-out dot
    /// (" dot ", "(dot)", "[dot]", " point ", " punkt ", " punto "). With a spelled-out dot the
    /// last label must be a known top-level domain ("the station dot" is not an address).
    func domain(from d: Int) -> (end: Int, spelledDot: Bool)? {
        var j = d
        var labels = 0
        var spelled = false
        var best: (end: Int, spelledDot: Bool)?
        while labels < 12 {
            let start = j
            while j < n && j - start <= 63 {
                let b = p[j]
                if isAlphanumeric(b) || b == Byte.dash {
                    j += 1
                } else if b >= 0x80, case let length = wordScalarLength(at: j), length > 0 {
                    j += length
                } else {
                    break
                }
            }
            guard j > start, p[start] != Byte.dash, p[j - 1] != Byte.dash else { break }
            labels += 1
            if labels >= 2 && isTopLevelDomain(start..<j, spelled: spelled) { best = (j, spelled) }
            if at(j) == Byte.dot && labelStarts(at: j + 1) {
                j += 1
            } else if let next = spelledDot(startingAt: j), labelStarts(at: next) {
                spelled = true
                j = next
            } else {
                break
            }
        }
        return best
    }

    private func labelStarts(at i: Int) -> Bool {
        let b = at(i)
        return isAlphanumeric(b) || (b >= 0x80 && wordScalarLength(at: i) > 0)
    }

    private func isTopLevelDomain(_ range: Range<Int>, spelled: Bool) -> Bool {
        if spelled {
            return range.count <= 6 && Self.topLevelDomains.contains(lowercasedString(range))
        }
        if range.count >= 4 && matches(range.lowerBound..<(range.lowerBound + 4), "xn--") { return true }
        var letters = 0
        var other = false
        for k in range {
            let b = p[k]
            if isLetter(b) { letters += 1 } else if b < 0x80 { return false } else { other = true }
        }
        return letters >= 2 || (other && letters == 0)
    }

    /// A spelled-out dot starting right after a label at `j`; returns where the next label starts.
    private func spelledDot(startingAt j: Int) -> Int? {
        var k = j
        let spaced = at(k) == Byte.space
        if spaced { k += 1 }
        if let close = Byte.closer(of: at(k)) {
            var w = k + 1
            while w < n && w - k <= 6 && isLetter(p[w]) { w += 1 }
            if w == k + 1 && at(w) == Byte.dot { w += 1 }  // "[.]"
            guard at(w) == close, isDotWord((k + 1)..<w) else { return nil }
            k = w + 1
            if spaced {
                guard at(k) == Byte.space else { return nil }
                k += 1
            } else if at(k) == Byte.space {
                k += 1
            }
            return k
        }
        guard spaced else { return nil }
        var w = k
        while w < n && w - k <= 5 && isLetter(p[w]) { w += 1 }
        guard at(w) == Byte.space, isDotWord(k..<w) else { return nil }
        return w + 1
    }

    /// A spelled-out dot ending right before a label that starts at `e`; returns where the dot
    /// starts (the end of the label before it).
    private func spelledDot(endingAt e: Int) -> Int? {
        var k = e
        let spaced = at(k - 1) == Byte.space
        if spaced { k -= 1 }
        let last = at(k - 1)
        if last == Byte.closeParen || last == Byte.closeBracket || last == Byte.closeBrace || last == Byte.greaterThan {
            var w = k - 1
            while w > 0 && k - w <= 7 && isLetter(p[w - 1]) { w -= 1 }
            if w == k - 1 && at(w - 1) == Byte.dot { w -= 1 }  // "[.]"
            guard w > 0, Byte.closer(of: p[w - 1]) == last, isDotWord(w..<(k - 1)) else { return nil }
            k = w - 1
            if at(k - 1) == Byte.space { k -= 1 }
            return k
        }
        guard spaced else { return nil }
        var w = k
        while w > 0 && k - w <= 5 && isLetter(p[w - 1]) { w -= 1 }
        guard at(w - 1) == Byte.space, isDotWord(w..<k) else { return nil }
        return w - 1
    }

    private func isDotWord(_ range: Range<Int>) -> Bool {
        (range.count == 1 && p[range.lowerBound] == Byte.dot) || matches(range, "dot") || matches(range, "point") || matches(range, "punkt")
            || matches(range, "punto")
    }
}
