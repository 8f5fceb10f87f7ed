import IntermediateModel

enum ResultKind {
    case json(String)
    case binary
    case text
    case eventStream(item: String, format: StreamFormat)
    case empty
}

/// How a streamed answer's values arrive.
enum StreamFormat: Equatable {
    /// Server-sent events, each one's `data` a value; `terminator` ends them.
    case serverSentEvents(terminator: String?)
    /// JSON values one a line (`application/jsonl`), or each after a record separator (`application/json-seq`).
    case jsonSequence(recordSeparated: Bool)
}

struct SuccessResult {
    var kind: ResultKind
    var type: String?
    var documentation: String?
}

/// One case of an operation's output enum.
struct OutputCase {
    var caseName: String
    /// The `switch` pattern over the status code; nil for the `default` response, which takes every other.
    var pattern: String?
    /// Codes are matched first (0), then ranges (1), then `default` (2), whatever order the spec lists them in.
    var matchOrder: Int
    var documentation: String?
    var bodyType: String?
    var bodyDecoding: String?
    var isStatusCarried: Bool
    var headers: [HeaderModel]
    /// A type nested in the output enum, or a shared one declared at the top level.
    var headersTypeName: String
    var isHeadersTypeShared: Bool
    var headersConstruction: String
    /// What copying the case's values inline costs (``TypeDeclaration/layoutCost``).
    var layoutCost: Int

    var payloadDeclaration: String {
        var parts: [String] = []
        if isStatusCarried { parts.append("status: Int") }
        if let bodyType { parts.append(bodyType) }
        if !headers.isEmpty { parts.append("headers: \(headersTypeName)") }
        return parts.isEmpty ? "" : "(" + parts.joined(separator: ", ") + ")"
    }

    var construction: String {
        var parts: [String] = []
        if isStatusCarried { parts.append("status: response.status.code") }
        if let bodyDecoding { parts.append(bodyDecoding) }
        if !headers.isEmpty { parts.append("headers: " + headersConstruction) }
        return "." + SwiftSyntax.identifier(caseName) + (parts.isEmpty ? "" : "(" + parts.joined(separator: ", ") + ")")
    }
}

/// What the emitter decides once per operation: argument lists, result kinds, names.
struct OperationPlan {
    let operation: OperationModel
    let context: EmitContext
    let parameterArguments: [String]
    let parameterDeclarations: [String]
    let forwardedParameters: [String]
    let bodyArgument: String?
    let result: SuccessResult
    /// The first success `text/event-stream` answer: its event type and terminator.
    let eventStream: (item: String, format: StreamFormat)?
    /// Text or bytes answers beside JSON, which a body property selects, each read by a method of its own.
    let variants: [AnswerVariant]
    /// The body properties whose values pick the server's answer, and the values each method sends.
    let selectors: [AnswerSelector]
    let builderName: String
    let outputTypeName: String
    /// In the spec's order, as the output enum declares them.
    let outputCases: [OutputCase]

    /// Whether the output enum stores its cases out of line: its payloads together would make a value large to
    /// copy inline (``TypeDeclaration/largeLayoutCost``), the undocumented response's included.
    var isOutputIndirect: Bool {
        outputCases.reduce(5) { $0 + $1.layoutCost + 1 } > TypeDeclaration.largeLayoutCost
    }

    /// Whether a `default` response takes every status the others do not, leaving none undocumented.
    var hasDefaultCase: Bool { outputCases.contains { $0.pattern == nil } }

    /// Whether the operation gets a `…Output` method. With one documented response, which carries neither
    /// headers nor a status of its own, the plain method says as much: it returns the body, and throws an
    /// ``APIError`` with the status, headers and body of any other answer.
    var hasOutputVariant: Bool {
        outputCases.count > 1 || outputCases.contains { !$0.headers.isEmpty || $0.isStatusCarried }
    }

    /// In the order the output `switch` tries them.
    var outputCasesInMatchOrder: [OutputCase] {
        outputCases.enumerated().sorted { ($0.element.matchOrder, $0.offset) < ($1.element.matchOrder, $1.offset) }
            .map(\.element)
    }

