import Foundation
import HushCore
import HushTestSupport
import Testing

/// The catalog of codes and docs/diagnostics.md say the same thing.
@Suite struct DiagnosticCatalogTests {
    /// Every code named in a `### ` heading of docs/diagnostics.md.
    static let documented: [String] = {
        let text = (try? String(contentsOfFile: repositoryRoot + "/docs/diagnostics.md", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.hasPrefix("### ") }.flatMap { heading in
            heading.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
    }()

    @Test func everyCodeIsDocumented() {
        let missing = Diagnostic.Code.all.map(\.name).filter { !Self.documented.contains($0) }
        #expect(missing.isEmpty, "not in docs/diagnostics.md: \(missing)")
    }

    @Test func everyDocumentedCodeExists() {
        #expect(!Self.documented.isEmpty, "docs/diagnostics.md has no code headings")
        let unknown = Self.documented.filter { Diagnostic.Code.named($0) == nil }
        #expect(unknown.isEmpty, "documented but not in the catalog: \(unknown)")
    }

    @Test func namesAreUniqueAndWellFormed() {
        let names = Diagnostic.Code.all.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            #expect(parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLowercase || $0 == "-" } }, "\(name)")
        }
    }

    /// The exit code of docs/diagnostics.md's table: usage over I/O over content; warnings alone exit 0.
    @Test(arguments: [
        ([Diagnostic.Code.tagRare], Int32(0)),
        ([.piiEmail], Int32(1)),
        ([.piiEmail, .outputIO], Int32(3)),
        ([.outputIO, .configUnknownKey, .piiEmail], Int32(2)),
        ([.contentUnreadable], Int32(3)),
        ([.outputNotOurs, .dateMissing], Int32(2)),
    ])
    func exitCodeFollowsTheClasses(_ codes: [Diagnostic.Code], _ expected: Int32) {
        let diagnostics = codes.map { Diagnostic($0, "m", file: "f") }
        #expect(Diagnostic.exitCode(for: diagnostics) == expected)
    }

    @Test func strictWarningOfAUsageCodeExitsTwo() {
        let warning = Diagnostic(.configNoSecret, "m", file: "hush.yml", severity: .error)
        #expect(Diagnostic.exitCode(for: [warning]) == 2)
    }

    @Test func codesEncodeAsTheirNames() throws {
        let data = try JSONEncoder().encode(Diagnostic(.piiProfileURL, "m", file: "f"))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"code\":\"pii.profile-url\""), "\(text)")
    }
}
