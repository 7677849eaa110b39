// National identity and tax numbers whose format and check rules can both be verified: a
// shape alone (nine digits) is any number, so each id is found only when its own check holds,
// and the ids whose check a random number passes often (one in ten or eleven: SSN, BSN,
// Aadhaar, CPF and the German tax id written bare) only in their usual grouping or right
// after a word that names them (Tables.swift, `nationalIDWords`).
//
//   US SSN         123-45-6789: not area 000, 666 or 9xx, not group 00, not serial 0000
//   UK NI number   AB 12 34 56 C: the prefix rules (no D F I Q U V first, no D F I O Q U V
//                  second, not BG GB KN NK NT TN ZZ), a suffix A–D
//   Spanish DNI    12345678Z, and NIE X1234567L: the check letter (mod 23)
//   Dutch BSN      9 digits: the 11-test
//   Italian CF     RSSMRA85T10A562S: the check character (omocodia letters allowed)
//   French NIR     1 84 12 76 451 089 46: sex, month, the key 97 − n mod 97 (2A/2B for Corsica)
//   German tax id  11 digits: ISO 7064 MOD 11,10 and one digit twice or thrice in the first ten
//   Indian Aadhaar 2345 6789 0124: first digit 2–9, Verhoeff
//   Brazilian CPF  123.456.789-09: two check digits, not one digit repeated

extension PersonalDataScanner.ByteScan {
    /// A run of letters and digits split by single separators of one kind (space, dash, dot,
    /// slash), starting at `s`: its characters, the length of each group, and where it ends.
    private struct Groups {
        var characters: [UInt8] = []
        var lengths: [Int] = []
        var separator: UInt8 = 0
        var end: Int
    }

    private func groups(from s: Int, limit: Int = 20) -> Groups {
        var result = Groups(end: s)
        var j = s
        while result.characters.count < limit {
            var k = j
            while k < n && isAlphanumeric(p[k]) && result.characters.count + (k - j) < limit + 1 { k += 1 }
            guard k > j else { break }
            result.characters += p[j..<k]
            result.lengths.append(k - j)
            result.end = k
            let b = at(k)
            let width = b == Byte.dash || b == Byte.dot || b == Byte.slash ? 1 : spaceWidth(at: k)
            guard width > 0, isAlphanumeric(at(k + width)) else { break }
            let kind = width == 1 ? b : Byte.space
            if result.separator == 0 {
                result.separator = kind
            } else if result.separator != kind && !(result.separator == Byte.dot && kind == Byte.dash) {
                break
            }
            j = k + width
        }
        return result
    }

    /// A national id starting at `s` (a digit or a letter); its end, or nil.
    func nationalID(at s: Int) -> Int? {
        guard !wordBefore(s), !Self.referenceWords.contains(previousWord(s)) else { return nil }
        let g = groups(from: s)
        // Try the longest reading first, then shorter ones that end at a group boundary.
        var count = g.characters.count
        var groupCount = g.lengths.count
        var end = g.end
        while groupCount > 0 {
            let characters = Array(g.characters.prefix(count))
            let lengths = Array(g.lengths.prefix(groupCount))
            if !isWordByte(at(end)), isNationalID(characters, lengths: lengths, separator: g.separator, start: s) { return end }
            // Drop the last group.
            let last = lengths[groupCount - 1]
            count -= last
            groupCount -= 1
            var e = end - last
            while e > s && !isAlphanumeric(p[e - 1]) { e -= 1 }
            end = e
        }
        return nil
    }

