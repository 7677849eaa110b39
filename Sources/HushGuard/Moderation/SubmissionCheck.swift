package import HushCore

/// What a reader posted to the backend's `POST /submit` (the /submit/ page's form), field by
/// field, as received: nothing here has been checked.
package struct SubmissionFields: Sendable, Equatable {
    package var title: String
    package var text: String
    /// As typed: tags separated by commas (`,`, and `、` `，` `،` as other scripts write them).
    package var tags: String
    package var mood: String
    package var cw: String
    /// The honeypot (`SubmissionFields.honeypotName`): hidden from people, filled by bots.
    package var honeypot: String

    /// The name of the form's honeypot field: a field people never see (visually hidden,
    /// `aria-hidden`, out of the tab order), so anything in it was typed by a program.
    package static let honeypotName = "website"

    package init(title: String = "", text: String, tags: String = "", mood: String = "", cw: String = "", honeypot: String = "") {
        self.title = title
        self.text = text
        self.tags = tags
        self.mood = mood
        self.cw = cw
        self.honeypot = honeypot
    }
}

/// A field of the submission form, as it is posted.
package enum SubmissionField: String, Sendable, CaseIterable, Equatable {
    case title, text, tags, mood, cw

    /// The field as the form labels it, for a sentence.
    var name: String {
        switch self {
        case .title: return "the title"
        case .text: return "the story"
        case .tags: return "the tags"
        case .mood: return "the mood"
        case .cw: return "the content warning"
        }
    }
}

/// Something about a submission that its submitter can act on (a refusal), or that a
/// moderator should see (a note on an accepted one). It never holds the value found.
package struct SubmissionProblem: Sendable, Equatable {
    /// What kind of problem, for a form to show its own words.
    package enum Kind: Sendable, Equatable {
        /// Personal data of a kind (a refusal when the site fails or redacts the kind, a
        /// note when it only warns).
        case personalData(PersonalDataKind)
        /// Invisible characters (zero-width, bidi controls, tag characters) were removed.
        case invisibleCharacters
        /// The story is empty.
        case missing
        /// Longer than the field allows (`SubmissionCheck.limits`).
        case tooLong
        /// More tags than `tags_per_story`.
        case tooManyTags
        /// A tag with no letter or digit: it could have no page.
        case invalidTag
    }

    package var field: SubmissionField
    package var kind: Kind
    /// 1-based, inside the field as posted (after line ends are made `\n`).
    package var line: Int
    package var column: Int
    /// One sentence for the submitter: what is wrong and what to change.
    package var message: String
}

/// A submission that passed `SubmissionCheck`: the texts as the guard cleaned them. Only the
/// check makes one, so nothing unguarded can be approved into content/ (docs/moderation.md).
package struct AcceptedSubmission: Sendable, Equatable {
    package let title: String?
    package let text: String
    package let tags: [String]
    package let mood: String?
    package let cw: String?
    /// What the guard noted but did not refuse (personal data the site only warns about,
    /// invisible characters removed): shown to the moderator by `hush inbox`.
    package let notes: [SubmissionProblem]

    init(title: String?, text: String, tags: [String], mood: String?, cw: String?, notes: [SubmissionProblem]) {
        self.title = title
        self.text = text
        self.tags = tags
        self.mood = mood
        self.cw = cw
        self.notes = notes
    }
}

