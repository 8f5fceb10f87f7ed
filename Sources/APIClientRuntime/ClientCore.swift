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
    /// What every call starts from: extra headers, query items and body fields, timeouts and the retry policy.
    public var options: RequestOptions

    public init(serverURL: URL, transport: any ClientTransport, middlewares: [any ClientMiddleware],
                credentials: [String: Credential], securitySchemes: [String: SecuritySchemeKind],
                defaultSecurity: [[String]] = [], maxBodySize: Int = 64 * 1024 * 1024,
                options: RequestOptions = RequestOptions()) {
        self.serverURL = serverURL
        self.transport = transport
        self.middlewares = middlewares
        self.credentials = credentials
        self.securitySchemes = securitySchemes
        self.defaultSecurity = defaultSecurity
        self.maxBodySize = maxBodySize
        self.options = options
    }

    /// An answer, and how many retries it took.
    public struct Answer: Sendable {
        public var response: HTTPResponse
        public var body: HTTPBody?
        public var retries: Int

        /// A failure of the call that received this answer: its status, headers and retries included.
        func error(_ reason: APIError.Reason, operationID: String, body: Data? = nil,
                   decodedBody: (any Sendable)? = nil) -> APIError {
            APIError(reason: reason, operationID: operationID, status: response.status,
                     headerFields: response.headerFields, body: body, decodedBody: decodedBody, retryCount: retries)
        }
    }

    /// Sends a request through the middlewares and the transport, retrying as the options say, and with their
    /// headers, query items and body fields added. A call cancelled by its task throws `CancellationError`.
    public func send(_ request: Request, operationID: String, options: RequestOptions = RequestOptions()) async throws
        -> Answer {
        var request = request
        let options = options.merged(over: self.options)
        do {
            try options.apply(to: &request)
        } catch var error as APIError {
            error.operationID = operationID
            throw error
        }
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
        let serverURL = self.serverURL
        do {
            let answer = try await (options.retry ?? .default).run(httpRequest, body: request.body) {
                try await next($0, $1, serverURL)
            }
            return Answer(response: answer.response, body: answer.body, retries: answer.retries)
        } catch let failure as RetryPolicy.RetriedError {
            throw Self.callError(failure.underlying, operationID: operationID, retries: failure.retries)
        } catch {
            throw Self.callError(error, operationID: operationID, retries: 0)
        }
    }

    /// A failure to send, as callers see it: `CancellationError` when the call's task was cancelled, whatever the
    /// transport made of it; ``APIError`` otherwise.
    static func callError(_ error: any Error, operationID: String, retries: Int) -> any Error {
        if Task.isCancelled || error is CancellationError { return CancellationError() }
        if var error = error as? APIError {
            error.retryCount = retries
            return error
        }
        return APIError(reason: .transport(error), operationID: operationID, retryCount: retries)
    }

    /// Runs `body`, the whole of a call, within the options' total timeout: past it the call is cancelled and
    /// fails with ``APIError/Reason/timedOut(_:)``.
    func withinTimeout<Result: Sendable>(_ options: RequestOptions, operationID: String,
                                        _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        guard let limit = options.merged(over: self.options).timeout else { return try await body() }
        return try await withThrowingTaskGroup(of: Result.self) { group in
            group.addTask(operation: body)
            group.addTask {
                try await Task.sleep(for: limit)
                throw APIError(reason: .timedOut(.total(limit)), operationID: operationID)
            }
            defer { group.cancelAll() }
            return try await group.next()!
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
