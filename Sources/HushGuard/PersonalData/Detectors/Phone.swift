// Phone numbers: found by libphonenumber (PhoneNumbers.swift), read in the site's region, and
// judged here by what surrounds them, since a number can be valid and still be a date, a
// reference or a count.
//
// A valid number is a phone; a number that is only possible (the right length, not an
// allocated range, like 555 numbers in the US) is one only right after a word of calling
// ("call me", "text", "phone", "llámame", "ruf an", … Tables.swift). Neither is a phone after
// "order", "invoice", "ref", "ISBN"…, a version word or the name of a national id, nor when
// it reads as a date (day, month, year in any order, with a plausible year), nor when it is
// written bare as a straight run (1234567890) or one digit repeated, or digit by digit
// (9 8 7 … 0), or grouped by thousands (12 345 678 901), or ends in a single check digit
// after a dash (an ISBN), nor when it is the tail of a longer chain of numbers (a bad IBAN's
// groups, a tracking number). `wa.me/…` and `phone=` links hold a number dialled from abroad
// without its +.

internal import HushCore

extension PersonalDataScanner.ByteScan {
    /// Adds every phone number of `windows` (`numberWindows`), read as in `region`; with
    /// `validOnly` (a region read besides the site's first one) a number must be valid there,
    /// not merely possible.
    mutating func phones(region: Region, validOnly: Bool = false, in windows: [Range<Int>]) {
        var lastEnd = -1
        for window in windows {
            for match in matches(in: window, region: region) {
                var range = match.range
                // libphonenumber keeps a closing parenthesis only with its opening one; a lone
                // trailing one is punctuation of the sentence.
                while range.count > 1, p[range.upperBound - 1] == Byte.closeParen, !contains(Byte.openParen, in: range) {
                    range = range.lowerBound..<(range.upperBound - 1)
                }
                guard match.valid || !validOnly, isPhone(range, valid: match.valid, previousPhoneEnd: lastEnd) else { continue }
                add(.phone, range.lowerBound, range.upperBound)
                lastEnd = range.upperBound
            }
        }
    }

