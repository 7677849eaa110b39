internal import Foundation
internal import Hummingbird
internal import HushBackend
internal import HushCore
internal import HushLedger
internal import HushSite
internal import Logging
internal import NIOCore
internal import ServiceLifecycle
internal import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `hush serve` was asked.
public struct ServeOptions: Sendable {
    /// The site folder, as given on the command line.
    public var site: String
    /// The address to listen on; loopback unless told otherwise.
    public var host = "127.0.0.1"
    /// The port; 0 takes any free one (the address printed says which).
    public var port = 8080
    /// Build drafts too.
    public var includeDrafts = false
    /// The process environment (HUSH_SECRET, SOURCE_DATE_EPOCH), handed to every build.
    public var environment: [String: String] = [:]
    /// The working directory, where diagnostics' files are shown from.
    public var workingDirectory: String
    /// Print each rebuild's stage times after its summary line.
    public var verbose = false

    public init(site: String, workingDirectory: String) {
        self.site = site
        self.workingDirectory = workingDirectory
    }
}

/// Why `hush serve` could not run: a busy port, an address it cannot listen on, no private
/// folder to build into. Each says what to do and exits 2 (a usage or setup problem).
public struct ServeError: Error, CustomStringConvertible {
    private enum Kind {
        case portBusy(host: String, port: Int)
        case cannotListen(host: String, port: Int, reason: String)
        case noTemporaryFolder(reason: String)
        case noLedger(reason: String)
    }

    private let kind: Kind

    /// The exit code for it (docs/diagnostics.md, "Exit codes").
    public var exitCode: Int32 { 2 }

    public var description: String {
        switch kind {
        case .portBusy(let host, let port):
            return "hush serve: port \(port) on \(host) is already in use (another hush serve, or another server?). "
                + "Stop that program, or pick another port: hush serve --port \(port == 65535 ? 8081 : port + 1)"
        case .cannotListen(let host, let port, let reason):
            return "hush serve: cannot listen on \(host) port \(port): \(reason). Give an address of this machine with --host, such as 127.0.0.1"
        case .noTemporaryFolder(let reason):
            return "hush serve: cannot make a private folder to build into: \(reason). Check TMPDIR"
        case .noLedger(let reason):
            return "hush serve: cannot make the preview's hearts ledger: \(reason). Check TMPDIR"
        }
    }

    static func portBusy(host: String, port: Int) -> ServeError { ServeError(kind: .portBusy(host: host, port: port)) }
    static func cannotListen(host: String, port: Int, reason: String) -> ServeError {
        ServeError(kind: .cannotListen(host: host, port: port, reason: reason))
    }
    static func noTemporaryFolder(reason: String) -> ServeError { ServeError(kind: .noTemporaryFolder(reason: reason)) }
    static func noLedger(reason: String) -> ServeError { ServeError(kind: .noLedger(reason: reason)) }
}

