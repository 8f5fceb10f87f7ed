import IntermediateModel

/// A method that reads an answer other than the main method's: text or bytes that a body property selects
/// (`x-selected-by`), beside JSON.
struct AnswerVariant {
    enum Kind { case text, binary }

    let name: String
    let kind: Kind
    let contentType: String

    var returnType: String { kind == .text ? "String" : "HTTPBody" }
}

/// The body property whose value picks the server's answer (`stream`, `response_format`), and the values each
/// method sends: one value is set by the method, and its argument left out; several leave the choice to the
/// caller among them, with a default when the server's own would give another answer.
struct AnswerSelector {
    let property: Property
    /// By method name: the values, as Swift expressions, that make the server give the answer it reads.
    let values: [String: [String]]
    /// The same values as the spec writes them, for documentation.
    let specValues: [String: [String]]
    /// The property's default on the server, as a Swift expression.
    let serverDefault: String?

    /// The one value `method` sends, whatever the caller set: `nil`, sending nothing, where that is the server's
    /// default.
    func fixedValue(for method: String) -> String? {
        guard let values = values[method], values.count == 1 else { return nil }
        return values[0] == serverDefault ? "nil" : values[0]
    }

    /// The statement that checks the caller's value in `method`'s body, when the method leaves a choice.
    func check(for method: String, body: String, operationID: String) -> String? {
        guard let allowed = values[method], allowed.count > 1 else { return nil }
        let member = body + "." + SwiftSyntax.identifier(property.swiftName)
        let unset = serverDefault.map(allowed.contains) == true ? "nil" : allowed[0]
        var elsewhere: [String] = []
        var claimed = Set(allowed)
        for (other, otherValues) in values.sorted(by: { $0.key < $1.key }) where other != method {
            for value in otherValues where claimed.insert(value).inserted {
                elsewhere.append("\(value): \(SwiftSyntax.stringLiteral(other))")
            }
        }
        let elsewhereList = elsewhere.isEmpty ? "[:]" : "[" + elsewhere.joined(separator: ", ") + "]"
        return "\(member) = try AnswerSelection.value(\(member), among: [\(allowed.joined(separator: ", "))], unset: \(unset), elsewhere: \(elsewhereList), property: \(SwiftSyntax.stringLiteral(property.wireName)), operationID: \(SwiftSyntax.stringLiteral(operationID)))"
    }

