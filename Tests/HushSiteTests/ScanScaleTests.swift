import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Class 6 of issue 8: many findings cost each about the same (places are found in one pass
/// and redaction rewrites the text once), and every one is still placed right. Timing is
/// measured by hand (the note), never asserted here.
@Suite struct ScanScaleTests {
    @Test func tenThousandFindingsAreEachPlaced() throws {
        let count = 10_000
        let lines = (0..<count).map { "n\($0)@example.com wrote, é." }
        let text = story(id: "k3v9q2mf", body: lines.joined(separator: "\n"))
        let result = try check(stories: ["a.md": text])
        let found = result.diagnostics("pii.email")
        #expect(found.count == count)
        #expect(found.map(\.line) == Array(5..<(5 + count)))
        #expect(found.allSatisfy { $0.column == 1 })
    }

    @Test func tenThousandRedactionsOnOneLine() throws {
        let count = 10_000
        let body = (0..<count).map { "né n\($0)@example.com" }.joined(separator: " ")
        let config = testConfig + "anonymity:\n  pii:\n    email: redact\n"
        let built = try buildStories(["a.md": story(id: "k3v9q2mf", body: body)], config: config)
        let found = built.result.diagnostics("pii.email")
        #expect(found.count == count)
        #expect(found.last?.column == (count - 1) * 3 + (0..<(count - 1)).map { "n\($0)@example.com ".count }.reduce(0, +) + 4)
        let page = storyBody(built.files.text("s/k3v9q2mf/index.html"))
        #expect(occurrences(of: "█████", in: page) == count)
        #expect(!page.contains("@example.com"))
    }
}
