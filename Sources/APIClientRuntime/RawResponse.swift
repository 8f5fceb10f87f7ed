import Foundation
public import HTTPTypes
import OpenAPIRuntime

/// A response read whole, for the operation variants that return every documented response.
public struct RawResponse: Sendable {
    public var status: HTTPResponse.Status
    public var headerFields: HTTPFields
    public var body: Data
    public var operationID: String

    public init(status: HTTPResponse.Status, headerFields: HTTPFields, body: Data, operationID: String) {
        self.status = status
        self.headerFields = headerFields
        self.body = body
        self.operationID = operationID
    }

    /// The body decoded as JSON.
    public func json<Body: Decodable>(_ type: Body.Type) throws -> Body {
        do {
            return try JSONCoding.decoder().decode(Body.self, from: body.isEmpty ? Data("null".utf8) : body)
        } catch {
            throw APIError(reason: .invalidResponseBody(error), operationID: operationID, status: status,
                           headerFields: headerFields, body: body)
        }
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// A header's value converted to `type`; `nil` when absent.
    public func header<Value: Decodable>(_ name: String, as type: Value.Type) throws -> Value? {
        guard let field = HTTPField.Name(name), let value = headerFields[field] else { return nil }
        if let text = value as? Value { return text }
        let candidates = [value, "\"" + value.replacingOccurrences(of: "\"", with: "\\\"") + "\""]
        for candidate in candidates {
            if let decoded = try? JSONCoding.decoder().decode(Value.self, from: Data(candidate.utf8)) {
                return decoded
            }
        }
        throw APIError(reason: .invalidResponseBody(DecodingError.dataCorrupted(.init(
            codingPath: [DynamicCodingKey(name)], debugDescription: "header '\(name)' is not a \(Value.self)"))),
            operationID: operationID, status: status, headerFields: headerFields, body: body)
    }

    /// A required header converted to `type`.
    public func requiredHeader<Value: Decodable>(_ name: String, as type: Value.Type) throws -> Value {
        guard let value = try header(name, as: type) else {
            throw APIError(reason: .invalidResponseBody(DecodingError.keyNotFound(DynamicCodingKey(name), .init(
                codingPath: [], debugDescription: "required header '\(name)' is missing"))),
                operationID: operationID, status: status, headerFields: headerFields, body: body)
        }
        return value
    }
}
