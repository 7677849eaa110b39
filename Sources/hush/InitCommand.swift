import ArgumentParser
import HushSite

/// `hush init`.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start a new site: hush.yml with a fresh secret, content/ and an example story.")

    @Argument(help: "The folder for the new site (created if missing).")
    var folder: String = "."

    @Option(help: "The address the site will be served at, like https://example.org/stories/; default: a placeholder to set later.")
    var baseURL: String?

    func validate() throws {
        if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) || baseURL.contains(" ") {
            throw ValidationError("--base-url takes the absolute address the site is served at, like https://example.org/")
        }
    }

    func run() throws {
        do {
            let written = try Scaffold.initialize(at: folder, today: today(), baseURL: baseURL)
            for file in written { print("created \(folder == "." ? file : folder + "/" + file)") }
            print("next: hush build \(folder)")
        } catch let failure as Scaffold.Failure {
            FileHandleOutput.standardError("hush: \(failure.message)\n")
            throw ExitCode(2)
        }
    }
}
