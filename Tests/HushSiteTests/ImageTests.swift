import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A story's own images (docs/images.md): nothing of the camera or the writer survives, the
/// picture is upright, the names say nothing, every bad image is an error at its `![`, and
/// an unchanged image is taken from the cache.
@Suite struct ImageTests {
    /// The photo scripts/test-photo makes: every kind of metadata, orientation 6.
    static let photoName = "IMG_20261102_231405.jpg"
    /// What the test photo's metadata says, none of which may reach the output.
    static let traces = ["IMG_20261102_231405", "HushTestCam", "Model 7", "SN-8675309", "Jane Doe", "Paris", "night bus by J. Doe", "2026:11:02"]

    /// Runs a program; its standard output, or a failure with its standard error.
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        FileManager.default.createFile(atPath: folder("out"), contents: nil)
        FileManager.default.createFile(atPath: folder("err"), contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: folder("out"))
        process.standardError = FileHandle(forWritingAtPath: folder("err"))
        try process.run()
        process.waitUntilExit()
        let out = (try? String(contentsOfFile: folder("out"), encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw TestFailure(
                "\(program) \(arguments.joined(separator: " ")) failed: \((try? String(contentsOfFile: folder("err"), encoding: .utf8)) ?? "")"
            )
        }
        return out
    }

    static func testPhoto(_ path: String, _ options: [String] = []) throws {
        _ = try run(repositoryRoot + "/scripts/test-photo", [path] + options)
    }

    /// The image files of an output, by path.
    static func images(_ files: [String: [UInt8]]) -> [String: [UInt8]] {
        files.filter { $0.key.hasPrefix("assets/img/") }
    }

