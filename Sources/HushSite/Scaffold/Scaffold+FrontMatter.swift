internal import Foundation
internal import HushCore
internal import HushGuard

extension Scaffold {
    /// `text` as a YAML double-quoted scalar: a value the story parser reads back exactly
    /// (quotes, backslashes and control characters escaped), whatever a writer or a
    /// submitter typed, so no value can add a key of its own.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A tag list as front matter writes it: `["night shift", "work"]`, blanks left out.
    static func tagList(_ tags: [String]) -> String {
        "[" + tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map(quoted).joined(separator: ", ") + "]"
    }

    /// A fresh random public id that is none of `taken` (the site's ids, and the ids of
    /// stories taken down, which are never used again).
    static func freshID(avoiding taken: Set<String>) -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let id = PublicID.random(using: &generator)
            if !taken.contains(id) { return id }
        }
    }
}
