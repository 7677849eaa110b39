internal import Foundation
package import HTTPTypes
package import Hummingbird
internal import HushCore
package import HushLedger
internal import HushSite
package import NIOCore

/// The hearts endpoints (docs/backend.md), for `hush backend` and mounted in `hush serve`:
///
/// - `POST /hearts/<id>`: one heart. A form post gets 303 back to the story's page; a request
///   that accepts `application/json` (the theme's script) gets `{"id": …, "hearts": n}`.
/// - `GET /hearts/<id>`: `{"id": …, "hearts": n}`, front matter's start plus readers'.
/// - `GET /hearts.json`: every published story's count, as a ledger snapshot, cacheable for 5 s.
///
/// All under backend.url's path when hush.yml gives one. Nothing of the reader (address,
/// agent, key) is logged or stored: the address lives only as long as making its keys.
package struct HeartsEndpoints: Sendable {
    /// The largest body a heart may have: a form with a button has none to speak of.
    package static let bodyLimit = 1024

    package let ledger: HeartLedger
    package let readers: Readers
    package let site: PublishedSite
    /// Proxies whose X-Forwarded-For is believed (`--proxy`).
    package let trustedProxies: Set<ReaderAddress>
    /// Send a form post back with base_url's absolute address (the backend), or with the
    /// path alone (`hush serve`, whose pages are not at base_url).
    package let absoluteRedirects: Bool

    package init(ledger: HeartLedger, readers: Readers, site: PublishedSite, trustedProxies: Set<ReaderAddress>, absoluteRedirects: Bool) {
        self.ledger = ledger
        self.readers = readers
        self.site = site
        self.trustedProxies = trustedProxies
        self.absoluteRedirects = absoluteRedirects
    }

    /// The answer to a request for one of the endpoints; nil for any other path.
    package func respond(to request: Request, peer: SocketAddress?) async -> Response? {
        guard let snapshot = await site.snapshot() else { return nil }
        var path = request.uri.path
        if !snapshot.prefix.isEmpty, path.hasPrefix(snapshot.prefix + "/") { path.removeFirst(snapshot.prefix.count) }
        if path == "/hearts.json" {
            guard request.method == .get || request.method == .head else { return Self.methodNotAllowed("GET, HEAD") }
            return await allHearts(snapshot, head: request.method == .head)
        }
        guard path.hasPrefix("/hearts/") else { return nil }
        let id = String(path.dropFirst("/hearts/".count))
        switch request.method {
        case .post:
            return await give(request, id: id, peer: peer, snapshot: snapshot)
        case .get, .head:
            guard let story = snapshot.stories[id] else { return Self.unknown(id, snapshot) }
            var response = Self.json(id: id, hearts: story.hearts + (await ledger.hearts(of: id)))
            response.headers[.cacheControl] = "no-cache"
            if request.method == .head { response.body = ResponseBody() }
            return response
        default:
            return Self.methodNotAllowed("GET, HEAD, POST")
        }
    }

    // MARK: POST /hearts/<id>

    private func give(_ request: Request, id: String, peer: SocketAddress?, snapshot: PublishedSite.Snapshot) async -> Response {
        let origin = request.headers[.origin]
        guard Self.sameOrigin(request, origin: origin, allowed: snapshot.origins) else {
            return Self.plain(.forbidden, "hearts are given from the site's own pages only\n")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.bodyLimit {
            return Self.plain(.contentTooLarge, "a heart needs no more than \(Self.bodyLimit) bytes\n")
        }
        do {
            _ = try await request.body.collect(upTo: Self.bodyLimit)
        } catch is NIOTooManyBytesError {
            return Self.plain(.contentTooLarge, "a heart needs no more than \(Self.bodyLimit) bytes\n")
        } catch {
            return Self.plain(.badRequest, "the request's body could not be read\n")
        }
        guard let story = snapshot.stories[id] else { return Self.unknown(id, snapshot) }
        let peerAddress = peer?.ipAddress.flatMap { ReaderAddress($0) }
        guard
            let reader = ReaderAddress.reader(
                peer: peerAddress,
                forwardedFor: request.headers[values: Self.forwardedFor],
                trusted: trustedProxies
            )
        else {
            return Self.plain(
                .badRequest,
                "the proxy in front of hush backend sent no X-Forwarded-For; see docs/backend.md, Behind a reverse proxy\n"
            )
        }
        let readersHearts: Int
        switch await readers.admit(address: reader, agent: request.headers[.userAgent] ?? "", storyID: id) {
        case .limited(let seconds):
            var response = Self.plain(.tooManyRequests, "too many hearts from this network; try again in \(seconds) s\n")
            response.headers[.retryAfter] = String(seconds)
            return response
        case .unavailable:
            var response = Self.plain(.serviceUnavailable, "the heart could not be recorded; try again later\n")
            response.headers[.retryAfter] = "5"
            return response
        case .duplicate:
            readersHearts = await ledger.hearts(of: id)
        case .count(let day, let key):
            do {
                readersHearts = try await ledger.give(HeartDay(storyID: id, day: day))
            } catch {
                await readers.forget(key)
                var response = Self.plain(.serviceUnavailable, "the heart could not be recorded; try again later\n")
                response.headers[.retryAfter] = "5"
                return response
            }
        }
        let total = story.hearts + readersHearts
        if Self.wantsJSON(request) {
            var response = Self.json(id: id, hearts: total)
            response.headers[.cacheControl] = "no-store"
            if let origin, let allowed = Origin.of(origin), snapshot.origins.contains(allowed) {
                response.headers[.accessControlAllowOrigin] = allowed
                response.headers[.vary] = "Origin"
            }
            return response
        }
        let page = (absoluteRedirects ? Self.trimmed(snapshot.baseURL) + "/" : snapshot.rootPath) + story.path
        return Response(status: .seeOther, headers: [.location: page, .cacheControl: "no-store", .contentLength: "0"])
    }

    // MARK: GET /hearts.json

    private func allHearts(_ snapshot: PublishedSite.Snapshot, head: Bool) async -> Response {
        let given = await ledger.allHearts()
        var hearts: [String: Int] = [:]
        var totals: [String: Int] = [:]
        for (id, story) in snapshot.stories {
            let readers = given[id] ?? 0
            if readers > 0 { hearts[id] = readers }
            totals[id] = story.hearts + readers
        }
        let bytes = LedgerSnapshot.bytes(of: LedgerCounts(hearts: hearts), totals: totals, forExport: false)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count),
                .cacheControl: "public, max-age=5", .xContentTypeOptions: "nosniff",
            ],
            body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    // MARK: Rules

    static let forwardedFor = HTTPField.Name("X-Forwarded-For") ?? .via
    static let fetchSite = HTTPField.Name("Sec-Fetch-Site") ?? .via

    /// Same origin: an `Origin` that is the request's host (behind a proxy that keeps Host) or
    /// one of the site's (base_url, backend.url); without `Origin`, a `Sec-Fetch-Site` of
    /// same-origin or none; with neither (an old browser, curl), allowed: a browser that
    /// sends neither cannot be made to post from another site's page by script.
    static func sameOrigin(_ request: Request, origin: String?, allowed: Set<String>) -> Bool {
        if let origin {
            guard let normalized = Origin.of(origin) else { return false }  // "null" and the like
            if allowed.contains(normalized) { return true }
            let host = normalized.split(separator: "/").last.map(String.init)
            return host != nil && host == request.head.authority?.lowercased()
        }
        if let site = request.headers[fetchSite]?.lowercased() {
            return site == "same-origin" || site == "none"
        }
        return true
    }

    static func wantsJSON(_ request: Request) -> Bool {
        request.headers[values: .accept].contains { $0.lowercased().contains("application/json") }
    }

    private static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    private static func json(id: String, hearts: Int) -> Response {
        struct Count: Encodable {
            let id: String
            let hearts: Int
        }
        let bytes = JSONFile.bytes(of: Count(id: id, hearts: hearts))
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count), .xContentTypeOptions: "nosniff"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// 410 for a story taken down (it takes nothing any more, whatever is sent), else 404.
    static func unknown(_ id: String, _ snapshot: PublishedSite.Snapshot) -> Response {
        snapshot.gone.contains(id) ? plain(.gone, "this story was taken down\n") : plain(.notFound, "no published story has this id\n")
    }

    private static func methodNotAllowed(_ allow: String) -> Response {
        var response = plain(.methodNotAllowed, "not a method of this endpoint\n")
        response.headers[.allow] = allow
        return response
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        let bytes = Array(text.utf8)
        return Response(
            status: status,
            headers: [
                .contentType: "text/plain; charset=utf-8", .contentLength: String(bytes.count), .cacheControl: "no-store",
                .xContentTypeOptions: "nosniff",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
