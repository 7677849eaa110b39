internal import Foundation
package import HushCore
package import HushSite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Places

/// The repository checkout (it is also the example site): three levels above this file.
package let repositoryRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // HushTestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // repository
    .path

/// The build date every test uses, as `--now 2026-11-02` would.
package let testDay = Day(year: 2026, month: 11, day: 2)!

/// A fixed secret, so derived ids are the same in every run.
package let testSecret = "test-secret-7dQ2xv9kP3mZ"

/// A minimal valid hush.yml; tests add lines to it.
package let testConfig = """
    title: "Test stories"
    base_url: "https://stories.example.org/"
    secret: "\(testSecret)"

    """

// MARK: - Temporary folders

/// A fresh folder of one test, with helpers to fill it. Made and removed by `withTemporaryFolder`.
package struct TemporaryFolder: Sendable {
    package let path: String

    /// `path/relative`.
    package func callAsFunction(_ relative: String) -> String {
        relative.isEmpty ? path : path + "/" + relative
    }

    /// Writes `text` (UTF-8) at `relative`, creating folders on the way.
    package func write(_ text: String, to relative: String) throws {
        try write(bytes: Array(text.utf8), to: relative)
    }

    package func write(bytes: [UInt8], to relative: String) throws {
        let url = URL(fileURLWithPath: self(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// A site folder `site/` (or `name/`) with hush.yml and `content/<path>` for each story.
    @discardableResult
    package func makeSite(named name: String = "site", stories: [String: String], config: String = testConfig) throws -> String {
        let site = self(name)
        try FileManager.default.createDirectory(atPath: site + "/content", withIntermediateDirectories: true)
        try write(config, to: name + "/hush.yml")
        for (file, text) in stories {
            try write(text, to: name + "/content/" + file)
        }
        return site
    }
}

/// Runs `body` with a new empty folder, removed afterwards whatever happens.
package func withTemporaryFolder<T>(_ body: (TemporaryFolder) throws -> T) throws -> T {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder.path) }
    return try body(folder)
}

package func makeTemporaryFolder() throws -> TemporaryFolder {
    let base = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
    var template = Array((base + "/hush-tests-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
        guard let pointer = buffer.baseAddress, let result = mkdtemp(pointer) else { return nil }
        return String(cString: result)
    }
    guard let made else { throw TestFailure("cannot create a temporary folder") }
    // Resolve /tmp links so the path tests look for is the one hush sees.
    return TemporaryFolder(path: URL(fileURLWithPath: made).resolvingSymlinksInPath().path)
}

package struct TestFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

// MARK: - Stories

/// The text of a story file: front matter lines from the arguments, then the body.
package func story(
    date: String = "2026-10-01",
    title: String? = nil,
    tags: [String] = [],
    id: String? = nil,
    extra: [String] = [],
    body: String = "A story worth telling, in a few plain words."
) -> String {
    var lines = ["---"]
    if let title { lines.append("title: \(title)") }
    lines.append("date: \(date)")
    if !tags.isEmpty { lines.append("tags: [\(tags.joined(separator: ", "))]") }
    if let id { lines.append("id: \(id)") }
    lines += extra
    lines.append("---")
    return lines.joined(separator: "\n") + "\n" + body + "\n"
}

// MARK: - Building

/// `Pipeline.run` with the test defaults: a fixed day, an empty environment.
package func build(
    site: String,
    output: String? = nil,
    now: Day? = testDay,
    drafts: Bool = false,
    strict: Bool = false,
    environment: [String: String] = [:],
    ledger: LedgerCounts = LedgerCounts()
) -> BuildResult {
    var request = BuildRequest(site: site, output: output)
    request.now = now
    request.includeDrafts = drafts
    request.strict = strict
    request.environment = environment
    request.ledger = ledger
    return Pipeline.run(request)
}

extension BuildResult {
    package var codes: [String] { diagnostics.map(\.code.name) }
    package var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    package var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    package func diagnostics(_ code: String) -> [Diagnostic] { diagnostics.filter { $0.code.name == code } }

    /// Every diagnostic on one line each, for failure messages.
    package var listing: String {
        diagnostics.map { "\($0.file):\($0.line):\($0.column): \($0.severity.rawValue)[\($0.code)]: \($0.message)" }
            .joined(separator: "\n")
    }
}

// MARK: - Output

/// Every file below `folder` (dot-files too), keyed by its path relative to `folder`.
package func outputFiles(in folder: String) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    func walk(_ relative: String) throws {
        let full = relative.isEmpty ? folder : folder + "/" + relative
        for name in try FileManager.default.contentsOfDirectory(atPath: full) {
            let child = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(folder + "/" + child, &info) == 0 else { throw TestFailure("cannot stat \(child)") }
            if info.st_mode & S_IFMT == S_IFDIR {
                try walk(child)
            } else {
                files[child] = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + child)))
            }
        }
    }
    try walk("")
    return files
}

/// Every folder below `folder` ("" is `folder` itself), relative.
package func outputFolders(in folder: String) throws -> [String] {
    var folders = [""]
    func walk(_ relative: String) throws {
        let full = relative.isEmpty ? folder : folder + "/" + relative
        for name in try FileManager.default.contentsOfDirectory(atPath: full) {
            let child = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            if lstat(folder + "/" + child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                folders.append(child)
                try walk(child)
            }
        }
    }
    try walk("")
    return folders.sorted()
}

