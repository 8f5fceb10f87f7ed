import IntermediateModel

extension EmitContext {
    func writeDeclaration(_ declaration: TypeDeclaration, scope: [String], into writer: inout CodeWriter) {
        writer.documentation(declaration.documentation)
        if declaration.deprecated {
            // Documented rather than attributed: the attribute would warn at every use inside this module,
            // which must compile without warnings.
            if declaration.documentation != nil { writer.line("///") }
            writer.line("/// - Warning: Deprecated by the API.")
        }
        let name = SwiftSyntax.identifier(declaration.name)
        let inner = scope + [declaration.name]
        switch declaration.kind {
        case .alias(let target):
            writer.line("\(access) typealias \(name) = \(typeName(target, scope: scope))")
        case .structure(let properties):
            writer.block("\(access) struct \(name): GeneratedModel") { writer in
                writeStructBody(properties, scope: inner, constant: declaration.isReceivedOnly,
                                storedOutOfLine: declaration.isIndirect, into: &writer)
                writeNested(declaration.nested, scope: inner, into: &writer)
            }
        case .stringEnum(let model):
            writeEnum(name: name, model: model, rawType: "String", literal: SwiftSyntax.stringLiteral, into: &writer) {
                writeNested(declaration.nested, scope: inner, into: &$0)
            }
        case .integerEnum(let model):
            writeEnum(name: name, model: model, rawType: "Int", literal: { String($0) }, into: &writer) {
                writeNested(declaration.nested, scope: inner, into: &$0)
            }
        case .union(let union):
            let indirect = declaration.isIndirect ? "indirect " : ""
            let literals = literalCases(union)
            let conformances = ["GeneratedModel"] + literals.map(\.protocolName)
            writer.block("\(access) \(indirect)enum \(name): \(conformances.joined(separator: ", "))") { writer in
                writeUnionBody(union, typeName: declaration.name, scope: inner, literals: literals, into: &writer)
                writeNested(declaration.nested, scope: inner, into: &writer)
            }
        case .headers(let headers):
            writeHeaders(headers, name: name, into: &writer)
        }
    }

    /// Response headers: a plain value read from a response, so neither `Codable` nor a `GeneratedModel`.
    func writeHeaders(_ headers: [HeaderModel], name: String, into writer: inout CodeWriter) {
        let properties = headers.map {
            Property(swiftName: $0.swiftName, wireName: $0.name, type: $0.type, documentation: $0.documentation,
                     deprecated: false, defaultValue: nil)
        }
        writer.block("\(access) struct \(name): Hashable, Sendable") { writer in
            for property in properties {
                writer.documentation(property.documentation)
                writer.line("\(access) let \(SwiftSyntax.identifier(property.swiftName)): \(typeName(property.type, scope: []))")
            }
            writer.line()
            // Public, so that tests of code using the client can build any output.
            writeMemberwiseInit(properties, scope: [], into: &writer)
        }
    }

    func writeNested(_ nested: [TypeDeclaration], scope: [String], into writer: inout CodeWriter) {
        for (index, declaration) in nested.enumerated() {
            // Undocumented aliases in a row read as one group.
            if index == 0 || !declaration.isBareAlias || !nested[index - 1].isBareAlias { writer.line() }
            writeDeclaration(declaration, scope: scope, into: &writer)
        }
    }

    // MARK: Enums

