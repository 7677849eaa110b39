internal import Crypto
internal import Foundation
internal import HushCore
internal import Mustache
internal import Yams

/// A theme made ready to render: its templates parsed into a Mustache library and its
/// assets with fingerprinted names.
///
/// A theme's files come from, in order: the site's `Templates/<theme>/`, the built-in
/// `<theme>`, then the same two for its parent (`theme.yml: parent:`), and so on.
struct Theme: Sendable {
    /// The page templates every theme must provide (directly or through a parent).
    static let pageTemplates = ["base", "story", "list", "top", "tags", "tag", "search", "404", "410"]

    let name: String
    /// The theme and its parents, the theme first: where its string tables come from (`StringTable`).
    let chain: [String]
    let library: MustacheLibrary
    /// Each template's text as the theme has it, for `TemplateFolding`.
    let sources: [String: String]
    /// The last library `TemplateFolding` made of it, and the digest of the values it folded
    /// in: a theme kept across rebuilds (`hush serve`) folds again only when they change.
    let folded: Locked<(values: Digest, library: MustacheLibrary)?> = Locked(nil)
    /// Output path ("assets/style.3f9a2c1b.css") and bytes of every asset.
    let assets: [OutputFile]
    /// `asset.<key>` → root-relative URL; the key is the asset's file name with `.` and `-` as `_`.
    let assetURLs: [String: String]

    /// Loads the theme `name` from the site's templates and the built-in ones.
    /// `optionalPages`: page templates the site's configuration needs besides `pageTemplates`
    /// (`submit` with `submissions: on`), required like them.
    static func load(name: String, siteTemplates: [String: [UInt8]], rootPath: String, optionalPages: [String] = []) -> (Theme?, [Diagnostic]) {
        let builtin = builtinFiles()
        let sources: [(label: String, files: [String: [UInt8]])] = [("Templates/", siteTemplates), ("built-in theme ", builtin)]
        func themeExists(_ theme: String) -> Bool {
            sources.contains { $0.files.keys.contains { $0.hasPrefix(theme + "/") } }
        }
        guard themeExists(name) else {
            let known = Set(sources.flatMap { $0.files.keys.compactMap { $0.split(separator: "/").first.map(String.init) } }).sorted()
            return (
                nil,
                [Diagnostic(.configUnknownTheme, "there is no theme '\(name)'; known themes: \(known.joined(separator: ", "))", file: "hush.yml")]
            )
        }

        // The chain of themes, child first.
        var chain = [name]
        var diagnostics: [Diagnostic] = []
        while let current = chain.last, let (parent, label) = parentOf(current, sources: sources, diagnostics: &diagnostics) {
            if chain.contains(parent) {
                diagnostics.append(
                    Diagnostic(.templateParentCycle, "themes name each other as parent: \((chain + [parent]).joined(separator: " → "))", file: label)
                )
                break
            }
            guard themeExists(parent) else {
                diagnostics.append(
                    Diagnostic(.templateUnknownParent, "theme '\(current)' names parent '\(parent)', which does not exist", file: label)
                )
                break
            }
            chain.append(parent)
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }

        // Resolve each file name to its first provider along the chain.
        var resolved: [String: (label: String, bytes: [UInt8])] = [:]
        for theme in chain.reversed() {
            for source in sources.reversed() {
                for (path, bytes) in source.files where path.hasPrefix(theme + "/") {
                    let inner = String(path.dropFirst(theme.count + 1))
                    guard inner != "theme.yml" else { continue }
                    resolved[inner] = (source.label + path, bytes)
                }
            }
        }

        var templates: [String: MustacheTemplate] = [:]
        var texts: [String: String] = [:]
        var assets: [OutputFile] = []
        var assetURLs: [String: String] = [:]
        for (inner, file) in resolved.sorted(by: { $0.key < $1.key }) {
            if inner.hasPrefix("assets/") {
                let fingerprinted = fingerprint(inner, bytes: file.bytes)
                assets.append(OutputFile(path: fingerprinted, bytes: file.bytes))
                let key = String(inner.dropFirst("assets/".count)).map { $0 == "." || $0 == "-" || $0 == "/" ? "_" : $0 }
                assetURLs[String(key)] = rootPath + fingerprinted
                continue
            }
            guard inner.hasSuffix(".mustache"), !inner.contains("/") else { continue }
            let templateName = String(inner.dropLast(".mustache".count))
            guard let text = String(validating: file.bytes, as: UTF8.self) else {
                diagnostics.append(Diagnostic(.templateEncoding, "this template is not valid UTF-8", file: file.label))
                continue
            }
            texts[templateName] = text
            diagnostics += TemplateCheck.urlAttributeProblems(in: text, file: file.label)
            do {
                // Values arrive escaped already (TemplateValue.plain), so rendering escapes nothing.
                templates[templateName] = try MustacheTemplate(string: TemplateRules.unescapedPragma + "\n" + text)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(
                    Diagnostic(
                        .templateSyntax,
                        "this template cannot be read: \(TemplateRules.describe(error.error))",
                        file: file.label,
                        line: max(1, error.context.lineNumber - 1),
                        column: error.context.columnNumber,
                        sourceLine: .template(error.context.line)
                    )
                )
            } catch {
                diagnostics.append(Diagnostic(.templateSyntax, "this template cannot be read: \(error)", file: file.label))
            }
        }
        for required in pageTemplates + optionalPages
        where templates[required] == nil && !diagnostics.contains(where: { $0.file.hasSuffix("/\(required).mustache") }) {
            diagnostics.append(
                Diagnostic(
                    .templateMissing,
                    "theme '\(name)' has no \(required).mustache (nor has any parent); add Templates/\(name)/\(required).mustache",
                    file: "Templates/\(name)/"
                )
            )
        }
        // Every page must carry hush's Content-Security-Policy, through base and its partials:
        // said once, of base, when base lacks it; else of each page that leaves base out.
        let baseHasPolicy = TemplateCheck.hasPolicy(TemplateCheck.expanded("base", templates: texts))
        for required in pageTemplates + optionalPages where templates[required] != nil && (required == "base") != baseHasPolicy {
            guard !TemplateCheck.hasPolicy(TemplateCheck.expanded(required, templates: texts)) else { continue }
            let label = resolved[required + ".mustache"]?.label ?? "Templates/\(name)/\(required).mustache"
            diagnostics.append(
                Diagnostic(
                    .templateNoCSP,
                    "the pages of \(required).mustache have no Content-Security-Policy meta tag, so browsers would run a script that got into a page; keep {{> base}} in it, and <meta http-equiv=\"Content-Security-Policy\" content=\"{{csp}}\"> in the <head> of base.mustache (or its head partial)",
                    file: label
                )
            )
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        return (
            Theme(
                name: name,
                chain: chain,
                library: MustacheLibrary(templates: templates),
                sources: texts.filter { templates[$0.key] != nil },
                assets: assets,
                assetURLs: assetURLs
            ), diagnostics
        )
    }

    /// What `load` was given and what it made. A process that builds many times (`hush serve`)
    /// keeps the last one in its build cache (`BuildCache.theme`), so a rebuild whose theme
    /// files did not change does not parse its templates again.
    struct Loaded: Sendable {
        var name: String
        var siteTemplates: [String: [UInt8]]
        var rootPath: String
        var optionalPages: [String]
        var theme: Theme?
        var diagnostics: [Diagnostic]
    }

    /// `load(name:siteTemplates:rootPath:optionalPages:)`, or what it made when `last` was
    /// made of the same arguments: a theme is a function of them and of the built-in themes,
    /// which a process does not change. `last` becomes this load.
    static func load(
        name: String,
        siteTemplates: [String: [UInt8]],
        rootPath: String,
        optionalPages: [String] = [],
        reusing last: Locked<Loaded?>
    ) -> (Theme?, [Diagnostic]) {
        if let known = last.withLock({ $0 }), known.name == name, known.rootPath == rootPath, known.optionalPages == optionalPages,
            known.siteTemplates == siteTemplates
        {
            return (known.theme, known.diagnostics)
        }
        let (theme, diagnostics) = load(name: name, siteTemplates: siteTemplates, rootPath: rootPath, optionalPages: optionalPages)
        let loaded = Loaded(
            name: name,
            siteTemplates: siteTemplates,
            rootPath: rootPath,
            optionalPages: optionalPages,
            theme: theme,
            diagnostics: diagnostics
        )
        last.withLock { $0 = loaded }
        return (theme, diagnostics)
    }

    /// `assets/style.css` → `assets/style.<8 hex of SHA-256>.css`.
    static func fingerprint(_ path: String, bytes: [UInt8]) -> String {
        let hash = SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
        guard let dot = path.lastIndex(of: "."), path[dot...].count > 1, !path[..<dot].hasSuffix("/") else { return path + "." + hash }
        return path[..<dot] + "." + hash + path[dot...]
    }

    /// The built-in themes, embedded from the repository's Templates/ at build time.
    static func builtinFiles() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for (path, base64) in builtinThemeFiles {
            if let data = Data(base64Encoded: base64) { files[path] = Array(data) }
        }
        return files
    }

