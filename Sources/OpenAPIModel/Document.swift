public import Diagnostics

/// The OpenAPI versions the reader understands.
public enum SpecVersion: Hashable, Sendable {
    case v3_0
    case v3_1
    case v3_2

    /// Whether the document's schemas are JSON Schema 2020-12 (3.1 and later) rather than OpenAPI 3.0's dialect.
    public var hasJSONSchemaDialect: Bool { self != .v3_0 }
}

/// An OpenAPI 3.0 or 3.1 document, with every `$ref` it uses resolved (see ``ResolvedReferences``).
public struct Document {
    public var version: SpecVersion
    public var versionString: String
    public var info: Info
    public var servers: [Server]
    public var paths: [PathItem]
    public var components: Components
    public var security: [SecurityRequirement]?
    public var tags: [Tag]
    /// Every `$ref` target, parsed, by ``Reference/key``.
    public var references: ResolvedReferences
    public var location: SourceLocation
}

public struct Info {
    public var title: String
    public var version: String
    public var description: String?
}

public struct Server {
    public struct Variable {
        public var name: String
        public var defaultValue: String
        public var enumValues: [String]
        public var description: String?
    }

    public var url: String
    public var description: String?
    /// OpenAPI 3.2: a name for the server.
    public var name: String?
    public var variables: [Variable]
    public var location: SourceLocation
}

public struct Tag {
    public var name: String
    public var description: String?
    /// OpenAPI 3.2: a short description, the tag this one is nested under, and its kind (`nav`, `audience`).
    public var summary: String?
    public var parent: String?
    public var kind: String?
}

/// One security requirement: all of its schemes apply together. An empty requirement means "no auth".
public struct SecurityRequirement {
    public var schemes: [(name: String, scopes: [String], location: SourceLocation)]
}

public struct Components {
    public var schemas: [(name: String, schema: Schema)] = []
    public var parameters: [(name: String, parameter: Referenceable<Parameter>)] = []
    public var requestBodies: [(name: String, body: Referenceable<RequestBody>)] = []
    public var responses: [(name: String, response: Referenceable<Response>)] = []
    public var headers: [(name: String, header: Referenceable<Header>)] = []
    public var securitySchemes: [(name: String, scheme: Referenceable<SecurityScheme>)] = []
}

public struct PathItem {
    public var path: String
    public var summary: String?
    public var description: String?
    public var parameters: [Referenceable<Parameter>]
    public var operations: [Operation]
    public var location: SourceLocation
    /// Set when the item is a `$ref` to another path item, whose operations then apply.
    public var reference: Reference? = nil
}

/// An HTTP method: one a path item names by its own key (`get`, `query`), or any other under
/// `additionalOperations` (OpenAPI 3.2).
public struct HTTPMethod: Hashable, Sendable, CustomStringConvertible {
    /// The method as sent: `GET`, `QUERY`, `LINK`.
    public let name: String

    public init(name: String) {
        self.name = name
    }

