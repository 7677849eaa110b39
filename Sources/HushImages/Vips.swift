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
/// libvips is started once per process (`started`, a `static let`: Swift runs it once, on
/// first use, from any thread), with its operation cache off (hush never asks twice for the
/// same operation; the cache would only hold memory) and its warnings silenced.
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
    }

    private static let started: Bool = {
        guard vips_init("hush") == 0 else { return false }
        hush_vips_quiet()
        vips_cache_set_max(0)
        vips_cache_set_max_mem(0)
        return true
    }()

    /// Whose turn it is to use libvips.
    private static let turn = Mutex(())

    /// Reads only the header of the image in `bytes`: the decoder and the size, before a
    /// single pixel is decoded (a decompression bomb is refused on these numbers).
    static func header(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> Header {
        try start()
        let result: Result<Header, Failure> = turn.withLock { _ in
            vips_error_clear()
            do throws(Failure) {
                return .success(try readHeader(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func readHeader(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> Header {
        guard let base = bytes.baseAddress, let loader = vips_foreign_find_load_buffer(base, bytes.count) else {
            throw failure("not an image libvips can read")
        }
        let name = String(cString: loader)
        guard let image = hush_vips_open(base, bytes.count) else { throw failure("cannot be read") }
        defer { g_object_unref(image) }
        return Header(
            decoder: decoderName(name),
            width: Int(vips_image_get_width(image)),
            height: Int(vips_image_get_height(image)),
            orientation: Int(vips_image_get_orientation(image))
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
            vips_error_clear()
            let damage = hush_vips_damage_count()
            do throws(Failure) {
                let made = try make(bytes, widths: widths, webpQuality: webpQuality, jpegQuality: jpegQuality, pixels: pixels)
                // A truncated file, a tile that failed to decode: libvips paints it black and
                // goes on, without a failed call; only its error buffer or its warnings tell.
                if let raw = vips_error_buffer(), raw.pointee != 0 { throw failure("cannot be decoded") }
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
        var thumbnail: UnsafeMutablePointer<VipsImage>?
        guard hush_vips_thumbnail(base, bytes.count, &thumbnail, Int32(largest)) == 0, let thumbnail else { throw failure("cannot be decoded") }
        defer { g_object_unref(thumbnail) }
        var converted: UnsafeMutablePointer<VipsImage>?
        guard hush_vips_srgb8(thumbnail, &converted) == 0, let converted else { throw failure("cannot be converted to sRGB") }
        defer { g_object_unref(converted) }
        // Decoded once, here; every smaller size and every format is made from these pixels.
        // The image they become is made from the bare pixels: it has no metadata at all to
        // save (libvips 8.14's WebP saver writes EXIF, XMP and ICC even under `strip`).
        var size = 0
        guard let memory = vips_image_write_to_memory(converted, &size) else { throw failure("cannot be decoded") }
        defer { g_free(memory) }
        pixels(Array(UnsafeRawBufferPointer(start: memory, count: size)))
        guard
            let decoded = vips_image_new_from_memory_copy(
                memory,
                size,
                vips_image_get_width(converted),
                vips_image_get_height(converted),
                vips_image_get_bands(converted),
                VIPS_FORMAT_UCHAR
            )
        else { throw failure("cannot be decoded") }
        defer { g_object_unref(decoded) }

        var result: [(width: Int, webp: Encoded, jpeg: Encoded)] = []
        for width in widths.sorted(by: >) {
            var resized: UnsafeMutablePointer<VipsImage>?
            if width >= Int(vips_image_get_width(decoded)) {
                resized = decoded
                g_object_ref(decoded)
            } else {
                guard hush_vips_thumbnail_image(decoded, &resized, Int32(width)) == 0 else { throw failure("cannot be resized") }
            }
            guard let resized else { throw failure("cannot be resized") }
            defer { g_object_unref(resized) }
            let webp = try encode(resized) { image, buffer, length in hush_vips_webp(image, buffer, length, Int32(webpQuality)) }
            var opaque = resized
            var flattened: UnsafeMutablePointer<VipsImage>?
            if vips_image_hasalpha(resized) != 0 {
                guard hush_vips_flatten_white(resized, &flattened) == 0, let flattened else { throw failure("cannot be flattened") }
                opaque = flattened
            }
            defer { if let flattened { g_object_unref(flattened) } }
            let jpeg = try encode(opaque) { image, buffer, length in hush_vips_jpeg(image, buffer, length, Int32(jpegQuality)) }
            result.append((Int(vips_image_get_width(resized)), webp, jpeg))
        }
        return result.reversed()
    }

    private static func encode(
        _ image: UnsafeMutablePointer<VipsImage>,
        _ save: (UnsafeMutablePointer<VipsImage>, UnsafeMutablePointer<UnsafeMutableRawPointer?>, UnsafeMutablePointer<Int>) -> Int32
    ) throws(Failure) -> Encoded {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        guard save(image, &buffer, &length) == 0, let buffer else { throw failure("cannot be encoded") }
        defer { g_free(buffer) }
        return Encoded(
            width: Int(vips_image_get_width(image)),
            height: Int(vips_image_get_height(image)),
            bytes: Array(UnsafeRawBufferPointer(start: buffer, count: length))
        )
    }

    private static func start() throws(Failure) {
        guard started else { throw Failure(message: "libvips could not be started") }
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
        let raw = vips_error_buffer().map { String(cString: $0) } ?? ""
        vips_error_clear()
        let first = raw.split(separator: "\n").first.map(String.init) ?? ""
        return Failure(message: first.isEmpty ? what : "\(what): \(first)")
    }
}
