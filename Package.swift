// swift-tools-version:6.1
import PackageDescription

// The layers (docs/architecture.md): HushCore ← HushMarkdown ← HushGuard ← HushSite ← HushServe ←
// hush. The compiler keeps them apart: the guard cannot reach the renderer, the site generator
// links no server (only HushServe and HushBackend link Hummingbird and NIO), and the hearts
// backend (HushLedger, HushBackend) sees HushSite only through its public Pipeline.

let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "hush",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hush", targets: ["hush"]),
        .library(name: "HushSite", targets: ["HushSite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The development server (HushServe) only; no trait: swift-configuration is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The hearts ledger (HushLedger): SQLite, vendored and linked statically by SQLiteNIO.
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        // The ledger on PostgreSQL (`--db postgres://…`), for several backend processes.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Values every layer shares: the model, diagnostics and their catalog, and support
        // (parallel map, HTML escaping, hashing, language tags, file system reads).
        .target(name: "HushCore", swiftSettings: strictness),
        // cmark, and nothing else: a story as HTML (for the site) and as the text a reader
        // gets, with places in the source (for the guard). The only module that sees CCmark.
        .target(name: "HushMarkdown", dependencies: ["HushCore", "CCmark"], swiftSettings: strictness),
        // The anonymity guard: identifying keys, dates, public ids, personal data, hygiene.
        // Only it can make a `GuardedStory`, the one input the renderer accepts.
        .target(
            name: "HushGuard",
            dependencies: ["HushCore", "HushMarkdown", "CPhoneNumber", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictness
        ),
        // Images: bytes in, upright sRGB WebP and JPEG without metadata out, named by a keyed
        // hash of their pixels. The only module that sees CVips (libvips).
        .target(
            name: "HushImages",
            dependencies: ["CVips", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictness
        ),
        // The static site generator: load, parse, render, index, theme, write, and the pipeline.
        .target(
            name: "HushSite",
            dependencies: [
                "HushCore",
                "HushGuard",
                "HushImages",
                "HushMarkdown",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness,
            plugins: ["EmbedThemes"]
        ),
        // libvips (Debian's libvips42), loaded when the first image needs it rather than linked
        // (every command would load it and its hundred libraries), through non-variadic inline
        // wrappers (libvips' options are variadic, which Swift cannot call); imported only by
        // HushImages/Vips.swift.
        .target(name: "CVips", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // Google's libphonenumber (C++; Debian's libphonenumber-dev, which has no pkg-config
        // file, so scripts/bootstrap installs it) behind an `extern "C"` shim, imported only by
        // HushGuard/PersonalData/Detectors/PhoneNumbers.swift. The library names its own
        // dependencies (protobuf, ICU, abseil), so linking it is enough.
        .target(
            name: "CPhoneNumber",
            linkerSettings: [.linkedLibrary("phonenumber")]
        ),
        .executableTarget(name: "embed-themes"),
        .plugin(name: "EmbedThemes", capability: .buildTool(), dependencies: ["embed-themes"]),
        // The development server behind `hush serve`: builds with HushSite's public `Pipeline`,
        // serves the output at base_url's path, watches the site and pushes reloads and errors.
        .target(
            name: "HushServe",
            dependencies: [
                "HushCore",
                "HushSite",
                "HushLedger",
                "HushBackend",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictness
        ),
        // The hearts ledger: the store protocol (`HeartStore`), its SQLite implementation
        // (SQLiteNIO, WAL), group commit, and reading a ledger for a build (database or JSON).
        .target(
            name: "HushLedger",
            dependencies: [
                "HushCore",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // `hush backend`, the site's one dynamic service: the hearts endpoints over a ledger, the
        // reader dedupe (keyed hash under a daily in-memory salt), rate limits, origin checks.
        .target(
            name: "HushBackend",
            dependencies: [
                "HushCore",
                "HushGuard",
                "HushLedger",
                "HushSite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictness
        ),
        // The command line: one file a command, each a thin layer over HushSite (or HushServe).
        .executableTarget(
            name: "hush",
            dependencies: [
                "HushCore",
                "HushSite",
                "HushServe",
                "HushLedger",
                "HushBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictness
        ),
        // Helpers every test target shares: temporary sites, builds, reading output back.
        .target(
            name: "HushTestSupport",
            dependencies: ["HushCore", "HushSite"],
            path: "Tests/HushTestSupport",
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HushCoreTests",
            dependencies: ["HushCore", "HushTestSupport"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HushMarkdownTests",
            dependencies: ["HushMarkdown"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HushGuardTests",
            dependencies: ["HushCore", "HushGuard", "HushTestSupport"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HushSiteTests",
            dependencies: [
                "HushCore", "HushGuard", "HushMarkdown", "HushSite", "HushTestSupport",
                // DeployTests reads the GitHub workflow hush init writes.
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Golden"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HushServeTests",
            dependencies: [
                "HushCore",
                "HushSite",
                "HushServe",
                "HushTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HushBackendTests",
            dependencies: [
                "HushCore",
                "HushLedger",
                "HushBackend",
                "HushTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // The PostgreSQL ledger (`--db postgres://…`) against a real server the tests start
        // themselves (HushTestSupport's PostgresServer): shared salt, rows, refusals, processes.
        .testTarget(
            name: "HushPostgresTests",
            dependencies: ["HushCore", "HushLedger", "HushBackend", "HushTestSupport"],
            swiftSettings: strictness
        ),
    ]
)
