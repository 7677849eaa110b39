internal import HushCore
internal import Yams

/// A YAML mapping read with Yams, with every problem turned into a diagnostic that points
/// at the line and column in the file (not inside the YAML block). Shared by the front
/// matter of stories and by hush.yml, so both report the same way.
struct YAMLDocument {
    let file: String
    /// Added to Yams' 1-based line numbers: 1 for front matter (after the opening `---`).
    let lineOffset: Int
    let lines: [Substring]
    /// The codes problems are reported with: `front-matter.*` or `config.*`.
    let codes: Diagnostic.Code.YAMLCodes
    var diagnostics: [Diagnostic] = []
    /// The keys of the schema: the only ones a message or a caret line repeats (with their
    /// near misses, which a message suggests a key for). Any other key may be a name.
    let knownKeys: [String]

    init(file: String, lineOffset: Int, codes: Diagnostic.Code.YAMLCodes, lines: [Substring], knownKeys: [String]) {
        self.file = file
        self.lineOffset = lineOffset
        self.codes = codes
        self.lines = lines
        self.knownKeys = knownKeys
    }

    /// True for a key that may be printed: a plain word that is a known key or one slip from
    /// one (a letter wrong, missing, extra, or two swapped: `titel`, `auther`). `Jane: …` is not.
    func isShownKey(_ key: some StringProtocol) -> Bool {
        let key = String(key).lowercased()
        return SourceExcerpt.isPlainKey(key) && knownKeys.contains { $0 == key || Self.isOneSlip(key, from: $0) }
    }

    /// One edit apart, or two neighbouring letters swapped.
    static func isOneSlip(_ a: String, from b: String) -> Bool {
        if editDistance(a, b) <= 1 { return true }
        let (x, y) = (Array(a), Array(b))
        guard x.count == y.count, let first = x.indices.first(where: { x[$0] != y[$0] }), first + 1 < x.count else { return false }
        return x[first] == y[first + 1] && x[first + 1] == y[first] && x[(first + 2)...] == y[(first + 2)...]
    }

