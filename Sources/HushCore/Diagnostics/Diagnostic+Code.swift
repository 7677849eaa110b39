extension Diagnostic {
    /// A stable diagnostic code: its name (`front-matter.unknown-key`, matched by tests and CI
    /// scripts), how bad it is unless a policy says otherwise, and which exit code it leads to.
    ///
    /// Every code is a static member below and is listed in `Code.all`; docs/diagnostics.md
    /// documents each one, and a test keeps the two in step. A code's first part names the
    /// stage or area that finds it (docs/architecture.md, "Adding a diagnostic code").
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// `area.what`, lower case with dashes: the stable name.
        public let name: String
        /// The severity unless the caller says otherwise (a `pii.*` finding under
        /// `anonymity.pii: warn` is a warning).
        public let severity: Severity
        /// The exit code an error of this kind leads to.
        public let exit: ExitClass

        package init(_ name: String, _ severity: Severity, _ exit: ExitClass) {
            self.name = name
            self.severity = severity
            self.exit = exit
        }

        public var description: String { name }

        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    /// Which exit code an error leads to (docs/diagnostics.md): when several apply, usage
    /// wins over I/O, and I/O over content.
    public enum ExitClass: Int32, Sendable, CaseIterable {
        /// 1: something in the content is wrong; the writer fixes a story.
        case content = 1
        /// 2: the command line, hush.yml, a template or the output folder is wrong; the publisher fixes the set-up.
        case usage = 2
        /// 3: reading or writing failed.
        case io = 3
    }
}

extension Diagnostic.Code: Codable {
    /// Encoded as its name: `"pii.email"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let code = Self.named(name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no diagnostic code \(name)"))
        }
        self = code
    }
}

// MARK: - The catalog

extension Diagnostic.Code {
    // config: the site folder and hush.yml
    public static let configNoSite = Self("config.no-site", .error, .usage)
    public static let configMissing = Self("config.missing", .error, .usage)
    public static let configUnreadable = Self("config.unreadable", .error, .io)
    public static let configEncoding = Self("config.encoding", .error, .usage)
    public static let configSyntax = Self("config.syntax", .error, .usage)
    public static let configType = Self("config.type", .error, .usage)
    public static let configDuplicateKey = Self("config.duplicate-key", .error, .usage)
    public static let configUnknownKey = Self("config.unknown-key", .error, .usage)
    public static let configMissingKey = Self("config.missing-key", .error, .usage)
    public static let configInvalidValue = Self("config.invalid-value", .error, .usage)
    public static let configUnknownTheme = Self("config.unknown-theme", .error, .usage)
    public static let configNoSecret = Self("config.no-secret", .warning, .usage)
    public static let configPlaceholderURL = Self("config.placeholder-url", .warning, .usage)
    public static let configWeakSecret = Self("config.weak-secret", .error, .usage)
    public static let configSourceDateEpoch = Self("config.source-date-epoch", .error, .usage)
    public static let configControlCharacter = Self("config.control-character", .error, .usage)

    // content: the story files as files
    public static let contentMissing = Self("content.missing", .warning, .content)
    public static let contentUnreadable = Self("content.unreadable", .error, .io)
    public static let contentSymlink = Self("content.symlink", .error, .content)
    public static let contentIgnored = Self("content.ignored", .warning, .content)
    public static let contentHidden = Self("content.hidden", .warning, .content)
    public static let contentEncoding = Self("content.encoding", .error, .content)
    public static let contentInvisibleCharacters = Self("content.invisible-characters", .warning, .content)
    public static let contentDuplicateID = Self("content.duplicate-id", .error, .content)
    public static let contentEmpty = Self("content.empty", .error, .content)

    // front-matter: the story's YAML block against the schema
    public static let frontMatterMissing = Self("front-matter.missing", .error, .content)
    public static let frontMatterUnclosed = Self("front-matter.unclosed", .error, .content)
    public static let frontMatterSyntax = Self("front-matter.syntax", .error, .content)
    public static let frontMatterType = Self("front-matter.type", .error, .content)
    public static let frontMatterDuplicateKey = Self("front-matter.duplicate-key", .error, .content)
    public static let frontMatterUnknownKey = Self("front-matter.unknown-key", .error, .content)
    public static let frontMatterIdentifyingKey = Self("front-matter.identifying-key", .error, .content)
    public static let frontMatterCommaList = Self("front-matter.comma-list", .warning, .content)
    public static let frontMatterControlCharacter = Self("front-matter.control-character", .error, .content)

