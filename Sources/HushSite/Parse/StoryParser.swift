internal import Foundation
internal import HushCore
internal import HushGuard
internal import Yams

/// The parse stage for stories: splits front matter from the body and reads it against
/// the strict schema of the README's "A story".
enum StoryParser {
    static let keys = ["title", "date", "tags", "mood", "cw", "hearts", "id", "lang", "draft", "allow"]

    /// One file to a story, or nil with the reasons why not.
    static func parse(_ file: SourceFile) -> (Story?, [Diagnostic]) {
        guard var text = String(validating: file.bytes, as: UTF8.self) else {
            return (nil, [Diagnostic(.contentEncoding, "this file is not valid UTF-8; save it as UTF-8", file: file.path)])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = Substring.lines(of: text)
        guard let split = FrontMatter.split(lines) else {
            return (
                nil,
                [
                    Diagnostic(
                        .frontMatterMissing,
                        "a story starts with front matter: a line `---`, then at least `date: YYYY-MM-DD`, then `---`",
                        file: file.path,
                        line: 1,
                        column: 1
                    )
                ]
            )
        }
        guard let closing = split.closingLine else {
            return (
                nil,
                [
                    Diagnostic(
                        .frontMatterUnclosed,
                        "the front matter opened on line 1 is never closed; add a line `---` after its last key",
                        file: file.path,
                        line: 1,
                        column: 1,
                        sourceLine: .masked(lines[0])  // `---`
                    )
                ]
            )
        }

        // Identifying keys are shown by name (`email`), never with their value.
        var yaml = YAMLDocument(file: file.path, lineOffset: 1, codes: .frontMatter, lines: lines, knownKeys: keys + IdentifyingKeys.all.sorted())
        guard let pairs = yaml.mapping(of: split.yaml, emptyLine: 1) else { return (nil, yaml.diagnostics) }

        var story = Story(file: file.path, contentPath: file.contentPath, body: split.body, bodyLine: closing + 1)
        for (key, value) in pairs {
            let located = { (text: String) -> Located<String> in yaml.located(text, at: value) }
            switch key.value {
            case "title": story.title = yaml.text(value, key: key.value).map(located)
            case "mood": story.mood = yaml.text(value, key: key.value).map(located)
            case "cw": story.cw = yaml.text(value, key: key.value).map(located)
            case "id": story.id = yaml.text(value, key: key.value).map(located)
            case "date": story.date = parseDate(value, yaml: &yaml)
            case "tags", "allow":
                let items = yaml.list(value, key: key.value)
                if key.value == "tags" { story.tags = items } else { story.allow = items }
                commaList(value, key: key.value, yaml: &yaml)
            case "hearts": story.hearts = yaml.integer(value, key: key.value, range: 0...1_000_000_000) ?? 0
            case "draft": story.draft = yaml.boolean(value, key: key.value) ?? false
            case "lang": story.lang = yaml.languageTag(value, key: key.value)
            default:
                // A misspelt identifying key (`auther`) is one too, unless it is nearer a story key.
                let misspeltIdentifying =
                    YAMLDocument.nearest(to: key.value, in: keys) == nil
                    && IdentifyingKeys.spelledOut.contains { candidate in
                        YAMLDocument.editDistance(key.value.lowercased(), candidate) <= (candidate.count >= 8 ? 2 : 1)
                    }
                if IdentifyingKeys.contains(key.value) || misspeltIdentifying {
                    story.identifyingKeys.append(key)
                } else {
                    yaml.unknownKey(key, known: keys, what: "story")
                }
            }
        }
        if story.date == nil, !pairs.contains(where: { $0.key.value == "date" }) {
            yaml.report(
                .dateMissing,
                "every story needs a day: add `date: YYYY-MM-DD` to the front matter (only the day is kept, never a time)",
                line: 1,
                column: 1
            )
        }
        // Returned even with errors, so the guard still reports what else is wrong with it in
        // the same run; the pipeline never publishes a story whose file has an error.
        return (story, yaml.diagnostics)
    }

    /// `tags: love, loss` is one tag, "love, loss": YAML makes a list only of `[…]` or `- `
    /// lines. Kept as written (other YAML readers agree), with a warning that shows the list
    /// form. The values are repeated only when they are plain words: the guard has not yet
    /// looked for personal data in them.
    private static func commaList(_ node: Node, key: String, yaml: inout YAMLDocument) {
        guard let scalar = node.scalar, scalar.style == .plain, scalar.string.contains(",") else { return }
        let items = scalar.string.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // Repeated only when each item is proven harmless: one word of letters (`love`), or
        // for allow: a diagnostic code. "jane dot doe at mail dot com" is words too.
        let plainWords = items.allSatisfy { item in
            (key == "allow" && Diagnostic.Code.named(item) != nil)
                || item.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || "-_".unicodeScalars.contains($0) }
        }
        let one = key == "tags" ? "one tag" : "one item"
        let list = plainWords ? "[\(items.joined(separator: ", "))]" : "[first, second]"
        let written = plainWords ? " '\(scalar.string)'" : ""
        yaml.report(
            .frontMatterCommaList,
            "this is \(one)\(written), since a comma does not make a list in YAML; write `\(key): \(list)` for a list, or put the value in quotes if the comma belongs in it",
            at: node,
            showLine: plainWords
        )
    }

    /// Four digits, a dash, one or two digits, a dash, one or two digits.
    static func isDayShaped(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && (1...2).contains(parts[1].count) && (1...2).contains(parts[2].count)
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// A plain day; a time or a zone is refused, because it tells when and where.
    private static func parseDate(_ node: Node, yaml: inout YAMLDocument) -> Day? {
        guard let scalar = node.scalar else {
            yaml.report(.dateInvalid, "date must be a day like 2026-11-02", at: node)
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if let day = Day(iso: text) { return day }
        if text.count > 10, let day = Day(iso: text.prefix(10)), day.year > 0 {
            // The line is not shown: the time is what must not reach a log either.
            yaml.report(
                .dateHasTime,
                "'date' has a time or a time zone, which tells when and where the writer was; keep only the day: \(day)",
                at: node,
                showLine: false
            )
            return nil
        }
        // Repeated only when it has the shape of a day: `date: Jane Doe` must not reach a log.
        let shown = isDayShaped(text) ? "'\(text)' is not a day" : "this is not a day"
        yaml.report(.dateInvalid, "\(shown); write it as YYYY-MM-DD, like 2026-11-02", at: node)
        return nil
    }
}

/// Front matter: the YAML block between a first line `---` and the next `---` (or `...`).
enum FrontMatter {
    struct Split {
        var yaml: String
        var body: String
        /// The 1-based line of the closing `---`; nil when it never closes.
        var closingLine: Int?
    }

    /// Nil when the file does not start with `---`.
    static func split(_ lines: [Substring]) -> Split? {
        guard let first = lines.first, first.trimmingTrailingSpaces == "---" else { return nil }
        for index in 1..<max(1, lines.count) where lines[index].trimmingTrailingSpaces == "---" || lines[index].trimmingTrailingSpaces == "..." {
            let yaml = lines[1..<index].joined(separator: "\n")
            let body = lines[(index + 1)...].joined(separator: "\n")
            return Split(yaml: yaml, body: body, closingLine: index + 1)
        }
        return Split(yaml: "", body: "", closingLine: nil)
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
