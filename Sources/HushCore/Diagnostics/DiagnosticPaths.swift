/// Where a diagnostic's file is shown from. The pipeline names files relative to the site
/// folder (`content/x.md`); a person and a CI look from elsewhere: the working directory, or
/// for GitHub annotations the repository root (`GITHUB_WORKSPACE`), which is the only base
/// GitHub places an annotation from. So `hush check site --format github` says
/// `file=site/content/x.md`.
///
/// A value, made by the command line from what it was given: no stage reads the working
/// directory or the environment for it (docs/architecture.md, "The pipeline").
public struct DiagnosticPaths: Sendable, Equatable {
    /// The site folder, absolute and normalized; nil: files are shown as the pipeline names them.
    private let site: String?
    /// The working directory, absolute and normalized.
    private let workingDirectory: String
    /// `GITHUB_WORKSPACE`, absolute and normalized, when set.
    private let workspace: String?

    /// Files shown as the pipeline names them, relative to the site folder.
    public static let siteRelative = DiagnosticPaths(site: nil, workingDirectory: "/", workspace: nil)

    private init(site: String?, workingDirectory: String, workspace: String?) {
        self.site = site
        self.workingDirectory = workingDirectory
        self.workspace = workspace
    }

    /// `site` as given on the command line (relative to `workingDirectory`, or absolute),
    /// the absolute working directory, and the environment (read for `GITHUB_WORKSPACE` only).
    public init(site: String, workingDirectory: String, environment: [String: String]) {
        let cwd = Self.normalize(workingDirectory)
        self.workingDirectory = cwd
        self.site = Self.normalize(site.hasPrefix("/") ? site : cwd + "/" + site)
        self.workspace = environment["GITHUB_WORKSPACE"].flatMap { $0.isEmpty ? nil : Self.normalize($0.hasPrefix("/") ? $0 : cwd + "/" + $0) }
    }

    /// `file` (relative to the site folder) as `format` shows it: relative to the working
    /// directory, or for `github` to `GITHUB_WORKSPACE` when it is set.
    public func path(_ file: String, for format: DiagnosticFormat) -> String {
        guard let site else { return file }
        let full = Self.normalize(file.hasPrefix("/") ? file : site + "/" + file)
        let base = format == .github ? (workspace ?? workingDirectory) : workingDirectory
        return Self.relative(full, from: base)
    }

    /// An absolute path with `.`, `..` and repeated slashes resolved (by name: links are not followed).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `path` relative to `base` (both absolute and normalized): `site/content/x.md`,
    /// `../content/x.md`, or `.` for the base itself.
    static func relative(_ path: String, from base: String) -> String {
        let target = path.split(separator: "/")
        let from = base.split(separator: "/")
        var common = 0
        while common < target.count, common < from.count, target[common] == from[common] { common += 1 }
        let parts = Array(repeating: Substring(".."), count: from.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
