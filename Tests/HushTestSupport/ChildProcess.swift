internal import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn and reaped with waitpid, its output and errors in
/// a file. Foundation's `Process.waitUntilExit` can miss a child's exit when it is called from
/// a task of Swift's concurrency pool (seen with `runuser … pg_ctl start`); waitpid cannot.
package struct ChildProcess: Sendable {
    package let pid: Int32

    /// Starts `executable arguments…` with this process's environment; stdin is /dev/null.
    package static func start(_ executable: String, _ arguments: [String], output: String) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard status == 0 else { throw TestFailure("cannot start \(executable): \(String(cString: strerror(status)))") }
        return ChildProcess(pid: pid)
    }

    /// Runs a program to its end; its exit status and what it printed.
    package static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let child = try start(executable, arguments, output: folder("output"))
        let status = child.wait()
        return (status, (try? String(contentsOfFile: folder("output"), encoding: .utf8)) ?? "")
    }

    /// Waits for the end; the exit status, or 128 + the signal that ended it.
    @discardableResult
    package func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return -1 }
        }
        return Self.decode(status)
    }

    /// The exit status if the process has ended (and is reaped now), nil while it runs.
    package func exited() -> Int32? {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid ? Self.decode(status) : nil
    }

    package func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
