import Diagnostics
import IntermediateModel
import OpenAPIModel

/// The stored properties of structs, from `properties` and from the parts of an `allOf`.
extension TypeTranslator {
    func properties(of schema: Schema, requiredExtra: Set<String>, node: DeclarationNode) -> [Property] {
        var names = NameScope()
        return properties(of: schema, required: Set(schema.required).union(requiredExtra), node: node, names: &names)
    }

    func properties(of schema: Schema, required: Set<String>, node: DeclarationNode,
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
    func declaredInline(_ type: TypeUsage, in node: DeclarationNode) -> DeclarationNode? {
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
    func mergedProperties(_ parts: [Schema], own: Schema, node: DeclarationNode) -> [Property] {
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
               let target = self.node(for: reference, needsKind: true), case .structure(let inherited)? = target.kind {
                // Reuse the referenced struct's properties, so that its nested types are not declared twice.
                append(inherited.map { property in
                    var property = property
                    if required.contains(property.wireName), property.type.isOptional,
                       !isNullableProperty(property.wireName, in: resolved) {
                        property.type = property.type.unwrapped
                    }
                    return property
                })
            } else if part.ref != nil, let reference = resolvedReference(part),
                      let target = self.node(for: reference, needsKind: true), target.kind == nil, target.isBuilding {
                diagnostics.error("'allOf' cycle through '\(spec: reference.text)'", at: reference.location)
            } else if part.ref != nil, let reference = resolvedReference(part),
                      let target = self.node(for: reference, needsKind: true), case .union? = target.kind,
                      isObjectLike(resolved) {
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
    func flattenedAlternatives(of schema: Schema, node: DeclarationNode, besides existing: [Property],
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

    func flattenedProperty(_ type: TypeUsage, named name: String, documentation: String?,
                           names: inout NameScope) -> Property {
        Property(swiftName: names.claim(Naming.memberName(name)), wireName: "", type: type, documentation: documentation,
                 deprecated: false, defaultValue: nil, isFlattened: true)
    }

    /// The property names a schema declares, its `allOf` parts' included.
    func propertyNames(of schema: Schema, depth: Int = 0) -> [String] {
        let resolved = resolve(schema)
        guard depth < 8 else { return [] }
        return resolved.properties.map(\.name) + resolved.allOf.flatMap { propertyNames(of: $0, depth: depth + 1) }
    }

    /// Whether every value of the schema is a JSON object, so that it can share one with other properties.
    func isObjectLike(_ schema: Schema, depth: Int = 0) -> Bool {
        let resolved = resolve(schema)
        guard depth < 8, !resolved.types.contains(where: { $0 != .object && $0 != .null }) else { return false }
        if resolved.types.contains(.object) || !resolved.properties.isEmpty || !resolved.allOf.isEmpty { return true }
        let members = nonNullMembers(resolved)
        return !members.isEmpty && members.allSatisfy { isObjectLike($0, depth: depth + 1) }
    }

    func isNullableProperty(_ name: String, in schema: Schema) -> Bool {
        schema.properties.first(where: { $0.name == name }).map { isNullable($0.schema) } ?? false
    }

    func resolvedReference(_ schema: Schema) -> Reference? {
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
}
