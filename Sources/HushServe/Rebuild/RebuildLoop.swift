internal import Dispatch
internal import HushBackend
internal import HushCore
internal import HushSite
internal import ServiceLifecycle

/// Builds the site, then again each time the watcher reports changes: one build at a time,
/// changes that come during a build taken together by the next. Each good build is what
/// the server shows from then on and a reload for every open page; a failed one leaves the
/// last good build served and puts its diagnostics over every open page and in the terminal.
struct RebuildLoop: Service {
    /// What every build is asked (localPreview, the private output folder). The one place it
    /// runs is `runPipeline()`.
    let request: BuildRequest
    let state: PreviewState
    let watcher: SiteWatcher
    /// How files are shown, in the terminal and in the overlay alike.
    let paths: DiagnosticPaths
    let log: @Sendable (String) -> Void
    /// The hearts endpoints' list of stories, given each good build's pages.
    var published: PublishedSite? = nil
    /// Each build's stage times in the terminal (`hush serve --verbose`).
    var verbose = false

    /// Builds run here, off the server's threads and Swift's cooperative pool: the pipeline
    /// blocks while it works and spreads its own work over the cores.
    private static let builds = DispatchQueue(label: "hush.serve.build")

    func run() async throws {
        // Watch before the first build, so a save during it is not lost.
        watcher.start()
        defer { watcher.stop() }
        await build(changed: [])
        for await _ in watcher.wakeups.cancelOnGracefulShutdown() {
            let changed = watcher.take()
            if changed.isEmpty { continue }
            await build(changed: changed)
        }
        await state.close()
    }

    /// The one call of the pipeline: a cache, when there is one, goes into `request`.
    /// `changed`: the files the watcher saw change since the last build (none for the first),
    /// so the build looks at those of content/ only.
    private func runPipeline(changed: Set<String>) async -> BuildResult {
        var asked = self.request
        asked.changedFiles = changed.isEmpty ? nil : changed
        let request = asked
        return await withCheckedContinuation { continuation in
            Self.builds.async { continuation.resume(returning: Pipeline.run(request)) }
        }
    }

    private func build(changed: Set<String>) async {
        let started = ContinuousClock.now
        let result = await runPipeline(changed: changed)
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let shown = result.diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.file = paths.path(diagnostic.file, for: .text)
            return diagnostic
        }
        let cause = changed.isEmpty ? "" : " after " + Self.describe(changed)
        let stages = verbose ? "hush serve: stages: " + StageTime.describe(result.stageTimes) + "\n" : ""
        if result.summary.exitCode == 0 {
            let summary = result.summary
            if let pages = result.pages { await published?.update(pages) }
            await state.succeeded(pages: result.pages) { build in Self.event(after: changed, pages: result.pages, build: build) }
            let warnings = summary.warnings > 0 ? ", \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s")" : ""
            log(
                DiagnosticFormat.textLines(result.diagnostics, paths: paths)
                    + "hush serve: built \(summary.stories) \(summary.stories == 1 ? "story" : "stories"), \(summary.pages) pages "
                    + "in \(milliseconds) ms\(cause)\(warnings).\n" + stages
            )
        } else {
            await state.failed(shown, pages: result.pages)
            let errors = result.summary.errors
            log(
                DiagnosticFormat.textLines(result.diagnostics, paths: paths)
                    + "hush serve: the build failed\(cause) with \(errors) error\(errors == 1 ? "" : "s"); "
                    + "the last good build is still served, and open pages show the errors.\n" + stages
            )
        }
    }

    /// What the open pages do after a good build: swap stylesheets when only stylesheets
    /// changed; go to the story's page when one story file changed; else reload.
    static func event(after changed: Set<String>, pages: SitePages?, build: Int) -> ServerEvent {
        if !changed.isEmpty, changed.allSatisfy({ $0.hasSuffix(".css") }) { return .stylesheet(build: build) }
        let stories = changed.filter { $0.hasPrefix("content/") && $0.hasSuffix(".md") }
        if stories.count == 1, let story = stories.first, let pages, let page = pages.storyPaths[story] {
            return .reload(build: build, url: pages.rootPath + page)
        }
        return .reload(build: build, url: nil)
    }

    private static func describe(_ changed: Set<String>) -> String {
        let sorted = changed.sorted()
        if sorted.count == 1 { return sorted[0] + " changed" }
        return "\(sorted[0]) and \(sorted.count - 1) more changed"
    }
}