    init(operation: OperationModel, context: EmitContext) {
        self.operation = operation
        self.context = context
        parameterArguments = operation.parameters.map { parameter in
            var argument = Self.declaredName(parameter) + ": " + context.typeName(parameter.type, scope: [])
            if let value = context.defaultExpression(type: parameter.type, defaultValue: parameter.defaultValue,
                                                     constValue: nil, scope: []) {
                argument += " = " + value
            }
            return argument
        }
        parameterDeclarations = operation.parameters.map {
            Self.declaredName($0) + ": " + context.typeName($0.type, scope: [])
        }
        forwardedParameters = operation.parameters.map { "\(SwiftSyntax.label($0.swiftName)): \(Self.localName($0))" }
        if let body = operation.body {
            let bodyType = body.encoding == .binary ? "HTTPBody" : context.typeName(body.type.unwrapped, scope: [])
            // An optional body has no default when a flattened form exists, so that calls stay unambiguous.
            bodyArgument = body.required ? "body: \(bodyType)"
                : "body: \(bodyType)?" + (body.flattenedProperties == nil ? " = nil" : "")
        } else {
            bodyArgument = nil
        }
        let upper = operation.swiftName.prefix(1).uppercased() + operation.swiftName.dropFirst()
        builderName = "make\(upper)Request"
        var outputName = upper + "Output"
        while context.declarations[outputName] != nil { outputName += "_" }
        outputTypeName = outputName

        let documentedSuccesses = operation.responses.filter(\.isSuccess)
        // With no success status documented, a `default` response is the only description of one.
        let successes = documentedSuccesses.isEmpty
            ? operation.responses.filter { $0.status == .default } : documentedSuccesses
        var streamInfo: (item: String, format: StreamFormat, documentation: String?)?
        for response in successes {
            for content in response.contents where streamInfo == nil {
                switch content {
                case .eventStream(let item, let terminator):
                    streamInfo = (context.typeName(item, scope: []), .serverSentEvents(terminator: terminator),
                                  response.documentation)
                case .jsonSequence(let item, let recordSeparated, _):
                    streamInfo = (context.typeName(item, scope: []), .jsonSequence(recordSeparated: recordSeparated),
                                  response.documentation)
                default:
                    continue
                }
            }
        }
        eventStream = streamInfo.map { ($0.item, $0.format) }
        var found: SuccessResult?
        outer: for response in successes {
            for content in response.contents {
                if case .json(_, let type) = content {
                    let name = context.typeName(type, scope: [])
                    found = SuccessResult(kind: .json(name), type: name, documentation: response.documentation)
                    break outer
                }
            }
        }
        // Events are the answer only when there is no other: bytes (an audio file, say) or text beside them make
        // the events a `…Stream` variant, as JSON does.
        if found == nil {
            outer: for response in successes {
                for content in response.contents {
                    switch content {
                    case .binary:
                        found = SuccessResult(kind: .binary, type: "HTTPBody", documentation: response.documentation)
                        break outer
                    case .text:
                        found = SuccessResult(kind: .text, type: "String", documentation: response.documentation)
                        break outer
                    default:
                        continue
                    }
                }
            }
        }
        if found == nil, let streamInfo {
            found = SuccessResult(kind: .eventStream(item: streamInfo.item, format: streamInfo.format),
                                  type: Self.streamType(streamInfo.item), documentation: streamInfo.documentation)
        }
        result = found ?? SuccessResult(kind: .empty, type: nil, documentation: successes.first?.documentation)
        (variants, selectors) = Self.answerSelection(operation, successes: successes, result: result,
                                                    hasStream: streamInfo != nil, context: context)
        outputCases = Self.outputCases(operation, context: context, outputName: outputName)
    }

    /// Names the generated method bodies use for their own values; a parameter of that name keeps it as its
    /// label and goes by another inside.
    static let bodyLocals: Set<String> = ["request", "response", "core", "body"]

