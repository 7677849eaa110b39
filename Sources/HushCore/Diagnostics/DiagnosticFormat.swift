internal import Foundation

/// How diagnostics are printed: for people, for scripts, or as GitHub Actions annotations.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text
    case json
    case github

    /// The diagnostics and a summary, ready to print, their files shown as `paths` says
    /// (relative to the working directory, or for GitHub to the repository root).
    ///
    /// Text goes to a person: `file:line:col: severity[code]: message`, the source line and
    /// a caret under the column. JSON is one object (README, "Commands"). GitHub prints
    /// `::error file=…,line=…,col=…::message` lines. A warning that `--strict` made an error
    /// says so in every format.
    public func render(_ diagnostics: [Diagnostic], summary: BuildSummary, paths: DiagnosticPaths = .siteRelative) -> String {
        let shown = diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.file = paths.path(diagnostic.file, for: self)
            return diagnostic
        }
        switch self {
        case .text: return Self.text(shown, summary: summary)
        case .json: return Self.json(shown, summary: summary)
        case .github: return Self.github(shown, summary: summary)
        }
    }

    /// What follows the code of a warning that `--strict` made an error.
    static let promotedNote = "(a warning, an error under --strict)"

    /// The diagnostics as `text` prints them, without the summary line: for a command that
    /// says what a build did in its own words (`hush serve` after each rebuild).
    public static func textLines(_ diagnostics: [Diagnostic], paths: DiagnosticPaths = .siteRelative) -> String {
        lines(
            diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                diagnostic.file = paths.path(diagnostic.file, for: .text)
                return diagnostic
            }
        )
    }

    private static func text(_ diagnostics: [Diagnostic], summary: BuildSummary) -> String {
        lines(diagnostics) + summary.sentence + "\n"
    }

    private static func lines(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for d in diagnostics {
            var place = d.file
            if d.line > 0 { place += ":\(d.line)" + (d.column > 0 ? ":\(d.column)" : "") }
            let note = d.promotedByStrict ? " " + promotedNote : ""
            out += "\(place): \(d.severity.rawValue)[\(d.code)]\(note): \(d.message)\n"
            if let line = d.sourceLine?.text, d.column > 0 {
                let shown = line.replacingOccurrences(of: "\t", with: " ")
                out += "    \(shown)\n"
                out += "    " + String(repeating: " ", count: max(0, d.column - 1)) + "^\n"
            }
        }
        return out
    }

    private static func json(_ diagnostics: [Diagnostic], summary: BuildSummary) -> String {
        struct Document: Encodable {
            let diagnostics: [Diagnostic]
            let summary: BuildSummary
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Document(diagnostics: diagnostics, summary: summary)) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func github(_ diagnostics: [Diagnostic], summary: BuildSummary) -> String {
        var out = ""
        for d in diagnostics {
            var properties = "file=\(escapeProperty(d.file))"
            if d.line > 0 { properties += ",line=\(d.line)" }
            if d.column > 0 { properties += ",col=\(d.column)" }
            properties += ",title=\(escapeProperty(d.code.name + (d.promotedByStrict ? " " + promotedNote : "")))"
            out += "::\(d.severity.rawValue) \(properties)::\(escapeData(d.message))\n"
        }
        out += summary.sentence + "\n"
        return out
    }

    // GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and ,.
    private static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
