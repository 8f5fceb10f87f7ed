/// The intermediate model: what a generated client consists of, with Swift names chosen but no Swift syntax.
///
/// Built by the translator from an OpenAPI document; read by the emitter. Plain data only.
public struct ClientModule: Sendable {
    public var name: String
    /// The spec file the module was generated from, as given to the generator.
    public var specPath: String
    public var title: String
    public var version: String
    public var documentation: String?
    public var servers: [ServerModel]
    public var types: [TypeDeclaration]
    public var operations: [OperationModel]
    public var securitySchemes: [SecuritySchemeModel]
    /// The security requirements of an operation that states none (the spec's top-level `security`): alternatives
    /// of scheme names, any one of which authorises a request.
    public var defaultSecurity: [[String]]

    public init(name: String, specPath: String, title: String, version: String, documentation: String?,
                servers: [ServerModel], types: [TypeDeclaration], operations: [OperationModel],
                securitySchemes: [SecuritySchemeModel], defaultSecurity: [[String]] = []) {
        self.name = name
        self.specPath = specPath
        self.title = title
        self.version = version
        self.documentation = documentation
        self.servers = servers
        self.types = types
        self.operations = operations
        self.securitySchemes = securitySchemes
        self.defaultSecurity = defaultSecurity
    }
}

public struct ServerModel: Sendable, Hashable {
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var swiftName: String
        public var defaultValue: String
        public var allowedValues: [String]
        public var documentation: String?

        public init(name: String, swiftName: String, defaultValue: String, allowedValues: [String],
                    documentation: String?) {
            self.name = name
            self.swiftName = swiftName
            self.defaultValue = defaultValue
            self.allowedValues = allowedValues
            self.documentation = documentation
        }
    }

    public var swiftName: String
    /// The URL template, with `{variable}` placeholders.
    public var url: String
    public var documentation: String?
    public var variables: [Variable]

    public init(swiftName: String, url: String, documentation: String?, variables: [Variable]) {
        self.swiftName = swiftName
        self.url = url
        self.documentation = documentation
        self.variables = variables
    }
}

/// A value from the spec (`default`, `const`), independent of any syntax.
public indirect enum Literal: Hashable, Sendable {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case null
    case array([Literal])
    case object([String: Literal])
}

/// A reference to a Swift type from a property, a parameter or a body.
public indirect enum TypeUsage: Hashable, Sendable {
    case string
    case integer(bits: Int?)
    case double
    case float
    case bool
    /// An RFC 3339 `date-time`.
    case date
    /// Base64 text (`format: byte`, `contentEncoding: base64`) carried as bytes.
    case base64
    /// Raw bytes: a binary body or a binary JSON string.
    case binary
    /// A file in a multipart body: bytes with an optional file name and content type.
    case file
    /// Any JSON value.
    case json
    /// A JSON object with no fixed properties.
    case jsonObject
    /// A generated type by its qualified Swift name, such as `Pet` or `ChatRequest.Message`.
    case named(String)
    case array(TypeUsage)
    case dictionary(TypeUsage)
    case optional(TypeUsage)

    public var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }

    public var unwrapped: TypeUsage {
        if case .optional(let wrapped) = self { return wrapped.unwrapped }
        return self
    }

    public var optional: TypeUsage { isOptional ? self : .optional(self) }

    /// The generated types this usage names, through optionals, arrays and dictionaries.
    public var namedTypes: [String] {
        switch self {
        case .named(let name): return [name]
        case .optional(let wrapped), .array(let wrapped), .dictionary(let wrapped): return wrapped.namedTypes
        default: return []
        }
    }
}

public struct TypeDeclaration: Sendable, Equatable {
    public var name: String
    public var documentation: String?
    public var deprecated: Bool
    public var kind: Kind
    /// Types declared inside this one (inline schemas of its properties).
    public var nested: [TypeDeclaration]
    /// True when the value is stored out of line: a union's cases (`indirect`), because it may contain itself
    /// or they would make a large value to copy inline; a struct's properties, in one copy-on-write storage
    /// object, because there are enough of them to make the struct's own copy large.
    public var isIndirect: Bool
    /// True when responses carry values of this type and requests never do: its properties are constants.
    public var isReceivedOnly: Bool
    /// What copying a value of this type inline costs, through everything it holds inline, in units of about
    /// 70 bytes of the copy code Swift writes for it (one reference-counted field); ``optionalLayoutCost`` as an
    /// optional, which for an enum with payloads is much more: Swift tells its cases from `nil` field by field.
    public var layoutCost: Int
    public var optionalLayoutCost: Int

    /// The layout cost above which a value held by another is boxed, and a union made `indirect`: past it, the
    /// functions Swift writes to copy the holder grow large enough to slow a debug build down several times.
    public static let largeLayoutCost = 24
    /// The layout cost above which a struct keeps its properties in a copy-on-write storage object: the copy,
    /// assignment and destruction Swift writes for the struct itself grow by about 70 bytes a unit each, and are
    /// written again wherever the struct is copied. Against 512, 128 took 7% less CPU on a synthetic payments
    /// spec and no more on OpenAI's, within the noise; 48 gained nothing more (Benchmarks/README.md).
    public static let largeStructLayoutCost = 128
    /// The most stored properties a struct keeps inline; past it, they go to a storage object too, in parts of at
    /// most this many, each an object with its own initializer, decoder and copy. A decoder takes 300-400 bytes
    /// of debug code a property, so one of 200 would pass 64 KB: with parts, none of those functions, nor the
    /// encoder's parts, grows with the size of an object. Parts of 64 and of 128 compiled a synthetic payments
    /// spec in the same CPU time, within the noise; 64 halves the largest function.
    public static let largeStructPropertyCount = 64

