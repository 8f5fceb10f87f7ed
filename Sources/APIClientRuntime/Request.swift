import Foundation
public import HTTPTypes
public import OpenAPIRuntime

/// An HTTP request being assembled by a generated operation.
public struct Request: Sendable {
    public var method: HTTPRequest.Method
    /// The path with its parameters substituted and escaped.
    public var path: String
    public var queryItems: [String] = []
    public var headerFields = HTTPFields()
    public var body: HTTPBody?
    /// The body's JSON, when ``json(_:)`` set it: extra body fields are merged into it.
    var jsonBody: JSONValue?
    /// Alternatives of security scheme names, any one of which authorises the request; `nil` for the client's
    /// ``ClientCore/defaultSecurity``.
    public var security: [[String]]?

    /// - Parameters:
    ///   - template: the spec's path, such as `/pets/{id}`.
    ///   - parameters: values for the template's placeholders.
    ///   - accept: the media types the operation documents for its answers, as an `Accept` header.
    public init(_ method: HTTPRequest.Method, _ template: String, _ parameters: [String: any Encodable & Sendable] = [:],
                accept: String? = nil) throws {
        self.method = method
        if let accept { headerFields[.accept] = accept }
        guard !parameters.isEmpty else {
            path = ParameterEncoding.pathLiteral(template)
            return
        }
        var result = ""
        var name: String?
        for character in template {
            if character == "{" {
                name = ""
            } else if character == "}", let placeholder = name {
                guard let value = parameters[placeholder] else {
                    throw APIError(reason: .invalidRequest("no value for path parameter '\(placeholder)'"))
                }
                result += ParameterEncoding.pathValue(try ParameterEncoding.jsonValue(value))
                name = nil
            } else if name != nil {
                name!.append(character)
            } else {
                result.append(character)
            }
        }
        path = ParameterEncoding.pathLiteral(result)
    }

    /// Adds a query parameter; `nil` adds nothing.
    public mutating func query(_ name: String, _ value: (some Encodable & Sendable)?, style: ParameterStyle = .form,
                               explode: Bool = true) throws {
        guard let value else { return }
        queryItems += ParameterEncoding.queryItems(name: name, value: try ParameterEncoding.jsonValue(value),
                                                   style: style, explode: explode)
    }

    /// Sets a header; `nil` sets nothing.
    public mutating func header(_ name: String, _ value: (some Encodable & Sendable)?, style: ParameterStyle = .simple,
                                explode: Bool = false) throws {
        guard let value else { return }
        guard let field = HTTPField.Name(name) else {
            throw APIError(reason: .invalidRequest("'\(name)' is not a valid header name"))
        }
        let json = try ParameterEncoding.jsonValue(value)
        headerFields[field] = style == .json ? ParameterEncoding.jsonText(json)
            : ParameterEncoding.headerValue(json, explode: explode)
    }

    /// Sets the whole query string from one value (OpenAPI 3.2's `querystring` parameter): an object's
    /// properties as form fields, or, in style `json`, the value as JSON text; `nil` adds nothing.
    public mutating func queryString(_ value: (some Encodable & Sendable)?, style: ParameterStyle = .form) throws {
        guard let value else { return }
        let json = try ParameterEncoding.jsonValue(value)
        if style == .json {
            queryItems.append(ParameterEncoding.escape(ParameterEncoding.jsonText(json)))
            return
        }
        guard case .object(let members) = json else {
            throw APIError(reason: .invalidRequest("a query string in style form must be an object"))
        }
        for (key, member) in members {
            queryItems += ParameterEncoding.queryItems(name: key, value: member, style: .form, explode: true)
        }
    }

    /// Adds a cookie; `nil` adds nothing.
    public mutating func cookie(_ name: String, _ value: (some Encodable & Sendable)?) throws {
        guard let value else { return }
        guard HTTPField.Name(name) != nil else {
            throw APIError(reason: .invalidRequest("'\(name)' is not a valid cookie name"))
        }
        let text = ParameterEncoding.headerValue(try ParameterEncoding.jsonValue(value), explode: false)
        let pair = name + "=" + ParameterEncoding.cookieValue(text)
        if let existing = headerFields[.cookie] {
            headerFields[.cookie] = existing + "; " + pair
        } else {
            headerFields[.cookie] = pair
        }
    }

    /// Sets a JSON body, its objects' members in the order they are encoded (a struct's in the spec's order).
    public mutating func json(_ value: some Encodable) throws {
        let json = try JSONEncoding.jsonValue(value)
        headerFields[.contentType] = "application/json"
        body = HTTPBody(JSONWriter.bytes(json))
        jsonBody = json
    }

    /// Sets a body of raw bytes.
    public mutating func binary(_ value: HTTPBody, contentType: String) {
        headerFields[.contentType] = contentType
        body = value
    }

    /// Sets a plain-text body.
    public mutating func text(_ value: String, contentType: String) {
        headerFields[.contentType] = contentType
        body = HTTPBody(value)
    }

    /// Sets an `application/x-www-form-urlencoded` body from an object's properties.
    public mutating func form(_ value: some Encodable & Sendable) throws {
        guard case .object(let members) = try ParameterEncoding.jsonValue(value) else {
            throw APIError(reason: .invalidRequest("a form body must be an object"))
        }
        let items = members.flatMap { key, member in
            ParameterEncoding.queryItems(name: key, value: member, style: .form, explode: true)
        }
        headerFields[.contentType] = "application/x-www-form-urlencoded"
        body = HTTPBody(items.joined(separator: "&"))
    }

    /// Sets a `multipart/form-data` body from an object's properties: ``FilePart``s become file parts, arrays
    /// repeat their part, strings, numbers and booleans become text, anything else JSON.
    public mutating func multipart(_ value: some Encodable & Sendable, partContentTypes: [String: String] = [:]) throws {
        let (contentType, data) = try MultipartEncoding.encode(value, partContentTypes: partContentTypes)
        headerFields[.contentType] = contentType
        body = HTTPBody(data)
    }

    /// The path with the query string, as sent.
    public var pathAndQuery: String {
        queryItems.isEmpty ? path : path + "?" + queryItems.joined(separator: "&")
    }
}

/// How a parameter's value is serialised (OpenAPI's `style`).
public enum ParameterStyle: Sendable {
    case form, simple, label, matrix, spaceDelimited, pipeDelimited, deepObject
    /// The value as JSON text: a parameter the spec describes by `content` with a JSON media type.
    case json
}
