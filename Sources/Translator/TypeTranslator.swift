import Diagnostics
import IntermediateModel
import OpenAPIModel

/// A type declaration being built; nested declarations are added as inline schemas are met.
final class DeclarationNode {
    let name: String
    let qualifiedName: String
    /// The declaration this one is nested in; nil at the top level.
    let parent: DeclarationNode?
    var documentation: String?
    var deprecated = false
    var kind: TypeDeclaration.Kind?
    var nested: [DeclarationNode] = []
    var nestedNames: NameScope
    var isRecursive = false
    /// True while its kind is being worked out, so that a reference back to it does not start over.
    var isBuilding = false

    init(name: String, qualifiedName: String, parent: DeclarationNode?) {
        self.name = name
        self.qualifiedName = qualifiedName
        self.parent = parent
        nestedNames = NameScope(reserved: [name])
    }

    func build() -> TypeDeclaration {
        TypeDeclaration(name: name, documentation: documentation, deprecated: deprecated,
                        kind: kind ?? .alias(.json), nested: nested.map { $0.build() }, isRecursive: isRecursive)
    }
}

/// Turns schemas into Swift type usages and declarations.
final class TypeTranslator {
    let document: Document
    var diagnostics: DiagnosticCollector
    private(set) var topLevel: [DeclarationNode] = []
    private var topLevelNames: NameScope
    /// Named types by the reference key of their schema.
    private var nodesByKey: [String: DeclarationNode] = [:]
    private var schemaByKey: [String: Schema] = [:]
    /// Every declaration by qualified name, for lookups of struct properties.
    private(set) var nodesByQualifiedName: [String: DeclarationNode] = [:]

    /// The qualified names of the types the spec names: component schemas and other `$ref` targets.
    var specNamedTypes: Set<String> { Set(nodesByKey.values.map(\.qualifiedName)) }

    init(document: Document, reservedNames: Set<String>, diagnostics: DiagnosticCollector) {
        self.document = document
        self.diagnostics = diagnostics
        topLevelNames = NameScope(reserved: Array(reservedNames))
    }

    // MARK: Named types

    /// Declares every component schema, in document order, before anything else claims names.
    func declareComponents() {
        let file = DocumentLoader.normalize(document.location.file)
        var pending: [(Schema, DeclarationNode)] = []
        for (name, schema) in document.components.schemas {
            let key = file + "#/components/schemas/" + DocumentLoader.escapePointer(name)
            let node = newTopLevel(named: Naming.typeName(name), key: key, schema: schema)
            pending.append((schema, node))
        }
        for (schema, node) in pending {
            ensureBuilt(node, schema: schema)
        }
    }

    private func newTopLevel(named name: String, key: String?, schema: Schema) -> DeclarationNode {
        let claimed = topLevelNames.claim(name)
        let node = DeclarationNode(name: claimed, qualifiedName: claimed, parent: nil)
        topLevel.append(node)
        nodesByQualifiedName[claimed] = node
        if let key {
            nodesByKey[key] = node
            schemaByKey[key] = schema
        }
        return node
    }

    /// Declares the headers of a shared response as a type of their own; returns its name.
    func declareHeaders(_ headers: [HeaderModel], named name: String, documentation: String) -> String {
        let node = newTopLevel(named: name, key: nil, schema: Schema(location: document.location))
        node.kind = .headers(headers)
        node.documentation = documentation
        return node.qualifiedName
    }

    private func newNested(in parent: DeclarationNode?, named name: String) -> DeclarationNode {
        guard let parent else {
            return newTopLevel(named: name, key: nil, schema: Schema(location: document.location))
        }
        let claimed = parent.nestedNames.claim(name)
        let node = DeclarationNode(name: claimed, qualifiedName: parent.qualifiedName + "." + claimed, parent: parent)
        parent.nested.append(node)
        nodesByQualifiedName[node.qualifiedName] = node
        return node
    }

