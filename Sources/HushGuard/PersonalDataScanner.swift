package import HushCore
extension PersonalDataKind {
    /// Which finding survives when two overlap: the more specific reading wins
    /// (a profile URL over the handle inside it, an e-mail over a handle, a card or IBAN over a phone).
    fileprivate var precedence: Int {
        switch self {
        case .profileURL: return 5
        case .email: return 4
        case .iban, .card: return 3
        case .ip: return 2
        case .phone: return 1
        case .handle: return 0
        }
    }
}

/// One finding: its kind and where it is, as UTF-8 byte offsets into the scanned text.
struct PersonalDataFinding: Sendable, Equatable {
    let kind: PersonalDataKind
    /// UTF-8 byte offsets into the scanned string.
    let range: Range<Int>
    /// The matched text.
    let text: String

    /// The matched text masked for messages: keep the first character and the last two of
    /// long matches, replace the rest with "•", e.g. "j•••••••••om" (never reveals the whole value).
    var masked: String {
        let characters = Array(text)
        let count = characters.count
        guard count > 1 else { return String(repeating: "•", count: count) }
        // Short matches keep only their first character: with the last two as well, a
        // five-character handle would show three of its five characters.
        let tail = count >= 8 ? 2 : 0
        return String(characters[0]) + String(repeating: "•", count: count - 1 - tail) + String(characters[(count - tail)...])
    }
}

/// Finds personal data in a story's text (markdown body and front-matter text fields) so the
/// guard can refuse, redact or warn before anything is published.
///
/// A hand-written scanner over the UTF-8 bytes: it walks the text once and looks closer only
/// around cheap triggers (`@`, digits, `+`, `(`, `:`, `.com/`, and the words "at", "arobase",
/// "arroba" and two letters followed by two digits), so ordinary prose costs about one
/// comparison a byte. Every matcher checks structure, not just shape: Luhn and issuer prefixes
/// for cards, mod 97 and the country's length for IBANs, country codes and national number
/// lengths for phones, octet ranges for IPv4.
///
/// Where text is ambiguous it leans to prose, and says so here:
/// - `@` with a space after it ("me @ home", "@ work") is never a handle. `@home`, `@work`,
///   `@school`, `@everyone`, `@here`, `@all`, `@channel`, `@someone` read as "at", and times
///   (`@10pm`, `@9h30`) are not handles either; handles are warnings by default, so a real
///   account with one of these names costs little.
/// - A spelled-out `@` needs more evidence the weaker it is. "(at)", "[at]", "arobase",
///   "arroba": any domain. "AT" after a name with lowercase letters: any domain. A plain "at"
///   or " @ ": a spelled-out dot and a known top-level domain ("mike at example dot com"), or a
///   mail-only host ("jo at gmail.com"), and never after a common word ("looked at google dot
///   com", "works at stripe.com", "me at …").
/// - Phones: international numbers need a known country code and a national number of that
///   country's length. National numbers are read in the formats people use: US 3-3-4 with
///   separators (not ten bare digits, and not seven-digit local numbers); France five pairs;
///   Spain 3-2-2-2; a trunk 0 with an area group of 3–5 digits and 9–12 digits in all (UK,
///   Germany, the Netherlands, Switzerland…); bare runs only for mobiles (FR 06/07, UK 07,
///   DE 015–017). A number after `#` or after "order", "ref", "invoice", "ISBN"… is a reference.
/// - IPv4 needs four octets of 0–255 without leading zeros, not inside a longer dotted run and
///   not after "version", "v", "build", "chapter"…; IPv6 needs two groups and a decimal digit
///   (so `::1`, `a::b` and `dead::beef` are not addresses).
/// - Cards: 13–19 Luhn-valid digits whose issuer prefix allows that length (Visa, Mastercard,
///   Amex, Discover, JCB, Diners, UnionPay, Maestro), in groups of four (Amex and Diners 4-6-5,
///   4-6-4) or bare; 16 Luhn-valid digits from no issuer are an order number.
/// - Mastodon addresses (`@user@host.tld`) and `host/@user` URLs are profiles on any host;
///   the other profile URLs only on the named networks, without their help, search, post,
///   group and company pages.
enum PersonalDataScanner {
    /// Every finding in `text`, in order of position, non-overlapping (when two kinds overlap,
    /// keep one: profile-url over handle and email, email over handle, card/iban over phone).
    static func scan(_ text: String) -> [PersonalDataFinding] {
        let candidates =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                var scan = ByteScan(bytes)
                return scan.run()
            }
            ?? Array(text.utf8).withUnsafeBufferPointer { bytes in
                var scan = ByteScan(bytes)
                return scan.run()
            }
        return keepingOne(of: candidates)
    }

    /// `candidates` in order of position with overlaps resolved by kind precedence (ties: the
    /// longer match, then the earlier one).
    static func keepingOne(of candidates: [PersonalDataFinding]) -> [PersonalDataFinding] {
        guard candidates.count > 1 else { return candidates }
        let ordered = candidates.enumerated()
            .sorted { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }
            .map(\.element)
        var kept: [PersonalDataFinding] = []
        kept.reserveCapacity(ordered.count)
        for candidate in ordered {
            var wins = true
            while let last = kept.last, last.range.overlaps(candidate.range) {
                let a = candidate.kind.precedence
                let b = last.kind.precedence
                if a > b || (a == b && candidate.range.count > last.range.count) {
                    kept.removeLast()
                } else {
                    wins = false
                    break
                }
            }
            if wins { kept.append(candidate) }
        }
        return kept
    }
}

// MARK: - The scan

