import ArgumentParser
import HushSite

/// `hush new`.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a new story file with a fresh id and print its path.")

    @Option(help: "Tags for the story, separated by commas.")
    var tags: String?

    @Option(help: "The site folder.")
    var site: String = "."

    func run() throws {
        do {
            let tagList = tags?.split(separator: ",").map(String.init) ?? []
            print(try Scaffold.newStory(site: site, tags: tagList, today: today()))
        } catch let failure as Scaffold.Failure {
            FileHandleOutput.standardError("hush: \(failure.message)\n")
            throw ExitCode(2)
        }
    }
}
