import Foundation
public import HTTPTypes
public import OpenAPIRuntime

/// A secret the client sends for a security scheme of the spec.
public enum Credential: Sendable, Hashable {
    /// `Authorization: Bearer <token>`.
    case bearer(String)
    /// `Authorization: Basic <base64(username:password)>`.
    case basic(username: String, password: String)
    /// An API key sent in a header, a query parameter or a cookie, as the scheme says.
    case apiKey(String)
}

/// How a security scheme of the spec carries its credential.
public enum SecuritySchemeKind: Sendable, Hashable {
    case bearer
    case basic
    case apiKeyHeader(String)
    case apiKeyQuery(String)
    case apiKeyCookie(String)
}

/// Which statuses a documented response covers.
public enum StatusPattern: Hashable, Sendable {
    case code(Int)
    /// `1XX` … `5XX`, by leading digit.
    case range(Int)
    case `default`

    func matches(_ code: Int) -> Bool {
        switch self {
        case .code(let expected): return code == expected
        case .range(let digit): return code / 100 == digit
        case .default: return true
        }
    }
}

/// What generated clients share: the server URL, the transport, the middlewares and the credentials.
public struct ClientCore: Sendable {
    public var serverURL: URL
    public var transport: any ClientTransport
    public var middlewares: [any ClientMiddleware]
    public var credentials: [String: Credential]
    public var securitySchemes: [String: SecuritySchemeKind]
    /// The security requirements of a request that states none: alternatives of scheme names, any one of which
    /// authorises it (the spec's top-level `security`).
    public var defaultSecurity: [[String]]
    /// The most bytes of a response body read into memory.
    public var maxBodySize: Int

    public init(serverURL: URL, transport: any ClientTransport, middlewares: [any ClientMiddleware],
                credentials: [String: Credential], securitySchemes: [String: SecuritySchemeKind],
                defaultSecurity: [[String]] = [], maxBodySize: Int = 64 * 1024 * 1024) {
        self.serverURL = serverURL
        self.transport = transport
        self.middlewares = middlewares
        self.credentials = credentials
        self.securitySchemes = securitySchemes
        self.defaultSecurity = defaultSecurity
        self.maxBodySize = maxBodySize
    }

