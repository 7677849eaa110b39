internal import Foundation

/// How diagnostics are printed: for people, for scripts, or as GitHub Actions annotations.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text
    case json
    case github

    /// The diagnostics and a summary, ready to print.
    ///
    /// Text goes to a person: `file:line:col: severity[code]: message`, the source line and
    /// a caret under the column. JSON is one object (README, "Commands"). GitHub prints
    /// `::error file=…,line=…,col=…::message` lines.
    public func render(_ diagnostics: [Diagnostic], summary: BuildSummary) -> String {
        switch self {
        case .text: return Self.text(diagnostics, summary: summary)
        case .json: return Self.json(diagnostics, summary: summary)
        case .github: return Self.github(diagnostics, summary: summary)
        }
    }

    private static func text(_ diagnostics: [Diagnostic], summary: BuildSummary) -> String {
        var out = ""
        for d in diagnostics {
            var place = d.file
            if d.line > 0 { place += ":\(d.line)" + (d.column > 0 ? ":\(d.column)" : "") }
            out += "\(place): \(d.severity.rawValue)[\(d.code)]: \(d.message)\n"
            if let line = d.sourceLine, d.column > 0 {
                let shown = line.replacingOccurrences(of: "\t", with: " ")
                out += "    \(shown)\n"
                out += "    " + String(repeating: " ", count: max(0, d.column - 1)) + "^\n"
            }
        }
        out += summary.sentence + "\n"
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
            properties += ",title=\(escapeProperty(d.code.name))"
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

/// What a build or check did, in numbers: the last line of every run.
public struct BuildSummary: Sendable, Codable, Equatable {
    /// `build` or `check`.
    public var command: String
    /// How many diagnostics are errors.
    public var errors: Int
    /// How many diagnostics are warnings.
    public var warnings: Int
    /// Stories published (or, for check, that would be).
    public var stories: Int
    /// HTML pages of the site.
    public var pages: Int
    /// Files written, pages included.
    public var files: Int
    /// Where the site was written, as given on the command line; nil for `check` or a failed build.
    public var output: String?
    /// The process's exit code (docs/diagnostics.md, "Exit codes").
    public var exitCode: Int32

    enum CodingKeys: String, CodingKey {
        case command, errors, warnings, stories, pages, files, output
        case exitCode = "exit_code"
    }

    package init(command: String, errors: Int = 0, warnings: Int = 0, stories: Int = 0, pages: Int = 0, files: Int = 0, output: String? = nil, exitCode: Int32 = 0) {
        self.command = command
        self.errors = errors
        self.warnings = warnings
        self.stories = stories
        self.pages = pages
        self.files = files
        self.output = output
        self.exitCode = exitCode
    }

    /// A path as one shell word: as it is when it is plain, else in single quotes.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "/._-+,:@%".utf8.contains(byte)
        }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// One line for a person.
    public var sentence: String {
        let problems = "\(errors.counted("error", "errors")), \(warnings.counted("warning", "warnings"))"
        if let output {
            return
                "hush: built \(stories.counted("story", "stories")) into \(output) (\(pages) pages, \(files) files; \(problems)). Serve it with: python3 -m http.server --directory \(Self.shellQuoted(output))"
        }
        if command == "build" {
            return "hush: \(problems); nothing was written, the previous output is as it was."
        }
        return "hush: checked \(stories.counted("story", "stories")): \(problems)."
    }
}
