/// Where reader reports, held stories and waiting submissions are kept (docs/moderation.md):
/// the moderation tables of the backend's ledger. Days only, never a time; nothing of a
/// reader or a submitter; what is removed is removed for good.
package protocol ModerationStore: Sendable {
    /// Keeps `report`; with `holdAfter`, holds the story once it has that many open reports.
    /// Returns whether the story is held.
    func addReport(_ report: StoredReport, holdAfter: Int?) async throws(LedgerError) -> Bool
    /// Every open report, oldest first.
    func reports() async throws(LedgerError) -> [StoredReport]
    /// The stories held for review.
    func held() async throws(LedgerError) -> Set<String>
    /// Closes every report of a story and lifts its hold; returns how many were open.
    func closeReports(of storyID: String) async throws(LedgerError) -> Int
    /// Keeps a submission that passed the guard; returns its inbox number.
    func addSubmission(_ submission: StoredSubmission, withdrawKey: String?) async throws(LedgerError) -> Int
    /// Every waiting submission, oldest first.
    func submissions() async throws(LedgerError) -> [StoredSubmission]
    /// Removes submission `number` for good; returns whether there was one.
    func removeSubmission(_ number: Int) async throws(LedgerError) -> Bool
    /// Removes the submission whose withdrawal code hashes to `withdrawKey`.
    func withdraw(_ withdrawKey: String) async throws(LedgerError) -> Bool
    /// Lets go of the database.
    func close() async
}
