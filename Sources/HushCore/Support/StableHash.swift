/// A small, fast hash that is the same on every machine and in every run (Swift's own
/// `Hasher` is seeded per process): for choices that must not change between two builds of
/// the same input, like a story's colour or its "another story" link. Not for secrets:
/// public ids use HMAC-SHA256 (HushGuard's `PublicID`).
package enum StableHash {
    /// 64-bit FNV-1a of the text's UTF-8 bytes.
    package static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
