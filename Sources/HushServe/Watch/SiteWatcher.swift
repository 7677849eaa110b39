internal import Dispatch
internal import Foundation

/// Watches what a build reads, hush.yml, content/ and Templates/ (every folder below them,
/// new ones too), and collects the paths that changed, relative to the site folder
/// (`content/night-shift.md`). Linux uses inotify; elsewhere, or when inotify cannot be had
/// (no more watches), the folders are polled.
///
/// Changes are debounced: a burst of events (an editor's save, a `git checkout`) becomes
/// one batch once `quiet` has passed without a new one. Batches that come while a build
/// runs pile up in one set, so the next build takes them all at once (`take()`).
final class SiteWatcher: @unchecked Sendable {
    /// How long the files must be still before a batch is handed over.
    static let quiet: Duration = .milliseconds(30)
    /// The longest a batch waits for a stream of changes to stop.
    static let longestWait: Duration = .milliseconds(300)

    let site: String
    private let lock = NSLock()
    private var pending: Set<String> = []
    private var stopped = false
    private let wake: AsyncStream<Void>.Continuation
    /// One element each time changes are waiting to be taken; a wake-up that finds them
    /// already taken is harmless.
    let wakeups: AsyncStream<Void>

    /// Polls even where inotify is there (tests of the fallback).
    private let alwaysPoll: Bool

    init(site: String, alwaysPoll: Bool = false) {
        self.site = site
        self.alwaysPoll = alwaysPoll
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Starts watching on a thread of its own; returns once every folder is watched, so a
    /// change made after it is seen.
    func start() {
        let watching = DispatchSemaphore(value: 0)
        Thread { [self] in
            #if canImport(Glibc)
            if !alwaysPoll, let inotify = Inotify(site: site) {
                watching.signal()
                inotify.run(until: { self.isStopped }, report: self.report)
                return
            }
            #endif
            let poller = Poller(site: site)
            watching.signal()
            poller.run(until: { self.isStopped }, report: self.report)
        }.start()
        watching.wait()
    }

    /// Stops the thread (within a tenth of a second) and ends `wakeups`.
    func stop() {
        lock.withLock { stopped = true }
        wake.finish()
    }

    /// Every path that changed since the last call.
    func take() -> Set<String> {
        lock.withLock {
            defer { pending = [] }
            return pending
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func report(_ paths: Set<String>) {
        guard !paths.isEmpty else { return }
        lock.withLock { pending.formUnion(paths) }
        wake.yield()
    }

    /// Whether a change to `path` (relative to the site) can change the site: hush.yml and
    /// what is inside content/ and Templates/, but not an editor's swap, backup or lock file.
    static func matters(_ path: String) -> Bool {
        guard path == "hush.yml" || path.hasPrefix("content") || path.hasPrefix("Templates") else { return false }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return
            !(name.hasPrefix(".") || name.hasPrefix("#") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx")
            || name == "4913")
    }
}

extension SiteWatcher {
    /// Reads changes in bursts: waits for the first, then until the files have been still
    /// for `quiet`, then reports the burst.
    static func collectBursts(
        until stopped: () -> Bool,
        wait: (_ milliseconds: Int32) -> Set<String>?,
        report: (Set<String>) -> Void
    ) {
        let quiet = Int32(Self.quiet.components.attoseconds / 1_000_000_000_000_000)
        let longest = Self.longestWait
        while !stopped() {
            guard var burst = wait(100) else { return }
            if burst.isEmpty { continue }
            let started = ContinuousClock.now
            while ContinuousClock.now - started < longest, let more = wait(quiet), !more.isEmpty {
                burst.formUnion(more)
            }
            report(burst.filter(matters))
        }
    }
}
