internal import Foundation
internal import HushCore
internal import HushGuard
internal import HushImages

/// The images stage, between render and index: every image the published stories show from
/// their own files is found inside content/, checked, made (or taken from the image cache)
/// and handed to the writer; each story's page gets its pictures. The files of content/
/// that no story shows are reported, and not published.
enum ImageStage {
    /// The file names content/ may hold beside stories: images.
    static let extensions: Set<String> = ["jpg", "jpeg", "png", "webp", "gif", "heic", "heif", "avif"]

    static func isImage(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return extensions.contains(path[path.index(after: dot)...].lowercased())
    }

    struct Result: Sendable {
        var stories: [RenderedStory]
        var diagnostics: [Diagnostic]
        /// A digest of every image this build made, with the story that shows it and where:
        /// part of the build cache's key of the whole site.
        var digest: [UInt8]
        /// How many files the images make in the output.
        var files: Int
    }

    /// What became of one file.
    private enum Made: Sendable {
        /// `text`: what OCR read in it (nil without `images.ocr`, or when tesseract failed).
        case image(PlacedImage, key: Digest, text: String?)
        case failed(code: Diagnostic.Code, message: String)
    }

    /// Where an image reference leads.
    enum Resolution: Sendable, Equatable {
        /// A file of content/ (`content/…`).
        case file(String)
        case failed(code: Diagnostic.Code, message: String)
    }

    static func run(
        _ stories: [RenderedStory],
        images sourceImages: [String],
        site: String,
        rootPath: String,
        baseURL: String,
        settings: ImageSettings,
        secret: String?,
        ocr: OCR?,
        cache: ImageCache,
        deliver: (@Sendable ([OutputFile]) -> Void)?
    ) -> Result {
        var diagnostics: [Diagnostic] = []
        if let ocr, ocr.program == nil, !sourceImages.isEmpty {
            diagnostics.append(
                Diagnostic(
                    .imageOCRUnavailable,
                    "images.ocr is on, but tesseract is not installed, so the text in images cannot be checked; install it (apt-get install tesseract-ocr) or set images.ocr: false",
                    file: "hush.yml"
                )
            )
        }
        let known = Set(sourceImages)
        // Every reference, resolved.
        var resolutions: [[Resolution]] = []
        var wanted: [String] = []
        var seen: Set<String> = []
        for story in stories {
            var row: [Resolution] = []
            for image in story.images {
                let resolution = resolve(image.url, story: story.story.file, known: known, site: site)
                if case .file(let path) = resolution, seen.insert(path).inserted { wanted.append(path) }
                if image.alt.allSatisfy(\.isWhitespace) {
                    diagnostics.append(
                        Diagnostic(
                            .imageMissingAlt,
                            "this image has no description, so a reader who cannot see it gets nothing: write one between the brackets, ![like this](\(image.url))",
                            file: story.story.file,
                            line: image.line,
                            column: image.column
                        )
                    )
                }
                row.append(resolution)
            }
            resolutions.append(row)
        }

        let nameKey = ImageProcessor.nameKey(secret: secret)
        let made = wanted.parallelMap { path -> Made in
            make(path, site: site, settings: settings, nameKey: nameKey, ocr: ocr, cache: cache, deliver: deliver)
        }
        var byPath: [String: Made] = [:]
        for (path, item) in zip(wanted, made) { byPath[path] = item }
        if deliver != nil {
            cache.prune(keeping: Set(made.compactMap { if case .image(_, let key, _) = $0 { key } else { nil } }))
        }

        var digestParts: [[UInt8]] = [Array("images".utf8)]
        var placedStories: [RenderedStory] = []
        for (story, row) in zip(stories, resolutions) {
            var placed: [PlacedImage?] = []
            for (image, resolution) in zip(story.images, row) {
                func fail(_ code: Diagnostic.Code, _ message: String) {
                    diagnostics.append(Diagnostic(code, message, file: story.story.file, line: image.line, column: image.column))
                    placed.append(nil)
                }
                switch resolution {
                case .failed(let code, let message):
                    fail(code, message)
                case .file(let path):
                    switch byPath[path] {
                    case .image(let picture, let key, let text):
                        placed.append(picture)
                        if let ocr, ocr.program != nil {
                            if let text {
                                diagnostics += ocr.check(text, file: story.story.file, line: image.line, column: image.column)
                            } else {
                                diagnostics.append(
                                    Diagnostic(
                                        .imageOCRUnavailable,
                                        "tesseract could not read this image, so the text in it was not checked (images.ocr); check that tesseract runs (tesseract --version)",
                                        file: story.story.file,
                                        line: image.line,
                                        column: image.column
                                    )
                                )
                            }
                        }
                        digestParts += [Array(story.story.file.utf8), Array(image.url.utf8), key.bytes]
                    case .failed(let code, let message):
                        fail(code, message)
                    case nil:
                        fail(.imageUnreadable, "this image could not be read")
                    }
                }
            }
            // A story without images stays as rendered: setting its HTML would hash it again.
            guard !story.images.isEmpty else {
                placedStories.append(story)
                continue
            }
            var story = story
            story.feedHTML = ImageMarkup.place(story.html, images: story.images, placed: placed, rootPath: rootPath, feedBaseURL: baseURL)
            story.html = ImageMarkup.place(story.html, images: story.images, placed: placed, rootPath: rootPath)
            story.pictures = placed.compactMap { $0 }
            placedStories.append(story)
        }

        for path in sourceImages where !seen.contains(path) {
            diagnostics.append(
                Diagnostic(
                    .imageUnused,
                    "no story published by this build shows this image, so it is not published; show it in a story with ![a description](file name), or move it out of content/",
                    file: path
                )
            )
        }
        let files = made.reduce(0) { count, item in
            if case .image(let picture, _, _) = item { count + 2 * picture.sizes.count } else { count }
        }
        return Result(stories: placedStories, diagnostics: diagnostics, digest: Digest.of(parts: digestParts).bytes, files: files)
    }

