// IP addresses, v4 and v6, told apart from version numbers, section numbers and code.
//
// IPv4 needs four octets of 0–255 without leading zeros, not inside a longer dotted run and
// not after "version", "v", "build", "chapter"… (Tables.swift); IPv6 needs two groups and a
// decimal digit (so `::1`, `a::b` and `dead::beef` are not addresses).

extension PersonalDataScanner.ByteScan {
    /// The end of a dotted quad at `s` (octets 0–255, no leading zeros), or nil.
    private func dottedQuadEnd(at s: Int) -> Int? {
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
}