    @Test func noMetadataSurvivesAndThePictureIsUpright() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["bus.md": story(body: "The last one home.\n\n![A night bus](\(Self.photoName))")])
            try Self.testPhoto(site + "/content/" + Self.photoName)
            // The photo does carry every trace (the test would prove nothing otherwise).
            let before = try Self.run("exiftool", ["-a", "-G1", "-s", site + "/content/" + Self.photoName])
            for tag in [
                "GPSLatitude", "SerialNumber", "DateTimeOriginal", "ThumbnailImage", "Orientation", "ProfileDescription", "XMP-dc", "By-line",
                "Comment",
            ] {
                #expect(before.contains(tag), "the test photo lacks \(tag)")
            }
            let output = folder("public")
            let result = build(site: site, output: output)
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            let files = try outputFiles(in: output)
            let images = Self.images(files)
            // 400 × 200 as stored, turned: 200 wide, one width (never enlarged), WebP and JPEG.
            #expect(images.count == 2, "\(images.keys.sorted())")
            for (path, bytes) in images {
                let tags = try Self.run("exiftool", ["-a", "-G1", "-s", "-e", output + "/" + path])
                let groups = Set(tags.split(separator: "\n").compactMap { line in line.split(separator: "]").first.map { String($0.dropFirst()) } })
                let kept = groups.subtracting(["ExifTool", "System", "File", "JFIF", "RIFF", "Composite"])
                #expect(kept.isEmpty, "\(path) keeps \(kept.sorted()):\n\(tags)")
                #expect(!tags.contains("Comment"), "\(path) keeps a comment")
                for trace in Self.traces {
                    #expect(!containsBytes(bytes, Array(trace.utf8)), "\(path) holds \(trace)")
                }
            }
            // No file of the output holds a trace, in its name or its bytes.
            for (path, bytes) in files {
                for trace in Self.traces {
                    #expect(!path.contains(trace) && !containsBytes(bytes, Array(trace.utf8)), "\(path) holds \(trace)")
                }
            }
            // Upright: stored 400 × 200 with red on the left; turned a quarter clockwise it is
            // 200 × 400 with red on top, blue below.
            let jpeg = try #require(images.keys.first { $0.hasSuffix(".jpg") })
            let probe = try Self.run(
                "python3",
                [
                    "-c",
                    "import sys; from PIL import Image; im = Image.open(sys.argv[1]).convert('RGB'); w, h = im.size; print(w, h, *im.getpixel((w // 2, h // 4)), *im.getpixel((w // 2, 3 * h // 4)))",
                    output + "/" + jpeg,
                ]
            )
            let numbers = probe.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
            try #require(numbers.count == 8, "\(probe)")
            #expect(numbers[0] == 200 && numbers[1] == 400, "size \(numbers[0]) × \(numbers[1])")
            #expect(numbers[2] > numbers[4] + 100, "top is not red: \(numbers[2...4])")
            #expect(numbers[7] > numbers[5] + 100, "bottom is not blue: \(numbers[5...7])")
        }
    }

    @Test func theStoryPageShowsAPictureWithItsSizesAndTheFeedsAnAbsoluteImage() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["wide.md": story(title: "Wide", body: "Look.\n\n![A field at dusk](pics/field.png \"Dusk\")")])
            try folder.write(bytes: TestPNG.make(width: 2000, height: 1000), to: "site/content/pics/field.png")
            let output = folder("public")
            let result = build(site: site, output: output)
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            let files = try outputFiles(in: output)
            let images = Self.images(files).keys.sorted()
            let names = Set(images.map { String($0.dropFirst("assets/img/".count).prefix(32)) })
            #expect(names.count == 1)
            let name = try #require(names.first)
            #expect(
                images
                    == ["480", "960", "1600"].flatMap { ["assets/img/\(name)-\($0).jpg", "assets/img/\(name)-\($0).webp"] }.sorted(),
                "\(images)"
            )
            let page = try #require(files.first { $0.key.hasPrefix("s/") && $0.key.hasSuffix("index.html") }).value
            let html = String(decoding: page, as: UTF8.self)
            #expect(
                html.contains(
                    "<source type=\"image/webp\" srcset=\"/assets/img/\(name)-480.webp 480w, /assets/img/\(name)-960.webp 960w, /assets/img/\(name)-1600.webp 1600w\""
                )
            )
            #expect(html.contains("<img src=\"/assets/img/\(name)-1600.jpg\" srcset=\"/assets/img/\(name)-480.jpg 480w, "))
            #expect(html.contains("width=\"1600\" height=\"800\" alt=\"A field at dusk\" title=\"Dusk\" loading=\"lazy\" decoding=\"async\""))
            #expect(html.contains("<meta property=\"og:image\" content=\"https://stories.example.org/assets/img/\(name)-1600.jpg\">"))
            #expect(!html.contains("field.png"))
            let home = String(decoding: files["index.html"] ?? [], as: UTF8.self)
            #expect(home.contains("<img class=\"card-thumb\" src=\"/assets/img/\(name)-480.jpg\" width=\"480\" height=\"240\""))
            let atom = String(decoding: files["feed.xml"] ?? [], as: UTF8.self)
            #expect(atom.contains("&lt;img src=&quot;https://stories.example.org/assets/img/\(name)-1600.jpg&quot;"))
            let json = String(decoding: files["feed.json"] ?? [], as: UTF8.self)
            #expect(
                json.contains("\"image\":\"https:\\/\\/stories.example.org\\/assets\\/img\\/\(name)-1600.jpg\"")
                    || json.contains("\"image\":\"https://stories.example.org/assets/img/\(name)-1600.jpg\"")
            )
            // Mostly a picture: a postcard.
            #expect(html.contains("class=\"story postcard\""))
        }
    }

    /// One bad image reference and what it must say.
    struct BadImage: Sendable, CustomStringConvertible {
        var name: String
        var reference: String
        var code: String
        var prepare: @Sendable (TemporaryFolder) throws -> Void
        var description: String { name }
    }

    static let badImages: [BadImage] = [
        BadImage(name: "missing", reference: "nowhere.jpg", code: "image.missing") { _ in },
        BadImage(name: "up and out", reference: "../secret.png", code: "image.outside-content") { folder in
            try folder.write(bytes: TestPNG.make(width: 10, height: 10), to: "site/secret.png")
        },
        BadImage(name: "absolute", reference: "/etc/hostname", code: "image.outside-content") { _ in },
        BadImage(name: "symlink out", reference: "linked/out.png", code: "image.outside-content") { folder in
            try folder.write(bytes: TestPNG.make(width: 10, height: 10), to: "elsewhere/out.png")
            try FileManager.default.createSymbolicLink(atPath: folder("site/content/linked"), withDestinationPath: folder("elsewhere"))
        },
        BadImage(name: "not an image", reference: "notes.png", code: "image.unsupported") { folder in
            try folder.write("just words, not a picture", to: "site/content/notes.png")
        },
        BadImage(name: "svg", reference: "drawing.png", code: "image.unsupported") { folder in
            try folder.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>", to: "site/content/drawing.png")
        },
        BadImage(name: "truncated", reference: "cut.png", code: "image.unreadable") { folder in
            let png = TestPNG.make(width: 300, height: 300)
            try folder.write(bytes: Array(png.prefix(png.count / 2)), to: "site/content/cut.png")
        },
        BadImage(name: "truncated jpeg", reference: "cut.jpg", code: "image.unreadable") { folder in
            try ImageTests.testPhoto(folder("whole.jpg"), ["--plain", "--width", "1200", "--height", "900"])
            let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder("whole.jpg"))))
            try folder.write(bytes: Array(whole.prefix(whole.count / 2)), to: "site/content/cut.jpg")
        },
        BadImage(name: "decompression bomb", reference: "bomb.png", code: "image.too-large") { folder in
            // A header that claims 30000 × 30000 pixels, in a few hundred bytes.
            try folder.write(bytes: TestPNG.make(width: 30000, height: 30000, header: true), to: "site/content/bomb.png")
        },
        BadImage(name: "too many bytes", reference: "huge.png", code: "image.too-large") { folder in
            var png = TestPNG.make(width: 10, height: 10)
            png += [UInt8](repeating: 0, count: 41 * 1024 * 1024)
            try folder.write(bytes: png, to: "site/content/huge.png")
        },
    ]

    @Test(arguments: badImages)
    func aBadImageIsAnErrorAtItsPlace(_ bad: BadImage) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["s.md": story(body: "Line one.\n\nSee  ![it](\(bad.reference)) here.")])
            try bad.prepare(folder)
            let result = build(site: site, output: folder("public"))
            let found = result.diagnostics(bad.code)
            #expect(found.count == 1, "\(result.listing)")
            #expect(found.first?.file == "content/s.md")
            // The front matter is 3 lines: the body's third line is line 6; `![` at column 6.
            #expect(found.first?.line == 6 && found.first?.column == 6, "\(result.listing)")
            #expect(result.summary.exitCode == 1, "\(result.listing)")
            #expect(FileSystem.kind(of: folder("public")) == .missing)
        }
    }

    @Test func anImageWithoutDescriptionWarnsAndAnUnusedOneIsNotPublished() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["s.md": story(body: "Plain.\n\n![](a.png)")])
            try folder.write(bytes: TestPNG.make(width: 20, height: 20), to: "site/content/a.png")
            try folder.write(bytes: TestPNG.make(width: 30, height: 30, seed: 9), to: "site/content/old/b.png")
            let result = build(site: site, output: folder("public"))
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            #expect(result.diagnostics("image.missing-alt").map { "\($0.file):\($0.line):\($0.column)" } == ["content/s.md:6:1"])
            #expect(result.diagnostics("image.unused").map(\.file) == ["content/old/b.png"])
            #expect(result.diagnostics("content.ignored").isEmpty, "\(result.listing)")
            let images = Self.images(try outputFiles(in: folder("public")))
            // a.png only: 20 wide, WebP and JPEG.
            #expect(images.count == 2 && images.keys.allSatisfy { $0.hasSuffix("-20.jpg") || $0.hasSuffix("-20.webp") }, "\(images.keys.sorted())")
        }
    }

    @Test func namesAreAKeyedHashOfThePixels() throws {
        try withTemporaryFolder { folder in
            let png = TestPNG.make(width: 40, height: 30)
            let site = try folder.makeSite(stories: ["s.md": story(body: "![one](IMG_0001.png)\n\n![two](copy-of-it.png)")])
            try folder.write(bytes: png, to: "site/content/IMG_0001.png")
            try folder.write(bytes: png, to: "site/content/copy-of-it.png")
            let first = build(site: site, output: folder("a"))
            #expect(first.summary.exitCode == 0, "\(first.listing)")
            let names = Self.images(try outputFiles(in: folder("a"))).keys.sorted()
            // The same pixels under two names: one picture.
            #expect(names.count == 2, "\(names)")
            #expect(!names.contains { $0.contains("IMG_0001") || $0.contains("copy") })
            // Another secret: other names.
            try folder.write(testConfig.replacingOccurrences(of: testSecret, with: "another-secret-9xQ2mP7vK4"), to: "site/hush.yml")
            let second = build(site: site, output: folder("b"))
            #expect(second.summary.exitCode == 0, "\(second.listing)")
            let other = Self.images(try outputFiles(in: folder("b"))).keys.sorted()
            #expect(other.count == 2 && Set(other).isDisjoint(with: names), "\(other) \(names)")
        }
    }

    /// The second build takes the image from the cache: the cache's bytes, changed on
    /// purpose, are what it publishes (a decode would have made the real ones).
    @Test func anUnchangedImageIsTakenFromTheCache() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["s.md": story(body: "![a square](sq.png)")])
            try folder.write(bytes: TestPNG.make(width: 64, height: 64), to: "site/content/sq.png")
            var request = BuildRequest(site: site, output: folder("public"))
            request.now = testDay
            request.cache = BuildCache(folder: folder("cache"))
            #expect(Pipeline.run(request).summary.exitCode == 0)
            let entries = try FileManager.default.contentsOfDirectory(atPath: folder("cache/images"))
            let webp = try #require(entries.first { $0.hasSuffix("-64.webp") })
            try folder.write("from the cache", to: "cache/images/" + webp)
            // A story edit, so the site is built again (not found unchanged as a whole).
            try folder.write(story(body: "![a square](sq.png)\n\nMore."), to: "site/content/s.md")
            request.cache = BuildCache(folder: folder("cache"))
            let result = Pipeline.run(request)
            #expect(result.summary.exitCode == 0, "\(result.listing)")
            let published = Self.images(try outputFiles(in: folder("public"))).filter { $0.key.hasSuffix(".webp") }
            #expect(published.values.map { String(decoding: $0, as: UTF8.self) } == ["from the cache"])
            // A changed image is made again.
            try folder.write(bytes: TestPNG.make(width: 64, height: 64, seed: 3), to: "site/content/sq.png")
            request.cache = BuildCache(folder: folder("cache"))
            #expect(Pipeline.run(request).summary.exitCode == 0)
            let remade = Self.images(try outputFiles(in: folder("public"))).filter { $0.key.hasSuffix(".webp") }
            #expect(remade.count == 1 && remade.values.allSatisfy { Array($0.prefix(4)) == Array("RIFF".utf8) })
        }
    }

    @Test func textInAnImageIsScannedWithOCR() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(
                stories: ["card.md": story(body: "Found this.\n\n![a card](card.jpg)")],
                config: testConfig + "images:\n  ocr: true\n"
            )
            try Self.testPhoto(site + "/content/card.jpg", ["--plain", "--width", "1400", "--height", "300", "--text", "jane.doe@example.com"])
            let result = build(site: site, output: folder("public"))
            let found = result.diagnostics("pii.email")
            #expect(found.map { "\($0.file):\($0.line):\($0.column)" } == ["content/card.md:6:1"], "\(result.listing)")
            #expect(!(found.first?.message.contains("jane.doe@example.com") ?? true))
            #expect(result.summary.exitCode == 1)
        }
    }
}

/// PNG files made in Swift: stored (uncompressed) deflate blocks, a gradient seeded by `seed`.
enum TestPNG {
    /// `header`: only the signature and the header chunk claiming this size (a decompression bomb's first bytes, with a token of data).
    static func make(width: Int, height: Int, seed: UInt8 = 1, header: Bool = false) -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr: [UInt8] = []
        ihdr += be32(width) + be32(height) + [8, 2, 0, 0, 0]  // 8-bit RGB
        png += chunk("IHDR", ihdr)
        var raw: [UInt8] = []
        if header {
            raw = [0, 1, 2, 3]
        } else {
            raw.reserveCapacity((width * 3 + 1) * height)
            for y in 0..<height {
                raw.append(0)
                for x in 0..<width {
                    raw += [
                        UInt8(truncatingIfNeeded: x &* 255 / max(1, width - 1)), UInt8(truncatingIfNeeded: y &* 255 / max(1, height - 1)), seed &* 37,
                    ]
                }
            }
        }
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    private static func be32(_ value: Int) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc32(body)))
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65535, data.count - offset)
            let last: UInt8 = offset + length >= data.count ? 1 : 0
            out += [last, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + be32(Int((b << 16) | a))
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
