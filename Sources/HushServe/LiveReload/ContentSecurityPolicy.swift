internal import Foundation
internal import HushCore

/// A Content-Security-Policy as a list of directives, rewritten by `hush serve` so a served
/// page may run the reload script and open the event stream, and nothing else besides what
/// it already allowed.
struct ContentSecurityPolicy: Equatable {
    struct Directive: Equatable {
        var name: String
        var sources: [String]
    }

    var directives: [Directive]

    init(_ text: String) {
        directives = text.split(separator: ";").compactMap { part in
            let words = part.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
            guard let name = words.first else { return nil }
            return Directive(name: name.lowercased(), sources: Array(words.dropFirst()))
        }
    }

    var text: String {
        directives.map { ([$0.name] + $0.sources).joined(separator: " ") }.joined(separator: "; ")
    }

    func sources(of name: String) -> [String]? {
        directives.first { $0.name == name }?.sources
    }

    /// This policy, allowing also the script with hash source `script` and, when
    /// `connection` is given and the page's own origin is not already allowed, that URL.
    /// A directive that the page lacks falls back to `default-src` in browsers, so it is
    /// added with `default-src`'s sources; a page with neither restricts nothing there.
    func allowing(script: String, connection: String?) -> ContentSecurityPolicy {
        var policy = self
        for name in ["script-src", "script-src-elem"] where sources(of: name) != nil {
            policy.add(script, to: name)
        }
        if sources(of: "script-src") == nil, let fallback = sources(of: "default-src") {
            policy.directives.append(Directive(name: "script-src", sources: fallback))
            policy.add(script, to: "script-src")
        }
        let connect = sources(of: "connect-src") ?? sources(of: "default-src")
        if let connect, let connection, !connect.contains("'self'"), !connect.contains("*") {
            if sources(of: "connect-src") == nil { policy.directives.append(Directive(name: "connect-src", sources: connect)) }
            policy.add(connection, to: "connect-src")
        }
        return policy
    }

    private mutating func add(_ source: String, to name: String) {
        guard let index = directives.firstIndex(where: { $0.name == name }) else { return }
        directives[index].sources.removeAll { $0.lowercased() == "'none'" }
        if !directives[index].sources.contains(source) { directives[index].sources.append(source) }
    }

    /// `html` with the policy of its `<meta http-equiv="Content-Security-Policy">` (every one
    /// of them) rewritten by `change`; the attribute is decoded, rewritten and escaped again.
    static func rewriteMeta(in html: String, _ change: (ContentSecurityPolicy) -> ContentSecurityPolicy) -> String {
        var out = ""
        var rest = html[...]
        while let meta = rest.range(of: "<meta", options: .caseInsensitive),
            let close = rest[meta.upperBound...].firstIndex(of: ">")
        {
            let tag = rest[meta.lowerBound..<close]
            out += rest[..<meta.lowerBound]
            rest = rest[close...]
            guard tag.range(of: "content-security-policy", options: .caseInsensitive) != nil,
                let attribute = tag.range(of: "content=\"", options: .caseInsensitive),
                let end = tag[attribute.upperBound...].firstIndex(of: "\"")
            else {
                out += tag
                continue
            }
            let policy = ContentSecurityPolicy(decode(String(tag[attribute.upperBound..<end])))
            out += tag[..<attribute.upperBound] + HTML.escape(change(policy).text) + tag[end...]
        }
        return out + rest
    }

    private static func decode(_ value: String) -> String {
        value.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
