import ArgumentParser
import Foundation
import HushServe

/// `hush serve`: build, serve at base_url's path, rebuild on every save, reload open pages.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into a private folder, serve it, and rebuild and reload open pages on every change."
    )

    @Argument(help: "The site folder, holding hush.yml and content/.")
    var site: String = "."

    @Option(help: "The address to listen on; anything but loopback lets other machines see the preview.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8080

    @Flag(help: "Include stories marked draft: true.")
    var drafts = false

    @Flag(help: "Open the site in a browser (xdg-open) once it is built.")
    var open = false

    @Flag(help: "After each build, print how long each stage took.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes a number from 0 to 65535, like 8080") }
        guard !host.isEmpty else { throw ValidationError("--host takes an address, like 127.0.0.1") }
    }

    func run() async throws {
        var options = ServeOptions(
            site: site.hasSuffix("/") && site.count > 1 ? String(site.dropLast()) : site,
            workingDirectory: FileManager.default.currentDirectoryPath
        )
        options.host = host
        options.port = port
        options.includeDrafts = drafts
        options.verbose = verbose
        options.environment = ProcessInfo.processInfo.environment
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            FileHandleOutput.standardError("hush serve: listening on \(host): other machines on the network can see this preview, drafts included.\n")
        }
        let open = self.open
        do {
            try await DevServer.run(
                options,
                log: { FileHandleOutput.standardError($0) },
                onReady: { address in
                    FileHandleOutput.standardOutput("hush serve: serving at \(address)  (Ctrl-C to stop)\n")
                    if open { Browser.open(address) }
                }
            )
        } catch let error as ServeError {
            FileHandleOutput.standardError(error.description + "\n")
            throw ExitCode(error.exitCode)
        }
    }
}

/// Opens an address in the desktop's browser, when the desktop says how (xdg-open).
enum Browser {
    static func open(_ address: String) {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let opener = path.split(separator: ":").map({ $0 + "/xdg-open" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            FileHandleOutput.standardError("hush serve: no xdg-open here; open \(address) in a browser.\n")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [address]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
