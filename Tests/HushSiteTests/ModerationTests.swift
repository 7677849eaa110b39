import Foundation
import HushTestSupport
import Testing

@testable import HushCore
@testable import HushGuard
@testable import HushSite

/// Issue 12, the site's side: hush.yml's backend, moderation and submissions keys; stories
/// the ledger holds are left out and counted; the waiting queue is said in the summary; the
/// report form and the /submit/ page; and the checks the backend runs (docs/moderation.md).
@Suite struct ModerationTests {
    static let backendConfig =
        testConfig + """
            backend:
              url: "https://api.stories.example.org/hush"
            moderation:
              hold_after: 3
            submissions: on

            """

    private func parse(_ yaml: String) -> (SiteConfig?, [Diagnostic]) {
        ConfigParser.parse(SourceFile(path: "hush.yml", bytes: Array(yaml.utf8)))
    }

    // MARK: hush.yml

    @Test func theKeysAreReadWithTheirDefaults() throws {
        let plain = try #require(parse(testConfig).0)
        #expect(plain.backend.url == nil)
        #expect(plain.moderation.holdAfter == nil)
        #expect(!plain.submissions)

        let (config, diagnostics) = parse(Self.backendConfig)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let site = try #require(config)
        #expect(site.backend.url == "https://api.stories.example.org/hush/")
        #expect(site.backend.origin == "https://api.stories.example.org")
        #expect(site.moderation.holdAfter == 3)
        #expect(site.submissions)
        #expect(parse(testConfig + "backend:\n  url: \"http://127.0.0.1:8081/\"\nsubmissions: off\n").0?.submissions == false)
        #expect(parse(testConfig + "backend:\n  url: \"http://127.0.0.1:8081/\"\n").0?.backend.origin == "http://127.0.0.1:8081")
    }

    struct BadKey: Sendable, CustomStringConvertible {
        let yaml: String
        let code: String
        let line: Int
        let column: Int
        var description: String { yaml }
    }

    static let badKeys: [BadKey] = [
        BadKey(yaml: "backend:\n  url: \"ftp://api.example.org/\"\n", code: "config.invalid-value", line: 5, column: 8),
        BadKey(yaml: "backend:\n  url: \"https://api.example.org/?key=1\"\n", code: "config.invalid-value", line: 5, column: 8),
        BadKey(yaml: "backend:\n  url: \"https://me:pw@api.example.org/\"\n", code: "config.invalid-value", line: 5, column: 8),
        BadKey(yaml: "backend: \"https://api.example.org/\"\n", code: "config.type", line: 4, column: 10),
        BadKey(yaml: "backend:\n  uri: \"https://api.example.org/\"\n", code: "config.unknown-key", line: 5, column: 3),
        BadKey(yaml: "moderation:\n  hold_after: 0\n", code: "config.type", line: 5, column: 15),
        BadKey(yaml: "moderation:\n  hold_after: many\n", code: "config.type", line: 5, column: 15),
        BadKey(yaml: "moderation:\n  hold_afterr: 3\n", code: "config.unknown-key", line: 5, column: 3),
        BadKey(yaml: "submissions: maybe\n", code: "config.invalid-value", line: 4, column: 14),
        // A form with nowhere to post.
        BadKey(yaml: "submissions: on\n", code: "config.invalid-value", line: 4, column: 14),
    ]

    @Test(arguments: badKeys)
    func aBadKeyIsAConfigErrorAtItsPlace(_ bad: BadKey) throws {
        let (config, diagnostics) = parse(testConfig + bad.yaml)
        #expect(config == nil)
        let found = try #require(diagnostics.first { $0.severity == .error }, "\(diagnostics)")
        #expect(found.code.name == bad.code, "\(found.message)")
        #expect(found.file == "hush.yml")
        #expect((found.line, found.column) == (bad.line, bad.column), "\(found.line):\(found.column) \(found.message)")
    }

    // MARK: Holds and the waiting queue

    static let stories = [
        "a.md": story(date: "2026-10-01", title: "Kept apart quietly", tags: ["night"], id: "heldstory", body: "Zebra lanterns over the harbour."),
        "b.md": story(date: "2026-10-02", title: "Published anyway", tags: ["night"], id: "keptstory"),
    ]

    @Test func aHeldStoryIsLeftOutEverywhereAndCounted() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            let open = try buildAndRead(site: site)
            #expect(open.files["s/heldstory/index.html"] != nil)
            #expect(open.result.summary.held == 0)

