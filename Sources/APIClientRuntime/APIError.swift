import Foundation
public import HTTPTypes

/// Why an operation failed: an undocumented or error status, a body that does not match the spec, a
/// transport failure, or a request that could not be built.
public struct APIError: Error, CustomStringConvertible {
    public enum Reason: Sendable {
        /// The server answered with a status the operation does not treat as success.
        case unexpectedStatus
        /// The response body could not be decoded as the spec describes.
        case invalidResponseBody(any Error)
        /// The transport (or a middleware) failed before a response arrived.
        case transport(any Error)
        /// The request could not be built from the arguments.
        case invalidRequest(String)
        /// The call took longer than its options allow: in all, or between two events of a stream.
        case timedOut(Timeout)
        /// A stream ended without the terminator its spec names (`[DONE]`): the events that did arrive were
        /// delivered, and the answer was cut short.
        case truncatedStream
        /// The server sent an error inside a stream it had begun (`data: {"error": {…}}`); ``decodedBody`` holds
        /// it as JSON, ``body`` as sent.
        case streamError
    }

    /// Which limit a call exceeded.
    public enum Timeout: Sendable, Hashable {
        /// ``RequestOptions/timeout``, for the whole call.
        case total(Duration)
        /// ``RequestOptions/streamIdleTimeout``, between two events of a stream.
        case streamIdle(Duration)
    }

    public var reason: Reason
    /// The operation's identifier in the spec.
    public var operationID: String
    /// The response status, when a response arrived.
    public var status: HTTPResponse.Status?
    public var headerFields: HTTPFields
    /// The raw response body, when one arrived (read up to the client's limit).
    public var body: Data?
    /// The response body decoded as the type the spec documents for this status, if it does.
    public var decodedBody: (any Sendable)?
    /// How many times the request was sent again before this failure.
    public var retryCount: Int

    public init(reason: Reason, operationID: String = "", status: HTTPResponse.Status? = nil,
                headerFields: HTTPFields = [:], body: Data? = nil, decodedBody: (any Sendable)? = nil,
                retryCount: Int = 0) {
        self.reason = reason
        self.operationID = operationID
        self.status = status
        self.headerFields = headerFields
        self.body = body
        self.decodedBody = decodedBody
        self.retryCount = retryCount
    }

    /// The identifier the server gave the request (`x-request-id` or `request-id`), for its support to find it.
    public var requestID: String? {
        ["x-request-id", "request-id"].lazy.compactMap { HTTPField.Name($0).flatMap { self.headerFields[$0] } }.first
    }

    /// The decoded error body as `type`, when the spec documents one of that type for the status received.
    public func decodedBody<Body>(as type: Body.Type) -> Body? {
        decodedBody as? Body
    }

    public var description: String {
        var text = operationID.isEmpty ? "" : "\(operationID): "
        switch reason {
        case .unexpectedStatus:
            let phrase = status.map { $0.reasonPhrase.isEmpty ? "\($0.code)" : "\($0.code) \($0.reasonPhrase)" }
            text += "unexpected status \(phrase ?? "")"
        case .invalidResponseBody(let error):
            text += "response body does not match the spec"
            if let status { text += " (status \(status.code))" }
            text += ": \(Self.describe(error))"
        case .transport(let error):
            text += "request failed: \(error)"
        case .invalidRequest(let message):
            text += "invalid request: \(message)"
        case .timedOut(.total(let limit)):
            text += "timed out after \(limit)"
        case .timedOut(.streamIdle(let limit)):
            text += "no stream event for \(limit)"
        case .truncatedStream:
            text += "the stream ended before its terminator"
        case .streamError:
            text += "the server sent an error in the stream"
            if let body, !body.isEmpty { text += ": " + String(decoding: body.prefix(500), as: UTF8.self) }
        }
        if let requestID { text += " (request \(requestID))" }
        if retryCount > 0 { text += " after \(retryCount) \(retryCount == 1 ? "retry" : "retries")" }
        if case .unexpectedStatus = reason, let body, !body.isEmpty {
            let preview = String(decoding: body.prefix(500), as: UTF8.self)
            text += ", body: \(preview)"
        }
        return text
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            var text = ""
            for key in context.codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "the top level" : "'" + text + "'"
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            let location = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "required key '\(key.stringValue)' is missing\(location)"
        case .typeMismatch(let type, let context):
            return "\(path(context)) is not a \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context)) is null where a \(type) is required"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}
