import Diagnostics
import IntermediateModel
import OpenAPIModel

/// A type declaration being built; nested declarations are added as inline schemas are met.
final class DeclarationNode {
    let name: String
    let qualifiedName: String
    /// The declaration this one is nested in; nil at the top level. Not owned, so that a tree of declarations
    /// is freed once the translator lets go of it.
    unowned let parent: DeclarationNode?
    var documentation: String?
    var deprecated = false
    var kind: TypeDeclaration.Kind?
    var nested: [DeclarationNode] = []
    var nestedNames: NameScope
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
                        kind: kind ?? .alias(.json), nested: nested.map { $0.build() })
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
    /// Named types by their schema: one schema may be reached by references spelled differently (through the
    /// file a `components` section was read from, say), and is one type.
    private var nodesBySchema: [ObjectIdentifier: DeclarationNode] = [:]
    /// Every declaration by qualified name, for lookups of struct properties.
    private(set) var nodesByQualifiedName: [String: DeclarationNode] = [:]
    /// How many declarations are being built, each inside the one before.
    private var buildDepth = 0
    /// Declarations referred to while `deferralDepth` others were being built, to build afterwards.
    private var deferred: [(DeclarationNode, Schema)] = []
    /// Builds nest through references up to this depth; deeper references are built later. Inline schemas nest
    /// too, but no deeper than ``DocumentLoader/maximumSchemaDepth``.
    static let deferralDepth = 16
    /// How deep builds may nest when a declaration must be built at once (`allOf`), well within a thread's stack.
    static let maximumBuildDepth = 64

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
            let (swiftName, reserved) = Naming.typeNameAvoidingReserved(name)
            if let reserved {
                diagnostics.add(.init(.note, "schema '\(spec: name)' is declared as '\(swiftName)': '\(reserved)' names a type the generated code uses",
                                      at: schema.location), cause: "reserved-name-\(reserved)")
            }
            let node = newTopLevel(named: swiftName, key: key, schema: schema)
            pending.append((schema, node))
        }
        for (schema, node) in pending {
            ensureBuilt(node, schema: schema)
        }
        buildDeferred()
    }

    func newTopLevel(named name: String, key: String?, schema: Schema) -> DeclarationNode {
        let claimed = topLevelNames.claim(name)
        let node = DeclarationNode(name: claimed, qualifiedName: claimed, parent: nil)
        topLevel.append(node)
        nodesByQualifiedName[claimed] = node
        if let key {
            nodesByKey[key] = node
            schemaByKey[key] = schema
            nodesBySchema[ObjectIdentifier(schema)] = node
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

    func newNested(in parent: DeclarationNode?, named name: String) -> DeclarationNode {
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
    ///
    /// - Parameter needsKind: whether the caller reads the declaration's kind (an `allOf` reuses the
    ///   properties of the structs it names), so that it must be built now rather than later.
    func node(for reference: Reference, needsKind: Bool = false) -> DeclarationNode? {
        if let node = nodesByKey[reference.key] {
            build(node, schema: schemaByKey[reference.key]!, needsKind: needsKind, at: reference)
            return node
        }
        guard let schema = document.references.schemas[reference.key] else {
            diagnostics.error("'$ref' target '\(spec: reference.text)' is not a schema", at: reference.location)
            return nil
        }
        if let node = nodesBySchema[ObjectIdentifier(schema)] {
            nodesByKey[reference.key] = node
            schemaByKey[reference.key] = schema
            build(node, schema: schema, needsKind: needsKind, at: reference)
            return node
        }
        let lastSegment = reference.segments.last(where: { !$0.isEmpty && Int($0) == nil && !Self.structuralKeywords.contains($0) })
            ?? fileBaseName(reference.file)
        let node = newTopLevel(named: Naming.typeName(schema.title ?? lastSegment), key: reference.key, schema: schema)
        build(node, schema: schema, needsKind: needsKind, at: reference)
        return node
    }

    /// Builds the declaration a reference names now, while few builds are under way; deeper in, it waits for
    /// ``buildDeferred()``. Schemas that name each other in a long chain are then built one after another
    /// rather than each inside the last, which would take as much native stack as the chain is long.
    private func build(_ node: DeclarationNode, schema: Schema, needsKind: Bool, at reference: Reference) {
        guard node.kind == nil, !node.isBuilding else { return }
        if buildDepth < Self.deferralDepth {
            ensureBuilt(node, schema: schema)
        } else if !needsKind {
            deferred.append((node, schema))
        } else if buildDepth < Self.maximumBuildDepth {
            ensureBuilt(node, schema: schema)
        } else {
            diagnostics.error("'$ref' '\(spec: reference.text)' is reached through more than \(Self.maximumBuildDepth) 'allOf' parts inside each other",
                              at: reference.location)
        }
    }

    /// Builds the declarations whose building was put off, and those they put off in turn.
    func buildDeferred() {
        var index = 0
        while index < deferred.count {
            let (node, schema) = deferred[index]
            ensureBuilt(node, schema: schema)
            index += 1
        }
        deferred.removeAll()
    }

    private static let structuralKeywords: Set<String> = ["schema", "items", "properties", "allOf", "oneOf", "anyOf",
                                                          "additionalProperties", "content", "components", "schemas"]

    func fileBaseName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.split(separator: ".").first.map(String.init) ?? name
    }

    func ensureBuilt(_ node: DeclarationNode, schema: Schema) {
        guard node.kind == nil, !node.isBuilding else { return }
        node.isBuilding = true
        buildDepth += 1
        defer {
            node.isBuilding = false
            buildDepth -= 1
        }
        node.documentation = documentation(schema)
        node.deprecated = schema.deprecated
        node.kind = Self.avoidingNestedTypeNames(declarationKind(for: schema, node: node), in: node)
    }

    /// The kind with members renamed where a nested type has their name (`_5Xx` for both a property `5XX` and
    /// the enum declared for it), which Swift could not tell apart. Members are renamed, not types: a type's
    /// name is written wherever it is used, a member's only in its own declaration.
    static func avoidingNestedTypeNames(_ kind: TypeDeclaration.Kind, in node: DeclarationNode) -> TypeDeclaration.Kind {
        guard !node.nested.isEmpty else { return kind }
        let nested = Set(node.nested.map(\.name))
        func renamed(_ names: [String]) -> [String]? {
            guard names.contains(where: nested.contains) else { return nil }
            var scope = NameScope(reserved: Array(nested) + names.filter { !nested.contains($0) })
            return names.map { nested.contains($0) ? scope.claim($0 + "Value") : $0 }
        }
        switch kind {
        case .structure(var properties):
            guard let names = renamed(properties.map(\.swiftName)) else { return kind }
            for index in properties.indices { properties[index].swiftName = names[index] }
            return .structure(properties)
        case .union(var union):
            guard let names = renamed(union.cases.map(\.swiftName)) else { return kind }
            for index in union.cases.indices { union.cases[index].swiftName = names[index] }
            return .union(union)
        default:
            return kind
        }
    }

    func remove(_ node: DeclarationNode, from parent: DeclarationNode?) {
        if let parent {
            parent.nested.removeAll { $0 === node }
        } else {
            topLevel.removeAll { $0 === node }
        }
        nodesByQualifiedName[node.qualifiedName] = nil
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
