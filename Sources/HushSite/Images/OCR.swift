internal import Foundation
internal import HushCore
internal import HushGuard

/// `images.ocr`: the text in an image, read by tesseract (Debian's tesseract-ocr, run as a
/// program: the picture on its standard input, the text on its standard output), then
/// scanned for personal data like the story's text (HushGuard's `ImageText`).
struct OCR: Sendable {
    /// The tesseract program; nil when it is not installed (an `image.ocr-unavailable` error).
    let program: String?
    let policy: AnonymityPolicy
    let regions: [Region]
    let language: String

    static func scanner(config: SiteConfig, environment: [String: String]) -> OCR {
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { String($0) + "/tesseract" }
        let program = path.first { FileManager.default.isExecutableFile(atPath: $0) }
        return OCR(program: program, policy: config.anonymity, regions: config.regions, language: tesseractLanguage(config.language))
    }

    /// tesseract's name for the site's language when its data is installed, else English.
    private static func tesseractLanguage(_ tag: String) -> String {
        let names = ["de": "deu", "fr": "fra", "es": "spa", "it": "ita", "nl": "nld", "pt": "por", "pl": "pol", "sv": "swe"]
        let primary = String(tag.prefix { $0 != "-" }).lowercased()
        guard let name = names[primary] else { return "eng" }
        let installed = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"].contains {
            FileManager.default.fileExists(atPath: "\($0)/\(name).traineddata")
        }
        return installed ? name : "eng"
    }

    /// The text tesseract reads in `image` (JPEG bytes); nil when it could not run.
    func read(_ image: [UInt8]) -> String? {
        guard let program else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["stdin", "stdout", "-l", language, "--psm", "3"]
        process.environment = ["OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        // Written from another thread: tesseract may fill its output pipe before it has read all its input.
        let writer = input.fileHandleForWriting
        let data = Data(image)
        let feeding = Thread {
            try? writer.write(contentsOf: data)
            try? writer.close()
        }
        feeding.start()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: text, as: UTF8.self)
    }

    /// What the guard finds in `text`, read from the image written at `line`, `column` of `file`.
    func check(_ text: String, file: String, line: Int, column: Int) -> [Diagnostic] {
        ImageText.check(text, file: file, line: line, column: column, policy: policy, regions: regions)
    }
}
