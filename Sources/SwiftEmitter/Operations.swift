import IntermediateModel

/// Each operation becomes:
/// - a method taking its parameters and body (and, for object bodies, a form taking the body's properties)
///   that returns the decoded success body and throws ``APIError`` otherwise;
/// - for `text/event-stream` answers, a method returning the typed events as they arrive (`…Stream` when
///   the operation can also answer JSON);
/// - for text or bytes that a body property selects beside JSON (`x-selected-by`), a `…Text` or `…Binary`
///   method;
/// - a `…Output` method returning an enum of every documented response, for full control, when the spec
///   documents more than the one success answer the first method returns;
/// - an internal `make…Request` function, when several methods build the request (otherwise the one method
///   builds it itself).
extension EmitContext {
    func writeOperation(_ operation: OperationModel, into writer: inout CodeWriter) {
        let plan = OperationPlan(operation: operation, context: self)
        let name = operation.swiftName
        // A request built in one method only is built inside it.
        let sharesBuilder = plan.hasOutputVariant || plan.separateStream != nil || !plan.variants.isEmpty

        switch plan.result.kind {
        case .eventStream:
            writeMethods(plan, name: name, returns: plan.result.type, buildsRequest: !sharesBuilder, into: &writer) {
                plan.eventStreamCall(requestExpression: $0)
            }
        default:
            writeMethods(plan, name: name, returns: plan.result.type, buildsRequest: !sharesBuilder, into: &writer) {
                plan.resultCall(requestExpression: $0)
            }
            if let streamType = plan.separateStream {
                writer.line()
                let streamName = operation.swiftName + "Stream"
                writeMethods(plan, name: streamName, returns: streamType, buildsRequest: false, into: &writer,
                             note: streamNote(plan, method: streamName)) {
                    plan.eventStreamCall(requestExpression: $0)
                }
            }
            for variant in plan.variants {
                writer.line()
                writeMethods(plan, name: variant.name, returns: variant.returnType, buildsRequest: false, into: &writer,
                             note: variantNote(plan, variant)) {
                    plan.variantCall(variant, requestExpression: $0)
                }
            }
        }
        if plan.hasOutputVariant {
            writer.line()
            writeOutput(plan, into: &writer)
        }
        if sharesBuilder {
            writer.line()
            writeRequestBuilder(plan, into: &writer)
        }
    }

    private func streamNote(_ plan: OperationPlan, method: String) -> String {
        let answer = plan.eventStream.map { stream -> String in
            if case .jsonSequence = stream.format { return "a sequence of JSON values" }
            return "server-sent events"
        } ?? "server-sent events"
        return "`\(plan.operation.method) \(plan.operation.path)`, answered as \(answer), each returned as it arrives."
    }

    private func variantNote(_ plan: OperationPlan, _ variant: AnswerVariant) -> String {
        let answer = variant.kind == .text ? "text" : "bytes"
        var note = "`\(plan.operation.method) \(plan.operation.path)`, answered as \(answer) (`\(variant.contentType)`)"
        for selector in plan.selectors {
            if let values = selector.describedValues(for: variant.name) {
                note += " when `\(selector.property.wireName)` is \(values)"
                break
            }
        }
        return note + "."
    }