    public init(name: String, documentation: String?, deprecated: Bool, kind: Kind, nested: [TypeDeclaration] = [],
                isIndirect: Bool = false, isReceivedOnly: Bool = false, layoutCost: Int = 0,
                optionalLayoutCost: Int = 0) {
        self.name = name
        self.documentation = documentation
        self.deprecated = deprecated
        self.kind = kind
        self.nested = nested
        self.isIndirect = isIndirect
        self.isReceivedOnly = isReceivedOnly
        self.layoutCost = layoutCost
        self.optionalLayoutCost = optionalLayoutCost
    }

    public enum Kind: Sendable, Equatable {
        case structure([Property])
        case stringEnum(EnumModel<String>)
        case integerEnum(EnumModel<Int>)
        case union(UnionModel)
        case alias(TypeUsage)
        /// The headers of a response that several operations share: a plain value, read from a response
        /// rather than decoded from JSON.
        case headers([HeaderModel])
    }
}

extension TypeDeclaration {
    /// The generated types its own members name (properties, cases, an alias's target, headers); not those its
    /// nested declarations name.
    public var referencedNames: [String] {
        switch kind {
        case .structure(let properties): return properties.flatMap(\.type.namedTypes)
        case .union(let union): return union.cases.flatMap(\.type.namedTypes)
        case .alias(let type): return type.namedTypes
        case .headers(let headers): return headers.flatMap(\.type.namedTypes)
        case .stringEnum, .integerEnum: return []
        }
    }
}

extension TypeUsage {
    /// What copying a value of this type inline costs (``TypeDeclaration/layoutCost``), given the cost of the
    /// generated types it names, plain or optional. Measured on 100 fields of each: trivial values and closed
    /// enums cost nothing, a reference one unit, an optional enum with payloads five or more.
    public func layoutCost(ofNamed named: (_ name: String, _ optional: Bool) -> Int) -> Int {
        cost(optional: false, named)
    }

    private func cost(optional: Bool, _ named: (String, Bool) -> Int) -> Int {
        switch self {
        case .integer, .double, .float, .bool, .date: return 0
        case .string, .base64, .binary, .array, .dictionary, .jsonObject: return 1
        case .file: return 3
        case .json: return optional ? 5 : 3
        case .optional(let wrapped): return wrapped.cost(optional: true, named)
        case .named(let name): return named(name, optional)
        }
    }
}

public struct Property: Sendable, Hashable {
    public var swiftName: String
    public var wireName: String
    /// The property's type; optional when the key may be absent or null.
    public var type: TypeUsage
    public var documentation: String?
    public var deprecated: Bool
    public var defaultValue: Literal?
    /// A `const` value: the property always carries it.
    public var constValue: Literal?
    /// True when the property's value is stored out of line (`@Indirect`): it is, directly or not, of the
    /// enclosing type, or it would make a large value to copy inline.
    public var isBoxed: Bool
    /// `readOnly`: sent by the server only, so not asked for when building a request.
    public var isReadOnly: Bool
    /// Decoded from, and encoded into, the enclosing object itself rather than under a key (`wireName` is
    /// empty): the `oneOf`/`anyOf` alternatives an object also matches.
    public var isFlattened: Bool

    public init(swiftName: String, wireName: String, type: TypeUsage, documentation: String?, deprecated: Bool,
                defaultValue: Literal?, constValue: Literal? = nil, isBoxed: Bool = false, isReadOnly: Bool = false,
                isFlattened: Bool = false) {
        self.swiftName = swiftName
        self.wireName = wireName
        self.type = type
        self.documentation = documentation
        self.deprecated = deprecated
        self.defaultValue = defaultValue
        self.constValue = constValue
        self.isBoxed = isBoxed
        self.isReadOnly = isReadOnly
        self.isFlattened = isFlattened
    }
}

public struct EnumModel<RawValue: Hashable & Sendable>: Sendable, Equatable {
    public struct Case: Sendable, Hashable {
        public var swiftName: String
        public var value: RawValue
        public var documentation: String?

        public init(swiftName: String, value: RawValue, documentation: String? = nil) {
            self.swiftName = swiftName
            self.value = value
            self.documentation = documentation
        }
    }

    public var cases: [Case]
    /// Open enums decode values they do not list into a case that keeps the raw value.
    public var isOpen: Bool
    /// The Swift name of that case, chosen not to collide with the listed ones.
    public var unknownCaseName: String

    public init(cases: [Case], isOpen: Bool, unknownCaseName: String) {
        self.cases = cases
        self.isOpen = isOpen
        self.unknownCaseName = unknownCaseName
    }
}

/// A `oneOf` or `anyOf`: one of several types.
public struct UnionModel: Sendable, Equatable {
    public struct Case: Sendable, Hashable {
        public var swiftName: String
        public var type: TypeUsage
        /// With a discriminator: the values that select this case.
        public var discriminatorValues: [String]

        public init(swiftName: String, type: TypeUsage, discriminatorValues: [String]) {
            self.swiftName = swiftName
            self.type = type
            self.discriminatorValues = discriminatorValues
        }
    }

    public var cases: [Case]
    /// The property whose value selects the case; without one, cases are tried in order.
    public var discriminatorProperty: String?
    /// The case of objects whose discriminator value no case lists, or that have none; without one, they are
    /// kept as received.
    public var defaultCaseName: String?

    public init(cases: [Case], discriminatorProperty: String?, defaultCaseName: String? = nil) {
        self.cases = cases
        self.discriminatorProperty = discriminatorProperty
        self.defaultCaseName = defaultCaseName
    }
}
