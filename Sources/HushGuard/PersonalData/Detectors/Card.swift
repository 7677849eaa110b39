// Payment card numbers, told apart from order, ticket and tracking numbers and barcodes.
//
// 13–19 Luhn-valid digits whose issuer prefix allows that length (Visa, Mastercard, Amex,
// Discover, JCB, Diners, UnionPay, Maestro: Tables.swift), bare or in groups of four (Amex
// and Diners 4-6-5, 4-6-4) split by one kind of separator: spaces, dashes, en dashes, dots or
// slashes. A 12-digit Maestro counts only after a word that names a card. 16 Luhn-valid
// digits from no issuer are an order number, and so is any number after "order", "invoice",
// "ticket"…; 13 digits that are also a valid EAN-13 are a barcode unless a card is named
// before them, and nothing after "EAN", "GTIN", "barcode" is a card.

extension PersonalDataScanner.ByteScan {
    /// The width of a separator between card groups at `k` of the kind `kind` (0: any kind;
    /// the kind is the separator's first byte, or a space for every kind of space), and its kind.
    private func cardSeparator(at k: Int, kind: UInt8) -> (width: Int, kind: UInt8) {
        let b = at(k)
        var found: (Int, UInt8) = (0, 0)
        if b == Byte.dash || b == Byte.dot || b == Byte.slash {
            found = (1, b)
        } else if b == 0xE2 && at(k + 1) == 0x80 && at(k + 2) == 0x93 {
            found = (3, 0xE2)  // en dash
        } else if case let width = spaceWidth(at: k), width > 0 {
            found = (width, Byte.space)
        }
        guard found.0 > 0, kind == 0 || found.1 == kind else { return (0, 0) }
        return found
    }

    /// 12–19 digits, contiguous or in groups (4-4-4-4…, 4-6-5, 4-6-4) split by one kind of
    /// separator, Luhn-valid, with an issuer prefix that has that length.
    func card(at s: Int) -> Int? {
        var j = s
        while j < n && j - s < 20 && isDigit(p[j]) { j += 1 }
        let first = j - s
        if first >= 12 {
            guard first <= 19, !isWordByte(at(j)), isCardNumber(s..<j) else { return nil }
            return j
        }
        guard first == 4 else { return nil }
        let (width, kind) = cardSeparator(at: j, kind: 0)
        guard width > 0, isDigit(at(j + width)) else { return nil }
        let second = digitRun(at: j + width)
        if second == 6 {
            let k = j + width + 6
            let w = cardSeparator(at: k, kind: kind).width
            guard w > 0 else { return nil }
            let third = digitRun(at: k + w)
            let e = k + w + third
            guard third == 4 || third == 5, !isWordByte(at(e)), isCardNumber(s..<e) else { return nil }
            return e
        }
        var total = 4
        var groups = 1
        var best: Int?
        while groups < 5, case let w = cardSeparator(at: j, kind: kind).width, w > 0, isDigit(at(j + w)) {
            let length = digitRun(at: j + w)
            guard length <= 4 else { break }
            j += w + length
            groups += 1
            total += length
            if total >= 12 && !isWordByte(at(j)) && !(at(j) == kind && isDigit(at(j + 1))) && isCardNumber(s..<j) { best = j }
            if length < 4 { break }
        }
        return best
    }

    private func isCardNumber(_ range: Range<Int>) -> Bool {
        var digits: [Int] = []
        for k in range where isDigit(p[k]) { digits.append(digitValue(p[k])) }
        let count = digits.count
        guard (12...19).contains(count) else { return false }
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            var d = digit
            if index % 2 == 1 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        guard sum % 10 == 0 else { return false }
        let prefix = digits.prefix(4).reduce(0) { $0 * 10 + $1 }
        let words = wordsBefore(range.lowerBound, count: 3)
        guard !Self.referenceWords.contains(previousWord(range.lowerBound)), !words.contains(where: Self.barcodeWords.contains) else {
            return false
        }
        let named = words.contains(where: Self.cardWords.contains)
        if count == 12 && !named { return false }
        if count == 13 && isEAN13(digits) && !named { return false }
        return Self.cardIssuerAllows(prefix: prefix, count: count)
    }

    /// The GS1 check: weights 1 and 3 from the left, a multiple of ten.
    private func isEAN13(_ digits: [Int]) -> Bool {
        digits.enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) } % 10 == 0
    }
}
