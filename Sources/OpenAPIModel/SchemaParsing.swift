import Diagnostics
import YAML

extension DocumentLoader {
    /// Parses a schema whose place is known (a component, the target of a `$ref`): a `$recursiveRef` inside it
    /// can then name it, when it has `$recursiveAnchor: true`.
    func parseSchema(_ node: YAMLNode, at file: String, pointer: String) -> Schema {
        namedSchemaPlace = (file, pointer)
        return parseSchema(node)
    }

    func parseSchema(_ node: YAMLNode) -> Schema {
        let place = namedSchemaPlace
        namedSchemaPlace = nil
        let schema = Schema(location: node.location)
        if let value = node.bool {
            // `true` accepts anything; `false` accepts nothing, which a client can only treat as "anything".
            if !value { schema.description = "Never valid." }
            return schema
        }
        guard let pairs = mapping(node, "a schema") else { return schema }
        if schemaDepth >= Self.maximumSchemaDepth {
            diagnostics.error("schemas nest deeper than \(Self.maximumSchemaDepth) levels here; declare inner ones in 'components/schemas' and refer to them with '$ref'",
                              at: node.location)
            return schema
        }
        schemaDepth += 1
        let anchorsRecursion = place != nil && node["$recursiveAnchor"]?.bool == true
        if anchorsRecursion, let place { recursiveAnchors.append(place) }
        defer {
            schemaDepth -= 1
            if anchorsRecursion { recursiveAnchors.removeLast() }
        }
        // Tuples: `prefixItems` (3.1), or a list under `items` (older JSON Schema); `items` after them.
        var tupleItems: [Schema]?
        var itemsAllowed = true
        for pair in pairs {
            guard let key = pair.key.scalar else { continue }
            let value = pair.value
            switch key {
            case "$ref":
                if let reference = reference(value) {
                    schema.ref = reference
                    enqueue(reference, .schema)
                }
            case "type":
                parseType(value, into: schema)
            case "nullable":
                if bool(value, "'nullable'") == true { schema.nullable = true }
                if version.hasJSONSchemaDialect {
                    diagnostics.warning("'nullable' is an OpenAPI 3.0 keyword; in 3.1 write type: [T, \"null\"]",
                                        at: pair.key.location, cause: "nullable-in-3.1")
                }
            case "format": schema.format = value.scalar
            case "title": schema.title = value.scalar
            case "description": schema.description = value.scalar
            case "enum":
                schema.enumValues = (sequence(value, "'enum'") ?? []).map(literal)
            case "const":
                schema.constValue = literal(value)
            case "default": schema.defaultValue = literal(value)
            case "example": schema.example = literal(value)
            case "examples":
                // 3.1 (JSON Schema) examples are a list; some 3.0 documents misuse a mapping here.
                if let items = value.items { schema.examples = items.map(literal) }
            case "properties":
                for property in mapping(resolvingNonStandardReference(value, "a 'properties' map"), "'properties'") ?? [] {
                    guard let name = property.key.scalar else { continue }
                    schema.properties.append((name, parseSchema(property.value)))
                }
            case "required":
                if let items = value.items {
                    schema.required = items.compactMap(\.scalar)
                } else if value.bool != nil {
                    diagnostics.warning("'required: \(spec: value.scalar ?? "")' on a schema is ignored; list the required properties in the parent object's 'required'",
                                        at: pair.key.location, cause: "boolean-required")
                } else {
                    _ = sequence(value, "'required'")
                }
            case "additionalProperties":
                if let allowed = value.bool {
                    schema.additionalProperties = .allowed(allowed)
                } else {
                    schema.additionalProperties = .schema(parseSchema(value))
                }
            case "items":
                if let items = value.items {
                    tupleItems = items.map(parseSchema)
                } else if value.bool == false {
                    itemsAllowed = false
                } else {
                    schema.items = parseSchema(value)
                }
            case "prefixItems":
                tupleItems = (sequence(value, "'prefixItems'") ?? []).map(parseSchema)
            case "allOf": schema.allOf = (sequence(value, "'allOf'") ?? []).map(parseSchema)
            case "oneOf": schema.oneOf = (sequence(value, "'oneOf'") ?? []).map(parseSchema)
            case "anyOf": schema.anyOf = (sequence(value, "'anyOf'") ?? []).map(parseSchema)
            case "not": schema.not = parseSchema(value)
            case "discriminator": schema.discriminator = parseDiscriminator(value)
            case "deprecated": schema.deprecated = value.bool ?? false
            case "readOnly": schema.readOnly = value.bool ?? false
            case "writeOnly": schema.writeOnly = value.bool ?? false
            case "contentMediaType": schema.contentMediaType = value.scalar
            case "contentEncoding": schema.contentEncoding = value.scalar
            case "x-closed-enum": schema.closedEnum = value.bool ?? false
            case "$recursiveRef":
                // `#` names the schema around it that has `$recursiveAnchor: true` (JSON Schema 2019-09), read
                // statically: OpenAI's spec makes a filter of filters so.
                if value.scalar == "#", let target = recursiveAnchors.last {
                    let reference = Reference(file: target.file, pointer: target.pointer, location: value.location, text: "#")
                    schema.ref = reference
                    enqueue(reference, .schema)
                } else {
                    diagnostics.warning("'$recursiveRef' is only read as '#' inside a schema with '$recursiveAnchor: true'; the values it describes are left untyped",
                                        at: pair.key.location, cause: "ignored-keyword-$recursiveRef")
                }
            case "$dynamicRef":
                // Read statically, as a `$ref` to the `$dynamicAnchor` it names.
                if let reference = reference(value) {
                    schema.ref = reference
                    enqueue(reference, .schema)
                }
            case "patternProperties", "dependentSchemas", "if", "then", "else":
                diagnostics.warning("'\(key)' is not turned into Swift: values it describes are typed by the schema's other keywords",
                                    at: pair.key.location, cause: "ignored-keyword-\(key)")
            case "unevaluatedProperties", "additionalItems", "unevaluatedItems":
                // `false` only forbids, which a client need not check; a schema describes values left untyped.
                if value.bool == nil {
                    diagnostics.warning("'\(key)' with a schema is not turned into Swift: the values it describes are left untyped",
                                        at: pair.key.location, cause: "ignored-keyword-\(key)")
                }
            case "exclusiveMinimum", "exclusiveMaximum":
                if version.hasJSONSchemaDialect, value.bool != nil {
                    diagnostics.warning("boolean '\(spec: key)' is OpenAPI 3.0 style; in 3.1 it is the bound itself",
                                        at: pair.key.location, cause: "boolean-exclusive-bound")
                }
            default:
                break
            }
        }
        if let tupleItems {
            schema.items = Self.tupleElement(tupleItems + (itemsAllowed ? schema.items.map { [$0] } ?? [] : []),
                                             location: node.location)
        }
        if case .null? = schema.constValue {
            schema.nullable = true
            schema.constValue = nil
            schema.types = schema.types.isEmpty ? [.null] : schema.types
        }
        if let values = schema.enumValues, values.contains(.null) {
            schema.nullable = true
            schema.enumValues = values.filter { $0 != .null }
        }
        return schema
    }

