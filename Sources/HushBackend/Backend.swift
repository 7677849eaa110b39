package import Foundation
package import Hummingbird
internal import HushCore
internal import HushLedger
package import Logging
package import NIOCore
internal import ServiceLifecycle
internal import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `hush backend` was asked.
public struct BackendOptions: Sendable {
    /// The site folder (hush.yml, content/): which stories are published.
    public var site: String
    /// The ledger: a SQLite file (default `hush-ledger.sqlite` in the site folder) or a
    /// `postgres://` URL (several backend processes sharing one ledger and one day's salt).
    public var database: String?
    /// The address to listen on.
    public var host = "127.0.0.1"
    /// The port; 0 takes any free one.
    public var port = 8081
    /// Addresses of reverse proxies whose X-Forwarded-For is believed.
    public var proxies: [String] = []
    /// The process environment (HUSH_SECRET, for the public ids).
    public var environment: [String: String] = [:]
    /// How often the site is read again for new and removed stories, in seconds.
    public var refreshSeconds: Double = 2
    /// Where the service's own log lines go; nothing of a reader is ever in them.
    package var logger: Logger = {
        var logger = Logger(label: "hush.backend")
        logger.logLevel = .critical
        return logger
    }()
    /// The clock the reader keys rotate by (tests move it).
    package var clock: @Sendable () -> Date = { Date() }
    /// The rate limit per reader network.
    package var limit = Readers.Limit()

    public init(site: String) {
        self.site = site
    }

    /// The ledger's path or URL: `--db`, or `hush-ledger.sqlite` in the site folder.
    public var databasePath: String { database ?? (site == "." ? "hush-ledger.sqlite" : site + "/hush-ledger.sqlite") }
}

/// Why `hush backend` could not run or export; each says what to do, with an exit code
/// (docs/diagnostics.md, "Exit codes": 1 a damaged ledger, 2 usage, 3 cannot read or write).
public struct BackendError: Error, CustomStringConvertible {
    public let description: String
    public let exitCode: Int32

    package init(_ description: String, exitCode: Int32) {
        self.description = description
        self.exitCode = exitCode
    }

    init(_ error: LedgerError, command: String) {
        let code: Int32 =
            switch error.kind {
            case .corrupt: 1
            case .notALedger, .foreign: 2
            case .unavailable: 3
            }
        self.init("\(command): \(error.description)", exitCode: code)
    }
}

/// `hush backend`: the hearts endpoints over the ledger, for the site in `options.site`.
public enum Backend {
    /// Runs until SIGINT or SIGTERM, then stops taking requests, lets every heart being
    /// written commit, and closes the ledger.
    public static func run(_ options: BackendOptions, onReady: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        var proxies: Set<ReaderAddress> = []
        for proxy in options.proxies {
            guard let address = ReaderAddress(proxy) else {
                throw BackendError(
                    "hush backend: --proxy \(proxy) is not an IP address; give the address the proxy connects from, like 127.0.0.1",
                    exitCode: 2
                )
            }
            proxies.insert(address)
        }
        let site = PublishedSite(site: options.site, environment: options.environment)
        if let problem = await site.refresh() {
            throw BackendError("hush backend: cannot read the site: \(problem)", exitCode: 2)
        }
        let database: LedgerDatabase
        let ledger: HeartLedger
        do {
            database = try await LedgerDatabase.open(options.databasePath)
        } catch {
            throw BackendError(error, command: "hush backend")
        }
        do {
            ledger = try await HeartLedger(store: database.hearts)
        } catch {
            await database.hearts.close()
            throw BackendError(error, command: "hush backend")
        }
        let moderationStore = database.moderation
        let readers = Readers(keys: database.readerKeys, limit: options.limit, clock: options.clock)
        let endpoints = HeartsEndpoints(
            ledger: ledger,
            readers: readers,
            site: site,
            trustedProxies: proxies,
            absoluteRedirects: true
        )
        let moderation = ModerationEndpoints(store: moderationStore, readers: readers, site: site, trustedProxies: proxies)
        let (ports, portReached) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let app = Application(
            responder: BackendResponder(endpoints: endpoints, moderation: moderation),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                portReached.yield(channel.localAddress?.port ?? options.port)
                portReached.finish()
            },
            logger: options.logger
        )
        let announce = Task {
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            let shown = options.host == "0.0.0.0" || options.host.isEmpty ? "127.0.0.1" : options.host == "::" ? "::1" : options.host
            onReady("http://" + (shown.contains(":") ? "[\(shown)]" : shown) + ":\(port)")
        }
        defer { announce.cancel() }
        let group = ServiceGroup(
            configuration: .init(
                services: [app, Periodic(seconds: options.refreshSeconds) { _ = await site.refresh() }]
                    // A database out of reach keeps the last totals; the next period tries again.
                    + (database.shared ? [Periodic(seconds: options.refreshSeconds) { try? await ledger.refresh() }] : []),
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: options.logger
            )
        )
        do {
            try await group.run()
        } catch {
            await ledger.close()
            await moderationStore?.close()
            throw listenError(error, host: options.host, port: options.port) ?? error
        }
        await ledger.close()
        await moderationStore?.close()
    }

    /// `hush backend export`: the ledger as a JSON snapshot, with held stories and waiting
    /// work (the publisher's copy, not the public one).
    public static func export(database: String) throws -> [UInt8] {
        do {
            return LedgerSnapshot.bytes(of: try LedgerFile.read(at: database), forExport: true)
        } catch {
            throw BackendError(error, command: "hush backend export")
        }
    }

    private static func listenError(_ error: any Error, host: String, port: Int) -> BackendError? {
        if let io = error as? IOError {
            if io.errnoCode == EADDRINUSE {
                return BackendError(
                    "hush backend: port \(port) on \(host) is already in use (another hush backend?). Stop that program, or pick another port: hush backend --port \(port == 65535 ? 8082 : port + 1)",
                    exitCode: 2
                )
            }
            return BackendError("hush backend: cannot listen on \(host) port \(port): \(String(cString: strerror(io.errnoCode)))", exitCode: 2)
        }
        if error is SocketAddressError {
            return BackendError("hush backend: cannot listen on \(host) port \(port): not an address of this machine", exitCode: 2)
        }
        return nil
    }
}

/// A request's context with the peer's address, which only the hearts endpoints read (to
/// make a reader key), and which is not a `RemoteAddressRequestContext`: no tracing
/// middleware can pick it up.
package struct PeerContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The connection's other end: the reader, or a proxy.
    package let peer: SocketAddress?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress
    }
}

/// The backend's one responder: the hearts endpoints, reports and submissions, and 404 for
/// anything else.
struct BackendResponder: HTTPResponder {
    typealias Context = PeerContext
    let endpoints: HeartsEndpoints
    let moderation: ModerationEndpoints

    func respond(to request: Request, context: Context) async throws -> Response {
        if let response = await endpoints.respond(to: request, peer: context.peer) { return response }
        if let response = await moderation.respond(to: request, peer: context.peer) { return response }
        return Response(
            status: .notFound,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "not found\n"))
        )
    }
}
