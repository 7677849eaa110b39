/// The kinds of personal data the guard looks for; raw values are the diagnostic code suffixes.
package enum PersonalDataKind: String, Sendable, CaseIterable, Codable {
    case email, phone, ip, card, iban, handle
    case profileURL = "profile-url"
    /// A national identity or tax number whose check rules hold (SSN, NI number, DNI, BSN, …).
    case nationalID = "national-id"
}
