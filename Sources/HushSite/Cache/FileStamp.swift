internal import HushCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says of a file, compared the way git compares its index: when a story file's
/// size, times, inode and device are all as the cache recorded them, its bytes are trusted
/// to be the same without reading it. Used only to decide what to read again: nothing built
/// ever depends on a file's time.
struct FileStamp: Sendable, Hashable {
    var size: Int
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var changedSeconds: Int
    var changedNanoseconds: Int
    var inode: Int
    var device: Int

    init(_ info: stat) {
        size = Int(info.st_size)
        #if canImport(Darwin)
        modifiedSeconds = Int(info.st_mtimespec.tv_sec)
        modifiedNanoseconds = Int(info.st_mtimespec.tv_nsec)
        changedSeconds = Int(info.st_ctimespec.tv_sec)
        changedNanoseconds = Int(info.st_ctimespec.tv_nsec)
        #else
        modifiedSeconds = Int(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        changedSeconds = Int(info.st_ctim.tv_sec)
        changedNanoseconds = Int(info.st_ctim.tv_nsec)
        #endif
        inode = Int(truncatingIfNeeded: info.st_ino)
        device = Int(truncatingIfNeeded: info.st_dev)
    }

    init(size: Int, modifiedSeconds: Int, modifiedNanoseconds: Int, changedSeconds: Int, changedNanoseconds: Int, inode: Int, device: Int) {
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedSeconds = changedSeconds
        self.changedNanoseconds = changedNanoseconds
        self.inode = inode
        self.device = device
    }

    /// A stamp no file or folder has: for one that could not be stamped, so it is looked at again.
    static let unknown = FileStamp(
        size: -1,
        modifiedSeconds: 0,
        modifiedNanoseconds: 0,
        changedSeconds: 0,
        changedNanoseconds: 0,
        inode: 0,
        device: 0
    )

    /// The stamp of the regular file at `path` (a link is not followed); nil for anything else.
    static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStamp(info)
    }

    /// The stamp of the folder at `path` (a link is not followed); nil for anything else.
    static func ofFolder(_ path: String) -> FileStamp? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        return FileStamp(info)
    }

    /// A whole file's bytes and its stamp as it was read (from the open file, so the two agree
    /// unless the file changes while it is read: then the next build reads it again, since
    /// its stamp will differ). A link is not followed.
    static func read(_ path: String) throws(FileSystemError) -> (bytes: [UInt8], stamp: FileStamp) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileSystemError(errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSystemError(errno: errno) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw FileSystemError(errno: EISDIR) }
        let size = Int(info.st_size)
        // One byte more than its size, so the read that finds the end needs no room of its own.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var done = 0
        while true {
            if done == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, bytes.count))) }
            let n = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress.map { $0 + done }, buffer.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        bytes.removeSubrange(done...)
        return (bytes, FileStamp(info))
    }

    /// A stamp that may not be trusted next time: the file was changed less than two seconds
    /// before it was read (`readAt`, seconds since 1970). File systems keep times in coarse
    /// ticks, so a second change within the same tick, of the same size, would leave the stamp
    /// as it is ("racy git"); such a file is read and hashed again by the next build.
    func isRacy(readAt seconds: Int) -> Bool {
        max(modifiedSeconds, changedSeconds) >= seconds - 2
    }

    func encode(into encoder: inout CacheEncoder) {
        for value in [size, modifiedSeconds, modifiedNanoseconds, changedSeconds, changedNanoseconds, inode, device] { encoder.int(value) }
    }

    static func decode(from decoder: inout CacheDecoder) throws(CacheDecoder.Damaged) -> FileStamp {
        FileStamp(
            size: try decoder.int(),
            modifiedSeconds: try decoder.int(),
            modifiedNanoseconds: try decoder.int(),
            changedSeconds: try decoder.int(),
            changedNanoseconds: try decoder.int(),
            inode: try decoder.int(),
            device: try decoder.int()
        )
    }
}

/// An open folder, to stamp many files and folders in it by their paths inside it: the
/// kernel then walks only those paths, not the folder's own path again for each (`fstatat`).
/// Stamps are of what is in the folder that was opened, so a handle is opened where it is used,
/// not kept across a build's commit (which may put another folder in its place).
final class OpenFolder: Sendable {
    let path: String
    private let fd: Int32

    init(_ path: String) {
        self.path = path
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The stamp of the regular file at `relative` (a link is not followed); nil for anything else.
    func stamp(ofFile relative: String) -> FileStamp? {
        stamp(relative, kind: S_IFREG)
    }

    /// The stamp of the folder at `relative` ("" is the folder itself; a link is not followed);
    /// nil for anything else.
    func stamp(ofFolder relative: String) -> FileStamp? {
        stamp(relative.isEmpty ? "." : relative, kind: S_IFDIR)
    }

    private func stamp(_ relative: String, kind: mode_t) -> FileStamp? {
        var info = stat()
        let found = fd >= 0 ? fstatat(fd, relative, &info, AT_SYMLINK_NOFOLLOW) : lstat(path + "/" + relative, &info)
        guard found == 0, info.st_mode & S_IFMT == kind else { return nil }
        return FileStamp(info)
    }
}

/// `read(2)`, named apart from `FileStamp.read(_:)`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
