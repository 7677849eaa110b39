import ArgumentParser
import HushSite

/// `hush check`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check everything build checks; write nothing.")

    @OptionGroup var options: SiteOptions

    func run() throws {
        try options.run(options.request(output: nil))
    }
}
