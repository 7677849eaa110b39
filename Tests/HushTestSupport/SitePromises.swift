// The promises every built site keeps whatever its theme (README "What the guard does",
// docs/themes.md "The Content-Security-Policy" and "What every theme must do"), as one
// checker every test reuses: the exact Content-Security-Policy, no inline script, nothing
// loaded from another origin, and links out of the site that pass nothing on.

import Foundation

// MARK: - Content-Security-Policy

/// The policy every page carries, and how to read one.
package enum ContentSecurityPolicy {
    /// Every directive and its exact sources: styles, scripts, images, fonts and fetches from
    /// the site itself only; nothing else at all. Written out here, not taken from the product,
    /// so a change to the product's policy is a failing test.
    package static let expected: [String: Set<String>] = [
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
    ]

    /// Sources that open a policy to inline code or to any origin; none may appear anywhere.
    package static let forbiddenSources: Set<String> = [
        "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "'strict-dynamic'", "'inline-speculation-rules'",
        "*", "data:", "blob:", "filesystem:", "http:", "https:", "ws:", "wss:",
    ]

    /// The directives of a policy: names lower-cased (they are case-insensitive), each with
    /// its list of sources as written. Every directive is kept, so duplicates can be seen.
    package static func directives(of policy: String) -> [(name: String, sources: [String])] {
        policy.split(separator: ";").compactMap { part in
            let tokens = part.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{C}" }).map(String.init)
            guard let name = tokens.first else { return nil }
            return (name.lowercased(), Array(tokens.dropFirst()))
        }
    }

    /// Everything in `policy` (the decoded content of the meta) that is not exactly the
    /// expected policy: a missing, extra or repeated directive, a source added or missing,
    /// any source that allows inline code or other origins. Empty when it is exact.
    /// `formOrigins`: the site's backend origin (`backend.url`), which `form-action` names
    /// too, and only then.
    package static func problems(in policy: String, formOrigins: Set<String> = []) -> [String] {
        var expected = expected
        expected["form-action", default: []].formUnion(formOrigins)
        // hearts.js asks the backend for counts: its origin is the one fetch may reach too.
        expected["connect-src", default: []].formUnion(formOrigins)
        var problems: [String] = []
        let found = directives(of: policy)
        var seen: [String: Set<String>] = [:]
        for directive in found {
            // Keywords and schemes are case-insensitive too.
            let sources = directive.sources.map { $0.lowercased() }
            for source in sources where forbiddenSources.contains(source) || source.hasPrefix("'nonce-") || source.hasPrefix("'sha") {
                problems.append("\(directive.name) allows \(source)")
            }
            if seen[directive.name] != nil {
                problems.append("\(directive.name) appears twice (a browser ignores the second)")
                continue
            }
            if Set(sources).count != sources.count { problems.append("\(directive.name) repeats a source: \(sources)") }
            seen[directive.name] = Set(sources)
        }
        for (name, sources) in expected.sorted(by: { $0.key < $1.key }) {
            guard let actual = seen[name] else {
                problems.append("no \(name) directive")
                continue
            }
            if actual != sources {
                problems.append("\(name) is \(actual.sorted().joined(separator: " ")), not \(sources.sorted().joined(separator: " "))")
            }
        }
        for name in seen.keys.sorted() where expected[name] == nil {
            problems.append("unexpected directive \(name) \(seen[name]!.sorted().joined(separator: " "))")
        }
        return problems
    }
}

// MARK: - The whole site