/// The anonymity guard for `POST /submit`, run before anything is stored: the same hygiene
/// and personal-data scan a story gets (`AnonymityGuard.check`, on the fields as a story),
/// under the site's policy made stricter: what the site would refuse or redact is refused,
/// so the submitter changes it themselves; what it only warns about is accepted with a note.
package enum SubmissionCheck {
    /// What became of a submission.
    package enum Outcome: Sendable, Equatable {
        /// Cleaned and ready to wait in the inbox.
        case accepted(AcceptedSubmission)
        /// Not stored: each problem says what to change.
        case refused([SubmissionProblem])
        /// The honeypot was filled: a program, not a person. Answer as if accepted; store nothing.
        case trapped
    }

    /// The longest each field may be, in characters.
    package static let limits: [SubmissionField: Int] = [.title: 200, .text: 20_000, .tags: 500, .mood: 60, .cw: 100]
    /// The longest one tag may be, in characters (a tag is a page's name).
    package static let longestTag = 40

    /// Checks `fields` for `config`'s site. `day`: the day the check runs, for the guard's
    /// rounding only (a submission's date is set when it is approved).
    package static func check(_ fields: SubmissionFields, config: SiteConfig, day: Day) -> Outcome {
        if !fields.honeypot.allSatisfy(\.isWhitespace) { return .trapped }
        let title = oneLine(fields.title)
        let mood = oneLine(fields.mood)
        let cw = oneLine(fields.cw)
        let tagsText = oneLine(fields.tags)
        let text = lineEnds(fields.text)

        var problems: [SubmissionProblem] = []
        if text.allSatisfy(\.isWhitespace) {
            problems.append(
                SubmissionProblem(field: .text, kind: .missing, line: 1, column: 1, message: "The story is empty: write it in the story field, then send it again.")
            )
        }
        for (field, value) in [(SubmissionField.title, title), (.text, text), (.tags, tagsText), (.mood, mood), (.cw, cw)] {
            guard let limit = limits[field], value.count > limit else { continue }
            problems.append(
                SubmissionProblem(
                    field: field,
                    kind: .tooLong,
                    line: 1,
                    column: 1,
                    message: "\(field.name.capitalizedFirst) is \(value.count) characters long; it can be at most \(limit). Shorten it, then send it again."
                )
            )
        }

        // The tags, each with its column in the field.
        var tags: [Located<String>] = []
        var offset = 0
        // Commas as writers type them: "," and the ideographic, full-width and Arabic ones.
        for piece in tagsText.split(omittingEmptySubsequences: false, whereSeparator: { ",、，،".contains($0) }) {
            let leading = piece.prefix { $0 == " " }.count
            let tag = piece.trimmingSpaces
            let column = offset + leading + 1
            offset += piece.count + 1
            guard !tag.isEmpty else { continue }
            tags.append(Located(value: tag, line: Line.tags, column: column, segments: [SourceSegment(offset: 0, line: Line.tags, column: column)]))
            if tag.count > longestTag {
                problems.append(
                    SubmissionProblem(
                        field: .tags,
                        kind: .tooLong,
                        line: 1,
                        column: column,
                        message: "A tag is \(tag.count) characters long; a tag can be at most \(longestTag). Shorten it, then send it again."
                    )
                )
            } else if !tag.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
                problems.append(
                    SubmissionProblem(
                        field: .tags,
                        kind: .invalidTag,
                        line: 1,
                        column: column,
                        message: "A tag has no letter or digit, so it cannot name a page. Reword or remove it, then send it again."
                    )
                )
            }
        }
        if tags.count > config.tagsPerStory {
            problems.append(
                SubmissionProblem(
                    field: .tags,
                    kind: .tooManyTags,
                    line: 1,
                    column: tags[config.tagsPerStory].column,
                    message: "There are \(tags.count) tags; a story can have at most \(config.tagsPerStory). Keep the ones that matter most, then send it again."
                )
            )
        }

        // The guard, on the fields as a story: one line for each of title, tags, mood and
        // content warning, then the text, so each place names its field.
        var story = Story(file: "submission", contentPath: "submission.md", body: text, bodyLine: Line.text)
        story.title = located(title, line: Line.title)
        story.mood = located(mood, line: Line.mood)
        story.cw = located(cw, line: Line.cw)
        story.tags = tags
        story.date = day
        var strict = config
        strict.anonymity.personalData = strict.anonymity.personalData.mapValues { $0 == .warn ? .warn : .fail }
        let (guarded, _, diagnostics) = AnonymityGuard.check(story, config: strict, secret: nil)
        var notes: [SubmissionProblem] = []
        for diagnostic in diagnostics {
            let (field, line) = place(ofLine: diagnostic.line)
            let kind: SubmissionProblem.Kind
            let message: String
            if let personal = PersonalDataKind.allCases.first(where: { diagnostic.code == .pii($0) }) {
                kind = .personalData(personal)
                let what = PersonalDataPolicy.description(of: personal)
                message =
                    diagnostic.severity == .error
                    ? "\(field.name.capitalizedFirst) has what looks like \(what) (line \(line), column \(diagnostic.column)), which could identify you or someone else. Remove it or write around it, then send it again."
                    : "\(field.name.capitalizedFirst) has what looks like \(what) (line \(line), column \(diagnostic.column)); check it before approving."
            } else if diagnostic.code == .contentInvisibleCharacters {
                kind = .invisibleCharacters
                message = "\(field.name.capitalizedFirst) had invisible characters (line \(line), column \(diagnostic.column)), which can watermark a text; they were removed."
            } else {
                continue
            }
            let problem = SubmissionProblem(field: field, kind: kind, line: line, column: diagnostic.column, message: message)
            if diagnostic.severity == .error { problems.append(problem) } else { notes.append(problem) }
        }
        guard problems.isEmpty, let guarded else {
            // A guard error that is not personal data cannot come from these fields; refuse
            // with what was found rather than store an unguarded text.
            return .refused(
                problems.isEmpty
                    ? [SubmissionProblem(field: .text, kind: .missing, line: 1, column: 1, message: "The story could not be checked; send it again.")]
                    : problems
            )
        }
        return .accepted(
            AcceptedSubmission(
                title: guarded.title,
                text: guarded.body.trimmingTrailingSpace,
                tags: guarded.tags.map(\.value.trimmingSpaces).filter { !$0.isEmpty },
                mood: guarded.mood,
                cw: guarded.cw,
                notes: notes
            )
        )
    }

    /// The lines of the story the guard reads: one a field, the text last.
    private enum Line {
        static let title = 1
        static let tags = 2
        static let mood = 3
        static let cw = 4
        static let text = 5
    }

    /// The field and its own line of a line of the story the guard read.
    private static func place(ofLine line: Int) -> (SubmissionField, Int) {
        switch line {
        case Line.title: return (.title, 1)
        case Line.tags: return (.tags, 1)
        case Line.mood: return (.mood, 1)
        case Line.cw: return (.cw, 1)
        default: return (.text, max(1, line - Line.text + 1))
        }
    }

    private static func located(_ text: String, line: Int) -> Located<String>? {
        text.isEmpty ? nil : Located(value: text, line: line, column: 1, segments: [SourceSegment(offset: 0, line: line, column: 1)])
    }

    /// A one-line field as one line: every run of white space (line ends too) one space, none at the ends.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `\r\n` and `\r` as `\n`, as a browser may post a textarea either way.
    static func lineEnds(_ text: String) -> String {
        text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    }
}

extension StringProtocol {
    /// Without spaces at either end.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// Without white space at the end (a textarea's last line ends).
    var trimmingTrailingSpace: String {
        String(reversed().drop(while: \.isWhitespace).reversed())
    }

    /// With its first letter in capitals, for a field's name at the start of a sentence.
    var capitalizedFirst: String {
        prefix(1).uppercased() + dropFirst()
    }
}
