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
public final class Schema {
    public var ref: Reference?
    /// The declared types, `null` excluded; empty when the schema says nothing about its type.
    public var types: [JSONType] = []
    /// True when `null` is allowed: 3.0's `nullable: true`, 3.1's `type: [X, "null"]` or `const: null`.
    public var nullable = false
    public var format: String?
    public var title: String?
    public var description: String?
    public var enumValues: [JSONLiteral]?
    public var constValue: JSONLiteral?
    public var defaultValue: JSONLiteral?
    public var example: JSONLiteral?
    public var examples: [JSONLiteral] = []
    public var properties: [(name: String, schema: Schema)] = []
    public var required: [String] = []
    /// `nil` when unspecified.
    public var additionalProperties: AdditionalProperties?
    public var items: Schema?
    public var allOf: [Schema] = []
    public var oneOf: [Schema] = []
    public var anyOf: [Schema] = []
    public var not: Schema?
    public var discriminator: Discriminator?
    public var deprecated = false
    public var readOnly = false
    public var writeOnly = false
    public var contentMediaType: String?
    public var contentEncoding: String?
    /// Extensions the generator understands: `x-closed-enum`.
    public var closedEnum = false
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
        public var location: SourceLocation

        public init(propertyName: String, mapping: [(value: String, reference: Reference)], location: SourceLocation) {
            self.propertyName = propertyName
            self.mapping = mapping
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
