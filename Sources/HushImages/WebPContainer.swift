/// WebP files as RIFF chunks, to take every metadata chunk out after encoding: libvips
/// 8.14's WebP saver writes an EXIF chunk of its own making (orientation, resolution) even
/// when told to strip, so hush does not rely on the saver: what leaves here is checked.
enum WebPContainer {
    /// The chunks that hold metadata, never published: EXIF, XMP and an ICC profile.
    static let metadataChunks: Set<String> = ["EXIF", "XMP ", "ICCP"]

    /// `bytes` without EXIF, XMP and ICCP chunks, and with their flags cleared in the VP8X
    /// header; nil when `bytes` is not a well-formed WebP file.
    static func stripped(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 12, fourCC(bytes, 0) == "RIFF", fourCC(bytes, 8) == "WEBP" else { return nil }
        var chunks: [UInt8] = []
        var offset = 12
        while offset < bytes.count {
            guard offset + 8 <= bytes.count else { return nil }
            let name = fourCC(bytes, offset)
            let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            let end = offset + 8 + size + (size & 1)
            guard end <= bytes.count || (end == bytes.count + 1 && size & 1 == 1) else { return nil }
            var chunk = Array(bytes[offset..<min(end, bytes.count)])
            if chunk.count < 8 + size + (size & 1) { chunk.append(0) }
            if name == "VP8X", chunk.count >= 9 {
                // Flags: ICC 0x20, EXIF 0x08, XMP 0x04 (alpha 0x10 and animation 0x02 stay).
                chunk[8] &= ~UInt8(0x20 | 0x08 | 0x04)
            }
            if !metadataChunks.contains(name) { chunks += chunk }
            offset = end
        }
        let size = 4 + chunks.count
        let header: [UInt8] = Array("RIFF".utf8) + [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24 & 0xFF)]
        return header + Array("WEBP".utf8) + chunks
    }

    private static func fourCC(_ bytes: [UInt8], _ offset: Int) -> String {
        String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
    }
}
