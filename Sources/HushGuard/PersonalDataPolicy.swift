internal import HushCore

/// What the guard does with personal data found in a story: fail, redact or warn per
/// kind (`anonymity.pii`), unless the story's `allow:` accepts the kind after review.
///
/// One a story: `scan` reads each of its cleaned texts (`TextHygiene` has run) as a reader
/// will see it (`ScanView`), reports each finding once at its place in the file, and gives
/// the text back redacted where the policy says so; `finish` reports `allow:` entries
/// that matched nothing.
struct PersonalDataPolicy {
    private let file: String
    private let policy: AnonymityPolicy
    private let smartPunctuation: Bool
    /// How national phone numbers are read: the site's region, and the region of the
    /// story's own language (`lang:`) when that differs.
    private let regions: [Region]
    private let allowEntries: [Located<String>]
    private var allowed: Set<PersonalDataKind> = []
    private var used: Set<PersonalDataKind> = []
    private(set) var diagnostics: [Diagnostic] = []

    init(story: Story, policy: AnonymityPolicy, smartPunctuation: Bool, regions siteRegions: [Region]) {
        file = story.file
        self.policy = policy
        self.smartPunctuation = smartPunctuation
        var regions = siteRegions
        if let lang = story.lang {
            for own in Region.readIn(language: lang) where !regions.contains(own) && PhoneNumberRegions.contains(own) {
                regions.append(own)
            }
        }
        self.regions = regions
        allowEntries = story.allow
        for entry in story.allow {
            let name = entry.value.hasPrefix("pii.") ? String(entry.value.dropFirst(4)) : entry.value
            if let kind = PersonalDataKind(rawValue: name) {
                allowed.insert(kind)
            } else {
                diagnostics.append(
                    Diagnostic(
                        .frontMatterType,
                        "allow takes finding codes: \(PersonalDataKind.allCases.map { "pii.\($0.rawValue)" }.joined(separator: ", "))",
                        file: file,
                        line: entry.line,
                        column: entry.column
                    )
                )
            }
        }
    }

    /// The findings in one cleaned text, each once, as ranges of the cleaned text, in order.
    /// A markdown body is read twice, as written and as rendered; one value found both ways
    /// (or two readings of the same bytes) is one finding.
    func findings(in clean: String, markdown: Bool) -> [PersonalDataFinding] {
        var views = [ScanView.source(clean, markdown: markdown)]
        if markdown { views.append(ScanView.reader(clean, smartPunctuation: smartPunctuation)) }
        var found: [PersonalDataFinding] = []
        for view in views {
            let folded = view.folded()
            for finding in PersonalDataScanner.scan(folded.text, regions: regions) {
                let range = folded.sourceRange(of: finding.range)
                found.append(PersonalDataFinding(kind: finding.kind, range: range, text: finding.text))
            }
        }
        return markdown ? PersonalDataScanner.keepingOne(of: found) : found
    }

