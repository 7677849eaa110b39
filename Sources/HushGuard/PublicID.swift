internal import Crypto
internal import Foundation
internal import HushCore

/// Public ids: the only name a story has in the output. From front matter when given,
/// else a keyed hash of the story's path inside content/: stable across edits, and with a
/// secret, unlinkable to the file name.
package enum PublicID {
    /// 10 characters of base32 (a–z, 2–7) of HMAC-SHA256(secret, path), or of SHA-256(path)
    /// when there is no secret.
    package static func derive(contentPath: String, secret: String?) -> String {
        let message = Data(contentPath.utf8)
        let digest: [UInt8]
        if let secret {
            digest = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8))))
        } else {
            digest = Array(SHA256.hash(data: message))
        }
        return String(base32(digest).prefix(10))
    }

    /// Letters, digits and "-", 4 to 32 characters: safe in a URL and a file name.
    package static func isValid(_ id: String) -> Bool {
        (4...32).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 45
            } && !id.hasPrefix("-") && !id.hasSuffix("-")
    }

    /// A fresh random id for `hush new`: 10 base32 characters (50 bits).
    package static func random<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return String(base32(bytes).prefix(10))
    }

    /// RFC 4648 base32 in lower case, without padding.
    package static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        var out: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }
}
