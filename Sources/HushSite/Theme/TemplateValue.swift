internal import HushCore
internal import Mustache

/// A value a template can see: text, flags, lists and groups. Sendable, so page contexts
/// can be built and rendered in parallel; swift-mustache reads it through `MustacheParent`.
///
/// Text is held as HTML, escaped once when the value is made (`plain`), so a story that
/// appears on many pages is escaped once, and templates render with escaping off (see
/// `Theme`). The one text that is not escaped is the story body from cmark (`html`).
enum TemplateValue: Sendable {
    /// Ready-to-insert HTML.
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case group([String: TemplateValue])

    /// What swift-mustache should see. Text stays a `TemplateValue`, which renders itself
    /// (`MustacheCustomRenderable`): that spares the library's chain of dynamic casts for
    /// every value it prints, the largest cost of rendering a site.
    var unwrapped: Any {
        switch self {
        case .text: return self
        case .flag(let flag): return flag
        case .list(let items): return items
        case .group: return self
        }
    }

    /// Text to show as text: escaped for HTML here, once.
    static func plain(_ text: String) -> TemplateValue { .text(HTML.escape(text)) }

    static func plain(_ number: Int) -> TemplateValue { .text(String(number)) }

    /// HTML that is already safe: only cmark's safe-mode output of a story body.
    static func html(_ html: String) -> TemplateValue { .text(html) }

    /// True for the name of a URL value, the only kind a template may put in a URL attribute
    /// (`href`, `src`, …; `TemplateCheck`): `url` or a name ending in `_url`, anything under
    /// `urls.` or `asset.`, and `canonical`. Values with such names are made by hush from
    /// base_url and the site's own paths, never from a writer's words; a text value (a title,
    /// a tag) has any other name. docs/themes.md lists them.
    static func isURLName(_ name: String) -> Bool {
        let parts = name.split(separator: ".")
        guard let first = parts.first, let last = parts.last else { return false }
        return last == "url" || last.hasSuffix("_url") || last == "canonical" || first == "urls" || first == "asset"
    }

    subscript(key: String) -> TemplateValue? {
        get {
            guard case .group(let values) = self else { return nil }
            return values[key]
        }
        set {
            guard case .group(var values) = self else { return }
            values[key] = newValue
            self = .group(values)
        }
    }
}

extension TemplateValue: MustacheCustomRenderable {
    var renderText: String {
        guard case .text(let text) = self else { return "" }
        return text
    }

    var isNull: Bool { false }
}

extension TemplateValue: MustacheParent {
    func child(named name: String) -> Any? {
        guard case .group(let values) = self else { return nil }
        return values[name]?.unwrapped
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByArrayLiteral
{
    init(stringLiteral value: String) { self = .plain(value) }
    init(booleanLiteral value: Bool) { self = .flag(value) }
    init(dictionaryLiteral elements: (String, TemplateValue?)...) {
        var values: [String: TemplateValue] = [:]
        for (key, value) in elements { values[key] = value }
        self = .group(values)
    }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}
