/// What the backend's ledger tells a build (docs/backend.md): the hearts readers gave each
/// story, added to its front-matter `hearts:`; the stories held for review by reader
/// reports; and how much waits for a person, so the build's summary can say so.
///
/// It reaches `hush build` as the backend's database opened read-only or as a JSON
/// snapshot (`hush backend export`, or the public `GET /hearts.json`), both read into this.
package struct LedgerCounts: Sendable, Equatable {
    /// Hearts given by readers, by story id (never the front-matter start).
    package var hearts: [String: Int]
    /// Ids of stories held out of the build until a person reviews them.
    package var held: Set<String>
    /// Reports not yet dismissed or acted on.
    package var openReports: Int
    /// Submissions waiting for approval.
    package var pendingSubmissions: Int

    package init(hearts: [String: Int] = [:], held: Set<String> = [], openReports: Int = 0, pendingSubmissions: Int = 0) {
        self.hearts = hearts
        self.held = held
        self.openReports = openReports
        self.pendingSubmissions = pendingSubmissions
    }
}
