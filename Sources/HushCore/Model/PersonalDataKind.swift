/// The kinds of personal data the guard looks for; raw values are the diagnostic code suffixes.
package enum PersonalDataKind: String, Sendable, CaseIterable, Codable {
    case email, phone, ip, card, iban, handle
    case profileURL = "profile-url"

}
