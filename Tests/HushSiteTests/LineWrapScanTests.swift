import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Class 1 of issue 8: a value split by a line wrap, by runs of spaces, or by the `>` and
/// indentation of a blockquote or list continuation is read whole, as a reader reads it.
@Suite struct LineWrapScanTests {
    static let split: [Written] = [
        Written("call me on +44 20\n7946 0958 tonight", "pii.phone", at: "+44 20"),
        Written("my number is 415-555-\n2671, call me", "pii.phone", at: "415-555-"),
        Written("write to jane dot doe at\ngmail dot com please", "pii.email", at: "jane dot doe"),
        Written("my card 4111 1111\n1111 1111 was stolen", "pii.card", at: "4111 1111"),
        Written("my IBAN is DE89 3704 0044\n0532 0130 00, thanks", "pii.iban", at: "DE89"),
        Written("call 020  7946  0958 now", "pii.phone", at: "020"),
        Written("call 020\t7946\t0958 now", "pii.phone", at: "020"),
        Written("call +44 20  \n7946 0958 now", "pii.phone", at: "+44 20"),
        Written("call +44 20\\\n7946 0958 now", "pii.phone", at: "+44 20"),
        Written("> call me on +44 20\n> 7946 0958 tonight", "pii.phone", at: "+44 20"),
        Written("> > write to jane.doe@\n> > gmail.com tonight", "pii.email", at: "jane.doe@"),
        Written("- call me on +44 20\n  7946 0958 tonight", "pii.phone", at: "+44 20"),
        Written("1. my card is 5500 0000\n   0000 0004, sorry", "pii.card", at: "5500 0000"),
        Written("Intro.\n\n>    and then: 4111 1111\n>    1111 1111", "pii.card", at: "4111 1111"),
        Written("# call +44 20\n7946 0958", nil),
    ]

    /// Wrapped prose and numbers in separate blocks: nothing personal.
    static let prose: [Written] = [
        Written("We met at 10:30\nand left at 11:45, as always."),
        Written("- 12 eggs\n- 3 apples\n- 2 liters of milk"),
        Written("The year was 2019.\nI was 23 and\nscared of everything."),
        Written("Chapter 4\n\nChapter 5\n\nChapter 6"),
        Written("It was a long-\nawaited day, and a well-\nknown place."),
        Written("> I never told anyone.\n> Not even my sister."),
        Written("Two  spaces  after  every  word,\nlike a typewriter."),
    ]

    @Test(arguments: split + prose)
    func readAsAReaderReadsIt(_ written: Written) throws {
        try expectFinding(written)
    }
}