    /// The declaration a reference names, created on first use for targets outside `components/schemas`.
    func node(for reference: Reference) -> DeclarationNode? {
        if let node = nodesByKey[reference.key] {
            ensureBuilt(node, schema: schemaByKey[reference.key]!)
            return node
        }
        guard let schema = document.references.schemas[reference.key] else {
            diagnostics.error("'$ref' target '\(reference.text)' is not a schema", at: reference.location)
            return nil
        }
        let lastSegment = reference.segments.last(where: { !$0.isEmpty && Int($0) == nil && !Self.structuralKeywords.contains($0) })
            ?? fileBaseName(reference.file)
        let node = newTopLevel(named: Naming.typeName(schema.title ?? lastSegment), key: reference.key, schema: schema)
        ensureBuilt(node, schema: schema)
        return node
    }

    private static let structuralKeywords: Set<String> = ["schema", "items", "properties", "allOf", "oneOf", "anyOf",
                                                          "additionalProperties", "content", "components", "schemas"]

    private func fileBaseName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.split(separator: ".").first.map(String.init) ?? name
    }

    private func ensureBuilt(_ node: DeclarationNode, schema: Schema) {
        guard node.kind == nil, !node.isBuilding else { return }
        node.isBuilding = true
        defer { node.isBuilding = false }
        node.documentation = documentation(schema)
        node.deprecated = schema.deprecated
        node.kind = declarationKind(for: schema, node: node)
    }

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
                diagnostics.error("circular '$ref': '\(reference.text)' leads back to itself", at: reference.location)
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

    private func isNullable(_ schema: Schema, seen: inout Set<ObjectIdentifier>) -> Bool {
        guard seen.insert(ObjectIdentifier(schema)).inserted else { return false }
        if schema.nullable { return true }
        let members = schema.oneOf.isEmpty ? schema.anyOf : schema.oneOf
        if members.contains(where: { isNullSchema($0) }) { return true }
        if schema.isPureReference, let reference = schema.ref, let target = document.references.schemas[reference.key] {
            return isNullable(target, seen: &seen)
        }
        return false
    }

    private func isNullSchema(_ schema: Schema) -> Bool {
        schema.types == [.null] || (schema.ref == nil && schema.nullable && schema.types.isEmpty && schema.isUnconstrained)
    }

    // MARK: Usages

    /// The Swift type for a schema standing at `hint` inside `parent` (nil: top level), declaring what it needs.
    func usage(of schema: Schema, hint: String, parent: DeclarationNode?) -> TypeUsage {
        let base = nonOptionalUsage(of: schema, hint: hint, parent: parent)
        return isNullable(schema) ? base.optional : base
    }

    private func nonOptionalUsage(of schema: Schema, hint: String, parent: DeclarationNode?) -> TypeUsage {
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
    private func wrappedSchema(_ schema: Schema) -> Schema? {
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

    private func isSimple(_ usage: TypeUsage) -> Bool {
        switch usage.unwrapped {
        case .string, .integer, .double, .float, .bool, .date, .base64, .binary, .json, .jsonObject: return true
        default: return false
        }
    }

    private func remove(_ node: DeclarationNode, from parent: DeclarationNode?) {
        if let parent {
            parent.nested.removeAll { $0 === node }
        } else {
            topLevel.removeAll { $0 === node }
        }
        nodesByQualifiedName[node.qualifiedName] = nil
    }

    /// Schemas with constraints besides a `$ref` (3.1 allows siblings) are treated as `allOf: [$ref, rest]`.
    private func hasOwnStructure(_ schema: Schema) -> Bool {
        !schema.properties.isEmpty || !schema.allOf.isEmpty || !schema.oneOf.isEmpty || !schema.anyOf.isEmpty
    }

    private func tagValue(_ schema: Schema) -> JSONLiteral? {
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

    private func needsDeclaration(_ schema: Schema) -> Bool {
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

    private func primitiveUsage(of schema: Schema, hint: String, parent: DeclarationNode?) -> TypeUsage {
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
    private static func commonType(of values: [JSONLiteral]) -> JSONType? {
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

    private static func type(of literal: JSONLiteral) -> JSONType {
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

    // MARK: Declarations

    private func declarationKind(for schema: Schema, node: DeclarationNode) -> TypeDeclaration.Kind {
        if let wrapped = wrappedSchema(schema), wrapped.ref == nil {
            // A named wrapper of an inline schema (`anyOf: [{type: object, …}, null]`) declares that schema.
            if node.documentation == nil { node.documentation = documentation(wrapped) }
            return declarationKind(for: wrapped, node: node)
        }
        if let reference = schema.ref, schema.isPureReference || !hasOwnStructure(schema) {
            // A chain of references that comes back to itself names no type at all.
            if resolve(schema).isUnconstrained, resolve(schema).location == reference.location { return .alias(.json) }
            guard let target = self.node(for: reference) else { return .alias(.json) }
            return .alias(.named(target.qualifiedName))
        }
        if isTag(schema) { return .alias(.string) }
        if hasUsableEnum(schema), let values = schema.enumValues {
            return enumKind(values, schema: schema)
        }
        let members = nonNullMembers(schema)
        if members.count == 1 && schema.properties.isEmpty && schema.allOf.isEmpty {
            return .alias(nonOptionalUsage(of: members[0], hint: node.name, parent: node.parent))
        }
        if members.count > 1 && schema.properties.isEmpty && schema.allOf.isEmpty {
            if let openEnum = openEnumKind(members) { return openEnum }
            return .union(union(schema, members: members, node: node))
        }
        if !schema.allOf.isEmpty || schema.ref != nil {
            var parts = schema.allOf
            if let reference = schema.ref {
                let target = Schema(location: reference.location)
                target.ref = reference
                parts.insert(target, at: 0)
            }
            if parts.count == 1 && schema.properties.isEmpty && members.isEmpty {
                return .alias(nonOptionalUsage(of: parts[0], hint: node.name, parent: node.parent))
            }
            return .structure(mergedProperties(parts, own: schema, node: node))
        }
        let types = schema.types.filter { $0 != .null }
        if types.count > 1 && schema.properties.isEmpty {
            let cases = types.map { type -> UnionModel.Case in
                let member = Schema(location: schema.location)
                member.types = [type]
                member.items = schema.items
                let usage = primitiveUsage(of: member, hint: node.name, parent: node)
                return UnionModel.Case(swiftName: caseName(for: usage), type: usage, discriminatorValues: [])
            }
            return .union(UnionModel(cases: uniqueCaseNames(cases), discriminatorProperty: nil))
        }
        if !schema.properties.isEmpty {
            var properties = properties(of: schema, requiredExtra: [], node: node)
            var names = NameScope(reserved: properties.map(\.swiftName))
            if let alternatives = flattenedAlternatives(of: schema, node: node, besides: properties, names: &names) {
                properties.append(alternatives)
            }
            return .structure(properties)
        }
        return .alias(primitiveUsage(of: schema, hint: node.name, parent: node.parent))
    }

    /// `anyOf: [{type: string}, {type: string, enum: [...]}]`, the usual way to say "these values, or others",
    /// is an open enum.
    private func openEnumKind(_ members: [Schema]) -> TypeDeclaration.Kind? {
        let resolved = members.map(resolve)
        guard resolved.allSatisfy({ $0.types == [.string] && $0.properties.isEmpty }) else { return nil }
        let enums = resolved.filter { !($0.enumValues ?? []).isEmpty }
        let plain = resolved.filter { ($0.enumValues ?? []).isEmpty }
        guard !enums.isEmpty, !plain.isEmpty, plain.allSatisfy({ $0.format == nil }) else { return nil }
        var values: [JSONLiteral] = []
        for schema in enums {
            for value in schema.enumValues ?? [] where !values.contains(value) { values.append(value) }
        }
        let merged = Schema(location: members[0].location)
        merged.types = [.string]
        guard case .stringEnum(let model) = enumKind(values, schema: merged) else { return nil }
        return .stringEnum(EnumModel(cases: model.cases, isOpen: true, unknownCaseName: model.unknownCaseName))
    }

    private func enumKind(_ values: [JSONLiteral], schema: Schema) -> TypeDeclaration.Kind {
        // Members every generated enum has.
        var names = NameScope(reserved: ["allCases", "rawValue", "hashValue"])
        let allIntegers = values.allSatisfy { if case .integer = $0 { return true } else { return false } }
        if allIntegers && !schema.types.contains(.string) {
            let cases = values.compactMap { value -> EnumModel<Int>.Case? in
                guard case .integer(let number) = value else { return nil }
                let name = number < 0 ? "negative\(-number)" : "value\(number)"
                return EnumModel.Case(swiftName: names.claim(name), value: number)
            }
            return .integerEnum(EnumModel(cases: cases, isOpen: !schema.closedEnum, unknownCaseName: names.claim("unknown")))
        }
        let cases = values.compactMap { value -> EnumModel<String>.Case? in
            let text: String
            switch value {
            case .string(let string): text = string
            case .integer(let number): text = String(number)
            case .number(let number): text = String(number)
            case .bool(let flag): text = String(flag)
            default: return nil
            }
            let name = text.isEmpty ? "empty" : Naming.memberName(text)
            return EnumModel.Case(swiftName: names.claim(name), value: text)
        }
        return .stringEnum(EnumModel(cases: cases, isOpen: !schema.closedEnum, unknownCaseName: names.claim("unknown")))
    }

    private func properties(of schema: Schema, requiredExtra: Set<String>, node: DeclarationNode) -> [Property] {
        var names = NameScope()
        return properties(of: schema, required: Set(schema.required).union(requiredExtra), node: node, names: &names)
    }

    private func properties(of schema: Schema, required: Set<String>, node: DeclarationNode,
                            names: inout NameScope) -> [Property] {
        schema.properties.map { name, propertySchema in
            var type = usage(of: propertySchema, hint: name, parent: node)
            let resolved = resolve(propertySchema)
            // A `writeOnly` property is only sent, never received: a response lacks it even when it is required.
            if !required.contains(name) || propertySchema.writeOnly || resolved.writeOnly { type = type.optional }
            let text = documentation(propertySchema) ?? documentation(resolved)
            if let declared = declaredInline(type, in: node), declared.documentation == text {
                // A type declared for this property alone would repeat the property's documentation.
                declared.documentation = nil
            }
            return Property(
                swiftName: names.claim(Naming.memberName(name)),
                wireName: name,
                type: type,
                documentation: text,
                deprecated: propertySchema.deprecated,
                defaultValue: (propertySchema.defaultValue ?? resolved.defaultValue).map(Self.literal),
                constValue: (propertySchema.constValue ?? resolved.constValue ?? tagValue(resolved)).map(Self.literal),
                isReadOnly: propertySchema.readOnly || resolved.readOnly
            )
        }
    }

    /// The declaration nested in `node` that a property's type names, through optionals and collections.
    private func declaredInline(_ type: TypeUsage, in node: DeclarationNode) -> DeclarationNode? {
        switch type {
        case .named(let name):
            guard name.hasPrefix(node.qualifiedName + ".") else { return nil }
            return nodesByQualifiedName[name]
        case .optional(let wrapped), .array(let wrapped), .dictionary(let wrapped):
            return declaredInline(wrapped, in: node)
        default:
            return nil
        }
    }

    /// `allOf`: the properties of every part, in order, later parts overriding earlier ones of the same name.
    private func mergedProperties(_ parts: [Schema], own: Schema, node: DeclarationNode) -> [Property] {
        var result: [Property] = []
        var required = Set(own.required)
        var visiting: Set<ObjectIdentifier> = []
        func collectRequired(_ schema: Schema) {
            let resolved = resolve(schema)
            guard visiting.insert(ObjectIdentifier(resolved)).inserted else { return }
            required.formUnion(resolved.required)
            resolved.allOf.forEach(collectRequired)
            if let reference = resolved.ref, !resolved.isPureReference,
               let target = document.references.schemas[reference.key] {
                collectRequired(target)
            }
        }
        parts.forEach(collectRequired)
        var names = NameScope()
        var withAlternatives: [Schema] = []
        func append(_ properties: [Property]) {
            for property in properties {
                // Flattened alternatives have no wire name of their own: each is kept.
                if !property.isFlattened, let index = result.firstIndex(where: { $0.wireName == property.wireName }) {
                    result[index] = property
                } else {
                    var property = property
                    property.swiftName = names.claim(property.swiftName)
                    result.append(property)
                }
            }
        }
        for part in parts {
            let resolved = resolve(part)
            if part.ref != nil, let reference = part.isPureReference ? resolvedReference(part) : part.ref,
               let target = self.node(for: reference), case .structure(let inherited)? = target.kind {
                // Reuse the referenced struct's properties, so that its nested types are not declared twice.
                append(inherited.map { property in
                    var property = property
                    if required.contains(property.wireName), property.type.isOptional,
                       !isNullableProperty(property.wireName, in: resolved) {
                        property.type = property.type.unwrapped
                    }
                    return property
                })
            } else if part.ref != nil, let reference = resolvedReference(part), let target = self.node(for: reference),
                      target.kind == nil {
                diagnostics.error("'allOf' cycle through '\(reference.text)'", at: reference.location)
            } else if part.ref != nil, let reference = resolvedReference(part), let target = self.node(for: reference),
                      case .union? = target.kind, isObjectLike(resolved) {
                // A named union of objects: held whole, read from the same object.
                result.append(flattenedProperty(.named(target.qualifiedName), named: target.name,
                                                documentation: nil, names: &names))
            } else {
                var scratch = NameScope()
                append(properties(of: resolved, required: required, node: node, names: &scratch))
                for nested in resolved.allOf {
                    append(mergedProperties([nested], own: Schema(location: nested.location), node: node))
                }
                withAlternatives.append(resolved)
            }
        }
        var scratch = NameScope()
        append(properties(of: own, required: required, node: node, names: &scratch))
        // Once every part's properties are known, so that alternatives constraining them are recognised.
        for schema in withAlternatives + [own] {
            if let alternatives = flattenedAlternatives(of: schema, node: node, besides: result, names: &names) {
                result.append(alternatives)
            }
        }
        return result
    }

    /// The `oneOf`/`anyOf` alternatives of an object that has properties of its own (or other `allOf` parts):
    /// when they are all objects, a union declared in `node`, held by a property read from and written into
    /// the object itself.
    private func flattenedAlternatives(of schema: Schema, node: DeclarationNode, besides existing: [Property],
                                       names: inout NameScope) -> Property? {
        let members = nonNullMembers(schema)
        guard members.count > 1, members.allSatisfy({ isObjectLike($0) }) else { return nil }
        // Alternatives that only constrain the object's own properties (`anyOf: [{required: [a]}, …]`) add
        // nothing to hold.
        let known = Set(existing.map(\.wireName))
        guard members.contains(where: { propertyNames(of: $0).contains { !known.contains($0) } }) else { return nil }
        let nested = newNested(in: node, named: Naming.typeName(schema.title ?? "Variant"))
        nested.kind = .union(union(schema, members: members, node: nested))
        return flattenedProperty(.named(nested.qualifiedName), named: nested.name,
                                 documentation: schema.title == nil ? schema.description : nil, names: &names)
    }

    private func flattenedProperty(_ type: TypeUsage, named name: String, documentation: String?,
                                   names: inout NameScope) -> Property {
        Property(swiftName: names.claim(Naming.memberName(name)), wireName: "", type: type, documentation: documentation,
                 deprecated: false, defaultValue: nil, isFlattened: true)
    }

    /// The property names a schema declares, its `allOf` parts' included.
    private func propertyNames(of schema: Schema, depth: Int = 0) -> [String] {
        let resolved = resolve(schema)
        guard depth < 8 else { return [] }
        return resolved.properties.map(\.name) + resolved.allOf.flatMap { propertyNames(of: $0, depth: depth + 1) }
    }

    /// Whether every value of the schema is a JSON object, so that it can share one with other properties.
    private func isObjectLike(_ schema: Schema, depth: Int = 0) -> Bool {
        let resolved = resolve(schema)
        guard depth < 8, !resolved.types.contains(where: { $0 != .object && $0 != .null }) else { return false }
        if resolved.types.contains(.object) || !resolved.properties.isEmpty || !resolved.allOf.isEmpty { return true }
        let members = nonNullMembers(resolved)
        return !members.isEmpty && members.allSatisfy { isObjectLike($0, depth: depth + 1) }
    }

    private func isNullableProperty(_ name: String, in schema: Schema) -> Bool {
        schema.properties.first(where: { $0.name == name }).map { isNullable($0.schema) } ?? false
    }

    private func resolvedReference(_ schema: Schema) -> Reference? {
        var current = schema
        var last = schema.ref
        var seen: Set<String> = []
        while current.isPureReference, let reference = current.ref, seen.insert(reference.key).inserted {
            last = reference
            guard let target = document.references.schemas[reference.key] else { break }
            current = target
        }
        return last
    }


    /// For members that all fix one property to distinct values (`type: text`, `type: image`), that property
    /// tells them apart as a discriminator would, and is far more reliable than trying each in turn.
    private func inferredDiscriminator(_ members: [Schema]) -> String? {
        let resolved = members.map(resolve)
        guard resolved.count > 1, let first = resolved.first else { return nil }
        let preferred = ["type", "object", "event", "kind"]
        let candidates = allPropertyNames(first).sorted {
            (preferred.firstIndex(of: $0) ?? preferred.count) < (preferred.firstIndex(of: $1) ?? preferred.count)
        }
        for candidate in candidates {
            let values = resolved.map { constantValue(of: candidate, in: $0) }
            guard values.allSatisfy({ $0 != nil }) else { continue }
            if Set(values.compactMap { $0 }).count == values.count { return candidate }
        }
        return nil
    }

    private func allPropertyNames(_ schema: Schema) -> [String] {
        var names = schema.properties.map(\.name)
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(schema)]
        var queue = schema.allOf
        while let part = queue.popLast() {
            let resolved = resolve(part)
            guard seen.insert(ObjectIdentifier(resolved)).inserted else { continue }
            names += resolved.properties.map(\.name)
            queue += resolved.allOf
        }
        return names
    }

    private func union(_ schema: Schema, members: [Schema], node: DeclarationNode) -> UnionModel {
        var discriminator = schema.discriminator ?? members.lazy.compactMap { self.resolve($0).discriminator }.first
        if discriminator == nil, let property = inferredDiscriminator(members) {
            discriminator = Schema.Discriminator(propertyName: property, mapping: [], location: schema.location)
        }
        var cases: [UnionModel.Case] = []
        for (index, member) in members.enumerated() {
            var values: [String] = []
            var name: String
            if let discriminator, let reference = resolvedReference(member), member.ref != nil {
                values = discriminator.mapping.filter { $0.reference.key == reference.key }.map(\.value)
                if values.isEmpty {
                    // Without a mapping entry: the values the member's own property allows, else its name.
                    values = allowedValues(of: discriminator.propertyName, in: resolve(member))
                    if values.isEmpty { values = [reference.segments.last ?? ""] }
                }
            } else if let discriminator {
                values = allowedValues(of: discriminator.propertyName, in: resolve(member))
            }
            if let first = values.first {
                name = Naming.memberName(first)
            } else {
                name = memberCaseName(member, index: index, among: members)
            }
            let usage = nonOptionalUsage(of: member, hint: Naming.typeName(name), parent: node)
            if values.isEmpty, member.ref == nil, case .named = usage {} else if values.isEmpty, member.ref == nil {
                name = caseName(for: usage)
            }
            cases.append(UnionModel.Case(swiftName: name, type: usage, discriminatorValues: values))
        }
        // Members sharing a discriminator value are better named by their types than `message2`, `message3`.
        var valueCounts: [String: Int] = [:]
        for item in cases { for value in item.discriminatorValues { valueCounts[value, default: 0] += 1 } }
        for index in cases.indices where cases[index].discriminatorValues.contains(where: { valueCounts[$0]! > 1 }) {
            if members[index].ref != nil {
                cases[index].swiftName = memberCaseName(members[index], index: index, among: members)
            }
        }
        return UnionModel(cases: uniqueCaseNames(cases), discriminatorProperty: discriminator?.propertyName)
    }

    private func uniqueCaseNames(_ cases: [UnionModel.Case]) -> [UnionModel.Case] {
        var names = NameScope()
        return cases.map { item in
            var item = item
            item.swiftName = names.claim(item.swiftName)
            return item
        }
    }

    /// The value a member fixes for a property (`const`, or a one-value `enum`), which names its case well.
    private func constantValue(of property: String, in schema: Schema) -> String? {
        let values = allowedValues(of: property, in: schema)
        return values.count == 1 ? values[0] : nil
    }

    /// Every value a member's property may take, when it is a `const` or an `enum` of strings.
    private func allowedValues(of property: String, in schema: Schema) -> [String] {
        guard let propertySchema = schema.properties.first(where: { $0.name == property })?.schema else {
            for part in schema.allOf {
                let values = allowedValues(of: property, in: resolve(part))
                if !values.isEmpty { return values }
            }
            return []
        }
        let resolved = resolve(propertySchema)
        if case .string(let value)? = resolved.constValue { return [value] }
        return (resolved.enumValues ?? []).compactMap { if case .string(let value) = $0 { return value } else { return nil } }
    }

    private func memberCaseName(_ member: Schema, index: Int, among members: [Schema]) -> String {
        if let reference = resolvedReference(member), member.ref != nil {
            let target = node(for: reference)
            return Naming.memberName(target?.name ?? reference.segments.last ?? "case\(index + 1)")
        }
        if let title = member.title { return Naming.memberName(title) }
        // A list of words beside other members (`none`, `auto` or a tool): `.option(.auto)`.
        if member.enumValues != nil && member.properties.isEmpty { return "option" }
        // An object fixing a property to one value (`type: text`) is best named by that value.
        let preferred = ["type", "kind", "object", "event"]
        let names = member.properties.map(\.name).sorted { (preferred.contains($0) ? 0 : 1) < (preferred.contains($1) ? 0 : 1) }
        for name in names {
            if let value = constantValue(of: name, in: member) { return Naming.memberName(value) }
        }
        if !member.properties.isEmpty {
            // Otherwise by a property no other member has, a required one first: `.width(…)`, `.url(…)`.
            let others = members.indices.filter { $0 != index }.map { Set(resolve(members[$0]).properties.map(\.name)) }
            let distinct = member.properties.map(\.name).filter { name in !others.contains { $0.contains(name) } }
            if let name = distinct.first(where: member.required.contains) ?? distinct.first {
                return Naming.memberName(name)
            }
            return "object"
        }
        return "value\(index + 1)"
    }

    /// Case names for plain member types: `.string(String)`, `.strings([String])`, `.integer(Int)`.
    private func caseName(for usage: TypeUsage) -> String {
        switch usage {
        case .string: return "string"
        case .integer: return "integer"
        case .double, .float: return "number"
        case .bool: return "bool"
        case .date: return "date"
        case .base64, .binary, .file: return "data"
        case .json: return "json"
        case .jsonObject: return "object"
        case .dictionary: return "dictionary"
        case .named(let name): return Naming.memberName(String(name.split(separator: ".").last ?? ""))
        case .optional(let wrapped): return caseName(for: wrapped)
        case .array(let element):
            let elementName = caseName(for: element)
            if elementName.hasSuffix("s") && !elementName.hasSuffix("ss") { return elementName + "List" }
            return elementName == "json" ? "array" : elementName + "s"
        }
    }

    // MARK: Helpers

    func documentation(_ schema: Schema) -> String? {
        let text = schema.description ?? schema.title
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        return text
    }

    static func literal(_ value: JSONLiteral) -> Literal {
        switch value {
        case .string(let text): return .string(text)
        case .integer(let number): return .integer(number)
        case .number(let number): return .number(number)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .array(let items): return .array(items.map(literal))
        case .object(let members):
            var result: [String: Literal] = [:]
            for member in members { result[member.key] = literal(member.value) }
            return .object(result)
        }
    }
}
