import Foundation
import HushTestSupport
import Testing
import Yams

@testable import HushCore
@testable import HushSite

/// What a publisher's CI relies on: `hush --version`, and the `.gitignore` and GitHub Pages
/// workflow that `hush init` writes (docs/deploy.md). The workflow's own shell steps are run
/// here, so a typo in a command or in the secret guard fails a test, not a publisher's deploy.
/// The release tarball is checked by scripts/check-dist (`make test`).
@Suite
struct DeployTests {
    @Test func versionFlagPrintsTheVersion() throws {
        try withTemporaryFolder { folder in
            let run = try hush(["--version"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput == HushVersion.current + "\n")
            #expect(HushVersion.current.split(separator: ".").count == 3, "a semantic version: \(HushVersion.current)")
        }
    }

    // MARK: .gitignore

    @Test func initWritesAGitignoreThatKeepsOutputCacheAndDatabaseOutOfGit() throws {
        try withTemporaryFolder { folder in
            let run = try hush(["init", "mysite"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput.contains("created mysite/.gitignore"))
            let site = folder("mysite")
            let ignored = ["public/index.html", ".public.hush-stage/x", ".public.hush-journal", ".hush-cache/stories", "hearts.sqlite"]
            let kept = ["hush.yml", "content/first-story.md", "content/public/story.md", ".github/workflows/hush.yml"]
            // As git reads it: the one judge that counts.
            #expect(try git(["init", "-q"], in: site).status == 0)
            for path in ignored {
                #expect(try git(["check-ignore", "-q", path], in: site).status == 0, "\(path) is not ignored")
            }
            for path in kept {
                #expect(try git(["check-ignore", "-q", path], in: site).status == 1, "\(path) is ignored")
            }
        }
    }

    // MARK: The workflow

    /// The workflow `hush init` wrote into `site`, parsed. Yams reads YAML 1.1, where the
    /// key `on` is the boolean true (GitHub reads it as the string); keys become strings here.
    private func workflow(in site: String) throws -> [String: Any] {
        let text = try String(contentsOfFile: site + "/" + Scaffold.workflowPath, encoding: .utf8)
        return try #require(mapping(try Yams.load(yaml: text)), "the workflow is a YAML mapping")
    }

    private func mapping(_ value: Any?) -> [String: Any]? {
        guard let dictionary = value as? [AnyHashable: Any] else { return nil }
        return Dictionary(uniqueKeysWithValues: dictionary.map { (String(describing: $0.key.base), $0.value) })
    }

    private func steps(of workflow: [String: Any], job: String) throws -> [[String: Any]] {
        let jobs = try #require(mapping(workflow["jobs"]))
        let found = try #require(mapping(jobs[job]), "no job \(job)")
        let list = try #require(found["steps"] as? [Any], "job \(job) has no steps")
        return try list.map { try #require(mapping($0)) }
    }

    private func step(_ name: String, in steps: [[String: Any]]) throws -> [String: Any] {
        try #require(steps.first { $0["name"] as? String == name }, "no step '\(name)'")
    }

    @Test func initWritesAWorkflowThatChecksBuildsAndDeploys() throws {
        try withTemporaryFolder { folder in
            #expect(try hush(["init", "mysite"], in: folder.path).status == 0)
            let flow = try workflow(in: folder("mysite"))
            let build = try steps(of: flow, job: "build")
            let runs = build.compactMap { $0["run"] as? String }
            let check = try #require(runs.firstIndex { $0.contains("hush check --format github") }, "\(runs)")
            let make = try #require(runs.firstIndex { $0.contains("hush build") }, "\(runs)")
            #expect(check < make, "check runs before build")
            #expect(mapping(flow["env"])?["HUSH_VERSION"] as? String == HushVersion.current)
            let triggers = try #require(mapping(flow["on"] ?? flow["true"]), "the workflow says when it runs")
            #expect(triggers.keys.contains("push") && triggers.keys.contains("pull_request"), "\(triggers.keys)")

            // The secret comes from the CI's secrets, into every step that runs hush.
            for name in ["Check", "Build"] {
                let environment = try #require(mapping(try step(name, in: build)["env"]))
                #expect(environment["HUSH_SECRET"] as? String == "${{ secrets.HUSH_SECRET }}")
            }
            // The cache is kept between runs, keyed by hush's version.
            let cache = try #require(build.first { ($0["uses"] as? String)?.hasPrefix("actions/cache@") == true })
            let cacheWith = try #require(mapping(cache["with"]))
            #expect(cacheWith["path"] as? String == ".hush-cache")
            #expect((cacheWith["key"] as? String)?.contains("${{ env.HUSH_VERSION }}") == true)
            // The output goes to Pages, and only outside pull requests.
            let upload = try #require(build.first { ($0["uses"] as? String)?.hasPrefix("actions/upload-pages-artifact@") == true })
            #expect(mapping(upload["with"])?["path"] as? String == "public")
            #expect(upload["if"] as? String == "github.event_name != 'pull_request'")
            let deploy = try steps(of: flow, job: "deploy")
            #expect(deploy.contains { ($0["uses"] as? String)?.hasPrefix("actions/deploy-pages@") == true })
            let jobs = try #require(mapping(flow["jobs"]))
            let deployJob = try #require(mapping(jobs["deploy"]))
            #expect(deployJob["if"] as? String == "github.event_name != 'pull_request'")
            #expect(mapping(deployJob["permissions"])?["pages"] as? String == "write")
            // The token of the build job can only read.
            #expect(mapping(flow["permissions"])?["contents"] as? String == "read")
        }
    }

    /// Runs one `run:` script of the workflow with bash in `directory`, as a runner would.
    private func runStep(_ script: String, in directory: String, environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script]  // as GitHub runs `run:`
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var base = ProcessInfo.processInfo.environment
        for key in base.keys where key.hasPrefix("HUSH_") || key.hasPrefix("GITHUB_") || key == "SOURCE_DATE_EPOCH" {
            base[key] = nil
        }
        process.environment = base.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    struct SecretCase: Sendable, CustomTestStringConvertible {
        let secretInHushYml: Bool
        let repositoryPrivate: String  // as GitHub renders github.event.repository.private
        let hushSecret: String
        let event: String
        let passes: Bool
        var testDescription: String {
            "secret in hush.yml: \(secretInHushYml), private: '\(repositoryPrivate)', HUSH_SECRET set: \(!hushSecret.isEmpty), \(event)"
        }
    }

    static let secretCases: [SecretCase] = [
        // A public repository whose hush.yml holds the secret: the ids can be linked to files.
        .init(secretInHushYml: true, repositoryPrivate: "false", hushSecret: "s", event: "push", passes: false),
        .init(secretInHushYml: true, repositoryPrivate: "false", hushSecret: "", event: "pull_request", passes: false),
        .init(secretInHushYml: true, repositoryPrivate: "true", hushSecret: "", event: "push", passes: true),
        // A scheduled run has no repository in its event: not known to be public.
        .init(secretInHushYml: true, repositoryPrivate: "", hushSecret: "", event: "schedule", passes: true),
        // No secret anywhere: a deploy would publish ids anyone can match to file names.
        .init(secretInHushYml: false, repositoryPrivate: "false", hushSecret: "", event: "push", passes: false),
        .init(secretInHushYml: false, repositoryPrivate: "false", hushSecret: "s", event: "push", passes: true),
        // A pull request from a fork gets no secrets; it only checks, and builds nothing.
        .init(secretInHushYml: false, repositoryPrivate: "false", hushSecret: "", event: "pull_request", passes: true),
    ]

    @Test(arguments: secretCases)
    func workflowKeepsTheSecretOutOfTheRepository(_ c: SecretCase) throws {
        try withTemporaryFolder { folder in
            #expect(try hush(["init", "mysite"], in: folder.path).status == 0)
            let site = folder("mysite")
            if !c.secretInHushYml {
                let config = try String(contentsOfFile: site + "/hush.yml", encoding: .utf8)
                let without = config.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("secret:") }
                try folder.write(without.joined(separator: "\n"), to: "mysite/hush.yml")
            }
            let script = try #require(
                try step("Keep the secret out of the repository", in: steps(of: workflow(in: site), job: "build"))["run"] as? String
            )
            let run = try runStep(
                script,
                in: site,
                environment: ["PRIVATE": c.repositoryPrivate, "HUSH_SECRET": c.hushSecret, "GITHUB_EVENT_NAME": c.event]
            )
            #expect((run.status == 0) == c.passes, "\(run.output)")
            if !c.passes { #expect(run.output.hasPrefix("::error file=hush.yml::"), "\(run.output)") }
        }
    }

    /// The install step, run as written against a tarball laid out as `make dist` lays it
    /// out (with this build's hush inside): it installs a download that matches its checksum,
    /// and refuses one that does not, and a workflow whose HUSH_URL is not set yet.
    @Test func workflowInstallStepVerifiesTheDownload() throws {
        try withTemporaryFolder { folder in
            #expect(try hush(["init", "mysite"], in: folder.path).status == 0)
            let script = try #require(try step("Install hush", in: steps(of: workflow(in: folder("mysite")), job: "build"))["run"] as? String)
            let executable = try #require(hushExecutable)
            let name = "hush-\(HushVersion.current)-linux-x86_64"
            let pack = try runStep(
                """
                mkdir -p pack/\(name) && cp "$HUSH" pack/\(name)/hush && touch pack/\(name)/README.md pack/\(name)/NOTICE
                tar -czf \(name).tar.gz -C pack \(name) && sha256sum \(name).tar.gz | cut -d' ' -f1
                """,
                in: folder.path,
                environment: ["HUSH": executable]
            )
            #expect(pack.status == 0, "\(pack.output)")
            let checksum = pack.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let url = "file://" + folder(name + ".tar.gz")

            func install(url: String, checksum: String, into runner: String) throws -> (status: Int32, output: String) {
                try FileManager.default.createDirectory(atPath: folder(runner), withIntermediateDirectories: true)
                return try runStep(
                    script,
                    in: folder("mysite"),
                    environment: ["HUSH_URL": url, "HUSH_SHA256": checksum, "RUNNER_TEMP": folder(runner), "GITHUB_PATH": folder(runner + "/path")]
                )
            }
            let good = try install(url: url, checksum: checksum, into: "runner-good")
            #expect(good.status == 0, "\(good.output)")
            #expect(good.output.contains(HushVersion.current), "prints the version: \(good.output)")
            #expect(try String(contentsOfFile: folder("runner-good/path"), encoding: .utf8) == folder("runner-good/hush") + "\n")
            #expect(FileManager.default.isExecutableFile(atPath: folder("runner-good/hush/hush")))

            let tampered = try install(url: url, checksum: String(repeating: "0", count: 64), into: "runner-bad")
            #expect(tampered.status != 0, "a download that does not match its checksum is refused: \(tampered.output)")
            #expect(!FileManager.default.fileExists(atPath: folder("runner-bad/hush/hush")))

            let unset = try install(url: "", checksum: "", into: "runner-unset")
            #expect(unset.status == 2)
            #expect(unset.output.hasPrefix("::error file=.github/workflows/hush.yml::"), "\(unset.output)")
        }
    }

    /// The check and build steps, run as written with this build's hush on the PATH, in a
    /// git repository: the build is dated by the last commit, not by the clock.
    @Test func workflowCheckAndBuildStepsRunAsWritten() throws {
        try withTemporaryFolder { folder in
            #expect(try hush(["init", "mysite", "--base-url", "https://someone.github.io/stories/"], in: folder.path).status == 0)
            let site = folder("mysite")
            // No story, so the feed's `updated` is the build date.
            try FileManager.default.removeItem(atPath: site + "/content/first-story.md")
            let identity = [
                "GIT_AUTHOR_NAME": "hush", "GIT_AUTHOR_EMAIL": "hush@example.invalid",
                "GIT_COMMITTER_NAME": "hush", "GIT_COMMITTER_EMAIL": "hush@example.invalid",
                "GIT_COMMITTER_DATE": "2026-11-04T12:00:00Z", "GIT_AUTHOR_DATE": "2026-11-04T12:00:00Z",
            ]
            #expect(try git(["init", "-q"], in: site).status == 0)
            #expect(try git(["add", "-A"], in: site).status == 0)
            #expect(try git(["-c", "commit.gpgsign=false", "commit", "-q", "-m", "site"], in: site, environment: identity).status == 0)

            let build = try steps(of: workflow(in: site), job: "build")
            let executable = try #require(hushExecutable)
            let path =
                URL(fileURLWithPath: executable).deletingLastPathComponent().path + ":"
                + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let environment = [
                "PATH": path, "HUSH_SECRET": "a-ci-secret-of-32-random-bytes!!", "GITHUB_EVENT_NAME": "push", "GITHUB_WORKSPACE": site,
            ]
            for name in ["Check", "Build"] {
                let script = try #require(try step(name, in: build)["run"] as? String)
                let run = try runStep(script, in: site, environment: environment)
                #expect(run.status == 0, "\(name): \(run.output)")
            }
            let feed = try String(contentsOfFile: site + "/public/feed.xml", encoding: .utf8)
            #expect(feed.contains("<updated>2026-11-04T00:00:00Z</updated>"), "dated by the commit: \(feed.prefix(600))")
        }
    }

    // MARK: docs/deploy.md says what the code does

    /// The workflow in docs/deploy.md is the one `hush init` writes, word for word.
    @Test func deployDocShowsTheWorkflowInitWrites() throws {
        let doc = try String(contentsOfFile: repositoryRoot + "/docs/deploy.md", encoding: .utf8)
        let section = try #require(doc.range(of: "## GitHub Pages")).upperBound
        let open = try #require(doc.range(of: "```yaml\n", range: section..<doc.endIndex))
        let close = try #require(doc.range(of: "\n```", range: open.upperBound..<doc.endIndex))
        let shown = String(doc[open.upperBound..<close.lowerBound]) + "\n"
        #expect(shown == Scaffold.githubWorkflow, "docs/deploy.md's workflow differs from Scaffold.githubWorkflow")
    }

    /// The headers docs/deploy.md gives nginx, Netlify and Cloudflare carry the policy every
    /// page has in its meta element, plus what only a header can say.
    @Test func deployDocHeadersCarryThePagesPolicy() throws {
        let doc = try String(contentsOfFile: repositoryRoot + "/docs/deploy.md", encoding: .utf8)
        let policy = PageContext.contentSecurityPolicy + "; frame-ancestors 'none'"
        #expect(doc.components(separatedBy: "Content-Security-Policy: " + policy + "\n").count == 2, "the _headers file")
        #expect(doc.components(separatedBy: "Content-Security-Policy \"" + policy + "\" always;").count == 2, "the nginx snippet")
    }

    @Test func initKeepsAGitignoreAndAWorkflowThatAreThere() throws {
        try withTemporaryFolder { folder in
            try folder.write("mine\n", to: "mysite/.gitignore")
            try folder.write("name: mine\n", to: "mysite/" + Scaffold.workflowPath)
            let run = try hush(["init", "mysite"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            #expect(try String(contentsOfFile: folder("mysite/.gitignore"), encoding: .utf8) == "mine\n")
            #expect(try String(contentsOfFile: folder("mysite/" + Scaffold.workflowPath), encoding: .utf8) == "name: mine\n")
            #expect(run.standardOutput.contains("kept mysite/.gitignore"), "\(run.standardOutput)")
            #expect(run.standardOutput.contains("kept mysite/\(Scaffold.workflowPath)"), "\(run.standardOutput)")
            #expect(FileManager.default.fileExists(atPath: folder("mysite/hush.yml")))
            #expect(FileManager.default.fileExists(atPath: folder("mysite/content/first-story.md")))
        }
    }
}

/// Runs `git arguments…` in `directory`, quietly, with `environment` on top of the tests'.
private func git(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}