    /// The flattened method (when the body is an object) and the one taking the body whole; `note`, for a
    /// variant, says how it differs from the operation's main method.
    private func writeMethods(_ plan: OperationPlan, name: String, returns: String?, buildsRequest: Bool,
                              into writer: inout CodeWriter, note: String? = nil, call: (String) -> String) {
        // The first method of an operation carries its full documentation; the variants say how they differ.
        var documentedFully = false
        func document(properties: [Property]?, into writer: inout CodeWriter) {
            if let note {
                writeBriefDocumentation(plan.operation, note: note, into: &writer)
            } else if documentedFully {
                writeBriefDocumentation(plan.operation, note: "`\(plan.operation.method) \(plan.operation.path)`, with the request body as one value.", into: &writer)
            } else {
                writeDocumentation(plan.operation, properties: properties, result: plan.result, into: &writer)
                documentedFully = true
            }
        }
        let operation = plan.operation
        let identifier = SwiftSyntax.identifier(name)
        let returnClause = returns.map { " -> " + $0 } ?? ""
        // The body properties that pick the answer, where this method sets them.
        let fixed = plan.selectors.compactMap { selector in selector.fixedValue(for: name).map { (selector.property, $0) } }
        if let body = operation.body, let allProperties = body.flattenedProperties {
            // The body's properties as arguments, less fixed ones, those only the server sets and those the method sets.
            let settable = allProperties.filter {
                !($0.isReadOnly && $0.type.isOptional) && fixedValue(of: $0, scope: []) == nil
            }
            let properties = settable.filter { property in !fixed.contains { $0.0.wireName == property.wireName } }
            // Arguments take the properties' names, but for those a parameter has taken already.
            let asArguments = properties.map { property in
                var property = property
                property.swiftName = body.argumentNames[property.swiftName] ?? property.swiftName
                return property
            }
            document(properties: asArguments, into: &writer)
            if operation.deprecated { writer.line("@available(*, deprecated)") }
            let arguments = plan.parameterArguments + self.arguments(for: asArguments, scope: []) + [OperationPlan.optionsArgument]
            writer.block("\(access) func \(identifier)(\(arguments.joined(separator: ", "))) async throws\(returnClause)") { writer in
                // In the memberwise order: the arguments, and the values this method sets where their properties stand.
                let argumentNames = Dictionary(zip(properties.map(\.wireName), asArguments.map(\.swiftName)),
                                               uniquingKeysWith: { first, _ in first })
                let members = settable.compactMap { property -> String? in
                    let label = SwiftSyntax.label(property.swiftName)
                    if let value = fixed.first(where: { $0.0.wireName == property.wireName })?.1 {
                        return value == "nil" ? nil : "\(label): \(value)"
                    }
                    return argumentNames[property.wireName].map { "\(label): \(SwiftSyntax.identifier($0))" }
                }
                let bodyType = typeName(body.type.unwrapped, scope: [])
                let call = plan.forwardedParameters + ["body: \(bodyType)(\(members.joined(separator: ", ")))", "options: options"]
                let callee = plan.callee(identifier, besides: asArguments.map { SwiftSyntax.identifier($0.swiftName) })
                writer.line("try await \(callee)(\(call.joined(separator: ", ")))")
            }
            writer.line()
        }
        document(properties: nil, into: &writer)
        if operation.deprecated { writer.line("@available(*, deprecated)") }
        let arguments = plan.parameterArguments + (plan.bodyArgument.map { [$0] } ?? []) + [OperationPlan.optionsArgument]
        writer.block("\(access) func \(identifier)(\(arguments.joined(separator: ", "))) async throws\(returnClause)") { writer in
            var requestArguments = plan.forwardedParameters
            if operation.body != nil {
                writeSelection(plan, method: name, into: &writer)
                requestArguments.append("body: body")
            }
            if buildsRequest {
                let request = requestCode(operation)
                for statement in request.statements { writer.line(statement) }
                writer.line(call(request.expression))
            } else {
                writer.line(call("try \(plan.callee(plan.builderName))(\(requestArguments.joined(separator: ", ")))"))
            }
        }
    }

    /// Sets the body properties that pick the answer `method` reads, or checks the caller's choice of them.
    private func writeSelection(_ plan: OperationPlan, method: String, into writer: inout CodeWriter) {
        let body = plan.operation.body?.required == false ? "body?" : "body"
        var statements: [String] = []
        for selector in plan.selectors {
            if let value = selector.fixedValue(for: method) {
                statements.append("\(body).\(SwiftSyntax.identifier(selector.property.swiftName)) = \(value)")
            } else if let check = selector.check(for: method, body: body, operationID: plan.operation.operationID) {
                statements.append(check)
            }
        }
        guard !statements.isEmpty else { return }
        writer.line("var body = body")
        statements.forEach { writer.line($0) }
    }

    private func writeRequestBuilder(_ plan: OperationPlan, into writer: inout CodeWriter) {
        let operation = plan.operation
        var arguments = plan.parameterDeclarations
        if let body = operation.body {
            let bodyType = body.encoding == .binary ? "HTTPBody" : typeName(body.type.unwrapped, scope: [])
            arguments.append("body: \(bodyType)\(body.required ? "" : "?")")
        }
        let request = requestCode(operation)
        writer.function("func \(plan.builderName)(\(arguments.joined(separator: ", "))) throws -> Request",
                        request.statements + [request.statements.isEmpty ? request.expression : "return request"],
                        call: nil)
    }