    // date and id
    public static let dateMissing = Self("date.missing", .error, .content)
    public static let dateHasTime = Self("date.has-time", .error, .content)
    public static let dateInvalid = Self("date.invalid", .error, .content)
    public static let idInvalid = Self("id.invalid", .error, .content)
    /// A story's id is one `hush takedown` took down: it is never used again.
    public static let idTakenDown = Self("id.taken-down", .error, .content)

    // tombstone: moderation/tombstones.yml, the stories taken down
    public static let tombstoneInvalid = Self("tombstone.invalid", .error, .usage)

    // pii: personal data found by the guard (severity from anonymity.pii)
    public static let piiEmail = Self("pii.email", .error, .content)
    public static let piiPhone = Self("pii.phone", .error, .content)
    public static let piiIP = Self("pii.ip", .error, .content)
    public static let piiCard = Self("pii.card", .error, .content)
    public static let piiIBAN = Self("pii.iban", .error, .content)
    public static let piiHandle = Self("pii.handle", .warning, .content)
    public static let piiProfileURL = Self("pii.profile-url", .error, .content)
    public static let piiNationalID = Self("pii.national-id", .error, .content)
    public static let piiUnusedAllow = Self("pii.unused-allow", .warning, .content)

    // tag
    public static let tagCollision = Self("tag.collision", .error, .content)
    public static let tagInvalid = Self("tag.invalid", .error, .content)
    public static let tagRare = Self("tag.rare", .warning, .content)
    public static let tagAccents = Self("tag.accents", .warning, .content)
    public static let tagTooMany = Self("tag.too-many", .error, .content)
    public static let tagTooLong = Self("tag.too-long", .error, .content)

    // render: what the renderer made safe
    public static let renderExternalImage = Self("render.external-image", .warning, .content)
    public static let renderDataImage = Self("render.data-image", .warning, .content)
    public static let renderRawHTML = Self("render.raw-html", .warning, .content)
    public static let renderUnsafeLink = Self("render.unsafe-link", .warning, .content)

    // image: a story's own images (docs/images.md)
    public static let imageMissing = Self("image.missing", .error, .content)
    public static let imageUnreadable = Self("image.unreadable", .error, .content)
    public static let imageUnsupported = Self("image.unsupported", .error, .content)
    public static let imageTooLarge = Self("image.too-large", .error, .content)
    public static let imageOutsideContent = Self("image.outside-content", .error, .content)
    public static let imageMissingAlt = Self("image.missing-alt", .warning, .content)
    public static let imageUnused = Self("image.unused", .warning, .content)
    public static let imageOCRUnavailable = Self("image.ocr-unavailable", .error, .usage)

    // template: the theme's files
    public static let templateUnreadable = Self("template.unreadable", .error, .io)
    public static let templateSymlink = Self("template.symlink", .error, .usage)
    public static let templateIgnored = Self("template.ignored", .warning, .usage)
    public static let templateEncoding = Self("template.encoding", .error, .usage)
    public static let templateSyntax = Self("template.syntax", .error, .usage)
    public static let templateMissing = Self("template.missing", .error, .usage)
    public static let templateUnknownParent = Self("template.unknown-parent", .error, .usage)
    public static let templateParentCycle = Self("template.parent-cycle", .error, .usage)
    public static let templateNoCSP = Self("template.no-csp", .warning, .usage)
    public static let templateTextInURL = Self("template.text-in-url", .warning, .usage)

    // strings: the string tables, the built-in themes' and the site's own i18n/<lang>.yml
    public static let stringsUnreadable = Self("strings.unreadable", .error, .io)
    public static let stringsSyntax = Self("strings.syntax", .error, .usage)
    public static let stringsType = Self("strings.type", .error, .usage)
    public static let stringsMissingKey = Self("strings.missing-key", .warning, .usage)
    public static let stringsNoTable = Self("strings.no-table", .warning, .usage)

    // output: the folder the site is written to
    public static let outputInsideSite = Self("output.inside-site", .error, .usage)
    public static let outputNotOurs = Self("output.not-ours", .error, .usage)
    public static let outputIO = Self("output.io", .error, .io)

