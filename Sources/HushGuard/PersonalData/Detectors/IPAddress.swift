// IP addresses, v4 and v6, told apart from version numbers, section numbers and code.
//
// IPv4 needs four octets of 0–255 (zero-padded ones too: 203.000.113.077), joined by dots or
// by one "defanged" dot used throughout (`[.]`, `(.)`, `{.}`, `[dot]`, `(dot)`), not inside a
// longer dotted run, and not in a sentence about versions: "version", "v", "update",
// "build", "firmware", "chapter"… within the five words before or after it (Tables.swift),
// so "updated to 1.9.9.9, then 2.0.0.1" and "from 9.0.0.1 to 10.0.0.2 after the upgrade"
// are versions. IPv6 needs two groups and a decimal
// digit (so `::1`, `a::b` and `dead::beef` are not addresses).

extension PersonalDataScanner.ByteScan {
    /// The width of a dot between octets at `j`: `.`, or a defanged dot (`[.]`, `(.)`, `{.}`,
    /// `[dot]`, `(dot)`, `{dot}`); 0 if there is none.
    func octetSeparatorWidth(at j: Int) -> Int {
        let b = at(j)
        if b == Byte.dot { return 1 }
        guard let close = Byte.closer(of: b), b != Byte.lessThan else { return 0 }
        if at(j + 1) == Byte.dot && at(j + 2) == close { return 3 }
        if matches((j + 1)..<min(j + 4, n), "dot") && at(j + 4) == close { return 5 }
        return 0
    }

    /// The end of a dotted quad at `s` (octets 0–255, one kind of dot), or nil.
    private func dottedQuadEnd(at s: Int) -> Int? {
        var j = s
        var separator: [UInt8]?
        for octet in 0..<4 {
            if octet > 0 {
                let width = octetSeparatorWidth(at: j)
                guard width > 0, isDigit(at(j + width)) else { return nil }
                let this = Array(p[j..<(j + width)])
                if let separator, separator != this { return nil }
                separator = this
                j += width
            }
            let start = j
            var value = 0
            while j < n && j - start < 4 && isDigit(p[j]) {
                value = value * 10 + digitValue(p[j])
                j += 1
            }
            guard j - start <= 3, value <= 255 else { return nil }
        }
        return j
    }

    /// IPv4, not part of a longer dotted run (`1.2.3.4.5`) and not a version number.
    func ipv4(at s: Int) -> Int? {
        guard let e = dottedQuadEnd(at: s) else { return nil }
        let next = at(e)
        guard !isWordByte(next), !((next == Byte.dot || next == Byte.comma) && isDigit(at(e + 1))) else { return nil }
        // "1.3.0.1-motley", "2.0.0.1-rc1": a version with its suffix ("10.0.0.1-10.0.0.9" is a range).
        guard !(next == Byte.dash && isLetter(at(e + 1))) else { return nil }
        guard !Self.versionWords.contains(previousWord(s)), !wordsBefore(s, count: 5).contains(where: Self.versionWords.contains),
            !wordsAfter(e, count: 5).contains(where: Self.versionWords.contains)
        else {
            return nil
        }
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
}