    private static func parentOf(
        _ theme: String,
        sources: [(label: String, files: [String: [UInt8]])],
        diagnostics: inout [Diagnostic]
    ) -> (String, String)? {
        for source in sources {
            guard let bytes = source.files[theme + "/theme.yml"] else { continue }
            let label = source.label + theme + "/theme.yml"
            guard let text = String(validating: bytes, as: UTF8.self), let node = try? Yams.compose(yaml: text) else {
                diagnostics.append(Diagnostic(.templateSyntax, "theme.yml is not valid YAML", file: label))
                return nil
            }
            guard let parent = node.mapping?["parent"]?.string else { return nil }
            return (parent, label)
        }
        return nil
    }
}

/// How hush reads templates: with escaping done beforehand, and errors told in words.
enum TemplateRules {
    /// Turns off swift-mustache's own escaping: every value is escaped when it is made
    /// (`TemplateValue.plain`), once for all the pages that show it, and so `{{x}}` and
    /// `{{{x}}}` are equally safe. It stands on a line of its own before the template
    /// (which renders as nothing); error lines are shifted back by one.
    static let unescapedPragma = "{{% CONTENT_TYPE: TEXT }}"

    static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is opened but never closed ({{/name}})"
        case .invalidSetDelimiter: return "the set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to an inheritance section"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "only block overrides ({{$name}}…{{/name}}) may stand inside {{<parent}}"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "the pragma tag is malformed"
        }
    }
}
