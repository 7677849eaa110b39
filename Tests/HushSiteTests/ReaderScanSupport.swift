import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// One story body written some way, and what the guard must say about it: the finding's
/// code, and the text it starts at (its first place in the story file), or nothing.
struct Written: Sendable, CustomTestStringConvertible {
    let body: String
    /// "pii.phone"…; nil: nothing may be found.
    let code: String?
    /// Where the finding starts: the first occurrence of this text in the file.
    let at: String?

    init(_ body: String, _ code: String? = nil, at: String? = nil) {
        self.body = body
        self.code = code
        self.at = at
    }

    var testDescription: String { "\(body.debugDescription) → \(code ?? "nothing")" }

    /// The story file.
    var file: String { story(title: "A night", id: "k3v9q2mf", body: body) }
}

/// The line and column (in characters) where `needle` first appears in `text`.
func location(of needle: String, in text: String) -> (line: Int, column: Int)? {
    for (index, line) in text.components(separatedBy: "\n").enumerated() {
        if let range = line.range(of: needle) {
            return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
        }
    }
    return nil
}

/// Checks `written` through the whole pipeline (without writing) and expects exactly its one
/// finding, at its place, or none.
func expectFinding(_ written: Written, config: String = testConfig, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = written.file
    let result = try check(stories: ["a.md": file], config: config)
    let found = result.diagnostics.filter { $0.code.name.hasPrefix("pii.") }
    let listing = found.map { "\($0.line):\($0.column) \($0.code.name)" }
    guard let code = written.code else {
        #expect(found.isEmpty, "found \(listing)", sourceLocation: sourceLocation)
        return
    }
    #expect(found.map(\.code.name) == [code], "found \(listing)", sourceLocation: sourceLocation)
    if let at = written.at, let expected = location(of: at, in: file), let first = found.first {
        #expect(
            first.line == expected.line && first.column == expected.column,
            "reported at \(first.line):\(first.column), written at \(expected.line):\(expected.column)",
            sourceLocation: sourceLocation
        )
    }
}
