/// What the guard does with personal data found in a story: fail, redact or warn per
/// kind (`anonymity.pii`), unless the story's `allow:` accepts the kind after review.
enum PersonalDataPolicy {
    static func apply(to story: inout Story, policy: AnonymityPolicy) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var allowed: Set<PersonalDataKind> = []
        for entry in story.allow {
            let name = entry.value.hasPrefix("pii.") ? String(entry.value.dropFirst(4)) : entry.value
            if let kind = PersonalDataKind(rawValue: name) {
                allowed.insert(kind)
            } else {
                diagnostics.append(
                    .error(
                        "front-matter.type",
                        "allow takes finding codes: \(PersonalDataKind.allCases.map { "pii.\($0.rawValue)" }.joined(separator: ", "))",
                        file: story.file,
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
            let findings = PersonalDataScanner.scan(view.text)
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
                    Diagnostic(
                        file: story.file,
                        line: line,
                        column: column,
                        severity: action == .fail ? .error : .warning,
                        code: "pii.\(finding.kind.rawValue)",
                        message: message
                    )
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

        func scanField(_ field: inout Located<String>) {
            let original = field
            scan(&field.value, markdown: false) { original.place(ofOffset: $0) }
        }
        for field in [\Story.title, \Story.mood, \Story.cw] {
            guard var value = story[keyPath: field] else { continue }
            scanField(&value)
            story[keyPath: field] = value
        }
        for index in story.tags.indices { scanField(&story.tags[index]) }

        let body = Array(story.body.utf8)
        var lineStarts = [0]
        for (offset, byte) in body.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(offset + 1) }
        let bodyLine = story.bodyLine
        scan(&story.body, markdown: true) { offset in
            // the last line start at or before the offset
            var low = 0
            var high = lineStarts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
            }
            let column = String(decoding: body[lineStarts[low]..<min(offset, body.count)], as: UTF8.self).count + 1
            return (bodyLine + low, column)
        }

        for kind in allowed.subtracting(used).sorted(by: { $0.rawValue < $1.rawValue }) {
            let entry = story.allow.first { $0.value.hasSuffix(kind.rawValue) }
            diagnostics.append(
                .warning(
                    "pii.unused-allow",
                    "allow: pii.\(kind.rawValue) matches nothing in this story; remove it so it cannot hide a later finding",
                    file: story.file,
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
        }
    }
}
