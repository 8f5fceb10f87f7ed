import Foundation
public import HTTPTypes

/// What a call sends beyond its arguments, and how long and how often it may try: extra headers, query items
/// and body fields the spec does not list (a provider's own parameters behind a gateway, say), timeouts, and a
/// retry policy.
///
/// A client holds the options every call starts from (its initializer's `options`); an operation's trailing
/// `options` argument adds to them: its headers replace the client's of the same name, its query items and
/// body fields are added (a body field replacing the client's of the same name), and its timeouts and retry
/// policy replace the client's when set.
public struct RequestOptions: Sendable {
    /// Headers to send, replacing any the call would send of the same name.
    public var headers: HTTPFields
    /// Query items to add, unescaped: `("user", "a b")` is sent as `user=a%20b`.
    public var queryItems: [(name: String, value: String)]
    /// Fields to add to the call's JSON object body, replacing those of the same name. A call that sends no JSON
    /// object fails with ``APIError/Reason/invalidRequest(_:)`` rather than send them elsewhere.
    public var extraBody: JSONObject
    /// How long the whole call may take, a streamed answer read to its end included.
    public var timeout: Duration?
    /// How long a streamed answer may go without a new event (or value).
    public var streamIdleTimeout: Duration?
    /// When to try again; nil keeps the client's (whose own default is ``RetryPolicy/default``).
    public var retry: RetryPolicy?

    public init(headers: HTTPFields = [:], queryItems: [(name: String, value: String)] = [],
                extraBody: JSONObject = [:], timeout: Duration? = nil, streamIdleTimeout: Duration? = nil,
                retry: RetryPolicy? = nil) {
        self.headers = headers
        self.queryItems = queryItems
        self.extraBody = extraBody
        self.timeout = timeout
        self.streamIdleTimeout = streamIdleTimeout
        self.retry = retry
    }

    /// These options over `base`: what a call sets over what its client sets.
    public func merged(over base: RequestOptions) -> RequestOptions {
        var result = base
        for field in headers { result.headers[fields: field.name] = headers[fields: field.name] }
        result.queryItems += queryItems
        result.extraBody.merge(extraBody)
        result.timeout = timeout ?? base.timeout
        result.streamIdleTimeout = streamIdleTimeout ?? base.streamIdleTimeout
        result.retry = retry ?? base.retry
        return result
    }

    /// Applies the headers, query items and body fields to `request`.
    func apply(to request: inout Request) throws {
        for field in headers { request.headerFields[fields: field.name] = headers[fields: field.name] }
        request.queryItems += queryItems.map { ParameterEncoding.escape($0.name) + "=" + ParameterEncoding.escape($0.value) }
        guard !extraBody.isEmpty else { return }
        guard case .object(var object)? = request.jsonBody else {
            let body = request.body == nil ? "no body" : request.jsonBody == nil
                ? "a body of \(request.headerFields[.contentType] ?? "bytes")" : "a JSON body that is not an object"
            throw APIError(reason: .invalidRequest("extra body fields need a JSON object body; this call sends \(body)"))
        }
        object.merge(extraBody)
        try request.json(JSONValue.object(object))
    }
}
