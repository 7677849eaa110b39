import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

/// Batched release (`release:` in hush.yml; docs/moderation.md, "Batched release"): stories
/// appear only at batch boundaries, once a batch has `min` stories, dated with the batch and
/// in a keyed order. The build date of every test is Monday 2026-11-02, a week boundary.
@Suite struct ReleaseTests {
    static func config(_ release: String, precision: String = "day") -> String {
        testConfig + "page_size: 1000\nanonymity:\n  date_precision: \(precision)\nrelease: \(release)\n"
    }

    static let sunday = Day(year: 2026, month: 11, day: 1)!

    /// Every `YYYY-MM-DD` in the output's text files (not the assets').
    static func datesShown(in files: [String: [UInt8]]) -> Set<String> {
        var dates: Set<String> = []
        let pattern = /(?:^|[^0-9])([0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])/
        for (path, bytes) in files where !path.hasPrefix("assets/") {
            for match in String(decoding: bytes, as: UTF8.self).matches(of: pattern) { dates.insert(String(match.output.1)) }
        }
        return dates
    }

    @Test func aBatchBelowMinWaitsAndTheSummarySaysSo() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(
                stories: ["a.md": story(date: "2026-10-27", id: "storya01"), "b.md": story(date: "2026-10-29", id: "storyb01")],
                config: Self.config("{every: week, min: 3}")
            )
            let built = try buildAndRead(site: site)
            #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
            #expect(built.files.storyPages.isEmpty)
            #expect(built.result.summary.waiting == 2 && built.result.summary.stories == 0)
            #expect(built.result.summary.sentence.contains("2 stories waiting for their release batch"), "\(built.result.summary.sentence)")
            #expect(
                Self.datesShown(in: built.files).isSubset(of: ["2026-11-02"]),
                "only the build date (the feeds' update): \(Self.datesShown(in: built.files))"
            )
        }
    }

    /// A story due at an earlier boundary that had too few joins the next batch: all three
    /// appear on Monday, dated Monday, and not one day before it.
    @Test func aBatchThatReachesMinIsReleasedDatedWithItsBoundary() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(
                stories: [
                    "early.md": story(date: "2026-10-20", id: "early001"),
                    "a.md": story(date: "2026-10-27", id: "storya01"),
                    "b.md": story(date: "2026-10-29", id: "storyb01"),
                    "next.md": story(date: "2026-11-02", id: "next0001"),
                ],
                config: Self.config("{every: week, min: 3}")
            )
            let sunday = try buildAndRead(site: site, now: Self.sunday)
            #expect(sunday.files.storyPages.isEmpty && sunday.result.summary.waiting == 3, "\(sunday.result.summary)")

            let monday = try buildAndRead(site: site)
            #expect(monday.result.summary.exitCode == 0, "\(monday.result.listing)")
            #expect(monday.files.storyPages == ["s/early001/index.html", "s/storya01/index.html", "s/storyb01/index.html"])
            #expect(monday.result.summary.waiting == 1, "written on the boundary's day: the next batch")
            #expect(Self.datesShown(in: monday.files) == ["2026-11-02"], "\(Self.datesShown(in: monday.files))")
        }
    }

    @Test func monthlyBatchesStartOnTheFirst() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(
                stories: ["october.md": story(date: "2026-10-15", id: "october1"), "november.md": story(date: "2026-11-01", id: "november")],
                config: Self.config("{every: month}")
            )
            let built = try buildAndRead(site: site)
            #expect(built.files.storyPages == ["s/october1/index.html"], "\(built.result.listing)")
            #expect(built.files.text("s/october1/index.html").contains("datetime=\"2026-11-01\""))
            #expect(built.result.summary.waiting == 1)

            let december = try buildAndRead(site: site, now: Day(year: 2026, month: 12, day: 1))
            #expect(december.files.storyPages == ["s/november/index.html", "s/october1/index.html"])
            #expect(december.files.text("s/november/index.html").contains("datetime=\"2026-12-01\""))
            #expect(december.files.text("s/october1/index.html").contains("datetime=\"2026-11-01\""), "a released story keeps its batch's date")
        }
    }

    /// `max_wait`: a batch short of `min` is released anyway after that many boundaries.
    @Test func maxWaitReleasesAShortBatch() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(
                stories: ["lone.md": story(date: "2026-10-14", id: "lonely01")],
                config: Self.config("{every: week, min: 5, max_wait: 2}")
            )
            // Due Monday 19 October; waits two boundaries: 26 October, then 2 November.
            #expect(try buildAndRead(site: site, now: Self.sunday).files.storyPages.isEmpty)
            let monday = try buildAndRead(site: site)
            #expect(monday.files.storyPages == ["s/lonely01/index.html"])
            #expect(Self.datesShown(in: monday.files) == ["2026-11-02"])
        }
    }

    /// The site's date precision still applies: a week's batch shows the week.
    @Test func theBatchDateIsShownAtTheSitesPrecision() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(
                stories: ["a.md": story(date: "2026-10-31", id: "storya01")],
                config: Self.config("{every: day}", precision: "month")
            )
            let built = try buildAndRead(site: site)
            #expect(built.files.text("s/storya01/index.html").contains("datetime=\"2026-11-01\""), "\(built.result.listing)")
        }
    }

    /// Spearman's rank correlation of two orders of the same items.
    static func rankCorrelation(_ a: [String], _ b: [String]) -> Double {
        let position = Dictionary(uniqueKeysWithValues: b.enumerated().map { ($1, $0) })
        let n = Double(a.count)
        let squares = a.enumerated().reduce(0.0) { sum, item in
            let d = Double(item.offset - (position[item.element] ?? 0))
            return sum + d * d
        }
        return 1 - 6 * squares / (n * (n * n - 1))
    }

    /// 200 stories written over six days of one week, ids given in writing order (as a counter would):
    /// on the site, the batch's order says nothing of the writing order; without batched
    /// release the same ids would list in it (the control), so the test can fail.
    @Test func aBatchIsShuffledByAKeyedOrder() throws {
        try withTemporaryFolder { folder in
            var stories: [String: String] = [:]
            var written: [String] = []
            let monday = Day(year: 2026, month: 10, day: 26)!.daysSinceEpoch
            for n in 0..<200 {
                let id = "w-" + String(1000 + n)
                written.append(id)
                stories["s\(1000 + n).md"] = story(date: Day(daysSinceEpoch: monday + n * 6 / 200).description, id: id)
            }
            let site = try folder.makeSite(stories: stories, config: Self.config("{every: week, min: 5}", precision: "week"))
            let built = try buildAndRead(site: site)
            #expect(built.result.summary.stories == 200, "\(built.result.listing)")
            let shown = listedStoryIDs(in: built.files.text("index.html"))
            #expect(Set(shown) == Set(written))
            let rho = Self.rankCorrelation(written, shown)
            #expect(abs(rho) < 0.25, "rank correlation \(rho)")
            #expect(Self.datesShown(in: built.files) == ["2026-11-02"])

            // The same input, the same order; another secret, another order.
            #expect(try buildAndRead(site: site).files == built.files)
            try folder.write(
                Self.config("{every: week, min: 5}", precision: "week").replacingOccurrences(of: testSecret, with: "another-secret-9vQ4pX2m"),
                to: "site/hush.yml"
            )
            let rekeyed = listedStoryIDs(in: try buildAndRead(site: site).files.text("index.html"))
            #expect(rekeyed != shown && Set(rekeyed) == Set(written))

            // The control: without batched release, ids in writing order list in it.
            try folder.write(testConfig + "page_size: 1000\nanonymity:\n  date_precision: month\n", to: "site/hush.yml")
            let plain = listedStoryIDs(in: try buildAndRead(site: site).files.text("index.html"))
            #expect(abs(Self.rankCorrelation(written, plain)) > 0.9)
        }
    }

    @Test(arguments: [
        ("{every: fortnight}", "config.invalid-value"), ("5", "config.type"), ("{min: 0}", "config.type"),
        ("{every: week, often: 2}", "config.unknown-key"),
    ])
    func aBadReleaseSettingIsRefused(_ value: String, _ code: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: ["a.md": story()], config: Self.config(value))
            let result = build(site: site)
            #expect(result.summary.exitCode == 2)
            let error = try #require(result.diagnostics(code).first, "\(result.listing)")
            #expect(error.file == "hush.yml" && error.line == 7, "\(error)")
        }
    }

    @Test func nextBoundaries() throws {
        let day = try #require(Day(iso: "2026-12-31"))
        #expect(ReleasePlan.nextBoundary(after: day, every: .day).description == "2027-01-01")
        #expect(ReleasePlan.nextBoundary(after: day, every: .week).description == "2027-01-04")
        #expect(ReleasePlan.nextBoundary(after: day, every: .month).description == "2027-01-01")
        #expect(ReleasePlan.nextBoundary(after: testDay, every: .week).description == "2026-11-09", "a Monday waits for the next one")
    }
}
