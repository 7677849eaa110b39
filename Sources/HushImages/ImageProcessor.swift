internal import Crypto

/// How images are made for the site: the widths of a `srcset`, the encoders' qualities and
/// the limits that refuse an image before it is decoded. Part of the image cache's key.
package struct ImageSettings: Sendable, Equatable {
    /// The widths made of every image, each only when the image is wider (never enlarged);
    /// an image narrower than the largest is also made at its own width.
    package var widths: [Int] = [480, 960, 1600]
    package var webpQuality = 80
    package var jpegQuality = 82
    /// The largest file read, in bytes.
    package var maxBytes = 40 * 1024 * 1024
    /// The most pixels (width × height, from the header) decoded: 100 MP, more than any
    /// camera or phone makes; a larger picture is almost always a decompression bomb.
    package var maxPixels = 100_000_000

    package init() {}

    /// Every setting as text, for cache keys.
    package var fingerprint: String {
        "widths=\(widths) webp=\(webpQuality) jpeg=\(jpegQuality) bytes=\(maxBytes) pixels=\(maxPixels) encoder=vips"
    }
}

/// One image as the site publishes it: the same picture in a few widths, each as WebP and
/// as JPEG, all without metadata, named by `name`.
package struct ProcessedImage: Sendable, Equatable {
    /// A keyed hash (HMAC-SHA-256 with a key from the site's secret) of the decoded pixels,
    /// 32 hex digits: the same picture has the same name whatever its file was called or
    /// what metadata it had; the name says nothing of the file.
    package var name: String
    /// Smallest first.
    package var renditions: [Rendition]

    package struct Rendition: Sendable, Equatable {
        package var width: Int
        package var height: Int
        package var webp: [UInt8]
        package var jpeg: [UInt8]

        package init(width: Int, height: Int, webp: [UInt8], jpeg: [UInt8]) {
            self.width = width
            self.height = height
            self.webp = webp
            self.jpeg = jpeg
        }
    }

    package init(name: String, renditions: [Rendition]) {
        self.name = name
        self.renditions = renditions
    }
}

/// Why an image cannot be published.
package enum ImageProblem: Error, Sendable, Equatable {
    /// Not JPEG, PNG, WebP, GIF or HEIF/AVIF: the decoder libvips found, if any.
    case unsupported(decoder: String?)
    /// Larger than `ImageSettings.maxPixels`, by its header.
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// The file is damaged or not what it says: libvips' message.
    case undecodable(String)
    /// libvips itself could not be loaded on this machine: why not.
    case noLibrary(String)
}

/// Image bytes to a `ProcessedImage`: header first (refused there when too large), then one
/// decode (shrunk while loading), turned upright, sRGB, every metadata left out.
package enum ImageProcessor {
    /// The decoders hush lets libvips use; SVG, PDF, TIFF and the rest are refused (a
    /// vector or document format can load other files or run a renderer on untrusted input).
    static let decoders: Set<String> = ["jpeg", "png", "webp", "gif", "nsgif", "heif"]

    /// The key for image names, from the site's secret (nil: an unkeyed hash of the pixels).
    package static func nameKey(secret: String?) -> [UInt8] {
        Array(SHA256.hash(data: Array("hush image names\u{0}".utf8) + Array((secret ?? "").utf8)))
    }

    package static func process(_ bytes: [UInt8], settings: ImageSettings, nameKey: [UInt8]) throws(ImageProblem) -> ProcessedImage {
        let result: Result<ProcessedImage, ImageProblem> = bytes.withUnsafeBytes { buffer in
            let header: Vips.Header
            do throws(Vips.Failure) {
                header = try Vips.header(buffer)
            } catch {
                return .failure(error.libraryMissing ? .noLibrary(error.message) : .unsupported(decoder: nil))
            }
            guard decoders.contains(header.decoder) else { return .failure(.unsupported(decoder: header.decoder)) }
            guard header.width * header.height <= settings.maxPixels else {
                return .failure(.tooManyPixels(width: header.width, height: header.height, limit: settings.maxPixels))
            }
            // The upright width: orientations 5…8 turn the picture a quarter.
            let upright = header.orientation >= 5 && header.orientation <= 8 ? header.height : header.width
            // Each width the picture is wider than, and the largest it allows (its own width
            // when it is narrower than the largest setting): never enlarged.
            let largest = min(upright, settings.widths.max() ?? upright)
            let widths = settings.widths.filter { $0 < largest } + [largest]
            var digest: [UInt8] = []
            do throws(Vips.Failure) {
                let made = try Vips.renditions(of: buffer, widths: widths, webpQuality: settings.webpQuality, jpegQuality: settings.jpegQuality) {
                    pixels in
                    digest = Array(HMAC<SHA256>.authenticationCode(for: pixels, using: SymmetricKey(data: nameKey)))
                }
                var renditions: [ProcessedImage.Rendition] = []
                for item in made where !renditions.contains(where: { $0.width == item.width }) {
                    guard let webp = WebPContainer.stripped(item.webp.bytes) else {
                        return .failure(.undecodable("the WebP encoder made a damaged file"))
                    }
                    renditions.append(.init(width: item.width, height: item.webp.height, webp: webp, jpeg: item.jpeg.bytes))
                }
                let name = digest.prefix(16).map { byte in String(byte, radix: 16).leftPadded(to: 2) }.joined()
                return .success(ProcessedImage(name: name, renditions: renditions))
            } catch {
                return .failure(.undecodable(error.message))
            }
        }
        return try result.get()
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