    private func writeEnum<Raw>(name: String, model: EnumModel<Raw>, rawType: String, literal: (Raw) -> String,
                                into writer: inout CodeWriter, nested: (inout CodeWriter) -> Void) {
        let documented = model.cases.contains { $0.documentation != nil }
        func writeCases(_ items: [String], into writer: inout CodeWriter) {
            if documented {
                for (item, text) in zip(items, model.cases) {
                    writer.documentation(text.documentation)
                    writer.line("case " + item)
                }
            } else {
                writer.packed(items, prefix: "case ")
            }
        }
        if !model.isOpen {
            writer.block("\(access) enum \(name): \(rawType), Codable, Hashable, Sendable, CaseIterable") { writer in
                let items = model.cases.map { item -> String in
                    let identifier = SwiftSyntax.identifier(item.swiftName)
                    // String cases whose name is their value need no explicit raw value.
                    if rawType == "String", literal(item.value) == SwiftSyntax.stringLiteral(item.swiftName) {
                        return identifier
                    }
                    return identifier + " = " + literal(item.value)
                }
                writeCases(items, into: &writer)
                nested(&writer)
            }
            return
        }
        let unknown = SwiftSyntax.identifier(model.unknownCaseName)
        let conformance = rawType == "String" ? "OpenStringEnum" : "OpenEnum"
        writer.block("\(access) enum \(name): \(conformance)") { writer in
            writeCases(model.cases.map { SwiftSyntax.identifier($0.swiftName) }, into: &writer)
            writer.line("/// A value the spec does not list, kept as received.")
            writer.line("case \(unknown)(\(rawType))")
            writer.line()
            // The requirements of the protocol, together.
            writer.call("\(access) static let allCases: [\(name)] = [",
                        model.cases.map { "." + SwiftSyntax.identifier($0.swiftName) }, "]")
            if model.unknownCaseName != "unknown" {
                writer.line("\(access) static func unknown(_ rawValue: \(rawType)) -> Self { .\(unknown)(rawValue) }")
            }
            writer.block("\(access) var rawValue: \(rawType)") { writer in
                writer.switchBlock("self") { writer in
                    for item in model.cases {
                        writer.line("case .\(SwiftSyntax.identifier(item.swiftName)): \(literal(item.value))")
                    }
                    writer.line("case .\(unknown)(let value): value")
                }
            }
            nested(&writer)
        }
    }

    // MARK: Unions

    private func unknownCaseName(_ union: UnionModel) -> String {
        var name = "unknown"
        while union.cases.contains(where: { $0.swiftName == name }) { name += "Kind" }
        return name
    }

    /// A literal a union can be written as: its one string case takes string literals, its one array case array
    /// literals (`content: "Hello"`, `stop: ["\\n", "END"]`).
    struct LiteralCase {
        let protocolName: String
        let caseName: String
        let initializer: (_ typeName: (TypeUsage) -> String) -> String
    }

    func literalCases(_ union: UnionModel) -> [LiteralCase] {
        var literals: [LiteralCase] = []
        let strings = union.cases.filter { $0.type == .string }
        if strings.count == 1 {
            let name = SwiftSyntax.identifier(strings[0].swiftName)
            literals.append(LiteralCase(protocolName: "ExpressibleByStringLiteral", caseName: name) { _ in
                "init(stringLiteral value: String) { self = .\(name)(value) }"
            })
        }
        let arrays = union.cases.filter { if case .array = $0.type { return true } else { return false } }
        if arrays.count == 1, case .array(let element) = arrays[0].type {
            let name = SwiftSyntax.identifier(arrays[0].swiftName)
            literals.append(LiteralCase(protocolName: "ExpressibleByArrayLiteral", caseName: name) { typeName in
                "init(arrayLiteral elements: \(typeName(element))...) { self = .\(name)(elements) }"
            })
        }
        return literals
    }

