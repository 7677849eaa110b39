internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls of the write stage: whole files, folders, staging, removal, times.
extension OutputWriter {
    /// Writes `bytes` to a new file at `path` (never through a link) with `mode` under the
    /// umask and the build date as its modification time. Nil on success, else why not.
    static func writeFile(_ path: String, bytes: [UInt8], mode: mode_t, seconds: Int) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { return "cannot create \(path): \(errorText())" }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return posixWrite(fd, base + done, buffer.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return "cannot write \(path): \(errorText())"
            }
            done += n
        }
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        _ = futimens(fd, &times)
        return nil
    }

    /// `path` split at its last slash: ("a/b", "c"); (".", "c") for a bare name.
    static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    /// `mkdir -p`, for the folders above the output.
    static func makeDirectories(_ path: String) throws(WriteFailure) {
        if FileSystem.kind(of: path) == .directory { return }
        let (parent, _) = split(path)
        if parent != path { try makeDirectories(parent) }
        guard mkdir(path, folderMode) == 0 || errno == EEXIST else {
            throw WriteFailure(Diagnostic(.outputIO, "cannot create the folder: \(errorText())", file: path))
        }
    }

    /// A new folder `<parent>/<prefix><random>` with the same mode as every other folder of
    /// the site. Not `mkdtemp`: its 0700 would move into place with the folder, and a web
    /// server running as another user could not read it; `mkdir` applies the umask itself,
    /// where reading the umask would race with other threads.
    static func makeStagingFolder(parent: String, prefix: String) throws(WriteFailure) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String((0..<8).map { _ in letters[Int(generator.next(upperBound: UInt(letters.count)))] })
            let path = parent + "/" + prefix + suffix
            if mkdir(path, folderMode) == 0 { return path }
            if errno != EEXIST { break }
        }
        throw WriteFailure(Diagnostic(.outputIO, "cannot create a folder beside the output: \(errorText())", file: parent))
    }

    /// Removes a folder and everything in it, never following links.
    static func removeTree(_ path: String) {
        guard FileSystem.kind(of: path) == .directory else {
            unlink(path)
            return
        }
        for entry in (try? FileSystem.list(path)) ?? [] {
            let child = path + "/" + entry.name
            if entry.kind == .directory { removeTree(child) } else { unlink(child) }
        }
        rmdir(path)
    }

    /// Sets the access and modification times of `path` (not following a link).
    static func setTime(of path: String, seconds: Int) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW)
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// `write(2)`, named apart from `OutputWriter.write(_:)`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
