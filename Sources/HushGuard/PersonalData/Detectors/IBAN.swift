// IBANs: a country code, two check digits and the account number, contiguous or in groups
// of four. The length must be the country's (Tables.swift) and the whole must pass mod 97.
// A word shaped like an IBAN that fails counts as a rejected number, so the digits after
// it are not read as a phone (`rejectedChain` in ByteScan.swift).

extension PersonalDataScanner.ByteScan {
    @inline(__always) private func isUppercase(_ b: UInt8) -> Bool { b &- 0x41 < 26 }

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

    private func alphanumericRun(at i: Int) -> Int {
        var j = i
        while j < n && j - i < 35 && isAlphanumeric(p[j]) { j += 1 }
        return j - i
    }
}
