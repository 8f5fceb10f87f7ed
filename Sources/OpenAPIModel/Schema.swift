public import Diagnostics

/// A JSON value written in a spec: an `enum` member, a `const`, a `default` or an example.
public indirect enum JSONLiteral: Hashable, Sendable {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONLiteral])
    case object([Member])

    public struct Member: Hashable, Sendable {
        public var key: String
        public var value: JSONLiteral

        public init(key: String, value: JSONLiteral) {
            self.key = key
            self.value = value
        }
    }

    public subscript(key: String) -> JSONLiteral? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

/// The JSON Schema primitive types.
public enum JSONType: String, Hashable, Sendable, CaseIterable {
    case string, number, integer, boolean, array, object, null
}

/// A Schema Object. A `$ref` with sibling keywords (allowed in 3.1) keeps both.
///
/// A big spec's schemas are written and read over a million times. Each access to a class's stored `var` is
/// checked for exclusivity at run time, a cost these properties are spared: a schema is filled in by the thread
/// that parses it, before anything else reads it, and no access to one of its properties overlaps another.
public final class Schema {
    @exclusivity(unchecked) public var ref: Reference?
    /// The declared types, `null` excluded; empty when the schema says nothing about its type.
    @exclusivity(unchecked) public var types: [JSONType] = []
    /// True when `null` is allowed: 3.0's `nullable: true`, 3.1's `type: [X, "null"]` or `const: null`.
    @exclusivity(unchecked) public var nullable = false
    @exclusivity(unchecked) public var format: String?
    @exclusivity(unchecked) public var title: String?
    @exclusivity(unchecked) public var description: String?
    @exclusivity(unchecked) public var enumValues: [JSONLiteral]?
    @exclusivity(unchecked) public var constValue: JSONLiteral?
    @exclusivity(unchecked) public var defaultValue: JSONLiteral?
    @exclusivity(unchecked) public var example: JSONLiteral?
    @exclusivity(unchecked) public var examples: [JSONLiteral] = []
    @exclusivity(unchecked) public var properties: [(name: String, schema: Schema)] = []
    @exclusivity(unchecked) public var required: [String] = []
    /// `nil` when unspecified.
    @exclusivity(unchecked) public var additionalProperties: AdditionalProperties?
    @exclusivity(unchecked) public var items: Schema?
    @exclusivity(unchecked) public var allOf: [Schema] = []
    @exclusivity(unchecked) public var oneOf: [Schema] = []
    @exclusivity(unchecked) public var anyOf: [Schema] = []
    @exclusivity(unchecked) public var not: Schema?
    @exclusivity(unchecked) public var discriminator: Discriminator?
    @exclusivity(unchecked) public var deprecated = false
    @exclusivity(unchecked) public var readOnly = false
    @exclusivity(unchecked) public var writeOnly = false
    @exclusivity(unchecked) public var contentMediaType: String?
    @exclusivity(unchecked) public var contentEncoding: String?
    /// Extensions the generator understands: `x-closed-enum`.
    @exclusivity(unchecked) public var closedEnum = false
    public let location: SourceLocation

    public init(location: SourceLocation) {
        self.location = location
    }

    public enum AdditionalProperties {
        case allowed(Bool)
        case schema(Schema)
    }

    public struct Discriminator {
        public var propertyName: String
        /// Discriminator values to schema references, in document order.
        public var mapping: [(value: String, reference: Reference)]
        /// The schema of objects whose value the mapping does not list, or that have none (OpenAPI 3.2).
        public var defaultMapping: Reference?
        public var location: SourceLocation

        public init(propertyName: String, mapping: [(value: String, reference: Reference)],
                    defaultMapping: Reference? = nil, location: SourceLocation) {
            self.propertyName = propertyName
            self.mapping = mapping
            self.defaultMapping = defaultMapping
            self.location = location
        }
    }

    /// A schema that is only a `$ref`, with no constraints of its own.
    public var isPureReference: Bool {
        ref != nil && types.isEmpty && !nullable && enumValues == nil && constValue == nil && properties.isEmpty
            && items == nil && allOf.isEmpty && oneOf.isEmpty && anyOf.isEmpty && additionalProperties == nil
    }

    /// True when the schema constrains nothing at all (`{}` or only annotations).
    public var isUnconstrained: Bool {
        ref == nil && types.isEmpty && enumValues == nil && constValue == nil && properties.isEmpty && items == nil
            && allOf.isEmpty && oneOf.isEmpty && anyOf.isEmpty && additionalProperties == nil && format == nil
    }
}
