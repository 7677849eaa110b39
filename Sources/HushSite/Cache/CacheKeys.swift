internal import HushCore

/// The keys the build cache's records are made under: a digest of every input a record
/// depends on besides the file it is about. A record made under another key is never used.
enum CacheKeys {
    /// What a story's parse, guard and render depend on besides its bytes and path: hush's
    /// version, the configuration (hush.yml's bytes, its `secret:` with them), a secret from
    /// the environment (as a digest: the key is stored, the secret never), and whether the
    /// build is a local preview, and the site's string tables (`stringTables`: a story's label
    /// uses the table's words). Not the other theme files, the build date or `--drafts`:
    /// stories are the same under any of them, and a template edit (or a new day) need not
    /// render every story again.
    static func stories(config: [UInt8], secretOverride: String?, localPreview: Bool, stringTables: Digest) -> Digest {
        Digest.of(parts: [
            Array("stories".utf8), Array(HushVersion.current.utf8), config,
            secretOverride.map { Digest.of(Array($0.utf8)).bytes } ?? [], [localPreview ? 1 : 0], stringTables.bytes,
        ])
    }

    /// The site's own string tables: `i18n/*.yml` beside hush.yml and any under its
    /// Templates/ (the built-in ones change only with hush's version, already in every key).
    static func stringTables(site: [String: [UInt8]], siteTemplates: [String: [UInt8]]) -> Digest {
        var parts: [[UInt8]] = [Array("strings".utf8)]
        for (path, bytes) in site.sorted(by: { $0.key < $1.key }) {
            parts.append(Array(path.utf8))
            parts.append(bytes)
        }
        for (path, bytes) in siteTemplates.sorted(by: { $0.key < $1.key }) where path.contains("/i18n/") || path.hasPrefix("i18n/") {
            parts.append(Array(path.utf8))
            parts.append(bytes)
        }
        return Digest.of(parts: parts)
    }

    /// What every output file depends on besides the values its template sees: hush's
    /// version, the configuration, the secret (a digest), every theme file (the site's own
    /// Templates/ and the built-in themes), the site's string tables (`i18n/`), and the build's options (`--drafts`, the build
    /// date, a local preview), and the tombstones (the 410 page and host rules).
    static func pages(
        config: [UInt8],
        secretOverride: String?,
        siteTemplates: [String: [UInt8]],
        siteStringTables: [String: [UInt8]],
        includeDrafts: Bool,
        buildDate: Day,
        localPreview: Bool,
        tombstones: [UInt8] = []
    ) -> Digest {
        var parts: [[UInt8]] = [
            Array("pages".utf8), Array(HushVersion.current.utf8), config,
            secretOverride.map { Digest.of(Array($0.utf8)).bytes } ?? [],
            [includeDrafts ? 1 : 0, localPreview ? 1 : 0], Array(buildDate.description.utf8),
        ]
        for (path, bytes) in siteTemplates.sorted(by: { $0.key < $1.key }) {
            parts.append(Array(path.utf8))
            parts.append(bytes)
        }
        parts.append(Array("strings".utf8))
        for (path, bytes) in siteStringTables.sorted(by: { $0.key < $1.key }) {
            parts.append(Array(path.utf8))
            parts.append(bytes)
        }
        parts.append(Array("tombstones".utf8))
        parts.append(tombstones)
        parts.append(Array("built-in".utf8))
        for (path, base64) in builtinThemeFiles.sorted(by: { $0.key < $1.key }) {
            parts.append(Array(path.utf8))
            parts.append(Array(base64.utf8))
        }
        return Digest.of(parts: parts)
    }

    /// The readers' hearts of a ledger, by story id in order: a build with other counts is
    /// another site (not other pages: each page's fingerprint holds the counts it shows).
    static func ledger(_ hearts: [String: Int]) -> Digest {
        var parts: [[UInt8]] = [Array("ledger".utf8)]
        for (id, count) in hearts.sorted(by: { $0.key < $1.key }) {
            parts.append(Array(id.utf8))
            parts.append(Array(String(count).utf8))
        }
        return Digest.of(parts: parts)
    }
}
