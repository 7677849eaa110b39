internal import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SiteWatcher {
    /// The fallback where inotify is missing: every half second, the size, time, inode and
    /// permissions of every file in hush.yml, content/ and Templates/, compared with the last
    /// look.
    final class Poller {
        private struct Mark: Equatable {
            var size: Int64
            var modified: Double
            var inode: UInt64
            var permissions: Int
        }

        private let site: String
        private var last: [String: Mark]

        init(site: String) {
            self.site = site
            last = [:]
            last = look()
        }

        func run(until stopped: () -> Bool, report: (Set<String>) -> Void) {
            var waited: Int32 = 0
            SiteWatcher.collectBursts(
                until: stopped,
                wait: { milliseconds in
                    // Look every 500 ms; between looks, sleep in steps so a stop is quick.
                    usleep(UInt32(milliseconds) * 1000)
                    waited += milliseconds
                    guard waited >= 500 else { return [] }
                    waited = 0
                    let now = self.look()
                    defer { self.last = now }
                    let paths = Set(now.keys).union(self.last.keys)
                    return paths.filter { now[$0] != self.last[$0] }
                },
                report: report
            )
        }

        private func look() -> [String: Mark] {
            var marks: [String: Mark] = [:]
            mark("hush.yml", into: &marks)
            for top in ["content", "Templates"] {
                let root = site + "/" + top
                guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
                while let relative = walker.nextObject() as? String {
                    mark(top + "/" + relative, into: &marks)
                }
            }
            return marks
        }

        private func mark(_ path: String, into marks: inout [String: Mark]) {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: site + "/" + path) else { return }
            marks[path] = Mark(
                size: (attributes[.size] as? NSNumber)?.int64Value ?? -1,
                modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0,
                inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                permissions: (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
            )
        }
    }
}
