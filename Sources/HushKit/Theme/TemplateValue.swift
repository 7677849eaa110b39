internal import Mustache

/// A value a template can see: text, numbers, flags, lists and groups. Sendable, so page
/// contexts can be built and rendered in parallel; swift-mustache reads it through
/// `MustacheParent`.
enum TemplateValue: Sendable {
    case text(String)
    case number(Int)
    case flag(Bool)
    case list([TemplateValue])
    case group([String: TemplateValue])

    /// What swift-mustache should see: plain Swift values for leaves.
    var unwrapped: Any {
        switch self {
        case .text(let text): return text
        case .number(let number): return number
        case .flag(let flag): return flag
        case .list(let items): return items
        case .group: return self
        }
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

extension TemplateValue: MustacheParent {
    func child(named name: String) -> Any? {
        guard case .group(let values) = self else { return nil }
        return values[name]?.unwrapped
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral
{
    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .flag(value) }
    init(dictionaryLiteral elements: (String, TemplateValue?)...) {
        var values: [String: TemplateValue] = [:]
        for (key, value) in elements { values[key] = value }
        self = .group(values)
    }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}
