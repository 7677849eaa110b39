internal import CVips
internal import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that talks to libvips (the `CVips` shim): image bytes go in, Swift values
/// come out (a header, upright sRGB pixels, WebP and JPEG bytes). No C type leaves this file.
///
/// libvips is loaded and started once per process, when the first image needs it (`missing`,
/// a `static let`: Swift runs it once, on first use, from any thread; see `hush_vips_start`),
/// with its operation cache off (hush never asks twice for the same operation; the cache
/// would only hold memory) and its warnings silenced.
///
/// One image is worked on at a time (`turn`), with libvips' own threads (one a core) inside
/// it. libvips reports a damaged file (a truncated PNG or JPEG) only in its error buffer or
/// its warnings, both one for the process: with one image at a time, they are this image's. It also
/// keeps one image's pixels in memory at a time, whatever the batch.
enum Vips {
    /// Which decoder reads an image, as libvips names it: `jpeg`, `png`, `webp`, `gif`,
    /// `heif`, … (from `VipsForeignLoadJpegBuffer`).
    struct Header: Sendable, Equatable {
        var decoder: String
        /// As stored, before the EXIF orientation turns it.
        var width: Int
        var height: Int
        /// EXIF orientation, 1…8 (1 when absent).
        var orientation: Int
    }

    /// An image made by libvips: its size and its encoded bytes.
    struct Encoded: Sendable {
        var width: Int
        var height: Int
        var bytes: [UInt8]
    }

    struct Failure: Error, Sendable {
        /// libvips' own message, its first line.
        var message: String
        /// libvips itself could not be loaded (`message` says why).
        var libraryMissing = false
    }

    /// nil once libvips is loaded and started; else why it could not be.
    private static let missing: String? = {
        guard hush_vips_start() != 0 else { return nil }
        return String(cString: hush_vips_missing_reason())
    }()

    /// Whose turn it is to use libvips.
    private static let turn = Mutex(())

