internal import Crypto
internal import Foundation
package import HTTPTypes
package import Hummingbird
internal import HushCore
internal import HushGuard
package import HushLedger
internal import HushSite
internal import NIOCore

/// Reader reports and anonymous submissions (docs/moderation.md), under backend.url's path
/// beside the hearts, with the hearts' rules: same origin only, small bodies, a rate limit per
/// reader network, nothing of the reader stored, days only.
///
/// - `POST /reports/<id>`: `category` and `text`; one per reader per story per UTC day. The
///   text goes through the personal-data guard first (`ReportCheck`). With
///   `moderation.hold_after: N`, the Nth open report holds the story for review.
/// - `POST /submit` (only with `submissions: on`): `title`, `text`, `tags`, `mood`, `cw` and
///   the honeypot; the anonymity guard runs before anything is stored (`SubmissionCheck`),
///   a refusal answers 422 with what to change. An accepted one gets a one-time code.
/// - `GET /submit/withdraw` and `POST /submit/withdraw` (`code`): the submitter takes a
///   waiting submission back.
package struct ModerationEndpoints: Sendable {
    /// A report: a category and up to 2,000 characters, percent-encoded.
    package static let reportBodyLimit = 32 * 1024
    /// A submission: up to 20,000 characters of story and the short fields, percent-encoded.
    package static let submissionBodyLimit = 512 * 1024

    /// Nil when the ledger cannot keep them (PostgreSQL keeps hearts only).
    package let store: (any ModerationStore)?
    package let readers: Readers
    package let site: PublishedSite
    package let trustedProxies: Set<ReaderAddress>

    package init(store: (any ModerationStore)?, readers: Readers, site: PublishedSite, trustedProxies: Set<ReaderAddress>) {
        self.store = store
        self.readers = readers
        self.site = site
        self.trustedProxies = trustedProxies
    }

    /// The answer to a request for one of the endpoints; nil for any other path.
    package func respond(to request: Request, peer: SocketAddress?) async -> Response? {
        guard let snapshot = await site.snapshot(), let config = snapshot.config else { return nil }
        var path = request.uri.path
        if !snapshot.prefix.isEmpty, path.hasPrefix(snapshot.prefix + "/") { path.removeFirst(snapshot.prefix.count) }
        let page = Context(snapshot: snapshot, config: config, request: request)
        guard path.hasPrefix("/reports/") || (config.submissions && path.hasPrefix("/submit")) else { return nil }
        guard let store else {
            var response = HeartsEndpoints.plain(
                .serviceUnavailable,
                "this backend keeps its ledger in PostgreSQL, which holds hearts only; reports and submissions need a SQLite ledger (docs/moderation.md)\n"
            )
            response.headers[.retryAfter] = "3600"
            return response
        }
        if path.hasPrefix("/reports/") {
            guard request.method == .post else { return Self.methodNotAllowed("POST") }
            return await report(request, id: String(path.dropFirst("/reports/".count)), peer: peer, page: page, store: store)
        }
        guard config.submissions, path == "/submit" || path == "/submit/withdraw" else { return nil }
        if path == "/submit/withdraw" {
            switch request.method {
            case .get, .head: return page.withdrawForm(.ok, note: nil)
            case .post: return await withdraw(request, peer: peer, page: page, store: store)
            default: return Self.methodNotAllowed("GET, HEAD, POST")
            }
        }
        guard request.method == .post else { return Self.methodNotAllowed("POST") }
        return await submit(request, peer: peer, page: page, store: store)
    }

    // MARK: POST /reports/<id>

    private struct ReportForm: Decodable {
        var category: String?
        var text: String?
    }

    private func report(_ request: Request, id: String, peer: SocketAddress?, page: Context, store: any ModerationStore) async -> Response {
        let form: ReportForm
        switch await admitted(request, peer: peer, limit: Self.reportBodyLimit, snapshot: page.snapshot, as: ReportForm.self) {
        case .refused(let response): return response
        case .form(let decoded, _): form = decoded
        }
        guard let story = page.snapshot.stories[id] else { return HeartsEndpoints.unknown(id, page.snapshot) }
        let accepted: AcceptedReport
        switch ReportCheck.check(category: form.category ?? "", text: form.text ?? "", config: page.config) {
        case .failure(let refusal):
            if page.wantsJSON { return Self.json(.unprocessableContent, ["error": refusal.message]) }
            return page.html(.unprocessableContent, title: "The report was not sent", body: BackendPage.paragraph(refusal.message), back: story.path)
        case .success(let report): accepted = report
        }
        guard let reader = reader(request, peer: peer) else { return Self.noForwardedFor }
        switch await readers.admit(address: reader, agent: request.headers[.userAgent] ?? "", storyID: id, action: .report) {
        case .limited(let seconds):
            return Self.tooMany(seconds)
        case .unavailable:
            return Self.unavailable
        case .duplicate:
            break  // the reader's report of today is kept already; they are thanked the same
        case .count(let day, let key):
            do {
                _ = try await store.addReport(
                    StoredReport(storyID: id, day: day, category: accepted.category.rawValue, text: accepted.text),
                    holdAfter: page.config.moderation.holdAfter
                )
            } catch {
                await readers.forget(key)
                return Self.unavailable
            }
        }
        if page.wantsJSON { return Self.json(.ok, Answer(id: id, reported: true)) }
        return page.html(
            .ok,
            title: "Thank you",
            body: BackendPage.paragraph("Your report was received. A person will read it; nothing about you was kept with it."),
            back: story.path
        )
    }

    // MARK: POST /submit

    private struct SubmissionForm: Decodable {
        var title: String?
        var text: String?
        var tags: String?
        var mood: String?
        var cw: String?
        var website: String?
    }

    private func submit(_ request: Request, peer: SocketAddress?, page: Context, store: any ModerationStore) async -> Response {
        let form: SubmissionForm
        switch await admitted(request, peer: peer, limit: Self.submissionBodyLimit, snapshot: page.snapshot, as: SubmissionForm.self) {
        case .refused(let response): return response
        case .form(let decoded, _): form = decoded
        }
        guard let reader = reader(request, peer: peer) else { return Self.noForwardedFor }
        if let seconds = await readers.throttle(reader) { return Self.tooMany(seconds) }
        let fields = SubmissionFields(
            title: form.title ?? "",
            text: form.text ?? "",
            tags: form.tags ?? "",
            mood: form.mood ?? "",
            cw: form.cw ?? "",
            honeypot: form.website ?? ""
        )
        let day = await readers.today()
        let code = Self.newCode()
        switch SubmissionCheck.check(fields, config: page.config, day: day) {
        case .trapped:
            break  // a program filled the honeypot: it is answered like a person, and nothing is kept
        case .refused(let problems):
            return page.refused(problems, fields: fields)
        case .accepted(let submission):
            do {
                _ = try await store.addSubmission(
                    StoredSubmission(
                        day: day,
                        title: submission.title,
                        text: submission.text,
                        tags: submission.tags,
                        mood: submission.mood,
                        cw: submission.cw
                    ),
                    withdrawKey: Self.withdrawKey(code)
                )
            } catch {
                return Self.unavailable
            }
        }
        if page.wantsJSON { return Self.json(.ok, Answer(accepted: true, withdrawCode: code)) }
        return page.html(
            .ok,
            title: "Thank you: your story waits for a person",
            body: BackendPage.paragraph(
                "A person reads every story before it is published. Nothing about you was kept with it: not your address, not the time, only the day."
            )
                + BackendPage.paragraph("To take the story back before it is published, keep this code. It is shown once, and only here:")
                + "<p><strong><code>\(HTML.escape(code))</code></strong></p>"
                + "<p><a href=\"\(HTML.escape(page.endpoint("submit/withdraw")))\">Take a story back</a></p>",
            back: ""
        )
    }

    // MARK: /submit/withdraw

    private struct WithdrawForm: Decodable {
        var code: String?
    }

    private func withdraw(_ request: Request, peer: SocketAddress?, page: Context, store: any ModerationStore) async -> Response {
        let form: WithdrawForm
        switch await admitted(request, peer: peer, limit: 1024, snapshot: page.snapshot, as: WithdrawForm.self) {
        case .refused(let response): return response
        case .form(let decoded, _): form = decoded
        }
        guard let reader = reader(request, peer: peer) else { return Self.noForwardedFor }
        if let seconds = await readers.throttle(reader) { return Self.tooMany(seconds) }
        let code = (form.code ?? "").uppercased().filter { $0.isLetter || $0.isNumber }
        let removed: Bool
        do {
            removed = code.isEmpty ? false : try await store.withdraw(Self.withdrawKey(code))
        } catch {
            return Self.unavailable
        }
        if page.wantsJSON { return Self.json(removed ? .ok : .notFound, Answer(withdrawn: removed)) }
        guard removed else {
            return page.withdrawForm(
                .notFound,
                note: "No waiting story has this code: it was mistyped, or the story was already published or removed."
            )
        }
        return page.html(.ok, title: "Your story was taken back", body: BackendPage.paragraph("It is deleted, and will not be published."), back: "")
    }

    /// A JSON answer to the theme's script: only the fields that apply are written.
    private struct Answer: Encodable {
        var id: String?
        var reported: Bool?
        var accepted: Bool?
        var withdrawCode: String?
        var withdrawn: Bool?

        enum CodingKeys: String, CodingKey {
            case id, reported, accepted, withdrawn
            case withdrawCode = "withdraw_code"
        }
    }

    // MARK: Shared rules

    private enum Admission<Form> {
        case form(Form, ReaderAddress?)
        case refused(Response)
    }

    /// Same origin, a body under `limit`, and a form that decodes: else the refusal.
    private func admitted<Form: Decodable>(
        _ request: Request,
        peer: SocketAddress?,
        limit: Int,
        snapshot: PublishedSite.Snapshot,
        as: Form.Type
    ) async -> Admission<Form> {
        guard HeartsEndpoints.sameOrigin(request, origin: request.headers[.origin], allowed: snapshot.origins) else {
            return .refused(HeartsEndpoints.plain(.forbidden, "forms are sent from the site's own pages only\n"))
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return .refused(HeartsEndpoints.plain(.contentTooLarge, "this form takes at most \(limit) bytes\n"))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return .refused(HeartsEndpoints.plain(.contentTooLarge, "this form takes at most \(limit) bytes\n"))
        } catch {
            return .refused(HeartsEndpoints.plain(.badRequest, "the request's body could not be read\n"))
        }
        do {
            return .form(try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body)), nil)
        } catch {
            return .refused(HeartsEndpoints.plain(.badRequest, "the form could not be read; send it from the site's page\n"))
        }
    }

    private func reader(_ request: Request, peer: SocketAddress?) -> ReaderAddress? {
        ReaderAddress.reader(
            peer: peer?.ipAddress.flatMap { ReaderAddress($0) },
            forwardedFor: request.headers[values: HeartsEndpoints.forwardedFor],
            trusted: trustedProxies
        )
    }

    /// A one-time withdrawal code: 12 characters of Crockford's base32 (60 random bits).
    static func newCode() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt8(alphabet.count)))] })
    }

    /// What is kept of a code: its SHA-256, so the database alone cannot withdraw anything.
    static func withdrawKey(_ code: String) -> String {
        SHA256.hash(data: Array(code.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static let noForwardedFor = HeartsEndpoints.plain(
        .badRequest,
        "the proxy in front of hush backend sent no X-Forwarded-For; see docs/backend.md, Behind a reverse proxy\n"
    )

    private static var unavailable: Response {
        var response = HeartsEndpoints.plain(.serviceUnavailable, "it could not be kept; try again later\n")
        response.headers[.retryAfter] = "5"
        return response
    }

    private static func tooMany(_ seconds: Int) -> Response {
        var response = HeartsEndpoints.plain(.tooManyRequests, "too many forms from this network; try again in \(seconds) s\n")
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    private static func methodNotAllowed(_ allow: String) -> Response {
        var response = HeartsEndpoints.plain(.methodNotAllowed, "not a method of this endpoint\n")
        response.headers[.allow] = allow
        return response
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let bytes = JSONFile.bytes(of: value)
        return Response(
            status: status,
            headers: [
                .contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count), .cacheControl: "no-store",
                .xContentTypeOptions: "nosniff",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}

/// One request's view of the site, for the pages it is answered with.
private struct Context {
    let snapshot: PublishedSite.Snapshot
    let config: SiteConfig
    let request: Request

    var wantsJSON: Bool { HeartsEndpoints.wantsJSON(request) }

    /// An endpoint's path under backend.url: `submit/withdraw` → `/api/submit/withdraw`.
    func endpoint(_ relative: String) -> String {
        snapshot.prefix + "/" + relative
    }

    /// An answer page; `back` is a page of the site, relative to base_url.
    func html(_ status: HTTPResponse.Status, title: String, body: String, back: String) -> Response {
        BackendPage(language: config.language, title: title, body: body, back: snapshot.baseURL + back).response(status)
    }

    /// 422: each problem in the submitter's words, and the form again with what they wrote.
    func refused(_ problems: [SubmissionProblem], fields: SubmissionFields) -> Response {
        if wantsJSON {
            struct Problem: Encodable {
                let field: String
                let line: Int
                let column: Int
                let message: String
            }
            return ModerationEndpoints.json(
                .unprocessableContent,
                ["problems": problems.map { Problem(field: $0.field.rawValue, line: $0.line, column: $0.column, message: $0.message) }]
            )
        }
        let list = problems.map { problem in
            "<li><a href=\"#\(problem.field.rawValue)\">\(HTML.escape(problem.field.rawValue))</a>, line \(problem.line), column \(problem.column): "
                + HTML.escape(problem.message) + "</li>"
        }
        let form = """
            <form method="post" action="\(HTML.escape(endpoint("submit")))">
            \(field("title", "Title", fields.title, multiline: false))
            \(field("text", "Your story", fields.text, multiline: true))
            \(field("tags", "Tags", fields.tags, multiline: false))
            \(field("mood", "Mood", fields.mood, multiline: false))
            \(field("cw", "Content warning", fields.cw, multiline: false))
            <p><button type="submit">Send the story again</button></p>
            </form>
            """
        return html(
            .unprocessableContent,
            title: "Change this before sending",
            body: BackendPage.paragraph("Nothing was kept. Change what is listed here, then send the story again:")
                + "<ul>" + list.joined() + "</ul>" + form,
            back: "submit/"
        )
    }

    func withdrawForm(_ status: HTTPResponse.Status, note: String?) -> Response {
        html(
            status,
            title: "Take a story back",
            body: (note.map(BackendPage.paragraph) ?? "")
                + """
                <form method="post" action="\(HTML.escape(endpoint("submit/withdraw")))">
                <p><label for="code">The code you were given</label><br><input id="code" name="code" required autocomplete="off"></p>
                <p><button type="submit">Take it back</button></p>
                </form>
                """,
            back: ""
        )
    }

    private func field(_ name: String, _ label: String, _ value: String, multiline: Bool) -> String {
        let input =
            multiline
            ? "<textarea id=\"\(name)\" name=\"\(name)\" rows=\"12\" cols=\"60\">\(HTML.escape(value))</textarea>"
            : "<input id=\"\(name)\" name=\"\(name)\" value=\"\(HTML.escape(value))\">"
        return "<p><label for=\"\(name)\">\(label)</label><br>\(input)</p>"
    }
}
