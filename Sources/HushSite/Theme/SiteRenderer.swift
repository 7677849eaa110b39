internal import HushCore
internal import Mustache

/// The theme stage: every page through its template, plus the assets, feeds, sitemap,
/// robots.txt and search index, as files.
enum SiteRenderer {
    /// Pages rendered per batch: each batch goes to `deliver` as soon as it is done, so
    /// writing overlaps rendering and finished pages need not wait in memory.
    static let batchSize = 512

    /// What an earlier build left in the output, from the build cache: each file's
    /// fingerprint, and whether the file is still as that build left it.
    struct Earlier: Sendable {
        var files: [String: OutputRecord]
        /// Pages earlier builds themed, kept in the cache folder; nil for a cache in memory.
        var store: PageStore.Session?
        var isIntact: @Sendable (String, OutputRecord) -> Bool
    }

    /// What the stage made: how many files the site has, and, when it fingerprinted pages
    /// (with a build cache), every file's fingerprint and which were left as they were.
    struct Rendering: Sendable {
        var files = 0
        var fingerprints: [String: Digest] = [:]
        var kept: Set<String> = []
        /// Every page's fingerprint, when it fingerprinted pages.
        var pages: [Digest] = []
        /// The digest of every other file (search index, assets, feeds), then too.
        var others: [Digest] = []
    }

