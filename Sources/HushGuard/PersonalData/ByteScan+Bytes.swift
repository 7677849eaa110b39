// The byte helpers the triggers and the detectors share: named ASCII bytes, byte classes,
// what surrounds a position (the word before it, the space between digit groups, a run of
// digits) and the UTF-8 decoding that lets names and domains hold non-ASCII letters. The
// byte classes run for nearly every byte the scan looks at, so they are always inlined.

extension PersonalDataScanner.ByteScan {
    // MARK: Named bytes

    /// Named ASCII bytes, so the matchers read as the text they look for.
    enum Byte {
        static let space: UInt8 = 0x20
        static let hash: UInt8 = 0x23
        static let percent: UInt8 = 0x25
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

    // MARK: Byte classes

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
    /// Letters, digits and `_`: the bytes of an ASCII word.
    @inline(__always) func isWordByte(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) || b == Byte.underscore }
    @inline(__always) func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
    @inline(__always) func lowercase(_ b: UInt8) -> UInt8 { isLetter(b) ? b | 0x20 : b }
    @inline(__always) func digitValue(_ b: UInt8) -> Int { Int(b &- 0x30) }

    // MARK: Context

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

    func digitRun(at i: Int) -> Int {
        var j = i
        while j < n && j - i < 20 && isDigit(p[j]) { j += 1 }
        return j - i
    }

    // MARK: Unicode

    /// The scalar starting at `i` and its length in bytes.
    private func scalar(at i: Int) -> (Unicode.Scalar, Int)? {
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
}
