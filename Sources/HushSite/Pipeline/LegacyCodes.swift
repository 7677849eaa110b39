package import HushCore

// Transitional: the write stage and the loader are being reworked; their codes move to the
// catalog with them. Deleted when they do.
extension Diagnostic {
    static func error(_ name: String, _ message: String, file: String, line: Int = 0, column: Int = 0) -> Diagnostic {
        Diagnostic(Code.named(name) ?? .outputIO, message, file: file, line: line, column: column, severity: .error)
    }

    static func warning(_ name: String, _ message: String, file: String, line: Int = 0, column: Int = 0) -> Diagnostic {
        Diagnostic(Code.named(name) ?? .outputIO, message, file: file, line: line, column: column, severity: .warning)
    }
}