    /// The parameter's name inside the generated methods.
    static func localName(_ parameter: ParameterModel) -> String {
        bodyLocals.contains(parameter.swiftName) ? parameter.swiftName + "Parameter"
            : SwiftSyntax.identifier(parameter.swiftName)
    }

    /// The methods `HTTPRequest.Method` has a static member for.
    static let namedMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// `name` as a call inside the operation's methods: through `self` when an argument there has the same
    /// name (an operation `limit` with a parameter `limit`), which would otherwise be what the call names.
    func callee(_ name: String, besides arguments: [String] = []) -> String {
        let shadowed = operation.parameters.contains { Self.localName($0) == name } || arguments.contains(name)
        return shadowed ? "self." + name : name
    }

    /// The parameter as declared: its label and, where they differ, its local name.
    static func declaredName(_ parameter: ParameterModel) -> String {
        let local = localName(parameter)
        let label = SwiftSyntax.identifier(parameter.swiftName)
        return local == label ? label : label + " " + local
    }

    var errorArgument: String {
        let errors = operation.responses.filter { !$0.isSuccess }.compactMap { response -> String? in
            guard case .json(_, let type)? = response.contents.first(where: {
                if case .json = $0 { return true } else { return false }
            }) else { return nil }
            return "(\(Self.statusPattern(response.status)), \(context.typeName(type.unwrapped, scope: [])).self)"
        }
        return errors.isEmpty ? "" : ", errorBodies: [\(errors.joined(separator: ", "))]"
    }

    private static func statusPattern(_ status: ResponseModel.Status) -> String {
        switch status {
        case .code(let code): return ".code(\(code))"
        case .range(let digit): return ".range(\(digit))"
        case .default: return ".default"
        }
    }

    /// The trailing argument of every operation method.
    static let optionsArgument = "options: RequestOptions = .init()"

    func resultCall(requestExpression: String) -> String {
        let id = SwiftSyntax.stringLiteral(operation.operationID)
        switch result.kind {
        case .json(let type):
            return "return try await core.json(\(requestExpression), operationID: \(id), as: \(type).self\(errorArgument), options: options)"
        case .binary:
            return "return try await core.binary(\(requestExpression), operationID: \(id)\(errorArgument), options: options)"
        case .text:
            return "return try await core.text(\(requestExpression), operationID: \(id)\(errorArgument), options: options)"
        case .empty:
            return "try await core.empty(\(requestExpression), operationID: \(id)\(errorArgument), options: options)"
        case .eventStream:
            return eventStreamCall(requestExpression: requestExpression)
        }
    }

    func variantCall(_ variant: AnswerVariant, requestExpression: String) -> String {
        let id = SwiftSyntax.stringLiteral(operation.operationID)
        let method = variant.kind == .text ? "text" : "binary"
        return "return try await core.\(method)(\(requestExpression), operationID: \(id)\(errorArgument), options: options)"
    }

    static func streamType(_ item: String) -> String { "AsyncThrowingStream<\(item), any Error>" }

    /// The `…Stream` variant's event type, when the operation answers JSON (or bytes) as well as events.
    var separateStream: String? {
        if case .eventStream = result.kind { return nil }
        return eventStream.map { Self.streamType($0.item) }
    }

    func eventStreamCall(requestExpression: String) -> String {
        let id = SwiftSyntax.stringLiteral(operation.operationID)
        let item = eventStream?.item ?? "JSONValue"
        switch eventStream?.format ?? .serverSentEvents(terminator: nil) {
        case .serverSentEvents(let terminator):
            let terminatorText = terminator.map(SwiftSyntax.stringLiteral) ?? "nil"
            return "return try await core.eventStream(\(requestExpression), operationID: \(id), of: \(item).self, terminator: \(terminatorText)\(errorArgument), options: options)"
        case .jsonSequence(let recordSeparated):
            return "return try await core.jsonSequence(\(requestExpression), operationID: \(id), of: \(item).self, recordSeparated: \(recordSeparated)\(errorArgument), options: options)"
        }
    }

    // MARK: Output cases

