internal import HushCore
internal import HushGuard

/// A story with its body rendered: what the index and theme stages work with.
///
/// A value with copy-on-write storage, as `StoryRecord` is: the stages pass, filter and map
/// thousands of stories a build, and a copy is one reference, not the twenty or so of its
/// texts and lists.
struct RenderedStory: Sendable {
    var story: GuardedStory {
        _read { yield storage.fields.story }
        set { unique().fields.story = newValue }
    }
    /// Body HTML from cmark in safe mode, links and images made safe. Setting it makes its
    /// digest again.
    var html: String {
        get { storage.fields.storedHTML.value }
        set {
            let storage = unique()
            storage.fields.storedHTML = LazyText(newValue)
            storage.fields.htmlDigest = Digest.of(text: newValue)
        }
    }
    /// SHA-256 of `html`, made with it (and kept in the story's build cache record), so page
    /// fingerprints need not hash every story's HTML again on every build.
    var htmlDigest: Digest { storage.fields.htmlDigest }
    /// `html` as kept: from the build cache, bytes of its file, decoded only when asked for
    /// (`LazyText`). Nothing that runs for every story on every build reads it: what such a
    /// step needs of the body is made with it and kept (`htmlDigest`, `searchDigest`,
    /// `teaser`, `wordCount`). The body's plain text is not kept at all: everything made of
    /// it (`excerpt`, `label`, `words`, `teaser`, `wordCount`) is made when it is rendered.
    var storedHTML: LazyText {
        _read { yield storage.fields.storedHTML }
    }
    /// About 200 characters of the body's text, cut at a word.
    var excerpt: String {
        _read { yield storage.fields.excerpt }
    }
    /// What the story is called in links, lists and feeds: its title, else its content
    /// warning, else its first words.
    var label: String {
        _read { yield storage.fields.label }
    }
    /// Its own words for the search index, made from `label` and the body's text (`SearchIndex.StoryWords`).
    var words: SearchIndex.StoryWords {
        _read { yield storage.fields.words }
    }
    /// A digest of what the search index reads of the story's own rendering (label, excerpt,
    /// words: `SearchIndex.ownDigest`), made with them, so the index's story digests do not
    /// read every story's words on every build.
    var searchDigest: Digest { storage.fields.searchDigest }
    /// The excerpt as a card shows it (`StoryRenderer.teaser`), made with the text: an untitled
    /// story's teaser goes on from its label.
    var teaser: String {
        _read { yield storage.fields.teaser }
    }
    /// How many words the body's text has (split at spaces), for `isPostcard`.
    var wordCount: Int { storage.fields.wordCount }
    /// Hearts readers gave it, from the ledger (`--ledger`, `backend.ledger`); 0 without one.
    var readerHearts: Int {
        get { storage.fields.readerHearts }
        set { unique().fields.readerHearts = newValue }
    }
    /// Its rank within its release batch (`ReleasePlan.order`); empty without batched release.
    var releaseOrder: [UInt8] {
        _read { yield storage.fields.releaseOrder }
        set { unique().fields.releaseOrder = newValue }
    }
    /// The images the story shows from its own files, in order; `html` holds a placeholder
    /// for each until the images stage puts their pictures there.
    var images: [StoryImage] {
        _read { yield storage.fields.images }
    }
    /// The pictures made of them (the images stage): for a card's thumbnail, `og:image`, feeds.
    var pictures: [PlacedImage] {
        _read { yield storage.fields.pictures }
        set { unique().fields.pictures = newValue }
    }
    /// `html` for feeds: each picture a plain `<img>` at an absolute URL (a feed is read away
    /// from the site, and feed readers take neither `<picture>` nor `srcset`).
    var feedHTML: String? {
        _read { yield storage.fields.feedHTML }
        set { unique().fields.feedHTML = newValue }
    }

    private var storage: Storage

    /// A story as rendered (`StoryRenderer`), or as its build cache record kept it.
    init(
        story: GuardedStory,
        html: LazyText,
        htmlDigest: Digest,
        excerpt: String,
        label: String,
        words: SearchIndex.StoryWords,
        searchDigest: Digest,
        teaser: String,
        wordCount: Int,
        images: [StoryImage]
    ) {
        storage = Storage(
            Fields(
                story: story,
                storedHTML: html,
                htmlDigest: htmlDigest,
                excerpt: excerpt,
                label: label,
                words: words,
                searchDigest: searchDigest,
                teaser: teaser,
                wordCount: wordCount,
                images: images
            )
        )
    }

    /// The fields, to be changed: copied first if another story shares them.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    private struct Fields {
        var story: GuardedStory
        var storedHTML: LazyText
        var htmlDigest: Digest
        var excerpt: String
        var label: String
        var words: SearchIndex.StoryWords
        var searchDigest: Digest
        var teaser: String
        var wordCount: Int
        var images: [StoryImage]
        var readerHearts = 0
        var releaseOrder: [UInt8] = []
        var pictures: [PlacedImage] = []
        var feedHTML: String?
    }

    /// Sendable by construction: a story changes its storage only when no other story holds
    /// it (`unique()`), so a storage two threads can see is never written.
    private final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    /// The count a reader sees and /top/ ranks by: front matter's `hearts:` plus the
    /// ledger's (at most `Int.max`, however large a ledger says).
    var hearts: Int {
        let (sum, overflow) = story.hearts.addingReportingOverflow(readerHearts)
        return overflow ? Int.max : sum
    }

    /// A story that is mostly one picture (one image and at most `postcardWords` words
    /// besides its description): the themes show it as a postcard.
    var isPostcard: Bool {
        // The text leaves out the description already.
        guard pictures.count == 1, images.count == 1 else { return false }
        return wordCount <= Self.postcardWords
    }

    static let postcardWords = 40

    /// The words of the body's text (`Markdown.Output.text`) as `isPostcard` counts them.
    static func wordCount(of text: String) -> Int {
        text.split(separator: " ").count
    }

    /// The picture that stands for the story on cards, in `og:image` and in feeds: its first;
    /// none for a story behind a content warning, which shows nothing before the click-through.
    var coverPicture: PlacedImage? {
        story.cw == nil ? pictures.first : nil
    }
}

/// A file of the finished site: its path inside the output folder and its bytes.
struct OutputFile: Sendable {
    let path: String
    let bytes: [UInt8]
    /// A page and the page store: one to keep there, or one linked from there (its `bytes`
    /// then empty: the writer reads them only if it cannot link).
    var store: PageStore.Use?

    init(path: String, bytes: [UInt8], store: PageStore.Use? = nil) {
        self.path = path
        self.bytes = bytes
        self.store = store
    }
}
