internal import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write stage: the only stage besides load that touches the disk.
///
/// The site is written into a new folder beside the output and swapped in with a rename
/// only when every file is written, so readers and deploys never see half a site and a
/// failed build leaves the previous output as it was. Every file and folder gets the build
/// date as its modification time: nothing of the build's real time is left on disk.
enum OutputWriter {
    /// An empty file that marks a folder as hush's output, so a build never replaces a
    /// folder it did not make.
    static let marker = ".hush-output"

    struct Failure: Error {
        let diagnostic: Diagnostic
    }

    /// Writes `files` as the new content of `output`.
    static func publish(_ files: [OutputFile], to output: String, buildDate: Day) -> [Diagnostic] {
        do {
            try writeSwapping(files, to: output, buildDate: buildDate)
            return []
        } catch let failure as Failure {
            return [failure.diagnostic]
        } catch {
            return [.error("output.io", "cannot write the site: \(error)", file: output)]
        }
    }

    private static func writeSwapping(_ files: [OutputFile], to output: String, buildDate: Day) throws {
        let output = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
        let (parent, name) = split(output)
        try makeDirectories(parent)

        switch FileSystem.kind(of: output) {
        case .directory:
            if FileSystem.kind(of: output + "/" + marker) != .file, let entries = FileSystem.list(output), !entries.isEmpty {
                throw Failure(
                    diagnostic: .error(
                        "output.not-ours",
                        "\(output) has files that hush did not write; hush replaces its output folder whole, so give an empty or new folder with --output, or empty this one",
                        file: output
                    )
                )
            }
        case .missing:
            break
        case .file, .symlink, .other:
            throw Failure(diagnostic: .error("output.not-ours", "\(output) exists and is not a folder; give another --output", file: output))
        }

        let staging = try makeTemporaryDirectory(parent: parent, prefix: ".\(name).hush-new-")
        do {
            try fill(staging, with: files, buildDate: buildDate)
        } catch {
            removeTree(staging)
            throw error
        }
        if FileSystem.exists(output) {
            let old = try makeTemporaryDirectory(parent: parent, prefix: ".\(name).hush-old-")
            guard rename(output, old + "/site") == 0 else {
                let reason = errorText()
                removeTree(staging)
                removeTree(old)
                throw ioFailure("cannot move the previous output aside: \(reason)", output)
            }
            guard rename(staging, output) == 0 else {
                let reason = errorText()
                _ = rename(old + "/site", output)
                removeTree(staging)
                removeTree(old)
                throw ioFailure("cannot move the new site into place: \(reason)", output)
            }
            removeTree(old)
        } else {
            guard rename(staging, output) == 0 else {
                let reason = errorText()
                removeTree(staging)
                throw ioFailure("cannot move the new site into place: \(reason)", output)
            }
        }
    }

    /// Every folder, then every file (in parallel), then the folders' times, deepest first.
    private static func fill(_ root: String, with files: [OutputFile], buildDate: Day) throws {
        var folders: Set<String> = []
        for file in files {
            var path = file.path[...]
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                if !folders.insert(String(path)).inserted { break }
            }
        }
        let sortedFolders = folders.sorted()
        for folder in sortedFolders {
            guard mkdir(root + "/" + folder, 0o755) == 0 || errno == EEXIST else {
                throw ioFailure("cannot create a folder: \(errorText())", root + "/" + folder)
            }
        }
        let seconds = buildDate.daysSinceEpoch * 86_400
        let all = files + [OutputFile(path: marker, bytes: [])]
        let failures = all.parallelMap { file -> String? in
            writeFile(root + "/" + file.path, bytes: file.bytes, seconds: seconds)
        }
        if let failure = failures.compactMap({ $0 }).first {
            throw ioFailure(failure, root)
        }
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        for folder in sortedFolders.reversed() + [""] {
            _ = utimensat(AT_FDCWD, folder.isEmpty ? root : root + "/" + folder, &times, 0)
        }
    }

    /// Nil on success, else why not.
    private static func writeFile(_ path: String, bytes: [UInt8], seconds: Int) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "cannot create \(path): \(errorText())" }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(fd, base + written, buffer.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return "cannot write \(path): \(errorText())"
            }
            written += n
        }
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        _ = futimens(fd, &times)
        return nil
    }

    private static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    private static func makeDirectories(_ path: String) throws {
        if FileSystem.kind(of: path) == .directory { return }
        let (parent, _) = split(path)
        if parent != path { try makeDirectories(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw ioFailure("cannot create the folder: \(errorText())", path)
        }
    }

    private static func makeTemporaryDirectory(parent: String, prefix: String) throws -> String {
        var template = Array((parent + "/" + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else {
            throw ioFailure("cannot create a folder beside the output: \(errorText())", parent)
        }
        return made
    }

    /// Removes a folder and everything in it, never following links.
    static func removeTree(_ path: String) {
        guard FileSystem.kind(of: path) == .directory else {
            unlink(path)
            return
        }
        for entry in FileSystem.list(path) ?? [] {
            let child = path + "/" + entry.name
            if entry.kind == .directory { removeTree(child) } else { unlink(child) }
        }
        rmdir(path)
    }

    private static func ioFailure(_ message: String, _ path: String) -> Failure {
        Failure(diagnostic: .error("output.io", message, file: path))
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
