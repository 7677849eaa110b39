internal import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// For tests only: something to do just before each change a commit or a rollback makes to
/// the output folder (a rename; for a replaced file, its hard link and rename), counted from 0
/// over the whole run. Never set in a real build.
final class StepHook: Sendable {
    private let count = Locked(0)
    private let action: @Sendable (_ step: Int) -> Void

    init(_ action: @escaping @Sendable (_ step: Int) -> Void) {
        self.action = action
    }

    /// The environment variable of the end-to-end kill test (Tests/HushSiteTests/KillTests.swift):
    /// `HUSH_TEST_KILL_AFTER_STEPS=N` makes the process kill itself with SIGKILL, as `kill -9`
    /// would, just before the change numbered N (0: right after the journal is written). Test-only.
    static let killVariable = "HUSH_TEST_KILL_AFTER_STEPS"

    /// The hook `environment` asks for, if any (see `killVariable`).
    static func from(environment: [String: String]) -> StepHook? {
        guard let value = environment[killVariable], let limit = Int(value), limit >= 0 else { return nil }
        return StepHook { step in
            if step == limit { kill(getpid(), SIGKILL) }
        }
    }

    /// Called before each change.
    func step() {
        let step = count.withLock { count -> Int in
            defer { count += 1 }
            return count
        }
        action(step)
    }
}

/// A value reachable only while holding its lock: code that touches it without the lock
/// does not compile.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