    /// Reads only the header of the image in `bytes`: the decoder and the size, before a
    /// single pixel is decoded (a decompression bomb is refused on these numbers).
    static func header(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> Header {
        try start()
        let result: Result<Header, Failure> = turn.withLock { _ in
            hush_vips_error_clear()
            do throws(Failure) {
                return .success(try readHeader(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func readHeader(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> Header {
        guard let base = bytes.baseAddress, let loader = hush_vips_loader(base, bytes.count) else {
            throw failure("not an image libvips can read")
        }
        let name = String(cString: loader)
        guard let image = hush_vips_open(base, bytes.count) else { throw failure("cannot be read") }
        defer { hush_vips_unref(image) }
        return Header(
            decoder: decoderName(name),
            width: Int(hush_vips_width(image)),
            height: Int(hush_vips_height(image)),
            orientation: Int(hush_vips_orientation(image))
        )
    }

    /// The image in `bytes` decoded at most `width` pixels wide (shrunk while it loads, never
    /// enlarged), upright, 8-bit sRGB; then each of `widths` (each at most that wide) encoded
    /// by `encode`. `pixels` gets the decoded pixels of the largest one, for its name.
    static func renditions(
        of bytes: UnsafeRawBufferPointer,
        widths: [Int],
        webpQuality: Int,
        jpegQuality: Int,
        pixels: ([UInt8]) -> Void
    ) throws(Failure) -> [(width: Int, webp: Encoded, jpeg: Encoded)] {
        try start()
        let result: Result<[(width: Int, webp: Encoded, jpeg: Encoded)], Failure> = turn.withLock { _ in
            hush_vips_error_clear()
            let damage = hush_vips_damage_count()
            do throws(Failure) {
                let made = try make(bytes, widths: widths, webpQuality: webpQuality, jpegQuality: jpegQuality, pixels: pixels)
                // A truncated file, a tile that failed to decode: libvips paints it black and
                // goes on, without a failed call; only its error buffer or its warnings tell.
                if hush_vips_error().pointee != 0 { throw failure("cannot be decoded") }
                if hush_vips_damage_count() != damage { throw Failure(message: "the file is cut short or damaged") }
                return .success(made)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func make(
        _ bytes: UnsafeRawBufferPointer,
        widths: [Int],
        webpQuality: Int,
        jpegQuality: Int,
        pixels: ([UInt8]) -> Void
    ) throws(Failure) -> [(width: Int, webp: Encoded, jpeg: Encoded)] {
        guard let base = bytes.baseAddress, let largest = widths.max() else { return [] }
        var thumbnail: OpaquePointer?
        guard hush_vips_thumbnail(base, bytes.count, &thumbnail, Int32(largest)) == 0, let thumbnail else { throw failure("cannot be decoded") }
        defer { hush_vips_unref(thumbnail) }
        var converted: OpaquePointer?
        guard hush_vips_srgb8(thumbnail, &converted) == 0, let converted else { throw failure("cannot be converted to sRGB") }
        defer { hush_vips_unref(converted) }
        // Decoded once, here; every smaller size and every format is made from these pixels.
        // The image they become is made from the bare pixels: it has no metadata at all to
        // save (libvips 8.14's WebP saver writes EXIF, XMP and ICC even under `strip`).
        var size = 0
        guard let memory = hush_vips_pixels(converted, &size) else { throw failure("cannot be decoded") }
        defer { hush_vips_free(memory) }
        pixels(Array(UnsafeRawBufferPointer(start: memory, count: size)))
        guard
            let decoded = hush_vips_from_pixels(
                memory,
                size,
                hush_vips_width(converted),
                hush_vips_height(converted),
                hush_vips_bands(converted)
            )
        else { throw failure("cannot be decoded") }
        defer { hush_vips_unref(decoded) }

        var result: [(width: Int, webp: Encoded, jpeg: Encoded)] = []
        for width in widths.sorted(by: >) {
            var resized: OpaquePointer?
            if width >= Int(hush_vips_width(decoded)) {
                resized = decoded
                hush_vips_ref(decoded)
            } else {
                guard hush_vips_thumbnail_image(decoded, &resized, Int32(width)) == 0 else { throw failure("cannot be resized") }
            }
            guard let resized else { throw failure("cannot be resized") }
            defer { hush_vips_unref(resized) }
            let webp = try encode(resized) { image, buffer, length in hush_vips_webp(image, buffer, length, Int32(webpQuality)) }
            var opaque = resized
            var flattened: OpaquePointer?
            if hush_vips_has_alpha(resized) != 0 {
                guard hush_vips_flatten_white(resized, &flattened) == 0, let flattened else { throw failure("cannot be flattened") }
                opaque = flattened
            }
            defer { if let flattened { hush_vips_unref(flattened) } }
            let jpeg = try encode(opaque) { image, buffer, length in hush_vips_jpeg(image, buffer, length, Int32(jpegQuality)) }
            result.append((Int(hush_vips_width(resized)), webp, jpeg))
        }
        return result.reversed()
    }

    private static func encode(
        _ image: OpaquePointer,
        _ save: (OpaquePointer, UnsafeMutablePointer<UnsafeMutableRawPointer?>, UnsafeMutablePointer<Int>) -> Int32
    ) throws(Failure) -> Encoded {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        guard save(image, &buffer, &length) == 0, let buffer else { throw failure("cannot be encoded") }
        defer { hush_vips_free(buffer) }
        return Encoded(
            width: Int(hush_vips_width(image)),
            height: Int(hush_vips_height(image)),
            bytes: Array(UnsafeRawBufferPointer(start: buffer, count: length))
        )
    }

    private static func start() throws(Failure) {
        if let missing { throw Failure(message: missing, libraryMissing: true) }
    }

    /// `VipsForeignLoadJpegBuffer` → `jpeg`; `VipsForeignLoadHeifBuffer` → `heif`.
    private static func decoderName(_ loader: String) -> String {
        var name = Substring(loader)
        if name.hasPrefix("VipsForeignLoad") { name = name.dropFirst("VipsForeignLoad".count) }
        if name.hasSuffix("Buffer") { name = name.dropLast("Buffer".count) }
        return name.lowercased()
    }

    /// libvips' error for the last call on this thread (its first line), cleared.
    private static func failure(_ what: String) -> Failure {
        let raw = String(cString: hush_vips_error())
        hush_vips_error_clear()
        let first = raw.split(separator: "\n").first.map(String.init) ?? ""
        return Failure(message: first.isEmpty ? what : "\(what): \(first)")
    }
}
