internal import Dispatch
public import HushCore
internal import HushGuard
internal import HushImages

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
    /// The build cache to read and keep up to date (docs/architecture.md, "The build cache");
    /// nil builds everything from scratch. A process that builds many times (`hush serve`)
    /// passes the same `BuildCache` with every request.
    public var cache: BuildCache?
    /// Called as the build moves from stage to stage, and as pages are rendered: for a
    /// progress line. Called on the thread that runs the build.
    public var progress: (@Sendable (BuildProgress) -> Void)?
    /// The output folder is this process's own (`hush serve`'s private folder): nothing else
    /// writes there, so a rebuild trusts the build cache's record of it (every file as the
    /// last commit left it) instead of checking each file and folder (docs/architecture.md,
    /// "The build cache"), and nothing it writes is flushed to the disk: the folder goes with
    /// the process. A published output is always checked, and each commit flushed.
    public var privateOutput: Bool = false
    /// The site's files (paths inside the site folder) that changed since the last build with
    /// this request's cache, as a watcher saw them (`hush serve`); nil: not known. With a cache
    /// that holds that build's `ContentScan`, only these files of content/ are looked at.
    public var changedFiles: Set<String>?
    /// `--ledger FILE`: the hearts ledger to add to front-matter hearts, absolute or relative
    /// to the working directory; it wins over `backend.ledger` in hush.yml (relative to the site).
    package var ledgerFile: String?
    /// How a ledger file becomes counts. The generator reads JSON snapshots; the command line
    /// passes a reader that opens the backend's database too (docs/backend.md).
    package var readLedger: LedgerFile.Reader = LedgerFile.snapshotsOnly

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
    /// How long each stage took, in the order they ran (for `--verbose`).
    public var stageTimes: [StageTime] = []
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
    /// The pages of the stories taken down, relative to `rootPath` (`s/k3v9q2mf/`): every
    /// URL under one answers 410 Gone with `gonePage`.
    public var gonePaths: [String] = []
    /// The one page those URLs show, relative to `rootPath`.
    public var gonePage: String = Page.gonePath
    /// base_url as hush.yml gives it, for a service that links back to the site.
    public var baseURL: String = ""
    /// Every published story by its public id, for the hearts backend: the only ids it
    /// accepts, where to send a reader back to, and the count it starts from.
    public var stories: [String: PublishedStory] = [:]
    /// The site's configuration, for the backend's checks of reports and submissions.
    package var config: SiteConfig?
}

/// A published story as the hearts backend sees it: nothing but its page and its start.
public struct PublishedStory: Sendable, Equatable {
    /// Its page, relative to `SitePages.rootPath`: `s/k3v9q2mf/`.
    public var path: String
    /// Its front-matter `hearts:` (0 when not given): readers' hearts are added to it.
    public var hearts: Int
}

/// Where a build is: a stage and, for one that counts, how far it is.
public struct BuildProgress: Sendable {
    /// "load", "parse+guard", "render", "index", "theme", "write".
    public var stage: String
    public var done: Int
    public var total: Int
}

/// How long one stage of a build took.
public struct StageTime: Sendable {
    public var stage: String
    public var seconds: Double

    /// "cache 0.112 s, load 0.048 s, …": a build's stages, for `--verbose`.
    public static func describe(_ times: [StageTime]) -> String {
        times.map { time in
            let milliseconds = Int((time.seconds * 1000).rounded())
            let fraction = String(milliseconds % 1000)
            return "\(time.stage) \(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction + " s"
        }.joined(separator: ", ")
    }
}