    // ledger: the hearts ledger a build reads (`--ledger`, `backend.ledger`)
    public static let ledgerUnreadable = Self("ledger.unreadable", .error, .io)
    public static let ledgerCorrupt = Self("ledger.corrupt", .error, .usage)

    // cache: the build cache (.hush-cache/), which only makes rebuilds faster
    public static let cacheCorrupt = Self("cache.corrupt", .warning, .io)
    public static let cacheUnwritable = Self("cache.unwritable", .warning, .io)

    /// Every code, in the order docs/diagnostics.md lists them.
    public static let all: [Self] = [
        configNoSite, configMissing, configUnreadable, configEncoding, configSyntax, configType, configDuplicateKey,
        configUnknownKey, configMissingKey, configInvalidValue, configUnknownTheme, configNoSecret,
        configPlaceholderURL,
        configWeakSecret, configSourceDateEpoch, configControlCharacter,
        contentMissing, contentUnreadable, contentSymlink, contentIgnored, contentEncoding, contentInvisibleCharacters,
        contentDuplicateID, contentEmpty,
        contentHidden,
        frontMatterMissing, frontMatterUnclosed, frontMatterSyntax, frontMatterType, frontMatterDuplicateKey,
        frontMatterUnknownKey, frontMatterIdentifyingKey, frontMatterCommaList,
        frontMatterControlCharacter,
        dateMissing, dateHasTime, dateInvalid, idInvalid, idTakenDown, tombstoneInvalid,
        piiEmail, piiPhone, piiIP, piiCard, piiIBAN, piiHandle, piiProfileURL, piiNationalID, piiUnusedAllow,
        tagCollision, tagInvalid, tagRare, tagAccents,
        tagTooMany, tagTooLong,
        renderExternalImage, renderDataImage, renderRawHTML, renderUnsafeLink,
        imageMissing, imageUnreadable, imageUnsupported, imageTooLarge, imageOutsideContent, imageMissingAlt, imageUnused, imageOCRUnavailable,
        templateUnreadable, templateSymlink, templateIgnored, templateEncoding, templateSyntax, templateMissing,
        templateUnknownParent, templateParentCycle,
        templateNoCSP, templateTextInURL,
        stringsUnreadable, stringsSyntax, stringsType, stringsMissingKey, stringsNoTable,
        outputInsideSite, outputNotOurs, outputIO,
        ledgerUnreadable, ledgerCorrupt,
        cacheCorrupt, cacheUnwritable,
    ]

    /// The code with this name, if there is one.
    public static func named(_ name: String) -> Self? {
        all.first { $0.name == name }
    }

    /// The finding code of a kind of personal data: `pii.email` for `.email`.
    package static func pii(_ kind: PersonalDataKind) -> Self {
        switch kind {
        case .email: return piiEmail
        case .phone: return piiPhone
        case .ip: return piiIP
        case .card: return piiCard
        case .iban: return piiIBAN
        case .handle: return piiHandle
        case .profileURL: return piiProfileURL
        case .nationalID: return piiNationalID
        }
    }

    /// The codes the YAML reader reports, for the file it reads.
    package struct YAMLCodes: Sendable {
        package let syntax: Diagnostic.Code
        package let type: Diagnostic.Code
        package let duplicateKey: Diagnostic.Code
        package let unknownKey: Diagnostic.Code
        /// A value of the right kind that is not allowed (front matter has no code of its own for it).
        package let invalidValue: Diagnostic.Code
        /// A text value holding a control character or a non-character.
        package let controlCharacter: Diagnostic.Code

        package static let config = Self(
            syntax: configSyntax,
            type: configType,
            duplicateKey: configDuplicateKey,
            unknownKey: configUnknownKey,
            invalidValue: configInvalidValue,
            controlCharacter: configControlCharacter
        )
        package static let frontMatter = Self(
            syntax: frontMatterSyntax,
            type: frontMatterType,
            duplicateKey: frontMatterDuplicateKey,
            unknownKey: frontMatterUnknownKey,
            invalidValue: frontMatterType,
            controlCharacter: frontMatterControlCharacter
        )
        package static let strings = Self(
            syntax: stringsSyntax,
            type: stringsType,
            duplicateKey: stringsSyntax,
            unknownKey: stringsType,
            invalidValue: stringsType,
            controlCharacter: stringsType
        )
    }
}
