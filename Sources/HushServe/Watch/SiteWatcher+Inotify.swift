#if canImport(Glibc)
internal import Foundation
internal import HushCore
import Glibc

extension SiteWatcher {
    /// inotify through Glibc: one watch a folder (inotify is not recursive), added for new
    /// folders as they appear, dropped when the kernel drops them.
    final class Inotify {
        private let site: String
        private let descriptor: Int32
        /// Each watch's folder, relative to the site ("" is the site folder itself).
        private var folders: [Int32: String] = [:]

        /// `IN_ATTRIB` too: a file made unreadable (chmod) changes what a build finds, and a
        /// rebuild looks only at the files named (`BuildRequest.changedFiles`).
        private static let mask = UInt32(
            IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR
        )

        /// nil when inotify is not there or the folders cannot all be watched (the caller polls).
        init?(site: String) {
            self.site = site
            descriptor = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
            guard descriptor >= 0 else { return nil }
            guard watch("") else {
                close(descriptor)
                return nil
            }
            var found: Set<String> = []
            for top in ["content", "Templates"] where !watchTree(top, found: &found) {
                close(descriptor)
                return nil
            }
        }

        deinit { close(descriptor) }

        func run(until stopped: () -> Bool, report: (Set<String>) -> Void) {
            SiteWatcher.collectBursts(until: stopped, wait: { self.read(waiting: $0) }, report: report)
        }

        /// Adds a watch on `folder`; false when the kernel refuses one (a missing folder is fine).
        private func watch(_ folder: String) -> Bool {
            let path = folder.isEmpty ? site : site + "/" + folder
            let wd = inotify_add_watch(descriptor, path, Self.mask)
            if wd < 0 { return errno == ENOENT || errno == ENOTDIR }
            folders[wd] = folder
            return true
        }

        /// `folder` and every folder below it; the files found in them go into `found`
        /// (a folder that just appeared may hold files written before its watch was added).
        private func watchTree(_ folder: String, found: inout Set<String>) -> Bool {
            guard watch(folder) else { return false }
            let path = site + "/" + folder
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return true }
            for name in names.sorted() {
                let kind = FileSystem.kind(of: path + "/" + name)
                if kind == .directory {
                    if !watchTree(folder + "/" + name, found: &found) { return false }
                } else if kind != .missing {
                    found.insert(folder + "/" + name)
                }
            }
            return true
        }

        /// Waits up to `milliseconds` for events; the paths they name (empty: none came), or
        /// nil when the descriptor failed.
        private func read(waiting milliseconds: Int32) -> Set<String>? {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, milliseconds)
            if ready < 0 { return errno == EINTR ? [] : nil }
            if ready == 0 { return [] }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return errno == EAGAIN || errno == EINTR ? [] : nil }
            var changed: Set<String> = []
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= count {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                    (
                        raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                        raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                        Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    )
                }
                let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset += header + length
                handle(wd: wd, mask: mask, name: name, into: &changed)
            }
            return changed
        }

        private func handle(wd: Int32, mask: UInt32, name: String, into changed: inout Set<String>) {
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                // Events were lost: rebuild from whatever is there now.
                changed.insert("content")
                return
            }
            guard let folder = folders[wd] else { return }
            if mask & UInt32(IN_IGNORED) != 0 {
                folders.removeValue(forKey: wd)
                return
            }
            if mask & UInt32(IN_DELETE_SELF) != 0 {
                changed.insert(folder)
                return
            }
            let path = folder.isEmpty ? name : folder + "/" + name
            let isFolder = mask & UInt32(IN_ISDIR) != 0
            if folder.isEmpty, !(name == "hush.yml" || name == "content" || name == "Templates") { return }
            if isFolder, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                // A new folder: watch it and what is already inside; the build reads it all.
                var found: Set<String> = []
                _ = watchTree(path, found: &found)
                changed.insert(path)
                changed.formUnion(found)
                return
            }
            // A file just created is still being written: its IN_CLOSE_WRITE tells when it is
            // done. Not a link (symbolic or hard) or a special file: nothing writes to those.
            if !isFolder, mask & UInt32(IN_CREATE) != 0 {
                let full = site + "/" + path
                if FileSystem.kind(of: full) == .file, FileSystem.linkCount(of: full) == 1 { return }
            }
            changed.insert(path)
        }
    }
}
#endif
