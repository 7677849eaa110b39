internal import Foundation

/// JSON files of the output (feeds, the search index): keys sorted and slashes unescaped, so
/// the same value always gives the same bytes and two builds stay byte-identical.
package enum JSONFile {
    /// The value as JSON with a final newline; `null` if it cannot be encoded.
    package static func bytes(of value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)).map(Array.init) ?? Array("null".utf8)) + [UInt8(ascii: "\n")]
    }
}
