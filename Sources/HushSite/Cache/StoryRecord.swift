internal import HushCore
internal import HushGuard

/// What one story file came to in an earlier build: everything the pipeline needs of it
/// short of reading, parsing, guarding and rendering it again. Valid only under the cache's
/// story key (`CacheKeys.stories`): the same hush, configuration and secret.
///
/// A value with copy-on-write storage: the pipeline filters and maps thousands of records a
/// build, and a copy is one reference, not the twenty or so of its texts and lists.
struct StoryRecord: Sendable {
    /// The file as it was read, to skip reading it when it has not changed.
    var stamp: FileStamp {
        get { storage.fields.stamp }
        set { unique().fields.stamp = newValue }
    }
    /// False when the file had changed just before it was read: it is hashed again next time.
    var stampTrusted: Bool {
        get { storage.fields.stampTrusted }
        set { unique().fields.stampTrusted = newValue }
    }
    /// SHA-256 of the file's bytes: a file with the same bytes needs no work, whatever its stamp.
    var contentHash: Digest {
        get { storage.fields.contentHash }
        set { unique().fields.contentHash = newValue }
    }
    /// What the parser made of it; nil when it made no story (its diagnostics say why).
    var parsed: Parsed? {
        get { storage.fields.parsed }
        set { unique().fields.parsed = newValue }
    }
    var parseDiagnostics: [Diagnostic] {
        get { storage.fields.parseDiagnostics }
        set { unique().fields.parseDiagnostics = newValue }
    }
    /// The guard's own diagnostics for this story (not the site-wide ones: duplicate ids).
    var guardDiagnostics: [Diagnostic] {
        get { storage.fields.guardDiagnostics }
        set { unique().fields.guardDiagnostics = newValue }
    }
    /// The story as the guard passed it; nil when the guard failed it.
    var guarded: GuardedStory? {
        get { storage.fields.guarded }
        set { unique().fields.guarded = newValue }
    }
    /// Its body rendered; nil until a build renders it (a draft, a scheduled or failed story
    /// is not rendered, and so is not rendered ahead either).
    var rendered: Rendered? {
        get { storage.fields.rendered }
        set { unique().fields.rendered = newValue }
    }

    private var storage: Storage

    init(
        stamp: FileStamp,
        stampTrusted: Bool,
        contentHash: Digest,
        parsed: Parsed?,
        parseDiagnostics: [Diagnostic],
        guardDiagnostics: [Diagnostic],
        guarded: GuardedStory?,
        rendered: Rendered?
    ) {
        storage = Storage(
            Fields(
                stamp: stamp,
                stampTrusted: stampTrusted,
                contentHash: contentHash,
                parsed: parsed,
                parseDiagnostics: parseDiagnostics,
                guardDiagnostics: guardDiagnostics,
                guarded: guarded,
                rendered: rendered
            )
        )
    }

