import Foundation
import HushCore
import HushSite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Today in UTC, at day precision: the only clock reading the command line makes.
func today() -> Day {
    Day(daysSinceEpoch: time(nil) / 86_400)
}

enum FileHandleOutput {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// The progress line of a long build on a terminal: one line on stderr, rewritten in place
/// ("hush: theme 2048/10512"), shown only once a build has run for a second, and cleared
/// before the report. Never on a pipe or in a file (CI logs get no progress line).
final class ProgressLine: @unchecked Sendable {
    /// Whether stderr is a terminal.
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    private let started = DispatchTime.now().uptimeNanoseconds
    /// Guarded by `lock`.
    private var lastShown: UInt64 = 0
    private let lock = NSLock()

    func show(_ progress: BuildProgress) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - started >= 1_000_000_000 else { return }
        // At most twenty times a second.
        let due = lock.withLock { () -> Bool in
            guard now - lastShown >= 50_000_000 else { return false }
            lastShown = now
            return true
        }
        guard due else { return }
        let count = progress.total > 0 ? " \(progress.done)/\(progress.total)" : ""
        FileHandleOutput.standardError("\r\u{1B}[K" + "hush: \(progress.stage)\(count)…")
    }

    /// Clears the line, if one may have been shown.
    static func clear(if shown: Bool) {
        if shown { FileHandleOutput.standardError("\r\u{1B}[K") }
    }
}
