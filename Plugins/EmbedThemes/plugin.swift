import Foundation
import PackagePlugin

/// Embeds the repository's `Templates/` into HushSite, so an installed `hush` binary carries
/// its built-in themes and `Templates/` stays their one source.
@main
struct EmbedThemes: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinThemes.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(
            at: templates,
            includingPropertiesForKeys: [.isRegularFileKey],
            options: [.skipsHiddenFiles]
        ) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                inputs.append(url)
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding built-in themes from Templates/",
                executable: try context.tool(named: "embed-themes").url,
                arguments: [templates.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
