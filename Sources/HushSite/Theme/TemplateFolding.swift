internal import HushCore
internal import Mustache

/// The values that are the same on every page of a build (`PageContext.common`: the site's
/// words `t.…`, its addresses `urls.…` and `asset.…`, `site.…`, `csp`, `backend.…`) written
/// into the templates before a build renders any page with them (docs/architecture.md,
/// "Folded templates").
///
/// swift-mustache finds a value by walking the context stack with a few dynamic casts at each
/// step, which costs about as much per `{{t.nav_home}}` as rendering a line of text; a page
/// of the built-in themes looks up some sixty of these values. Folding replaces each such
/// variable tag by its text, so it is looked up once a build instead of once a page.
///
/// Folding never changes what a page renders to: a tag is folded only where the library
/// would find the same text, and only when the text leaves the template's shape as it was.
/// - Only variable tags (`{{a.b}}`, `{{{a.b}}}`, `{{& a.b}}`) are folded, never sections,
///   partials or tags with transforms: the Mustache rules for standalone lines apply to those
///   and would read a changed line differently.
/// - Their name starts at one of the `roots`, which are keys of the page's root value only:
///   no value that a section puts on the stack (a story, a tag, a page of a list) has a key of
///   that name (their names are fixed in `PageContext`; `TemplateFoldingTests` walks every
///   page's values), so no section can make the name mean something else. Inside a section opened on a root value that is a group or list (like
///   `{{#t}}`), where the name could mean another value, nothing is folded; a template that
///   includes a partial there, or changes the delimiters, or uses inheritance, is left whole
///   (and, for a partial, the whole library is).
/// - The text is folded only when it is one line with something besides spaces, no braces,
///   and a first character that starts a grapheme: the line it is on stays a line that is not
///   standalone, and the parser reads the tags around it as before.
enum TemplateFolding {
    /// The keys of `PageContext.common` whose values are folded.
    static let roots: Set<String> = ["site", "urls", "asset", "csp", "t", "backend"]

    /// The theme's templates with `common` folded into them, as a library; the theme's own
    /// library if the templates cannot be folded as a whole (see above).
    static func library(_ theme: Theme, common: [String: TemplateValue]) -> MustacheLibrary {
        var bytes: [UInt8] = []
        TemplateValue.group(common).serialize(into: &bytes)
        let values = Digest.of(bytes)
        if let last = theme.folded.withLock({ $0 }), last.values == values { return last.library }
        let library = folding(theme, common: common)
        theme.folded.withLock { $0 = (values, library) }
        return library
    }

    private static func folding(_ theme: Theme, common: [String: TemplateValue]) -> MustacheLibrary {
        var templates: [String: MustacheTemplate] = [:]
        for (name, source) in theme.sources {
            switch fold(source, common: common) {
            case .folded(let text):
                guard let template = try? MustacheTemplate(string: TemplateRules.unescapedPragma + "\n" + text) else { return theme.library }
                templates[name] = template
            case .unchanged:
                guard let template = theme.library.getTemplate(named: name) else { return theme.library }
                templates[name] = template
            case .notForThisLibrary:
                return theme.library
            }
        }
        return MustacheLibrary(templates: templates)
    }

    /// What folding made of one template.
    enum Result: Equatable {
        case folded(String)
        /// Nothing to fold, or the template is one that is left whole.
        case unchanged
        /// A partial is included where the names could mean other values: no template of
        /// this library may be folded.
        case notForThisLibrary
    }

    /// `source` (a template as the theme has it, without the pragma) with `common` folded in.
    static func fold(_ source: String, common: [String: TemplateValue]) -> Result {
        let bytes = Array(source.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var changed = false
        // Per open section: whether a name starting at a root may mean another value inside it.
        var sections: [Bool] = []
        var index = 0
        var copied = 0
        while let open = find([0x7B, 0x7B], in: bytes, from: index) {
            let kindIndex = open + 2
            guard kindIndex < bytes.count else { break }
            let kind = bytes[kindIndex]
            let triple = kind == 0x7B  // {
            let closing: [UInt8] = triple ? [0x7D, 0x7D, 0x7D] : [0x7D, 0x7D]
            guard let close = find(closing, in: bytes, from: kindIndex) else { return .unchanged }
            let end = close + closing.count
            let nameStart = triple || kind == 0x26 || isSigil(kind) ? kindIndex + 1 : kindIndex
            let name = String(decoding: bytes[nameStart..<close], as: UTF8.self).trimmingWhitespace
            switch kind {
            case 0x3D, 0x3C, 0x24:  // = < $: other delimiters, inheritance
                return .unchanged
            case 0x23:  // #
                sections.append(sections.last == true || mayShadow(section: name, common: common))
            case 0x5E:  // ^ pushes nothing
                sections.append(sections.last == true)
            case 0x2F:  // /
                guard !sections.isEmpty else { return .unchanged }
                sections.removeLast()
            case 0x3E:  // >
                if sections.last == true || name.hasPrefix("*") { return .notForThisLibrary }
            case 0x21, 0x25:  // ! %
                break
            default:
                guard sections.last != true, let text = foldable(name, common: common) else { break }
                output.append(contentsOf: bytes[copied..<open])
                output.append(contentsOf: text.utf8)
                copied = end
                changed = true
            }
            index = end
        }
        guard changed else { return .unchanged }
        output.append(contentsOf: bytes[copied...])
        return .folded(String(decoding: output, as: UTF8.self))
    }

    /// The text a variable tag named `name` shows on every page, when it may be folded.
    static func foldable(_ name: String, common: [String: TemplateValue]) -> String? {
        guard let value = rootValue(name, common: common), case .text(let text) = value, isSafe(text) else { return nil }
        return text
    }

    /// The value `name` names when it starts at one of the `roots`: `.some(nil)` for a root
    /// name `common` lacks, nil for a name that starts elsewhere.
    private static func rootValue(_ name: String, common: [String: TemplateValue]) -> TemplateValue?? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, roots.contains(String(first)) else { return nil }
        var value = common[String(first)]
        for part in parts.dropFirst() { value = value?[String(part)] }
        return .some(value)
    }

    /// One line with something besides spaces, no braces, and a first character that starts
    /// a grapheme (so it cannot join the tag before it).
    private static func isSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isGraphemeBase else { return false }
        var visible = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "{", "}", "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}": return false
            default: if !scalar.properties.isWhitespace { visible = true }
            }
        }
        return visible
    }

    /// Whether a section on `name` may put on the stack a value whose keys are roots: a
    /// section on a root value that is a group or a list, or is not there.
    private static func mayShadow(section name: String, common: [String: TemplateValue]) -> Bool {
        guard let value = rootValue(name, common: common) else { return false }
        switch value {
        case .text, .flag: return false
        case .list, .group, nil: return true
        }
    }

    private static func isSigil(_ byte: UInt8) -> Bool {
        // # ^ / > ! % = < $
        [0x23, 0x5E, 0x2F, 0x3E, 0x21, 0x25, 0x3D, 0x3C, 0x24].contains(byte)
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
