internal import Foundation
public import HushCore
internal import HushGuard

/// `hush init` and `hush new`: the files a publisher or writer starts from.
public enum Scaffold {
    /// Why a scaffold could not be written; `message` is for the person at the terminal.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, for the person at the terminal.
        public let message: String
        public var description: String { message }
    }

    /// The base_url a new site gets when none is given: a placeholder that build and check
    /// warn about (`config.placeholder-url`) until it is set.
    public static let placeholderBaseURL = "https://example.org/"

    /// Creates a new site in `folder`: hush.yml with a fresh secret, content/ and one story.
    /// Returns the files written, relative to `folder`.
    public static func initialize(at folder: String, today: Day, baseURL: String? = nil) throws -> [String] {
        let manager = FileManager.default
        let config = folder + "/hush.yml"
        if manager.fileExists(atPath: config) {
            throw Failure(message: "\(config) already exists; hush init never overwrites a site")
        }
        var generator = SystemRandomNumberGenerator()
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = Data(secretBytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let address = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? placeholderBaseURL
        let heading =
            baseURL == nil
            ? "# Site configuration for hush (\(placeholderBaseURL) is a placeholder: set your address)."
            : "# Site configuration for hush."
        let yaml = """
            \(heading)
            title: "My stories"
            description: "Small true things, told without names."
            base_url: "\(address.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))"
            language: en           # the words and dates of the pages: en, fr, es, de, pt, ar, ja, or your own i18n/<lang>.yml
            page_size: 20
            theme: default        # default, whisper or paper
            # The key that makes story ids unlinkable to file names. Keep it private: if this
            # folder is public (a git repository), delete this line and set HUSH_SECRET in CI.
            secret: "\(secret)"
            anonymity:
              date_precision: week  # day, week or month
              min_tag_size: 1
            """
        let id = PublicID.random(using: &generator)
        let story = """
            ---
            title: The first one
            date: \(today)
            tags: [beginnings]
            mood: hopeful
            id: \(id)
            ---
            This is where a story goes. Write it in Markdown, keep names and places out of it,
            and run `hush check` before you publish: it tells you if anything in it could give
            you away.

            """
        do {
            try manager.createDirectory(atPath: folder + "/content", withIntermediateDirectories: true)
            try Data((yaml + "\n").utf8).write(to: URL(fileURLWithPath: config))
            try Data(story.utf8).write(to: URL(fileURLWithPath: folder + "/content/first-story.md"))
        } catch {
            throw Failure(message: "cannot write the new site in \(folder): \(error.localizedDescription)")
        }
        return ["hush.yml", "content/first-story.md"]
    }

    /// Writes a new story with a fresh id, as a draft, and returns its path.
    public static func newStory(site: String, tags: [String], today: Day) throws -> String {
        let manager = FileManager.default
        guard manager.fileExists(atPath: site + "/hush.yml") else {
            throw Failure(message: "\(site) has no hush.yml; run hush new inside a site folder or give --site")
        }
        var generator = SystemRandomNumberGenerator()
        let id = PublicID.random(using: &generator)
        let tagList = tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let text = """
            ---
            title:
            date: \(today)
            tags: [\(tagList.joined(separator: ", "))]
            id: \(id)
            draft: true    # remove this line when the story is ready to publish
            ---


            """
        let path = site + "/content/\(id).md"
        do {
            try manager.createDirectory(atPath: site + "/content", withIntermediateDirectories: true)
            guard manager.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw Failure(message: "cannot create \(path)")
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(message: "cannot create \(path): \(error.localizedDescription)")
        }
        return path
    }
}
