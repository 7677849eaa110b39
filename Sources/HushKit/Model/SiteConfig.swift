internal import Foundation

/// What `hush.yml` says, with every default filled in.
public struct SiteConfig: Sendable {
    public var title: String
    /// Absolute, ends with "/".
    public var baseURL: String
    public var description: String?
    public var language: String = "en"
    public var pageSize: Int = 20
    public var feedSize: Int = 50
    public var theme: String = "default"
    /// The key for public ids; `HUSH_SECRET` overrides it. Nil: ids are unkeyed hashes.
    public var secret: String?
    public var smartPunctuation: Bool = false
    /// Tell search engines not to index the site (`robots: noindex`).
    public var noindex: Bool = false
    public var anonymity = AnonymityPolicy()

    public init(title: String, baseURL: String) {
        self.title = title
        self.baseURL = baseURL
    }

    /// The path part of base_url, the prefix of every link: "/" or "/stories/".
    public var rootPath: String {
        guard let schemeEnd = baseURL.range(of: "://") else { return "/" }
        let afterHost = baseURL[schemeEnd.upperBound...]
        guard let slash = afterHost.firstIndex(of: "/") else { return "/" }
        let path = String(afterHost[slash...])
        return path.hasSuffix("/") ? path : path + "/"
    }
}

/// The anonymity section of `hush.yml`: how much a published story may say.
public struct AnonymityPolicy: Sendable {
    /// What happens when the guard finds personal data of a kind.
    public enum Action: String, Sendable, CaseIterable {
        case fail
        case redact
        case warn
    }

    public var datePrecision: DatePrecision = .week
    /// Tags with fewer stories get no page and are not shown.
    public var minTagSize: Int = 1
    var personalData: [PersonalDataKind: Action] = Dictionary(
        uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, $0 == .handle ? Action.warn : Action.fail) }
    )

    public init() {}
}
