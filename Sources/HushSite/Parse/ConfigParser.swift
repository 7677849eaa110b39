internal import Foundation
internal import HushCore
internal import HushGuard
internal import Yams

/// Reads `hush.yml` into a `SiteConfig`; every problem is a `config.*` diagnostic.
enum ConfigParser {
    static let keys = [
        "title", "base_url", "description", "language", "page_size", "feed_size", "theme", "secret", "smart_punctuation", "robots", "anonymity",
        "feeds", "region",
        "tags_per_story", "backend", "moderation", "submissions", "release", "images",
    ]
    static let imagesKeys = ["ocr"]
    static let anonymityKeys = ["date_precision", "min_tag_size", "pii"]
    static let feedsKeys = ["cw"]
    static let backendKeys = ["url", "ledger"]
    static let moderationKeys = ["hold_after"]
    static let releaseKeys = ["every", "min", "max_wait"]

    /// `localPreview`: the site is only looked at on the publisher's machine (`hush serve`),
    /// where a placeholder base_url is fine; every other build reports it.
    static func parse(_ file: SourceFile, localPreview: Bool = false) -> (SiteConfig?, [Diagnostic]) {
        guard var text = String(validating: file.bytes, as: UTF8.self) else {
            return (nil, [Diagnostic(.configEncoding, "hush.yml is not valid UTF-8; save it as UTF-8", file: file.path)])
        }
        // A byte order mark, as some editors write, is not part of the YAML (stories skip it too).
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var yaml = YAMLDocument(
            file: file.path,
            lineOffset: 0,
            codes: .config,
            lines: Substring.lines(of: text),
            knownKeys: keys + anonymityKeys + feedsKeys + backendKeys + moderationKeys + releaseKeys + imagesKeys
                + PersonalDataKind.allCases.map(\.rawValue)
        )
        guard let pairs = yaml.mapping(of: text, emptyLine: 1) else { return (nil, yaml.diagnostics) }

        var title: String?
        var baseURL: String?
        var config = SiteConfig.Settings()
        var region: Region?
        var submissionsNode: Node?
        for (key, value) in pairs {
            switch key.value {
            case "title": title = yaml.text(value, key: key.value)
            case "base_url":
                guard let url = yaml.text(value, key: key.value) else { break }
                if url.hasPrefix("https://") || url.hasPrefix("http://"), url.split(separator: "/").count >= 2, !url.contains(" ") {
                    baseURL = url.hasSuffix("/") ? url : url + "/"
                    if !localPreview, isPlaceholder(url) {
                        yaml.report(
                            .configPlaceholderURL,
                            "base_url is still the placeholder \(url); set it to the address the site is served at, or feeds, the sitemap and shared links point nowhere",
                            at: value
                        )
                    }
                } else {
                    yaml.report(
                        .configInvalidValue,
                        "base_url must be the absolute address the site is served at, like https://example.org/",
                        at: value
                    )
                    baseURL = "https://example.org/"
                }
            case "description": config.description = yaml.text(value, key: key.value)
            case "language": config.language = yaml.languageTag(value, key: key.value) ?? config.language
            case "page_size": config.pageSize = yaml.integer(value, key: key.value, range: 1...1000) ?? config.pageSize
            case "feed_size": config.feedSize = yaml.integer(value, key: key.value, range: 1...10000) ?? config.feedSize
            case "tags_per_story": config.tagsPerStory = yaml.integer(value, key: key.value, range: 1...1000) ?? config.tagsPerStory
            case "theme": config.theme = yaml.text(value, key: key.value) ?? config.theme
            case "secret":
                // `secret: ""` or a short one is refused, never used: ids keyed with nothing.
                guard let secret = yaml.text(value, key: key.value) else { break }
                if let problem = SecretRule.problem(with: secret) {
                    yaml.report(.configWeakSecret, "secret \(problem)", at: value)
                } else {
                    config.secret = secret
                }
            case "smart_punctuation": config.smartPunctuation = yaml.boolean(value, key: key.value) ?? false
            case "robots":
                switch yaml.text(value, key: key.value) {
                case "noindex": config.noindex = true
                case "index", nil: config.noindex = false
                default: yaml.report(.configInvalidValue, "robots must be index or noindex", at: value)
                }
            case "anonymity": parseAnonymity(value, into: &config.anonymity, yaml: &yaml)
            case "feeds": parseFeeds(value, into: &config.feeds, yaml: &yaml)
            case "backend": parseBackend(value, into: &config.backend, yaml: &yaml)
            case "moderation": parseModeration(value, into: &config.moderation, yaml: &yaml)
            case "submissions":
                submissionsNode = value
                // `on` and `off` as the issue and the docs write them; true and false as YAML would.
                switch value.scalar?.string {
                case "on", "true": config.submissions = true
                case "off", "false": config.submissions = false
                default: yaml.report(.configInvalidValue, "submissions must be on (a /submit/ page for anonymous stories) or off", at: value)
                }
            case "release": config.release = parseRelease(value, yaml: &yaml)
            case "images": parseImages(value, into: &config.images, yaml: &yaml)
            case "region":
                guard let code = yaml.text(value, key: key.value) else { break }
                region = Region(code).flatMap { PhoneNumberRegions.contains($0) ? $0 : nil }
                if region == nil {
                    yaml.report(
                        .configInvalidValue,
                        "region must be a two-letter country code (ISO 3166-1), like US, GB or IN (the United Kingdom is GB)",
                        at: value
                    )
                }
            default: yaml.unknownKey(key, known: keys, what: "hush.yml")
            }
        }
        config.regions = region.map { [$0] } ?? Region.readIn(language: config.language)
        if config.submissions, config.backend.url == nil, let submissionsNode {
            yaml.report(
                .configInvalidValue,
                "submissions: on needs a backend to post to; add `backend: {url: \"https://…/\"}` (the address hush backend answers at), or set submissions: off",
                at: submissionsNode
            )
        }
        // A title that was given but refused has its own error already.
        if title == nil, !pairs.contains(where: { $0.key.value == "title" }) {
            yaml.report(.configMissingKey, "hush.yml needs a title: add a line like `title: \"My stories\"`", line: 1, column: 1, showLine: false)
        }
        if baseURL == nil, !pairs.contains(where: { $0.key.value == "base_url" }) {
            yaml.report(
                .configMissingKey,
                "hush.yml needs base_url, the address the site is served at: add `base_url: \"https://example.org/\"`",
                line: 1,
                column: 1,
                showLine: false
            )
        }
        guard let title, let baseURL, yaml.diagnostics.allSatisfy({ $0.severity != .error }) else { return (nil, yaml.diagnostics) }
        return (SiteConfig(title: title, baseURL: baseURL, settings: config), yaml.diagnostics)
    }

