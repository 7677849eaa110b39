import ArgumentParser
import HushSite

/// `hush build`.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site into the output folder (public/ by default).")

    @OptionGroup var options: SiteOptions

    @Option(help: "Where to write the site; default: public/ inside the site folder.")
    var output: String?

    func run() throws {
        let destination = output ?? (options.site == "." ? "public" : options.site + "/public")
        try options.run(options.request(output: destination))
    }
}
