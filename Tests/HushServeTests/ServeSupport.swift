import Foundation
import HushServe
import HushTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A site served base_url's path `/stories/`, with two stories and its own stylesheet.
let serveConfig = """
    title: "Test stories"
    base_url: "https://x.github.io/stories/"
    secret: "\(testSecret)"

    """

/// `DevServer.run` in this process, on 127.0.0.1 and a free port, until `stop()`.
final class RunningServer: @unchecked Sendable {
    let port: Int
    let address: String
    let client: RawHTTP
    private let task: Task<Void, any Error>
    private let lines: Lines

    private init(port: Int, address: String, task: Task<Void, any Error>, lines: Lines) {
        self.port = port
        self.address = address
        self.client = RawHTTP(port: port)
        self.task = task
        self.lines = lines
    }

    static func start(site: String, drafts: Bool = false, verbose: Bool = false) async throws -> RunningServer {
        var options = ServeOptions(site: site, workingDirectory: site)
        options.port = 0
        options.includeDrafts = drafts
        options.verbose = verbose
        let lines = Lines()
        let (ready, reached) = AsyncStream.makeStream(of: String.self)
        let task = Task {
            defer { reached.finish() }
            try await DevServer.run(options, log: { lines.append($0) }, onReady: { reached.yield($0) })
        }
        var addresses = ready.makeAsyncIterator()
        guard let address = await addresses.next() else {
            _ = try await task.value
            throw TestFailure("the server stopped before it was ready: \(lines.text)")
        }
        guard let port = address.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) else {
            throw TestFailure("no port in \(address)")
        }
        return RunningServer(port: port, address: address, task: task, lines: lines)
    }

    /// What the server printed so far.
    var log: String { lines.text }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Opens the event stream and collects its events as they come.
    func events() throws -> EventLog {
        let bytes = try client.stream("/__hush/events")
        let log = EventLog()
        log.reader = Task {
            do {
                var parser = ServerSentEventParser()
                for try await byte in bytes {
                    if let event = parser.feed(byte) { await log.add(event) }
                }
            } catch {}
        }
        return log
    }
}

/// Lines printed by the server, kept for failure messages.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined() } }
}

/// The events one open stream received.
actor EventLog {
    private(set) var events: [ServerSentEvent] = []
    nonisolated(unsafe) var reader: Task<Void, Never>?

    func add(_ event: ServerSentEvent) { events.append(event) }

    /// The first event named `name` after the first `skipping` of them, waiting up to `seconds`.
    func next(_ name: String, after skipping: Int = 0, seconds: Double = 30) async throws -> ServerSentEvent {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            let named = events.filter { $0.event == name }
            if named.count > skipping { return named[skipping] }
            try await Task.sleep(for: .milliseconds(20))
        }
        let named = events.filter { $0.event == name }
        if named.count > skipping { return named[skipping] }
        throw TestFailure("no '\(name)' event in \(seconds) s; got \(events.map { "\($0.event ?? "message"): \($0.data)" })")
    }

    func count(_ name: String) -> Int { events.count { $0.event == name } }

    nonisolated func close() { reader?.cancel() }
}

/// The JSON of an event's data.
func json(_ event: ServerSentEvent) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any] else {
        throw TestFailure("event data is not a JSON object: \(event.data)")
    }
    return object
}

/// Writes `text` to `path` the way an editor saving in place does, so the watcher sees one
/// finished write.
func save(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// A listening socket on 127.0.0.1 and a free port, so that port is busy.
func occupyPort() throws -> (socket: Int32, port: Int) {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard bound else { throw TestFailure("cannot occupy a port") }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// One event of a `text/event-stream`.
struct ServerSentEvent: Sendable {
    var event: String?
    var data: String
}

/// The event stream format (WHATWG HTML, "Server-sent events"), enough for the tests:
/// `event:` and `data:` lines, an event ends at a blank line, comments and `retry:` skipped.
struct ServerSentEventParser {
    private var line: [UInt8] = []
    private var event: String?
    private var data: [String] = []

    /// Takes one byte; an event when it completed one.
    mutating func feed(_ byte: UInt8) -> ServerSentEvent? {
        guard byte == 10 else {
            if byte != 13 { line.append(byte) }
            return nil
        }
        let text = String(decoding: line, as: UTF8.self)
        line = []
        if text.isEmpty {
            defer { (event, data) = (nil, []) }
            return data.isEmpty ? nil : ServerSentEvent(event: event, data: data.joined(separator: "\n"))
        }
        let (field, value) =
            text.firstIndex(of: ":").map { colon in
                (String(text[..<colon]), String(text[text.index(after: colon)...].drop { $0 == " " }))
            } ?? (text, "")
        switch field {
        case "event": event = value
        case "data": data.append(value)
        default: break
        }
        return nil
    }
}
