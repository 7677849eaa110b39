internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls of the write stage: whole files, folders, removal, times, flushing.
extension OutputWriter {
    /// Writes `bytes` to a new file at `path` (never through a link) with `mode` under the
    /// umask and, if `seconds` is given, that as its modification time; `durable`: on the disk
    /// before this returns. Nil on success, else why not.
    static func writeFile(_ path: String, bytes: [UInt8], mode: mode_t, seconds: Int?, durable: Bool = false) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { return "cannot create \(path): \(errorText())" }
        defer { close(fd) }
        guard writeAll(bytes, to: fd) else { return "cannot write \(path): \(errorText())" }
        if let seconds {
            var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
            _ = futimens(fd, &times)
        }
        if durable, fsync(fd) != 0 { return "cannot write \(path): \(errorText())" }
        return nil
    }

    /// Writes all of `bytes` to `fd`, again after an interruption; false on failure, with
    /// `errno` saying why.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in posixWrite(fd, buffer.baseAddress! + done, buffer.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += n
        }
        return true
    }

    /// `path` split at its last slash: ("a/b", "c"); (".", "c") for a bare name.
    static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.utf8.index(after: slash)...]))
    }

    /// The folder of a path inside the site: "s/x" for "s/x/index.html", "" for "index.html".
    static func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// `mkdir -p`, for the folders above the output and inside the stage.
    static func makeDirectories(_ path: String) throws(WriteFailure) {
        if FileSystem.kind(of: path) == .directory { return }
        let (parent, _) = split(path)
        if parent != path { try makeDirectories(parent) }
        guard mkdir(path, folderMode) == 0 || errno == EEXIST else {
            throw WriteFailure(Diagnostic(.outputIO, "cannot create the folder: \(errorText())", file: path))
        }
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
    static func setModificationTime(of path: String, seconds: Int, nanoseconds: Int = 0) {
        var times = [timespec(tv_sec: seconds, tv_nsec: nanoseconds), timespec(tv_sec: seconds, tv_nsec: nanoseconds)]
        _ = utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW)
    }

    /// The modification time of `path` (not following a link): seconds and nanoseconds.
    static func modificationTime(of path: String) -> (seconds: Int, nanoseconds: Int) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return (0, 0) }
        #if canImport(Darwin)
        return (Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec))
        #else
        return (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
        #endif
    }

    /// Puts everything written to the file system that holds `path` on the disk: one call for
    /// the thousands of files of a build, where an `fsync` each would cost seconds.
    static func flushFileSystem(of path: String) {
        #if canImport(Glibc)
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            if let syncfs = fileSystemSync, syncfs(fd) == 0 { return }
        }
        #endif
        sync()
    }

    /// Puts a folder's entries (a rename into it) on the disk.
    static func flushFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

#if canImport(Glibc)
/// `syncfs(2)`, which Glibc's Swift module leaves out (a GNU extension): found by name.
private let fileSystemSync: (@convention(c) (Int32) -> Int32)? = {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "syncfs") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
}()
#endif

/// `write(2)`, named apart from `OutputWriter.write(_:)`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