/// `hush serve`: builds the site into a private temporary folder (never its public/),
/// serves it at base_url's path, rebuilds when hush.yml, content/ or Templates/ change, and
/// tells open pages to reload or to show what failed. docs/architecture.md, "hush serve".
public enum DevServer {
    /// Runs until SIGINT or SIGTERM (or until the task is cancelled), then shuts down, ends
    /// every event stream and removes the temporary folder.
    ///
    /// - Parameters:
    ///   - log: every line for the terminal (build results, diagnostics).
    ///   - onReady: called once, with the address to open (`http://127.0.0.1:8080/stories/`),
    ///     when the server listens and the first build is done.
    public static func run(
        _ options: ServeOptions,
        log: @escaping @Sendable (String) -> Void,
        onReady: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let temporary = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: temporary) }

        var request = BuildRequest(site: options.site, output: temporary + "/site")
        request.localPreview = true
        // Only this process writes its private folder: rebuilds need not look at every file.
        request.privateOutput = true
        request.includeDrafts = options.includeDrafts
        request.environment = options.environment
        // One cache in memory for the whole session: a save rebuilds only what it touches
        // (docs/architecture.md, The build cache). Never the site's .hush-cache/: a preview's
        // keys differ from a build's, and the writer's cache stays the publisher's.
        request.cache = BuildCache()
        let state = PreviewState()
        let paths = DiagnosticPaths(site: options.site, workingDirectory: options.workingDirectory, environment: options.environment)
        var rebuilds = RebuildLoop(request: request, state: state, watcher: SiteWatcher(site: options.site), paths: paths, log: log)
        // The hearts endpoints, live in the preview over a ledger of its own in the private
        // folder: preview hearts go when the session does, never into the site's ledger.
        let published = PublishedSite(site: options.site, environment: options.environment)
        rebuilds.published = published
        rebuilds.verbose = options.verbose
        let database: LedgerDatabase
        let ledger: HeartLedger
        do throws(LedgerError) {
            database = try await LedgerDatabase.open(temporary + "/hearts.sqlite")
        } catch {
            throw ServeError.noLedger(reason: error.message)
        }
        do throws(LedgerError) {
            ledger = try await HeartLedger(store: database.hearts)
        } catch {
            await database.hearts.close()
            await database.moderation?.close()
            throw ServeError.noLedger(reason: error.message)
        }
        let readers = Readers()
        let hearts = HeartsEndpoints(ledger: ledger, readers: readers, site: published, trustedProxies: [], absoluteRedirects: false)
        // Reports and submissions too, into the same throw-away ledger.
        let moderation = ModerationEndpoints(store: database.moderation, readers: readers, site: published, trustedProxies: [])

        var quiet = Logger(label: "hush.serve")
        quiet.logLevel = .critical
        let (ports, portReached) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let app = Application(
            responder: PreviewResponder(output: request.output ?? temporary, state: state, hearts: hearts, moderation: moderation),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                portReached.yield(channel.localAddress?.port ?? options.port)
                portReached.finish()
            },
            logger: quiet
        )
        let announce = Task {
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            let root = await state.snapshot().pages?.rootPath ?? "/"
            onReady(address(host: options.host, port: port) + root)
        }
        defer { announce.cancel() }
        let group = ServiceGroup(
            configuration: .init(
                // Shut down in reverse: the rebuild loop first, which ends every event stream,
                // so the server's graceful shutdown has no open request to wait for.
                services: [app, rebuilds],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: quiet
            )
        )
        do {
            try await group.run()
        } catch {
            await ledger.close()
            await database.moderation?.close()
            throw listenError(error, host: options.host, port: options.port) ?? error
        }
        await ledger.close()
        await database.moderation?.close()
    }

    /// The address to print for a host and port: a wildcard address is opened as loopback.
    static func address(host: String, port: Int) -> String {
        let shown = host == "0.0.0.0" || host.isEmpty ? "127.0.0.1" : host == "::" ? "::1" : host
        return "http://" + (shown.contains(":") ? "[\(shown)]" : shown) + ":\(port)"
    }

    /// A failure to bind, said plainly.
    private static func listenError(_ error: any Error, host: String, port: Int) -> ServeError? {
        if let io = error as? IOError {
            if io.errnoCode == EADDRINUSE { return .portBusy(host: host, port: port) }
            return .cannotListen(host: host, port: port, reason: String(cString: strerror(io.errnoCode)))
        }
        if error is SocketAddressError {
            return .cannotListen(host: host, port: port, reason: "not an address of this machine")
        }
        return nil
    }

    /// A new folder only this user can read, in TMPDIR: where the builds go.
    private static func makeTemporaryFolder() throws -> String {
        let base = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        var template = Array((base + "/hush-serve-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let pointer = buffer.baseAddress, let result = mkdtemp(pointer) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw ServeError.noTemporaryFolder(reason: String(cString: strerror(errno))) }
        return made
    }
}
