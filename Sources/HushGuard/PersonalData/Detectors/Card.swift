// Payment card numbers, told apart from order, ticket and tracking numbers.
//
// 13–19 Luhn-valid digits whose issuer prefix allows that length (Visa, Mastercard, Amex,
// Discover, JCB, Diners, UnionPay, Maestro: Tables.swift), in groups of four (Amex and
// Diners 4-6-5, 4-6-4) or bare; 16 Luhn-valid digits from no issuer are an order number,
// and so is any number after "order", "invoice", "ticket"…

extension PersonalDataScanner.ByteScan {
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

    private func isCardNumber(_ range: Range<Int>) -> Bool {
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
        return Self.cardIssuerAllows(prefix: prefix, count: count)
    }
}