/// The pipeline (docs/architecture.md): load → parse → guard → render → index → theme →
/// write, one stage after the other, each a function from values to values.
public enum Pipeline {
    /// Runs every stage; writes only when `request.output` is set and nothing failed.
    public static func run(_ request: BuildRequest) -> BuildResult {
        var log = BuildLog(strict: request.strict)
        var summary = BuildSummary(command: request.output == nil ? "check" : "build")
        var clock = StageClock(progress: request.progress)
        // What became of every story file, for the summary: read, left out, held, to be published.
        var storyFiles: Set<String> = []
        var leftOutDrafts: Set<String> = []
        var scheduled: Set<String> = []
        var heldForReview: Set<String> = []
        // what the backend's ledger says, once it is read: hearts, holds, the waiting work
        var ledgerCounts = LedgerCounts()
        var waiting: Set<String> = []
        var toPublish: Set<String> = []
        var pages: SitePages?
        func finish() -> BuildResult {
            clock.stop()
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
            summary.held = heldForReview.subtracting(failed).count
            summary.openReports = ledgerCounts.openReports
            summary.pendingSubmissions = ledgerCounts.pendingSubmissions
            summary.waiting = waiting.subtracting(failed).count
            summary.stories = toPublish.subtracting(failed).count
            summary.exitCode = Diagnostic.exitCode(for: diagnostics)
            if summary.exitCode != 0 { summary.output = nil }
            return BuildResult(diagnostics: diagnostics, summary: summary, stageTimes: clock.times, pages: pages)
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

        // The build cache: what earlier builds left (a warning if it could not be used).
        clock.start("cache")
        var cache = CacheRun(request: request)
        if let warning = cache.warning { log.addKeepingSeverity(warning) }

        // load
        clock.start("load")
        var source = log.collect(
            SiteLoader.load(
                site: request.site,
                now: request.now,
                environment: request.environment,
                unchanged: cache.unchangedStories,
                previous: request.changedFiles == nil ? nil : request.cache?.scan.withLock { $0 },
                changed: request.changedFiles
            )
        )
        request.cache?.scan.withLock { $0 = source.scan }
        storyFiles = Set(source.stories.map(\.path) + source.unchanged)

        // parse: configuration first, it decides how everything else is read
        guard let configFile = source.config, let config = log.collect(ConfigParser.parse(configFile, localPreview: request.localPreview)) else {
            cache.save(into: &log)
            return finish()
        }
        pages = SitePages(rootPath: config.rootPath, gonePaths: source.tombstones.map(\.storyPath).sorted(), baseURL: config.baseURL)
        pages?.config = config
        let theme = log.collect(
            Theme.load(
                name: config.theme,
                siteTemplates: source.templates,
                rootPath: config.rootPath,
                optionalPages: config.submissions && config.backend.url != nil ? ["submit"] : [],
                reusing: request.cache?.theme ?? Locked(nil)
            )
        )
        // the words of the pages, in the site's language (the theme's tables and the site's own)
        let strings = log.collect(
            StringTable.load(
                language: config.language,
                themes: theme?.chain ?? [config.theme, "default"],
                builtin: Theme.builtinFiles(),
                siteTemplates: source.templates,
                siteTables: source.stringTables
            )
        )
        // the ledger: readers' hearts, added to the stories' own (an error if it cannot be read)
        let ledger = log.collect(Self.ledger(request, config: config))
        ledgerCounts = ledger
        cache.useLedger(ledger.hearts)
        cache.useStories(
            key: CacheKeys.stories(
                config: configFile.bytes,
                secretOverride: source.secretOverride,
                localPreview: request.localPreview,
                stringTables: CacheKeys.stringTables(site: source.stringTables, siteTemplates: source.templates)
            )
        )
        if !cache.hasStoryRecords, !source.unchanged.isEmpty {
            // Skipped under another key: read after all.
            var diagnostics: [Diagnostic] = []
            let read = SiteLoader.read(source.unchanged, site: request.site, code: .contentUnreadable, what: "this story", diagnostics: &diagnostics)
            log.add(diagnostics)
            source.stories = (source.stories + read).sorted { $0.path < $1.path }
            source.unchanged = []
        }

        // parse and guard, each story on its own (or as the cache has it)
        clock.start("parse+guard")
        let secret = source.secretOverride ?? config.secret
        let records = cache.stories(source, config: config, secret: secret)
        for (_, record) in records { log.add(record.parseDiagnostics) }
        for (_, record) in records { log.add(record.guardDiagnostics) }
        let siteWide = AnonymityGuard.checkSite(
            records.compactMap { path, record in record.parsed.map { (path, $0.publicID, $0.idPlace) } },
            hasSecret: secret != nil
        )
        log.add(siteWide.diagnostics)
        // A taken-down id is never used again, by a new story or an old one restored.
        let gone = Set(source.tombstones.map(\.id))
        for (path, record) in records {
            guard let parsed = record.parsed, gone.contains(parsed.publicID) else { continue }
            let what = parsed.idPlace == nil ? "the id made from this file's path" : "this id"
            let fix =
                parsed.idPlace == nil
                ? "add an id: line with a new id (hush new makes one), or rename the file"
                : "choose another id (hush new makes one), or remove the id: line to get one made"
            log.add(
                Diagnostic(
                    .idTakenDown,
                    "\(what) belongs to a story that was taken down, and a taken-down id is never used again; \(fix)",
                    file: path,
                    line: parsed.idPlace?.0 ?? 0,
                    column: parsed.idPlace?.1 ?? 0
                )
            )
        }
        let failed = log.failedFiles
        // Drafts wait for --drafts (which builds them whatever their date: a preview); a story
        // dated after the build date waits for a build on or after its day (its own day, not
        // the rounded one the guard publishes).
        let parsed = records.compactMap { path, record in record.parsed.map { (path, $0) } }
        if !request.includeDrafts { leftOutDrafts = Set(parsed.filter(\.1.draft).map(\.0)) }
        scheduled = Set(parsed.filter { _, story in !story.draft && story.date.map { $0 > source.buildDate } ?? false }.map(\.0))
        // Held for review by reader reports (the ledger's `held`): left out like a draft until a
        // person dismisses the reports or takes the story down (docs/moderation.md).
        if !ledger.held.isEmpty {
            heldForReview = Set(
                parsed.filter { path, story in ledger.held.contains(story.publicID) && !leftOutDrafts.contains(path) }.map(\.0)
            )
            scheduled.subtract(heldForReview)
        }
        // Batched release: of the stories whose day has come, those whose batch is not released wait.
        var releaseDays: [String: Day] = [:]
        if let policy = config.release {
            let guarded = Set(records.filter { $0.1.guarded != nil }.map(\.0))
            let candidates = parsed.compactMap { path, story -> ReleasePlan.Candidate? in
                guard !story.draft, let day = story.date, guarded.contains(path),
                    !siteWide.clashing.contains(path), !failed.contains(path), !scheduled.contains(path),
                    !heldForReview.contains(path)
                else { return nil }
                return ReleasePlan.Candidate(path: path, day: day)
            }
            let plan = ReleasePlan.plan(candidates, policy: policy, buildDate: source.buildDate, precision: config.anonymity.datePrecision)
            releaseDays = plan.released
            waiting = plan.waiting
        }
        let published = records.filter { path, record in
            record.guarded != nil && !siteWide.clashing.contains(path) && !failed.contains(path) && !leftOutDrafts.contains(path)
                && !scheduled.contains(path) && !waiting.contains(path) && !heldForReview.contains(path)
        }
        toPublish = Set(published.map(\.0))
        pages?.storyPaths = Dictionary(
            published.compactMap { path, record in record.guarded.map { (path, Page.storyPath($0.publicID)) } },
            uniquingKeysWith: { first, _ in first }
        )
        pages?.stories = Dictionary(
            published.compactMap { _, record in
                record.guarded.map { ($0.publicID, PublishedStory(path: Page.storyPath($0.publicID), hearts: $0.hearts)) }
            },
            uniquingKeysWith: { first, _ in first }
        )

        // write, begun early: folders can be made while the next stages run
        var writer: OutputWriter?
        let earlier = request.output.flatMap {
            cache.earlierOutput(output: $0, key: cache.pageKey(request, source: source, config: configFile.bytes), buildDate: source.buildDate)
        }
        if let output = request.output, theme != nil, !log.hasErrors {
            do {
                writer = try OutputWriter.begin(
                    output: output,
                    site: request.site,
                    buildDate: source.buildDate,
                    durable: !request.privateOutput,
                    pageStore: earlier?.store,
                    hook: writeHook
                )
            } catch {
                log.add(error.diagnostic)
                cache.save(into: &log)
                return finish()
            }
            // With an earlier build's output, few folders are new: the writer finds them as it goes.
            if earlier?.files.isEmpty ?? true {
                writer?.prepare(foldersOf: published.compactMap { $0.1.guarded.map { Page.file(of: Page.storyPath($0.publicID)) } })
            }
        }
        // render
        clock.start("render")
        let rendered = cache.render(published, config: config, strings: strings)
        // The story records are final: saved while the pages are made.
        cache.saveAhead()
        for (_, record) in rendered { log.add(record.rendered?.diagnostics ?? []) }
        // each story as this build shows it: released on its batch's day, with readers' hearts
        let prepared = rendered.compactMap { path, record -> RenderedStory? in
            guard var story = record.renderedStory() else { return nil }
            if let day = releaseDays[path] {
                story.story = story.story.released(on: day)
                story.releaseOrder = ReleasePlan.order(of: story.story.publicID, secret: secret)
            }
            story.readerHearts = ledger.hearts[story.story.publicID] ?? 0
            return story
        }
        // images: the stories' own pictures, made (or taken from the image cache), written
        clock.start("images")
        let deliver: (@Sendable ([OutputFile]) -> Void)? = writer.map { writer in { @Sendable files in writer.write(files) } }
        let imaging = ImageStage.run(
            prepared,
            images: source.images,
            site: request.site,
            rootPath: config.rootPath,
            baseURL: config.baseURL,
            settings: ImageSettings(),
            secret: secret,
            ocr: config.images.ocr ? OCR.scanner(config: config, environment: request.environment) : nil,
            cache: ImageCache(cache: request.cache),
            deliver: deliver
        )
        log.add(imaging.diagnostics)
        let stories = imaging.stories
        // The same inputs as the build that made the output, which is still as it left it:
        // the output is this site already.
        if let output = request.output, let writer, let known = cache.unchangedSite(rendered.map(\.0), images: imaging.digest, output: output) {
            clock.start("index")
            log.add(known.diagnostics)
            writer.discard()
            summary.pages = known.pages
            if !log.hasErrors {
                summary.files = known.files
                summary.unchanged = known.files
                summary.output = output
            }
            clock.start("save")
            cache.save(into: &log)
            return finish()
        }
        // index
        clock.start("index")
        let (site, indexDiagnostics) = SiteIndexer.index(stories, config: config, buildDate: source.buildDate, gone: source.tombstones.map(\.id))
        log.add(indexDiagnostics)
        summary.pages = site.pages.count

        guard let theme, let writer, !log.hasErrors else {
            writer?.discard()
            cache.save(into: &log)
            return finish()
        }
        // theme, its files written as they come
        clock.start("theme")
        if earlier?.files.isEmpty ?? true { writer.prepare(foldersOf: site.pages.map(\.outputPath) + theme.assets.map(\.path)) }
        let rendering = SiteRenderer.render(
            site,
            theme: theme,
            strings: strings,
            earlier: earlier,
            searchCache: request.cache,
            progress: { done, total in clock.report("theme", done: done, total: total) },
            keep: { writer.keep($0) },
            deliver: { writer.write($0) }
        )
        summary.files = rendering.files + imaging.files
        // write: make it visible
        clock.start("write")
        do {
            let counts = try writer.commit(knowing: request.output.flatMap(cache.knownOutput), trusted: request.privateOutput)
            summary.written = counts.written
            summary.unchanged = counts.unchanged
            summary.removed = counts.removed
            summary.output = request.output
            if let output = request.output {
                cache.recordOutput(rendering, output: output, listing: counts.listing)
                cache.recordSite(rendered.map(\.0), images: imaging.digest, diagnostics: indexDiagnostics, pages: summary.pages, files: summary.files)
            }
        } catch {
            log.add(error.diagnostic)
        }
        clock.start("save")
        cache.save(into: &log)
        return finish()
    }
}

extension Pipeline {
    /// The ledger a build adds: `--ledger` (named as given), else `backend.ledger` (relative
    /// to the site; an error points at its line in hush.yml); empty without either. A ledger
    /// that cannot be read is an error, never an empty ledger: no build silently loses every
    /// reader's hearts.
    static func ledger(_ request: BuildRequest, config: SiteConfig) -> (LedgerCounts, [Diagnostic]) {
        let path: String
        let place: (file: String, line: Int, column: Int, name: String)
        if let file = request.ledgerFile {
            path = file
            place = (file, 0, 0, "the ledger " + file)
        } else if let configured = config.backend.ledger {
            path = configured.value.hasPrefix("/") ? configured.value : request.site + "/" + configured.value
            place = ("hush.yml", configured.line, configured.column, "backend.ledger " + configured.value)
        } else {
            return (LedgerCounts(), [])
        }
        do {
            return (try request.readLedger(path), [])
        } catch {
            return (
                LedgerCounts(), [Diagnostic(error.code, place.name + " " + error.message, file: place.file, line: place.line, column: place.column)]
            )
        }
    }
}

/// Times the stages (for `--verbose`) and tells `BuildRequest.progress` where the build is.
/// The clock it reads is only for these reports: nothing built depends on it.
struct StageClock {
    let progress: (@Sendable (BuildProgress) -> Void)?
    private(set) var times: [StageTime] = []
    private var current: (stage: String, started: UInt64)?

    init(progress: (@Sendable (BuildProgress) -> Void)?) {
        self.progress = progress
    }

    mutating func start(_ stage: String) {
        stop()
        current = (stage, DispatchTime.now().uptimeNanoseconds)
        progress?(BuildProgress(stage: stage, done: 0, total: 0))
    }

    mutating func stop() {
        guard let current else { return }
        times.append(StageTime(stage: current.stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - current.started) / 1e9))
        self.current = nil
    }

    func report(_ stage: String, done: Int, total: Int) {
        progress?(BuildProgress(stage: stage, done: done, total: total))
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

    /// A diagnostic that stays what it is under `--strict`: the build cache's warnings, which
    /// never change what is built.
    mutating func addKeepingSeverity(_ diagnostic: Diagnostic) {
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
