internal import HushCore
internal import HushGuard

/// A story with its body rendered: what the index and theme stages work with.
struct RenderedStory: Sendable {
    var story: GuardedStory
    /// Body HTML from cmark in safe mode, links and images made safe.
    var html: String {
        get { storedHTML.value }
        set {
            storedHTML = LazyText(newValue)
            htmlDigest = Digest.of(text: newValue)
        }
    }
    /// SHA-256 of `html`, made with it (and kept in the story's build cache record), so page
    /// fingerprints need not hash every story's HTML again on every build.
    private(set) var htmlDigest: Digest
    /// `html` as kept: from the build cache, bytes of its file, decoded only when asked for
    /// (`LazyText`). Nothing that runs for every story on every build reads it: what such a
    /// step needs of the body is made with it and kept (`htmlDigest`, `searchDigest`,
    /// `teaser`, `wordCount`). The body's plain text is not kept at all: everything made of
    /// it (`excerpt`, `label`, `words`, `teaser`, `wordCount`) is made when it is rendered.
    private(set) var storedHTML: LazyText
    /// About 200 characters of the body's text, cut at a word.
    let excerpt: String
    /// What the story is called in links, lists and feeds: its title, else its content
    /// warning, else its first words.
    let label: String
    /// Its own words for the search index, made from `label` and the body's text (`SearchIndex.StoryWords`).
    let words: SearchIndex.StoryWords
    /// A digest of what the search index reads of the story's own rendering (label, excerpt,
    /// words: `SearchIndex.ownDigest`), made with them, so the index's story digests do not
    /// read every story's words on every build.
    let searchDigest: Digest
    /// The excerpt as a card shows it (`StoryRenderer.teaser`), made with the text: an untitled
    /// story's teaser goes on from its label.
    let teaser: String
    /// How many words the body's text has (split at spaces), for `isPostcard`.
    let wordCount: Int
    /// Hearts readers gave it, from the ledger (`--ledger`, `backend.ledger`); 0 without one.
    var readerHearts: Int = 0

    /// The count a reader sees and /top/ ranks by: front matter's `hearts:` plus the
    /// ledger's (at most `Int.max`, however large a ledger says).
    var hearts: Int {
        let (sum, overflow) = story.hearts.addingReportingOverflow(readerHearts)
        return overflow ? Int.max : sum
    }
    /// Its rank within its release batch (`ReleasePlan.order`); empty without batched release.
    var releaseOrder: [UInt8] = []
    /// The images the story shows from its own files, in order; `html` holds a placeholder
    /// for each until the images stage puts their pictures there.
    var images: [StoryImage] = []
    /// The pictures made of them (the images stage): for a card's thumbnail, `og:image`, feeds.
    var pictures: [PlacedImage] = []
    /// `html` for feeds: each picture a plain `<img>` at an absolute URL (a feed is read away
    /// from the site, and feed readers take neither `<picture>` nor `srcset`).
    var feedHTML: String?

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
        self.story = story
        self.storedHTML = html
        self.htmlDigest = htmlDigest
        self.excerpt = excerpt
        self.label = label
        self.words = words
        self.searchDigest = searchDigest
        self.teaser = teaser
        self.wordCount = wordCount
        self.images = images
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
}