    /// Renders every file of the site and hands them over in batches. With `earlier` (a
    /// build cache), each page is fingerprinted first, and a page whose fingerprint and file
    /// are as an earlier build left them is not rendered at all: it goes to `keep` instead;
    /// one the page store holds intact is linked from there, and every page rendered is kept
    /// there by the writer (`OutputFile.store`).
    /// `searchCache` keeps what this build makes of the search index for the next.
    @discardableResult
    static func render(
        _ site: Site,
        theme: Theme,
        strings: StringTable,
        earlier: Earlier? = nil,
        searchCache: BuildCache? = nil,
        progress: (Int, Int) -> Void = { _, _ in },
        keep: ([String]) -> Void = { _ in },
        deliver: ([OutputFile]) -> Void
    ) -> Rendering {
        var rendering = Rendering()
        if earlier != nil { rendering.fingerprints.reserveCapacity(site.pages.count + theme.assets.count + 4096) }
        // The search index first: what it needs for a while (every story's words) is freed
        // before the pages' values are made and rendered, so the two do not add up in memory.
        if let earlier {
            // Made from what the last build made of it; each file kept when its digest and file
            // are as an earlier build left them.
            let index = SearchIndex.Build(site, from: searchCache?.takeSearch())
            searchCache?.giveSearch(index.memory)
            let intact = index.files.parallelMap { file in
                earlier.files[file.path].map { $0.fingerprint == file.digest && earlier.isIntact(file.path, $0) } ?? false
            }
            var kept: [String] = []
            var files: [OutputFile] = []
            let storing = earlier.store != nil
            for (file, intact) in zip(index.files, intact) {
                rendering.fingerprints[file.path] = file.digest
                rendering.others.append(file.digest)
                if intact {
                    kept.append(file.path)
                } else {
                    let store = storing ? PageStore.Use.keep(file.digest) : nil
                    files.append(OutputFile(path: file.path, bytes: index.bytes(of: file, in: site), store: store))
                }
            }
            keep(kept)
            rendering.kept.formUnion(kept)
            deliver(files)
            rendering.files += files.count
        } else {
            let files = SearchIndex.files(for: site)
            deliver(files)
            rendering.files += files.count
        }
        let context: PageContext
        var pending = Array(site.pages.indices)
        var keptPages = 0
        if let earlier {
            // Each page fingerprinted from the digests of what it shows (made once a story
            // and a tag), without its values: only a page whose fingerprint or file changed is
            // given its values and rendered, and only the stories it shows get theirs made,
            // partials and all.
            let base = PageContext(site: site, theme: theme, strings: strings)
            let inputs = PageFingerprint.Inputs(base)
            let checked = site.pages.parallelMap { page -> (Digest, Bool) in
                let fingerprint = PageFingerprint.of(page, in: site, inputs: inputs)
                guard let record = earlier.files[page.outputPath], record.fingerprint == fingerprint else { return (fingerprint, false) }
                return (fingerprint, earlier.isIntact(page.outputPath, record))
            }
            pending = []
            var stored: [Int] = []
            var kept: [String] = []
            for (index, page) in site.pages.enumerated() {
                rendering.fingerprints[page.outputPath] = checked[index].0
                if checked[index].1 {
                    kept.append(page.outputPath)
                } else if earlier.store?.has(checked[index].0) == true {
                    stored.append(index)
                } else {
                    pending.append(index)
                }
            }
            rendering.kept.formUnion(kept)
            keptPages = kept.count
            rendering.pages = checked.map(\.0)
            keep(kept)
            // Pages the store holds intact, linked from there; any other is rendered.
            if let store = earlier.store {
                var start = 0
                while start < stored.count {
                    let batch = Array(stored[start..<min(stored.count, start + batchSize)])
                    let entries = batch.parallelMap { store.intact(checked[$0].0) }
                    var files: [OutputFile] = []
                    for (index, entry) in zip(batch, entries) {
                        if let entry {
                            files.append(OutputFile(path: site.pages[index].outputPath, bytes: [], store: .link(entry)))
                        } else {
                            pending.append(index)
                        }
                    }
                    deliver(files)
                    start += batchSize
                }
                pending.sort()
            }
            var shown = Set<Int>()
            for index in pending { shown.formUnion(site.pages[index].storiesShown(in: site)) }
            context = base.withSummaries(for: shown.sorted())
        } else {
            context = PageContext(site: site, theme: theme, strings: strings).withSummaries(for: Array(site.stories.indices))
        }
        var start = 0
        while start < pending.count {
            let batch = pending[start..<min(pending.count, start + batchSize)].map { site.pages[$0] }
            let storing = earlier?.store != nil
            let fingerprints = storing ? pending[start..<min(pending.count, start + batchSize)].map { rendering.pages[$0] } : []
            let files = Array(batch.indices).parallelMap { number -> OutputFile in
                let bytes = Array(context.html(for: batch[number]).utf8)
                // Kept in the page store by the writer, which links it there.
                let store = storing ? PageStore.Use.keep(fingerprint: fingerprints[number], digest: Digest.of(bytes)) : nil
                return OutputFile(path: batch[number].outputPath, bytes: bytes, store: store)
            }
            deliver(files)
            start += batchSize
            progress(min(start, pending.count), pending.count)
        }
        var rest = theme.assets + Feeds.files(for: site, strings: strings) + HostRules.files(for: site)
        if let earlier {
            let checked = rest.parallelMap { file -> (Digest, Bool) in
                let fingerprint = Digest.of(file.bytes)
                guard let record = earlier.files[file.path], record.fingerprint == fingerprint else { return (fingerprint, false) }
                return (fingerprint, earlier.isIntact(file.path, record))
            }
            var kept: [String] = []
            var changed: [OutputFile] = []
            for (file, (fingerprint, intact)) in zip(rest, checked) {
                rendering.fingerprints[file.path] = fingerprint
                rendering.others.append(fingerprint)
                if intact {
                    kept.append(file.path)
                } else {
                    let store = earlier.store != nil ? PageStore.Use.keep(fingerprint) : nil
                    changed.append(OutputFile(path: file.path, bytes: file.bytes, store: store))
                }
            }
            keep(kept)
            rendering.kept.formUnion(kept)
            rest = changed
        }
        deliver(rest)
        // Every page once, kept or not; the other files kept are counted here too.
        rendering.files += site.pages.count + rest.count + (rendering.kept.count - keptPages)
        return rendering
    }
}
