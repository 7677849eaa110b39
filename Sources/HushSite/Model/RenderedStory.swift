internal import HushCore
internal import HushGuard

/// A story with its body rendered: what the index and theme stages work with.
struct RenderedStory: Sendable {
    var story: GuardedStory
    /// Body HTML from cmark in safe mode, links and images made safe.
    var html: String {
        didSet { htmlDigest = Digest.of(text: html) }
    }
    /// SHA-256 of `html`, made with it (and kept in the story's build cache record), so page
    /// fingerprints need not hash every story's HTML again on every build.
    var htmlDigest: Digest
    /// All the body's text, without markup: for excerpts and search (not the descriptions
    /// of its own pictures, which are their `alt`).
    var text: String
    /// About 200 characters of `text`, cut at a word.
    var excerpt: String
    /// What the story is called in links, lists and feeds: its title, else its content
    /// warning, else its first words.
    var label: String
    /// Its own words for the search index, made from `label` and `text` (`SearchIndex.StoryWords`).
    var words: SearchIndex.StoryWords
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
