/// The source line printed under a diagnostic, with a caret at its column.
///
/// CI logs are often public, and the line a problem is on may hold what hush exists to
/// protect: an identifying key's value (`author: Jane Doe: Leeds`), a secret, an e-mail
/// address in a value the guard has not yet read. So an excerpt is masked unless it is
/// proven safe: the only way to make one is `masked(_:showingKey:)`, which keeps the shape of
/// a YAML line (indentation, list dashes, a key the caller knows, YAML's punctuation) and puts
/// `•` in place of every other character, one for one, so the caret still points at the
/// column; or `template(_:)`, for a line of a template, which the publisher wrote and which
/// holds no story value and no secret.
public struct SourceExcerpt: Sendable, Hashable {
    /// What may be printed.
    public let text: String

    private init(text: String) {
        self.text = text
    }

    /// The characters a masked line keeps besides a key: enough to see the syntax error
    /// (an unclosed quote or bracket, a second colon), never a letter or digit of a value.
    private static let punctuation: Set<Character> = [" ", "\t", "\"", "'", "[", "]", "{", "}", ",", ":", "#", "|", ">"]

    /// A line of YAML (front matter or hush.yml) with every value masked, and its key too
    /// unless `showingKey` says it is one of the schema's (or a near miss of one): a key can
    /// be a name as well (`Jane-Doe: yes`).
    package static func masked(_ line: some StringProtocol, showingKey: (Substring) -> Bool = { _ in false }) -> SourceExcerpt {
        var rest = Substring(line)
        var out = ""
        let trimmed = rest.drop { $0 == " " || $0 == "\t" }
        if trimmed == "---" || trimmed == "..." { return SourceExcerpt(text: String(line)) }
        // Indentation and `- ` list markers.
        while let first = rest.first, first == " " || first == "\t" || (first == "-" && (rest.dropFirst().first == " " || rest.count == 1)) {
            out.append(first)
            rest = rest.dropFirst()
        }
        // A key that is a plain word, and its colon.
        let key = rest.prefix { isKeyCharacter($0) }
        if !key.isEmpty, key.count <= 40, rest.dropFirst(key.count).first == ":", showingKey(key) {
            out += key + ":"
            rest = rest.dropFirst(key.count + 1)
        }
        for character in rest { out.append(punctuation.contains(character) ? character : "•") }
        return SourceExcerpt(text: out)
    }

    /// A line of a template: the publisher's own words, shown as they are.
    package static func template(_ line: some StringProtocol) -> SourceExcerpt {
        SourceExcerpt(text: String(line))
    }

    /// An excerpt read back from the build cache, which stores only the text of excerpts made
    /// by `masked` or `template` (a checksummed file hush wrote itself).
    package static func cached(_ text: String) -> SourceExcerpt {
        SourceExcerpt(text: text)
    }

    /// True for a key hush could know: ASCII letters, digits, `_` and `-`. Any other key
    /// (`jane@mail.example:`) is masked like a value.
    package static func isKeyCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (ascii >= 0x61 && ascii <= 0x7A) || (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x30 && ascii <= 0x39) || ascii == 0x5F
            || ascii == 0x2D
    }

    /// True when `word` is a key that may be repeated in a message: a plain word of at most
    /// 40 characters.
    package static func isPlainKey(_ word: some StringProtocol) -> Bool {
        !word.isEmpty && word.count <= 40 && word.allSatisfy(isKeyCharacter)
    }
}

extension SourceExcerpt: CustomStringConvertible {
    public var description: String { text }
}