    /// Sends a request through the middlewares and the transport.
    public func send(_ request: Request, operationID: String) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        applyCredentials(to: &request)
        var httpRequest = HTTPRequest(method: request.method, scheme: nil, authority: nil, path: request.pathAndQuery)
        httpRequest.headerFields = request.headerFields
        let transport = self.transport
        var next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?) = {
            try await transport.send($0, body: $1, baseURL: $2, operationID: operationID)
        }
        for middleware in middlewares.reversed() {
            let inner = next
            next = { try await middleware.intercept($0, body: $1, baseURL: $2, operationID: operationID, next: inner) }
        }
        do {
            return try await next(httpRequest, request.body, serverURL)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(reason: .transport(error), operationID: operationID)
        }
    }

    /// Uses the first alternative whose credentials were all given; none when no alternative can be met.
    private func applyCredentials(to request: inout Request) {
        for alternative in request.security ?? defaultSecurity {
            let pairs = alternative.compactMap { name in
                credentials[name].flatMap { credential in securitySchemes[name].map { (credential, $0) } }
            }
            guard pairs.count == alternative.count else { continue }
            for (credential, kind) in pairs {
                apply(credential, as: kind, to: &request)
            }
            return
        }
    }

    private func apply(_ credential: Credential, as kind: SecuritySchemeKind, to request: inout Request) {
        let secret: String
        switch credential {
        case .bearer(let token): secret = token
        case .apiKey(let key): secret = key
        case .basic(let username, let password):
            secret = Data("\(username):\(password)".utf8).base64EncodedString()
        }
        switch kind {
        case .bearer: request.headerFields[.authorization] = "Bearer " + secret
        case .basic: request.headerFields[.authorization] = "Basic " + secret
        case .apiKeyHeader(let name):
            if let field = HTTPField.Name(name) { request.headerFields[field] = secret }
        case .apiKeyQuery(let name):
            request.queryItems.append(ParameterEncoding.escape(name) + "=" + ParameterEncoding.escape(secret))
        case .apiKeyCookie(let name):
            let pair = name + "=" + secret
            request.headerFields[.cookie] = request.headerFields[.cookie].map { $0 + "; " + pair } ?? pair
        }
    }

    // MARK: Responses

    /// Sends the request and decodes a JSON success body.
    /// - Parameter errorBodies: the types the spec documents for non-success statuses.
    public func json<Success: Decodable & Sendable>(
        _ request: Request, operationID: String, as type: Success.Type,
        errorBodies: [(StatusPattern, any (Decodable & Sendable).Type)] = []
    ) async throws -> Success {
        let (response, body) = try await send(request, operationID: operationID)
        let data = try await collect(body, response: response, operationID: operationID)
        guard response.status.kind == .successful else {
            throw failure(response, data: data, operationID: operationID, errorBodies: errorBodies)
        }
        do {
            return try JSONCoding.decoder().decode(Success.self, from: data.isEmpty ? Data("null".utf8) : data)
        } catch {
            throw APIError(reason: .invalidResponseBody(error), operationID: operationID, status: response.status,
                           headerFields: response.headerFields, body: data)
        }
    }

    /// Sends the request and succeeds on any 2xx status, ignoring the body.
    public func empty(
        _ request: Request, operationID: String, errorBodies: [(StatusPattern, any (Decodable & Sendable).Type)] = []
    ) async throws {
        let (response, body) = try await send(request, operationID: operationID)
        guard response.status.kind == .successful else {
            let data = try await collect(body, response: response, operationID: operationID)
            throw failure(response, data: data, operationID: operationID, errorBodies: errorBodies)
        }
    }

    /// Sends the request and returns the success body as it streams in.
    public func binary(
        _ request: Request, operationID: String, errorBodies: [(StatusPattern, any (Decodable & Sendable).Type)] = []
    ) async throws -> HTTPBody {
        let (response, body) = try await send(request, operationID: operationID)
        guard response.status.kind == .successful else {
            let data = try await collect(body, response: response, operationID: operationID)
            throw failure(response, data: data, operationID: operationID, errorBodies: errorBodies)
        }
        return body ?? HTTPBody()
    }

    /// Sends the request and returns the success body as text.
    public func text(
        _ request: Request, operationID: String, errorBodies: [(StatusPattern, any (Decodable & Sendable).Type)] = []
    ) async throws -> String {
        let (response, body) = try await send(request, operationID: operationID)
        let data = try await collect(body, response: response, operationID: operationID)
        guard response.status.kind == .successful else {
            throw failure(response, data: data, operationID: operationID, errorBodies: errorBodies)
        }
        return String(decoding: data, as: UTF8.self)
    }

    func collect(_ body: HTTPBody?, response: HTTPResponse, operationID: String) async throws -> Data {
        guard let body else { return Data() }
        do {
            return try await Data(collecting: body, upTo: maxBodySize)
        } catch {
            throw APIError(reason: .transport(error), operationID: operationID, status: response.status,
                           headerFields: response.headerFields)
        }
    }

    func failure(_ response: HTTPResponse, data: Data, operationID: String,
                 errorBodies: [(StatusPattern, any (Decodable & Sendable).Type)]) -> APIError {
        let code = response.status.code
        let match = errorBodies.first { $0.0 == .code(code) }
            ?? errorBodies.first { if case .range = $0.0 { return $0.0.matches(code) } else { return false } }
            ?? errorBodies.first { $0.0 == .default }
        var decoded: (any Sendable)?
        if let type = match?.1, !data.isEmpty {
            decoded = try? JSONCoding.decoder().decode(type, from: data)
        }
        return APIError(reason: .unexpectedStatus, operationID: operationID, status: response.status,
                        headerFields: response.headerFields, body: data, decodedBody: decoded)
    }
}

extension URL {
    /// A server URL from the spec's template, each `{name}` replaced by its value. Values are percent-encoded
    /// where a URL cannot hold them as they are (a space, `{`), so that any value makes a URL.
    ///
    /// The generator checks the template with its default values; a URL that still cannot be made is a bug
    /// there, and stops with a message naming it.
    public init(serverTemplate template: String, _ values: KeyValuePairs<String, String>) {
        // Unreserved characters and those that delimit a URL's parts: a value may be a host, a port or a path.
        let allowed = CharacterSet(charactersIn: "-._~:/?#[]@!$&'()*+,;=")
            .union(CharacterSet(charactersIn: "a"..."z")).union(CharacterSet(charactersIn: "A"..."Z"))
            .union(CharacterSet(charactersIn: "0"..."9"))
        var text = template
        for (name, value) in values {
            let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
            text = text.replacingOccurrences(of: "{" + name + "}", with: encoded)
        }
        guard let url = URL(string: text) else { preconditionFailure("'\(text)' is not a valid server URL") }
        self = url
    }
}