    /// libphonenumber's matches in `window`, as ranges of the whole text, in order.
    private func matches(in window: Range<Int>, region: Region) -> [PhoneNumbers.Match] {
        // libphonenumber splits groups at ASCII spaces only: the no-break, narrow no-break
        // and thin spaces of French and German typography are read as spaces, then mapped back.
        var spaced: [UInt8] = []
        var origin: [Int] = []
        spaced.reserveCapacity(window.count)
        origin.reserveCapacity(window.count + 1)
        var k = window.lowerBound
        while k < window.upperBound {
            let width = p[k] >= 0x80 ? spaceWidth(at: k) : 0
            spaced.append(width > 0 ? Byte.space : p[k])
            origin.append(k)
            k += max(width, 1)
        }
        origin.append(window.upperBound)
        return spaced.withUnsafeBufferPointer { PhoneNumbers.matches(in: $0, region: region) }
            .map { PhoneNumbers.Match(range: origin[$0.range.lowerBound]..<origin[$0.range.upperBound], valid: $0.valid) }
            .sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The stretches of the text where a phone number can be: at least 7 digits (of any
    /// script), each at most 7 bytes from the next, with up to 12 bytes around them for the
    /// `+`, the brackets and what the number is glued to (never reaching into the next
    /// stretch). libphonenumber's matcher copies the rest of its text at every candidate, so
    /// it reads each stretch apart, and a stretch longer than 160 bytes (a table of numbers)
    /// is cut at a space (at 320 bytes in any case): the scan stays linear.
    func numberWindows() -> [Range<Int>] {
        var stretches: [(start: Int, end: Int, digits: Int)] = []
        var i = 0
        while i < n {
            let (digit, width) = decimalDigit(at: i)
            if digit {
                if let last = stretches.last, i - last.end <= 7,
                    i - last.start < 160 || (i - last.start < 320 && !isSpace(before: i, after: last.end))
                {
                    stretches[stretches.count - 1] = (last.start, i + width, last.digits + 1)
                } else {
                    stretches.append((i, i + width, 1))
                }
            }
            i += width
        }
        var windows: [Range<Int>] = []
        for (index, stretch) in stretches.enumerated() where stretch.digits >= 7 {
            let floor = index > 0 ? stretches[index - 1].end : 0
            let ceiling = index + 1 < stretches.count ? stretches[index + 1].start : n
            var s = max(floor, stretch.start - 12)
            while s > floor && p[s] & 0xC0 == 0x80 { s -= 1 }
            var e = min(ceiling, stretch.end + 12)
            while e < ceiling && p[e] & 0xC0 == 0x80 { e += 1 }
            windows.append(s..<e)
        }
        return windows
    }

    /// Whether a space stands between `end` and `i` (where a long stretch may be cut).
    private func isSpace(before i: Int, after end: Int) -> Bool {
        (end..<i).contains { p[$0] == Byte.space }
    }

    /// Whether the scalar at `i` is a decimal digit of any script (libphonenumber reads them
    /// all), and its length in bytes.
    private func decimalDigit(at i: Int) -> (Bool, Int) {
        let b = p[i]
        if b < 0x80 { return (isDigit(b), 1) }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= n else { return (false, 1) }
        var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let c = p[i + k]
            guard c & 0xC0 == 0x80 else { return (false, 1) }
            value = value << 6 | UInt32(c & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return (false, length) }
        return (scalar.properties.numericType == .decimal, length)
    }

    private func isPhone(_ range: Range<Int>, valid: Bool, previousPhoneEnd: Int) -> Bool {
        let s = range.lowerBound
        if !valid && !followsWordOfCalling(s) { return false }
        if p[s] != Byte.plus {
            let word = previousWord(s)
            if Self.referenceWords.contains(word) || Self.versionWords.contains(word) || Self.nationalIDWords.contains(word) { return false }
        }
        let groups = digitGroups(in: range)
        if groups.count == 1 && isStraightRun(groups[0].map { digitValue(p[$0]) }) { return false }
        // Digits one by one ("9 8 7 6 5 4 3 2 1 0"), or a last single digit after a dash: a
        // countdown, or the check digit of an ISBN or a reference.
        if groups.count >= 4 && groups.allSatisfy({ $0.count == 1 }) { return false }
        if groups.count >= 3, let last = groups.last, last.count == 1, at(last.lowerBound - 1) == Byte.dash { return false }
        // 12 345 678 901: a count grouped by thousands (no phone is written 1–3 then 3-3-3).
        if groups.count >= 4, p[s] != Byte.zero, groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) { return false }
        if readsAsDate(range) { return false }
        return chainedGroups(before: s, notBefore: previousPhoneEnd) < 2
    }

    /// The runs of digits in `range`.
    private func digitGroups(in range: Range<Int>) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var k = range.lowerBound
        while k < range.upperBound {
            let run = min(digitRun(at: k), range.upperBound - k)
            if run > 0 {
                groups.append(k..<(k + run))
                k += run
            } else {
                k += 1
            }
        }
        return groups
    }

    /// "call me", "text", "phone"… within the three words before `s`.
    private func followsWordOfCalling(_ s: Int) -> Bool {
        var e = s
        for _ in 0..<3 {
            while e > 0 && !isLetter(p[e - 1]) && p[e - 1] < 0x80 && s - e < 12 { e -= 1 }
            var b = e
            while b > 0 && (isLetter(p[b - 1]) || p[b - 1] >= 0x80) && e - b < 24 { b -= 1 }
            guard b < e else { return false }
            let word = lowercasedString(b..<e)
            if Self.callingWords.contains(word) || Self.callingWords.contains(where: { !$0.allSatisfy(\.isASCII) && word.hasSuffix($0) }) {
                return true
            }
            e = b
        }
        return false
    }