    /// The element type of a tuple, kept as an array: the members' schema when they all have the same simple
    /// one (a point's `[number, number]`), otherwise any JSON value.
    private static func tupleElement(_ members: [Schema], location: SourceLocation) -> Schema {
        guard let first = members.first else { return Schema(location: location) }
        func isSimple(_ schema: Schema) -> Bool {
            schema.isPureReference || (schema.ref == nil && schema.enumValues == nil && schema.constValue == nil
                && schema.properties.isEmpty && schema.items == nil && schema.allOf.isEmpty && schema.oneOf.isEmpty
                && schema.anyOf.isEmpty && schema.additionalProperties == nil && !schema.types.isEmpty)
        }
        let same = members.allSatisfy { member in
            isSimple(member) && member.ref?.key == first.ref?.key && member.types == first.types
                && member.format == first.format && member.nullable == first.nullable
        }
        return same ? first : Schema(location: location)
    }

    private func parseType(_ node: YAMLNode, into schema: Schema) {
        let names: [YAMLNode]
        if let items = node.items {
            if version == .v3_0 {
                diagnostics.warning("a list of types is OpenAPI 3.1 syntax", at: node.location, cause: "type-list-in-3.0")
            }
            names = items
        } else {
            names = [node]
        }
        for name in names {
            guard let text = name.scalar, let type = JSONType(rawValue: text) else {
                diagnostics.warning("unknown schema type '\(spec: name.scalar ?? name.kindDescription)' (JSON Schema has string, number, integer, boolean, array, object and null); it is ignored",
                                    at: name.location, cause: "unknown-type-\(name.scalar ?? "")")
                continue
            }
            if type == .null {
                schema.nullable = true
            } else if !schema.types.contains(type) {
                schema.types.append(type)
            }
        }
        if schema.types.isEmpty && schema.nullable {
            schema.types = [.null]
        }
    }

    private func parseDiscriminator(_ node: YAMLNode) -> Schema.Discriminator? {
        guard mapping(node, "'discriminator'") != nil else { return nil }
        guard let propertyName = string(node["propertyName"], "'propertyName'") else {
            diagnostics.warning("discriminator has no 'propertyName'; it is ignored", at: node.location)
            return nil
        }
        /// A mapping value is a reference or, per the specification, a bare schema name.
        func schemaReference(_ node: YAMLNode) -> Reference? {
            guard let target = node.scalar else { return nil }
            let isName = !(target.contains("#") || target.contains("/") || target.contains("."))
            let refNode = isName ? YAMLNode(.scalar("#/components/schemas/" + Self.escapePointer(target), .plain),
                                            location: node.location) : node
            let reference = reference(refNode)
            if let reference { enqueue(reference, .schema) }
            return reference
        }
        var entries: [(String, Reference)] = []
        for pair in mapping(node["mapping"], "'mapping'") ?? [] {
            if let value = pair.key.scalar, let reference = schemaReference(pair.value) {
                entries.append((value, reference))
            }
        }
        return Schema.Discriminator(propertyName: propertyName, mapping: entries,
                                    defaultMapping: node["defaultMapping"].flatMap(schemaReference),
                                    location: node.location)
    }
}
