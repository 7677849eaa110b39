/// What is kept of a story after `hush takedown` (docs/moderation.md, "Takedown"): its public
/// id, why it came down, and the ISO week it did. Nothing of its text, title or file name.
///
/// The site keeps its tombstones in `moderation/tombstones.yml` (`Tombstones.path`), a file
/// the publisher commits, so every build (CI's too) knows them: the build answers their URLs
/// with 410 Gone, writes the host rules for that, and refuses a new story with one of their
/// ids; `hush serve` and the backend answer 410 and refuse hearts and reports for them.
package struct Tombstone: Sendable, Hashable {
    /// Why a story came down. Kept for the publisher's records only: no page, file or answer
    /// a reader gets says which it was.
    package enum Reason: String, Sendable, CaseIterable {
        case retracted
        case privacy
        case legal
        case abuse
    }

    /// The story's public id (`s/<id>/`).
    package let id: String
    package let reason: Reason
    /// `2026-W48`: the ISO 8601 week of the takedown (never the day).
    package let week: String

    package init(id: String, reason: Reason, week: String) {
        self.id = id
        self.reason = reason
        self.week = week
    }

    /// The story's page below the site's root path: `s/k3v9q2mf/`, every URL under which is gone.
    package var storyPath: String { "s/\(id)/" }
}

/// The site's tombstones: the file's place, its format, and reading and writing it.
///
/// The format is one line a story, a YAML list of flow mappings, so any YAML tool reads it
/// and a diff shows one line a takedown:
///
/// ```yaml
/// - {id: k3v9q2mf, reason: privacy, week: 2026-W48}
/// ```
package enum Tombstones {
    /// The file, relative to the site folder.
    package static let path = "moderation/tombstones.yml"

    /// The lines above the list, written with it.
    static let header = """
        # Stories taken down with `hush takedown` (docs/moderation.md): their ids are gone for good.
        # Commit this file: every build answers these stories' URLs with 410 Gone and refuses their ids.
        # One line a story: id, reason (retracted, privacy, legal or abuse) and ISO week. Nothing else.

        """

    /// The tombstones of the site folder `site`: none when it has no file; a `tombstone.invalid`
    /// diagnostic (with the line and column) for a line that is not one.
    package static func load(site: String) -> ([Tombstone], [Diagnostic]) {
        switch FileSystem.kind(of: site + "/" + path) {
        case .missing:
            return ([], [])
        case .file:
            do throws(FileSystemError) {
                return parse(SourceFile(path: path, bytes: try FileSystem.contents(of: site + "/" + path)))
            } catch {
                return ([], [Diagnostic(.tombstoneInvalid, "the tombstones cannot be read: \(error.reason); \(error.remedy)", file: path)])
            }
        default:
            return (
                [],
                [
                    Diagnostic(
                        .tombstoneInvalid,
                        "this is not a regular file (links are not followed); make it the file hush takedown writes",
                        file: path
                    )
                ]
            )
        }
    }

    /// Reads the file's bytes; each line that is not a tombstone (or repeats an id) is a
    /// diagnostic at its place, and is left out.
    package static func parse(_ file: SourceFile) -> ([Tombstone], [Diagnostic]) {
        var tombstones: [Tombstone] = []
        var diagnostics: [Diagnostic] = []
        var seen: Set<String> = []
        guard let text = String(validating: file.bytes, as: UTF8.self) else {
            return ([], [Diagnostic(.tombstoneInvalid, "the tombstones are not UTF-8 text; restore the file hush takedown wrote", file: file.path)])
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let column = line.count - trimmed.count + 1
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            func problem(_ message: String) {
                diagnostics.append(Diagnostic(.tombstoneInvalid, message, file: file.path, line: index + 1, column: column))
            }
            guard let tombstone = parseLine(String(trimmed)) else {
                problem(
                    "this line is not a tombstone; each line is like - {id: k3v9q2mf, reason: privacy, week: 2026-W48} (reason: retracted, privacy, legal or abuse), as hush takedown writes it"
                )
                continue
            }
            guard seen.insert(tombstone.id).inserted else {
                problem("the id \(tombstone.id) is taken down twice; remove this line")
                continue
            }
            tombstones.append(tombstone)
        }
        return (tombstones, diagnostics)
    }

    /// `- {id: k3v9q2mf, reason: privacy, week: 2026-W48}`, with any spacing and key order.
    static func parseLine(_ line: String) -> Tombstone? {
        var rest = Substring(line.trimmingSuffix { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard rest.hasPrefix("-") else { return nil }
        rest = rest.dropFirst().drop { $0 == " " }
        guard rest.hasPrefix("{"), rest.hasSuffix("}") else { return nil }
        rest = rest.dropFirst().dropLast()
        var fields: [String: String] = [:]
        for pair in rest.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            let key = parts[0].trimmingBlanks
            let value = parts[1].trimmingBlanks
            guard !value.isEmpty, fields.updateValue(value, forKey: key) == nil else { return nil }
        }
        guard fields.count == 3, let id = fields["id"], isID(id), let reasonName = fields["reason"],
            let reason = Tombstone.Reason(rawValue: reasonName), let week = fields["week"], isWeek(week)
        else { return nil }
        return Tombstone(id: id, reason: reason, week: week)
    }

    /// The file's bytes for `tombstones`, in the order given.
    package static func render(_ tombstones: [Tombstone]) -> [UInt8] {
        var text = header
        for tombstone in tombstones {
            text += "- {id: \(tombstone.id), reason: \(tombstone.reason.rawValue), week: \(tombstone.week)}\n"
        }
        return Array(text.utf8)
    }

    /// An id as stories may have one: 4 to 32 letters, digits and dashes (`PublicID.isValid`).
    static func isID(_ id: String) -> Bool {
        (4...32).contains(id.utf8.count)
            && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
    }

    /// `YYYY-Www`, week 01 to 53.
    static func isWeek(_ week: String) -> Bool {
        let bytes = Array(week.utf8)
        guard bytes.count == 8, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "W") else { return false }
        let digits = bytes[0..<4] + bytes[6..<8]
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let number = Int(bytes[6] - 0x30) * 10 + Int(bytes[7] - 0x30)
        return (1...53).contains(number)
    }
}

extension Day {
    /// The ISO 8601 week this day is in: `2026-W48` (weeks start on Monday; week 1 holds the
    /// year's first Thursday, so a day near New Year can be in the other year's week).
    package var isoWeek: String {
        // The Thursday of this day's week decides the year.
        let thursday = Day(daysSinceEpoch: daysSinceEpoch - (weekday - 1) + 3)
        let firstOfYear = Day(year: thursday.year, month: 1, day: 1) ?? thursday
        let week = (thursday.daysSinceEpoch - firstOfYear.daysSinceEpoch) / 7 + 1
        let year = String(thursday.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-W" + (week < 10 ? "0" : "") + String(week)
    }
}

extension StringProtocol {
    /// Without spaces and tabs at either end.
    fileprivate var trimmingBlanks: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    fileprivate func trimmingSuffix(while blank: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, blank(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
