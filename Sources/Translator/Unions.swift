import Diagnostics
import IntermediateModel
import OpenAPIModel

/// `oneOf` and `anyOf`: the cases of a union, their names and how a decoder tells them apart.
extension TypeTranslator {
    /// For members that all fix one property to distinct values (`type: text`, `type: image`), that property
    /// tells them apart as a discriminator would, and is far more reliable than trying each in turn.
    func inferredDiscriminator(_ members: [Schema]) -> String? {
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

    func allPropertyNames(_ schema: Schema) -> [String] {
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

    func union(_ schema: Schema, members: [Schema], node: DeclarationNode) -> UnionModel {
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
                if values.isEmpty { values = mappedValues(of: resolve(member), in: discriminator) }
                if values.isEmpty {
                    // Without a mapping entry: the values the member's own property allows, else its name.
                    values = allowedValues(of: discriminator.propertyName, in: resolve(member))
                    if values.isEmpty { values = [reference.segments.last ?? ""] }
                }
            } else if let discriminator {
                values = mappedValues(of: member, in: discriminator)
                if values.isEmpty { values = allowedValues(of: discriminator.propertyName, in: resolve(member)) }
            }
            if let first = values.first, values.count == 1 || member.ref == nil {
                name = Naming.memberName(first)
            } else {
                // A referenced member that several values select is better named by its type than by one of them.
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
        cases = uniqueCaseNames(cases)
        var defaultCaseName: String?
        if let fallback = discriminator?.defaultMapping {
            let target = document.references.schemas[fallback.key]
            if let index = members.indices.first(where: { index in
                resolvedReference(members[index])?.key == fallback.key
                    || (target != nil && resolve(members[index]).location == target!.location)
            }) {
                defaultCaseName = cases[index].swiftName
            } else if let node = self.node(for: fallback) {
                // A schema that is not one of the members: a case of its own.
                var names = NameScope(reserved: cases.map(\.swiftName))
                let name = names.claim(Naming.memberName(node.name))
                cases.append(UnionModel.Case(swiftName: name, type: .named(node.qualifiedName), discriminatorValues: []))
                defaultCaseName = name
            }
        }
        return UnionModel(cases: cases, discriminatorProperty: discriminator?.propertyName,
                          defaultCaseName: defaultCaseName)
    }

    /// The mapping's values whose pointer names the member itself, however it is spelled: a pointer to an
    /// inline member (`#/components/schemas/Pet/oneOf/0`), or another path to the same node. The node is known
    /// by where it is written.
    func mappedValues(of member: Schema, in discriminator: Schema.Discriminator) -> [String] {
        discriminator.mapping.filter { entry in
            document.references.schemas[entry.reference.key]?.location == member.location
        }.map(\.value)
    }

    func uniqueCaseNames(_ cases: [UnionModel.Case]) -> [UnionModel.Case] {
        var names = NameScope()
        return cases.map { item in
            var item = item
            item.swiftName = names.claim(item.swiftName)
            return item
        }
    }

    /// The value a member fixes for a property (`const`, or a one-value `enum`), which names its case well.
    func constantValue(of property: String, in schema: Schema) -> String? {
        let values = allowedValues(of: property, in: schema)
        return values.count == 1 ? values[0] : nil
    }

    /// Every value a member's property may take, when it is a `const` or an `enum` of strings: the first such
    /// property found in the member or, depth first, in what it extends (`allOf`), each schema looked at once
    /// however its `allOf`s loop.
    func allowedValues(of property: String, in schema: Schema) -> [String] {
        var seen: Set<ObjectIdentifier> = []
        var pending = [schema]
        while let current = pending.popLast() {
            guard seen.insert(ObjectIdentifier(current)).inserted else { continue }
            guard let propertySchema = current.properties.first(where: { $0.name == property })?.schema else {
                pending += current.allOf.reversed().map(resolve)
                continue
            }
            let resolved = resolve(propertySchema)
            if case .string(let value)? = resolved.constValue { return [value] }
            let values = (resolved.enumValues ?? []).compactMap { value -> String? in
                if case .string(let text) = value { return text } else { return nil }
            }
            if !values.isEmpty { return values }
        }
        return []
    }

    func memberCaseName(_ member: Schema, index: Int, among members: [Schema]) -> String {
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
    func caseName(for usage: TypeUsage) -> String {
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
}
