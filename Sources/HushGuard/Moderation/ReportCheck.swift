package import HushCore

/// Why a reader reports a story: the form's radio buttons, posted as `category`.
package enum ReportCategory: String, Sendable, CaseIterable, Codable {
    case harassment
    case identifiesSomeone = "identifies-someone"
    case selfHarm = "self-harm"
    case spam
    case other
}

/// A report that passed `ReportCheck`: its category, and its text with personal data redacted.
package struct AcceptedReport: Sendable, Equatable {
    package let category: ReportCategory
    /// Cleaned, every finding of the personal-data scan replaced by
    /// `AnonymityGuard.redactionMark`; nil when the reader wrote nothing.
    package let text: String?
    /// How many findings were redacted (`hush reports` says so, never what they were).
    package let redactions: Int

    init(category: ReportCategory, text: String?, redactions: Int) {
        self.category = category
        self.text = text
        self.redactions = redactions
    }
}

/// The check `POST /reports/<id>` runs before anything is stored (docs/moderation.md,
/// "Reports"). A report must not become a place to dox someone, and must not be lost: its
/// text goes through the same hygiene and personal-data scan as a story, and every finding,
/// of every kind and whatever the site's policy, is redacted (never refused: a reader who
/// reports a story that names someone will often quote the name, and the report still
/// matters). Only a category that is not one of the form's, or a text over the limit, refuses it.
package enum ReportCheck {
    /// The longest a report's text may be, in characters.
    package static let longestText = 2_000

    /// Why a report was not accepted, in a sentence for the reader.
    package struct Refusal: Sendable, Equatable, Error {
        package enum Kind: Sendable, Equatable {
            case unknownCategory
            case tooLong
        }

        package var kind: Kind
        package var message: String
    }

    /// Checks the posted `category` and `text` for `config`'s site.
    package static func check(category: String, text: String, config: SiteConfig) -> Result<AcceptedReport, Refusal> {
        guard let category = ReportCategory(rawValue: category.trimmingSpaces) else {
            let names = ReportCategory.allCases.map(\.rawValue).joined(separator: ", ")
            return .failure(Refusal(kind: .unknownCategory, message: "Choose why you report this story (one of \(names)), then send the report again."))
        }
        let body = SubmissionCheck.lineEnds(text).trimmingTrailingSpace
        guard body.count <= longestText else {
            return .failure(
                Refusal(
                    kind: .tooLong,
                    message: "The report's text is \(body.count) characters long; it can be at most \(longestText). Shorten it, then send the report again."
                )
            )
        }
        guard !body.allSatisfy(\.isWhitespace) else { return .success(AcceptedReport(category: category, text: nil, redactions: 0)) }

        var story = Story(file: "report", contentPath: "report.md", body: body, bodyLine: 1)
        // The guard needs a day to round; a report has none of its own (the backend keeps the day).
        story.date = Day(daysSinceEpoch: 0)
        var redacting = config
        redacting.anonymity.personalData = Dictionary(uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, .redact) })
        let (guarded, _, diagnostics) = AnonymityGuard.check(story, config: redacting, secret: nil)
        let redactions = diagnostics.count { diagnostic in PersonalDataKind.allCases.contains { diagnostic.code == .pii($0) } }
        guard let guarded else {
            // Under a redact-everything policy the guard refuses nothing a text can hold; if it
            // ever does, the text is dropped, never stored unredacted.
            return .success(AcceptedReport(category: category, text: nil, redactions: redactions))
        }
        let cleaned = guarded.body.trimmingTrailingSpace
        return .success(AcceptedReport(category: category, text: cleaned.isEmpty ? nil : cleaned, redactions: redactions))
    }
}
