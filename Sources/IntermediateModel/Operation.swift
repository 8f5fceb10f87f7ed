public struct OperationModel: Sendable {
    /// The spec's `operationId`, or one derived from method and path; passed to middlewares.
    public var operationID: String
    public var swiftName: String
    /// The HTTP method in upper case.
    public var method: String
    /// The path template, such as `/pets/{id}`.
    public var path: String
    public var documentation: String?
    public var deprecated: Bool
    public var parameters: [ParameterModel]
    public var body: RequestBodyModel?
    public var responses: [ResponseModel]
    /// Alternatives, any one of which satisfies the operation; each lists schemes that apply together.
    /// Empty when the operation needs no authentication.
    public var security: [[String]]

    public init(operationID: String, swiftName: String, method: String, path: String, documentation: String?,
                deprecated: Bool, parameters: [ParameterModel], body: RequestBodyModel?, responses: [ResponseModel],
                security: [[String]]) {
        self.operationID = operationID
        self.swiftName = swiftName
        self.method = method
        self.path = path
        self.documentation = documentation
        self.deprecated = deprecated
        self.parameters = parameters
        self.body = body
        self.responses = responses
        self.security = security
    }
}

public struct ParameterModel: Sendable, Hashable {
    public enum Location: String, Sendable {
        /// `querystring`: the whole query string, in style `form` (an object's properties) or `json`.
        case path, query, querystring, header, cookie
    }

    /// How a value is written, from the parameter's `style` and `explode`.
    public enum Style: String, Sendable {
        case simple, form, label, matrix, spaceDelimited, pipeDelimited, deepObject
        /// JSON text: the parameter is described by `content` with a JSON media type rather than a schema.
        case json
    }

    public var name: String
    public var swiftName: String
    public var location: Location
    /// The argument's type; optional when the parameter is not required.
    public var type: TypeUsage
    public var style: Style
    public var explode: Bool
    public var documentation: String?
    public var deprecated: Bool
    public var defaultValue: Literal?

    public init(name: String, swiftName: String, location: Location, type: TypeUsage, style: Style, explode: Bool,
                documentation: String?, deprecated: Bool, defaultValue: Literal?) {
        self.name = name
        self.swiftName = swiftName
        self.location = location
        self.type = type
        self.style = style
        self.explode = explode
        self.documentation = documentation
        self.deprecated = deprecated
        self.defaultValue = defaultValue
    }
}

public struct RequestBodyModel: Sendable {
    public enum Encoding: Sendable, Hashable {
        case json
        case multipart
        case formURLEncoded
        /// Raw bytes sent as they are.
        case binary
        case text
        /// A sequence of JSON values, one a line (`application/jsonl`) or each after a record separator
        /// (`application/json-seq`, RFC 7464): the body's type is an array of them.
        case jsonLines
        case jsonTextSequence
    }

    public var contentType: String
    public var encoding: Encoding
    /// The body's type: a struct for JSON objects, multipart and forms; `.binary` for raw bytes.
    public var type: TypeUsage
    public var required: Bool
    public var documentation: String?
    /// When the body is an object, its properties become the method's arguments.
    public var flattenedProperties: [Property]?
    /// The argument name of each flattened property, where it differs from the property's own name because a
    /// parameter already has it; by property name.
    public var argumentNames: [String: String]
    /// Multipart parts' content types by wire name, where the spec gives them.
    public var partContentTypes: [String: String]

    public init(contentType: String, encoding: Encoding, type: TypeUsage, required: Bool, documentation: String?,
                flattenedProperties: [Property]?, argumentNames: [String: String] = [:],
                partContentTypes: [String: String] = [:]) {
        self.contentType = contentType
        self.encoding = encoding
        self.type = type
        self.required = required
        self.documentation = documentation
        self.flattenedProperties = flattenedProperties
        self.argumentNames = argumentNames
        self.partContentTypes = partContentTypes
    }
}

public struct ResponseModel: Sendable {
    public enum Status: Sendable, Hashable {
        case code(Int)
        case range(Int)
        case `default`
    }

    public enum Content: Sendable, Hashable {
        case json(contentType: String, type: TypeUsage)
        /// Server-sent events whose `data` decodes as `item`; `terminator` ends the stream.
        case eventStream(item: TypeUsage, terminator: String?)
        /// JSON values one after another, each decoding as `item`: one a line (`application/jsonl`), or each after
        /// a record separator (`application/json-seq`).
        case jsonSequence(item: TypeUsage, recordSeparated: Bool, contentType: String)
        case binary(contentType: String)
        case text(contentType: String)
    }

    /// The request body property whose value makes the server answer with some of ``contents``
    /// (`x-selected-by`), and the values that select each.
    public struct Selection: Sendable, Hashable {
        /// The position of the selected media type in ``contents``.
        public var contentIndex: Int
        /// The body property's name in JSON.
        public var property: String
        public var values: [Literal]

        public init(contentIndex: Int, property: String, values: [Literal]) {
            self.contentIndex = contentIndex
            self.property = property
            self.values = values
        }
    }

    public var status: Status
    public var documentation: String?
    public var contents: [Content]
    public var selections: [Selection]
    public var headers: [HeaderModel]
    /// The declaration of kind `headers` that holds `headers` when the response is shared by several
    /// operations; nil when the operation's output declares its own.
    public var sharedHeadersType: String?

    public init(status: Status, documentation: String?, contents: [Content], selections: [Selection] = [],
                headers: [HeaderModel], sharedHeadersType: String? = nil) {
        self.status = status
        self.documentation = documentation
        self.contents = contents
        self.selections = selections
        self.headers = headers
        self.sharedHeadersType = sharedHeadersType
    }

    public var isSuccess: Bool {
        switch status {
        case .code(let code): return (200..<300).contains(code)
        case .range(let digit): return digit == 2
        case .default: return false
        }
    }
}

public struct HeaderModel: Sendable, Hashable {
    public var name: String
    public var swiftName: String
    public var type: TypeUsage
    public var documentation: String?

    public init(name: String, swiftName: String, type: TypeUsage, documentation: String?) {
        self.name = name
        self.swiftName = swiftName
        self.type = type
        self.documentation = documentation
    }
}

public struct SecuritySchemeModel: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case bearer
        case basic
        case apiKey(name: String, location: ParameterModel.Location)
        /// OAuth 2, OpenID Connect and other schemes that end in a bearer token obtained elsewhere.
        case bearerToken
    }

    public var name: String
    public var swiftName: String
    public var kind: Kind
    public var documentation: String?

    public init(name: String, swiftName: String, kind: Kind, documentation: String?) {
        self.name = name
        self.swiftName = swiftName
        self.kind = kind
        self.documentation = documentation
    }
}
