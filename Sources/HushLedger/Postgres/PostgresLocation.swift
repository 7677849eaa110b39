internal import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A PostgreSQL database named by a URL, as `--db` and `--ledger` take it
/// (docs/backend.md, "PostgreSQL"): `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE`,
/// `postgresql://` alike. Read the way libpq reads it: no host means the Unix socket in
/// /var/run/postgresql, `?host=/DIR` a socket in another folder, no user the system user's
/// name, no database the user's name, and no `sslmode` means `prefer`.
package struct PostgresLocation: Sendable, Equatable {
    /// Where the server listens.
    package enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file (`DIR/.s.PGSQL.PORT`).
        case socket(path: String)
    }

    /// libpq's `sslmode`, less `allow` (an unencrypted connection first makes no sense here).
    package enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// Never encrypt.
        case disable
        /// Encrypt when the server can, without checking its certificate.
        case prefer
        /// Always encrypt, without checking the certificate.
        case require
        /// Always encrypt, and check the certificate against the system's roots.
        case verifyCA = "verify-ca"
        /// Always encrypt, and check the certificate and that it names the host.
        case verifyFull = "verify-full"
    }

    package var endpoint: Endpoint
    package var username: String
    package var password: String?
    package var database: String
    package var tls: TLSMode
    /// The URL with its password left out: the only form a message or a log line shows.
    package var display: String

    /// Whether `text` names a PostgreSQL database rather than a file.
    package static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Reads a URL; a malformed one, or one with a parameter hush does not know, is refused
    /// (a `sslmode` misspelt must not quietly mean `prefer`).
    package init(url: String) throws(LedgerError) {
        let shown = Self.redacted(url)
        func refuse(_ why: String) -> LedgerError {
            LedgerError(.notALedger, path: shown, "is not a PostgreSQL URL hush can use: \(why); write postgres://USER@HOST:PORT/DATABASE")
        }
        guard Self.isURL(url), let components = URLComponents(string: url) else {
            throw refuse("it cannot be read as a URL")
        }
        var socketFolder: String?
        var hostParameter: String?
        var port = components.port
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw refuse("sslmode takes \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'")
                }
                tls = mode
            case "host":
                if value.hasPrefix("/") { socketFolder = value } else if !value.isEmpty { hostParameter = value }
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else { throw refuse("port takes a number from 1 to 65535") }
                port = number
            default:
                throw refuse("hush knows the parameters sslmode, host and port, not '\(item.name)'")
            }
        }
        let portNumber = port ?? 5432
        guard (1...65535).contains(portNumber) else { throw refuse("the port must be a number from 1 to 65535") }
        var host = components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasPrefix("/") {
            socketFolder = host
            host = ""
        }
        if let hostParameter, host.isEmpty { host = hostParameter }
        if let socketFolder {
            endpoint = .socket(path: socketFolder + "/.s.PGSQL.\(portNumber)")
        } else if host.isEmpty {
            endpoint = .socket(path: "/var/run/postgresql/.s.PGSQL.\(portNumber)")
        } else {
            endpoint = .tcp(host: host, port: portNumber)
        }
        let user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? ""
        guard let name = user.isEmpty ? Self.systemUser() : user else {
            throw refuse("it names no user, and this process's user has no name")
        }
        username = name
        password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        var path = components.percentEncodedPath
        if path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/") else { throw refuse("the database's name is one path segment") }
        let database = path.removingPercentEncoding ?? path
        self.database = database.isEmpty ? username : database
        self.tls = tls
        display = shown
    }

    /// `url` with the password replaced by `…`: passwords stay out of messages and logs.
    package static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userinfo = authority[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":…" + String(url[at...])
    }

    private static func systemUser() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}
