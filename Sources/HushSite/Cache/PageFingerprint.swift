internal import Crypto
internal import HushCore

/// A page's fingerprint: a SHA-256 of the template's name and every value the template sees,
/// made without rendering it. Two builds give a page the same fingerprint only when its
/// template would see the same values, so (with the theme's files in the cache's key) it
/// would render the same bytes.
///
/// The per-story partials (`rendered.card`, …) are not part of it: they are rendered from a
/// story's own values, which are, and the theme, which is in the key. That is what lets a
/// rebuild render them only for the stories of the pages it renders.
///
/// Most of a page's values are story summaries, tags and the groups every page has (the
/// string table `t`, `site`, `urls`, `asset`), shared by many pages: each is serialized and
/// hashed once (`Shared`, from `PageContext.sharedValues`), and a page that holds that very
/// group (the same storage, which copy-on-write keeps unchanged while it is shared) puts in
/// its digest instead.
enum PageFingerprint {
    static func of(template: String, value: TemplateValue, shared: Shared? = nil) -> Digest {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * 1024)
        bytes.append(contentsOf: template.utf8)
        bytes.append(0)
        value.serialize(into: &bytes, shared: shared)
        return Digest.of(bytes)
    }

    /// The digests of groups many pages share, by the identity of their storage.
    struct Shared: Sendable {
        private let digests: [UInt: Digest]
        /// The values must outlive this table (their storage is its key): it keeps them.
        private let values: [TemplateValue]

        init(_ values: [TemplateValue]) {
            self.values = values
            guard MemoryLayout<[String: TemplateValue]>.size == MemoryLayout<UInt>.size else {
                digests = [:]
                return
            }
            let computed = values.parallelMap { value -> (UInt, Digest)? in
                guard case .group(let fields) = value else { return nil }
                var bytes: [UInt8] = []
                value.serialize(into: &bytes, shared: nil)
                return (Self.identity(of: fields), Digest.of(bytes))
            }
            var digests: [UInt: Digest] = [:]
            for case let (identity, digest)? in computed { digests[identity] = digest }
            self.digests = digests
        }

        func digest(of fields: [String: TemplateValue]) -> Digest? {
            digests.isEmpty ? nil : digests[Self.identity(of: fields)]
        }

        /// The address of a dictionary's storage: equal only for copies of one value.
        static func identity(of fields: [String: TemplateValue]) -> UInt {
            withUnsafeBytes(of: fields) { $0.load(as: UInt.self) }
        }
    }
}

extension TemplateValue {
    /// Every part of the value, each with a kind and a length, keys of a group sorted: the
    /// same value gives the same bytes in every process, and two different values never do.
    func serialize(into bytes: inout [UInt8], shared: PageFingerprint.Shared? = nil) {
        switch self {
        case .text(let text):
            bytes.append(1)
            Self.append(text, to: &bytes)
        case .flag(let flag):
            bytes.append(flag ? 2 : 3)
        case .list(let items):
            bytes.append(4)
            Self.append(items.count, to: &bytes)
            for item in items { item.serialize(into: &bytes, shared: shared) }
        case .group(let values):
            if let digest = shared?.digest(of: values) {
                bytes.append(6)
                bytes.append(contentsOf: digest.bytes)
                return
            }
            bytes.append(5)
            Self.append(values.count - (values[Self.partialsKey] == nil ? 0 : 1), to: &bytes)
            for (key, value) in values.sorted(by: { $0.key < $1.key }) where key != Self.partialsKey {
                Self.append(key, to: &bytes)
                value.serialize(into: &bytes, shared: shared)
            }
        }
    }

    /// The per-story partials (`PageContext.perStoryPartials`), left out of fingerprints:
    /// they follow from the story's values and the theme. So a page's fingerprint is the same
    /// whether its context has them rendered or not.
    static let partialsKey = "rendered"

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        append(text.utf8.count, to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private static func append(_ number: Int, to bytes: inout [UInt8]) {
        var value = UInt64(number)
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }
}

extension Page {
    /// Every story whose values the page shows: whose per-story partials must be rendered
    /// before the page is.
    func storiesShown(in site: Site) -> [Int] {
        switch content {
        case .story(let page):
            return [page.story] + [page.newer, page.older, page.another].compactMap { $0 } + page.related
        case .list(let list):
            guard case .tag(let tag) = list.kind else { return list.stories }
            return list.stories + site.tags[tag].topStories
        case .tags, .search, .notFound, .submit, .gone:
            return []
        }
    }
}
