internal import Foundation

// Running the `hush` executable: for the tests of the command line (HushSiteTests) and of
// `hush serve` (HushServeTests).

/// The `hush` executable of this build, next to the test bundle (or in a second build
/// folder `.build-tests`, for `swift test --scratch-path .build-tests`).
package let hushExecutable: String? = {
    var candidates: [String] = []
    if let bundle = Bundle.main.executableURL?.deletingLastPathComponent().path { candidates.append(bundle + "/hush") }
    let arguments = CommandLine.arguments.first.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
    if let arguments { candidates.append(arguments + "/hush") }
    candidates.append(repositoryRoot + "/.build-tests/debug/hush")
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// What a run of `hush` did.
package struct Run: Sendable {
    package let status: Int32
    package let standardOutput: String
    package let standardError: String
}

/// Runs `hush arguments…` in `directory`, with no HUSH_* or SOURCE_DATE_EPOCH from the
/// environment the tests run in, and with `environment` on top.
package func hush(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws -> Run {
    guard let executable = hushExecutable else { throw TestFailure("no hush executable next to the tests; swift test builds it") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    for key in environment.keys where key.hasPrefix("HUSH_") || key == "SOURCE_DATE_EPOCH" { environment[key] = nil }
    environment.merge(extra) { _, new in new }
    process.environment = environment
    // Files, not pipes: a full pipe can never block the child. Kept out of `directory`.
    let capture = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: capture.path) }
    let out = capture("stdout")
    let err = capture("stderr")
    guard FileManager.default.createFile(atPath: out, contents: nil), FileManager.default.createFile(atPath: err, contents: nil) else {
        throw TestFailure("cannot create files for the output of hush")
    }
    let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return Run(
        status: process.terminationStatus,
        standardOutput: String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self),
        standardError: String(decoding: FileManager.default.contents(atPath: err) ?? Data(), as: UTF8.self)
    )
}
