import Diagnostics
import IntermediateModel
import OpenAPIModel

/// How schemas are resolved through references and turned into the type usages that name them.
extension TypeTranslator {
    // MARK: Resolution

    /// Follows pure `$ref`s to the schema that says something, reporting cycles.
    func resolve(_ schema: Schema) -> Schema {
        // Most chains are a hop or two long: they are followed without keeping track of keys first.
        var current = schema
        for _ in 0..<8 {
            guard current.isPureReference, let reference = current.ref else { return current }
            guard let target = document.references.schemas[reference.key] else { return current }
            current = target
        }
        current = schema
        var seen: Set<String> = []
        while current.isPureReference, let reference = current.ref {
            guard seen.insert(reference.key).inserted else {
                diagnostics.error("circular '$ref': '\(spec: reference.text)' leads back to itself", at: reference.location)
                return Schema(location: reference.location)
            }
            guard let target = document.references.schemas[reference.key] else { return current }
            current = target
        }
        return current
    }

    /// Whether a value of this schema may be null.
    func isNullable(_ schema: Schema) -> Bool {
        if schema.oneOf.isEmpty && schema.anyOf.isEmpty && !schema.isPureReference { return schema.nullable }
        var seen: Set<ObjectIdentifier> = []
        return isNullable(schema, seen: &seen)
    }

    func isNullable(_ schema: Schema, seen: inout Set<ObjectIdentifier>) -> Bool {
        guard seen.insert(ObjectIdentifier(schema)).inserted else { return false }
        if schema.nullable { return true }
        let members = schema.oneOf.isEmpty ? schema.anyOf : schema.oneOf
        if members.contains(where: { isNullSchema($0) }) { return true }
        if schema.isPureReference, let reference = schema.ref, let target = document.references.schemas[reference.key] {
            return isNullable(target, seen: &seen)
        }
        return false
    }

    func isNullSchema(_ schema: Schema) -> Bool {
        schema.types == [.null] || (schema.ref == nil && schema.nullable && schema.types.isEmpty && schema.isUnconstrained)
    }

    // MARK: Usages

    /// The Swift type for a schema standing at `hint` inside `parent` (nil: top level), declaring what it needs.
    func usage(of schema: Schema, hint: String, parent: DeclarationNode?) -> TypeUsage {
        let base = nonOptionalUsage(of: schema, hint: hint, parent: parent)
        return isNullable(schema) ? base.optional : base
    }

    func nonOptionalUsage(of schema: Schema, hint: String, parent: DeclarationNode?) -> TypeUsage {
        if let reference = schema.ref, schema.isPureReference || !hasOwnStructure(schema) {
            guard let node = node(for: reference) else { return .json }
            if case .alias(let aliased)? = node.kind, isSimple(aliased) {
                // Aliases of plain types are spelled out, which reads better and type-checks faster.
                return aliased.unwrapped
            }
            return .named(node.qualifiedName)
        }
        if let wrapped = wrappedSchema(schema) {
            // `anyOf: [X, null]` or `allOf: [X]` with nothing of its own stands for X.
            return nonOptionalUsage(of: wrapped, hint: hint, parent: parent)
        }
        if needsDeclaration(schema) {
            let node = newNested(in: parent, named: Naming.typeName(schema.title ?? hint))
            ensureBuilt(node, schema: schema)
            if case .alias(let aliased)? = node.kind {
                remove(node, from: parent)
                return aliased.unwrapped
            }
            return .named(node.qualifiedName)
        }
        return primitiveUsage(of: schema, hint: hint, parent: parent)
    }

    /// The one schema a wrapper schema stands for: a single non-null `oneOf`/`anyOf` member or a single `allOf`
    /// part, when the wrapper adds no structure of its own.
    func wrappedSchema(_ schema: Schema) -> Schema? {
        guard schema.ref == nil, schema.properties.isEmpty, schema.enumValues == nil, schema.items == nil else {
            return nil
        }
        let members = nonNullMembers(schema)
        if members.count == 1 && schema.allOf.isEmpty { return members[0] }
        if members.isEmpty && schema.allOf.count == 1 && (schema.oneOf.isEmpty && schema.anyOf.isEmpty) {
            return schema.allOf[0]
        }
        return nil
    }

    func isSimple(_ usage: TypeUsage) -> Bool {
        switch usage.unwrapped {
        case .string, .integer, .double, .float, .bool, .date, .base64, .binary, .json, .jsonObject: return true
        default: return false
        }
    }

