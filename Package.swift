// swift-tools-version:6.0
import PackageDescription

// The layers (docs/architecture.md): HushCore ← HushMarkdown ← HushGuard ← HushSite ← hush. The compiler
// keeps them apart: the guard cannot reach the renderer, the site generator links no server,
// and a future backend module depends on HushCore and HushGuard, never on HushSite internals.

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
        // The static site generator: load, parse, render, index, theme, write, and the pipeline.
        .target(
            name: "HushSite",
            dependencies: [
                "HushCore",
                "HushGuard",
                "HushMarkdown",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness,
            plugins: ["EmbedThemes"]
        ),
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
        // The command line: one file a command, each a thin layer over HushSite.
        .executableTarget(
            name: "hush",
            dependencies: [
                "HushCore",
                "HushSite",
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
    ]
)
