internal import Foundation
internal import HushCore
internal import HushImages

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Images made by earlier builds, so an unchanged image costs a lookup, not a decode: under
/// the build cache's folder (`images/`), or in memory for a cache that lives in memory
/// (`hush serve`). An entry's key is a digest of everything the image depends on: the
/// source's bytes, the settings, the key of image names (from the secret, as a digest) and
/// hush's version; so an entry is never wrong, only unused.
struct ImageCache: Sendable {
    let folder: String?
    let memory: Locked<[Digest: ProcessedImage]>?

    init(cache: BuildCache?) {
        folder = cache?.folder.map { $0 + "/images" }
        memory = cache.flatMap { $0.folder == nil ? $0.images : nil }
    }

    static func key(source: [UInt8], settings: ImageSettings, nameKey: [UInt8]) -> Digest {
        Digest.of(parts: [
            Array("image".utf8), Array(HushVersion.current.utf8), Digest.of(source).bytes, Array(settings.fingerprint.utf8), Digest.of(nameKey).bytes,
        ])
    }

    private func base(_ key: Digest) -> String? {
        folder.map { $0 + "/" + key.bytes.map { String(format: "%02x", $0) }.joined() }
    }

    /// The image made under `key`, if an earlier build kept it whole.
    func image(for key: Digest) -> ProcessedImage? {
        if let memory { return memory.withLock { $0[key] } }
        guard let base = base(key), let index = try? FileSystem.contents(of: base + ".index") else { return nil }
        // `name`, then one `width height` line a rendition.
        let lines = String(decoding: index, as: UTF8.self).split(separator: "\n").map(String.init)
        guard let name = lines.first, name.count == 32, lines.count > 1 else { return nil }
        var renditions: [ProcessedImage.Rendition] = []
        for line in lines.dropFirst() {
            let numbers = line.split(separator: " ").compactMap { Int($0) }
            guard numbers.count == 2, let webp = try? FileSystem.contents(of: base + "-\(numbers[0]).webp"),
                let jpeg = try? FileSystem.contents(of: base + "-\(numbers[0]).jpg")
            else { return nil }
            renditions.append(.init(width: numbers[0], height: numbers[1], webp: webp, jpeg: jpeg))
        }
        return ProcessedImage(name: name, renditions: renditions)
    }

    /// Keeps `image` under `key`: its files first, the index last, so a half-kept entry is
    /// never read. A failure only costs the next build a decode.
    func keep(_ image: ProcessedImage, for key: Digest) {
        if let memory {
            memory.withLock { $0[key] = image }
            return
        }
        guard let folder, let base = base(key) else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for rendition in image.renditions {
            guard write(rendition.webp, to: base + "-\(rendition.width).webp"), write(rendition.jpeg, to: base + "-\(rendition.width).jpg") else {
                return
            }
        }
        let index = ([image.name] + image.renditions.map { "\($0.width) \($0.height)" }).joined(separator: "\n") + "\n"
        _ = write(Array(index.utf8), to: base + ".index")
    }

    /// Removes the entries no image of this build used.
    func prune(keeping used: Set<Digest>) {
        if let memory {
            memory.withLock { images in images = images.filter { used.contains($0.key) } }
            return
        }
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let kept = Set(used.map { $0.bytes.map { String(format: "%02x", $0) }.joined() })
        for name in names where !kept.contains(String(name.prefix(64))) {
            unlink(folder + "/" + name)
        }
    }

    private func write(_ bytes: [UInt8], to path: String) -> Bool {
        let temporary = path + ".tmp\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return false }
        return rename(temporary, path) == 0
    }
}
