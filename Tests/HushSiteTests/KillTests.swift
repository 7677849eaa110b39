import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushSite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `kill -9` at any moment of a rebuild (issue 8): the served folder never holds a file that a
/// clean build of the previous or the new site would not hold, with other bytes than one of
/// them (no temporary, no half-written file), and the next build makes it exactly a clean
/// build. The built `hush` binary, a site of a few thousand small stories, killed at several
/// times and at chosen steps of its commit and of the next build's rollback
/// (`HUSH_TEST_KILL_AFTER_STEPS`, a test-only hook: the process kills itself with SIGKILL).
@Suite(.serialized) struct KillTests {
    static let storyCount = 2_000
    static let now = "2026-11-02"

    /// A built output read back: files with their bytes, folders.
    struct Output: Equatable {
        let files: [String: [UInt8]]
        let folders: Set<String>

        init(_ path: String) throws {
            files = try outputFiles(in: path)
            folders = Set(try outputFolders(in: path))
        }
    }

    /// Two versions of one site: every page differs (the title), and a hundred stories are
    /// removed and a hundred new (add and remove steps, whole folders).
    private func makeSites(_ folder: Folder) throws -> (a: String, b: String) {
        let tags = ["night", "work", "family", "love", "fear", "school", "money", "friends"]
        func stories(_ range: Range<Int>) -> [String: String] {
            var stories: [String: String] = [:]
            for n in range {
                let day = 1 + n % 28
                let date = "2026-\(n % 2 == 0 ? "09" : "10")-\(day < 10 ? "0" : "")\(day)"
                stories["\(n / 100)/story-\(n).md"] = story(
                    date: date,
                    title: n % 3 == 0 ? nil : "Story number \(n)",
                    tags: [tags[n % tags.count], tags[(n / 7) % tags.count]],
                    id: "story-\(n)",
                    body: "Story \(n): a few plain words about a night that went on too long."
                )
            }
            return stories
        }
        let a = try folder.makeSite(named: "a", stories: stories(0..<Self.storyCount), config: testConfig)
        let b = try folder.makeSite(
            named: "b",
            stories: stories(100..<(Self.storyCount + 100)),
            config: testConfig.replacingOccurrences(of: "Test stories", with: "Other stories")
        )
        return (a, b)
    }

    private func build(_ site: String, into output: String, in folder: Folder) throws {
        let run = try hush(["build", site, "--output", output, "--now", Self.now], in: folder.path)
        #expect(run.status == 0, "\(run.standardError)")
    }