    /// Schemas with constraints besides a `$ref` (3.1 allows siblings) are treated as `allOf: [$ref, rest]`.
    func hasOwnStructure(_ schema: Schema) -> Bool {
        !schema.properties.isEmpty || !schema.allOf.isEmpty || !schema.oneOf.isEmpty || !schema.anyOf.isEmpty
    }

    func tagValue(_ schema: Schema) -> JSONLiteral? {
        isTag(schema) ? schema.enumValues?.first : nil
    }

    /// A one-value string enum (`type: {enum: [message]}`) is a constant tag: a `String` that defaults to it.
    func isTag(_ schema: Schema) -> Bool {
        guard !schema.closedEnum, let values = schema.enumValues, values.count == 1, case .string = values[0] else {
            return false
        }
        return schema.properties.isEmpty && schema.oneOf.isEmpty && schema.anyOf.isEmpty && schema.allOf.isEmpty
    }

    /// An `enum` generates a Swift enum when its values are strings, or integers of an integer schema; an enum of
    /// booleans or fractions constrains a plain `Bool` or `Double`.
    func hasUsableEnum(_ schema: Schema) -> Bool {
        guard let values = schema.enumValues, !values.isEmpty else { return false }
        if schema.types.contains(.string) || schema.types.contains(.integer) { return true }
        if schema.types.contains(.boolean) || schema.types.contains(.number) { return false }
        // Without a type, the values say it, and must agree: `[1, "a"]` is neither a string nor an integer.
        return values.allSatisfy { if case .string = $0 { return true } else { return false } }
            || values.allSatisfy { if case .integer = $0 { return true } else { return false } }
    }

    func needsDeclaration(_ schema: Schema) -> Bool {
        if schema.ref != nil { return true }
        if isTag(schema) { return false }
        if hasUsableEnum(schema) { return true }
        if nonNullMembers(schema).count >= 1 || !schema.allOf.isEmpty { return true }
        if !schema.properties.isEmpty { return true }
        if schema.types.filter({ $0 != .null }).count > 1 { return true }
        return false
    }

    func nonNullMembers(_ schema: Schema) -> [Schema] {
        (schema.oneOf.isEmpty ? schema.anyOf : schema.oneOf).filter { !isNullSchema($0) }
    }

    func primitiveUsage(of schema: Schema, hint: String, parent: DeclarationNode?) -> TypeUsage {
        var type = schema.types.first
        if type == nil {
            if isTag(schema) { type = .string }
            else if schema.items != nil { type = .array }
            else if schema.additionalProperties != nil { type = .object }
            else if let constant = schema.constValue { type = Self.type(of: constant) }
            else if let values = schema.enumValues { type = Self.commonType(of: values) }
        }
        switch type {
        case .string?:
            switch schema.format {
            case "date-time"?: return .date
            case "byte"?: return .base64
            case "binary"?: return .binary
            default: return schema.contentEncoding == "base64" ? .base64 : .string
            }
        case .integer?:
            switch schema.format {
            case "int32"?: return .integer(bits: 32)
            case "int64"?: return .integer(bits: 64)
            default: return .integer(bits: nil)
            }
        case .number?:
            return schema.format == "float" ? .float : .double
        case .boolean?:
            return .bool
        case .array?:
            guard let items = schema.items else { return .array(.json) }
            return .array(usage(of: items, hint: Naming.singular(hint), parent: parent))
        case .object?:
            switch schema.additionalProperties {
            case .schema(let values)?:
                if values.isUnconstrained { return .jsonObject }
                return .dictionary(usage(of: values, hint: hint + "Value", parent: parent))
            default:
                return .jsonObject
            }
        case .null?, nil:
            return .json
        }
    }

    /// The one type all `values` have (integers and other numbers make numbers); nil when they differ.
    static func commonType(of values: [JSONLiteral]) -> JSONType? {
        var common: JSONType?
        for value in values {
            let type = Self.type(of: value)
            switch (common, type) {
            case (nil, _): common = type
            case (let known?, _) where known == type: continue
            case (.integer?, .number), (.number?, .integer): common = .number
            default: return nil
            }
        }
        return common
    }

    static func type(of literal: JSONLiteral) -> JSONType {
        switch literal {
        case .string: return .string
        case .integer: return .integer
        case .number: return .number
        case .bool: return .boolean
        case .null: return .null
        case .array: return .array
        case .object: return .object
        }
    }
}