    /// `key:`, `key: ~`, `key: null`: no value, as if the key were not there.
    static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// Parses `text` as one YAML mapping; nil (with a diagnostic) when it is not one.
    mutating func mapping(of text: String, emptyLine: Int) -> [(key: Located<String>, value: Node)]? {
        let node: Node?
        do {
            // The basic resolver: values are typed here, by the schema, not guessed by Yams.
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            // Yams points at the first one; the writer wants the one to remove, the second.
            for key in duplicates {
                let places = Substring.lines(of: text).enumerated().filter { _, line in
                    let trimmed = line.drop { $0 == " " }
                    return trimmed.hasPrefix(key) && trimmed.dropFirst(key.count).drop { $0 == " " }.hasPrefix(":")
                }
                let first = places.first.map { $0.offset + 1 + lineOffset } ?? context.mark.line + lineOffset
                let second = places.dropFirst().first
                let column = second.map { $0.element.prefix { $0 == " " }.count + 1 } ?? context.mark.column
                // A key is repeated only when it is a plain word: `jane@mail.example:` is a value too.
                let named = isShownKey(key) ? "'\(key)'" : "this key"
                report(
                    codes.duplicateKey,
                    "\(named) is set again here; it was first set on line \(first); keep one of them",
                    line: second.map { $0.offset + 1 + lineOffset } ?? first,
                    column: column,
                    showLine: false
                )
            }
            return nil
        } catch let error as YamlError {
            let (line, column, problem) = Self.describe(error)
            report(codes.syntax, "this is not valid YAML: \(problem)", line: line + lineOffset, column: column)
            return nil
        } catch {
            // Not interpolated: an error's description may quote the text it stopped at.
            report(codes.syntax, "this is not valid YAML", line: emptyLine, column: 1)
            return nil
        }
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            report(codes.type, "expected `key: value` lines here", at: node)
            return nil
        }
        var pairs: [(key: Located<String>, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(codes.type, "a key must be a plain word", at: keyNode)
                continue
            }
            let (line, column) = position(of: keyNode)
            pairs.append((Located(value: key, line: line, column: column), value))
        }
        return pairs
    }

    func position(of node: Node) -> (line: Int, column: Int) {
        guard let mark = node.mark else { return (lineOffset, 1) }
        return (mark.line + lineOffset, mark.column)
    }

    /// A text value with its place (where the YAML value starts: a quote, a `|` or `>`), and
    /// the place of each of its source lines: after the opening quote of a quoted value, on
    /// the lines below a block's `|` or `>`.
    func located(_ text: String, at node: Node) -> Located<String> {
        let (line, column) = position(of: node)
        var result = Located(value: text, line: line, column: column)
        guard let style = node.scalar?.style else { return result }
        switch style {
        case .literal, .folded:
            var offset = 0
            var number = line + 1
            let total = text.utf8.count
            while number <= lines.count, offset < total {
                let source = lines[number - 1]
                let indent = source.prefix { $0 == " " }.count
                if indent < source.count {
                    result.segments.append(SourceSegment(offset: offset, line: number, column: indent + 1))
                    offset += source.dropFirst(indent).utf8.count
                }
                offset += 1
                number += 1
            }
        case .singleQuoted, .doubleQuoted:
            result.segments = [SourceSegment(offset: 0, line: line, column: column + 1)]
        default:
            result.segments = [SourceSegment(offset: 0, line: line, column: column)]
        }
        return result
    }

    /// The line for the caret display, masked: its values are never printed (`SourceExcerpt`).
    func sourceLine(_ line: Int) -> SourceExcerpt? {
        guard line >= 1, line <= lines.count else { return nil }
        return .masked(lines[line - 1], showingKey: { isShownKey($0) })
    }

    mutating func report(_ code: Diagnostic.Code, _ message: String, at node: Node, showLine: Bool = true) {
        let (line, column) = position(of: node)
        report(code, message, line: line, column: column, showLine: showLine)
    }

    mutating func report(_ code: Diagnostic.Code, _ message: String, line: Int, column: Int, showLine: Bool = true) {
        diagnostics.append(Diagnostic(code, message, file: file, line: line, column: column, sourceLine: showLine ? sourceLine(line) : nil))
    }

    // MARK: Typed values

    /// A scalar as text; nil for null. Numbers and booleans come back as written.
    mutating func text(_ node: Node, key: String) -> String? {
        guard let scalar = node.scalar else {
            report(codes.type, "'\(key)' must be a single line of text, not a list or a mapping", at: node)
            return nil
        }
        if Self.isNull(scalar) { return nil }
        guard allowed(scalar.string, key: key, at: node) else { return nil }
        return scalar.string
    }

    /// False, with a diagnostic that names the key and the character (never the value), for a
    /// text holding a control character or a non-character (`WritableText`): invisible to a
    /// reader, able to hide a value, and fatal to the feeds' XML.
    mutating func allowed(_ text: String, key: String, at node: Node) -> Bool {
        guard let scalar = WritableText.firstForbidden(in: text) else { return true }
        report(
            codes.controlCharacter,
            "'\(key)' holds a control character (\(WritableText.name(scalar))), which no reader can see and which would make the feeds invalid; remove it",
            at: node
        )
        return false
    }

    /// A language tag (`en`, `pt-BR`); nil, with a diagnostic, for anything else.
    mutating func languageTag(_ node: Node, key: String) -> String? {
        guard let text = text(node, key: key) else { return nil }
        guard LanguageTag.isValid(text) else {
            report(codes.invalidValue, "\(key) must be a language tag like en, fr or pt-BR", at: node)
            return nil
        }
        return text
    }

    mutating func integer(_ node: Node, key: String, range: ClosedRange<Int>) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain, let value = Int(scalar.string) else {
            report(codes.type, "'\(key)' must be a whole number", at: node)
            return nil
        }
        guard range.contains(value) else {
            report(codes.type, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound)", at: node)
            return nil
        }
        return value
    }

    mutating func boolean(_ node: Node, key: String) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain else {
            report(codes.type, "'\(key)' must be true or false", at: node)
            return nil
        }
        switch scalar.string {
        case "true", "True", "TRUE", "yes", "Yes": return true
        case "false", "False", "FALSE", "no", "No": return false
        default:
            report(codes.type, "'\(key)' must be true or false", at: node)
            return nil
        }
    }

    /// A list of scalars; a single scalar counts as a list of one.
    mutating func list(_ node: Node, key: String) -> [Located<String>] {
        if let scalar = node.scalar {
            if Self.isNull(scalar) { return [] }
            guard allowed(scalar.string, key: key, at: node) else { return [] }
            return [located(scalar.string, at: node)]
        }
        guard let sequence = node.sequence else {
            report(codes.type, "'\(key)' must be a list, like [one, two]", at: node)
            return []
        }
        var items: [Located<String>] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                report(codes.type, "each item of '\(key)' must be a single word or phrase", at: item)
                continue
            }
            guard allowed(scalar.string, key: key, at: item) else { continue }
            items.append(located(scalar.string, at: item))
        }
        return items
    }

    /// An error for a key the schema does not know, with the nearest known key suggested.
    mutating func unknownKey(_ key: Located<String>, known: [String], what: String) {
        // Only a plain word is repeated: a key like `jane@mail.example` is a value written as a key.
        var message = isShownKey(key.value) ? "'\(key.value)' is not a \(what) key" : "this is not a \(what) key"
        if let near = Self.nearest(to: key.value, in: known) {
            message += "; did you mean '\(near)'?"
        } else {
            message += "; known keys: \(known.joined(separator: ", "))"
        }
        // The caret line is masked: a misspelt `auther: …` shows its key, never its value.
        report(codes.unknownKey, message, line: key.line, column: key.column)
    }

    /// The known word within a small edit distance of `word`, if any.
    static func nearest(to word: String, in known: [String]) -> String? {
        let lowered = word.lowercased()
        var best: (String, Int)?
        for candidate in known {
            let distance = editDistance(lowered, candidate)
            let limit = max(1, min(3, candidate.count / 3 + 1))
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Where a YAML error is and what it is. A `[`, `{` or quote that is never closed makes
    /// the reader stop lines later (at the front matter's closing `---`); the writer needs the
    /// place it was opened, which libyaml gives as the error's context.
    private static func describe(_ error: YamlError) -> (line: Int, column: Int, problem: String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            if let context, context.mark.line < mark.line, let opened = unclosed(context.text) {
                return (context.mark.line, context.mark.column, "\(opened) (\(problem))")
            }
            return (mark.line, mark.column, problem)
        case let .reader(problem, _, _, _):
            return (1, 1, problem)
        default:
            return (1, 1, "it could not be read")
        }
    }

    /// What was left open, from libyaml's context ("while parsing a flow sequence").
    private static func unclosed(_ context: String) -> String? {
        if context.contains("flow sequence") { return "the list opened here with [ is never closed; end it with ]" }
        if context.contains("flow mapping") { return "the group opened here with { is never closed; end it with }" }
        if context.contains("quoted scalar") { return "the quote opened here is never closed; end the text with the same quote" }
        return nil
    }
}

extension Substring {
    /// The lines of a text without their line endings (`\n` or `\r\n`).
    static func lines(of text: String) -> [Substring] {
        // On UTF-8 bytes: "\r\n" is one Character, so splitting Characters on "\n" would miss it.
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { slice in
            let line = Substring(slice)
            return line.utf8.last == UInt8(ascii: "\r") ? Substring(line.utf8.dropLast()) : line
        }
    }
}
