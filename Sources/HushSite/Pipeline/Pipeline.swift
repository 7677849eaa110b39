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

/// The pipeline (docs/architecture.md): load → parse → guard → render → index → theme →
/// write, one stage after the other, each a function from values to values.
public enum Pipeline {
    /// Runs every stage; writes only when `request.output` is set and nothing failed.
    public static func run(_ request: BuildRequest) -> BuildResult {
        var log = BuildLog(strict: request.strict)
        var summary = BuildSummary(command: request.output == nil ? "check" : "build")
        func finish() -> BuildResult {
            let diagnostics = log.diagnostics.sorted()
            summary.errors = diagnostics.count { $0.severity == .error }
            summary.warnings = diagnostics.count { $0.severity == .warning }
            summary.exitCode = Diagnostic.exitCode(for: diagnostics)
            if summary.exitCode != 0 { summary.output = nil }
            return BuildResult(diagnostics: diagnostics, summary: summary)
        }

        guard FileSystem.kind(of: request.site) == .directory else {
            log.add(Diagnostic(.configNoSite, "\(request.site) is not a folder; give the folder that holds hush.yml", file: request.site))
            return finish()
        }

        // load
        let source = log.collect(SiteLoader.load(site: request.site, now: request.now, environment: request.environment))

        // parse: configuration first, it decides how everything else is read
        guard let configFile = source.config, let config = log.collect(ConfigParser.parse(configFile)) else { return finish() }
        let theme = log.collect(Theme.load(name: config.theme, siteTemplates: source.templates, rootPath: config.rootPath))
        let parsed = source.stories.parallelMap { StoryParser.parse($0) }.compactMap { log.collect($0) }

        // guard
        let guarded = log.collect(AnonymityGuard.check(parsed, config: config, secret: source.secretOverride ?? config.secret))
        let failed = log.failedFiles
        let published = guarded.filter { !failed.contains($0.file) && (request.includeDrafts || !$0.draft) }

        // write, begun early: folders can be made while the next stages run
        var writer: OutputWriter?
        if let output = request.output, theme != nil, !log.hasErrors {
            do {
                writer = try OutputWriter.begin(output: output, site: request.site, buildDate: source.buildDate)
            } catch {
                log.add(error.diagnostic)
                return finish()
            }
            writer?.prepare(foldersOf: published.map { Page.file(of: Page.storyPath($0.publicID)) })
        }
        // render
        let rendered = log.collect(StoryRenderer.render(published, config: config))
        // index
        let site = log.collect(SiteIndexer.index(rendered, config: config, buildDate: source.buildDate))
        summary.stories = site.stories.count
        summary.pages = site.pages.count

        guard let theme, let writer, !log.hasErrors else {
            writer?.discard()
            return finish()
        }
        // theme, its files written as they come
        writer.prepare(foldersOf: site.pages.map(\.outputPath) + theme.assets.map(\.path))
        summary.files = SiteRenderer.render(site, theme: theme) { writer.write($0) }
        // write: make it visible
        do {
            try writer.commit()
            summary.output = request.output
        } catch {
            log.add(error.diagnostic)
        }
        return finish()
    }
}

/// The diagnostics of one run, collected stage by stage. Under `--strict` every warning is
/// recorded as an error, so it stops the write and counts as one wherever it is looked at.
struct BuildLog {
    let strict: Bool
    private(set) var diagnostics: [Diagnostic] = []

    init(strict: Bool) {
        self.strict = strict
    }

    mutating func add(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        if strict { diagnostic.severity = .error }
        diagnostics.append(diagnostic)
    }

    mutating func add(_ more: [Diagnostic]) {
        for diagnostic in more { add(diagnostic) }
    }

    /// A stage's value, its diagnostics recorded here.
    mutating func collect<Value>(_ result: (Value, [Diagnostic])) -> Value {
        add(result.1)
        return result.0
    }

    mutating func collect(_ result: AnonymityGuard.Result) -> [GuardedStory] {
        add(result.diagnostics)
        return result.stories
    }

    mutating func collect(_ source: SiteSource) -> SiteSource {
        add(source.diagnostics)
        return source
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Files with an error: none of them is published.
    var failedFiles: Set<String> { Set(diagnostics.filter { $0.severity == .error }.map(\.file)) }
}