/// One place where a built site breaks a promise.
package struct PromiseViolation: Sendable, CustomStringConvertible {
    /// The promises, one a kind of check.
    package enum Promise: String, Sendable, CaseIterable {
        /// Exactly one policy meta per page, in <head> before anything loads, exactly the policy.
        case contentSecurityPolicy = "content-security-policy"
        /// `<meta name="referrer" content="no-referrer">` on every page.
        case referrerPolicy = "referrer-policy"
        /// No `<script>` without src, no code in one, no on* attribute, no javascript: URL,
        /// no script outside the search page, no HTML built from strings in a script asset.
        case noInlineScript = "no-inline-script"
        /// No style attribute and no <style> element (the policy would block them anyway).
        case noInlineStyle = "no-inline-style"
        /// Every URL that loads, submits or embeds is on the site's own origin.
        case sameOrigin = "same-origin"
        /// Links out of the site carry rel="noopener noreferrer nofollow".
        case externalLinkRel = "external-link-rel"
    }

    package let promise: Promise
    /// The output file, `s/k3v9q2mf/index.html`, with the line when known.
    package let place: String
    package let detail: String

    package var description: String { "\(place): [\(promise.rawValue)] \(detail)" }
}

/// Checks a built site's files against the promises; `origin` is `https://host` of base_url.
package struct SitePromises: Sendable {
    package let origin: String
    /// The pages that may load a script: docs/themes.md allows JavaScript for search only.
    package let scriptPages: Set<String>
    /// The backend's origin, when the site has one (`backend.url`): forms may post there
    /// (a `<form action>`, and the policy's `form-action`), and nothing else may use it.
    package let formOrigins: Set<String>

    /// `origin` is base_url's scheme and host, `https://stories.example.org`.
    package init(origin: String, scriptPages: Set<String> = ["search/index.html"], formOrigins: Set<String> = []) {
        self.origin = origin.hasSuffix("/") ? String(origin.dropLast()) : origin
        self.scriptPages = scriptPages
        self.formOrigins = formOrigins
    }

    /// Attributes that make the browser fetch, navigate or submit to a URL.
    static let urlAttributes: Set<String> = [
        "src", "href", "srcset", "action", "formaction", "poster", "data", "background", "cite", "longdesc", "manifest", "icon",
        "ping", "xlink:href", "codebase", "archive", "lowsrc", "dynsrc", "imagesrcset", "data-index",
    ]
    /// Elements that embed another document or plug-in: never in a page.
    static let embeddingElements: Set<String> = ["iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"]
    /// What a link out of the site must say.
    package static let externalRel: Set<String> = ["noopener", "noreferrer", "nofollow"]

    /// Every broken promise in `files` (all of a build's output), one line each; empty when
    /// every page, stylesheet and script keeps them.
    package func violations(in files: [String: [UInt8]]) -> [PromiseViolation] {
        var problems: [PromiseViolation] = []
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let text = String(decoding: bytes, as: UTF8.self)
            if path.hasSuffix(".html") {
                problems += pageViolations(path: path, html: text)
            } else if path.hasSuffix(".css") {
                problems += stylesheetViolations(path: path, css: text)
            } else if path.hasSuffix(".js") {
                problems += scriptViolations(path: path, script: text)
            }
        }
        return problems
    }

    /// One page: the CSP and referrer metas first, no inline script or style, no embedded
    /// documents, every URL on this origin except links out, which carry `rel`.
    package func pageViolations(path: String, html: String) -> [PromiseViolation] {
        let document = HTMLDocument(html)
        var problems: [PromiseViolation] = []
        func problem(_ node: HTMLDocument.Node, _ promise: PromiseViolation.Promise, _ what: String) {
            problems.append(PromiseViolation(promise: promise, place: "\(path):\(node.line)", detail: "\(what): \(node.source)"))
        }
        let indexed = document.elements
        let elements = indexed.map(\.node)

        // The policy: exactly one meta, in <head> before anything that loads, saying exactly the policy.
        let policies = indexed.filter { $0.node.name == "meta" && $0.node.attribute("http-equiv")?.lowercased() == "content-security-policy" }
        if policies.count != 1 {
            problems.append(
                PromiseViolation(promise: .contentSecurityPolicy, place: path, detail: "\(policies.count) Content-Security-Policy metas, not 1")
            )
        }
        if let (policyIndex, policy) = policies.first {
            for issue in ContentSecurityPolicy.problems(in: policy.attribute("content") ?? "", formOrigins: formOrigins) {
                problem(policy, .contentSecurityPolicy, issue)
            }
            let loading: Set<String> = ["link", "script", "style", "img", "base", "iframe", "object", "embed", "video", "audio", "source"]
            if let first = indexed.first(where: { loading.contains($0.node.name) }), first.index < policyIndex {
                problem(first.node, .contentSecurityPolicy, "loads before the Content-Security-Policy meta")
            }
            if policy.parent.map({ document.nodes[$0].name }) != "head" {
                problem(policy, .contentSecurityPolicy, "the Content-Security-Policy meta is not in <head>")
            }
        }
        let referrers = elements.filter { $0.name == "meta" && $0.attribute("name")?.lowercased() == "referrer" }
        if referrers.map({ $0.attribute("content") ?? "" }) != ["no-referrer"] {
            problems.append(
                PromiseViolation(
                    promise: .referrerPolicy,
                    place: path,
                    detail: "referrer metas \(referrers.map(\.source)), not one saying no-referrer"
                )
            )
        }

        for node in elements {
            // Inline code and style.
            for attribute in node.attributes where attribute.name.hasPrefix("on") {
                problem(node, .noInlineScript, "event handler attribute \(attribute.name)")
            }
            if node.attribute("style") != nil { problem(node, .noInlineStyle, "style attribute (the CSP blocks it)") }
            if node.name == "style" { problem(node, .noInlineStyle, "<style> element (the CSP blocks it)") }
            if node.name == "script" {
                if !scriptPages.contains(path) { problem(node, .noInlineScript, "a script on a page that is not search") }
                if node.attribute("src") == nil { problem(node, .noInlineScript, "inline <script>") }
                if !node.text.allSatisfy({ $0.isWhitespace }) { problem(node, .noInlineScript, "<script> with inline code") }
            }
            if Self.embeddingElements.contains(node.name) { problem(node, .sameOrigin, "<\(node.name)> element") }
            if node.name == "meta", node.attribute("http-equiv")?.lowercased() == "refresh" { problem(node, .sameOrigin, "meta refresh") }

            // URLs.
            for attribute in node.attributes where Self.urlAttributes.contains(attribute.name) {
                let urls =
                    attribute.name.hasSuffix("srcset")
                    ? attribute.value.split(separator: ",").compactMap { $0.split(separator: " ").first.map(String.init) }
                    : attribute.name == "ping" ? attribute.value.split(separator: " ").map(String.init) : [attribute.value]
                for url in urls {
                    let scheme = Self.scheme(of: url)
                    if let scheme, scheme != "http", scheme != "https" {
                        let promise: PromiseViolation.Promise = ["javascript", "vbscript"].contains(scheme) ? .noInlineScript : .sameOrigin
                        problem(node, promise, "\(attribute.name) with a \(scheme): URL")
                        continue
                    }
                    guard !isSameOrigin(url) else { continue }
                    if node.name == "form", attribute.name == "action", formOrigins.contains(where: { Self.isOnOrigin(url, $0) }) { continue }
                    if (node.name == "a" || node.name == "area") && attribute.name == "href" {
                        let rel = Set((node.attribute("rel") ?? "").lowercased().split(separator: " ").map(String.init))
                        if !rel.isSuperset(of: Self.externalRel) {
                            problem(node, .externalLinkRel, "link out of the site without rel=\"noopener noreferrer nofollow\"")
                        }
                    } else {
                        problem(node, .sameOrigin, "\(attribute.name) loads from another origin")
                    }
                }
            }
        }
        return problems
    }

    /// A stylesheet: every `url(…)` and `@import` on this origin (and no `data:`, which the
    /// CSP's img-src and font-src refuse), no `expression()`.
    package func stylesheetViolations(path: String, css: String) -> [PromiseViolation] {
        var problems: [PromiseViolation] = []
        func problem(_ promise: PromiseViolation.Promise, _ what: String) {
            problems.append(PromiseViolation(promise: promise, place: path, detail: what))
        }
        // Comments say anything; they load nothing.
        var stripped = ""
        var rest = css[...]
        while let open = rest.range(of: "/*") {
            stripped += rest[..<open.lowerBound]
            rest = rest[open.upperBound...].range(of: "*/").map { rest[$0.upperBound...] } ?? ""
        }
        stripped += rest
        let lowered = stripped.lowercased()
        var targets: [String] = []
        var search = lowered[...]
        while let open = search.range(of: "url(") {
            let after = search[open.upperBound...]
            let close = after.firstIndex(of: ")") ?? after.endIndex
            targets.append(after[..<close].trimmingCharacters(in: [" ", "\"", "'", "\n", "\t"]))
            search = after[close...]
        }
        search = lowered[...]
        while let open = search.range(of: "@import") {
            let after = search[open.upperBound...].drop { $0 == " " }
            if after.hasPrefix("\"") || after.hasPrefix("'") {
                let quote = after.first!
                let body = after.dropFirst()
                targets.append(String(body.prefix { $0 != quote }))
            }
            search = after
        }
        for target in targets {
            if let scheme = Self.scheme(of: target), scheme != "http", scheme != "https" {
                problem(.sameOrigin, "url(\(target)) uses \(scheme):")
            } else if !isSameOrigin(target) {
                problem(.sameOrigin, "url(\(target)) loads from another origin")
            }
        }
        if lowered.contains("expression(") { problem(.noInlineScript, "expression() runs script") }
        return problems
    }

    /// A script: no HTML built from strings (docs/themes.md, Search: `textContent` only),
    /// no code from strings, no address of another site.
    package func scriptViolations(path: String, script: String) -> [PromiseViolation] {
        var problems: [PromiseViolation] = []
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc"] where script.contains(sink)
        {
            problems.append(PromiseViolation(promise: .noInlineScript, place: path, detail: "uses \(sink)"))
        }
        for scheme in ["http://", "https://", "wss://", "ws://"] where script.contains(scheme) {
            problems.append(PromiseViolation(promise: .sameOrigin, place: path, detail: "names an address \(scheme)…"))
        }
        return problems
    }

    /// True when `url` is on `origin` (`https://host[:port]`), nothing but a path after it.
    static func isOnOrigin(_ url: String, _ origin: String) -> Bool {
        let lowered = browserForm(of: url).lowercased()
        return lowered.hasPrefix(origin.lowercased() + "/")
    }

    /// True for a relative URL or one on `origin`; false for another scheme, host or port.
    package func isSameOrigin(_ url: String) -> Bool {
        let trimmed = Self.browserForm(of: url)
        if trimmed.hasPrefix("//") || trimmed.hasPrefix("\\\\") || trimmed.hasPrefix("/\\") || trimmed.hasPrefix("\\/") {
            return false
        }
        guard Self.scheme(of: trimmed) != nil else { return true }
        let lowered = trimmed.lowercased()
        return lowered == origin.lowercased() || lowered.hasPrefix(origin.lowercased() + "/") || lowered.hasPrefix(origin.lowercased() + "?")
            || lowered.hasPrefix(origin.lowercased() + "#")
    }

    /// A URL as a browser reads it: spaces and controls around it dropped, tabs and newlines
    /// inside it ignored.
    static func browserForm(of url: String) -> String {
        let scalars = url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        var text = String(String.UnicodeScalarView(scalars))
        while let first = text.unicodeScalars.first, first.value <= 0x20 { text.unicodeScalars.removeFirst() }
        while let last = text.unicodeScalars.last, last.value <= 0x20 { text.unicodeScalars.removeLast() }
        return text
    }

    /// The scheme of a URL, lower-cased; nil for a relative one.
    package static func scheme(of url: String) -> String? {
        let form = browserForm(of: url)
        guard let colon = form.firstIndex(of: ":") else { return nil }
        let scheme = form[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        return scheme.lowercased()
    }
}