            let built = try buildAndRead(site: site, ledger: LedgerCounts(held: ["heldstory"]))
            #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
            #expect(built.result.summary.held == 1)
            #expect(built.result.summary.stories == 1)
            #expect(built.files["s/keptstory/index.html"] != nil)
            #expect(!built.files.keys.contains("s/heldstory/index.html"))
            for (path, bytes) in built.files {
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(!text.contains("heldstory"), "\(path) names the held story")
                #expect(!text.contains("Zebra lanterns"), "\(path) has the held story's text")
                #expect(!text.contains("Kept apart quietly"), "\(path) has the held story's title")
            }
            #expect(built.result.summary.sentence.contains("1 story held for review"), "\(built.result.summary.sentence)")
            // A held id that is no story of the site holds nothing.
            #expect(try buildAndRead(site: site, ledger: LedgerCounts(held: ["nosuchstory"])).result.summary.held == 0)
        }
    }

    @Test func aHeldDraftIsCountedOnceAsADraft() throws {
        let result = try buildStories(
            ["d.md": story(id: "draftheld", extra: ["draft: true"]), "b.md": story(id: "keptstory")],
            drafts: false
        )
        #expect(result.result.summary.drafts == 1)
        #expect(result.result.summary.held == 0)
    }

    @Test func theSummarySaysWhatWaitsForAPerson() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            let quiet = build(site: site, output: folder("public"))
            #expect(!quiet.summary.sentence.contains("Waiting"), "\(quiet.summary.sentence)")

            let waiting = build(site: site, output: folder("public"), ledger: LedgerCounts(openReports: 3, pendingSubmissions: 1))
            #expect(waiting.summary.openReports == 3)
            #expect(waiting.summary.pendingSubmissions == 1)
            #expect(
                waiting.summary.sentence.hasSuffix("Waiting for review: 3 reports (hush reports), 1 submission (hush inbox)."),
                "\(waiting.summary.sentence)"
            )
            let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(waiting.summary)) as? [String: Any])
            #expect(json["open_reports"] as? Int == 3)
            #expect(json["pending_submissions"] as? Int == 1)
            #expect(json["held"] as? Int == 0)

            // check says it too, and a failed build: the queue is never forgotten.
            let checked = build(site: site, ledger: LedgerCounts(pendingSubmissions: 2))
            #expect(checked.summary.sentence.contains("2 submissions (hush inbox)"), "\(checked.summary.sentence)")
            try folder.write(story(body: "Mail me: ana.ribeiro@example.com"), to: "site/content/bad.md")
            let failed = build(site: site, output: folder("public"), ledger: LedgerCounts(openReports: 1))
            #expect(failed.summary.exitCode == 1)
            #expect(failed.summary.sentence.contains("1 report (hush reports)"), "\(failed.summary.sentence)")
        }
    }

    // MARK: The forms

    static let themes = ["default", "whisper", "paper"]

    @Test(arguments: themes)
    func everyStoryPageHasAReportFormThatNeedsNoScript(_ theme: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories, config: Self.backendConfig + "theme: \(theme)\n")
            let built = try buildAndRead(site: site)
            #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
            for id in ["heldstory", "keptstory"] {
                let html = try #require(built.files["s/\(id)/index.html"].map { String(decoding: $0, as: UTF8.self) })
                let page = HTMLDocument(html)
                let forms = page.elements(named: "form").filter { $0.attribute("action")?.contains("/reports/") ?? false }
                let form = try #require(forms.first, "\(theme): no report form on \(id)")
                #expect(forms.count == 1)
                #expect(form.attribute("action") == "https://api.stories.example.org/hush/reports/\(id)")
                #expect(form.attribute("method") == "post")
                let radios = page.elements(named: "input").filter { $0.attribute("name") == "category" }
                #expect(radios.map { $0.attribute("value") ?? "" } == ReportCategory.allCases.map(\.rawValue))
                #expect(radios.allSatisfy { $0.attribute("type") == "radio" })
                #expect(page.elements(named: "textarea").map { $0.attribute("name") } == ["text"])
                #expect(page.elements(named: "legend").count == 1)
                Self.expectEveryControlLabelled(page, html: html, "\(theme) \(id)")
                #expect(!html.contains("<script>"), "an inline script")
                // The page may post to the backend, and nowhere else.
                #expect(html.contains("form-action &#39;self&#39; https://api.stories.example.org;"), "\(theme): the CSP does not allow the backend")
            }
            // No backend: no form, the policy as it always was.
            let plain = try folder.makeSite(named: "plain", stories: Self.stories, config: testConfig + "theme: \(theme)\n")
            let bare = try buildAndRead(site: plain)
            let html = String(decoding: bare.files["s/keptstory/index.html"] ?? [], as: UTF8.self)
            #expect(!html.isEmpty)
            #expect(!html.contains("/reports/"))
            #expect(!html.contains("name=\"category\""))
            #expect(bare.files["submit/index.html"] == nil)
            #expect(html.contains(HTML.escape(PageContext.contentSecurityPolicy)))
        }
    }

    @Test(arguments: themes)
    func theSubmitPageIsAPlainFormWithAHiddenHoneypot(_ theme: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories, config: Self.backendConfig + "theme: \(theme)\n")
            let built = try buildAndRead(site: site)
            let html = try #require(built.files["submit/index.html"].map { String(decoding: $0, as: UTF8.self) }, "\(theme): no /submit/")
            let page = HTMLDocument(html)
            let form = try #require(page.elements(named: "form").first { $0.attribute("action") == "https://api.stories.example.org/hush/submit" })
            #expect(form.attribute("method") == "post")
            let names = (page.elements(named: "input") + page.elements(named: "textarea")).compactMap { $0.attribute("name") }
            for field in ["title", "text", "tags", "mood", "cw", SubmissionFields.honeypotName] {
                #expect(names.contains(field), "\(theme): no \(field)")
            }
            let honeypot = try #require(page.elements(named: "input").first { $0.attribute("name") == SubmissionFields.honeypotName })
            #expect(honeypot.attribute("tabindex") == "-1")
            #expect(honeypot.attribute("autocomplete") == "off")
            let index = try #require(page.elements.first { $0.node.attribute("name") == SubmissionFields.honeypotName }?.index)
            #expect(page.inherited("aria-hidden", at: index) == "true", "\(theme): the honeypot is not hidden from screen readers")
            #expect(html.contains("class=\"visually-hidden\" aria-hidden=\"true\""))
            Self.expectEveryControlLabelled(page, html: html, "\(theme) submit")
            // Every page links to it, and says which page is current.
            let home = String(decoding: built.files["index.html"] ?? [], as: UTF8.self)
            #expect(home.contains("href=\"/submit/\""))
            #expect(html.contains("href=\"/submit/\" aria-current=\"page\""))
            #expect(!html.contains("<script>"))
        }
    }

    @Test(arguments: themes)
    func theFormsKeepEveryPromiseAndPostOnlyToTheBackend(_ theme: String) throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories, config: Self.backendConfig + "theme: \(theme)\n")
            let built = try buildAndRead(site: site)
            #expect(built.files["submit/index.html"] != nil)
            // With a backend every page loads hearts.js: a script is allowed on every page.
            let pages = Set(built.files.keys.filter { $0.hasSuffix(".html") })
            let promises = SitePromises(origin: "https://stories.example.org", scriptPages: pages, formOrigins: ["https://api.stories.example.org"])
            let violations = promises.violations(in: built.files)
            #expect(violations.isEmpty, "\(theme): \(violations.prefix(10).map(\.description).joined(separator: "\n"))")
            // The checker is not blind to the forms: without the backend's origin allowed,
            // every form that posts to it, and every page's policy, breaks a promise.
            let strict = SitePromises(origin: "https://stories.example.org", scriptPages: pages).violations(in: built.files)
            #expect(strict.contains { $0.promise == .sameOrigin && $0.place.hasPrefix("submit/index.html") })
            #expect(strict.contains { $0.promise == .sameOrigin && $0.place.hasPrefix("s/keptstory/index.html") })
            #expect(strict.contains { $0.promise == .contentSecurityPolicy && $0.detail.contains("form-action") })
        }
    }

    @Test func aThemeOfItsOwnNeedsASubmitTemplateOnlyWhenSubmissionsAreOn() throws {
        try withTemporaryFolder { folder in
            // A theme with no parent: every page template, no submit.
            let site = try folder.makeSite(stories: Self.stories, config: Self.backendConfig + "theme: bare\n")
            let page =
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{{csp}}\"><title>{{page.title}}</title></head><body>{{page.heading}}</body></html>\n"
            for name in Theme.pageTemplates { try folder.write(page, to: "site/Templates/bare/\(name).mustache") }
            let result = build(site: site)
            #expect(result.diagnostics("template.missing").map(\.message).count == 1, "\(result.listing)")
            #expect(result.diagnostics("template.missing").first?.message.contains("submit.mustache") == true)
            #expect(result.summary.exitCode == 2)
            try folder.write(
                Self.backendConfig.replacingOccurrences(of: "submissions: on", with: "submissions: off") + "theme: bare\n",
                to: "site/hush.yml"
            )
            #expect(build(site: site).diagnostics("template.missing").isEmpty)
        }
    }

    /// Every visible input and textarea has a `<label>`: around it, or naming its id.
    static func expectEveryControlLabelled(_ page: HTMLDocument, html: String, _ context: String) {
        for (index, node) in page.elements where ["input", "textarea"].contains(node.name) {
            let wrapped = page.ancestors(of: index).contains { ancestor in page.elements.contains { $0.index == ancestor && $0.node.name == "label" }
            }
            let named = node.attribute("id").map { html.contains("for=\"\($0)\"") } ?? false
            #expect(wrapped || named, "\(context): \(node.attribute("name") ?? "?") has no label")
        }
    }

    // MARK: SubmissionCheck

    static let config: SiteConfig = {
        guard let config = ConfigParser.parse(SourceFile(path: "hush.yml", bytes: Array(testConfig.utf8))).0 else {
            return SiteConfig(title: "T", baseURL: "https://stories.example.org/")
        }
        return config
    }()

    @Test func aCleanSubmissionIsAcceptedCleaned() throws {
        let fields = SubmissionFields(
            title: "  The   night\nshift ",
            text: "I kept the lights on.\r\nAll night.\r\n\r\n",
            tags: " work, night shift ,, 家族、仕事 ",
            mood: "tired",
            cw: "",
            honeypot: ""
        )
        guard case .accepted(let accepted) = SubmissionCheck.check(fields, config: Self.config, day: testDay) else {
            Issue.record("refused: \(SubmissionCheck.check(fields, config: Self.config, day: testDay))")
            return
        }
        #expect(accepted.title == "The night shift")
        #expect(accepted.text == "I kept the lights on.\nAll night.")
        #expect(accepted.tags == ["work", "night shift", "家族", "仕事"])
        #expect(accepted.mood == "tired")
        #expect(accepted.cw == nil)
        #expect(accepted.notes.isEmpty)
    }

    struct Finding: Sendable, CustomStringConvertible {
        let fields: SubmissionFields
        let field: SubmissionField
        let kind: SubmissionProblem.Kind
        let line: Int
        let column: Int
        /// What the message must never repeat.
        let secret: String
        var description: String { "\(field) \(kind)" }
    }

    static let findings: [Finding] = [
        Finding(
            fields: SubmissionFields(text: "First line.\nWrite to ana.ribeiro@example.com please."),
            field: .text,
            kind: .personalData(.email),
            line: 2,
            column: 10,
            secret: "ana.ribeiro"
        ),
        Finding(
            fields: SubmissionFields(title: "Call +44 20 7946 0958", text: "A story."),
            field: .title,
            kind: .personalData(.phone),
            line: 1,
            column: 6,
            secret: "7946"
        ),
        Finding(
            fields: SubmissionFields(text: "A story.", tags: "work, bo.lindqvist@example.org"),
            field: .tags,
            kind: .personalData(.email),
            line: 1,
            column: 7,
            secret: "lindqvist"
        ),
        Finding(
            fields: SubmissionFields(text: "A story.", mood: "mail kim.park@example.net"),
            field: .mood,
            kind: .personalData(.email),
            line: 1,
            column: 6,
            secret: "kim.park"
        ),
        Finding(
            fields: SubmissionFields(text: "A story.", cw: "ip 203.0.113.77"),
            field: .cw,
            kind: .personalData(.ip),
            line: 1,
            column: 4,
            secret: "203.0.113"
        ),
    ]

    @Test(arguments: findings)
    func personalDataIsRefusedNamingTheFieldAndPlaceNotTheValue(_ finding: Finding) throws {
        guard case .refused(let problems) = SubmissionCheck.check(finding.fields, config: Self.config, day: testDay) else {
            Issue.record("accepted")
            return
        }
        let problem = try #require(problems.first)
        #expect(problems.count == 1, "\(problems)")
        #expect(problem.field == finding.field)
        #expect(problem.kind == finding.kind)
        #expect((problem.line, problem.column) == (finding.line, finding.column), "\(problem)")
        #expect(!problem.message.contains(finding.secret), "\(problem.message)")
        #expect(problem.message.contains("line \(finding.line), column \(finding.column)"))
    }

    @Test func whatTheSiteRedactsIsRefusedAndWhatItWarnsAboutIsANote() throws {
        var redacting = Self.config
        redacting.anonymity.personalData[.email] = .redact
        let mail = SubmissionFields(text: "Write to ana.ribeiro@example.com please.")
        guard case .refused = SubmissionCheck.check(mail, config: redacting, day: testDay) else {
            Issue.record("a redacted kind was accepted")
            return
        }
        // handle warns by default: accepted as written, with a note for the moderator.
        let handle = SubmissionFields(text: "Everyone at work follows @nightowl_77 now.")
        guard case .accepted(let accepted) = SubmissionCheck.check(handle, config: Self.config, day: testDay) else {
            Issue.record("a warned kind was refused")
            return
        }
        #expect(accepted.notes.map(\.kind) == [.personalData(.handle)])
        #expect(accepted.notes.first?.field == .text)
    }

    @Test func invisibleCharactersAreRemovedAndNoted() throws {
        let fields = SubmissionFields(title: "Qui\u{200B}et", text: "A\u{2060}story\u{200D}.")
        guard case .accepted(let accepted) = SubmissionCheck.check(fields, config: Self.config, day: testDay) else {
            Issue.record("refused")
            return
        }
        #expect(accepted.title == "Quiet")
        #expect(accepted.text == "Astory.")
        #expect(Set(accepted.notes.map(\.field)) == [.title, .text])
        #expect(accepted.notes.allSatisfy { $0.kind == .invisibleCharacters })
    }

    static let formProblems: [(SubmissionFields, SubmissionField, SubmissionProblem.Kind)] = [
        (SubmissionFields(text: " \n "), .text, .missing),
        (SubmissionFields(text: String(repeating: "word ", count: 4_001)), .text, .tooLong),
        (SubmissionFields(title: String(repeating: "t", count: 201), text: "A story."), .title, .tooLong),
        (SubmissionFields(text: "A story.", tags: (1...11).map { "tag\($0)" }.joined(separator: ",")), .tags, .tooManyTags),
        (SubmissionFields(text: "A story.", tags: "work, ---"), .tags, .invalidTag),
        (SubmissionFields(text: "A story.", tags: String(repeating: "long", count: 11)), .tags, .tooLong),
    ]

    @Test(arguments: formProblems.indices)
    func whatTheFormCannotTakeIsRefusedWithWhatToChange(_ index: Int) throws {
        let (fields, field, kind) = Self.formProblems[index]
        guard case .refused(let problems) = SubmissionCheck.check(fields, config: Self.config, day: testDay) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.map(\.field) == [field])
        #expect(problems.map(\.kind) == [kind])
        #expect(problems.allSatisfy { $0.message.hasSuffix(".") && $0.message.count > 30 })
    }

    @Test func aFilledHoneypotIsATrapNotAProblem() {
        let fields = SubmissionFields(text: "Buy now.", honeypot: "https://spam.example")
        #expect(SubmissionCheck.check(fields, config: Self.config, day: testDay) == .trapped)
        #expect(SubmissionCheck.check(SubmissionFields(text: "Fine.", honeypot: " "), config: Self.config, day: testDay) != .trapped)
    }

    // MARK: ReportCheck

    @Test func everyCategoryOfTheFormIsAcceptedAndNoOther() {
        for category in ReportCategory.allCases {
            #expect((try? ReportCheck.check(category: category.rawValue, text: "", config: Self.config).get())?.category == category)
        }
        for bad in ["", "Spam", "hate", "harassment,spam"] {
            guard case .failure(let refusal) = ReportCheck.check(category: bad, text: "", config: Self.config) else {
                Issue.record("'\(bad)' accepted")
                continue
            }
            #expect(refusal.kind == .unknownCategory)
        }
    }

    @Test func aReportsTextIsRedactedNeverStoredAsWritten() throws {
        let report = try ReportCheck.check(
            category: "identifies-someone",
            text: "This is about my neighbour, ana.ribeiro@example.com, call +44 20 7946 0958 or follow @bob_smith.",
            config: Self.config
        ).get()
        let text = try #require(report.text)
        #expect(!text.contains("ana.ribeiro"))
        #expect(!text.contains("7946"))
        #expect(!text.contains("bob_smith"))
        #expect(text.contains(AnonymityGuard.redactionMark))
        #expect(text.hasPrefix("This is about my neighbour, "))
        #expect(report.redactions == 3)
        #expect(try ReportCheck.check(category: "spam", text: " \n", config: Self.config).get().text == nil)
        #expect(try ReportCheck.check(category: "spam", text: "Just ads.\u{200B}", config: Self.config).get().text == "Just ads.")
        guard case .failure(let long) = ReportCheck.check(category: "other", text: String(repeating: "a", count: 2_001), config: Self.config) else {
            Issue.record("an over-long report was accepted")
            return
        }
        #expect(long.kind == .tooLong)
    }

    // MARK: SubmissionApproval

    static func accepted(_ fields: SubmissionFields) throws -> AcceptedSubmission {
        guard case .accepted(let accepted) = SubmissionCheck.check(fields, config: config, day: testDay) else {
            throw Scaffold.Failure(message: "refused")
        }
        return accepted
    }

    @Test func anApprovedSubmissionIsPublishedByTheNextBuild() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: Self.stories)
            let submission = try Self.accepted(
                SubmissionFields(
                    title: #"He said "no": \ then left"#,
                    text: "---\nkey: value\n---\nThe rest of it, plainly.",
                    tags: "work, Late nights",
                    mood: "- odd: yes",
                    cw: "grief # not a comment"
                )
            )
            let approved = try SubmissionApproval.approve(submission, site: site, day: testDay)
            #expect(approved.path == "content/\(approved.id).md")
            #expect(!["heldstory", "keptstory"].contains(approved.id))
            #expect(PublicID.isValid(approved.id))
            let written = try String(contentsOfFile: site + "/" + approved.path, encoding: .utf8)
            // Dated at the site's precision (a week: Monday 2026-11-02), published, not a draft.
            #expect(written.contains("\ndate: 2026-11-02\n"))
            #expect(!written.contains("draft"))

            let built = try buildAndRead(site: site, now: testDay)
            #expect(built.result.summary.exitCode == 0, "\(built.result.listing)")
            let html = try #require(built.files["s/\(approved.id)/index.html"].map { String(decoding: $0, as: UTF8.self) })
            #expect(html.contains(HTML.escape(#"He said "no": \ then left"#)))
            #expect(html.contains("The rest of it, plainly."))
            #expect(html.contains("- odd: yes"))
            #expect(html.contains("grief # not a comment"))
            #expect(built.files["tags/late-nights/index.html"] != nil)
        }
    }

    @Test func theDayIsRoundedAndTagsCanBeOverridden() throws {
        try withTemporaryFolder { folder in
            let site = try folder.makeSite(stories: [:], config: testConfig + "anonymity:\n  date_precision: month\n")
            let submission = try Self.accepted(SubmissionFields(text: "A story.", tags: "mine"))
            let day = try #require(Day(year: 2026, month: 11, day: 19))
            let approved = try SubmissionApproval.approve(submission, site: site, day: day, tags: ["chosen", " ", "by hand"])
            let written = try String(contentsOfFile: site + "/" + approved.path, encoding: .utf8)
            #expect(written.contains("\ndate: 2026-11-01\n"))
            #expect(written.contains("\ntags: [\"chosen\", \"by hand\"]\n"))
            #expect(!written.contains("mine"))
        }
    }

    @Test func aFreshIDIsNoneOfTheTakenOnes() throws {
        // The generator's first ids, taken: the next one is given.
        var probe = SeededGenerator(seed: 7)
        let first = PublicID.random(using: &probe)
        let second = PublicID.random(using: &probe)
        let third = PublicID.random(using: &probe)
        var generator = SeededGenerator(seed: 7)
        #expect(Scaffold.freshID(avoiding: [first, second], using: &generator) == third)
        var again = SeededGenerator(seed: 7)
        #expect(Scaffold.freshID(avoiding: [], using: &again) == first)
    }

    @Test func theSitesIdsAreTakenWrittenOrDerived() throws {
        let files = [
            SourceFile(path: "content/a.md", bytes: Array(story(id: "writtenid").utf8)),
            SourceFile(path: "content/b.md", bytes: Array(story().utf8)),
        ]
        let ids = SubmissionApproval.existingIDs(files, secret: testSecret)
        #expect(ids.contains("writtenid"))
        #expect(ids.contains(PublicID.derive(contentPath: "b.md", secret: testSecret)))
    }

    @Test func approvingOutsideASiteIsRefused() throws {
        try withTemporaryFolder { folder in
            let submission = try Self.accepted(SubmissionFields(text: "A story."))
            #expect(throws: Scaffold.Failure.self) { try SubmissionApproval.approve(submission, site: folder("empty"), day: testDay) }
        }
    }
}
