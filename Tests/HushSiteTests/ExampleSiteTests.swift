import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// One build of the repository's own example site, shared by every test that only reads it
/// (here and in DeterminismTests), so the suite builds it as few times as possible.
let exampleSiteBuild: Result<BuiltSite, TestFailure> = {
    do {
        return .success(try buildAndRead(site: repositoryRoot))
    } catch {
        return .failure(TestFailure("cannot build the example site: \(error)"))
    }
}()

/// A story file of the example site as its source says it: read without the pipeline's
/// later stages, so the checks below do not just repeat what the pipeline did.
struct ExampleStory: Sendable {
    /// Inside content/: `work/night-shift.md`.
    let contentPath: String
    let id: String
    let draft: Bool
    /// Tag slugs.
    let tags: Set<String>
}

/// Every story file of the example site.
func exampleStories() throws -> [ExampleStory] {
    let configBytes = try #require(FileManager.default.contents(atPath: repositoryRoot + "/hush.yml"))
    let config = try #require(ConfigParser.parse(SourceFile(path: "hush.yml", bytes: Array(configBytes))).0)
    let content = repositoryRoot + "/content"
    let paths = try #require(FileManager.default.enumerator(atPath: content)?.allObjects as? [String])
    return try paths.filter { $0.hasSuffix(".md") }.sorted().map { path in
        let bytes = try #require(FileManager.default.contents(atPath: content + "/" + path))
        let (parsed, _) = StoryParser.parse(SourceFile(path: "content/" + path, bytes: Array(bytes)))
        let story = try #require(parsed, "content/\(path) does not parse")
        let id = story.id?.value ?? PublicID.derive(contentPath: path, secret: config.secret)
        let tags = story.tags.map { TagNormalizer.slug(forKey: TagNormalizer.key(TextHygiene.clean($0.value).text)) }
        return ExampleStory(contentPath: path, id: id, draft: story.draft, tags: Set(tags))
    }
}

@Suite struct ExampleSiteTests {
    @Test func buildsWithoutProblems() throws {
        let site = try exampleSiteBuild.get()
        #expect(site.result.summary.exitCode == 0)
        #expect(site.result.diagnostics.isEmpty, "\(site.result.listing)")
        #expect(site.files["index.html"] != nil)
    }

    @Test func everyPublishedStoryHasExactlyOnePage() throws {
        let site = try exampleSiteBuild.get()
        let stories = try exampleStories()
        let published = stories.filter { !$0.draft }
        #expect(published.count >= 30, "the example site has its stories")
        #expect(stories.count - published.count == 1, "the example site has one draft")
        #expect(site.files.storyPages == published.map { "s/\($0.id)/index.html" }.sorted())
        #expect(site.result.summary.stories == published.count)
    }

    /// A story's id is its address: the same file and secret must give the same id in every
    /// version of hush, or every link to a published story breaks. Written out, so a change
    /// to how ids are derived cannot pass by changing the expectation along with it.
    @Test(arguments: [
        ("nnkmsvzoa6", "I have secretly replaced the office plant three times."),  // work/the-plant.md
        ("tatigkbgpj", "The cat is not ours"),  // the-cat.md
        ("qwapk6h6tz", "The first time it snowed after we started seeing each other"),  // 2025/first-snow.md
    ])
    func derivedIDsOfTheExampleSiteStayTheSame(_ id: String, _ words: String) throws {
        let site = try exampleSiteBuild.get()
        let page = try #require(site.files["s/\(id)/index.html"], "no story at /s/\(id)/")
        #expect(HTMLDocument(String(decoding: page, as: UTF8.self)).text.contains(words), "/s/\(id)/ is another story")
    }

