import Foundation
import HushTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain HTTP/1.1 client over a socket, so a test sends exactly the path it means (no
/// client normalizes `..` away or follows a redirect) and can read an event stream as it comes.
struct RawHTTP {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    let port: Int

    /// Sends one request (`Connection: close`) and reads the whole answer.
    func request(_ path: String, method: String = "GET") throws -> Response {
        let socket = try Self.openSocket(port: port)
        defer { close(socket) }
        try Self.write("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n", to: socket)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return try Self.parse(bytes)
    }

    /// Opens the event stream at `path` and yields its bytes as they arrive, until the
    /// returned stream is dropped or the server closes it.
    func stream(_ path: String) throws -> AsyncThrowingStream<UInt8, any Error> {
        let socket = try Self.openSocket(port: port)
        try Self.write("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n", to: socket)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: UInt8.self)
        continuation.onTermination = { _ in shutdown(socket, Int32(SHUT_RDWR)) }
        Thread {
            defer { close(socket) }
            // The head first (up to the blank line), then the body, unchunked.
            var head: [UInt8] = []
            var byte: UInt8 = 0
            while !(head.count >= 4 && head.suffix(4) == [13, 10, 13, 10]) {
                guard recv(socket, &byte, 1, 0) == 1 else { return continuation.finish() }
                head.append(byte)
            }
            let chunked = String(decoding: head, as: UTF8.self).lowercased().contains("transfer-encoding: chunked")
            var body = ChunkDecoder(chunked: chunked)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                for decoded in body.feed(buffer[0..<count]) { continuation.yield(decoded) }
            }
            continuation.finish()
        }.start()
        return stream
    }

    static func openSocket(port: Int) throws -> Int32 {
        #if canImport(Glibc)
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw TestFailure("no socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw TestFailure("cannot connect to 127.0.0.1:\(port)")
        }
        return socket
    }

    private static func write(_ text: String, to socket: Int32) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw TestFailure("cannot send the request") }
    }

    private static func parse(_ bytes: [UInt8]) throws -> Response {
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: [13, 10, 13, 10]) }) else {
            throw TestFailure("no HTTP head in \(String(decoding: bytes, as: UTF8.self))")
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = ChunkDecoder(chunked: headers["transfer-encoding"] == "chunked")
        return Response(status: status, headers: headers, body: body.feed(bytes[(end + 4)...]))
    }
}

/// Undoes `Transfer-Encoding: chunked`, fed as bytes arrive.
struct ChunkDecoder {
    let chunked: Bool
    private var sizeLine: [UInt8] = []
    private var remaining = 0
    private var skipCRLF = 0

    init(chunked: Bool) { self.chunked = chunked }

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        guard chunked else { return Array(bytes) }
        var out: [UInt8] = []
        for byte in bytes {
            if skipCRLF > 0 {
                skipCRLF -= 1
            } else if remaining > 0 {
                out.append(byte)
                remaining -= 1
                if remaining == 0 { skipCRLF = 2 }
            } else if byte == 10 {
                let line = String(decoding: sizeLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                remaining = Int(line.split(separator: ";").first ?? "", radix: 16) ?? 0
                sizeLine = []
            } else {
                sizeLine.append(byte)
            }
        }
        return out
    }
}
