import Diagnostics
import IntermediateModel
import OpenAPIModel

/// The kind of declaration each named or inline schema becomes: alias, enum, union or struct.
extension TypeTranslator {
    func declarationKind(for schema: Schema, node: DeclarationNode) -> TypeDeclaration.Kind {
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
    func openEnumKind(_ members: [Schema]) -> TypeDeclaration.Kind? {
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

    /// An enum of the values, each once; values that are not strings or numbers (an object, a list) are skipped
    /// with a warning, and with none left the schema is a plain `String` or `Int`.
    func enumKind(_ values: [JSONLiteral], schema: Schema) -> TypeDeclaration.Kind {
        // Members every generated enum has.
        var names = NameScope(reserved: ["allCases", "rawValue", "hashValue"])
        let allIntegers = values.allSatisfy { if case .integer = $0 { return true } else { return false } }
        if allIntegers && !schema.types.contains(.string) {
            var seen: Set<Int> = []
            let cases = values.compactMap { value -> EnumModel<Int>.Case? in
                guard case .integer(let number) = value, seen.insert(number).inserted else { return nil }
                let name = number < 0 ? "negative\(number.magnitude)" : "value\(number)"
                return EnumModel.Case(swiftName: names.claim(name), value: number)
            }
            return .integerEnum(EnumModel(cases: cases, isOpen: !schema.closedEnum, unknownCaseName: names.claim("unknown")))
        }
        var seen: Set<String> = []
        var skipped = false
        let cases = values.compactMap { value -> EnumModel<String>.Case? in
            let text: String
            switch value {
            case .string(let string): text = string
            case .integer(let number): text = String(number)
            case .number(let number): text = String(number)
            case .bool(let flag): text = String(flag)
            case .null, .array, .object:
                skipped = true
                return nil
            }
            // Swift compares strings as canonically equivalent, so the generated enum could not tell such values apart.
            guard seen.insert(text).inserted else { return nil }
            let name = text.isEmpty ? "empty" : Naming.memberName(text)
            return EnumModel.Case(swiftName: names.claim(name), value: text)
        }
        if skipped {
            diagnostics.warning("an 'enum' of strings lists values that are not strings; they are skipped",
                                at: schema.location, cause: "enum-non-scalar-values")
        }
        if cases.isEmpty { return .alias(.string) }
        return .stringEnum(EnumModel(cases: cases, isOpen: !schema.closedEnum, unknownCaseName: names.claim("unknown")))
    }
}
