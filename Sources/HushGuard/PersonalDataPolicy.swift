package import HushCore

/// What the guard does with personal data found in a story: fail, redact or warn per
/// kind (`anonymity.pii`), unless the story's `allow:` accepts the kind after review.
enum PersonalDataPolicy {
    /// `region`: the site's, how national phone numbers are read; a story in another
    /// language (`lang:`) has them read as in that language's region too.
    static func apply(to story: inout Story, policy: AnonymityPolicy, region: Region) -> [Diagnostic] {
        var regions = [region]
        if let lang = story.lang, case let own = Region.likely(forLanguage: lang), own != region, PhoneNumberRegions.contains(own) {
            regions.append(own)
        }
        var diagnostics: [Diagnostic] = []
        let file = story.file
        var allowed: Set<PersonalDataKind> = []
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
        var used: Set<PersonalDataKind> = []

        /// Scans one text as a reader will see it; reports each finding at its place in the
        /// file (`place` takes a UTF-8 offset in `text`); redacts the source in place.
        func scan(_ text: inout String, markdown: Bool, place: (Int) -> (line: Int, column: Int)) {
            let view = ScanView(text, markdown: markdown)
            let findings = PersonalDataScanner.scan(view.text, regions: regions)
            guard !findings.isEmpty else { return }
            var redactions: [Range<Int>] = []
            for finding in findings {
                if allowed.contains(finding.kind) {
                    used.insert(finding.kind)
                    continue
                }
                let source = view.sourceRange(of: finding.range)
                let action = policy.personalData[finding.kind] ?? .fail
                let (line, column) = place(source.lowerBound)
                let what = description(of: finding.kind)
                let message: String
                switch action {
                case .fail:
                    message =
                        "this looks like \(what) (\(finding.masked)), which could identify someone; remove it, or after review add `allow: [pii.\(finding.kind.rawValue)]` to the front matter"
                case .redact:
                    message = "this looks like \(what) (\(finding.masked)); the site shows \(AnonymityGuard.redactionMark) in its place"
                    redactions.append(source)
                case .warn:
                    message =
                        "this looks like \(what) (\(finding.masked)), which could identify someone; it is published as written (anonymity.pii: warn)"
                }
                diagnostics.append(
                    Diagnostic(.pii(finding.kind), message, file: file, line: line, column: column, severity: action == .fail ? .error : .warning)
                )
            }
            if !redactions.isEmpty {
                var bytes = Array(text.utf8)
                for range in redactions.reversed() {
                    bytes.replaceSubrange(range, with: Array(AnonymityGuard.redactionMark.utf8))
                }
                text = String(decoding: bytes, as: UTF8.self)
            }
        }

        story.forEachTextField { field in
            let original = field
            scan(&field.value, markdown: false) { original.place(ofOffset: $0) }
        }
        // The body's map of lines is made only when there is something to place: most
        // stories have nothing, and this runs for every story of every build.
        let body = Located.lines(of: story.body, from: story.bodyLine)
        var map: Located<String>?
        scan(&story.body, markdown: true) { offset in
            let lines = map ?? body()
            map = lines
            return lines.place(ofOffset: offset)
        }

        for kind in allowed.subtracting(used).sorted(by: { $0.rawValue < $1.rawValue }) {
            let entry = story.allow.first { $0.value.hasSuffix(kind.rawValue) }
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