    @Test func draftsAreBuiltOnlyWhenAskedFor() throws {
        let site = try exampleSiteBuild.get()
        let drafts = try exampleStories().filter(\.draft)
        let draft = try #require(drafts.first)
        #expect(site.files["s/\(draft.id)/index.html"] == nil)
        #expect(!site.files.values.contains { containsBytes($0, Array("/s/\(draft.id)/".utf8)) }, "nothing links to the draft")

        let withDrafts = try buildAndRead(site: repositoryRoot, drafts: true)
        #expect(withDrafts.result.summary.exitCode == 0)
        #expect(withDrafts.files["s/\(draft.id)/index.html"] != nil)
        #expect(withDrafts.files.storyPages.count == site.files.storyPages.count + drafts.count)
    }

    @Test func everyTagPageListsExactlyTheStoriesWithThatTag() throws {
        let site = try exampleSiteBuild.get()
        let published = try exampleStories().filter { !$0.draft }
        var expected: [String: Set<String>] = [:]
        for story in published {
            for tag in story.tags { expected[tag, default: []].insert(story.id) }
        }
        var listed: [String: [String]] = [:]
        for (path, bytes) in site.files where path.hasPrefix("tags/") && path.hasSuffix("index.html") && path != "tags/index.html" {
            let slug = String(path.split(separator: "/")[1])
            listed[slug, default: []] += listedStoryIDs(in: String(decoding: bytes, as: UTF8.self))
        }
        #expect(Set(listed.keys) == Set(expected.keys))
        for (slug, ids) in expected {
            let shown = listed[slug] ?? []
            #expect(shown.count == Set(shown).count, "tags/\(slug)/ lists a story twice")
            #expect(Set(shown) == ids, "tags/\(slug)/")
        }
        #expect(expected["café"]?.count == 1 && expected["small-wins"].map { $0.count > 3 } == true, "the example has tags to check")
    }

    @Test func everyInternalLinkResolvesToAWrittenFile() throws {
        let site = try exampleSiteBuild.get()
        var checked = 0
        for (path, bytes) in site.files where path.hasSuffix(".html") {
            let html = String(decoding: bytes, as: UTF8.self)
            for link in attributeValues("href", in: html) + attributeValues("src", in: html) {
                guard link.hasPrefix("/"), !link.hasPrefix("//") else { continue }
                var target = String(link.prefix { $0 != "#" && $0 != "?" })
                target = target.removingPercentEncoding ?? target
                target.removeFirst()
                if target.isEmpty || target.hasSuffix("/") { target += "index.html" }
                #expect(site.files[target] != nil, "\(path) links to \(link), which was not written")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    /// base.mustache opens with the doctype; comment lines of the templates leave nothing behind.
    @Test func everyPageStartsWithTheDoctype() throws {
        let site = try exampleSiteBuild.get()
        let pages = site.files.filter { $0.key.hasSuffix(".html") }
        #expect(pages.count > 60)
        let wrong = pages.filter { !$0.value.starts(with: Array("<!doctype html>\n".utf8)) }.map(\.key).sorted()
        #expect(wrong.isEmpty, "\(wrong.count) pages do not start with <!doctype html>, e.g. \(wrong.prefix(3))")
    }

    @Test func noSourceFileNameOrLocalPathReachesTheOutput() throws {
        let site = try exampleSiteBuild.get()
        let names = try exampleStories().map { story -> String in
            let file = story.contentPath.split(separator: "/").last.map(String.init) ?? story.contentPath
            return String(file.dropLast(".md".count))
        }
        #expect(names.contains("night-shift") && names.contains("the-orange-coat"))
        // One-word names ("karaoke", "awake") are ordinary words of the stories; the others are not.
        let telling = names.filter { $0.contains("-") }.map { Array($0.utf8) }
        let paths = [site.outputPath, repositoryRoot, NSTemporaryDirectory(), "/tmp/"].map { Array($0.utf8) }
        for (path, bytes) in site.files {
            for name in telling {
                #expect(!containsBytes(bytes, name), "\(path) contains the file name \(String(decoding: name, as: UTF8.self))")
            }
            for name in names {
                #expect(!containsBytes(bytes, Array((name + ".md").utf8)), "\(path) contains \(name).md")
            }
            for local in paths {
                #expect(!containsBytes(bytes, local), "\(path) contains the local path \(String(decoding: local, as: UTF8.self))")
            }
        }
    }
}
