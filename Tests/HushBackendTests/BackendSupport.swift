import Foundation
import HushBackend
import HushTestSupport
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two published stories (one with a front-matter start of 5), one draft.
func heartsSite(in folder: TemporaryFolder, config: String = testConfig) throws -> String {
    try folder.makeSite(
        stories: [
            "one.md": story(id: "story-one", extra: ["hearts: 5"]),
            "two.md": story(id: "story-two"),
            "draft.md": story(id: "story-draft", extra: ["draft: true"]),
        ],
        config: config
    )
}

/// A plain HTTP/1.1 client over a socket: any method, headers and body, nothing added but
/// Host, Content-Length and `Connection: close`, and no redirect followed.
struct Client {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    let port: Int

    /// Sends one request from a thread of its own: a blocking socket on one of Swift's few
    /// cooperative threads would starve the server in this same process.
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) async throws -> Response {
        let result: Result<Response, any Error> = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: Result { try sendBlocking(method, path, headers: headers, body: body) })
            }.start()
        }
        return try result.get()
    }

    private func sendBlocking(_ method: String, _ path: String, headers: [(String, String)], body: [UInt8]) throws -> Response {
        let socket = Darwinless.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("no socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("cannot connect to port \(port)") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method == "POST" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        let request = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { Darwinless.send(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }  // the server may answer and close early (413)
            sent += count
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        guard let end = bytes.firstRange(of: [13, 10, 13, 10]) else { throw TestFailure("no answer from the backend") }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let status = lines.first?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw TestFailure("bad status line: \(lines.first ?? "")")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[end.upperBound...])
        if fields["transfer-encoding"] == "chunked" { body = Self.unchunked(body) }
        return Response(status: status, headers: fields, body: body)
    }

    private static func unchunked(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while let lineEnd = bytes[index...].firstRange(of: [13, 10]) {
            let size = Int(String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            out += bytes[lineEnd.upperBound..<min(bytes.count, lineEnd.upperBound + size)]
            index = lineEnd.upperBound + size + 2
            if index >= bytes.count { break }
        }
        return out
    }
}

#if canImport(Glibc)
enum Darwinless {
    static func socket(_ domain: Int32, _ type: Int32, _ proto: Int32) -> Int32 { Glibc.socket(domain, type, proto) }
    static func send(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int { Glibc.send(fd, buffer, count, flags) }
}
#else
enum Darwinless {
    static func socket(_ domain: Int32, _ type: Int32, _ proto: Int32) -> Int32 { Darwin.socket(domain, type, proto) }
    static func send(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int { Darwin.send(fd, buffer, count, flags) }
}
#endif

/// Every log line, at every level, for the privacy audit.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    var logger: Logger {
        var logger = Logger(label: "hush.backend.test") { label in Handler(label: label, log: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let label: String
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            log.append("\(event.level) \(label) \(event.message) \(all) \(event.source) \(event.file)")
        }
    }
}

/// `Backend.run` in this process on 127.0.0.1 and a free port, until `stop()`.
final class RunningBackend: @unchecked Sendable {
    let client: Client
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.client = Client(port: port)
        self.task = task
    }

    static func start(_ options: BackendOptions) async throws -> RunningBackend {
        var options = options
        options.port = 0
        let (ready, reached) = AsyncStream.makeStream(of: String.self)
        let started = options
        let task = Task {
            defer { reached.finish() }
            try await Backend.run(started, onReady: { reached.yield($0) })
        }
        var addresses = ready.makeAsyncIterator()
        guard let address = await addresses.next() else {
            _ = try await task.value
            throw TestFailure("the backend stopped before it was ready")
        }
        guard let port = address.split(separator: ":").last.flatMap({ Int($0) }) else { throw TestFailure("no port in \(address)") }
        return RunningBackend(port: port, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