    /// True for an address on a host reserved for examples (RFC 2606: example.org, .com,
    /// .net, and their www.), which `hush init` writes and no site is served at.
    static func isPlaceholder(_ url: String) -> Bool {
        guard let start = url.firstRange(of: "://") else { return false }
        let host = url[start.upperBound...].prefix { $0 != "/" && $0 != ":" && $0 != "?" && $0 != "#" }.lowercased()
        let name = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        return ["example.org", "example.com", "example.net"].contains(name)
    }

    /// `backend:`: the hearts service's public address and the ledger a build reads.
    private static func parseBackend(_ node: Node, into backend: inout BackendSettings, yaml: inout YAMLDocument) {
        guard let mapping = node.mapping else {
            yaml.report(.configType, "backend must be a group of keys: url, ledger", at: node)
            return
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { continue }
            let (line, column) = yaml.position(of: keyNode)
            switch key {
            case "url":
                guard let url = yaml.text(value, key: key) else { break }
                if let normalized = backendURL(url) {
                    backend.url = normalized
                } else {
                    yaml.report(
                        .configInvalidValue,
                        "backend.url must be the backend's absolute public address, like https://stories.example.org/ (same origin as the site, through a reverse proxy, is the usual set-up: docs/backend.md): http or https, a host, no query, fragment or user name",
                        at: value
                    )
                }
            case "ledger":
                guard let path = yaml.text(value, key: key) else { break }
                if path.allSatisfy(\.isWhitespace) {
                    yaml.report(
                        .configInvalidValue,
                        "backend.ledger must be the ledger's path, relative to the site folder, like ledger.json",
                        at: value
                    )
                } else {
                    let (valueLine, valueColumn) = yaml.position(of: value)
                    backend.ledger = Located(value: path, line: valueLine, column: valueColumn)
                }
            default:
                yaml.unknownKey(Located(value: key, line: line, column: column), known: backendKeys, what: "backend")
            }
        }
    }

    private static func parseModeration(_ node: Node, into policy: inout ModerationPolicy, yaml: inout YAMLDocument) {
        guard let mapping = node.mapping else {
            yaml.report(.configType, "moderation must be a group of keys: hold_after", at: node)
            return
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { continue }
            let (line, column) = yaml.position(of: keyNode)
            switch key {
            case "hold_after": policy.holdAfter = yaml.integer(value, key: key, range: 1...10000) ?? policy.holdAfter
            default:
                yaml.unknownKey(Located(value: key, line: line, column: column), known: moderationKeys, what: "moderation")
            }
        }
    }