    /// Starts a build of `site` into `output`, lets it run `milliseconds` (or until it kills
    /// itself, with `killAfterSteps`), then kills it with SIGKILL. True if it was killed, false
    /// if it had finished first.
    private func killedBuild(
        _ site: String,
        into output: String,
        in folder: Folder,
        milliseconds: Int? = nil,
        killAfterSteps: Int? = nil
    ) throws -> Bool {
        let executable = try #require(hushExecutable)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["build", site, "--output", output, "--now", Self.now]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("HUSH_") || key == "SOURCE_DATE_EPOCH" { environment[key] = nil }
        if let killAfterSteps { environment[StepHook.killVariable] = String(killAfterSteps) }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if let milliseconds {
            usleep(UInt32(milliseconds * 1000))
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    /// What a reader could get from the served folder now: only files and folders of a clean
    /// build of one of the two versions, each file whole as one of them has it.
    private func expectServable(_ output: String, _ versions: [Output], _ moment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let served = try Output(output)
        let strays = served.files.keys.filter { path in !versions.contains { $0.files[path] != nil } }.sorted()
        #expect(strays.isEmpty, "\(moment): files no clean build has: \(strays.prefix(10))", sourceLocation: sourceLocation)
        let torn = served.files.filter { path, bytes in
            versions.contains { $0.files[path] != nil } && !versions.contains { $0.files[path] == bytes }
        }.keys.sorted()
        #expect(torn.isEmpty, "\(moment): files whose bytes no clean build has: \(torn.prefix(10))", sourceLocation: sourceLocation)
        let strayFolders = served.folders.filter { path in !versions.contains { $0.folders.contains(path) } }.sorted()
        #expect(strayFolders.isEmpty, "\(moment): folders no clean build has: \(strayFolders.prefix(10))", sourceLocation: sourceLocation)
    }

    /// Exactly `clean`, every file dated at midnight of the build day, nothing left beside.
    private func expectClean(
        _ output: String,
        _ clean: Output,
        beside: [String],
        _ moment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let built = try Output(output)
        let differ = Set(built.files.keys).union(clean.files.keys).filter { built.files[$0] != clean.files[$0] }.sorted()
        #expect(differ.isEmpty, "\(moment): differs from a clean build: \(differ.prefix(10))", sourceLocation: sourceLocation)
        #expect(built.folders == clean.folders, "\(moment): folders differ", sourceLocation: sourceLocation)
        let midnight = testDay.daysSinceEpoch * 86_400  // Self.now
        let dated = Array(built.files.keys) + Array(built.folders)
        let wrong = dated.filter { modificationTime(of: $0.isEmpty ? output : output + "/" + $0) != midnight }.sorted()
        #expect(wrong.isEmpty, "\(moment): not dated at midnight of the build day: \(wrong.prefix(10))", sourceLocation: sourceLocation)
        let besideNow = try FileManager.default.contentsOfDirectory(atPath: OutputWriter.split(output).parent).sorted()
        #expect(besideNow == beside, "\(moment): left beside the output", sourceLocation: sourceLocation)
    }

    /// The test's own folder, in memory (`/dev/shm`) where there is one: the test replaces
    /// tens of thousands of files, and freeing a file costs milliseconds on a disk mounted with
    /// `discard`. What is tested (renames, links, the lock, SIGKILL) is the same on every Linux
    /// file system.
    struct Folder {
        let path: String

        func callAsFunction(_ relative: String) -> String { path + "/" + relative }

        /// A site `name/` with hush.yml and `content/<path>` for each story.
        func makeSite(named name: String, stories: [String: String], config: String) throws -> String {
            var files = ["hush.yml": config]
            for (path, text) in stories { files["content/" + path] = text }
            for (relative, text) in files {
                let file = URL(fileURLWithPath: self(name + "/" + relative))
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
            }
            return self(name)
        }
    }

    private func withFolder<T>(_ body: (Folder) throws -> T) throws -> T {
        var template = Array("/dev/shm/hush-kill-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let pointer = buffer.baseAddress, let result = mkdtemp(pointer) else { return nil }
            return String(cString: result)
        }
        guard let made else { return try withTemporaryFolder { try body(Folder(path: $0.path)) } }
        defer { try? FileManager.default.removeItem(atPath: made) }
        return try body(Folder(path: made))
    }

    @Test func rebuildKilledAnywhereNeverShowsATemporaryFileAndTheNextBuildIsClean() throws {
        try withFolder { folder in
            let (a, b) = try makeSites(folder)
            try build(a, into: folder("clean-a"), in: folder)
            try build(b, into: folder("clean-b"), in: folder)
            let versions = [try Output(folder("clean-a")), try Output(folder("clean-b"))]
            #expect(versions[0].files.count > Self.storyCount && versions[1].files.count > Self.storyCount)
            let beside = ["a", "b", "clean-a", "clean-b", "served"]
            let served = folder("served")
            let journal = folder(".served.hush-journal")
            try build(a, into: served, in: folder)

            // Killed at a time, wherever the build is then (loading, rendering, staging,
            // committing, done): each next build first puts back what the one before left.
            for milliseconds in [50, 200, 500, 1_000] {
                _ = try killedBuild(b, into: served, in: folder, milliseconds: milliseconds)
                try expectServable(served, versions, "killed after \(milliseconds) ms")
            }
            try build(a, into: served, in: folder)
            try expectClean(served, versions[0], beside: beside, "built after the timed kills")

            // Killed while committing (nearly every file changes, so there are about as many
            // steps as files); each next build rolls the one before back, then is killed too.
            let steps = versions.map(\.files.count).min() ?? 0
            for step in [0, 1, steps / 2, steps * 9 / 10] {
                #expect(try killedBuild(b, into: served, in: folder, killAfterSteps: step), "not killed before commit step \(step)")
                #expect(FileSystem.kind(of: journal) == .file, "killed before commit step \(step), so while committing")
                try expectServable(served, versions, "killed before commit step \(step)")
            }
            try build(b, into: served, in: folder)
            try expectClean(served, versions[1], beside: beside, "built after the kills while committing")

            // Killed while committing, then the next build is killed while rolling that back.
            #expect(try killedBuild(a, into: served, in: folder, killAfterSteps: steps / 2), "not killed while committing")
            try expectServable(served, versions, "killed while committing")
            #expect(try killedBuild(a, into: served, in: folder, killAfterSteps: steps / 4), "not killed while rolling back")
            #expect(FileSystem.kind(of: journal) == .file, "killed while rolling back")
            try expectServable(served, versions, "killed while rolling back")
            try build(a, into: served, in: folder)
            try expectClean(served, versions[0], beside: beside, "built after a kill while rolling back")
        }
    }
}