    /// Reads, checks and makes one image (or takes it from the cache), and hands its files
    /// to the writer.
    private static func make(
        _ path: String,
        site: String,
        settings: ImageSettings,
        nameKey: [UInt8],
        ocr: OCR?,
        cache: ImageCache,
        deliver: (@Sendable ([OutputFile]) -> Void)?
    ) -> Made {
        if let size = FileStamp.of(site + "/" + path)?.size, size > settings.maxBytes {
            return .failed(
                code: .imageTooLarge,
                message:
                    "this image is \(megabytes(size)), more than the \(megabytes(settings.maxBytes)) hush reads; save it smaller (a photo for the web needs no more than 2000 pixels a side)"
            )
        }
        let bytes: [UInt8]
        do throws(FileSystemError) {
            bytes = try FileSystem.contents(of: site + "/" + path)
        } catch {
            return .failed(code: .imageUnreadable, message: "this image cannot be read: \(error.reason); \(error.remedy)")
        }
        guard bytes.count <= settings.maxBytes else {
            return .failed(code: .imageTooLarge, message: "this image is more than the \(megabytes(settings.maxBytes)) hush reads; save it smaller")
        }
        let key = ImageCache.key(source: bytes, settings: settings, nameKey: nameKey)
        let image: ProcessedImage
        if let known = cache.image(for: key) {
            image = known
        } else {
            do throws(ImageProblem) {
                image = try ImageProcessor.process(bytes, settings: settings, nameKey: nameKey)
            } catch {
                return failure(error)
            }
            cache.keep(image, for: key)
        }
        deliver?(
            image.renditions.flatMap { rendition in
                [
                    OutputFile(path: PlacedImage.path(name: image.name, width: rendition.width, format: "webp"), bytes: rendition.webp),
                    OutputFile(path: PlacedImage.path(name: image.name, width: rendition.width, format: "jpg"), bytes: rendition.jpeg),
                ]
            }
        )
        // The text in the picture, read from its largest copy (upright, without metadata).
        let text = ocr.flatMap { ocr in image.renditions.last.flatMap { ocr.read($0.jpeg) } }
        return .image(PlacedImage(name: image.name, sizes: image.renditions.map { ($0.width, $0.height) }), key: key, text: text)
    }

    private static func failure(_ problem: ImageProblem) -> Made {
        switch problem {
        case .unsupported(let decoder):
            let what = decoder.map { "a \($0.uppercased()) file" } ?? "not an image hush can read"
            return .failed(
                code: .imageUnsupported,
                message: "this file is \(what); images must be JPEG, PNG, WebP, GIF or HEIC: save it as one of them (JPEG for a photo)"
            )
        case .tooManyPixels(let width, let height, let limit):
            return .failed(
                code: .imageTooLarge,
                message:
                    "this image is \(width) × \(height) pixels, more than the \(limit / 1_000_000) million hush decodes (a picture this large is usually made to exhaust memory); save it smaller"
            )
        case .undecodable(let message):
            return .failed(
                code: .imageUnreadable,
                message: "this image cannot be decoded (\(message)); open it in an image editor and save it again as JPEG or PNG"
            )
        case .noLibrary(let reason):
            return .failed(
                code: .imageUnreadable,
                message:
                    "this image cannot be made: libvips, which hush makes images with, could not be loaded (\(reason)); install it (on Debian or Ubuntu: apt-get install libvips42), or use hush's release tarball, which carries it"
            )
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    /// Where `url`, written in the story file `story`, leads: a file of content/ that the
    /// load stage found (a regular file, reached through folders, never a link), or why not.
    static func resolve(_ url: String, story: String, known: Set<String>, site: String) -> Resolution {
        let written = url.removingPercentEncoding ?? url
        if written.hasPrefix("/") || written.hasPrefix("~") {
            return .failed(
                code: .imageOutsideContent,
                message:
                    "an image is given by its path from the story's own file (`pic.jpg`, `images/pic.jpg`), never from the root of a disk; put it in content/ and write that path"
            )
        }
        var parts = story.split(separator: "/").dropLast().map(String.init)
        for part in written.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard parts.count > 1 else {
                    return .failed(
                        code: .imageOutsideContent,
                        message: "this path leads out of content/ (`..`), which is never published; put the image in content/, beside the story"
                    )
                }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        let path = parts.joined(separator: "/")
        if known.contains(path) { return .file(path) }
        // Why not: a link on the way, a file that is no image, or nothing there.
        for end in 2...max(2, parts.count) where end <= parts.count {
            if FileSystem.kind(of: site + "/" + parts[..<end].joined(separator: "/")) == .symlink {
                return .failed(
                    code: .imageOutsideContent,
                    message:
                        "this path goes through a symbolic link, which is not followed (it can point outside content/); copy the image here instead"
                )
            }
        }
        switch FileSystem.kind(of: site + "/" + path) {
        case .missing:
            return .failed(
                code: .imageMissing,
                message: "there is no image at \(path); check the file name (the path is from the story's own folder)"
            )
        case .file where !isImage(path):
            return .failed(
                code: .imageUnsupported,
                message: "\(path) is not an image file; images must end in .jpg, .jpeg, .png, .webp, .gif, .heic or .avif"
            )
        case .file, .directory, .symlink, .other:
            return .failed(
                code: .imageUnreadable,
                message: "\(path) is not a regular image file hush can read (a folder, or a hidden file); give the path of an image"
            )
        }
    }
}