    private func isNationalID(_ c: [UInt8], lengths: [Int], separator: UInt8, start: Int) -> Bool {
        let named = { (words: Set<String>) in self.wordsBefore(start, count: 4).contains { words.contains($0) } }
        let grouped = lengths.count > 1
        let allDigits = c.allSatisfy(isDigit)
        switch c.count {
        case 9:
            if allDigits {
                let ssnShape = lengths == [3, 2, 4] && separator != Byte.dot
                if (ssnShape || (!grouped && named(Self.ssnWords))) && isSSN(c) { return true }
                return named(Self.bsnWords) && isBSN(c) && (!grouped || lengths == [4, 2, 3] || lengths == [3, 3, 3])
            }
            if isNINumber(c) { return true }
            return isDNI(c, lengths: lengths) || isNIE(c)
        case 11:
            guard allDigits else { return false }
            if lengths == [3, 3, 3, 2] && separator == Byte.dot && isCPF(c) { return true }
            if !grouped && named(Self.cpfWords) && isCPF(c) { return true }
            return named(Self.taxIDWords) && isGermanTaxID(c) && (!grouped || lengths == [2, 3, 3, 3])
        case 12:
            guard allDigits, isAadhaar(c) else { return false }
            return (lengths == [4, 4, 4] && separator != Byte.dot) || (!grouped && named(Self.aadhaarWords))
        case 15:
            return isNIR(c) && (!grouped || lengths == [1, 2, 2, 2, 3, 3, 2] || lengths == [13, 2])
        case 16:
            return !grouped && isCodiceFiscale(c)
        default:
            return false
        }
    }

    // MARK: The check rules

    private func digits(_ c: [UInt8]) -> [Int] { c.map { digitValue($0) } }

    private func isSSN(_ c: [UInt8]) -> Bool {
        let d = digits(c)
        let area = d[0] * 100 + d[1] * 10 + d[2]
        return area != 0 && area != 666 && area < 900 && (d[3] != 0 || d[4] != 0) && d[5...].contains { $0 != 0 }
    }

    private func isBSN(_ c: [UInt8]) -> Bool {
        let d = digits(c)
        let sum = (0..<8).reduce(0) { $0 + d[$1] * (9 - $1) } - d[8]
        return sum % 11 == 0 && sum > 0
    }

    private func isCPF(_ c: [UInt8]) -> Bool {
        var d = digits(c)
        guard Set(d).count > 1 else { return false }
        let given = Array(d[9...])
        d = Array(d[..<9])
        for length in [9, 10] {
            let total = (0..<length).reduce(0) { $0 + d[$1] * (length + 1 - $1) }
            let r = total * 10 % 11
            d.append(r == 10 ? 0 : r)
        }
        return Array(d[9...]) == given
    }

    private func isGermanTaxID(_ c: [UInt8]) -> Bool {
        let d = digits(c)
        guard d[0] != 0 else { return false }
        var counts = [Int](repeating: 0, count: 10)
        for x in d[..<10] { counts[x] += 1 }
        let repeated = counts.filter { $0 > 1 }
        guard repeated.count == 1, let times = repeated.first, times <= 3 else { return false }
        if times == 3 {
            // A digit three times may not stand three in a row.
            for k in 0..<8 where d[k] == d[k + 1] && d[k] == d[k + 2] { return false }
        }
        var product = 10
        for x in d[..<10] {
            var sum = (x + product) % 10
            if sum == 0 { sum = 10 }
            product = sum * 2 % 11
        }
        let check = (11 - product) % 10
        return check == d[10]
    }

