internal import Dispatch
internal import Foundation
package import HushCore
package import HushSite

/// The published stories of the site the backend serves, read with the generator's own
/// pipeline (a check: nothing is written), so the ids it accepts are exactly the pages a
/// build publishes. Read at start and again every few seconds (cheap: the build cache skips
/// every story file whose stamp has not changed); `hush serve` hands it each build's pages.
package actor PublishedSite {
    /// What a request needs of the site.
    package struct Snapshot: Sendable {
        /// Published stories by public id.
        package var stories: [String: PublishedStory]
        /// base_url's path: "/" or "/stories/".
        package var rootPath: String
        /// base_url, for links back to a story.
        package var baseURL: String
        /// The origins whose pages may post hearts: base_url's and backend.url's.
        package var origins: Set<String>
        /// backend.url's path without its final slash ("" for none): the endpoints live under it.
        package var prefix: String
        /// The site's configuration: the guard's policy for reports and submissions,
        /// `moderation.hold_after`, `submissions:`.
        package var config: SiteConfig?
        /// The ids of the stories taken down (`moderation/tombstones.yml`): gone for good, 410.
        package var gone: Set<String>

        package init(pages: SitePages) {
            let backendURL = pages.config?.backend.url
            stories = pages.stories
            rootPath = pages.rootPath
            baseURL = pages.baseURL
            origins = Set([Origin.of(pages.baseURL), backendURL.flatMap(Origin.of)].compactMap { $0 })
            var path = backendURL.map(Origin.path(of:)) ?? ""
            while path.hasSuffix("/") { path.removeLast() }
            prefix = path
            config = pages.config
            gone = Set(pages.gonePaths.map { String($0.dropFirst(2).dropLast()) })
        }
    }

    private let site: String
    private let environment: [String: String]
    private let cache = BuildCache()
    private var current: Snapshot?
    /// What the site's files looked like at the last read (see `stamp()`).
    private var lastStamp: [String]?

    package init(site: String, environment: [String: String] = [:]) {
        self.site = site
        self.environment = environment
    }

    /// The site as last read; nil before the first good read.
    package func snapshot() -> Snapshot? { current }

    /// Takes the pages of a build made elsewhere (`hush serve`'s rebuild loop).
    package func update(_ pages: SitePages) {
        current = Snapshot(pages: pages)
    }

    /// Reads the site again. Returns why it could not be read (hush.yml missing or wrong),
    /// and keeps the stories it had; nil when it was read.
    @discardableResult
    package func refresh() async -> String? {
        // Nothing changed since the last good read: no need to run the pipeline again.
        let stamp = Self.stamp(site: site)
        if current != nil, stamp == lastStamp { return nil }
        var request = BuildRequest(site: site)
        request.environment = environment
        request.cache = cache
        let built = request
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Pipeline.run(built)) }
        }
        guard let pages = result.pages else {
            let first = result.diagnostics.first { $0.severity == .error }
            return first.map { "\($0.file):\($0.line):\($0.column): \($0.message)" } ?? "\(site) has no readable hush.yml"
        }
        current = Snapshot(pages: pages)
        lastStamp = stamp
        return nil
    }

    /// The UTC day (a story dated today is published from today on) and the path, size and
    /// modification time of hush.yml and of every file under content/: cheap to take every few
    /// seconds, and different whenever a read of the site could give other stories.
    static func stamp(site: String) -> [String] {
        let manager = FileManager.default
        var stamp = [String(Int(Date().timeIntervalSince1970 / 86_400))]
        func add(_ path: String) {
            guard let attributes = try? manager.attributesOfItem(atPath: path) else { return }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            stamp.append("\(path)\u{0}\(size)\u{0}\(time)")
        }
        add(site + "/hush.yml")
        add(site + "/" + Takedown.tombstonesPath)
        add(site + "/content")
        if let files = manager.enumerator(atPath: site + "/content") {
            for case let relative as String in files { add(site + "/content/" + relative) }
        }
        return stamp
    }
}

/// Origins as browsers send them: `scheme://host[:port]`, lower-cased, no default port.
package enum Origin {
    /// The origin of an absolute http(s) URL; nil for anything else.
    package static func of(_ url: String) -> String? {
        let lower = url.lowercased()
        guard let scheme = ["https", "http"].first(where: { lower.hasPrefix($0 + "://") }) else { return nil }
        let rest = lower.dropFirst(scheme.count + 3)
        var authority = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        guard !authority.isEmpty else { return nil }
        let defaultPort = scheme == "https" ? ":443" : ":80"
        if authority.hasSuffix(defaultPort) { authority.removeLast(defaultPort.count) }
        return scheme + "://" + authority
    }

    /// The path of an absolute URL ("/" when it has none).
    package static func path(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "/" }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        return String(rest[slash...].prefix { $0 != "?" && $0 != "#" })
    }
}
