package import HushCore

/// The guard's reading of text found inside a story's image (`images.ocr`): the same
/// personal-data scanner as the story's text, each finding reported at the image's place
/// in the story file with its kind and a masked value, never the whole of it.
package enum ImageText {
    /// One diagnostic a finding in `text`. Pixels cannot be redacted: a kind the policy
    /// redacts fails the image as `fail` does; `warn` warns.
    package static func check(
        _ text: String,
        file: String,
        line: Int,
        column: Int,
        policy: AnonymityPolicy,
        regions: [Region]
    ) -> [Diagnostic] {
        PersonalDataScanner.scan(text, regions: regions).map { finding in
            let action = policy.personalData[finding.kind] ?? .fail
            let what = PersonalDataPolicy.description(of: finding.kind)
            let message =
                action == .warn
                ? "the text in this image looks like \(what) (\(finding.masked)), which could identify someone; it is published as it is (anonymity.pii: warn)"
                : "the text in this image looks like \(what) (\(finding.masked)), which could identify someone; cover or crop it out of the picture, or leave the image out"
            return Diagnostic(.pii(finding.kind), message, file: file, line: line, column: column, severity: action == .warn ? .warning : .error)
        }
    }
}