    /// The statements that build an operation's request, and the expression that then stands for it.
    private func requestCode(_ operation: OperationModel) -> (statements: [String], expression: String) {
        let pathParameters = operation.parameters.filter { $0.location == .path }
        // The methods HTTP Types names; others (`QUERY`, `LINK`) by their names, which translation checked are tokens.
        let method = OperationPlan.namedMethods.contains(operation.method) ? ".\(operation.method.lowercased())"
            : "HTTPRequest.Method(\(SwiftSyntax.stringLiteral(operation.method)))!"
        var initializer = "Request(\(method), \(SwiftSyntax.stringLiteral(operation.path))"
        if !pathParameters.isEmpty {
            let values = pathParameters.map { "\(SwiftSyntax.stringLiteral($0.name)): \(OperationPlan.localName($0))" }
            initializer += ", [" + values.joined(separator: ", ") + "]"
        }
        if let accept = acceptedMediaTypes(operation) { initializer += ", accept: " + SwiftSyntax.stringLiteral(accept) }
        initializer += ")"
        let others = operation.parameters.filter { $0.location != .path }
        // The client applies the spec's top-level requirements to a request that states none.
        let statesSecurity = operation.security != module.defaultSecurity
        guard !others.isEmpty || operation.body != nil || statesSecurity else {
            return ([], "try " + initializer)
        }
        var statements = ["var request = try \(initializer)"]
        if statesSecurity {
            statements.append("request.security = \(securityList(operation.security))")
        }
        for parameter in others {
            let name = SwiftSyntax.stringLiteral(parameter.name)
            let value = OperationPlan.localName(parameter)
            switch parameter.location {
            case .query:
                var options = ""
                if parameter.style != .form { options += ", style: .\(parameter.style.rawValue)" }
                if !parameter.explode && parameter.style != .deepObject && parameter.style != .json { options += ", explode: false" }
                statements.append("try request.query(\(name), \(value)\(options))")
            case .header:
                let options = parameter.style == .json ? ", style: .json" : parameter.explode ? ", explode: true" : ""
                statements.append("try request.header(\(name), \(value)\(options))")
            case .cookie:
                statements.append("try request.cookie(\(name), \(value))")
            case .querystring:
                statements.append("try request.queryString(\(value)\(parameter.style == .json ? ", style: .json" : ""))")
            case .path:
                break
            }
        }
        if let body = operation.body {
            let contentType = SwiftSyntax.stringLiteral(body.contentType)
            let statement: String
            switch body.encoding {
            case .json: statement = "try request.json(body)"
            case .formURLEncoded: statement = "try request.form(body)"
            case .multipart:
                if body.partContentTypes.isEmpty {
                    statement = "try request.multipart(body)"
                } else {
                    let types = body.partContentTypes.keys.sorted().map {
                        "\(SwiftSyntax.stringLiteral($0)): \(SwiftSyntax.stringLiteral(body.partContentTypes[$0]!))"
                    }
                    statement = "try request.multipart(body, partContentTypes: [\(types.joined(separator: ", "))])"
                }
            case .binary: statement = "request.binary(body, contentType: \(contentType))"
            case .text: statement = "request.text(body, contentType: \(contentType))"
            case .jsonLines: statement = "try request.jsonSequence(body, contentType: \(contentType))"
            case .jsonTextSequence:
                statement = "try request.jsonSequence(body, contentType: \(contentType), recordSeparated: true)"
            }
            statements.append(body.required ? statement : "if let body { \(statement) }")
        }
        return (statements, "request")
    }

    /// The media types the operation's responses document, successes first, as an `Accept` value; server-sent
    /// events are left to the stream method, which asks for them alone.
    private func acceptedMediaTypes(_ operation: OperationModel) -> String? {
        var types: [String] = []
        for response in operation.responses.filter(\.isSuccess) + operation.responses.filter({ !$0.isSuccess }) {
            for content in response.contents {
                switch content {
                case .json(let type, _), .binary(let type), .text(let type):
                    if !types.contains(type) { types.append(type) }
                case .jsonSequence(_, _, let type):
                    if !types.contains(type) { types.append(type) }
                case .eventStream:
                    continue
                }
            }
        }
        return types.isEmpty ? nil : types.joined(separator: ", ")
    }

    // MARK: Every documented response