extension PersonalDataScanner {
    /// Named ASCII bytes, so the matchers read as the text they look for.
    private enum Byte {
        static let space: UInt8 = 0x20
        static let hash: UInt8 = 0x23
        static let apostrophe: UInt8 = 0x27
        static let openParen: UInt8 = 0x28
        static let closeParen: UInt8 = 0x29
        static let plus: UInt8 = 0x2B
        static let comma: UInt8 = 0x2C
        static let dash: UInt8 = 0x2D
        static let dot: UInt8 = 0x2E
        static let slash: UInt8 = 0x2F
        static let zero: UInt8 = 0x30
        static let colon: UInt8 = 0x3A
        static let lessThan: UInt8 = 0x3C
        static let greaterThan: UInt8 = 0x3E
        static let question: UInt8 = 0x3F
        static let at: UInt8 = 0x40
        static let openBracket: UInt8 = 0x5B
        static let closeBracket: UInt8 = 0x5D
        static let underscore: UInt8 = 0x5F
        static let openBrace: UInt8 = 0x7B
        static let closeBrace: UInt8 = 0x7D

        /// The closing byte for an opening bracket, or nil.
        static func closer(of b: UInt8) -> UInt8? {
            switch b {
            case openParen: return closeParen
            case openBracket: return closeBracket
            case openBrace: return closeBrace
            case lessThan: return greaterThan
            default: return nil
            }
        }
    }

    /// How an e-mail's `@` was spelled out, which decides how much else must look like an address.
    private enum SpelledAt {
        /// "(at)", "[at]", "(@)", "arobase", "arroba": unambiguous.
        case bracketed
        /// "AT" after a name with lowercase letters ("jane AT example.com"): deliberate.
        case capitals
        /// "at" or " @ ": ordinary words, so the domain must spell its dot too.
        case word
    }

    /// One pass over one text's bytes, collecting candidate findings (overlaps resolved later).
    private struct ByteScan {
        let p: UnsafeBufferPointer<UInt8>
        let n: Int
        var found: [PersonalDataFinding] = []
        /// Where the last IPv6 attempt started, so a token with many colons is tried once.
        var lastIPv6Start = -1
        /// The end of the last number (or IBAN-like word) that matched nothing, and how many such
        /// groups were chained by single spaces: a phone does not start in the middle of a long
        /// rejected run (the tail of a bad IBAN or a tracking number), only after one stray number.
        var rejectedEnd = -1
        var rejectedChain = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            p = bytes
            n = bytes.count
        }

        /// The byte at `i`, or 0 outside the text (0 is never a byte any matcher accepts).
        @inline(__always) func at(_ i: Int) -> UInt8 { i >= 0 && i < n ? p[i] : 0 }

