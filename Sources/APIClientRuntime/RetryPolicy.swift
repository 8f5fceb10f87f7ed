import Foundation
public import HTTPTypes
public import OpenAPIRuntime

/// When and how soon a failed request is sent again.
///
/// A request is retried when the connection failed before an answer, or when the answer's status is one that
/// says to try later: for idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`, `QUERY`) on any
/// of ``retryableStatuses``; for others only where the server did not act on it (429, 503) or the connection
/// failed before the request was sent. Never when its body cannot be sent twice. The wait doubles from
/// ``initialDelay`` up to ``maximumDelay``, less up to a quarter at random, unless the answer says how long:
/// `Retry-After` (seconds or an HTTP date) or `retry-after-ms`, honoured up to ``maximumDelay``.
///
/// The generated client applies the policy in its options; ``RetryMiddleware`` applies one for any client.
public struct RetryPolicy: Sendable, Hashable {
    /// How many times a request may be sent again.
    public var maximumRetries: Int
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var retryableStatuses: Set<Int>

    public init(maximumRetries: Int = 2, initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(8),
                retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]) {
        self.maximumRetries = maximumRetries
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.retryableStatuses = retryableStatuses
    }

    /// Two retries of connection failures and of 408, 429, 500, 502, 503 and 504, from half a second apart.
    public static let `default` = RetryPolicy()
    /// No retries.
    public static let none = RetryPolicy(maximumRetries: 0)

    static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "QUERY"]

    /// Whether an answer with `status` to a request with `method` is worth sending again.
    func retries(status: Int, method: HTTPRequest.Method) -> Bool {
        guard retryableStatuses.contains(status) else { return false }
        return Self.idempotentMethods.contains(method.rawValue) || status == 429 || status == 503
    }

    /// Whether a request with `method` that failed with `error`, before any answer, is worth sending again.
    func retries(error: any Error, method: HTTPRequest.Method) -> Bool {
        if error is CancellationError { return false }
        return Self.idempotentMethods.contains(method.rawValue) || Self.failedBeforeSending(error)
    }

    /// Whether the connection could not be made, so that the server never saw the request. Transports report
    /// this in their own error types, which the runtime does not depend on: they are recognised by name.
    static func failedBeforeSending(_ error: any Error) -> Bool {
        if let error = error as? URLError {
            return [.cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet].contains(error.code)
        }
        let text = String(reflecting: error)
        return ["connectTimeout", "connectionRefused", "NIOConnectionError", "ECONNREFUSED", "Connection refused"]
            .contains { text.contains($0) }
    }

    /// How long to wait before retry number `attempt` (from 0), after an answer with `headers` if any.
    func delay(beforeRetry attempt: Int, headers: HTTPFields?) -> Duration {
        if let headers, let asked = Self.requestedDelay(headers), asked <= maximumDelay { return max(asked, .zero) }
        var delay = initialDelay
        for _ in 0..<attempt where delay < maximumDelay { delay *= 2 }
        delay = min(delay, maximumDelay)
        return delay * (1 - Double.random(in: 0..<0.25))
    }

    /// The wait an answer asks for: `retry-after-ms`, or `Retry-After` in seconds or as an HTTP date.
    static func requestedDelay(_ headers: HTTPFields) -> Duration? {
        if let text = HTTPField.Name("retry-after-ms").flatMap({ headers[$0] }), let milliseconds = Double(text) {
            return .milliseconds(milliseconds)
        }
        guard let text = headers[.retryAfter]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text) { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .seconds(max(date.timeIntervalSinceNow, 0))
    }

    /// Sends the request with `send` until it succeeds, fails for good, or the retries are spent.
    ///
    /// - Returns: the last answer, and how many retries it took.
    func run(_ request: HTTPRequest, body: HTTPBody?,
             send: (HTTPRequest, HTTPBody?) async throws -> (HTTPResponse, HTTPBody?)) async throws
        -> (response: HTTPResponse, body: HTTPBody?, retries: Int) {
        // A body that can be read once only cannot be sent again.
        let replayable = body.map { $0.iterationBehavior == .multiple } ?? true
        var attempt = 0
        while true {
            let answer: (HTTPResponse, HTTPBody?)
            do {
                answer = try await send(request, body)
            } catch {
                guard attempt < maximumRetries, replayable, retries(error: error, method: request.method) else {
                    throw RetriedError(underlying: error, retries: attempt)
                }
                try await Task.sleep(for: delay(beforeRetry: attempt, headers: nil))
                attempt += 1
                continue
            }
            guard attempt < maximumRetries, replayable, retries(status: answer.0.status.code, method: request.method)
            else { return (answer.0, answer.1, attempt) }
            try await Task.sleep(for: delay(beforeRetry: attempt, headers: answer.0.headerFields))
            attempt += 1
        }
    }

    /// A failure after `retries` retries.
    struct RetriedError: Error {
        var underlying: any Error
        var retries: Int
    }
}

/// Applies a ``RetryPolicy`` to every request of any client built on swift-openapi-runtime.
public struct RetryMiddleware: ClientMiddleware {
    public var policy: RetryPolicy

    public init(policy: RetryPolicy = .default) {
        self.policy = policy
    }

    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            let answer = try await policy.run(request, body: body) { try await next($0, $1, baseURL) }
            return (answer.response, answer.body)
        } catch let error as RetryPolicy.RetriedError {
            throw error.underlying
        }
    }
}
