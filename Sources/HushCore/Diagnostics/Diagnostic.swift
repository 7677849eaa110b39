/// One problem found while building: where it is, how bad it is, a stable code and a
/// sentence the writer understands. Every stage returns these as values; they are printed
/// once, sorted, at the end.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// How bad a problem is: an error stops the write stage, a warning does not (unless --strict).
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    /// The file, relative to the site folder (`content/night-shift.md`, `hush.yml`; `.` for
    /// the site folder itself). Printing rebases it (`DiagnosticPaths`), so a person or a CI
    /// finds it from where hush was run.
    public var file: String
    /// 1-based line; 0 when the problem is about the whole file.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int
    /// Error or warning.
    public var severity: Severity
    /// A stable code from the catalog (`Diagnostic.Code`): `front-matter.unknown-key`.
    public var code: Code
    /// What is wrong and what to do, in a sentence for the writer.
    public var message: String
    /// The source line the problem is on, for the caret display: masked unless proven safe
    /// (`SourceExcerpt`); nil where even its shape says too much (identifying keys, pii
    /// findings, a time in a date).
    public var sourceLine: SourceExcerpt?
    /// True for a warning that `--strict` made an error: the report says so, since the
    /// code's own severity is a warning and its documentation says so too.
    public var promotedByStrict: Bool = false

    /// A problem of kind `code`, with the code's own severity unless `severity` is given.
    package init(
        _ code: Code,
        _ message: String,
        file: String,
        line: Int = 0,
        column: Int = 0,
        severity: Severity? = nil,
        sourceLine: SourceExcerpt? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity ?? code.severity
        self.code = code
        self.message = message
        self.sourceLine = sourceLine
    }

    private enum CodingKeys: String, CodingKey {
        case file, line, column, severity, code, message
        case promotedByStrict = "promoted_by_strict"
    }

    /// The README's JSON shape; `promoted_by_strict: true` only on a warning `--strict` made
    /// an error, so every other diagnostic keeps the six keys scripts already read.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(severity, forKey: .severity)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        if promotedByStrict { try container.encode(true, forKey: .promotedByStrict) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        file = try container.decode(String.self, forKey: .file)
        line = try container.decode(Int.self, forKey: .line)
        column = try container.decode(Int.self, forKey: .column)
        severity = try container.decode(Severity.self, forKey: .severity)
        code = try container.decode(Code.self, forKey: .code)
        message = try container.decode(String.self, forKey: .message)
        promotedByStrict = try container.decodeIfPresent(Bool.self, forKey: .promotedByStrict) ?? false
    }
}

extension Diagnostic: Comparable {
    /// Sorted by file, then line and column, then code: the order they are printed in.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.code.name, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.code.name, rhs.message)
    }
}

extension Diagnostic {
    /// The process exit code for a run that found `diagnostics` (docs/diagnostics.md): 0 when
    /// there is no error, else the exit class of the errors (usage over I/O over content).
    /// Under `--strict` the pipeline has already turned warnings into errors.
    package static func exitCode(for diagnostics: [Diagnostic]) -> Int32 {
        let classes = Set(diagnostics.filter { $0.severity == .error }.map(\.code.exit))
        for exit in [ExitClass.usage, .io, .content] where classes.contains(exit) { return exit.rawValue }
        return 0
    }
}