    private static let verhoeffD: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
    private static let verhoeffP: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]

    private func isAadhaar(_ c: [UInt8]) -> Bool {
        let d = digits(c)
        guard d[0] >= 2 else { return false }
        var check = 0
        for (i, x) in d.reversed().enumerated() { check = Self.verhoeffD[check][Self.verhoeffP[i % 8][x]] }
        return check == 0
    }

    private func isNIR(_ c: [UInt8]) -> Bool {
        // Corsica: department 2A or 2B, counted as 19 and 18 for the key.
        var text = c
        var corsica = 0
        if text[5] == 0x32, text[6] == 0x41 || text[6] == 0x42 {
            corsica = text[6] == 0x41 ? 1_000_000 : 2_000_000
            text[6] = Byte.zero
        }
        guard text.allSatisfy(isDigit) else { return false }
        let d = digits(text)
        guard d[0] == 1 || d[0] == 2 else { return false }
        let month = d[3] * 10 + d[4]
        guard (1...12).contains(month) || (20...42).contains(month) || (50...99).contains(month) else { return false }
        var number = d[..<13].reduce(0) { $0 * 10 + $1 }
        number -= corsica
        let key = d[13] * 10 + d[14]
        return key == 97 - number % 97
    }

    private static let dniLetters = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)

    /// 8 digits and the check letter, bare or after a dash or space.
    private func isDNI(_ c: [UInt8], lengths: [Int]) -> Bool {
        guard lengths == [9] || lengths == [8, 1], c[..<8].allSatisfy(isDigit), let letter = c.last else { return false }
        let number = digits(Array(c[..<8])).reduce(0) { $0 * 10 + $1 }
        return Self.dniLetters[number % 23] == letter
    }

    /// X, Y or Z (0, 1, 2), 7 digits and the check letter.
    private func isNIE(_ c: [UInt8]) -> Bool {
        guard let first = c.first, let prefix = [0x58, 0x59, 0x5A].firstIndex(of: first), c[1..<8].allSatisfy(isDigit), let letter = c.last
        else { return false }
        let number = digits(Array(c[1..<8])).reduce(prefix) { $0 * 10 + $1 }
        return Self.dniLetters[number % 23] == letter
    }

    private static let niFirstForbidden = Set("DFIQUV".utf8)
    private static let niSecondForbidden = Set("DFIOQUV".utf8)
    private static let niPrefixesForbidden: Set<String> = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]

    private func isNINumber(_ c: [UInt8]) -> Bool {
        let upper = { (b: UInt8) in b &- 0x41 < 26 }
        guard upper(c[0]), upper(c[1]), c[2..<8].allSatisfy(isDigit), (0x41...0x44).contains(c[8]) else { return false }
        guard !Self.niFirstForbidden.contains(c[0]), !Self.niSecondForbidden.contains(c[1]) else { return false }
        return !Self.niPrefixesForbidden.contains(String(decoding: c[0..<2], as: UTF8.self))
    }

    /// Codice fiscale: 6 letters, 2 digits, a month letter, 2 digits, a letter, 3 digits, the
    /// check letter; a digit may be replaced by a letter of LMNPQRSTUV (omocodia).
    private func isCodiceFiscale(_ c: [UInt8]) -> Bool {
        let upper = { (b: UInt8) in b &- 0x41 < 26 }
        let omocodia = Set("LMNPQRSTUV".utf8)
        let digitPlaces: Set<Int> = [6, 7, 9, 10, 12, 13, 14]
        for (k, b) in c.enumerated() {
            if digitPlaces.contains(k) {
                guard isDigit(b) || omocodia.contains(b) else { return false }
            } else {
                guard upper(b) else { return false }
            }
        }
        guard "ABCDEHLMPRST".utf8.contains(c[8]) else { return false }
        let odd: [Int] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
        var total = 0
        for (k, b) in c.prefix(15).enumerated() {
            let value = isDigit(b) ? digitValue(b) : Int(b - 0x41)
            total += k % 2 == 0 ? odd[value] : value
        }
        return c[15] == UInt8(0x41 + total % 26)
    }

    // MARK: Context

    /// The up to `count` words after `e` in the same sentence, lowercased, nearest first.
    func wordsAfter(_ e: Int, count: Int) -> [String] {
        var words: [String] = []
        var s = e
        while words.count < count && s < n && s - e < 80 {
            let b = p[s]
            if b == 0x21 || b == Byte.question || b == 0x0A || (b == Byte.dot && at(s + 1) == Byte.space && isLetter(at(s + 2))) { break }
            if isLetter(b) || b >= 0x80 {
                var w = s
                while w < n && (isLetter(p[w]) || p[w] >= 0x80) && w - s < 40 { w += 1 }
                words.append(lowercasedString(s..<w))
                s = w
            } else {
                s += 1
            }
        }
        return words
    }

    /// The up to `count` words before `s` in the same sentence, lowercased, nearest first
    /// (words of letters; numbers and punctuation between them are skipped).
    func wordsBefore(_ s: Int, count: Int) -> [String] {
        var words: [String] = []
        var e = s
        while words.count < count && e > 0 && s - e < 80 {
            let b = p[e - 1]
            // A sentence ends at "!", "?", a line break, or a dot before a space and a letter
            // (not the dot of an abbreviation before a number: "IdNr. 29 374…").
            if b == 0x21 || b == Byte.question || b == 0x0A || (b == Byte.dot && at(e) == Byte.space && isLetter(at(e + 1))) { break }
            if isLetter(b) || b >= 0x80 {
                var w = e
                while w > 0 && (isLetter(p[w - 1]) || p[w - 1] >= 0x80) && e - w < 40 { w -= 1 }
                words.append(lowercasedString(w..<e))
                e = w
            } else {
                e -= 1
            }
        }
        return words
    }
}
