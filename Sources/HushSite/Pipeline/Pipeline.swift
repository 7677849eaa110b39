public import HushCore
package import HushGuard
/// What to build and how: the command line's options as a value.
public struct BuildRequest: Sendable {
    /// The site folder (holding hush.yml and content/).
    public var site: String
    /// Where to write; nil for `check`, which writes nothing.
    public var output: String?
    /// Build stories marked `draft: true` too.
    public var includeDrafts: Bool = false
    /// `--now`: the build date, overriding SOURCE_DATE_EPOCH and the clock.
    public var now: Day?
    /// Warnings fail the build too.
    public var strict: Bool = false
    /// The process environment, read for `HUSH_SECRET` and `SOURCE_DATE_EPOCH` only.
    public var environment: [String: String] = [:]

    public init(site: String, output: String? = nil) {
        self.site = site
        self.output = output
    }
}

/// What a build did: every diagnostic, sorted, and the summary with its exit code.
public struct BuildResult: Sendable {
    /// Every problem found, sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// Counts, where the site went, and the exit code.
    public var summary: BuildSummary
}

/// The pipeline of DESIGN.md section 3, one stage after the other:
/// load → parse → guard → render → index → theme → write.
public enum Pipeline {
    /// Runs every stage; writes only when `request.output` is set and nothing failed.
    public static func run(_ request: BuildRequest) -> BuildResult {
        var diagnostics: [Diagnostic] = []
        var summary = BuildSummary(
            command: request.output == nil ? "check" : "build",
            errors: 0,
            warnings: 0,
            stories: 0,
            pages: 0,
            files: 0,
            output: nil,
            exitCode: 0
        )
        func finish() -> BuildResult {
            diagnostics.sort()
            summary.errors = diagnostics.count { $0.severity == .error }
            summary.warnings = diagnostics.count { $0.severity == .warning }
            summary.exitCode = exitCode(for: diagnostics, strict: request.strict)
            if summary.exitCode != 0 { summary.output = nil }
            return BuildResult(diagnostics: diagnostics, summary: summary)
        }

        guard FileSystem.kind(of: request.site) == .directory else {
            diagnostics.append(.error("config.no-site", "\(request.site) is not a folder; give the folder that holds hush.yml", file: request.site))
            return finish()
        }

        // load
        let source = SiteLoader.load(site: request.site, now: request.now, environment: request.environment)
        diagnostics += source.diagnostics

        // parse: configuration first, it decides how everything else is read
        let (parsedConfig, configDiagnostics) = ConfigParser.parse(source.config)
        diagnostics += configDiagnostics
        guard let config = parsedConfig else { return finish() }
        let secret = source.secretOverride ?? config.secret
        let (theme, themeDiagnostics) = Theme.load(name: config.theme, siteTemplates: source.templates, rootPath: config.rootPath)
        diagnostics += themeDiagnostics

        let parsed = source.stories.parallelMap { StoryParser.parse($0) }
        diagnostics += parsed.flatMap(\.1)
        var stories = parsed.compactMap(\.0)

        // guard
        let guarded = AnonymityGuard.check(stories, config: config, secret: secret, strict: request.strict)
        diagnostics += guarded.1
        let failed = Set(diagnostics.filter { $0.severity == .error }.map(\.file))
        stories = guarded.0.filter { !failed.contains($0.file) && (request.includeDrafts || !$0.draft) }

        // write, begun early: folders can be made while the next stages run
        var staged: StagedOutput?
        if let output = request.output, let problem = StagedOutput.problem(output: output, site: request.site) {
            diagnostics.append(.error("output.inside-site", problem, file: output))
        }
        if let output = request.output, theme != nil, !diagnostics.contains(where: { $0.severity == .error }) {
            do {
                staged = try StagedOutput(output: output, buildDate: source.buildDate)
            } catch {
                diagnostics.append(error.diagnostic)
                return finish()
            }
            staged?.prepareFolders(for: stories.map { Page.file(of: Page.storyPath($0.publicID)) })
        }
        // render
        let (rendered, renderDiagnostics) = StoryRenderer.render(stories, config: config)
        diagnostics += renderDiagnostics
        // index
        let (site, indexDiagnostics) = SiteIndexer.index(rendered, config: config, buildDate: source.buildDate)
        diagnostics += indexDiagnostics
        summary.stories = site.stories.count
        summary.pages = site.pages.count

        guard let theme, let staged, exitCode(for: diagnostics, strict: request.strict) == 0 else {
            staged?.discard()
            return finish()
        }
        // theme, its files written as they come
        staged.prepareFolders(for: site.pages.map(\.outputPath) + theme.assets.map(\.path))
        summary.files = SiteRenderer.render(site, theme: theme) { staged.write($0) }
        // write: make it visible
        switch staged.commit() {
        case .success:
            summary.output = request.output
        case .failure(let failure):
            diagnostics.append(failure.diagnostic)
        }
        return finish()
    }

    /// 0 success; 1 content errors (or warnings under --strict); 2 usage or configuration
    /// errors (an output folder hush may not use counts as usage); 3 I/O failure
    /// (DESIGN.md section 9).
    static func exitCode(for diagnostics: [Diagnostic], strict: Bool) -> Int32 {
        let errors = diagnostics.filter { $0.severity == .error }
        if errors.contains(where: { $0.area == "config" || $0.area == "template" }) { return 2 }
        if errors.contains(where: { $0.code == "output.io" }) { return 3 }
        if errors.contains(where: { $0.area == "output" }) { return 2 }
        if !errors.isEmpty { return 1 }
        if strict, !diagnostics.isEmpty { return 1 }
        return 0
    }
}
