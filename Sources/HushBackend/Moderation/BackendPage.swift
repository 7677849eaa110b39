package import HTTPTypes
package import Hummingbird
internal import HushCore
internal import NIOCore

/// The few pages the backend answers a form post with, when a person (not a script) posted:
/// a report received, a submission waiting (with its withdrawal code), what to change in a
/// refused one. Plain HTML in the site's language tag, every value escaped, no script, and a
/// policy that allows nothing but posting the form back.
struct BackendPage {
    var language: String
    var title: String
    /// The page's body, already HTML (built with `escape`).
    var body: String
    /// Where "back" goes: the story, or the site's home.
    var back: String

    func response(_ status: HTTPResponse.Status) -> Response {
        let html = """
            <!doctype html>
            <html lang="\(HTML.escape(language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <meta name="robots" content="noindex">
            <title>\(HTML.escape(title))</title>
            </head>
            <body>
            <main>
            <h1>\(HTML.escape(title))</h1>
            \(body)
            <p><a href="\(HTML.escape(back))">Back to the site</a></p>
            </main>
            </body>
            </html>

            """
        let bytes = Array(html.utf8)
        var response = Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .contentLength: String(bytes.count), .cacheControl: "no-store",
                .xContentTypeOptions: "nosniff",
                .contentSecurityPolicy: "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
        if let referrer = HTTPField.Name("Referrer-Policy") { response.headers[referrer] = "no-referrer" }
        return response
    }

    static func paragraph(_ text: String) -> String {
        "<p>" + HTML.escape(text) + "</p>"
    }
}