    /// Scans one cleaned text, reports what it finds at its place in the file (`places`
    /// takes UTF-8 offsets of the text as written, in increasing order), and returns the
    /// text with what the policy redacts replaced by `AnonymityGuard.redactionMark`.
    mutating func scan(_ clean: CleanText, markdown: Bool, places: inout SourcePlaces) -> String {
        let findings = findings(in: clean.text, markdown: markdown)
        guard !findings.isEmpty else { return clean.text }
        var redactions: [Range<Int>] = []
        for finding in findings {
            if allowed.contains(finding.kind) {
                used.insert(finding.kind)
                continue
            }
            let action = policy.personalData[finding.kind] ?? .fail
            let (line, column) = places.place(ofOffset: clean.originalRange(of: finding.range).lowerBound)
            let what = Self.description(of: finding.kind)
            let message: String
            switch action {
            case .fail:
                message =
                    "this looks like \(what) (\(finding.masked)), which could identify someone; remove it, or after review add `allow: [pii.\(finding.kind.rawValue)]` to the front matter"
            case .redact:
                message = "this looks like \(what) (\(finding.masked)); the site shows \(AnonymityGuard.redactionMark) in its place"
                redactions.append(finding.range)
            case .warn:
                message =
                    "this looks like \(what) (\(finding.masked)), which could identify someone; it is published as written (anonymity.pii: warn)"
            }
            diagnostics.append(
                Diagnostic(.pii(finding.kind), message, file: file, line: line, column: column, severity: action == .fail ? .error : .warning)
            )
        }
        guard !redactions.isEmpty else { return clean.text }
        // One pass, in order: the findings do not overlap.
        var bytes: [UInt8] = []
        let text = Array(clean.text.utf8)
        bytes.reserveCapacity(text.count)
        var next = 0
        for found in redactions {
            let range = Self.widened(found, in: text)
            let lower = max(range.lowerBound, next)
            guard lower < range.upperBound else { continue }
            bytes += text[next..<lower]
            bytes += AnonymityGuard.redactionMark.utf8
            next = range.upperBound
        }
        bytes += text[next...]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A value found across emphasis (`415-555-**2671**`) with the emphasis marks right
    /// around it, so the redacted text does not leave half of them showing.
    private static func widened(_ range: Range<Int>, in text: [UInt8]) -> Range<Int> {
        func isMark(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~") }
        guard text[range].contains(where: isMark) else { return range }
        var lower = range.lowerBound
        var upper = range.upperBound
        while upper < text.count, isMark(text[upper]) { upper += 1 }
        while lower > 0, isMark(text[lower - 1]) { lower -= 1 }
        return lower..<upper
    }

    /// Warns about every `allow:` entry that matched nothing; the last call for a story.
    mutating func finish() -> [Diagnostic] {
        for kind in allowed.subtracting(used).sorted(by: { $0.rawValue < $1.rawValue }) {
            let entry = allowEntries.first { $0.value.hasSuffix(kind.rawValue) }
            diagnostics.append(
                Diagnostic(
                    .piiUnusedAllow,
                    "allow: pii.\(kind.rawValue) matches nothing in this story; remove it so it cannot hide a later finding",
                    file: file,
                    line: entry?.line ?? 1,
                    column: entry?.column ?? 1
                )
            )
        }
        return diagnostics
    }

    static func description(of kind: PersonalDataKind) -> String {
        switch kind {
        case .email: return "an e-mail address"
        case .phone: return "a phone number"
        case .ip: return "an IP address"
        case .card: return "a payment card number"
        case .iban: return "a bank account number (IBAN)"
        case .handle: return "a social media handle"
        case .profileURL: return "a link to a social media profile"
        case .nationalID: return "a national identity or tax number"
        }
    }
}

/// Lines and columns in the file for UTF-8 offsets of a text as written (a front-matter
/// value with its segments, or a body from its first line), found in one pass when asked
/// in increasing order, so many findings cost no more than one read of the text.
struct SourcePlaces {
    private var bytes: [UInt8] = []
    private var segments: [SourceSegment] = []
    private let line: Int
    private let column: Int
    /// A body whose bytes and line starts are read at the first place asked for: most
    /// stories have nothing to place, and this runs for every story of every build.
    private var unread: String?
    /// The last place found: the next search starts there.
    private var segment = 0
    private var offset = 0
    private var characters = 0

    /// A front-matter value: its place, and its segments when it spans lines or is quoted.
    init(_ located: Located<String>) {
        bytes = Array(located.value.utf8)
        segments = located.segments
        line = located.line
        column = located.column
        offset = segments.first?.offset ?? 0
    }

    /// A body that starts at column 1 of line `first`.
    init(body: String, firstLine: Int) {
        unread = body
        line = firstLine
        column = 1
    }

    /// The line and column in the file of a UTF-8 offset in the text (columns in characters).
    mutating func place(ofOffset target: Int) -> (line: Int, column: Int) {
        if let body = unread {
            bytes = Array(body.utf8)
            segments = [SourceSegment(offset: 0, line: line, column: 1)]
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                segments.append(SourceSegment(offset: offset + 1, line: line + segments.count, column: 1))
            }
            unread = nil
        }
        guard !segments.isEmpty, segments[0].offset <= target else { return (line, column) }
        let wanted = min(target, bytes.count)
        if wanted < offset || segments[segment].offset > wanted {
            segment = 0
            offset = segments[0].offset
            characters = 0
        }
        while segment + 1 < segments.count, segments[segment + 1].offset <= wanted {
            segment += 1
            offset = segments[segment].offset
            characters = 0
        }
        let from = min(offset, bytes.count)
        characters += String(decoding: bytes[from..<max(from, wanted)], as: UTF8.self).count
        offset = max(from, wanted)
        return (segments[segment].line, segments[segment].column + characters)
    }
}