    private static func outputCases(_ operation: OperationModel, context: EmitContext, outputName: String) -> [OutputCase] {
        var names = NameScope(reserved: ["undocumented"])
        // Nested header types must not shadow the shared ones this enum refers to.
        var headersTypeNames = NameScope(reserved: operation.responses.compactMap(\.sharedHeadersType))
        return operation.responses.map { response in
            var pattern: String?
            var matchOrder: Int
            var carriesStatus = false
            var name: String
            switch response.status {
            case .code(let code):
                pattern = String(code)
                matchOrder = 0
                name = statusNames[code] ?? "status\(code)"
            case .range(let digit):
                pattern = "\(digit * 100)...\(digit * 100 + 99)"
                matchOrder = 1
                name = rangeNames[digit] ?? "status\(digit)xx"
                carriesStatus = true
            case .default:
                pattern = nil
                matchOrder = 2
                name = "other"
                carriesStatus = true
            }
            name = names.claim(name)
            var bodyType: String?
            var decoding: String?
            func cost(_ type: TypeUsage) -> Int {
                type.layoutCost { name, optional in
                    context.declarations[name].map { optional ? $0.optionalLayoutCost : $0.layoutCost } ?? 1
                }
            }
            var layoutCost = response.headers.reduce(0) { $0 + cost($1.type) }
            if let content = response.contents.first {
                layoutCost += 1
                switch content {
                case .json(_, let type):
                    let typeName = context.typeName(type, scope: [])
                    bodyType = typeName
                    decoding = "try response.json(\(typeName).self)"
                    layoutCost += cost(type) - 1
                case .text:
                    bodyType = "String"
                    decoding = "response.text"
                case .binary, .eventStream, .jsonSequence:
                    bodyType = "Data"
                    decoding = "response.body"
                }
            }
            let headersTypeName = response.sharedHeadersType
                ?? (response.headers.isEmpty ? "" : headersTypeNames.claim(name.prefix(1).uppercased() + name.dropFirst() + "Headers"))
            let qualifiedHeadersTypeName = response.sharedHeadersType ?? "\(outputName).\(headersTypeName)"
            let headerValues = response.headers.map { header -> String in
                let method = header.type.isOptional ? "header" : "requiredHeader"
                let type = context.typeName(header.type.unwrapped, scope: [])
                return "\(SwiftSyntax.label(header.swiftName)): try response.\(method)(\(SwiftSyntax.stringLiteral(header.name)), as: \(type).self)"
            }
            return OutputCase(
                caseName: name, pattern: pattern, matchOrder: matchOrder, documentation: response.documentation, bodyType: bodyType,
                bodyDecoding: decoding, isStatusCarried: carriesStatus, headers: response.headers,
                headersTypeName: headersTypeName, isHeadersTypeShared: response.sharedHeadersType != nil,
                headersConstruction: "\(qualifiedHeadersTypeName)(\(headerValues.joined(separator: ", ")))",
                layoutCost: layoutCost)
        }
    }

    private static let statusNames: [Int: String] = [
        200: "ok", 201: "created", 202: "accepted", 203: "nonAuthoritativeInformation", 204: "noContent",
        206: "partialContent", 301: "movedPermanently", 302: "found", 303: "seeOther", 304: "notModified",
        307: "temporaryRedirect", 308: "permanentRedirect", 400: "badRequest", 401: "unauthorized",
        402: "paymentRequired", 403: "forbidden", 404: "notFound", 405: "methodNotAllowed", 406: "notAcceptable",
        408: "requestTimeout", 409: "conflict", 410: "gone", 411: "lengthRequired", 412: "preconditionFailed",
        413: "contentTooLarge", 415: "unsupportedMediaType", 416: "rangeNotSatisfiable", 422: "unprocessableContent",
        423: "locked", 424: "failedDependency", 428: "preconditionRequired", 429: "tooManyRequests",
        500: "internalServerError", 501: "notImplemented", 502: "badGateway", 503: "serviceUnavailable",
        504: "gatewayTimeout",
    ]

    private static let rangeNames: [Int: String] = [
        1: "informational", 2: "success", 3: "redirection", 4: "clientError", 5: "serverError",
    ]
}
