/// One problem found while building: where it is, how bad it is, a stable code and a
/// sentence the writer understands. Every stage returns these as values; they are printed
/// once, sorted, at the end.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// How bad a problem is: an error stops the write stage, a warning does not (unless --strict).
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    /// The file, relative to the site folder (`content/night-shift.md`, `hush.yml`).
    public var file: String
    /// 1-based line; 0 when the problem is about the whole file.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int
    /// Error or warning.
    public var severity: Severity
    /// A stable code whose first part names the stage: `front-matter.unknown-key`.
    public var code: String
    /// What is wrong and what to do, in a sentence for the writer.
    public var message: String
    /// The source line the problem is on, for the caret display; nil where printing the
    /// line would repeat personal data (identifying keys, pii findings).
    public var sourceLine: String?

    public init(
        file: String,
        line: Int,
        column: Int,
        severity: Severity,
        code: String,
        message: String,
        sourceLine: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
        self.sourceLine = sourceLine
    }

    package static func error(_ code: String, _ message: String, file: String, line: Int = 0, column: Int = 0, sourceLine: String? = nil) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, severity: .error, code: code, message: message, sourceLine: sourceLine)
    }

    package static func warning(_ code: String, _ message: String, file: String, line: Int = 0, column: Int = 0, sourceLine: String? = nil) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, severity: .warning, code: code, message: message, sourceLine: sourceLine)
    }

    private enum CodingKeys: String, CodingKey {
        case file, line, column, severity, code, message
    }
}

extension Diagnostic: Comparable {
    /// Sorted by file, then line and column, then code: the order they are printed in.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.code, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.code, rhs.message)
    }
}

extension Diagnostic {
    /// The part of the code before the first dot: the stage or area that found it.
    package var area: Substring { code.prefix { $0 != "." } }
}
