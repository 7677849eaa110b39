internal import Foundation

/// What `hush.yml` says, with every default filled in. The two required keys are given
/// when it is made; the rest (`Settings`) read as its own properties: `config.pageSize`.
@dynamicMemberLookup
package struct SiteConfig: Sendable, Equatable {
    package let title: String
    /// Absolute, ends with "/".
    package let baseURL: String
    package var settings: Settings

    /// Every key of hush.yml but the required ones, each with its default.
    package struct Settings: Sendable, Equatable {
        package var description: String?
        package var language: String = "en"
        /// Where national phone numbers are read as written: `region:` alone when it is set,
        /// else the regions where the site's language is most written (`Region.readIn`).
        package var regions: [Region] = [.unitedStates]
        package var pageSize: Int = 20
        package var feedSize: Int = 50
        /// The most tags a story may have (`tags_per_story`): each tag is a page of the site.
        package var tagsPerStory: Int = 10
        package var theme: String = "default"
        /// The key for public ids; `HUSH_SECRET` overrides it. Nil: ids are unkeyed hashes.
        package var secret: String?
        package var smartPunctuation: Bool = false
        /// Tell search engines not to index the site (`robots: noindex`).
        package var noindex: Bool = false
        package var anonymity = AnonymityPolicy()
        /// What the feeds carry (`feeds:` in hush.yml).
        package var feeds = FeedPolicy()
        /// The hearts service (`backend:` in hush.yml): its address and the ledger a build reads.
        package var backend = BackendSettings()
        /// `moderation:` in hush.yml: when reader reports hold a story for review.
        package var moderation = ModerationPolicy()
        /// `submissions: on`: the site has a /submit/ page posting to the backend.
        package var submissions: Bool = false
        /// Batched release (`release:` in hush.yml); nil publishes each story on its day.
        package var release: ReleasePolicy?
        /// What is done with the stories' own images (`images:` in hush.yml).
        package var images = ImagePolicy()

        package init() {}
    }

    package init(title: String, baseURL: String, settings: Settings = Settings()) {
        self.title = title
        self.baseURL = baseURL
        self.settings = settings
        (host, rootPath) = Self.parts(of: baseURL)
    }

    /// Inlined where it is used, so each read is the stored property's, not a key path's
    /// applied at run time (a story's values read several for each story of a build).
    @inlinable
    package subscript<Value>(dynamicMember keyPath: WritableKeyPath<Settings, Value>) -> Value {
        get { settings[keyPath: keyPath] }
        set { settings[keyPath: keyPath] = newValue }
    }

    /// The path part of base_url, the prefix of every link: "/" or "/stories/". Kept
    /// with base_url rather than worked out again for every link of every page.
    package let rootPath: String
    /// The host of base_url, lower-cased: links to any other host leave the site.
    package let host: String?

    /// The host and the path of an absolute URL.
    private static func parts(of url: String) -> (host: String?, path: String) {
        guard let schemeEnd = url.range(of: "://") else { return (nil, "/") }
        let afterScheme = url[schemeEnd.upperBound...]
        let host = afterScheme.prefix { $0 != "/" && $0 != ":" }.lowercased()
        guard let slash = afterScheme.firstIndex(of: "/") else { return (host, "/") }
        let path = String(afterScheme[slash...])
        return (host, path.hasSuffix("/") ? path : path + "/")
    }
}

/// The anonymity section of `hush.yml`: how much a published story may say.
package struct AnonymityPolicy: Sendable, Equatable {
    /// What happens when the guard finds personal data of a kind.
    package enum Action: String, Sendable, CaseIterable {
        case fail
        case redact
        case warn
    }

    package var datePrecision: DatePrecision = .week
    /// Tags with fewer stories get no page and are not shown.
    package var minTagSize: Int = 1
    package var personalData: [PersonalDataKind: Action] = Dictionary(
        uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, $0 == .handle ? Action.warn : Action.fail) }
    )

    package init() {}
}

