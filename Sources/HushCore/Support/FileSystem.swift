#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few reads the load and write stages need, straight on POSIX: listing a folder
/// without following links, and reading a whole file. A failed read says why.
package enum FileSystem {
    package enum EntryKind {
        case file
        case directory
        case symlink
        case other
        case missing
    }

    package struct Entry {
        package let name: String
        package let kind: EntryKind
    }

    /// What is in a folder, sorted by name, never following links.
    package static func list(_ path: String) throws(FileSystemError) -> [Entry] {
        guard let dir = opendir(path) else { throw FileSystemError(errno: errno) }
        defer { closedir(dir) }
        var entries: [Entry] = []
        while true {
            // readdir returns nil both at the end and on an error; only errno tells them apart.
            errno = 0
            guard let raw = readdir(dir) else {
                if errno != 0 { throw FileSystemError(errno: errno) }
                break
            }
            let name = withUnsafePointer(to: raw.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, kind: kind(of: raw.pointee.d_type) ?? kind(of: path + "/" + name)))
        }
        return entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// How many names the file at `path` has (hard links), without following a link; nil
    /// when there is nothing there.
    package static func linkCount(of path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Int(info.st_nlink)
    }

    /// The kind of whatever is at `path`, without following a link.
    package static func kind(of path: String) -> EntryKind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// The kind a folder entry says it is, without a `stat`; nil where the file system does
    /// not say (`DT_UNKNOWN`).
    private static func kind(of type: UInt8) -> EntryKind? {
        switch Int(type) {
        case Int(DT_REG): return .file
        case Int(DT_DIR): return .directory
        case Int(DT_LNK): return .symlink
        case Int(DT_UNKNOWN): return nil
        default: return .other
        }
    }

    /// Whether the file at `path` holds exactly `bytes`, read in chunks and compared as it goes
    /// (a file of another size is not read at all). False for anything but a regular file; a
    /// link is not followed (`ELOOP`), a folder fails with `EISDIR`.
    package static func hasContents(_ bytes: [UInt8], at path: String) throws(FileSystemError) -> Bool {
        let (fd, info) = try openForReading(path)
        defer { close(fd) }
        guard info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        var chunk = [UInt8](repeating: 0, count: max(1, min(bytes.count + 1, 1 << 20)))
        var offset = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(errno: errno)
            }
            if n == 0 { return offset == bytes.count }
            guard offset + n <= bytes.count else { return false }
            let same = chunk.withUnsafeBytes { read in
                bytes.withUnsafeBytes { expected in
                    guard let a = read.baseAddress, let b = expected.baseAddress else { return n == 0 }
                    return memcmp(a, b + offset, n) == 0
                }
            }
            guard same else { return false }
            offset += n
        }
    }

    /// A file opened for reading, with what `fstat` says of it; the caller closes it. A link
    /// is not followed (`ELOOP`); O_NONBLOCK keeps a pipe put where a file was expected from
    /// hanging the build; a folder (which opens read-only) fails at once with `EISDIR`.
    private static func openForReading(_ path: String) throws(FileSystemError) -> (fd: Int32, info: stat) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileSystemError(errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = errno
            close(fd)
            throw FileSystemError(errno: failure)
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            close(fd)
            throw FileSystemError(errno: EISDIR)
        }
        return (fd, info)
    }

    /// Reads from `fd` into `buffer` until `count` bytes are in or the file ends, again after
    /// an interruption; from `offset` when given (`pread`, the file's position left as it is).
    /// How many bytes it read, and the error that stopped it (0 for none).
    package static func readFully(
        _ fd: Int32,
        into buffer: UnsafeMutableRawPointer,
        count: Int,
        at offset: Int? = nil
    ) -> (count: Int, failure: Int32) {
        var done = 0
        while done < count {
            let n = offset.map { pread(fd, buffer + done, count - done, off_t($0 + done)) } ?? read(fd, buffer + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return (done, errno)
            }
            if n == 0 { break }
            done += n
        }
        return (done, 0)
    }

    /// A whole file's bytes. A link is not followed: it fails with `ELOOP`.
    package static func contents(of path: String) throws(FileSystemError) -> [UInt8] {
        let (fd, info) = try openForReading(path)
        defer { close(fd) }
        // Read straight into the result, one byte larger than fstat said, so the read that
        // finds the end fits in it; filled to that byte, the file grew meanwhile, and the rest
        // is read on in chunks.
        let expected = Int(info.st_size) + 1
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, count in
            (count, failure) = readFully(fd, into: buffer.baseAddress!, count: buffer.count)
        }
        if failure != 0 { throw FileSystemError(errno: failure) }
        guard bytes.count == expected else { return bytes }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(errno: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }
}

/// Why a file or folder could not be read: the system's error number, its own text, and
/// the same in words a writer understands with what to do about it.
package struct FileSystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `errno` the call failed with (`ENOENT`, `EACCES`, …).
    package let errno: Int32

    package init(errno: Int32) {
        self.errno = errno
    }

    /// The system's own text for the error (`strerror`): "Permission denied".
    package var systemMessage: String { String(cString: strerror(errno)) }

    /// Why, in plain words: "permission denied", "no such file (it was moved or deleted …)".
    package var reason: String {
        switch errno {
        case ENOENT: return "no such file (it was moved or deleted while hush was reading the site)"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "it is a folder, not a file"
        case ELOOP: return "it is a symbolic link, which hush does not follow (it can point outside the site)"
        case ENOTDIR: return "part of its path is a file, not a folder"
        case EIO: return "the disk reported an input/output error"
        case EMFILE, ENFILE: return "too many files are open at once"
        case ENAMETOOLONG: return "its name or path is too long"
        case ENOMEM: return "the system is out of memory"
        default: return systemMessage.prefix(1).lowercased() + systemMessage.dropFirst()
        }
    }

    /// What to do about it: "let the user running hush read it (…)".
    package var remedy: String {
        switch errno {
        case ENOENT: return "build again once the site folder has stopped changing"
        case EACCES, EPERM: return "let the user running hush read it (chmod a+r for a file, a+rx for a folder)"
        case EISDIR, ENOTDIR: return "put a regular file there"
        case ELOOP: return "copy the file here instead of linking to it"
        case EIO: return "check the disk (dmesg shows its errors), or copy the site to another disk and build there"
        case EMFILE, ENFILE: return "raise the limit on open files (ulimit -n) and build again"
        case ENAMETOOLONG: return "give it a shorter name"
        default: return "check the file and build again"
        }
    }

    /// "reason (strerror, errno n)", for logs and test failures.
    package var description: String { "\(reason) (\(systemMessage), errno \(errno))" }
}
