// IBANs: a country code, two check digits and the account number, written contiguous or in
// groups of any size split by one kind of separator (spaces, no-break spaces, dashes or
// dots), the country code alone or with its check digits ("DE 89 3704 …", "DE89-3704-…",
// "DE89 370 400 …"). The length must be the country's (Tables.swift) and the whole must pass
// mod 97, which is what keeps the loose grouping from reading prose.

extension PersonalDataScanner.ByteScan {
    @inline(__always) private func isUppercase(_ b: UInt8) -> Bool { b &- 0x41 < 26 }

    /// An IBAN at `s` (two letters); its end, or nil.
    func iban(at s: Int) -> Int? {
        let upper = isUppercase(p[s])
        guard isLetter(at(s + 1)), isUppercase(p[s + 1]) == upper,
            let expected = Self.ibanLengths[UInt16(p[s] & 0xDF) << 8 | UInt16(p[s + 1] & 0xDF)]
        else { return nil }
        var characters: [UInt8] = []
        characters.reserveCapacity(expected)
        var j = s
        var separator: (byte: UInt8, width: Int)?
        while true {
            var k = j
            while k < n && isAlphanumeric(p[k]) && characters.count < expected {
                let b = p[k]
                if isLetter(b) && isUppercase(b) != upper { return nil }
                characters.append(b)
                k += 1
            }
            guard k > j else { return nil }
            // The check digits follow the country code, alone or in its group.
            if characters.count >= 4 && !(isDigit(characters[2]) && isDigit(characters[3])) { return nil }
            j = k
            if characters.count == expected { break }
            guard !isAlphanumeric(at(j)) else { return nil }
            let b = at(j)
            let width = b == Byte.dash || b == Byte.dot ? 1 : spaceWidth(at: j)
            guard width > 0, isAlphanumeric(at(j + width)) else { return nil }
            let kind: UInt8 = width == 1 && b != Byte.space ? b : Byte.space
            if let separator, separator.byte != kind { return nil }
            separator = (kind, width)
            j += width
        }
        guard !isWordByte(at(j)) else { return nil }
        var remainder = 0
        for b in characters[4...] + characters[..<4] {
            if isDigit(b) {
                remainder = (remainder * 10 + digitValue(b)) % 97
            } else {
                remainder = (remainder * 100 + Int(lowercase(b) - 0x61) + 10) % 97
            }
        }
        return remainder == 1 ? j : nil
    }
}
