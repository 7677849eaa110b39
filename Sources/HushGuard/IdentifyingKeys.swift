internal import Foundation
internal import HushCore

/// Front-matter keys that would name or locate a writer. The parser drops their values
/// and the guard refuses them (`front-matter.identifying-key`).
package enum IdentifyingKeys {
    package static let all: Set<String> = [
        "author", "authors", "by", "byline", "writer", "name", "names", "real_name", "realname", "full_name", "fullname",
        "first_name", "firstname", "last_name", "lastname", "surname", "nickname", "alias", "pseudonym",
        "email", "e-mail", "e_mail", "mail", "email_address", "phone", "telephone", "tel", "mobile", "cell", "phone_number",
        "address", "street", "home", "location", "city", "town", "country", "region", "state", "zip", "zipcode", "postcode",
        "postal_code", "geo", "gps", "coordinates", "lat", "latitude", "lon", "lng", "long", "longitude", "place",
        "ip", "ip_address", "ipaddress", "twitter", "x", "instagram", "insta", "facebook", "fb", "tiktok", "linkedin",
        "snapchat", "reddit", "mastodon", "bluesky", "threads", "youtube", "github", "discord", "telegram", "whatsapp",
        "signal", "handle", "username", "user_name", "user", "userid", "user_id", "account", "social", "website", "web",
        "homepage", "url", "site", "blog", "contact", "age", "birthday", "birthdate", "dob", "school", "employer", "company",
        "device", "timezone", "time_zone", "tz", "time",
    ]

    /// The longer keys, against which a misspelling is matched (short ones like `x` or `by`
    /// would match half the dictionary).
    package static let spelledOut: [String] = all.filter { $0.count >= 5 }.sorted()

    /// Case- and separator-insensitive: `Real-Name` is `real_name`.
    package static func contains(_ key: String) -> Bool {
        let normalized = key.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        return all.contains(normalized) || all.contains(normalized.replacingOccurrences(of: "_", with: ""))
    }
}
