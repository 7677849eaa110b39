// Temporary until PersonalDataScanner.swift lands (being written in parallel).
enum PersonalDataKind: String, Sendable, CaseIterable, Codable {
    case email, phone, ip, card, iban, handle
    case profileURL = "profile-url"
}
struct PersonalDataFinding: Sendable, Equatable {
    let kind: PersonalDataKind
    let range: Range<Int>
    let text: String
    var masked: String { "•••" }
}
enum PersonalDataScanner {
    static func scan(_ text: String) -> [PersonalDataFinding] { [] }
}
