// swift-tools-version:6.0
import PackageDescription

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
        .library(name: "HushKit", targets: ["HushKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        .executableTarget(name: "embed-themes"),
        .plugin(name: "EmbedThemes", capability: .buildTool(), dependencies: ["embed-themes"]),
        .target(
            name: "HushKit",
            dependencies: [
                "CCmark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness,
            plugins: ["EmbedThemes"]
        ),
        .executableTarget(
            name: "hush",
            dependencies: [
                "HushKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HushKitTests",
            dependencies: ["HushKit"],
            exclude: ["Golden"],
            swiftSettings: strictness
        ),
    ]
)
