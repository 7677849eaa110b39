// The one Swift file that sees libphonenumber (through the CPhoneNumber shim): it turns the
// library's matches into Swift values, UTF-8 byte ranges of the text it was given. What the
// scanner makes of them (context, dates, references) is in Phone.swift.

internal import CPhoneNumber
internal import Foundation
package import HushCore

/// The regions whose national numbers libphonenumber can read: what `region:` in hush.yml
/// may name.
package enum PhoneNumberRegions {
    /// Whether libphonenumber has a numbering plan for `region` (GB does; UK is no ISO code).
    package static func contains(_ region: Region) -> Bool {
        hush_phone_region_is_known(region.code) == 1
    }
}

/// Google's libphonenumber as the scanner needs it.
enum PhoneNumbers {
    /// A number libphonenumber found: where it is, and whether it is valid (allocated) in the
    /// region it was read in, or only possible (the right length).
    struct Match: Sendable, Equatable {
        let range: Range<Int>
        let valid: Bool
    }

    /// The numbers in `bytes` (UTF-8), national ones read as in `region`; valid ones first,
    /// then possible ones that overlap none of them.
    static func matches(in bytes: UnsafeBufferPointer<UInt8>, region: Region) -> [Match] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        var found: UnsafeMutablePointer<hush_phone_match>?
        let count = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
            hush_phone_find(text, bytes.count, region.code, &found)
        }
        guard let found else { return [] }
        defer { free(found) }
        return UnsafeBufferPointer(start: found, count: count).compactMap { match in
            let start = Int(match.start)
            let end = Int(match.end)
            guard start < end, end <= bytes.count else { return nil }
            return Match(range: start..<end, valid: match.valid != 0)
        }
    }

    /// Whether ASCII `digits` (no +) are a valid number dialled from abroad, country code first.
    static func isValidInternational(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = digits.baseAddress, !digits.isEmpty else { return false }
        return base.withMemoryRebound(to: CChar.self, capacity: digits.count) { hush_phone_is_valid_international($0, digits.count) } == 1
    }
}
