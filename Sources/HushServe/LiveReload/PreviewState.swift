internal import HushCore
internal import HushSite

/// What the server shows and who is listening: the last good build (its number and where
/// its pages are), the diagnostics of a failed build after it, and the open event streams.
/// The rebuild loop changes it; requests and streams read it.
actor PreviewState {
    /// What a request needs to know to answer.
    struct Snapshot: Sendable {
        /// The number of the last good build; 0: none yet.
        let build: Int
        /// Where its pages are; nil until a build read hush.yml.
        let pages: SitePages?
        /// The diagnostics of the latest build when it failed.
        let failure: [Diagnostic]?
    }

    private var build = 0
    private var pages: SitePages?
    private var failure: [Diagnostic]?
    private var firstBuildDone = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var streams: [Int: AsyncStream<ServerEvent>.Continuation] = [:]
    private var nextStream = 0
    private var closed = false

    /// The state once the first build has finished (requests that come earlier wait for it).
    func snapshot() async -> Snapshot {
        if !firstBuildDone {
            await withCheckedContinuation { waiting.append($0) }
        }
        return Snapshot(build: build, pages: pages, failure: failure)
    }

    /// A good build is committed: it is what every request sees from now on; `event` (made
    /// from the new build number) goes to every open page.
    func succeeded(pages: SitePages?, event: @Sendable (Int) -> ServerEvent?) {
        build += 1
        if let pages { self.pages = pages }
        failure = nil
        finishFirstBuild()
        if let event = event(build) { broadcast(event) }
    }

    /// A build failed: the last good one stays served; every open page shows `diagnostics`.
    func failed(_ diagnostics: [Diagnostic], pages: SitePages?) {
        if self.pages == nil { self.pages = pages }
        failure = diagnostics
        finishFirstBuild()
        broadcast(.buildError(diagnostics))
    }

    /// A new event stream: it starts with `hello` and, while the site is broken, the error.
    func subscribe() -> (id: Int, events: AsyncStream<ServerEvent>) {
        let (events, continuation) = AsyncStream.makeStream(of: ServerEvent.self)
        let id = nextStream
        nextStream += 1
        guard !closed else {
            continuation.finish()
            return (id, events)
        }
        continuation.yield(.hello(build: build))
        if let failure { continuation.yield(.buildError(failure)) }
        streams[id] = continuation
        return (id, events)
    }

    func unsubscribe(_ id: Int) {
        streams.removeValue(forKey: id)?.finish()
    }

    /// How many pages are listening (tests wait for theirs).
    var listeners: Int { streams.count }

    /// Ends every stream, now and later: the server is shutting down.
    func close() {
        closed = true
        for stream in streams.values { stream.finish() }
        streams = [:]
        finishFirstBuild()
    }

    private func broadcast(_ event: ServerEvent) {
        for stream in streams.values { stream.yield(event) }
    }

    private func finishFirstBuild() {
        firstBuildDone = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}
