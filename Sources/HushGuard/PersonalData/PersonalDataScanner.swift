// The scanner's entry point: `scan` runs one byte scan over a text (ByteScan.swift) and keeps
// one reading where candidates overlap. What each kind must look like, and where the scanner
// leans to prose, is in Detectors/, one file a kind; the lists they consult are in Tables.swift.

internal import HushCore

/// Finds personal data in a story's text (markdown body and front-matter text fields) so the
/// guard can refuse, redact or warn before anything is published.
///
/// A hand-written scanner over the UTF-8 bytes: one pass that looks closer only around cheap
/// triggers (`ByteScan`), so ordinary prose costs about one comparison a byte. Every matcher
/// checks structure, not just shape: Luhn and issuer prefixes for cards, mod 97 and the
/// country's length for IBANs, check rules for national ids, octet ranges for IPv4; phone
/// numbers are libphonenumber's (the numbering plan of every region). Where text is ambiguous it leans to prose; each detector says how.
enum PersonalDataScanner {
    /// Every finding in `text`, in order of position, non-overlapping (when two kinds overlap,
    /// keep one: profile-url over handle and email, email over handle, card/iban over phone).
    /// National phone numbers are read as in `region` (the site's).
    static func scan(_ text: String, region: Region = .unitedStates) -> [PersonalDataFinding] {
        scan(text, regions: [region])
    }

    /// National phone numbers are read as in each of `regions` (the site's, and the story's
    /// language's); a number read in several is one finding.
    static func scan(_ text: String, regions: [Region]) -> [PersonalDataFinding] {
        let candidates =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                var scan = ByteScan(bytes, regions: regions)
                return scan.run()
            }
            ?? Array(text.utf8).withUnsafeBufferPointer { bytes in
                var scan = ByteScan(bytes, regions: regions)
                return scan.run()
            }
        return keepingOne(of: candidates)
    }

    /// `candidates` in order of position with overlaps resolved by kind precedence (ties: the
    /// longer match, then the earlier one).
    static func keepingOne(of candidates: [PersonalDataFinding]) -> [PersonalDataFinding] {
        guard candidates.count > 1 else { return candidates }
        let ordered = candidates.enumerated()
            .sorted { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }
            .map(\.element)
        var kept: [PersonalDataFinding] = []
        kept.reserveCapacity(ordered.count)
        for candidate in ordered {
            var wins = true
            while let last = kept.last, last.range.overlaps(candidate.range) {
                let a = candidate.kind.precedence
                let b = last.kind.precedence
                if a > b || (a == b && candidate.range.count > last.range.count) {
                    kept.removeLast()
                } else {
                    wins = false
                    break
                }
            }
            if wins { kept.append(candidate) }
        }
        return kept
    }
}
