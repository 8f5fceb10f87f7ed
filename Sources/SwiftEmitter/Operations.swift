import IntermediateModel

extension EmitContext {
    func writeOperation(_ operation: OperationModel, into writer: inout CodeWriter) {
        let result = successResult(operation)
        let parameterArguments = operation.parameters.map { parameter -> String in
            var argument = SwiftSyntax.identifier(parameter.swiftName) + ": " + typeName(parameter.type, scope: [])
            if let value = defaultExpression(type: parameter.type, defaultValue: parameter.defaultValue, constValue: nil,
                                             scope: []) {
                argument += " = " + value
            }
            return argument
        }
        let name = SwiftSyntax.identifier(operation.swiftName)
        let returns = result.type.map { " -> " + $0 } ?? ""
        var bodyArgument: String?
        if let body = operation.body {
            let bodyType = body.encoding == .binary ? "HTTPBody" : typeName(body.type.unwrapped, scope: [])
            // An optional body has no default when a flattened form exists, so that calls stay unambiguous.
            bodyArgument = body.required ? "body: \(bodyType)"
                : "body: \(bodyType)?" + (body.flattenedProperties == nil ? " = nil" : "")
        }

        if let body = operation.body, let properties = body.flattenedProperties {
            // The convenient form: the body's properties as arguments.
            writeDocumentation(operation, properties: properties, result: result, into: &writer)
            if operation.deprecated { writer.line("@available(*, deprecated)") }
            let arguments = parameterArguments + self.arguments(for: properties, scope: [])
            writer.block("\(access) func \(name)(\(arguments.joined(separator: ", "))) async throws\(returns)") { writer in
                let forwarded = operation.parameters.map { "\($0.swiftName): \(SwiftSyntax.identifier($0.swiftName))" }
                let members = properties.map { "\($0.swiftName): \(SwiftSyntax.identifier($0.swiftName))" }
                let bodyType = typeName(body.type.unwrapped, scope: [])
                let call = forwarded + ["body: \(bodyType)(\(members.joined(separator: ", ")))"]
                writer.line("try await \(name)(\(call.joined(separator: ", ")))")
            }
            writer.line()
        }

        writeDocumentation(operation, properties: nil, result: result, into: &writer)
        if operation.deprecated { writer.line("@available(*, deprecated)") }
        let arguments = parameterArguments + (bodyArgument.map { [$0] } ?? [])
        writer.block("\(access) func \(name)(\(arguments.joined(separator: ", "))) async throws\(returns)") { writer in
            writeRequest(operation, into: &writer)
            let errors = errorBodies(operation)
            let errorArgument = errors.isEmpty ? "" : ", errorBodies: [\(errors.joined(separator: ", "))]"
            let id = SwiftSyntax.stringLiteral(operation.operationID)
            switch result.kind {
            case .json(let type):
                writer.line("return try await core.json(request, operationID: \(id), as: \(type).self\(errorArgument))")
            case .binary:
                writer.line("return try await core.binary(request, operationID: \(id)\(errorArgument))")
            case .text:
                writer.line("return try await core.text(request, operationID: \(id)\(errorArgument))")
            case .empty:
                writer.line("try await core.empty(request, operationID: \(id)\(errorArgument))")
            }
        }
    }