    private func writeOutput(_ plan: OperationPlan, into writer: inout CodeWriter) {
        let operation = plan.operation
        let outputName = plan.outputTypeName
        let others = plan.hasDefaultCase ? "any other it receives" : "any other it receives, as `undocumented`"
        writer.line("/// Every response `\(operation.method) \(operation.path)` documents, and \(others).")
        writer.block("\(access) \(plan.isOutputIndirect ? "indirect " : "")enum \(outputName): Sendable") { writer in
            for response in plan.outputCases {
                writer.documentation(response.documentation)
                writer.line("case \(SwiftSyntax.identifier(response.caseName))\(response.payloadDeclaration)")
            }
            if !plan.hasDefaultCase { writer.line("case undocumented(RawResponse)") }
            for response in plan.outputCases where !response.headers.isEmpty && !response.isHeadersTypeShared {
                writer.line()
                writer.line("/// The headers of ``\(response.caseName)``.")
                writeHeaders(response.headers, name: response.headersTypeName, into: &writer)
            }
        }
        writer.line()
        writeBriefDocumentation(operation, note: "`\(operation.method) \(operation.path)`, returning every documented response as ``\(outputName)``; throws ``APIError`` only when the request fails or a documented body does not decode.", into: &writer)
        if operation.deprecated { writer.line("@available(*, deprecated)") }
        let arguments = plan.parameterArguments + (plan.bodyArgument.map { [$0] } ?? []) + [OperationPlan.optionsArgument]
        let name = SwiftSyntax.identifier(operation.swiftName + "Output")
        writer.block("\(access) func \(name)(\(arguments.joined(separator: ", "))) async throws -> \(outputName)") { writer in
            var requestArguments = plan.forwardedParameters
            if operation.body != nil {
                // The answers this method reads are the main method's: it asks for them as that one does.
                writeSelection(plan, method: operation.swiftName + "Output", into: &writer)
                requestArguments.append("body: body")
            }
            let id = SwiftSyntax.stringLiteral(operation.operationID)
            writer.line("let response = try await core.response(try \(plan.callee(plan.builderName))(\(requestArguments.joined(separator: ", "))), operationID: \(id), options: options)")
            writer.switchBlock("response.status.code") { writer in
                for response in plan.outputCasesInMatchOrder {
                    if let pattern = response.pattern {
                        writer.line("case \(pattern): return \(response.construction)")
                    } else {
                        writer.line("default: return \(response.construction)")
                    }
                }
                if !plan.hasDefaultCase {
                    writer.line("default: return .undocumented(response)")
                }
            }
        }
    }

    // MARK: Documentation

    func writeDocumentation(_ operation: OperationModel, properties: [Property]?, result: SuccessResult?,
                            into writer: inout CodeWriter, returns: String? = nil,
                            throws throwsText: String = "``APIError`` for a status other than success, an unreadable body or a transport failure.") {
        var lines: [String] = []
        if let documentation = operation.documentation { lines.append(documentation) }
        lines.append("`\(operation.method) \(operation.path)`")
        writer.documentation(lines.joined(separator: "\n\n"))
        var parameterLines: [String] = []
        for parameter in operation.parameters {
            let text = documentation(parameter.documentation ?? "The `\(parameter.name)` \(parameter.location.rawValue) parameter.",
                                     serverDefault: serverDefault(parameter.defaultValue, type: parameter.type, scope: []))
            parameterLines.append("///   - \(parameter.swiftName): " + oneLine(text ?? ""))
        }
        if let properties {
            for property in properties {
                let fallback = property.isFlattened ? "Which of the body's alternatives it is." : "The body's `\(property.wireName)`."
                let text = documentation(property.documentation ?? fallback,
                                         serverDefault: serverDefault(property.defaultValue, type: property.type, scope: []))
                parameterLines.append("///   - \(property.swiftName): " + oneLine(text ?? ""))
            }
        } else if let body = operation.body {
            parameterLines.append("///   - body: " + oneLine(body.documentation ?? "The request body."))
        }
        parameterLines.append("///   - options: What this call adds to the client's options.")
        writer.line("///")
        writer.line("/// - Parameters:")
        parameterLines.forEach { writer.line($0) }
        if let returns {
            writer.line("/// - Returns: " + returns)
        } else if let result, result.type != nil, let documentation = result.documentation {
            writer.line("/// - Returns: " + oneLine(documentation))
        }
        writer.line("/// - Throws: " + throwsText)
    }

    /// The operation's first sentence, then what sets this variant apart.
    func writeBriefDocumentation(_ operation: OperationModel, note: String, into writer: inout CodeWriter) {
        // One paragraph: the operation's first sentence, then how this method differs.
        guard let documentation = operation.documentation, let first = Self.firstSentence(of: documentation) else {
            writer.documentation(note)
            return
        }
        let ended = first.last.map { ".!?:".contains($0) } ?? false
        writer.documentation(first + (ended ? " " : ". ") + note)
    }

    /// The first sentence of a text's first paragraph (the whole paragraph when no sentence ends in it), on one
    /// line.
    static func firstSentence(of text: String) -> String? {
        var paragraph: [Substring] = []
        for line in CodeWriter.lines(of: text) {
            let trimmed = Substring(line.trimmingSpaces)
            if trimmed.isEmpty {
                if paragraph.isEmpty { continue }
                break
            }
            paragraph.append(trimmed)
        }
        guard !paragraph.isEmpty else { return nil }
        let joined = paragraph.joined(separator: " ")
        var previous: Character?
        for index in joined.indices {
            if previous == ".", joined[index] == " " { return String(joined[..<index]) }
            previous = joined[index]
        }
        return joined
    }

    /// The text's lines joined by spaces, each trimmed (split by bytes: this runs for every documented argument).
    func oneLine(_ text: String) -> String {
        CodeWriter.lines(of: text).map { $0.trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