    private func writeUnionBody(_ union: UnionModel, typeName unionName: String, scope: [String],
                                literals: [LiteralCase], into writer: inout CodeWriter) {
        for item in union.cases {
            writer.line("case \(SwiftSyntax.identifier(item.swiftName))(\(typeName(item.type, scope: scope)))")
        }
        // A discriminated union keeps objects of kinds the spec does not list yet, rather than failing, unless the
        // spec names a case for them.
        let unknownCase = union.discriminatorProperty == nil || union.defaultCaseName != nil ? nil : unknownCaseName(union)
        if let unknownCase {
            writer.line("/// An object whose discriminator value the spec does not list, kept as received.")
            writer.line("case \(unknownCase)(JSONObject)")
        }
        writer.line()
        for literal in literals {
            writer.line("\(access) " + literal.initializer { self.typeName($0, scope: scope) })
        }
        writer.block("\(access) init(from decoder: any Decoder) throws") { writer in
            if let property = union.discriminatorProperty {
                let read = union.defaultCaseName == nil ? "discriminator" : "discriminatorIfPresent"
                writer.switchBlock("try decoder.\(read)(\(SwiftSyntax.stringLiteral(property)))") { writer in
                    // Values in first-seen order; a value several members share tries each in turn.
                    var order: [String] = []
                    var casesByValue: [String: [UnionModel.Case]] = [:]
                    for item in union.cases {
                        for value in item.discriminatorValues {
                            if casesByValue[value] == nil { order.append(value) }
                            casesByValue[value, default: []].append(item)
                        }
                    }
                    var written: Set<String> = []
                    for value in order where !written.contains(value) {
                        let candidates = casesByValue[value]!
                        if candidates.count == 1 {
                            // Values selecting the same single case share one `case` line.
                            let item = candidates[0]
                            let values = item.discriminatorValues.filter { casesByValue[$0]!.count == 1 }
                            written.formUnion(values)
                            let labels = values.map(SwiftSyntax.stringLiteral).joined(separator: ", ")
                            writer.line("case \(labels): self = .\(SwiftSyntax.identifier(item.swiftName))(try \(typeName(item.type, scope: scope))(from: decoder))")
                            continue
                        }
                        written.insert(value)
                        writer.line("case \(SwiftSyntax.stringLiteral(value)):")
                        writer.indent()
                        for (position, item) in candidates.enumerated() {
                            let construct = "\(typeName(item.type, scope: scope))(from: decoder)"
                            let caseName = SwiftSyntax.identifier(item.swiftName)
                            if position == candidates.count - 1 {
                                writer.line("self = .\(caseName)(try \(construct))")
                            } else {
                                writer.line("if let value = try? \(construct) { self = .\(caseName)(value); return }")
                            }
                        }
                        writer.dedent()
                    }
                    if let fallback = union.cases.first(where: { $0.swiftName == union.defaultCaseName }) {
                        let construct = "\(typeName(fallback.type, scope: scope))(from: decoder)"
                        writer.line("default: self = .\(SwiftSyntax.identifier(fallback.swiftName))(try \(construct))")
                    } else {
                        writer.line("default: self = .\(unknownCase!)(try JSONObject(from: decoder))")
                    }
                }
            } else {
                writer.line("let container = try decoder.singleValueContainer()")
                for item in union.cases {
                    let type = typeName(item.type, scope: scope)
                    let caseName = SwiftSyntax.identifier(item.swiftName)
                    writer.line("if let value = try? container.decode(\(type).self) { self = .\(caseName)(value); return }")
                }
                let names = union.cases.map { SwiftSyntax.stringLiteral(typeName($0.type, scope: scope)) }
                writer.line("throw decoder.noMatchingCase(\(SwiftSyntax.stringLiteral(unionName)), tried: [\(names.joined(separator: ", "))])")
            }
        }
        // Decoding and encoding read as one group.
        writer.block("\(access) func encode(to encoder: any Encoder) throws") { writer in
            writer.switchBlock("self") { writer in
                for item in union.cases {
                    writer.line("case .\(SwiftSyntax.identifier(item.swiftName))(let value): try value.encode(to: encoder)")
                }
                if let unknownCase {
                    writer.line("case .\(unknownCase)(let value): try value.encode(to: encoder)")
                }
            }
        }
    }
}

extension TypeDeclaration {
    /// An alias with neither documentation nor deprecation: a line that reads as one group with its like.
    var isBareAlias: Bool {
        guard case .alias = kind else { return false }
        return documentation == nil && !deprecated
    }
}
