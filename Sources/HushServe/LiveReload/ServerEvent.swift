internal import Foundation
internal import HushCore

/// One server-sent event to the open pages: its name and its data, one line of JSON.
struct ServerEvent: Sendable, Equatable {
    let name: String
    let data: String

    /// The first event of every stream: the last good build the page should show (a page
    /// served from an older one reloads; that covers events missed while reconnecting).
    static func hello(build: Int) -> ServerEvent {
        ServerEvent(name: "hello", json: Hello(build: String(build)))
    }

    /// A good build: reload, or go to `url` (the page of the one story that changed).
    static func reload(build: Int, url: String?) -> ServerEvent {
        ServerEvent(name: "reload", json: Reload(build: String(build), url: url))
    }

    /// A good build that changed only stylesheets: swapped in place, no reload.
    static func stylesheet(build: Int) -> ServerEvent {
        ServerEvent(name: "stylesheet", json: Hello(build: String(build)))
    }

    /// A failed build: its diagnostics (files as the terminal shows them) and the first
    /// file with an error, for the overlay.
    static func buildError(_ diagnostics: [Diagnostic]) -> ServerEvent {
        let file = (diagnostics.first { $0.severity == .error } ?? diagnostics.first)?.file ?? ""
        return ServerEvent(name: "build-error", json: BuildError(file: file, diagnostics: diagnostics))
    }

    /// The event as the stream carries it (`text/event-stream`).
    var wire: String { "event: \(name)\ndata: \(data)\n\n" }

    private struct Hello: Encodable {
        let build: String
    }

    private struct Reload: Encodable {
        let build: String
        let url: String?
    }

    private struct BuildError: Encodable {
        let file: String
        let diagnostics: [Diagnostic]
    }

    private init(name: String, json: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSON has no raw line breaks outside strings, and inside them they are escaped, so
        // the data stays one `data:` line.
        let data = (try? encoder.encode(json)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        self.name = name
        self.data = data
    }

    init(name: String, data: String) {
        self.name = name
        self.data = data
    }
}
