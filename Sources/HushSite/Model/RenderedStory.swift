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
        _read { yield storage.fields.html }
        set {
            let fields = unique()
            fields.fields.html = newValue
            fields.fields.htmlDigest = Digest.of(text: newValue)
        }
    }
    /// SHA-256 of `html`, made with it (and kept in the story's build cache record), so page
    /// fingerprints need not hash every story's HTML again on every build.
    var htmlDigest: Digest { storage.fields.htmlDigest }
    /// All the body's text, without markup: for excerpts and search (not the descriptions
    /// of its own pictures, which are their `alt`).
    var text: String {
        _read { yield storage.fields.text }
    }
    /// About 200 characters of `text`, cut at a word.
    var excerpt: String {
        _read { yield storage.fields.excerpt }
    }
    /// What the story is called in links, lists and feeds: its title, else its content
    /// warning, else its first words.
    var label: String {
        _read { yield storage.fields.label }
    }
    /// Its own words for the search index, made from `label` and `text` (`SearchIndex.StoryWords`).
    var words: SearchIndex.StoryWords {
        _read { yield storage.fields.words }
    }
    /// Hearts readers gave it, from the ledger (`--ledger`, `backend.ledger`); 0 without one.
    var readerHearts: Int {
        _read { yield storage.fields.readerHearts }
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

    init(
        story: GuardedStory,
        html: String,
        htmlDigest: Digest,
        text: String,
        excerpt: String,
        label: String,
        words: SearchIndex.StoryWords,
        readerHearts: Int = 0,
        releaseOrder: [UInt8] = [],
        images: [StoryImage] = [],
        pictures: [PlacedImage] = [],
        feedHTML: String? = nil
    ) {
        storage = Storage(
            Fields(
                story: story,
                html: html,
                htmlDigest: htmlDigest,
                text: text,
                excerpt: excerpt,
                label: label,
                words: words,
                readerHearts: readerHearts,
                releaseOrder: releaseOrder,
                images: images,
                pictures: pictures,
                feedHTML: feedHTML
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
        var html: String
        var htmlDigest: Digest
        var text: String
        var excerpt: String
        var label: String
        var words: SearchIndex.StoryWords
        var readerHearts: Int
        var releaseOrder: [UInt8]
        var images: [StoryImage]
        var pictures: [PlacedImage]
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
        // `text` leaves out the description already.
        guard pictures.count == 1, images.count == 1 else { return false }
        return text.split(separator: " ").count <= Self.postcardWords
    }

    static let postcardWords = 40

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
}