/// Seconds since 1970 of a file's last modification (not following links).
package func modificationTime(of path: String) -> Int? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    #if canImport(Darwin)
    return Int(info.st_mtimespec.tv_sec)
    #else
    return Int(info.st_mtim.tv_sec)
    #endif
}

extension Dictionary where Key == String, Value == [UInt8] {
    /// The file as UTF-8 text ("" when absent).
    package func text(_ path: String) -> String {
        self[path].map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Paths of the story pages: `s/<id>/index.html`.
    package var storyPages: [String] {
        keys.filter { $0.hasPrefix("s/") && $0.hasSuffix("/index.html") && $0.split(separator: "/").count == 3 }.sorted()
    }
}

/// A finished build read back into memory: the folder is already gone when this exists,
/// so it can be shared between tests as a plain value.
package struct BuiltSite: Sendable {
    package let result: BuildResult
    /// Where it was written (removed since); for "no absolute path leaks" checks.
    package let outputPath: String
    package let files: [String: [UInt8]]
    /// Modification time of every file and folder ("" is the output folder itself).
    package let modificationTimes: [String: Int]
}

/// Builds `site` into a fresh temporary folder, reads everything back, removes the folder.
package func buildAndRead(
    site: String,
    now: Day? = testDay,
    drafts: Bool = false,
    environment: [String: String] = [:],
    ledger: LedgerCounts = LedgerCounts()
) throws -> BuiltSite {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder.path) }
    let output = folder("public")
    let result = build(site: site, output: output, now: now, drafts: drafts, environment: environment, ledger: ledger)
    guard FileSystem.kind(of: output) == .directory else {
        return BuiltSite(result: result, outputPath: output, files: [:], modificationTimes: [:])
    }
    let files = try outputFiles(in: output)
    var times: [String: Int] = [:]
    for path in files.keys { times[path] = modificationTime(of: output + "/" + path) }
    for folder in try outputFolders(in: output) {
        times[folder] = modificationTime(of: folder.isEmpty ? output : output + "/" + folder)
    }
    return BuiltSite(result: result, outputPath: output, files: files, modificationTimes: times)
}

// MARK: - HTML

/// Every `attribute="…"` value in `html`, in order.
package func attributeValues(_ attribute: String, in html: String) -> [String] {
    var values: [String] = []
    var rest = html[...]
    let opener = " \(attribute)=\""
    while let start = rest.range(of: opener) {
        let after = rest[start.upperBound...]
        guard let end = after.firstIndex(of: "\"") else { break }
        values.append(String(after[..<end]))
        rest = after[end...]
    }
    return values
}

/// The part of `html` from `start` up to the first `end` after it ("" when `start` is absent).
package func section(of html: String, from start: String, to end: String) -> String {
    guard let open = html.range(of: start) else { return "" }
    let after = html[open.upperBound...]
    guard let close = after.range(of: end) else { return String(after) }
    return String(after[..<close.lowerBound])
}

/// The story ids a list page shows in its main list (not the "most hearted" aside).
package func listedStoryIDs(in html: String) -> [String] {
    // Read as a tree: a card may hold elements of its own (a `<div>` foot) without ending the list.
    let document = HTMLDocument(html)
    guard let cards = document.elements.first(where: { $0.node.classes.contains("cards") })?.index else { return [] }
    var ids: [String] = []
    for (index, node) in document.elements where node.name == "a" && document.ancestors(of: index).contains(cards) {
        guard let id = node.attribute("href").flatMap(storyID(fromURL:)), ids.last != id else { continue }
        ids.append(id)
    }
    return ids
}

/// `/s/k3v9q2mf/` → `k3v9q2mf`.
package func storyID(fromURL url: String) -> String? {
    let parts = url.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0].isEmpty, parts[1] == "s", parts[3].isEmpty, !parts[2].isEmpty else { return nil }
    return String(parts[2])
}

/// The body HTML of a story page (inside `<div class="story-body">`).
package func storyBody(_ html: String) -> String {
    section(of: html, from: "<div class=\"story-body\">", to: "</div>")
}

/// How many times `needle` occurs in `haystack`.
package func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}

/// True when `bytes` contain `needle` as a byte sequence.
package func containsBytes(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, bytes.count >= needle.count else { return needle.isEmpty }
    let first = needle[0]
    var index = 0
    let last = bytes.count - needle.count
    while index <= last {
        if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
        index += 1
    }
    return false
}

/// Checks (builds without writing) a site made of `stories` in a temporary folder.
package func check(
    stories: [String: String],
    config: String = testConfig,
    strict: Bool = false,
    environment: [String: String] = [:]
) throws
    -> BuildResult
{
    try withTemporaryFolder { folder in
        let site = try folder.makeSite(stories: stories, config: config)
        return build(site: site, strict: strict, environment: environment)
    }
}

/// Builds a site made of `stories` and reads the output back.
package func buildStories(_ stories: [String: String], config: String = testConfig, drafts: Bool = false) throws -> BuiltSite {
    try withTemporaryFolder { folder in
        let site = try folder.makeSite(stories: stories, config: config)
        return try buildAndRead(site: site, drafts: drafts)
    }
}

extension Diagnostic.Code {
    /// Tests match codes by their stable names, as CI scripts do: `error.code == "pii.email"`.
    package static func == (lhs: Self, rhs: String) -> Bool { lhs.name == rhs }
}
