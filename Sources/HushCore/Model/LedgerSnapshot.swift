internal import Foundation

/// The ledger as JSON (docs/backend.md): what `hush backend export` writes, what the public
/// `GET /hearts.json` answers, and what `hush build --ledger FILE.json` reads.
///
/// ```json
/// {"format": "hush-ledger", "version": 1,
///  "hearts": {"<id>": 12},            readers' hearts only, never the front-matter start
///  "totals": {"<id>": 15},            optional: front matter + readers (the public answer)
///  "held": ["<id>"],                  optional: held for review (export only, never public)
///  "waiting": {"reports": 2, "submissions": 1}}   optional (export only)
/// ```
/// A build reads `hearts`, `held` and `waiting`; `totals` is for a page's script.
package enum LedgerSnapshot {
    package static let format = "hush-ledger"
    package static let version = 1
    /// The first 16 bytes of the backend's database (SQLite's own header): a ledger file that
    /// starts with them is the database, anything else is read as a snapshot.
    package static let databaseHeader = Array("SQLite format 3\u{0}".utf8)

    /// Why a snapshot cannot be read; the message names what is wrong and what to do.
    package struct ReadError: Error, Sendable, Equatable {
        package let message: String
    }

    /// The snapshot's bytes: keys sorted, so the same ledger always gives the same file.
    /// `totals` is written when given (the public answer); `held` and `waiting` only when
    /// `forExport`, since who reported what is the publisher's business alone.
    package static func bytes(of ledger: LedgerCounts, totals: [String: Int]? = nil, forExport: Bool) -> [UInt8] {
        JSONFile.bytes(
            of: Document(
                format: format,
                version: version,
                hearts: ledger.hearts,
                totals: totals,
                held: forExport ? ledger.held.sorted() : nil,
                waiting: forExport ? Waiting(reports: ledger.openReports, submissions: ledger.pendingSubmissions) : nil
            )
        )
    }

    /// The ledger a snapshot holds. Anything but a well-formed hush ledger is an error,
    /// never an empty ledger: a build must not silently lose every reader's hearts.
    package static func read(_ bytes: some Collection<UInt8>) throws(ReadError) -> LedgerCounts {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ReadError(message: "is not a hush ledger snapshot (\(describe(error))); export a new one with `hush backend export`")
        } catch {
            throw ReadError(message: "is not a hush ledger snapshot; export a new one with `hush backend export`")
        }
        guard document.format == format else {
            throw ReadError(message: "has format '\(document.format)', not '\(format)'; export a new one with `hush backend export`")
        }
        guard document.version == version else {
            throw ReadError(message: "is a version \(document.version) ledger snapshot; this hush reads version \(version)")
        }
        if let bad = document.hearts.first(where: { $0.value < 0 }) {
            throw ReadError(message: "gives story '\(bad.key)' \(bad.value) hearts; a count cannot be negative")
        }
        let waiting = document.waiting ?? Waiting(reports: 0, submissions: 0)
        guard waiting.reports >= 0, waiting.submissions >= 0 else {
            throw ReadError(message: "has a negative count of waiting reports or submissions")
        }
        return LedgerCounts(
            hearts: document.hearts,
            held: Set(document.held ?? []),
            openReports: waiting.reports,
            pendingSubmissions: waiting.submissions
        )
    }

    private struct Document: Codable {
        var format: String
        var version: Int
        var hearts: [String: Int]
        var totals: [String: Int]?
        var held: [String]?
        var waiting: Waiting?
    }

    private struct Waiting: Codable {
        var reports: Int
        var submissions: Int
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not JSON" : "'\(path)' is not what it should be"
        case .keyNotFound(let key, _):
            return "'\(key.stringValue)' is missing"
        @unknown default:
            return "unreadable"
        }
    }
}
