package import HushCore
package import HushGuard
internal import Foundation

/// Everything a build reads from outside: the site's files, the environment and the clock.
/// The stages after this one see only these values.
struct SiteSource: Sendable {
    /// `hush.yml`, nil when missing.
    var config: SourceFile?
    /// Every `content/**/*.md`, sorted by path.
    var stories: [SourceFile]
    /// The site's own `Templates/` files, keyed by their path inside Templates/.
    var templates: [String: [UInt8]]
    /// `HUSH_SECRET` from the environment, which overrides hush.yml's secret.
    var secretOverride: String?
    /// The build date: `--now`, else `SOURCE_DATE_EPOCH`, else today (UTC), at day precision.
    var buildDate: Day
    var diagnostics: [Diagnostic]
}

/// The load stage: reads a site folder into a `SiteSource`.
enum SiteLoader {
    static func load(site: String, now: Day?, environment: [String: String]) -> SiteSource {
        var diagnostics: [Diagnostic] = []
        let configPath = site + "/hush.yml"
        var config: SourceFile?
        if FileSystem.kind(of: configPath) == .file {
            if let bytes = FileSystem.contents(of: configPath) {
                config = SourceFile(path: "hush.yml", bytes: bytes)
            } else {
                diagnostics.append(.error("config.unreadable", "hush.yml cannot be read; check its permissions", file: "hush.yml"))
            }
        }

        var stories: [SourceFile] = []
        switch FileSystem.kind(of: site + "/content") {
        case .symlink:
            diagnostics.append(
                .error(
                    "content.symlink",
                    "content/ is a symbolic link, which is not followed (it can point outside the site); make it a folder",
                    file: "content"
                )
            )
        case .missing, .file, .other:
            diagnostics.append(
                .warning(
                    "content.missing",
                    "there is no content/ folder, so the site has no stories; stories go in content/ (hush init makes one)",
                    file: "content"
                )
            )
        case .directory:
            var paths: [String] = []
            for path in walk(site: site, folder: "content", diagnostics: &diagnostics) {
                if path.hasSuffix(".md") {
                    paths.append(path)
                } else {
                    diagnostics.append(
                        .warning(
                            "content.ignored",
                            "only .md files are stories; rename it to end in .md if it is one, or move it out of content/",
                            file: path
                        )
                    )
                }
            }
            // Read side by side; the order stays the sorted order of the paths.
            for (path, bytes) in zip(paths, paths.parallelMap { FileSystem.contents(of: site + "/" + $0) }) {
                if let bytes {
                    stories.append(SourceFile(path: path, bytes: bytes))
                } else {
                    diagnostics.append(.error("content.unreadable", "this story cannot be read; check the file's permissions", file: path))
                }
            }
        }

        var templates: [String: [UInt8]] = [:]
        if FileSystem.kind(of: site + "/Templates") == .directory {
            for path in walk(site: site, folder: "Templates", diagnostics: &diagnostics) {
                if let bytes = FileSystem.contents(of: site + "/" + path) {
                    templates[String(path.dropFirst("Templates/".count))] = bytes
                } else {
                    diagnostics.append(.error("template.unreadable", "this template file cannot be read; check its permissions", file: path))
                }
            }
        }

        let secret = environment["HUSH_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        return SiteSource(
            config: config,
            stories: stories,
            templates: templates,
            secretOverride: secret,
            buildDate: now ?? buildDate(environment: environment),
            diagnostics: diagnostics
        )
    }

    /// `SOURCE_DATE_EPOCH` (seconds since 1970) when set, else today in UTC.
    static func buildDate(environment: [String: String]) -> Day {
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            return Day(daysSinceEpoch: Int((Double(epoch) / 86_400).rounded(.down)))
        }
        return Day(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Every regular file below `folder`, in sorted order; dot-files and dot-folders are
    /// skipped, links are refused and never followed.
    private static func walk(site: String, folder: String, diagnostics: inout [Diagnostic]) -> [String] {
        guard let entries = FileSystem.list(site + "/" + folder) else {
            diagnostics.append(.error("content.unreadable", "this folder cannot be read; check its permissions", file: folder))
            return []
        }
        var files: [String] = []
        let area = folder.hasPrefix("Templates") ? "template" : "content"
        for entry in entries where !entry.name.hasPrefix(".") {
            let path = folder + "/" + entry.name
            switch entry.kind {
            case .directory:
                files += walk(site: site, folder: path, diagnostics: &diagnostics)
            case .file:
                files.append(path)
            case .symlink:
                diagnostics.append(
                    .error(
                        "\(area).symlink",
                        "symbolic links are not followed (they can point outside the site); copy the file here instead",
                        file: path
                    )
                )
            case .other, .missing:
                diagnostics.append(.warning("\(area).ignored", "not a regular file; it is skipped", file: path))
            }
        }
        return files
    }
}
