// What the scanner reports: one finding (its kind, where it is, the matched text and how a
// message shows it), and which kind wins when two readings of the same bytes overlap. Apart
// from the scan, so the policy and the tests read findings without the byte machinery.

internal import HushCore

extension PersonalDataKind {
    /// Which finding survives when two overlap: the more specific reading wins
    /// (a profile URL over the handle inside it, an e-mail over a handle, a card or IBAN over a phone).
    var precedence: Int {
        switch self {
        case .profileURL: return 5
        case .email: return 4
        case .iban, .card, .nationalID: return 3
        case .ip: return 2
        case .phone: return 1
        case .handle: return 0
        }
    }
}

/// One finding: its kind and where it is, as UTF-8 byte offsets into the scanned text.
struct PersonalDataFinding: Sendable, Equatable {
    let kind: PersonalDataKind
    /// UTF-8 byte offsets into the scanned string.
    let range: Range<Int>
    /// The matched text.
    let text: String

    /// The matched text masked for messages: keep the first character and the last two of
    /// long matches, replace the rest with "•", e.g. "j•••••••••om" (never reveals the whole value).
    var masked: String {
        let characters = Array(text)
        let count = characters.count
        guard count > 1 else { return String(repeating: "•", count: count) }
        // Short matches keep only their first character: with the last two as well, a
        // five-character handle would show three of its five characters.
        let tail = count >= 8 ? 2 : 0
        return String(characters[0]) + String(repeating: "•", count: count - 1 - tail) + String(characters[(count - tail)...])
    }
}