/// The `moderation` section of `hush.yml` (docs/moderation.md, "Reports").
package struct ModerationPolicy: Sendable, Equatable {
    /// `hold_after: N`: a story reported by N distinct readers is held out of the next build
    /// until a person reviews it; nil: reports never hold a story. The backend applies it
    /// (its ledger's `held`); a build leaves out what the ledger holds.
    package var holdAfter: Int?

    package init() {}
}

/// The `feeds` section of `hush.yml`: what a feed reader, which shows no click-through,
/// is given of a story.
package struct FeedPolicy: Sendable, Equatable {
    /// What a warned story's feed entry holds.
    package enum Warned: String, Sendable, CaseIterable {
        /// The warning and a link to the story, not its text (the default): the site's
        /// click-through stays the only way to the story.
        case link
        /// The whole story, as for any other entry (`feeds.cw: full`).
        case full
    }

    package var cw: Warned = .link

    package init() {}
}

/// The `backend` section of `hush.yml`: where readers' hearts go, and where a build finds
/// the ledger that counts them (docs/backend.md).
package struct BackendSettings: Sendable, Equatable {
    /// The backend's public address, absolute, ending in "/" (`backend.url`): with it, every
    /// theme shows a heart button posting to `<url>hearts/<id>`, and the CSP allows its
    /// origin for form-action and connect-src. Nil: the plain baked count, no script.
    package var url: String?
    /// The ledger a build adds to front-matter hearts (`backend.ledger`): a path relative to
    /// the site folder, with its place in hush.yml for errors. `--ledger` wins over it.
    package var ledger: Located<String>?

    package init() {}

    /// `scheme://host[:port]` of `url`, for the Content-Security-Policy: what a browser
    /// compares a form's or a fetch's target with.
    package var origin: String? {
        guard let url, let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" }
        return url[..<schemeEnd.upperBound].lowercased() + authority.lowercased()
    }
}

/// The `release` section of `hush.yml`: stories appear in batches at period boundaries, so
/// neither the date nor the order on the site tells when a story was written or approved.
package struct ReleasePolicy: Sendable, Equatable {
    /// The period: a batch boundary is the start of each day, week (Monday) or month.
    package var every: DatePrecision = .week
    /// A batch is released only with at least this many stories; fewer wait for a later boundary.
    package var min: Int = 1
    /// The most boundaries a story waits for `min` to be reached (`max_wait`); nil: no limit.
    package var maxWait: Int?

    package init(every: DatePrecision = .week, min: Int = 1, maxWait: Int? = nil) {
        self.every = every
        self.min = min
        self.maxWait = maxWait
    }
}

/// What a secret (`secret:` in hush.yml, `HUSH_SECRET`) must be to key the public ids: an
/// empty or short key makes ids anyone can recompute from a guessed file name, so such a
/// secret is refused, never used. 16 bytes is the floor (`hush init` writes a longer one).
package enum SecretRule {
    package static let minimumBytes = 16

    /// Why `secret` cannot be used ("is empty", "is 6 bytes long; …"), nil when it can. The
    /// secret itself is never part of the answer.
    package static func problem(with secret: String) -> String? {
        let length = secret.utf8.count
        if secret.allSatisfy(\.isWhitespace) {
            return
                "is empty, so story ids would be keyed with nothing; give it at least \(minimumBytes) random characters (hush init makes one), or remove it"
        }
        if length < minimumBytes {
            return
                "is \(length) bytes long, too short to keep story ids from being guessed; give it at least \(minimumBytes) random characters (hush init makes one)"
        }
        return nil
    }
}

/// `images:` in hush.yml.
package struct ImagePolicy: Sendable, Equatable {
    /// `images.ocr`: read the text in every image (tesseract) and scan it for personal data,
    /// as the story's text is. Off by default: it needs tesseract and costs time.
    package var ocr = false

    package init() {}
}
