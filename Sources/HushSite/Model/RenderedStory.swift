internal import HushCore
internal import HushGuard

/// A story with its body rendered: what the index and theme stages work with.
struct RenderedStory: Sendable {
    var story: GuardedStory
    /// Body HTML from cmark in safe mode, links and images made safe.
    var html: String
    /// All the body's text, without markup: for excerpts and search.
    var text: String
    /// About 200 characters of `text`, cut at a word.
    var excerpt: String
    /// What the story is called in links, lists and feeds: its title, else its content
    /// warning, else its first words.
    var label: String
    /// Its own words for the search index, made from `label` and `text` (`SearchIndex.StoryWords`).
    var words: SearchIndex.StoryWords
}

/// A file of the finished site: its path inside the output folder and its bytes.
struct OutputFile: Sendable {
    let path: String
    let bytes: [UInt8]
}
