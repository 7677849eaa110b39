// Social media handles: `@name` where no word comes before the `@`, and Mastodon addresses
// (`@user@host.tld`), which are profiles on any host, not e-mails.
//
// `@` is also "at" ("lunch @noon, then @gym") and code (`@decorator`, `@property`), so a
// plain word after it is a handle only in context: after a verb of following or messaging or
// a network's name within the five words before it ("follow me @nightowl", "DM @lonely",
// "on instagram: @janedoe", "cc @a and @b"; Tables.swift). A name that does not read as a
// word is a handle anywhere: with a digit, `_` or `.` inside, or a capital after its first
// letter (`@jane_doe`, `@bob.smith`, `@JaneDoe`). `@` with a space after it ("me @ home") is
// never a handle; `@home`, `@work`, `@everyone`… and times (`@10pm`, `@9h30`) are not either.
// Handles are warnings by default, so a missed context costs little.

internal import HushCore

extension PersonalDataScanner.ByteScan {
    /// `@name` at `a` (not preceded by a word character), or `@user@host.tld` (a Mastodon
    /// address: a profile, not an e-mail). Adds the finding and returns its end.
    mutating func handle(at a: Int) -> Int? {
        var j = a + 1
        var characters = 0
        while j < n && characters <= 31 {
            let b = p[j]
            if isWordByte(b) || b == Byte.dot || (b == Byte.dash && isWordByte(at(j + 1))) {
                j += 1
            } else if b >= 0x80, case let length = wordScalarLength(at: j), length > 0 {
                j += length
            } else {
                break
            }
            characters += 1
        }
        var e = j
        while e > a + 1 && p[e - 1] == Byte.dot {
            e -= 1
            characters -= 1
        }
        guard e > a + 1, p[a + 1] != Byte.dot else { return nil }
        if e == j && at(j) == Byte.at {
            guard let domain = domain(from: j + 1), !domain.spelledDot else { return nil }
            add(.profileURL, a, domain.end)
            return domain.end
        }
        guard (2...30).contains(characters), !isWordByte(at(j)) else { return nil }
        let name = lowercasedString((a + 1)..<e)
        guard !Self.notHandles.contains(name), !Self.isTimeOfDay(name) else { return nil }
        guard !readsAsWord((a + 1)..<e) || wordsBefore(a, count: 5).contains(where: Self.handleWords.contains) else { return nil }
        add(.handle, a, e)
        return e
    }

    /// A name of letters (and dashes) only, with no capital after its first letter: it may be
    /// a word ("noon", "gym", "decorator", "home-office").
    private func readsAsWord(_ name: Range<Int>) -> Bool {
        for k in name {
            let b = p[k]
            if isDigit(b) || b == Byte.underscore || b == Byte.dot { return false }
            if k > name.lowerBound && b &- 0x41 < 26 { return false }
        }
        return true
    }

    /// "10pm", "9h30", "18h": what "@10pm" means.
    private static func isTimeOfDay(_ name: String) -> Bool {
        guard let first = name.utf8.first, first &- 0x30 < 10 else { return false }
        let rest = String(name.drop { $0.isASCII && $0.isNumber })
        if rest.isEmpty || ["am", "pm", "h", "hr", "hrs", "min", "ish"].contains(rest) { return true }
        return rest.first == "h" && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}
