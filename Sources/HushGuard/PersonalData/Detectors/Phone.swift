// Phone numbers, international and in the national formats people write, told apart from
// dates, times, prices, counts and reference numbers.
//
// International numbers need a known country code and a national number of that country's
// length (Tables.swift). National numbers are read in the formats people use: US 3-3-4 with
// separators (not ten bare digits, and not seven-digit local numbers); France five pairs;
// Spain 3-2-2-2; a trunk 0 with an area group of 3–5 digits and 9–12 digits in all (UK,
// Germany, the Netherlands, Switzerland…); bare runs only for mobiles (FR 06/07, UK 07,
// DE 015–017). A number after `#` (ByteScan.swift) or after "order", "ref", "invoice",
// "ISBN"… is a reference.

extension PersonalDataScanner.ByteScan {
    /// One group of digits in a phone number, with the separator before it.
    private struct Group {
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

    private func phoneGroups(from s: Int) -> [Group] {
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

    private func digits(of groups: [Group]) -> [Int] {
        var digits: [Int] = []
        for group in groups {
            for k in group.start..<group.end { digits.append(digitValue(p[k])) }
        }
        return digits
    }

    /// `+CC NSN` (or `00CC NSN`): a known country code and a national number of its length.
    private func isInternational(_ groups: [Group], prefix: Int) -> Bool {
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
    private func isNorthAmerican(_ groups: [Group]) -> Bool {
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
    private func isSpanish(_ groups: [Group]) -> Bool {
        guard groups.map(\.count) == [3, 2, 2, 2], !groups.contains(where: \.parenthesized), p[groups[0].start] >= 0x36 else { return false }
        let separator = groups[1].separator
        return [Byte.space, Byte.dot, Byte.dash].contains(separator) && groups.dropFirst().allSatisfy { $0.separator == separator }
    }

    /// National numbers with a trunk 0: France `06 12 34 56 78` / `01.23.45.67.89`; contiguous
    /// mobiles (FR 06/07, UK 07, DE 015–017); and area-then-subscriber groups as in the UK
    /// (`020 7946 0958`, `07700 900123`), Germany (`030 901820`, `030/901820`, `0151 12345678`),
    /// the Netherlands or Switzerland: 9–12 digits, an area group of 3–5.
    private func isTrunkZero(_ groups: [Group]) -> Bool {
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
}