    /// How the documentation names the values that select `method`'s answer: "`text`, `srt` or `vtt`".
    func describedValues(for method: String) -> String? {
        guard let values = specValues[method], !values.isEmpty else { return nil }
        let quoted = values.map { "`\($0)`" }
        return quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}

extension OperationPlan {
    /// The variants for the text and bytes answers a body property selects, and a selector for each body
    /// property that picks an answer: from `x-selected-by`, and from a `stream` switch where the spec names none
    /// for the streamed answer.
    static func answerSelection(_ operation: OperationModel, successes: [ResponseModel], result: SuccessResult,
                                hasStream: Bool, context: EmitContext)
        -> (variants: [AnswerVariant], selectors: [AnswerSelector]) {
        let main = operation.swiftName
        let streamMethod = isStreamResult(result) ? main : main + "Stream"
        var variants: [AnswerVariant] = []
        // By property, in the order the spec first names them: the values that select each method's answer.
        var order: [String] = []
        var explicit: [String: [String: [Literal]]] = [:]
        for response in successes {
            for selection in response.selections where response.contents.indices.contains(selection.contentIndex) {
                var method: String?
                switch response.contents[selection.contentIndex] {
                case .json:
                    if case .json = result.kind { method = main }
                case .text(let contentType):
                    if case .text = result.kind {
                        method = main
                    } else if !variants.contains(where: { $0.kind == .text }) {
                        method = main + "Text"
                        variants.append(AnswerVariant(name: method!, kind: .text, contentType: contentType))
                    }
                case .binary(let contentType):
                    if case .binary = result.kind {
                        method = main
                    } else if !variants.contains(where: { $0.kind == .binary }) {
                        method = main + "Binary"
                        variants.append(AnswerVariant(name: method!, kind: .binary, contentType: contentType))
                    }
                case .eventStream, .jsonSequence:
                    if hasStream { method = streamMethod }
                }
                guard let method else { continue }
                if explicit[selection.property] == nil { order.append(selection.property) }
                explicit[selection.property, default: [:]][method, default: []] += selection.values
            }
        }
        if hasStream, !explicit.values.contains(where: { $0[streamMethod] != nil }),
           let (property, streaming) = streamSwitch(operation, context: context) {
            if explicit[property.wireName] == nil { order.append(property.wireName) }
            explicit[property.wireName, default: [:]][streamMethod] = [streaming]
        }
        var methods = [main]
        if hasStream && streamMethod != main { methods.append(streamMethod) }
        methods += variants.map(\.name)
        methods.append(main + "Output")
        let properties = operation.body?.flattenedProperties ?? []
        let selectors = order.compactMap { name -> AnswerSelector? in
            guard let property = properties.first(where: { $0.wireName == name }), var literals = explicit[name] else {
                return nil
            }
            let type = property.type.unwrapped
            let claimed = Set(literals.values.joined())
            // A method the spec names no values for reads the answer the other values leave: every method but the
            // stream's, for the property that asks for the stream; the main one, for a property that picks among
            // answers that are not streamed (a stream's form is not theirs). The method that reads every
            // documented response reads the main method's.
            let remaining = allValues(of: type, context: context).filter { !claimed.contains($0) }
            let switchesStream = literals[streamMethod] != nil
            for method in methods where literals[method] == nil
                && (switchesStream || method == main || method == main + "Output") {
                if method == main + "Output", !isStreamResult(result), let mainValues = literals[main] {
                    literals[method] = mainValues
                } else if !remaining.isEmpty {
                    literals[method] = remaining
                }
            }
            func render(_ value: Literal) -> String? { context.literal(value, as: type, scope: []) }
            return AnswerSelector(property: property, values: literals.mapValues { $0.compactMap(render) },
                                  specValues: literals.mapValues { $0.map(describe) },
                                  serverDefault: property.defaultValue.flatMap(render))
        }
        return (variants, selectors)
    }

    private static func isStreamResult(_ result: SuccessResult) -> Bool {
        if case .eventStream = result.kind { return true }
        return false
    }

    /// Every value a property can take, where there are few: a boolean's two, an enum's cases.
    private static func allValues(of type: TypeUsage, context: EmitContext) -> [Literal] {
        if type == .bool { return [.bool(false), .bool(true)] }
        guard case .named(let name) = type, let declaration = context.resolvedDeclaration(name) else { return [] }
        switch declaration.kind {
        case .stringEnum(let model): return model.cases.map { .string($0.value) }
        case .integerEnum(let model): return model.cases.map { .integer($0.value) }
        default: return []
        }
    }

    private static func describe(_ value: Literal) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return "\(number)"
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array, .object: return "…"
        }
    }

    /// A body property that asks for the streamed answer where the spec does not say which, and its value that
    /// does: a boolean `stream` (`true`), or a string enum of two values named for streaming, one of them `sse`
    /// (OpenAI's speech `stream_format: sse | audio`).
    static func streamSwitch(_ operation: OperationModel, context: EmitContext) -> (Property, Literal)? {
        for property in operation.body?.flattenedProperties ?? [] {
            if property.wireName == "stream", property.type.unwrapped == .bool { return (property, .bool(true)) }
            if property.wireName.contains("stream"), case .named(let name) = property.type.unwrapped,
               case .stringEnum(let model)? = context.resolvedDeclaration(name)?.kind, model.cases.count == 2,
               model.cases.contains(where: { $0.value == "sse" }) {
                return (property, .string("sse"))
            }
        }
        return nil
    }
}
