internal import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server of the tests' own (never a mock): `initdb` into a temporary
/// folder, `pg_ctl start` on a free port of 127.0.0.1 with its socket in that folder, and
/// `stop()` to end it and remove the folder. Debian's server binaries
/// (/usr/lib/postgresql/N/bin; scripts/bootstrap --test installs the `postgresql` package);
/// `HUSH_TEST_PG_BIN` names another folder. As root (CI) the server runs as the `postgres`
/// user, since PostgreSQL refuses to run as root. The role `hush` may log in without a
/// password, over TCP from this machine only.
package final class PostgresServer: Sendable {
    /// The TCP port it listens on, on 127.0.0.1.
    package let port: Int
    /// The temporary folder: data, socket and log.
    package let folder: String
    private let binaries: String
    /// `postgres` when the tests run as root.
    private let user: String?

    private init(port: Int, folder: String, binaries: String, user: String?) {
        self.port = port
        self.folder = folder
        self.binaries = binaries
        self.user = user
    }

    /// Makes a cluster and starts it; throws (the test fails) when PostgreSQL is not installed
    /// or does not start.
    package static func start() throws -> PostgresServer {
        let binaries = try serverBinaries()
        let folder = try makeTemporaryFolder()
        let user = geteuid() == 0 ? "postgres" : nil
        if let user {
            guard let entry = getpwnam(user) else {
                throw TestFailure("running as root, PostgreSQL must run as the user 'postgres', and there is none; install Debian's postgresql")
            }
            // The server's user must own the folder; /tmp above it is open to all.
            guard chown(folder.path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
                throw TestFailure("cannot give \(folder.path) to the user postgres")
            }
        }
        let data = folder("data")
        let initdb = try run(
            binaries + "/initdb",
            ["-D", data, "-U", "hush", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
            as: user
        )
        guard initdb.status == 0 else { throw TestFailure("initdb failed: \(initdb.output)") }
        try FileManager.default.createDirectory(atPath: folder("socket"), withIntermediateDirectories: true)
        if let user, let entry = getpwnam(user) { _ = chown(folder("socket"), entry.pointee.pw_uid, entry.pointee.pw_gid) }
        // A port another test took between the look and the start: try another one.
        var failure = ""
        for _ in 0..<5 {
            let port = try freePort()
            let options =
                "-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories=\(folder("socket")) -c fsync=off -c max_connections=60"
            let started = try run(
                binaries + "/pg_ctl",
                ["-D", data, "-l", folder("server.log"), "-o", options, "-w", "-t", "120", "start"],
                as: user
            )
            if started.status == 0 { return PostgresServer(port: port, folder: folder.path, binaries: binaries, user: user) }
            failure = started.output + ((try? String(contentsOfFile: folder("server.log"), encoding: .utf8)) ?? "")
        }
        try? FileManager.default.removeItem(atPath: folder.path)
        throw TestFailure("PostgreSQL did not start: \(failure)")
    }

    /// The URL of `database` as the role `hush`.
    package func url(database: String) -> String {
        "postgres://hush@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// A new, empty database; returns its URL.
    package func makeDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        _ = try psql("CREATE DATABASE \(name)", database: "postgres")
        return url(database: name)
    }

    /// Runs `sql` in `database` (the name, or a URL of this server) with psql, and returns what
    /// it printed: rows unaligned, `|` between columns, no headers.
    @discardableResult
    package func psql(_ sql: String, database: String) throws -> String {
        var name = database
        if let slash = database.range(of: "/", options: .backwards), database.hasPrefix("postgres") {
            name = String(database[slash.upperBound...].prefix { $0 != "?" })
        }
        let result = try Self.run(
            binaries + "/psql",
            ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "hush", "-d", name, "-c", sql],
            as: nil
        )
        guard result.status == 0 else { throw TestFailure("psql failed on \(sql): \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Ends the server at once (its data is thrown away) and removes the folder.
    package func stop() {
        _ = try? Self.run(binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"], as: user)
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: Helpers

    private static func serverBinaries() throws -> String {
        if let folder = ProcessInfo.processInfo.environment["HUSH_TEST_PG_BIN"], !folder.isEmpty { return folder }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init)
            .filter { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }
        guard let newest = versions.max() else {
            throw TestFailure("PostgreSQL's server is not installed (no \(root)/N/bin/initdb); run scripts/bootstrap --test")
        }
        return "\(root)/\(newest)/bin"
    }

    /// A TCP port of 127.0.0.1 that nothing listens on now.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("cannot make a socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw TestFailure("cannot bind a socket to 127.0.0.1") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw TestFailure("cannot read a socket's port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program (as `user`, through runuser, when given) and waits; its output and
    /// errors go through a file, which a server it starts may keep open without blocking us.
    private static func run(_ program: String, _ arguments: [String], as user: String?) throws -> (status: Int32, output: String) {
        if let user { return try ChildProcess.run("/usr/sbin/runuser", ["-u", user, "--", program] + arguments) }
        return try ChildProcess.run(program, arguments)
    }
}
