import ArgumentParser
import HushSite

/// `hush init`.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new site: hush.yml with a fresh secret, content/, an example story, a .gitignore and a GitHub Pages workflow."
    )

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
            let created = try Scaffold.initialize(at: folder, today: today(), baseURL: baseURL)
            let shown = { (file: String) in folder == "." ? file : folder + "/" + file }
            for file in created.written { print("created \(shown(file))") }
            for file in created.kept { print("kept \(shown(file)), which was there already (hush init never overwrites a file)") }
            print("next: hush build \(folder)")
            if created.written.contains(Scaffold.workflowPath) {
                print("to publish it on GitHub Pages, see the comments at the top of \(shown(Scaffold.workflowPath))")
            }
        } catch let failure as Scaffold.Failure {
            FileHandleOutput.standardError("hush: \(failure.message)\n")
            throw ExitCode(2)
        }
    }
}
