import Testing

@testable import HushMarkdown

/// The reader's text of a body, and the way back from each of its bytes to the source.
@Suite struct ReaderTextTests {
    @Test(arguments: [
        ("call 415-555-**2671** now", "call 415-555-2671 now"),
        ("write jane.doe`@`gmail.com", "write jane.doe@gmail.com"),
        ("jo@<span>gmail.com</span>!", "jo@gmail.com!"),
        ("+44 20\n7946 0958", "+44 20 7946 0958"),
        ("415-555-\n2671", "415-555-2671"),
        ("The end.\nNext line.", "The end. Next line."),
        ("> a\n> b\n\n- c\n- d", "a b\nc\nd"),
        ("two  spaces\tand tab", "two spaces and tab"),
        ("[text](https://example.org/x \"a title\") after", "text\nhttps://example.org/x\na title\nafter"),
        ("<https://example.org/x>", "https://example.org/x"),
        ("[x](/to/jane%40mail.example%2Ecom)", "x\n/to/jane@mail.example.com"),
        ("![alt *text*](pic.png)", "alt text\npic.png"),
        ("a \\@ b &amp; c &#64;", "a @ b & c @"),
        ("<div>raw</div>\n\ntext", "text"),
        ("```\nline one\nline two\n```", "line one\nline two"),
    ])
    func theTextAReaderGets(_ body: String, _ expected: String) {
        #expect(ReaderText(body, smartPunctuation: false).text == expected)
    }

    /// Each piece is found where it is written, also where cmark's own column is short
    /// (the indented later lines of a paragraph, a blockquote's, a list item's).
    @Test(arguments: [
        ("> call **415**-555-2671\n>    then 020 7946 0958", ["415", "555", "then", "020 7946 0958"]),
        ("- item\n    four *five* six", ["four", "five", "six"]),
        ("  para\n   x *y* z", ["para", "x", "y", "z"]),
        ("a `code span` and \\* and &amp; b", ["code span", "b"]),
        ("[text](https://example.org/x) after", ["text", "https://example.org/x", "after"]),
        ("Née à Zürich, `jane`@mail.com", ["jane", "@mail.com"]),
        ("\"quoted\" -- and...", ["quoted", "and"]),
    ])
    func everyPieceMapsToItsPlace(_ body: String, _ pieces: [String]) throws {
        for smart in [false, true] {
            let reader = ReaderText(body, smartPunctuation: smart)
            let text = Array(reader.text.utf8)
            let source = Array(body.utf8)
            var searchFrom = 0
            for piece in pieces {
                let needle = Array(piece.utf8)
                let start = try #require(firstIndex(of: needle, in: text, from: searchFrom), "\(piece) in \(reader.text)")
                searchFrom = start + needle.count
                let range = reader.sourceRange(of: start..<(start + needle.count))
                #expect(String(decoding: source[range], as: UTF8.self) == piece, "\(piece) in \(body.debugDescription)")
            }
        }
    }

    @Test func escapesAndReferencesMapToWhatWasWritten() {
        let body = "mail jane&#46;doe\\@gmail.com"
        let reader = ReaderText(body, smartPunctuation: false)
        #expect(reader.text == "mail jane.doe@gmail.com")
        let start = Array("mail ".utf8).count
        let range = reader.sourceRange(of: start..<reader.text.utf8.count)
        #expect(String(decoding: Array(body.utf8)[range], as: UTF8.self) == "jane&#46;doe\\@gmail.com")
    }

    /// References cmark knows and this file's table does not, one or two characters each.
    @Test func unknownReferencesStillMap() {
        let body = "x &NotEqualTilde; y &hearts; z@example.com"
        let reader = ReaderText(body, smartPunctuation: false)
        #expect(reader.text == "x \u{2242}\u{338} y \u{2665} z@example.com")
        let start = reader.text.utf8.count - "z@example.com".utf8.count
        let range = reader.sourceRange(of: start..<reader.text.utf8.count)
        #expect(String(decoding: Array(body.utf8)[range], as: UTF8.self) == "z@example.com")
    }

    private func firstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for index in from...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
