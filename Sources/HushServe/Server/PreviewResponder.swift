internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import HushBackend
internal import HushCore
internal import HushSite
internal import NIOCore
internal import ServiceLifecycle

/// Answers every request of `hush serve`: the built site from the private output folder, at
/// base_url's path, as a static host would (content types, folder index pages, HEAD, the
/// site's 404 page), plus the event stream of live reload and the hearts endpoints
/// (docs/backend.md, "In hush serve"). HTML it serves carries the reload script; nothing
/// else does, and nothing is written but hearts, into the session's own ledger.
struct PreviewResponder: HTTPResponder {
    typealias Context = PeerContext

    /// The output folder the builds commit into.
    let output: String
    let state: PreviewState
    /// `POST /hearts/<id>`, `GET /hearts/<id>`, `GET /hearts.json`, over the session's ledger.
    var hearts: HeartsEndpoints? = nil
    /// `POST /reports/<id>`, `POST /submit`, over the session's ledger too.
    var moderation: ModerationEndpoints? = nil

    func respond(to request: Request, context: Context) async throws -> Response {
        if let hearts, let response = await hearts.respond(to: request, peer: context.peer) {
            return response
        }
        if let moderation, let response = await moderation.respond(to: request, peer: context.peer) {
            return response
        }
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD", .cacheControl: "no-store"])
        }
        if request.uri.path == ReloadScript.eventsPath {
            return await eventStream()
        }
        // The build number is read before the file, so a page is never marked newer than it is.
        let site = await state.snapshot()
        let response = answer(request, site: site)
        return request.method == .head ? response.withoutBody : response
    }

    private func answer(_ request: Request, site: PreviewState.Snapshot) -> Response {
        let origin = Self.origin(of: request)
        guard site.build > 0 else {
            return html(Self.notBuiltPage, status: .serviceUnavailable, build: 0, origin: origin)
        }
        let root = site.pages?.rootPath ?? "/"
        guard let path = Self.decodedPath(request.uri.path) else {
            return Response(
                status: .badRequest,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: text("bad path\n")
            )
        }
        if path == "/" || path + "/" == root {
            if root != path { return redirect(to: root, query: request.uri.query) }
        }
        guard path.hasPrefix(root) else { return notFound(site: site, origin: origin) }
        let relative = String(path.dropFirst(root.count))
        // A story taken down: 410 Gone with the site's one page for it, at every URL it had.
        if let pages = site.pages, pages.gonePaths.contains(where: { relative.hasPrefix($0) || relative + "/" == $0 }) {
            return gone(pages: pages, site: site, origin: origin)
        }
        let file = relative.isEmpty ? output : output + "/" + relative
        switch Self.kind(of: file) {
        case .folder:
            guard relative.isEmpty || relative.hasSuffix("/") else {
                return redirect(to: request.uri.path + "/", query: request.uri.query)
            }
            guard Self.kind(of: file + "/index.html") == .file else { return notFound(site: site, origin: origin) }
            return serve(file: file + "/index.html", status: .ok, site: site, origin: origin) ?? notFound(site: site, origin: origin)
        case .file where !relative.hasSuffix("/"):
            return serve(file: file, status: .ok, site: site, origin: origin) ?? notFound(site: site, origin: origin)
        default:
            return notFound(site: site, origin: origin)
        }
    }

    // MARK: Answers

    private func serve(file: String, status: HTTPResponse.Status, site: PreviewState.Snapshot, origin: String?) -> Response? {
        guard let bytes = try? FileSystem.contents(of: file) else { return nil }
        let type = ContentType.of(file)
        if type.hasPrefix("text/html") {
            return html(String(decoding: bytes, as: UTF8.self), status: status, build: site.build, origin: origin)
        }
        return Response(
            status: status,
            headers: [.contentType: type, .contentLength: String(bytes.count), .cacheControl: "no-store", .xContentTypeOptions: "nosniff"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    private func html(_ page: String, status: HTTPResponse.Status, build: Int, origin: String?) -> Response {
        let bytes = Array(ReloadScript.inject(into: page, build: build, origin: origin).utf8)
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .contentLength: String(bytes.count), .cacheControl: "no-store",
                .xContentTypeOptions: "nosniff",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// The site's own 404.html with status 404, as a static host serves it for any address.
    private func notFound(site: PreviewState.Snapshot, origin: String?) -> Response {
        if let page = serve(file: output + "/404.html", status: .notFound, site: site, origin: origin) { return page }
        return Response(
            status: .notFound,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: text("not found\n")
        )
    }

    /// The site's 410 page with status 410, as the host rules the build writes make a host answer.
    private func gone(pages: SitePages, site: PreviewState.Snapshot, origin: String?) -> Response {
        if let page = serve(file: output + "/" + pages.gonePage, status: .gone, site: site, origin: origin) { return page }
        return Response(
            status: .gone,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: text("gone\n")
        )
    }

    private func redirect(to path: String, query: String?) -> Response {
        let location = path + (query.map { "?" + $0 } ?? "")
        return Response(status: .movedPermanently, headers: [.location: location, .cacheControl: "no-store", .contentLength: "0"])
    }

    private func text(_ string: String) -> ResponseBody {
        ResponseBody(byteBuffer: ByteBuffer(string: string))
    }

    /// `text/event-stream` until the page goes away or the server stops.
    private func eventStream() async -> Response {
        let (id, events) = await state.subscribe()
        let state = self.state
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                do {
                    try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                    for await event in events.cancelOnGracefulShutdown() {
                        try await writer.write(ByteBuffer(string: event.wire))
                    }
                } catch {
                    // The page went away.
                }
                await state.unsubscribe(id)
                try await writer.finish(nil)
            }
        )
    }

    /// Shown until the first build succeeds: the overlay (sent on connect) says why.
    static let notBuiltPage = """
        <!doctype html>
        <html lang="en">
        <meta charset="utf-8">
        <title>hush serve: not built yet</title>
        <body>
        <p>The site has not built yet. Fix the problems the terminal shows; this page reloads when it builds.</p>
        </body>
        </html>

        """

    // MARK: Paths

    /// The request's path, percent-decoded, or nil when it could leave the output folder or
    /// is not a plain path: `..` or `.` segments, an encoded slash or backslash, a NUL.
    static func decodedPath(_ raw: String) -> String? {
        guard raw.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for segment in raw.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            guard let decoded = segment.removingPercentEncoding else { return nil }
            if decoded == ".." || decoded == "." || decoded.contains("/") || decoded.contains("\\") || decoded.contains("\0") { return nil }
            segments.append(decoded)
        }
        return "/" + segments.joined(separator: "/")
    }

    enum Kind { case file, folder, other }

    /// What is at `path`, links not followed (the output has none; a link is never served).
    static func kind(of path: String) -> Kind {
        switch FileSystem.kind(of: path) {
        case .file: return .file
        case .directory: return .folder
        default: return .other
        }
    }

    /// `http://` and the Host the page was asked from, when it is a plain host and port.
    static func origin(of request: Request) -> String? {
        guard let host = request.head.authority, !host.isEmpty,
            host.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || ".-:[]".utf8.contains(byte)
            })
        else { return nil }
        return "http://" + host
    }
}

extension Response {
    /// The same status and headers (Content-Length included), no body: the answer to HEAD.
    fileprivate var withoutBody: Response {
        Response(status: status, headers: headers, body: ResponseBody())
    }
}

extension HTTPField.Name {
    fileprivate static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