    private func writeRequest(_ operation: OperationModel, into writer: inout CodeWriter) {
        let pathParameters = operation.parameters.filter { $0.location == .path }
        let method = ".\(operation.method.lowercased())"
        var initializer = "Request(\(method), \(SwiftSyntax.stringLiteral(operation.path))"
        if !pathParameters.isEmpty {
            let values = pathParameters.map { "\(SwiftSyntax.stringLiteral($0.name)): \(SwiftSyntax.identifier($0.swiftName))" }
            initializer += ", [" + values.joined(separator: ", ") + "]"
        }
        initializer += ")"
        let others = operation.parameters.filter { $0.location != .path }
        let mutable = !others.isEmpty || operation.body != nil || !operation.security.isEmpty
        writer.line("\(mutable ? "var" : "let") request = try \(initializer)")
        if !operation.security.isEmpty {
            let alternatives = operation.security.map { "[" + $0.map(SwiftSyntax.stringLiteral).joined(separator: ", ") + "]" }
            writer.line("request.security = [\(alternatives.joined(separator: ", "))]")
        }
        for parameter in others {
            let name = SwiftSyntax.stringLiteral(parameter.name)
            let value = SwiftSyntax.identifier(parameter.swiftName)
            switch parameter.location {
            case .query:
                var options = ""
                if parameter.style != .form { options += ", style: .\(parameter.style.rawValue)" }
                if !parameter.explode { options += ", explode: false" }
                writer.line("try request.query(\(name), \(value)\(options))")
            case .header:
                writer.line("try request.header(\(name), \(value)\(parameter.explode ? ", explode: true" : ""))")
            case .cookie:
                writer.line("try request.cookie(\(name), \(value))")
            case .path:
                break
            }
        }
        guard let body = operation.body else { return }
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
        }
        if body.required {
            writer.line(statement)
        } else {
            writer.line("if let body { \(statement) }")
        }
    }

    private func errorBodies(_ operation: OperationModel) -> [String] {
        operation.responses.filter { !$0.isSuccess }.compactMap { response in
            guard case .json(_, let type)? = response.contents.first(where: {
                if case .json = $0 { return true } else { return false }
            }) else { return nil }
            let pattern: String
            switch response.status {
            case .code(let code): pattern = ".code(\(code))"
            case .range(let digit): pattern = ".range(\(digit))"
            case .default: pattern = ".default"
            }
            return "(\(pattern), \(typeName(type.unwrapped, scope: [])).self)"
        }
    }

    enum ResultKind {
        case json(String)
        case binary
        case text
        case empty
    }

    struct SuccessResult {
        var kind: ResultKind
        var type: String?
        var documentation: String?
    }

    func successResult(_ operation: OperationModel) -> SuccessResult {
        let successes = operation.responses.filter(\.isSuccess)
        for response in successes {
            for content in response.contents {
                switch content {
                case .json(_, let type):
                    let name = typeName(type, scope: [])
                    return SuccessResult(kind: .json(name), type: name, documentation: response.documentation)
                default:
                    continue
                }
            }
        }
        for response in successes {
            for content in response.contents {
                switch content {
                case .binary, .eventStream:
                    return SuccessResult(kind: .binary, type: "HTTPBody", documentation: response.documentation)
                case .text:
                    return SuccessResult(kind: .text, type: "String", documentation: response.documentation)
                case .json:
                    continue
                }
            }
        }
        return SuccessResult(kind: .empty, type: nil, documentation: successes.first?.documentation)
    }

    private func writeDocumentation(_ operation: OperationModel, properties: [Property]?, result: SuccessResult,
                                    into writer: inout CodeWriter) {
        var lines: [String] = []
        if let documentation = operation.documentation { lines.append(documentation) }
        lines.append("`\(operation.method) \(operation.path)`")
        writer.documentation(lines.joined(separator: "\n\n"))
        var parameterLines: [String] = []
        for parameter in operation.parameters {
            parameterLines.append("///   - \(parameter.swiftName): " + oneLine(parameter.documentation ?? "The `\(parameter.name)` \(parameter.location.rawValue) parameter."))
        }
        if let properties {
            for property in properties {
                parameterLines.append("///   - \(property.swiftName): " + oneLine(property.documentation ?? "The body's `\(property.wireName)`."))
            }
        } else if let body = operation.body {
            parameterLines.append("///   - body: " + oneLine(body.documentation ?? "The request body."))
        }
        if !parameterLines.isEmpty {
            writer.line("///")
            writer.line("/// - Parameters:")
            parameterLines.forEach { writer.line($0) }
        }
        if result.type != nil, let documentation = result.documentation {
            writer.line("/// - Returns: " + oneLine(documentation))
        }
        writer.line("/// - Throws: ``APIError`` for a status other than success, an unreadable body or a transport failure.")
    }

    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
    }
}
