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

    /// What `hush init` did: the files it wrote and the ones it found and left alone, both
    /// relative to the site folder.
    public struct Created: Sendable, Equatable {
        /// The files written, in the order they were written.
        public var written: [String] = []
        /// Files that were already there (a `.gitignore`, a workflow of the same name): never
        /// overwritten, so the person can merge in what hush would have written.
        public var kept: [String] = []
    }

    /// Creates a new site in `folder`: hush.yml with a fresh secret, content/ and one story,
    /// a `.gitignore` and a GitHub Pages workflow. A folder that already has a hush.yml is
    /// refused; any other file that is already there is kept as it is.
    public static func initialize(at folder: String, today: Day, baseURL: String? = nil) throws -> Created {
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
            # The key that makes story ids unlinkable to file names. Keep it private: before this
            # folder goes into a public repository, save the value as the CI secret HUSH_SECRET
            # and delete this line (docs/deploy.md in hush's repository).
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
        let files: [(path: String, text: String)] = [
            ("hush.yml", yaml + "\n"),
            ("content/first-story.md", story),
            (".gitignore", gitignore),
            (workflowPath, githubWorkflow),
        ]
        var created = Created()
        for file in files {
            let path = folder + "/" + file.path
            // hush.yml was checked above; the others are kept when they are there already.
            if manager.fileExists(atPath: path) {
                created.kept.append(file.path)
                continue
            }
            do {
                try manager.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true
                )
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            } catch {
                throw Failure(message: "cannot write \(path): \(error.localizedDescription)")
            }
            created.written.append(file.path)
        }
        return created
    }

    /// A random id that was never taken down (`moderation/tombstones.yml`: those are never used
    /// again) and names no story file yet.
    static func freshID<G: RandomNumberGenerator>(site: String, using generator: inout G) -> String {
        let gone = Set(Tombstones.load(site: site).0.map(\.id))
        var id = freshID(avoiding: gone, using: &generator)
        while FileSystem.kind(of: site + "/content/\(id).md") != .missing { id = freshID(avoiding: gone, using: &generator) }
        return id
    }

    /// Writes a new story with a fresh id, as a draft, and returns its path.
    public static func newStory(site: String, tags: [String], today: Day) throws -> String {
        let manager = FileManager.default
        guard manager.fileExists(atPath: site + "/hush.yml") else {
            throw Failure(message: "\(site) has no hush.yml; run hush new inside a site folder or give --site")
        }
        var generator = SystemRandomNumberGenerator()
        let id = freshID(site: site, using: &generator)
        let text = """
            ---
            title:
            date: \(today)
            tags: \(tagList(tags))
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
