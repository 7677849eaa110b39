import ArgumentParser
import Foundation
import HushBackend
import HushLedger

/// `hush backend`: the site's hearts service; `hush backend export`: its ledger as JSON.
struct BackendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backend",
        abstract: "Run the site's hearts service, or export its ledger (docs/backend.md).",
        subcommands: [BackendRun.self, BackendExport.self],
        defaultSubcommand: BackendRun.self
    )
}

/// `hush backend [run]`: the hearts endpoints over the ledger, until Ctrl-C.
struct BackendRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Serve POST /hearts/<id>, GET /hearts/<id> and GET /hearts.json for the site's published stories."
    )

    @Option(help: "The site folder, holding hush.yml and content/.")
    var site: String = "."

    @Option(
        help:
            "The ledger: a SQLite file (default: hush-ledger.sqlite in the site folder), or postgres://USER@HOST/DATABASE to share one ledger between several backends."
    )
    var db: String?

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8081

    @Option(help: "The address of a reverse proxy whose X-Forwarded-For is believed (repeat for several).")
    var proxy: [String] = []

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes a number from 0 to 65535, like 8081") }
        guard !host.isEmpty else { throw ValidationError("--host takes an address, like 127.0.0.1") }
    }

    func run() async throws {
        var options = BackendOptions(site: site.hasSuffix("/") && site.count > 1 ? String(site.dropLast()) : site)
        options.database = db
        options.host = host
        options.port = port
        options.proxies = proxy
        options.environment = ProcessInfo.processInfo.environment
        let database = LedgerDatabase.display(options.databasePath)
        do {
            try await Backend.run(options) { address in
                FileHandleOutput.standardOutput("hush backend: hearts at \(address)/hearts/<id>, ledger \(database)  (Ctrl-C to stop)\n")
            }
        } catch let error as BackendError {
            FileHandleOutput.standardError(error.description + "\n")
            throw ExitCode(error.exitCode)
        }
    }
}

/// `hush backend export`: the ledger as a JSON snapshot that `hush build --ledger` reads.
struct BackendExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the ledger as a JSON snapshot (for hush build --ledger on a machine without the database)."
    )

    @Option(help: "The site folder; the ledger is hush-ledger.sqlite in it unless --db says otherwise.")
    var site: String = "."

    @Option(help: "The ledger: its SQLite file, or its postgres://USER@HOST/DATABASE URL.")
    var db: String?

    @Option(help: "Where to write the snapshot (default: standard output).")
    var output: String?

    func run() throws {
        var options = BackendOptions(site: site.hasSuffix("/") && site.count > 1 ? String(site.dropLast()) : site)
        options.database = db
        let bytes: [UInt8]
        do {
            bytes = try Backend.export(database: options.databasePath)
        } catch let error as BackendError {
            FileHandleOutput.standardError(error.description + "\n")
            throw ExitCode(error.exitCode)
        }
        guard let output else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            FileHandleOutput.standardError("hush backend export: cannot write \(output): \(error.localizedDescription)\n")
            throw ExitCode(3)
        }
    }
}