    /// The fields, to be changed: copied first if another record shares them.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    private struct Fields {
        var stamp: FileStamp
        var stampTrusted: Bool
        var contentHash: Digest
        var parsed: Parsed?
        var parseDiagnostics: [Diagnostic]
        var guardDiagnostics: [Diagnostic]
        var guarded: GuardedStory?
        var rendered: Rendered?
    }

    /// Sendable by construction: a record changes its storage only when no other record holds
    /// it (`unique()`), so a storage two threads can see is never written.
    private final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    /// The facts of a parsed story the pipeline needs whether or not the guard passed it.
    struct Parsed: Sendable {
        var publicID: String
        /// Where `id:` is, when the front matter has one: duplicate-id messages point there.
        var idPlace: (line: Int, column: Int)?
        var draft: Bool
        /// The story's own day, before rounding: a scheduled story waits for it.
        var date: Day?
    }

    /// The story's body as rendered. Read from the file, its HTML and words are bytes of
    /// the file until asked for (`LazyText`); the rest is small, and is all a rebuild reads of
    /// a story it does not render a page of.
    struct Rendered: Sendable {
        var html: LazyText
        /// SHA-256 of `html` (`RenderedStory.htmlDigest`).
        var htmlDigest: Digest
        var excerpt: String
        var label: String
        /// Its part of the search index, so an unchanged story's words are not found again.
        var words: SearchIndex.StoryWords
        /// `RenderedStory.searchDigest`, `.teaser`, `.wordCount`: what every build needs of
        /// the body, kept so that it is not read.
        var searchDigest: Digest
        var teaser: String
        var wordCount: Int
        var diagnostics: [Diagnostic]
        /// The story's own images: the HTML holds a placeholder for each.
        var images: [StoryImage] = []
    }

    /// The rendered story the index stage takes.
    func renderedStory() -> RenderedStory? {
        guard let guarded, let rendered else { return nil }
        return RenderedStory(
            story: guarded,
            html: rendered.html,
            htmlDigest: rendered.htmlDigest,
            excerpt: rendered.excerpt,
            label: rendered.label,
            words: rendered.words,
            searchDigest: rendered.searchDigest,
            teaser: rendered.teaser,
            wordCount: rendered.wordCount,
            images: rendered.images
        )
    }

    func encode(into encoder: inout CacheEncoder) {
        stamp.encode(into: &encoder)
        encoder.bool(stampTrusted)
        encoder.digest(contentHash)
        encoder.bool(parsed != nil)
        if let parsed {
            encoder.string(parsed.publicID)
            encoder.bool(parsed.idPlace != nil)
            if let place = parsed.idPlace {
                encoder.int(place.line)
                encoder.int(place.column)
            }
            encoder.bool(parsed.draft)
            encoder.bool(parsed.date != nil)
            if let date = parsed.date { encoder.day(date) }
        }
        encoder.diagnostics(parseDiagnostics)
        encoder.diagnostics(guardDiagnostics)
        encoder.bool(guarded != nil)
        if let guarded {
            encoder.string(guarded.file)
            encoder.string(guarded.publicID)
            encoder.day(guarded.date)
            encoder.optional(guarded.title)
            encoder.optional(guarded.mood)
            encoder.optional(guarded.cw)
            encoder.int(guarded.tags.count)
            for tag in guarded.tags {
                encoder.string(tag.value)
                encoder.int(tag.line)
                encoder.int(tag.column)
            }
            encoder.int(guarded.hearts)
            encoder.optional(guarded.lang)
            encoder.bool(guarded.draft)
            // Only rendering reads the body: once rendered, it need not be kept.
            encoder.string(rendered == nil ? guarded.body : "")
            encoder.int(guarded.bodyLine)
        }
        encoder.bool(rendered != nil)
        if let rendered {
            // The bodies as read (`LazyText`): an unchanged story's are copied, not decoded.
            encoder.text(rendered.html)
            encoder.digest(rendered.htmlDigest)
            encoder.string(rendered.excerpt)
            encoder.string(rendered.label)
            encoder.text(rendered.words.joinedTitle)
            encoder.text(rendered.words.joinedText)
            encoder.digest(rendered.searchDigest)
            // A titled or warned story's teaser is its excerpt: kept once.
            encoder.bool(rendered.teaser != rendered.excerpt)
            if rendered.teaser != rendered.excerpt { encoder.string(rendered.teaser) }
            encoder.int(rendered.wordCount)
            encoder.diagnostics(rendered.diagnostics)
            encoder.int(rendered.images.count)
            for image in rendered.images {
                encoder.string(image.url)
                encoder.string(image.alt)
                encoder.string(image.title)
                encoder.int(image.line)
                encoder.int(image.column)
            }
        }
    }

    static func decode(from decoder: inout CacheDecoder) throws(CacheDecoder.Damaged) -> StoryRecord {
        let stamp = try FileStamp.decode(from: &decoder)
        let trusted = try decoder.bool()
        let hash = try decoder.digest()
        var parsed: Parsed?
        if try decoder.bool() {
            let id = try decoder.string()
            let place: (line: Int, column: Int)? = try decoder.bool() ? (try decoder.int(), try decoder.int()) : nil
            let draft = try decoder.bool()
            let date = try decoder.bool() ? try decoder.day() : nil
            parsed = Parsed(publicID: id, idPlace: place, draft: draft, date: date)
        }
        let parseDiagnostics = try decoder.diagnostics()
        let guardDiagnostics = try decoder.diagnostics()
        var guarded: GuardedStory?
        if try decoder.bool() {
            let file = try decoder.string()
            let publicID = try decoder.string()
            let date = try decoder.day()
            let title = try decoder.optional()
            let mood = try decoder.optional()
            let cw = try decoder.optional()
            var tags: [Located<String>] = []
            for _ in 0..<(try decoder.count(least: 24)) {
                tags.append(Located(value: try decoder.string(), line: try decoder.int(), column: try decoder.int()))
            }
            let hearts = try decoder.int()
            let lang = try decoder.optional()
            let draft = try decoder.bool()
            let body = try decoder.string()
            let bodyLine = try decoder.int()
            guarded = GuardedStory(
                restoringFile: file,
                publicID: publicID,
                date: date,
                title: title,
                mood: mood,
                cw: cw,
                tags: tags,
                hearts: hearts,
                lang: lang,
                draft: draft,
                body: body,
                bodyLine: bodyLine
            )
        }
        var rendered: Rendered?
        if try decoder.bool() {
            let html = try decoder.lazyText()
            let htmlDigest = try decoder.digest()
            let excerpt = try decoder.string()
            rendered = Rendered(
                html: html,
                htmlDigest: htmlDigest,
                excerpt: excerpt,
                label: try decoder.string(),
                words: SearchIndex.StoryWords(joinedTitle: try decoder.lazyText(), joinedText: try decoder.lazyText()),
                searchDigest: try decoder.digest(),
                teaser: try decoder.bool() ? try decoder.string() : excerpt,
                wordCount: try decoder.int(),
                diagnostics: try decoder.diagnostics()
            )
            for _ in 0..<(try decoder.count(least: 24)) {
                rendered?.images.append(
                    StoryImage(
                        url: try decoder.string(),
                        alt: try decoder.string(),
                        title: try decoder.string(),
                        line: try decoder.int(),
                        column: try decoder.int()
                    )
                )
            }
        }
        return StoryRecord(
            stamp: stamp,
            stampTrusted: trusted,
            contentHash: hash,
            parsed: parsed,
            parseDiagnostics: parseDiagnostics,
            guardDiagnostics: guardDiagnostics,
            guarded: guarded,
            rendered: rendered
        )
    }
}

/// What the cache keeps of one file of the output: the fingerprint of what it was made
/// from, and its stamp once written, so an unchanged page whose file is still as hush left
/// it is neither rendered nor compared again.
struct OutputRecord: Sendable {
    var fingerprint: Digest
    var stamp: FileStamp

    /// The file at `path` is as hush left it: same size, time, inode and device. (Its change
    /// time is not compared: renaming a file into place changes it.)
    func matches(_ current: FileStamp) -> Bool {
        current.size == stamp.size && current.modifiedSeconds == stamp.modifiedSeconds
            && current.modifiedNanoseconds == stamp.modifiedNanoseconds && current.inode == stamp.inode && current.device == stamp.device
    }
}

extension StoryRecord.Rendered {
    /// What the cache keeps of `story`, just rendered.
    init(_ story: RenderedStory, diagnostics: [Diagnostic]) {
        self.init(
            html: story.storedHTML,
            htmlDigest: story.htmlDigest,
            excerpt: story.excerpt,
            label: story.label,
            words: story.words,
            searchDigest: story.searchDigest,
            teaser: story.teaser,
            wordCount: story.wordCount,
            diagnostics: diagnostics,
            images: story.images
        )
    }
}