    /// `url` as backend.url keeps it (ending in "/", so `hearts/<id>` can follow), or nil
    /// when it is not an absolute http(s) address of a host: anything else in a form's
    /// action or the CSP would send readers' hearts somewhere unintended, or nowhere.
    static func backendURL(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"),
            !url.contains(where: {
                $0.isWhitespace || $0 == "?" || $0 == "#" || $0 == "\\" || $0 == "\"" || $0 == "'" || $0 == "<" || $0 == ">" || $0 == ";" || $0 == ","
            }),
            let schemeEnd = url.firstRange(of: "://")
        else { return nil }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" }
        guard !authority.contains("@"), authority.allSatisfy({ $0.isASCII }) else { return nil }
        // The host, and after it an optional port ("[::1]:8081" for an IPv6 address).
        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]"), authority.distance(from: authority.startIndex, to: close) > 1 else { return nil }
            let rest = authority[authority.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return nil }
            portText = rest.isEmpty ? nil : rest.dropFirst()
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let host = parts.first, !host.isEmpty else { return nil }
            portText = parts.count > 1 ? parts[1] : nil
        }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else { return nil }
        }
        return url.hasSuffix("/") ? url : url + "/"
    }

    /// `release: {every: week, min: 5, max_wait: 4}` (docs/moderation.md, "Batched release").
    private static func parseRelease(_ node: Node, yaml: inout YAMLDocument) -> ReleasePolicy? {
        guard let mapping = node.mapping else {
            yaml.report(.configType, "release must be a group of keys: every (day, week or month), min, max_wait", at: node)
            return nil
        }
        var policy = ReleasePolicy()
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { continue }
            let (line, column) = yaml.position(of: keyNode)
            switch key {
            case "every":
                guard let text = yaml.text(value, key: key) else { break }
                if let period = DatePrecision(rawValue: text) {
                    policy.every = period
                } else {
                    yaml.report(.configInvalidValue, "release.every must be day, week or month: how often a batch of stories appears", at: value)
                }
            case "min": policy.min = yaml.integer(value, key: key, range: 1...10000) ?? policy.min
            case "max_wait": policy.maxWait = yaml.integer(value, key: key, range: 1...1000) ?? policy.maxWait
            default:
                yaml.unknownKey(Located(value: key, line: line, column: column), known: releaseKeys, what: "release")
            }
        }
        return policy
    }

    private static func parseFeeds(_ node: Node, into policy: inout FeedPolicy, yaml: inout YAMLDocument) {
        guard let mapping = node.mapping else {
            yaml.report(.configType, "feeds must be a group of keys: cw", at: node)
            return
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { continue }
            let (line, column) = yaml.position(of: keyNode)
            switch key {
            case "cw":
                guard let text = yaml.text(value, key: key) else { break }
                if let warned = FeedPolicy.Warned(rawValue: text) {
                    policy.cw = warned
                } else {
                    yaml.report(
                        .configInvalidValue,
                        "feeds.cw must be link (a warned story's entry holds its warning and a link) or full (the whole story)",
                        at: value
                    )
                }
            default:
                yaml.unknownKey(Located(value: key, line: line, column: column), known: feedsKeys, what: "feeds")
            }
        }
    }

    private static func parseImages(_ node: Node, into policy: inout ImagePolicy, yaml: inout YAMLDocument) {
        guard let mapping = node.mapping else {
            yaml.report(.configType, "images must be a group of keys: ocr", at: node)
            return
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { continue }
            let (line, column) = yaml.position(of: keyNode)
            switch key {
            case "ocr": policy.ocr = yaml.boolean(value, key: "images.ocr") ?? false
            default: yaml.unknownKey(Located(value: key, line: line, column: column), known: imagesKeys, what: "images")
            }
        }
    }

    private static func parseAnonymity(_ node: Node, into policy: inout AnonymityPolicy, yaml: inout YAMLDocument) {
        guard let mapping = node.mapping else {
            yaml.report(.configType, "anonymity must be a group of keys: date_precision, min_tag_size, pii", at: node)
            return
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { continue }
            let (line, column) = yaml.position(of: keyNode)
            switch key {
            case "date_precision":
                guard let text = yaml.text(value, key: key) else { break }
                if let precision = DatePrecision(rawValue: text) {
                    policy.datePrecision = precision
                } else {
                    yaml.report(.configInvalidValue, "date_precision must be day, week or month", at: value)
                }
            case "min_tag_size": policy.minTagSize = yaml.integer(value, key: key, range: 1...1000) ?? policy.minTagSize
            case "pii":
                if let action = value.scalar.flatMap({ AnonymityPolicy.Action(rawValue: $0.string) }) {
                    for kind in PersonalDataKind.allCases { policy.personalData[kind] = action }
                    break
                }
                guard let kinds = value.mapping else {
                    yaml.report(
                        .configType,
                        "pii must be fail, redact or warn, or one of those for each kind (email: fail, handle: warn, …)",
                        at: value
                    )
                    break
                }
                for (kindNode, actionNode) in kinds {
                    let name = kindNode.scalar?.string ?? ""
                    guard let kind = PersonalDataKind(rawValue: name) else {
                        let (l, c) = yaml.position(of: kindNode)
                        yaml.unknownKey(Located(value: name, line: l, column: c), known: PersonalDataKind.allCases.map(\.rawValue), what: "pii")
                        continue
                    }
                    guard let action = actionNode.scalar.flatMap({ AnonymityPolicy.Action(rawValue: $0.string) }) else {
                        yaml.report(.configInvalidValue, "the policy for \(name) must be fail, redact or warn", at: actionNode)
                        continue
                    }
                    policy.personalData[kind] = action
                }
            default:
                yaml.unknownKey(Located(value: key, line: line, column: column), known: anonymityKeys, what: "anonymity")
            }
        }
    }
}