    /// The methods a path item names by their keys.
    public static let keyed: [String: HTTPMethod] = Dictionary(uniqueKeysWithValues:
        ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"].map { ($0, HTTPMethod(name: $0.uppercased())) })

    public var description: String { name }

    /// Whether `name` is an HTTP token (RFC 9110), as method, header and cookie names must be.
    public static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

public struct Operation {
    public var method: HTTPMethod
    public var path: String
    public var operationID: String?
    public var summary: String?
    public var description: String?
    public var tags: [String]
    public var parameters: [Referenceable<Parameter>]
    public var requestBody: Referenceable<RequestBody>?
    public var responses: [(status: ResponseStatus, response: Referenceable<Response>)]
    public var deprecated: Bool
    public var security: [SecurityRequirement]?
    public var location: SourceLocation
}

/// A key of an operation's `responses`.
public enum ResponseStatus: Hashable, Sendable, Comparable {
    case code(Int)
    /// `1XX` … `5XX`, holding the leading digit.
    case range(Int)
    case `default`

    private var sortKey: (Int, Int) {
        switch self {
        case .code(let code): return (code, 0)
        case .range(let digit): return (digit * 100 + 99, 1)
        case .default: return (1000, 2)
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.sortKey < rhs.sortKey }

    public var isSuccess: Bool {
        switch self {
        case .code(let code): return (200..<300).contains(code)
        case .range(let digit): return digit == 2
        case .default: return false
        }
    }
}

public enum ParameterLocation: String, Sendable {
    /// `querystring` (OpenAPI 3.2) is the whole query string, described by one `content` entry.
    case path, query, querystring, header, cookie
}

public struct Parameter {
    public var name: String
    public var location: ParameterLocation
    public var description: String?
    public var required: Bool
    public var deprecated: Bool
    public var schema: Schema?
    /// When the parameter is described by `content` instead of `schema`: its media type and schema.
    public var content: (mediaType: String, schema: Schema?)?
    public var style: String?
    public var explode: Bool?
    public var sourceLocation: SourceLocation
}

public struct RequestBody {
    public var description: String?
    public var required: Bool
    public var content: [MediaType]
    public var location: SourceLocation
}

public struct MediaType {
    public struct Encoding {
        public var contentType: String?
        public var headers: [(name: String, header: Referenceable<Header>)]
    }

    public var name: String
    public var schema: Schema?
    /// OpenAPI 3.2's `itemSchema` (or `x-item-schema`): the schema of each item of a sequential media type.
    public var itemSchema: Schema?
    public var encoding: [(name: String, encoding: Encoding)]
    /// `x-sse-terminator`: the `data:` value that ends an event stream, such as `[DONE]`.
    public var eventStreamTerminator: String?
    /// `x-selected-by` on a response's media type: the request body property whose value makes the server
    /// answer with this media type, and the values that do (`{response_format: [text, srt, vtt]}`).
    public var selectedBy: SelectedBy?
    public var location: SourceLocation

    public struct SelectedBy {
        public var property: String
        public var values: [JSONLiteral]
        public var location: SourceLocation
    }
}

public struct Response {
    public var description: String?
    /// OpenAPI 3.2: a short description.
    public var summary: String?
    public var headers: [(name: String, header: Referenceable<Header>)]
    public var content: [MediaType]
    public var location: SourceLocation
}

public struct Header {
    public var description: String?
    public var required: Bool
    public var deprecated: Bool
    public var schema: Schema?
    public var location: SourceLocation
}

public struct SecurityScheme {
    public enum Kind: Equatable, Sendable {
        case apiKey(name: String, location: ParameterLocation)
        /// `http` with its `scheme`, lowercased: `bearer`, `basic`, …
        case http(scheme: String, bearerFormat: String?)
        case oauth2
        case openIDConnect
        case mutualTLS
    }

    public var kind: Kind
    public var description: String?
    /// OpenAPI 3.2: the scheme should no longer be used.
    public var deprecated = false
    public var location: SourceLocation
}

/// A value that may be given inline or by `$ref`.
public enum Referenceable<Value> {
    case reference(Reference)
    case value(Value)
}

/// A `$ref`: the file it points into and the JSON pointer within it.
public struct Reference: Hashable, Sendable {
    /// The normalised path of the target file.
    public var file: String
    /// The JSON pointer, such as `/components/schemas/Pet`; empty for a whole file.
    public var pointer: String
    /// Where the `$ref` itself is written.
    public var location: SourceLocation
    /// The text as written.
    public var text: String

    public init(file: String, pointer: String, location: SourceLocation, text: String) {
        self.file = file
        self.pointer = pointer
        self.location = location
        self.text = text
        key = file + "#" + pointer
    }

    /// Identifies the target, whatever spelling led to it.
    public let key: String

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// The decoded segments of the pointer.
    public var segments: [String] {
        pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { segment in
            String(segment).replacingTildeEscapes()
        }
    }
}

extension String {
    func replacingTildeEscapes() -> String {
        guard contains("~") || contains("%") else { return self }
        var decoded = (removingPercentEncodingIfValid ?? self)
        decoded = decoded.split(separator: "~1", omittingEmptySubsequences: false).joined(separator: "/")
        return decoded.split(separator: "~0", omittingEmptySubsequences: false).joined(separator: "~")
    }

    /// Percent escapes decoded, when they make valid UTF-8.
    var removingPercentEncodingIfValid: String? {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// Parsed `$ref` targets by ``Reference/key``.
public struct ResolvedReferences {
    public var schemas: [String: Schema] = [:]
    public var parameters: [String: Referenceable<Parameter>] = [:]
    public var requestBodies: [String: Referenceable<RequestBody>] = [:]
    public var responses: [String: Referenceable<Response>] = [:]
    public var headers: [String: Referenceable<Header>] = [:]
    public var securitySchemes: [String: Referenceable<SecurityScheme>] = [:]
    public var pathItems: [String: PathItem] = [:]

    public init() {}
}