        // MARK: Byte classes

        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
        @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
        @inline(__always) func isUppercase(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
        @inline(__always) func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
        /// Letters, digits and `_`: the bytes of an ASCII word.
        @inline(__always) func isWordByte(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) || b == Byte.underscore }
        @inline(__always) func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
        @inline(__always) func lowercase(_ b: UInt8) -> UInt8 { isLetter(b) ? b | 0x20 : b }
        @inline(__always) func digitValue(_ b: UInt8) -> Int { Int(b &- 0x30) }
        /// Bytes allowed in the local part of an e-mail address as people write them in prose
        /// (RFC 5322 allows more, but `*`, `'` and backquotes are markdown and quotes here).
        @inline(__always) func isLocalPartByte(_ b: UInt8) -> Bool {
            isAlphanumeric(b) || b == Byte.dot || b == Byte.underscore || b == 0x25 || b == Byte.plus || b == Byte.dash
        }
        /// Bytes that can continue a URL in running text; brackets, quotes and emphasis end it.
        @inline(__always) func isURLByte(_ b: UInt8) -> Bool {
            guard b > 0x20 && b < 0x7F else { return false }
            switch b {
            case 0x22, 0x27, 0x28, 0x29, 0x2A, 0x3C, 0x3E, 0x5B, 0x5C, 0x5D, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: return false
            default: return true
            }
        }

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
                    case Byte.plus: i = plus(at: i)
                    case Byte.openParen, Byte.openBracket, Byte.openBrace, Byte.lessThan: i = bracket(at: i)
                    case Byte.colon: i = colon(at: i)
                    case Byte.slash: i = slash(at: i)
                    default: i += 1
                    }
                }
            }
            return found
        }

        mutating func add(_ kind: PersonalDataKind, _ start: Int, _ end: Int) {
            let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
            found.append(PersonalDataFinding(kind: kind, range: start..<end, text: text))
        }

        // MARK: Triggers

        /// An ASCII word starting at `i`: "at"-words of obfuscated e-mails, and IBANs. Returns
        /// where scanning continues.
        mutating func word(at i: Int) -> Int {
            var j = i + 1
            while j < n && isWordByte(p[j]) { j += 1 }
            let length = j - i
            let b = p[i]
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
                rejectedEnd = j
                rejectedChain = 2
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
        mutating func number(at i: Int) -> Int {
            if startsInsideToken(i) {
                // "10.0.0.1-10.0.0.9", "1.2.3.4,5.6.7.8": a second address is still an address.
                let before = p[i - 1]
                if before == Byte.dash || before == Byte.comma || before == Byte.slash, let end = ipv4(at: i) {
                    add(.ip, i, end)
                    return end
                }
                return skipNumber(from: i)
            }
            let chain = rejectedEnd >= 0 && rejectedEnd < i && spaceWidth(at: rejectedEnd) == i - rejectedEnd ? rejectedChain : 0
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
            if run <= 3 && at(i + run) == Byte.dot, let end = ipv4(at: i) {
                add(.ip, i, end)
                return end
            }
            if let end = card(at: i) {
                add(.card, i, end)
                return end
            }
            // A phone is one long run of digits, or a group followed by a separator.
            let after = at(i + run)
            let grouped =
                after == Byte.space || after == Byte.dash || after == Byte.dot || after == Byte.slash || after == Byte.openParen || after >= 0x80
            if chain < 2, run >= 9 || grouped, let end = phone(at: i) {
                add(.phone, i, end)
                return end
            }
            rejectedEnd = skipNumber(from: i)
            rejectedChain = chain + 1
            return rejectedEnd
        }

        mutating func atSign(at a: Int) -> Int {
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

        mutating func plus(at i: Int) -> Int {
            let before = at(i - 1)
            guard isDigit(at(i + 1)), before != Byte.plus, !isDigit(before), !wordBefore(i) else { return i + 1 }
            if let end = phone(at: i) {
                add(.phone, i, end)
                return end
            }
            return i + 1
        }

        mutating func bracket(at i: Int) -> Int {
            let b = p[i]
            if b == Byte.openParen && isDigit(at(i + 1)) {
                if !wordBefore(i), let end = phone(at: i) {
                    add(.phone, i, end)
                    return end
                }
                return i + 1
            }
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
        mutating func colon(at i: Int) -> Int {
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

        /// `….com/`: the path of a URL on one of the social networks' hosts.
        mutating func slash(at i: Int) -> Int {
            guard i >= 4, p[i - 4] == Byte.dot, p[i - 3] | 0x20 == 0x63, p[i - 2] | 0x20 == 0x6F, p[i - 1] | 0x20 == 0x6D else {
                return i + 1
            }
            if let (start, end) = profileURL(pathSlash: i) {
                add(.profileURL, start, end)
                return end
            }
            return i + 1
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
        func startsInsideToken(_ i: Int) -> Bool {
            guard i > 0 else { return false }
            let b = p[i - 1]
            if b >= 0x80 { return wordBefore(i) }
            if b == Byte.dot || b == Byte.dash || b == Byte.comma || b == Byte.colon || b == Byte.slash {
                return isDigit(at(i - 2))
            }
            return false
        }

        /// Past the number at `i` and anything glued to it (`2026-11-02`, `1.2.3.4.5`, `10:30`, `3rd`).
        func skipNumber(from i: Int) -> Int {
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

        /// The word before `i` (skipping spaces and `:#.-`), lowercased, if it is short.
        func previousWord(_ i: Int) -> String {
            var e = i
            while e > 0 && i - e < 4
                && (p[e - 1] == Byte.space || p[e - 1] == Byte.colon || p[e - 1] == Byte.hash || p[e - 1] == Byte.dot || p[e - 1] == Byte.dash)
            {
                e -= 1
            }
            var s = e
            while s > 0 && e - s < 24 {
                let b = p[s - 1]
                if isLetter(b) {
                    s -= 1
                } else if b >= 0x80, let (scalar, start) = scalar(before: s), scalar.properties.isAlphabetic {
                    s = start
                } else {
                    break
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self).lowercased()
        }

        func matches(_ range: Range<Int>, _ word: StaticString) -> Bool {
            guard range.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<range.count where lowercase(p[range.lowerBound + k]) != w[k] { return false }
            return true
        }

        func lowercasedString(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self).lowercased()
        }

        /// The width of a space between digit groups at `j`: a space, or the no-break, narrow
        /// no-break and thin spaces French and German typography puts there (U+00A0, U+202F,
        /// U+2009). 0 if there is none.
        func spaceWidth(at j: Int) -> Int {
            switch at(j) {
            case Byte.space: return 1
            case 0xC2: return at(j + 1) == 0xA0 ? 2 : 0
            case 0xE2: return at(j + 1) == 0x80 && (at(j + 2) == 0xAF || at(j + 2) == 0x89) ? 3 : 0
            default: return 0
            }
        }

        // MARK: Unicode

        /// The scalar starting at `i` and its length in bytes.
        func scalar(at i: Int) -> (Unicode.Scalar, Int)? {
            let b0 = at(i)
            if b0 < 0x80 { return i < n ? (Unicode.Scalar(b0), 1) : nil }
            let length: Int
            var value: UInt32
            if b0 & 0xE0 == 0xC0 {
                length = 2
                value = UInt32(b0 & 0x1F)
            } else if b0 & 0xF0 == 0xE0 {
                length = 3
                value = UInt32(b0 & 0x0F)
            } else if b0 & 0xF8 == 0xF0 {
                length = 4
                value = UInt32(b0 & 0x07)
            } else {
                return nil
            }
            guard i + length <= n else { return nil }
            for k in 1..<length {
                let c = p[i + k]
                guard c & 0xC0 == 0x80 else { return nil }
                value = value << 6 | UInt32(c & 0x3F)
            }
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, length)
        }

        /// The scalar ending at `i` and where it starts.
        func scalar(before i: Int) -> (Unicode.Scalar, Int)? {
            guard i > 0 else { return nil }
            var s = i - 1
            while s > 0 && i - s < 4 && p[s] & 0xC0 == 0x80 { s -= 1 }
            guard let (scalar, length) = scalar(at: s), s + length == i else { return nil }
            return (scalar, s)
        }

        static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            let properties = scalar.properties
            return properties.isAlphabetic || properties.generalCategory == .decimalNumber
        }

        /// Length of the word scalar at `i` (non-ASCII), or 0.
        func wordScalarLength(at i: Int) -> Int {
            guard let (scalar, length) = scalar(at: i), Self.isWordScalar(scalar) else { return 0 }
            return length
        }

        // MARK: E-mail

        /// Where the local part of an address ending just before `end` starts (at most 64
        /// bytes back; leading dots, dashes and plus signs are not part of it).
        func localPartStart(before end: Int) -> Int {
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

        /// `local@domain` around the `@` at `a`; the domain may spell its dots ("host dot com").
        func email(at a: Int) -> (Int, Int)? {
            let s = localPartStart(before: a)
            guard s < a, p[a - 1] != Byte.dot, let domain = domain(from: a + 1) else { return nil }
            return (s, domain.end)
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

        func labelStarts(at i: Int) -> Bool {
            let b = at(i)
            return isAlphanumeric(b) || (b >= 0x80 && wordScalarLength(at: i) > 0)
        }

        func isTopLevelDomain(_ range: Range<Int>, spelled: Bool) -> Bool {
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
        func spelledDot(startingAt j: Int) -> Int? {
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
        func spelledDot(endingAt e: Int) -> Int? {
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

        func isDotWord(_ range: Range<Int>) -> Bool {
            (range.count == 1 && p[range.lowerBound] == Byte.dot) || matches(range, "dot") || matches(range, "point") || matches(range, "punkt")
                || matches(range, "punto")
        }

        // MARK: Handles

        /// `@name` at `a` (not preceded by a word character), or `@user@host.tld` (a Mastodon
        /// address: a profile, not an e-mail). Adds the finding and returns its end.
        mutating func handle(at a: Int) -> Int? {
            var j = a + 1
            var characters = 0
            while j < n && characters <= 31 {
                let b = p[j]
                if isWordByte(b) || b == Byte.dot {
                    j += 1
                } else if b >= 0x80, case let length = wordScalarLength(at: j), length > 0 {
                    j += length
                } else {
                    break
                }
                characters += 1
            }
            var e = j
            while e > a + 1 && p[e - 1] == Byte.dot {
                e -= 1
                characters -= 1
            }
            guard e > a + 1, p[a + 1] != Byte.dot else { return nil }
            if e == j && at(j) == Byte.at {
                guard let domain = domain(from: j + 1), !domain.spelledDot else { return nil }
                add(.profileURL, a, domain.end)
                return domain.end
            }
            guard (2...30).contains(characters), !isWordByte(at(j)) else { return nil }
            let name = lowercasedString((a + 1)..<e)
            guard !Self.notHandles.contains(name), !Self.isTimeOfDay(name) else { return nil }
            add(.handle, a, e)
            return e
        }

        /// "10pm", "9h30", "18h": what "@10pm" means.
        static func isTimeOfDay(_ name: String) -> Bool {
            guard let first = name.utf8.first, first &- 0x30 < 10 else { return false }
            let rest = String(name.drop { $0.isASCII && $0.isNumber })
            if rest.isEmpty || ["am", "pm", "h", "hr", "hrs", "min", "ish"].contains(rest) { return true }
            return rest.first == "h" && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
        }

        // MARK: Profile URLs

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
        func pathSegment(from i: Int) -> (name: Range<Int>, end: Int) {
            var j = i
            while j < n && j - i <= 64 && isURLByte(p[j]) && p[j] != Byte.slash && p[j] != Byte.question && p[j] != Byte.hash { j += 1 }
            var e = j
            while e > i && (p[e - 1] == Byte.dot || p[e - 1] == Byte.comma || p[e - 1] == 0x3B || p[e - 1] == Byte.colon || p[e - 1] == 0x21) {
                e -= 1
            }
            return (i..<e, j)
        }

        static func isProfile(host labels: [String], first: String, second: String, idQuery: Bool) -> Bool {
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

        // MARK: IP addresses

        /// The end of a dotted quad at `s` (octets 0–255, no leading zeros), or nil.
        func dottedQuadEnd(at s: Int) -> Int? {
            var j = s
            for octet in 0..<4 {
                if octet > 0 {
                    guard at(j) == Byte.dot, isDigit(at(j + 1)) else { return nil }
                    j += 1
                }
                let start = j
                var value = 0
                while j < n && j - start < 4 && isDigit(p[j]) {
                    value = value * 10 + digitValue(p[j])
                    j += 1
                }
                let length = j - start
                guard length <= 3, value <= 255, length == 1 || p[start] != Byte.zero else { return nil }
            }
            return j
        }

        /// IPv4, not part of a longer dotted run (`1.2.3.4.5`) and not a version number.
        func ipv4(at s: Int) -> Int? {
            guard let e = dottedQuadEnd(at: s) else { return nil }
            let next = at(e)
            guard !isWordByte(next), !((next == Byte.dot || next == Byte.comma) && isDigit(at(e + 1))) else { return nil }
            guard !Self.versionWords.contains(previousWord(s)) else { return nil }
            return e
        }

        /// IPv6: eight groups, or fewer with one `::`, optionally ending in a dotted quad. At least
        /// two groups and one decimal digit, so `::1`, `std::`, `a::b` and `dead::beef` are not addresses.
        func ipv6(at s: Int) -> Int? {
            let before = at(s - 1)
            guard !isWordByte(before), before != Byte.colon, before != Byte.dot else { return nil }
            var j = s
            var groups = 0
            var compressed = false
            var decimal = false
            if at(j) == Byte.colon {
                guard at(j + 1) == Byte.colon else { return nil }
                compressed = true
                j += 2
            }
            while j < n {
                let start = j
                while j < n && j - start < 5 && isHexDigit(p[j]) { j += 1 }
                let length = j - start
                if length == 0 { break }
                if at(j) == Byte.dot && isDigit(at(j + 1)) {
                    guard let end = dottedQuadEnd(at: start) else { return nil }
                    groups += 2
                    decimal = true
                    j = end
                    break
                }
                guard length <= 4, groups < 8 else { return nil }
                for k in start..<j where isDigit(p[k]) { decimal = true }
                groups += 1
                guard at(j) == Byte.colon else { break }
                if at(j + 1) == Byte.colon {
                    guard !compressed else { return nil }
                    compressed = true
                    j += 2
                } else if isHexDigit(at(j + 1)) {
                    j += 1
                } else {
                    break
                }
            }
            guard groups >= 2, decimal, compressed ? groups <= 7 : groups == 8 else { return nil }
            let next = at(j)
            guard !isWordByte(next), !(next == Byte.dot && isDigit(at(j + 1))), !(next == Byte.colon && isHexDigit(at(j + 1))) else {
                return nil
            }
            return j
        }

        // MARK: Cards

        /// 13–19 digits, contiguous or in groups of four (Amex and Diners: 4-6-5, 4-6-4) split by
        /// single spaces or dashes, Luhn-valid, with an issuer prefix that has that length.
        func card(at s: Int) -> Int? {
            var j = s
            while j < n && j - s < 20 && isDigit(p[j]) { j += 1 }
            let first = j - s
            if first >= 13 {
                guard first <= 19, !isWordByte(at(j)), isCardNumber(s..<j) else { return nil }
                return j
            }
            guard first == 4 else { return nil }
            // Groups are split all by dashes or all by spaces.
            let dashes = at(j) == Byte.dash
            func separator(at k: Int) -> Int { dashes ? (at(k) == Byte.dash ? 1 : 0) : spaceWidth(at: k) }
            let width = separator(at: j)
            guard width > 0, isDigit(at(j + width)) else { return nil }
            let second = digitRun(at: j + width)
            if second == 6 {
                let k = j + width + 6
                let w = separator(at: k)
                guard w > 0 else { return nil }
                let third = digitRun(at: k + w)
                let e = k + w + third
                guard third == 4 || third == 5, !isWordByte(at(e)), isCardNumber(s..<e) else { return nil }
                return e
            }
            var total = 4
            var groups = 1
            var best: Int?
            while groups < 5, case let w = separator(at: j), w > 0, isDigit(at(j + w)) {
                let length = digitRun(at: j + w)
                guard length <= 4 else { break }
                j += w + length
                groups += 1
                total += length
                if total >= 13 && !isWordByte(at(j)) && isCardNumber(s..<j) { best = j }
                if length < 4 { break }
            }
            return best
        }

        func digitRun(at i: Int) -> Int {
            var j = i
            while j < n && j - i < 20 && isDigit(p[j]) { j += 1 }
            return j - i
        }

        func isCardNumber(_ range: Range<Int>) -> Bool {
            var count = 0
            var sum = 0
            var prefix = 0
            var k = range.upperBound
            while k > range.lowerBound {
                k -= 1
                let b = p[k]
                guard isDigit(b) else { continue }
                var d = digitValue(b)
                if count % 2 == 1 {
                    d *= 2
                    if d > 9 { d -= 9 }
                }
                sum += d
                count += 1
            }
            guard (13...19).contains(count), sum % 10 == 0 else { return false }
            var taken = 0
            for k in range where taken < 4 && isDigit(p[k]) {
                prefix = prefix * 10 + digitValue(p[k])
                taken += 1
            }
            guard !Self.referenceWords.contains(previousWord(range.lowerBound)) else { return false }
            let two = prefix / 100
            switch prefix / 1000 {
            case 2: return (2221...2720).contains(prefix) && count == 16
            case 3:
                if two == 34 || two == 37 { return count == 15 }
                if two == 35 { return count >= 16 }
                return (two == 30 || two == 36 || two == 38 || two == 39) && count >= 14
            case 4: return count == 13 || count == 16 || count == 19
            case 5:
                if (51...55).contains(two) { return count == 16 }
                return two == 50 || two >= 56  // Maestro: 12–19 digits
            case 6: return true  // Discover, UnionPay, Maestro
            default: return false
            }
        }

        // MARK: IBANs

        /// Country code, check digits and BBAN, contiguous or in groups of four; the length must be
        /// the country's and the whole must pass mod 97.
        func iban(at s: Int) -> Int? {
            let upper = isUppercase(p[s])
            guard isUppercase(p[s + 1]) == upper,
                let expected = Self.ibanLengths[UInt16(p[s] & 0xDF) << 8 | UInt16(p[s + 1] & 0xDF)]
            else { return nil }
            let first = alphanumericRun(at: s)
            var end: Int
            if first == expected {
                end = s + first
            } else if first == 4 {
                var count = 4
                end = s + 4
                while count < expected {
                    let width = spaceWidth(at: end)
                    guard width > 0, isAlphanumeric(at(end + width)) else { return nil }
                    let run = alphanumericRun(at: end + width)
                    guard run == 4 || (run < 4 && count + run == expected) else { return nil }
                    count += run
                    end += width + run
                }
            } else {
                return nil
            }
            guard !isWordByte(at(end)) else { return nil }
            var remainder = 0
            func feed(_ b: UInt8) -> Bool {
                if isDigit(b) {
                    remainder = (remainder * 10 + digitValue(b)) % 97
                } else if isLetter(b) && isUppercase(b) == upper {
                    remainder = (remainder * 100 + Int(lowercase(b) - 0x61) + 10) % 97
                } else {
                    return b == Byte.space || b >= 0x80  // the spaces between groups
                }
                return true
            }
            for k in (s + 4)..<end { guard feed(p[k]) else { return nil } }
            for k in s..<(s + 4) { guard feed(p[k]) else { return nil } }
            return remainder == 1 ? end : nil
        }

        func alphanumericRun(at i: Int) -> Int {
            var j = i
            while j < n && j - i < 35 && isAlphanumeric(p[j]) { j += 1 }
            return j - i
        }

        // MARK: Phones

        /// One group of digits in a phone number, with the separator before it.
        struct Group {
            var start: Int
            var end: Int
            var separator: UInt8  // 0: none (after a parenthesis)
            var parenthesized: Bool
            var count: Int { end - start }
        }

        /// A phone number at `s` (`+`, `(` or a digit): international with a known country code and
        /// a national number of that country's length, or a national form of the US (3-3-4), France
        /// (five pairs), Spain (3-2-2-2), or the UK, Germany and others with a trunk 0 (area group
        /// then subscriber).
        func phone(at s: Int) -> Int? {
            // Cheap upper bound on the digits first: most numbers in prose are short.
            var j = p[s] == Byte.plus ? s + 1 : s
            var digits = 0
            while j < n && digits <= 20 {
                let b = p[j]
                if isDigit(b) {
                    digits += 1
                } else if b >= 0x80, case let width = spaceWidth(at: j), width > 0 {
                    j += width - 1
                } else if !(b == Byte.space || b == Byte.dash || b == Byte.dot || b == Byte.slash || b == Byte.openParen || b == Byte.closeParen) {
                    break
                }
                j += 1
            }
            guard digits >= 8 else { return nil }
            let international = p[s] == Byte.plus
            let groups = phoneGroups(from: international ? s + 1 : s)
            guard !groups.isEmpty else { return nil }
            var digitsBefore = [0]
            for group in groups { digitsBefore.append(digitsBefore[digitsBefore.count - 1] + group.count) }
            var k = groups.count
            while k > 0 {
                defer { k -= 1 }
                // A shorter reading may end only where a space separates it from what follows.
                guard k == groups.count || groups[k].separator == Byte.space else { continue }
                // No rule accepts fewer than 9 digits (8 after "+") or more than 17 (with "00").
                guard (8...17).contains(digitsBefore[k]) else { continue }
                let last = groups[k - 1]
                let end = last.end + (last.parenthesized ? 1 : 0)
                guard !isWordByte(at(end)) else { continue }
                let candidate = Array(groups[0..<k])
                let valid: Bool
                if international {
                    valid = !candidate[0].parenthesized && isInternational(candidate, prefix: 0)
                } else if !candidate[0].parenthesized && candidate[0].count >= 3 && p[candidate[0].start] == Byte.zero
                    && p[candidate[0].start + 1] == Byte.zero
                {
                    valid = isInternational(candidate, prefix: 2)
                } else {
                    valid = isNorthAmerican(candidate) || isTrunkZero(candidate) || isSpanish(candidate)
                }
                if valid {
                    guard !Self.referenceWords.contains(previousWord(s)) else { return nil }
                    return end
                }
            }
            return nil
        }

        func phoneGroups(from s: Int) -> [Group] {
            var groups: [Group] = []
            var j = s
            var separator: UInt8 = 0
            while groups.count < 10 {
                if at(j) == Byte.openParen {
                    // Only an area code "(202)", "(030)" or the trunk zero "(0)", and only early.
                    let run = digitRun(at: j + 1)
                    guard groups.count < 2, run == 1 ? at(j + 1) == Byte.zero : (3...5).contains(run), at(j + 1 + run) == Byte.closeParen else {
                        break
                    }
                    groups.append(Group(start: j + 1, end: j + 1 + run, separator: separator, parenthesized: true))
                    j += run + 2
                } else if isDigit(at(j)) {
                    let run = digitRun(at: j)
                    groups.append(Group(start: j, end: j + run, separator: separator, parenthesized: false))
                    j += run
                } else {
                    break
                }
                let b = at(j)
                let width = b == Byte.dash || b == Byte.dot || b == Byte.slash ? 1 : spaceWidth(at: j)
                let next = at(j + width)
                if width > 0 && (isDigit(next) || next == Byte.openParen) {
                    separator = width == 1 ? b : Byte.space
                    j += width
                } else if (groups[groups.count - 1].parenthesized && isDigit(b)) || b == Byte.openParen {
                    separator = 0
                } else {
                    break
                }
            }
            return groups
        }

        func digits(of groups: [Group]) -> [Int] {
            var digits: [Int] = []
            for group in groups {
                for k in group.start..<group.end { digits.append(digitValue(p[k])) }
            }
            return digits
        }

        /// `+CC NSN` (or `00CC NSN`): a known country code and a national number of its length.
        func isInternational(_ groups: [Group], prefix: Int) -> Bool {
            // "+44 (0)20 …": the parenthesized trunk zero is not dialled from abroad.
            let dialled = groups.enumerated().filter { index, group in
                !(index > 0 && group.parenthesized && group.count == 1 && p[group.start] == Byte.zero)
            }.map(\.element)
            guard groups.dropFirst().allSatisfy({ $0.separator != Byte.dot }) || groups.dropFirst().allSatisfy({ $0.separator == Byte.dot }) else {
                return false
            }
            let d = Array(digits(of: dialled).dropFirst(prefix))
            guard (8...15).contains(d.count), d[0] != 0 else { return false }
            let codeLength: Int
            if d[0] == 1 || d[0] == 7 {
                codeLength = 1
            } else if Self.twoDigitCountryCodes.contains(d[0] * 10 + d[1]) {
                codeLength = 2
            } else {
                codeLength = 3
            }
            let code = d.prefix(codeLength).reduce(0) { $0 * 10 + $1 }
            let national = d.count - codeLength
            let lengths = Self.nationalLengths[code] ?? (codeLength == 3 ? 6...12 : 8...10)
            guard lengths.contains(national) else { return false }
            if code == 39 || code == 378 || code == 379 { return true }  // Italy keeps its leading 0
            guard d[codeLength] != 0 else { return false }
            if code == 1 { return d[1] >= 2 && d[4] >= 2 }
            return true
        }

        /// `(202) 555-0143`, `202-555-0143`, `202.555.0143`, `202 555 0143`, optionally `1-` first.
        func isNorthAmerican(_ groups: [Group]) -> Bool {
            var g = groups[...]
            if g.count == 4 && g[0].count == 1 && p[g[0].start] == 0x31 && !g[0].parenthesized { g = g.dropFirst() }
            guard g.count == 3 else { return false }
            let area = g[g.startIndex]
            let exchange = g[g.startIndex + 1]
            let line = g[g.startIndex + 2]
            guard area.count == 3, exchange.count == 3, line.count == 4, !exchange.parenthesized, !line.parenthesized,
                p[area.start] >= 0x32, p[exchange.start] >= 0x32
            else { return false }
            if area.parenthesized {
                return [0, Byte.space, Byte.dash].contains(exchange.separator) && [Byte.dash, Byte.space, Byte.dot].contains(line.separator)
            }
            return exchange.separator == line.separator && [Byte.dash, Byte.dot, Byte.space].contains(exchange.separator)
        }

        /// Spain has no trunk 0: `612 34 56 78` (mobiles 6/7, landlines 8/9). Only this grouping,
        /// since `612 345 678` is how counts are written too.
        func isSpanish(_ groups: [Group]) -> Bool {
            guard groups.map(\.count) == [3, 2, 2, 2], !groups.contains(where: \.parenthesized), p[groups[0].start] >= 0x36 else { return false }
            let separator = groups[1].separator
            return [Byte.space, Byte.dot, Byte.dash].contains(separator) && groups.dropFirst().allSatisfy { $0.separator == separator }
        }

        /// National numbers with a trunk 0: France `06 12 34 56 78` / `01.23.45.67.89`; contiguous
        /// mobiles (FR 06/07, UK 07, DE 015–017); and area-then-subscriber groups as in the UK
        /// (`020 7946 0958`, `07700 900123`), Germany (`030 901820`, `030/901820`, `0151 12345678`),
        /// the Netherlands or Switzerland: 9–12 digits, an area group of 3–5.
        func isTrunkZero(_ groups: [Group]) -> Bool {
            let d = digits(of: groups)
            guard d.count >= 9, d[0] == 0, d[1] != 0 else { return false }
            guard groups.dropFirst().allSatisfy({ !$0.parenthesized }) else { return false }
            let counts = groups.map(\.count)
            if counts == [2, 2, 2, 2, 2] && !groups[0].parenthesized {
                let separator = groups[1].separator
                return [Byte.space, Byte.dot, Byte.dash].contains(separator) && groups.dropFirst().allSatisfy { $0.separator == separator }
            }
            if groups.count == 1 {
                guard !groups[0].parenthesized else { return false }
                if d.count == 10 && (d[1] == 6 || d[1] == 7) { return true }
                if d.count == 11 && d[1] == 7 { return true }
                return (d.count == 11 || d.count == 12) && d[1] == 1 && (5...7).contains(d[2])
            }
            guard groups.count <= 5, (3...5).contains(counts[0]), (9...12).contains(d.count),
                counts.dropFirst().allSatisfy({ (2...8).contains($0) })
            else { return false }
            let firstSeparator = groups[1].separator
            guard groups[0].parenthesized ? [0, Byte.space].contains(firstSeparator) : [Byte.space, Byte.slash, Byte.dash].contains(firstSeparator)
            else {
                return false
            }
            return groups.dropFirst(2).allSatisfy { $0.separator == Byte.space || $0.separator == Byte.dash }
        }

        // MARK: Tables

        /// Words before "at" in ordinary sentences ("looked at google dot com", "me at …").
        static let wordsBeforeAt: Set<String> = [
            "a", "aimed", "all", "at", "am", "an", "and", "angry", "anyone", "are", "arrive", "arrived", "ate", "available", "back",
            "bad", "be", "been", "being", "best", "better", "born", "but", "buy", "bought", "come", "came", "did", "do", "dot", "down",
            "early", "eat", "employed", "engineer", "even", "everyone", "fired", "found", "fun", "glance", "glanced", "good",
            "got", "great", "he", "her", "here", "him", "hired", "home", "i", "intern", "is", "it", "job", "just", "late",
            "laugh", "laughed", "laughing", "least", "left", "live", "lived", "living", "look", "looked", "looking", "looks",
            "mad", "manager", "me", "meet", "met", "nobody", "not", "nothing", "now", "once", "only", "or", "out", "over",
            "point", "pointed", "reach", "right", "sat", "saw", "see", "seen", "she", "shop", "shopped", "shout", "shouted",
            "sit", "sitting", "smile", "smiled", "someone", "something", "stare", "stared", "staring", "stay", "stayed",
            "still", "stood", "stuck", "study", "studied", "that", "them", "there", "they", "this", "up", "us", "wait",
            "waited", "was", "we", "were", "what", "where", "work", "worked", "working", "works", "yell", "yelled", "you",
        ]

        /// Hosts that only serve mail, for "john at gmail.com" (with an ordinary "at").
        static let mailHosts: Set<String> = [
            "aol.com", "free.fr", "freenet.de", "gmail.com", "gmx.at", "gmx.ch", "gmx.com", "gmx.de", "gmx.fr", "gmx.net",
            "googlemail.com", "hey.com", "hotmail.co.uk", "hotmail.com", "hotmail.de", "hotmail.es", "hotmail.fr", "icloud.com",
            "laposte.net", "libero.it", "live.com", "live.fr", "mac.com", "mail.ru", "mailbox.org", "me.com", "msn.com",
            "orange.fr", "outlook.com", "outlook.de", "outlook.es", "outlook.fr", "pm.me", "posteo.de", "proton.me",
            "protonmail.ch", "protonmail.com", "sfr.fr", "t-online.de", "terra.es", "tiscali.it", "tuta.io", "tutanota.com",
            "wanadoo.fr", "web.de", "yahoo.co.uk", "yahoo.com", "yahoo.de", "yahoo.es", "yahoo.fr", "yandex.com", "yandex.ru",
            "ymail.com", "zoho.com",
        ]

        /// Top-level domains accepted after a spelled-out dot.
        static let topLevelDomains: Set<String> = [
            "app", "ar", "at", "au", "be", "biz", "br", "ca", "ch", "cl", "cn", "co", "com", "cz", "de", "dev", "dk", "edu",
            "es", "eu", "fi", "fr", "gov", "gr", "hu", "ie", "il", "in", "info", "io", "is", "it", "jp", "kr", "lu", "me",
            "mx", "net", "nl", "no", "nz", "org", "pe", "pl", "pt", "ro", "ru", "se", "tr", "tw", "ua", "uk", "us", "xyz", "za",
        ]

        /// "@home", "@work": "at", not a person.
        static let notHandles: Set<String> = ["all", "channel", "everyone", "here", "home", "school", "someone", "work"]

        /// Words that make the number after them a version, not an address ("version 1.2.3.4").
        static let versionWords: Set<String> = [
            "build", "capítulo", "chapitre", "chapter", "firmware", "kapitel", "release", "section", "v", "ver", "version",
            "versión", "versão", "versione",
        ]

        /// Words that make the number after them a reference, not a card or a phone.
        static let referenceWords: Set<String> = [
            "bestellnummer", "bestellung", "commande", "facture", "factura", "invoice", "isbn", "order", "pedido", "rechnung",
            "ref", "reference", "referenz", "référence", "ticket", "tracking",
        ]

        static let twitterPaths: Set<String> = [
            "about", "account", "compose", "download", "explore", "hashtag", "help", "home", "i", "intent", "jobs", "login",
            "logout", "messages", "notifications", "privacy", "rules", "search", "settings", "share", "signup", "tos",
        ]
        static let instagramPaths: Set<String> = [
            "about", "accounts", "challenge", "developer", "direct", "explore", "help", "legal", "p", "privacy", "reel",
            "reels", "terms", "tv", "web",
        ]
        static let facebookPaths: Set<String> = [
            "about", "ads", "bookmarks", "business", "careers", "dialog", "events", "friends", "fundraisers", "gaming",
            "groups", "hashtag", "help", "home.php", "l.php", "legal", "login", "login.php", "marketplace", "messages",
            "notes", "notifications", "pages", "permalink.php", "photo", "photo.php", "plugins", "policies", "policy.php",
            "privacy", "r.php", "recover", "reel", "search", "settings", "share", "sharer", "sharer.php", "stories",
            "story.php", "terms", "terms.php", "tr", "video", "watch",
        ]
        static let githubPaths: Set<String> = [
            "about", "account", "apps", "blog", "codespaces", "collections", "contact", "copilot", "customer-stories",
            "dashboard", "enterprise", "events", "explore", "features", "home", "issues", "join", "login", "logout",
            "marketplace", "mobile", "new", "notifications", "organizations", "orgs", "pricing", "pulls", "readme",
            "resources", "search", "security", "sessions", "settings", "signup", "site", "solutions", "sponsors", "stars",
            "team", "topics", "trending", "watching",
        ]
        static let profileSubdomains: Set<String> = ["gist", "m", "mobile", "new", "np", "old", "web", "www"]
        static let profileSites: Set<String> = [
            "facebook.com", "fb.com", "github.com", "instagram.com", "linkedin.com", "reddit.com", "tiktok.com", "twitter.com",
            "x.com", "youtube.com",
        ]

        /// IBAN lengths by country (SWIFT IBAN registry), keyed by the two ASCII letters.
        static let ibanLengths: [UInt16: Int] = Dictionary(
            uniqueKeysWithValues: ibanLengthsByCountry.map { code, length in
                let bytes = Array(code.utf8)
                return (UInt16(bytes[0]) << 8 | UInt16(bytes[1]), length)
            }
        )
        static let ibanLengthsByCountry: KeyValuePairs<String, Int> = [
            "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28,
            "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
            "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
            "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
            "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
            "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24,
            "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24,
            "XK": 20,
        ]

        /// Two-digit country calling codes; other codes starting with 2–9 have three digits.
        static let twoDigitCountryCodes: Set<Int> = [
            20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61,
            62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
        ]

        /// Digits of the national (significant) number by country calling code, where known.
        static let nationalLengths: [Int: ClosedRange<Int>] = [
            1: 10...10, 7: 10...10, 20: 8...10, 27: 9...9, 30: 10...10, 31: 9...9, 32: 8...9, 33: 9...9, 34: 9...9,
            36: 8...9, 39: 6...11, 40: 9...9, 41: 9...9, 43: 7...13, 44: 9...10, 45: 8...8, 46: 7...9, 47: 8...8,
            48: 9...9, 49: 6...13, 51: 8...9, 52: 10...10, 53: 8...8, 54: 10...10, 55: 10...11, 56: 9...9, 57: 10...10,
            58: 10...10, 60: 8...10, 61: 9...9, 62: 8...12, 63: 10...10, 64: 8...10, 65: 8...8, 66: 8...9, 81: 9...10,
            82: 8...10, 84: 9...10, 86: 10...11, 90: 10...10, 91: 10...10, 92: 10...10, 93: 9...9, 94: 9...9,
            95: 8...10, 98: 10...10, 212: 9...9, 213: 9...9, 216: 8...8, 234: 8...10, 254: 9...9, 351: 9...9,
            352: 6...11, 353: 7...9, 354: 7...7, 356: 8...8, 357: 8...8, 358: 6...12, 359: 8...9, 370: 8...8,
            371: 8...8, 372: 7...8, 380: 9...9, 381: 8...9, 385: 8...9, 386: 8...8, 420: 9...9, 421: 9...9,
            971: 8...9, 972: 8...9,
        ]
    }
}
