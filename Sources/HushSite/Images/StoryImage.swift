internal import HushCore

/// An image a story shows from its own files (`![alt](pic.jpg "title")`), where it is
/// written in the story file: what the render stage finds, the images stage makes.
struct StoryImage: Sendable, Equatable {
    /// As written (relative to the story's file).
    var url: String
    var alt: String
    var title: String
    /// In the story file (1-based; the column in characters).
    var line: Int
    var column: Int
}

/// A story's image once made: where its files are in the output, and its size.
struct PlacedImage: Sendable, Equatable {
    /// The keyed hash of its pixels: the files are `assets/img/<name>-<width>.<webp|jpg>`.
    var name: String
    /// Widths made, smallest first, with the height of each.
    var sizes: [(width: Int, height: Int)]

    static func == (lhs: PlacedImage, rhs: PlacedImage) -> Bool {
        lhs.name == rhs.name && lhs.sizes.map(\.width) == rhs.sizes.map(\.width) && lhs.sizes.map(\.height) == rhs.sizes.map(\.height)
    }

    /// The path inside the output of one file.
    static func path(name: String, width: Int, format: String) -> String {
        "assets/img/\(name)-\(width).\(format)"
    }

    var largest: (width: Int, height: Int) { sizes.last ?? (0, 0) }

    /// The largest JPEG, the one every reader can show (feeds, `og:image`).
    var fallbackPath: String { Self.path(name: name, width: largest.width, format: "jpg") }

    /// A width for a thumbnail: the smallest made.
    var thumbnailPath: String { Self.path(name: name, width: sizes.first?.width ?? 0, format: "jpg") }
}
