import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// List pages with `page_size` N: how many pages, which stories on each, and the
/// previous/next links exactly where they belong, for the home, top and tag lists.
@Suite struct PaginationTests {
    static let pageSize = 2

    /// `count` stories a week apart (story-1 oldest), all tagged `x`; older stories have more hearts.
    private func site(count: Int) throws -> BuiltSite {
        var stories: [String: String] = [:]
        for number in stride(from: 1, through: count, by: 1) {
            let day = Day(daysSinceEpoch: Day(year: 2026, month: 1, day: 5)!.daysSinceEpoch + 7 * number)
            stories["story-\(number).md"] = story(
                date: day.description,
                title: "Story \(number)",
                tags: ["x"],
                id: "story-\(number)",
                extra: ["hearts: \(100 - number)"]
            )
        }
        let built = try buildStories(stories, config: testConfig + "page_size: \(Self.pageSize)\n")
        #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
        return built
    }

    /// The previous and next links of a list page's pagination.
    private func links(_ html: String) -> (prev: String?, next: String?) {
        let nav = section(of: html, from: "<nav class=\"pagination\"", to: "</nav>")
        func href(_ cls: String) -> String? {
            let link = section(of: nav, from: "<a class=\"\(cls)\"", to: ">")
            return attributeValues("href", in: link).first
        }
        return (href("prev"), href("next"))
    }

    /// Checks one paginated list: files, stories on each page, links.
    private func expectList(_ files: [String: [UInt8]], base: String, ids: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let total = max(1, (ids.count + Self.pageSize - 1) / Self.pageSize)
        func url(_ page: Int) -> String { page == 1 ? "/" + base : "/" + base + "page/\(page)/" }
        func file(_ page: Int) -> String { String(url(page).dropFirst()) + "index.html" }
        for page in 1...total {
            let html = files.text(file(page))
            #expect(files[file(page)] != nil, "\(file(page)) is missing", sourceLocation: sourceLocation)
            let expected = Array(ids.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize))
            #expect(listedStoryIDs(in: html) == expected, "\(file(page))", sourceLocation: sourceLocation)
            let (prev, next) = links(html)
            #expect(prev == (page > 1 ? url(page - 1) : nil), "\(file(page)) previous link", sourceLocation: sourceLocation)
            #expect(next == (page < total ? url(page + 1) : nil), "\(file(page)) next link", sourceLocation: sourceLocation)
            #expect(html.contains("<nav class=\"pagination\"") == (total > 1), "\(file(page)) pagination nav", sourceLocation: sourceLocation)
            if total > 1 {
                #expect(html.contains("Page \(page) of \(total)"), sourceLocation: sourceLocation)
            }
            #expect(html.contains("No stories here yet") == ids.isEmpty, sourceLocation: sourceLocation)
        }
        #expect(files[file(total + 1)] == nil, "no page after the last", sourceLocation: sourceLocation)
        #expect(files["\(base)page/1/index.html"] == nil, "page 1 is the list's own address", sourceLocation: sourceLocation)
    }

    @Test(arguments: [0, 1, 2, 3, 5])
    func listsArePaginated(_ count: Int) throws {
        let built = try site(count: count)
        let newestFirst = count == 0 ? [] : (1...count).reversed().map { "story-\($0)" }
        expectList(built.files, base: "", ids: newestFirst)
        expectList(built.files, base: "top/", ids: newestFirst.reversed())
        if count > 0 {
            expectList(built.files, base: "tags/x/", ids: newestFirst)
        } else {
            #expect(built.files["tags/x/index.html"] == nil)
            #expect(built.files.text("tags/index.html").contains("No tags yet."))
        }
        #expect(built.files.storyPages.count == count)
    }

    @Test func emptySiteHasOneEmptyHomePage() throws {
        let built = try site(count: 0)
        #expect(built.files["index.html"] != nil)
        #expect(built.files.keys.filter { $0.hasPrefix("page/") }.isEmpty)
        #expect(built.result.summary.stories == 0)
    }

    @Test func exactlyOnePageSizeHasNoSecondPage() throws {
        let built = try site(count: Self.pageSize)
        #expect(built.files["page/2/index.html"] == nil)
        #expect(!built.files.text("index.html").contains("rel=\"next\""))
    }

    @Test func onePastThePageSizeMakesASecondPageWithOneStory() throws {
        let built = try site(count: Self.pageSize + 1)
        #expect(listedStoryIDs(in: built.files.text("page/2/index.html")) == ["story-1"])
        #expect(listedStoryIDs(in: built.files.text("tags/x/page/2/index.html")) == ["story-1"])
        // Every page is in the sitemap, page 2 included.
        let sitemap = built.files.text("sitemap.xml")
        for loc in ["", "page/2/", "top/page/2/", "tags/x/", "tags/x/page/2/"] {
            #expect(sitemap.contains("<loc>https://stories.example.org/\(loc)</loc>"), "\(loc)")
        }
    }
}