    /// 1234567890, 1111111 written bare: digits no one is given as a number. (Written in a
    /// national grouping, `01 23 45 67 89`, they are one.)
    private func isStraightRun(_ digits: [Int]) -> Bool {
        guard digits.count >= 2 else { return false }
        let steps = Set(zip(digits, digits.dropFirst()).map { ($1 - $0 + 10) % 10 })
        return steps.count == 1 && [0, 1].contains(steps.first ?? 0)
    }

    /// Three groups of digits split by one of `. / -` that read as a day, a month and a year
    /// (in any of the orders people write) with a year of 1900–2099, or a two-digit one.
    private func readsAsDate(_ range: Range<Int>) -> Bool {
        var groups: [Int] = []
        var lengths: [Int] = []
        var separators: Set<UInt8> = []
        var k = range.lowerBound
        while k < range.upperBound {
            let run = min(digitRun(at: k), range.upperBound - k)
            guard run > 0 else {
                separators.insert(p[k])
                k += 1
                continue
            }
            groups.append((k..<(k + run)).reduce(0) { $0 * 10 + digitValue(p[$1]) })
            lengths.append(run)
            k += run
        }
        guard groups.count == 3, separators.count == 1, let separator = separators.first,
            [Byte.dot, Byte.slash, Byte.dash].contains(separator)
        else { return false }
        func isYear(_ i: Int) -> Bool { lengths[i] == 2 || (lengths[i] == 4 && (1900...2099).contains(groups[i])) }
        func isDayMonth(_ a: Int, _ b: Int) -> Bool {
            (1...31).contains(groups[a]) && (1...31).contains(groups[b]) && (groups[a] <= 12 || groups[b] <= 12)
        }
        return (isYear(2) && lengths[2] == 4 && isDayMonth(0, 1)) || (isYear(0) && lengths[0] == 4 && isDayMonth(1, 2))
            || (lengths == [2, 2, 2] && isDayMonth(0, 1))
    }

    /// How many groups of digits (or words with digits) are chained by single spaces or
    /// dashes right before `s`, after `limit`: a number at the end of a long chain is its
    /// tail, not a phone.
    private func chainedGroups(before s: Int, notBefore limit: Int) -> Int {
        var count = 0
        var e = s
        while count < 3 {
            let width = at(e - 1) == Byte.space || at(e - 1) == Byte.dash ? 1 : 0
            guard width == 1, e - 1 > limit else { break }
            var b = e - 1
            var digits = false
            while b > limit + 1 && b > 0 && isAlphanumeric(p[b - 1]) {
                if isDigit(p[b - 1]) { digits = true }
                b -= 1
            }
            guard b < e - 1, digits, b == 0 || !isAlphanumeric(p[b - 1]) else { break }
            count += 1
            e = b
        }
        return count
    }

    /// `wa.me/4915112345678`, `…/send?phone=4915112345678`: WhatsApp links to a number
    /// dialled from abroad without its +, so read in no region: added once, whatever the regions.
    mutating func whatsAppLinks() {
        var i = 0
        while i + 6 < n {
            defer { i += 1 }
            guard isDigit(p[i]), let start = linkedNumberStart(at: i) else { continue }
            let run = digitRun(at: i)
            guard (8...15).contains(run), !isWordByte(at(i + run)),
                PhoneNumbers.isValidInternational(UnsafeBufferPointer(rebasing: p[i..<(i + run)]))
            else { continue }
            add(.phone, start, i + run)
            i += run
        }
    }

    /// Where a link to the number at `i` starts, when the number follows `wa.me/` (the link
    /// from its host) or a `phone=` query (the number alone).
    func linkedNumberStart(at i: Int) -> Int? {
        if at(i - 1) == Byte.slash, i >= 6, matches((i - 6)..<(i - 1), "wa.me"), !isAlphanumeric(at(i - 7)) { return i - 6 }
        if at(i - 1) == 0x3D, i >= 6, matches((i - 6)..<(i - 1), "phone"), !isAlphanumeric(at(i - 7)) { return i }
        return nil
    }

    private func contains(_ byte: UInt8, in range: Range<Int>) -> Bool {
        range.contains { p[$0] == byte }
    }
}
