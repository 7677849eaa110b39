import ArgumentParser
import Foundation
import HushCore

@main
struct Hush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hush",
        abstract: "A static site generator for anonymous stories.",
        version: HushVersion.current,
        subcommands: [
            Build.self, Check.self, Init.self, New.self, Serve.self, BackendCommand.self, TakeDown.self, ReportsCommand.self, InboxCommand.self,
        ]
    )

    /// ArgumentParser's own main, with the exit codes of docs/diagnostics.md: usage errors exit 2, not 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandleOutput.standardError(fullMessage(for: error) + "\n")
                Self.exit(withError: ExitCode(2))
            }
            Self.exit(withError: error)
        }
    }
}
