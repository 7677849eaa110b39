public import HushCore
internal import HushGuard

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
    /// A build only the publisher looks at, on their own machine (`hush serve` sets it): a
    /// placeholder base_url is fine there, so `config.placeholder-url` is not reported.
    /// `build` and `check` make what is published, and always report it.
    public var localPreview: Bool = false

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
    /// Where the pages are, for a server that shows them; nil when hush.yml could not be read.
    public var pages: SitePages? = nil
}

/// Where a build put its pages, for `hush serve`: the path the site lives under, and the
/// page of each story file, so the server can show the story a writer just saved.
public struct SitePages: Sendable, Equatable {
    /// base_url's path, which every page is under: "/" or "/stories/".
    public var rootPath: String
    /// The page of each published story, by its file as diagnostics name it
    /// (`content/night-shift.md`), relative to `rootPath`: `s/k3v9q2mf/`.
    public var storyPaths: [String: String] = [:]
}

/// The pipeline (docs/architecture.md): load → parse → guard → render → index → theme →
/// write, one stage after the other, each a function from values to values.
public enum Pipeline {
    /// Runs every stage; writes only when `request.output` is set and nothing failed.
    public static func run(_ request: BuildRequest) -> BuildResult {
        var log = BuildLog(strict: request.strict)
        var summary = BuildSummary(command: request.output == nil ? "check" : "build")
        // What became of every story file, for the summary: read, left out, held, to be published.
        var storyFiles: Set<String> = []
        var leftOutDrafts: Set<String> = []
        var scheduled: Set<String> = []
        var toPublish: Set<String> = []
        var pages: SitePages?
        func finish() -> BuildResult {
            let diagnostics = log.diagnostics.sorted()
            summary.errors = diagnostics.count { $0.severity == .error }
            summary.warnings = diagnostics.count { $0.severity == .warning }
            summary.warningsAsErrors = diagnostics.count { $0.promotedByStrict }
            // A story file that could not be read or was a link is one too: it failed.
            storyFiles.formUnion(diagnostics.map(\.file).filter { $0.hasPrefix("content/") && $0.hasSuffix(".md") })
            let failed = log.failedFiles
            summary.storyFiles = storyFiles.count
            summary.failedFiles = storyFiles.intersection(failed).count
            summary.drafts = leftOutDrafts.subtracting(failed).count
            summary.scheduled = scheduled.subtracting(failed).count
            summary.stories = toPublish.subtracting(failed).count
            summary.exitCode = Diagnostic.exitCode(for: diagnostics)
            if summary.exitCode != 0 { summary.output = nil }
            return BuildResult(diagnostics: diagnostics, summary: summary, pages: pages)
        }

        // write, before anything else: an earlier build killed while committing is rolled back
        let writeHook = StepHook.from(environment: request.environment)  // tests only: HUSH_TEST_KILL_AFTER_STEPS
        if let output = request.output {
            do {
                try OutputWriter.recover(output: output, hook: writeHook)
            } catch {
                log.add(error.diagnostic)
                return finish()
            }
        }

        guard FileSystem.kind(of: request.site) == .directory else {
            log.add(Diagnostic(.configNoSite, "\(request.site) is not a folder; give the folder that holds hush.yml", file: "."))
            return finish()
        }

        // load
        let source = log.collect(SiteLoader.load(site: request.site, now: request.now, environment: request.environment))

        storyFiles = Set(source.stories.map(\.path))

        // parse: configuration first, it decides how everything else is read
        guard let configFile = source.config, let config = log.collect(ConfigParser.parse(configFile, localPreview: request.localPreview)) else {
            return finish()
        }
        pages = SitePages(rootPath: config.rootPath)
        let theme = log.collect(Theme.load(name: config.theme, siteTemplates: source.templates, rootPath: config.rootPath))
        let parsed = source.stories.parallelMap { StoryParser.parse($0) }.compactMap { log.collect($0) }

        // guard
        let guarded = log.collect(AnonymityGuard.check(parsed, config: config, secret: source.secretOverride ?? config.secret))
        let failed = log.failedFiles
        // Drafts wait for --drafts (which builds them whatever their date: a preview); a story
        // dated after the build date waits for a build on or after its day (its own day, not
        // the rounded one the guard publishes).
        if !request.includeDrafts { leftOutDrafts = Set(parsed.filter(\.draft).map(\.file)) }
        scheduled = Set(parsed.filter { story in !story.draft && story.date.map { $0 > source.buildDate } ?? false }.map(\.file))
        let published = guarded.filter { !failed.contains($0.file) && !leftOutDrafts.contains($0.file) && !scheduled.contains($0.file) }
        toPublish = Set(published.map(\.file))
        pages?.storyPaths = Dictionary(published.map { ($0.file, Page.storyPath($0.publicID)) }, uniquingKeysWith: { first, _ in first })

        // write, begun early: folders can be made while the next stages run
        var writer: OutputWriter?
        if let output = request.output, theme != nil, !log.hasErrors {
            do {
                writer = try OutputWriter.begin(output: output, site: request.site, buildDate: source.buildDate, hook: writeHook)
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
/// recorded as an error, so it stops the write and counts as one wherever it is looked at;
/// it keeps a mark (`promotedByStrict`) so the report can say it was a warning.
struct BuildLog {
    let strict: Bool
    private(set) var diagnostics: [Diagnostic] = []

    init(strict: Bool) {
        self.strict = strict
    }

    mutating func add(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        if strict, diagnostic.severity == .warning {
            diagnostic.severity = .error
            diagnostic.promotedByStrict = true
        }
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
