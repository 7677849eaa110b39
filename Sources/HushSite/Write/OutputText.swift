/// The last line of defence for text files (HTML, XML, JSON): whatever let a control
/// character through (parse refuses them in front matter and hush.yml, the guard cleans the
/// body), no page, feed or sitemap is written with one. XML 1.0 allows no C0 control but
/// tab, line feed and carriage return, and neither U+FFFE nor U+FFFF: one of them makes a
/// feed not well-formed, and every feed reader drops it.
enum OutputText {
    /// `file` with those characters removed (as raw UTF-8 and, in JSON, as `\u0001`
    /// escapes); other files, and text files without any, as they are.
    static func clean(_ file: OutputFile) -> OutputFile {
        let isJSON = file.path.hasSuffix(".json")
        guard isJSON || file.path.hasSuffix(".html") || file.path.hasSuffix(".xml") || file.path.hasSuffix(".txt"),
            needsCleaning(file.bytes, json: isJSON)
        else { return file }
        let bytes = cleaned(file.bytes, json: isJSON)
        guard case .keep(let fingerprint, _) = file.store else { return OutputFile(path: file.path, bytes: bytes, store: file.store) }
        return OutputFile(path: file.path, bytes: bytes, store: .keep(fingerprint: fingerprint, digest: Digest.of(bytes)))
    }

    private static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    /// U+FFFE or U+FFFF in UTF-8: EF BF BE, EF BF BF.
    private static func isNonCharacter(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0xEF && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE
    }

    /// A JSON escape `\u00XX` of a control character, or `\uFFFE`/`\uFFFF`, at `index` (the backslash).
    private static func isEscapedControl(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + 5 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else { return false }
        let hex = String(decoding: bytes[(index + 2)...(index + 5)], as: UTF8.self)
        guard let value = UInt32(hex, radix: 16) else { return false }
        return (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0xFFFE || value == 0xFFFF
    }

    private static func needsCleaning(_ bytes: [UInt8], json: Bool) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isControl(byte) || (byte == 0xEF && isNonCharacter(bytes, at: index)) { return true }
            if json, byte == UInt8(ascii: "\\") {
                if isEscapedControl(bytes, at: index) { return true }
                index += 2
                continue
            }
            index += 1
        }
        return false
    }

    private static func cleaned(_ bytes: [UInt8], json: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isControl(byte) {
                index += 1
            } else if byte == 0xEF, isNonCharacter(bytes, at: index) {
                index += 3
            } else if json, byte == UInt8(ascii: "\\") {
                if isEscapedControl(bytes, at: index) {
                    index += 6
                } else {
                    out.append(contentsOf: bytes[index..<min(index + 2, bytes.count)])
                    index += 2
                }
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}
