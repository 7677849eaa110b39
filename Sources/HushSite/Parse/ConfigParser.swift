internal import HushCore
internal import HushGuard
internal import Yams

/// Reads `hush.yml` into a `SiteConfig`; every problem is a `config.*` diagnostic.
enum ConfigParser {
    static let keys = [
        "title", "base_url", "description", "language", "page_size", "feed_size", "theme", "secret", "smart_punctuation", "robots", "anonymity",
        "feeds", "region",
        "tags_per_story",
        "images",
    ]
    static let imagesKeys = ["ocr"]
    static let anonymityKeys = ["date_precision", "min_tag_size", "pii"]
    static let feedsKeys = ["cw"]

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
            knownKeys: keys + anonymityKeys + feedsKeys + PersonalDataKind.allCases.map(\.rawValue)
        )
        guard let pairs = yaml.mapping(of: text, emptyLine: 1) else { return (nil, yaml.diagnostics) }

        var title: String?
        var baseURL: String?
        var config = SiteConfig.Settings()
        var region: Region?
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
