public import Diagnostics
public import IntermediateModel
public import OpenAPIModel

/// Builds the intermediate model of a client from an OpenAPI document.
public enum Translator {
    /// - Returns: the module and the warnings found on the way.
    /// - Throws: every error found, located in the spec.
    public static func translate(_ document: Document, moduleName: String, specPath: String)
        throws(DiagnosticsError) -> (module: ClientModule, warnings: [Diagnostic]) {
        let builder = ModuleBuilder(document: document, moduleName: moduleName)
        let module = builder.build(specPath: specPath)
        let diagnostics = builder.types.diagnostics
        if diagnostics.hasErrors {
            throw DiagnosticsError(diagnostics.diagnostics)
        }
        return (module, diagnostics.diagnostics)
    }
}

final class ModuleBuilder {
    let document: Document
    let moduleName: String
    let types: TypeTranslator
    /// Responses from `components/responses` by reference key, once translated (nil: they failed to resolve).
    private var sharedResponses: [String: ResponseModel?] = [:]

    init(document: Document, moduleName: String) {
        self.document = document
        self.moduleName = moduleName
        // Names the generated module uses for itself.
        let reserved: Set<String> = [moduleName, "Client", "Servers", "Credentials"]
        types = TypeTranslator(document: document, reservedNames: reserved, diagnostics: DiagnosticCollector())
    }

    func build(specPath: String) -> ClientModule {
        types.declareComponents()
        let schemes = securitySchemes()
        let knownSchemes = Set(schemes.map(\.name))
        let defaultSecurity = security(document.security ?? [], knownSchemes: knownSchemes)
        let operations = self.operations(knownSchemes: knownSchemes, defaultSecurity: defaultSecurity)
        let declarations = DirectionAnalysis.markReceivedOnly(
            in: DuplicateTypes.aliasing(RecursionAnalysis.markRecursion(in: types.topLevel.map { $0.build() }),
                                        specNamed: types.specNamedTypes),
            operations: operations)
        return ClientModule(
            name: moduleName,
            specPath: specPath,
            title: document.info.title,
            version: document.info.version,
            documentation: document.info.description,
            servers: servers(),
            types: declarations,
            operations: operations,
            securitySchemes: schemes,
            defaultSecurity: defaultSecurity
        )
    }

    // MARK: Servers and security

    private func servers() -> [ServerModel] {
        var names = NameScope()
        return document.servers.compactMap { server in
            // A generated client must not stop on its own default server.
            var example = server.url
            for variable in server.variables {
                example = example.replacing("{" + variable.name + "}", with: variable.defaultValue)
            }
            guard Self.isValidURL(example) else {
                types.diagnostics.warning("server URL '\(example)' is not a valid URL; the server is skipped",
                                          at: server.location)
                return nil
            }
            var name = server.description.map(Naming.memberName) ?? ""
            if name.isEmpty || name.count > 30 {
                // The host, not the scheme (`{scheme}://{host}/v1` is `host`).
                let host = server.url.split(separator: "/").first(where: {
                    !$0.hasSuffix(":") && ($0.contains(".") || $0.contains("{"))
                }) ?? "server"
                name = Naming.memberName(String(host))
            }
            let variables = server.variables.map { variable in
                ServerModel.Variable(name: variable.name, swiftName: Naming.memberName(variable.name),
                                     defaultValue: variable.defaultValue, allowedValues: variable.enumValues,
                                     documentation: variable.description)
            }
            return ServerModel(swiftName: names.claim(name), url: server.url, documentation: server.description,
                               variables: variables)
        }
    }

    /// Whether `text` is made only of the characters a URL may hold (RFC 3986), with no `{variable}` left and
    /// every `%` starting an escape.
    static func isValidURL(_ text: String) -> Bool {
        func isHexDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return false }
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                    return false
                }
            default:
                if !"-._~:/?#[]@!$&'()*+,;=".utf8.contains(byte) { return false }
            }
        }
        return true
    }

    private func securitySchemes() -> [SecuritySchemeModel] {
        var names = NameScope()
        return document.components.securitySchemes.compactMap { name, value in
            guard let scheme = resolve(value, in: document.references.securitySchemes) else { return nil }
            let kind: SecuritySchemeModel.Kind
            switch scheme.kind {
            case .http(let httpScheme, _):
                switch httpScheme {
                case "bearer": kind = .bearer
                case "basic": kind = .basic
                default:
                    types.diagnostics.warning("http security scheme '\(httpScheme)' is not supported; requests will not carry it",
                                              at: scheme.location)
                    return nil
                }
            case .apiKey(let keyName, let location):
                kind = .apiKey(name: keyName, location: ParameterModel.Location(rawValue: location.rawValue) ?? .header)
            case .oauth2, .openIDConnect:
                kind = .bearerToken
            case .mutualTLS:
                types.diagnostics.warning("mutualTLS is configured on the transport, not by the generated client",
                                          at: scheme.location)
                return nil
            }
            return SecuritySchemeModel(name: name, swiftName: names.claim(Naming.memberName(name)), kind: kind,
                                       documentation: scheme.description)
        }
    }

    func resolve<T>(_ value: Referenceable<T>, in table: [String: Referenceable<T>]) -> T? {
        var current = value
        var seen: Set<String> = []
        while case .reference(let reference) = current {
            guard seen.insert(reference.key).inserted else {
                types.diagnostics.error("circular '$ref' through '\(reference.text)'", at: reference.location)
                return nil
            }
            guard let next = table[reference.key] else {
                types.diagnostics.error("'$ref' target '\(reference.text)' is not of the expected kind",
                                        at: reference.location)
                return nil
            }
            current = next
        }
        if case .value(let resolved) = current { return resolved }
        return nil
    }

    // MARK: Operations

    private func operations(knownSchemes: Set<String>, defaultSecurity: [[String]]) -> [OperationModel] {
        var methodNames = NameScope(reserved: ["init", "transport", "serverURL", "middlewares", "core"])
        var result: [OperationModel] = []
        for item in document.paths {
            var item = item
            if let reference = item.reference {
                guard let target = document.references.pathItems[reference.key] else { continue }
                let path = item.path
                item = target
                item.path = path
                item.operations = target.operations.map { operation in
                    var operation = operation
                    operation.path = path
                    return operation
                }
            }
            for operation in item.operations {
                let name = methodNames.claim(Naming.memberName(operation.operationID ?? derivedOperationID(operation)))
                let id = operation.operationID ?? name
                result.append(translate(operation, pathParameters: item.parameters, operationID: id, swiftName: name,
                                        knownSchemes: knownSchemes, defaultSecurity: defaultSecurity))
            }
        }
        return result
    }

    /// Requirements as alternatives of scheme names, less schemes the generated client cannot apply.
    private func security(_ requirements: [SecurityRequirement], knownSchemes: Set<String>) -> [[String]] {
        requirements.map { requirement in
            requirement.schemes.compactMap { scheme -> String? in
                guard knownSchemes.contains(scheme.name) else {
                    if !document.components.securitySchemes.contains(where: { $0.name == scheme.name }) {
                        types.diagnostics.warning("security requirement names unknown scheme '\(scheme.name)'; it is ignored",
                                                  at: scheme.location)
                    }
                    return nil
                }
                return scheme.name
            }
        }
    }

    /// Without an `operationId`, a short summary (`chat-image`) names the method; otherwise method and path do.
    private func derivedOperationID(_ operation: Operation) -> String {
        if let summary = operation.summary, summary.split(separator: " ").count <= 4,
           summary.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_") }),
           summary.contains(where: \.isLetter) {
            return summary
        }
        let words = operation.path.split(separator: "/").map { segment -> String in
            segment.hasPrefix("{") ? "by " + segment.dropFirst().dropLast() : String(segment)
        }
        return ([operation.method.rawValue] + words).joined(separator: " ")
    }

    private func translate(_ operation: Operation, pathParameters: [Referenceable<Parameter>], operationID: String,
                           swiftName: String, knownSchemes: Set<String>,
                           defaultSecurity: [[String]]) -> OperationModel {
        let typePrefix = Naming.typeName(operationID)
        var argumentNames = NameScope(reserved: ["body"])
        var parameters: [ParameterModel] = []
        var seen: Set<String> = []
        // Operation-level parameters override path-level ones of the same name and location.
        let all = (operation.parameters + pathParameters).compactMap { resolve($0, in: document.references.parameters) }
        for parameter in all {
            let identity = parameter.location.rawValue + ":" + parameter.name.lowercased()
            guard seen.insert(identity).inserted else { continue }
            if parameter.location == .header,
               ["accept", "content-type", "authorization"].contains(parameter.name.lowercased()) {
                // The specification says these header parameters are ignored: the body, the response handling
                // and the security schemes set those headers.
                continue
            }
            parameters.append(translate(parameter, typePrefix: typePrefix, names: &argumentNames))
        }
        for placeholder in pathPlaceholders(operation.path) where !parameters.contains(where: { $0.location == .path && $0.name == placeholder }) {
            types.diagnostics.warning("path '\(operation.path)' uses '{\(placeholder)}' but the operation declares no such path parameter; it is taken as a string",
                                      at: operation.location)
            parameters.append(ParameterModel(name: placeholder, swiftName: argumentNames.claim(Naming.memberName(placeholder)),
                                             location: .path, type: .string, style: .simple, explode: false,
                                             documentation: nil, deprecated: false, defaultValue: nil))
        }
        let placeholders = pathPlaceholders(operation.path)
        parameters.sort { lhs, rhs in
            if lhs.location == .path && rhs.location == .path {
                return (placeholders.firstIndex(of: lhs.name) ?? 0) < (placeholders.firstIndex(of: rhs.name) ?? 0)
            }
            return order(lhs) < order(rhs)
        }
        let body = operation.requestBody.flatMap { requestBody(
            $0, typePrefix: typePrefix, argumentNames: &argumentNames) }
        let responses = operation.responses.sorted { $0.status < $1.status }.compactMap { status, value in
            response(value, status: status, typePrefix: typePrefix)
        }
        let security = operation.security.map { self.security($0, knownSchemes: knownSchemes) } ?? defaultSecurity
        let documentation = [operation.summary, operation.description]
            .compactMap { $0 }.filter { !$0.allSatisfy(\.isWhitespace) }
        return OperationModel(
            operationID: operationID,
            swiftName: swiftName,
            method: operation.method.rawValue.uppercased(),
            path: operation.path,
            documentation: documentation.isEmpty ? nil : uniqued(documentation).joined(separator: "\n\n"),
            deprecated: operation.deprecated,
            parameters: parameters,
            body: body,
            responses: responses,
            security: security
        )
    }

    private func order(_ parameter: ParameterModel) -> Int {
        switch parameter.location {
        case .path: return 0
        case .query: return parameter.type.isOptional ? 2 : 1
        case .header: return parameter.type.isOptional ? 4 : 3
        case .cookie: return 5
        }
    }

    private func pathPlaceholders(_ path: String) -> [String] {
        var result: [String] = []
        var current: String?
        for character in path {
            if character == "{" { current = "" }
            else if character == "}", let name = current { result.append(name); current = nil }
            else if current != nil { current!.append(character) }
        }
        return result
    }

    private func translate(_ parameter: Parameter, typePrefix: String, names: inout NameScope) -> ParameterModel {
        let schema = parameter.schema ?? parameter.content?.schema ?? Schema(location: parameter.sourceLocation)
        var type = types.usage(of: schema, hint: typePrefix + Naming.typeName(parameter.name), parent: nil)
        if !parameter.required { type = type.optional }
        var style: ParameterModel.Style
        switch parameter.style {
        case "form"?: style = .form
        case "simple"?: style = .simple
        case "label"?: style = .label
        case "matrix"?: style = .matrix
        case "spaceDelimited"?: style = .spaceDelimited
        case "pipeDelimited"?: style = .pipeDelimited
        case "deepObject"?: style = .deepObject
        default: style = parameter.location == .query || parameter.location == .cookie ? .form : .simple
        }
        if parameter.schema == nil, let (mediaType, _) = parameter.content, Self.requestEncoding(mediaType) == .json {
            if parameter.location == .query || parameter.location == .header {
                style = .json
            } else {
                types.diagnostics.warning("\(parameter.location.rawValue) parameter '\(parameter.name)' described by JSON 'content' is sent in its default style, not as JSON",
                                          at: parameter.sourceLocation, cause: "json-content-parameter")
            }
        }
        let resolved = types.resolve(schema)
        return ParameterModel(
            name: parameter.name,
            swiftName: names.claim(Naming.memberName(parameter.name)),
            location: ParameterModel.Location(rawValue: parameter.location.rawValue)!,
            type: type,
            style: style,
            explode: parameter.explode ?? (style == .form),
            documentation: parameter.description ?? types.documentation(resolved),
            deprecated: parameter.deprecated,
            defaultValue: resolved.defaultValue.map(TypeTranslator.literal)
        )
    }

    // MARK: Bodies

    private func requestBody(_ value: Referenceable<RequestBody>, typePrefix: String,
                             argumentNames: inout NameScope) -> RequestBodyModel? {
        var bodyName = typePrefix + "Request"
        if case .reference(let reference) = value, reference.pointer.hasPrefix("/components/requestBodies/"),
           let last = reference.segments.last {
            bodyName = Naming.typeName(last)
        }
        guard let body = resolve(value, in: document.references.requestBodies) else { return nil }
        // A body with no media type at all (`content: {}`) has nothing to send.
        guard let media = preferredMediaType(body.content) else { return nil }
        var encoding = Self.requestEncoding(media.name)
        var contentType = media.name
        let schema = media.schema ?? Schema(location: media.location)
        var type: TypeUsage
        if encoding == .binary {
            type = .binary
        } else if encoding == .text {
            type = .string
        } else {
            type = types.usage(of: schema, hint: bodyName, parent: nil)
            if encoding == .multipart { type = fileParts(type) }
            if encoding == .json, type.unwrapped == .binary {
                // Bytes under any media type (`*/*`: {type: string, format: binary}) are sent as they are.
                encoding = .binary
                if contentType.contains("*") { contentType = "application/octet-stream" }
            }
        }
        var flattened: [Property]?
        var renamed: [String: String] = [:]
        if case .named(let name) = type.unwrapped, let node = types.nodesByQualifiedName[name],
           case .structure(let properties)? = node.kind {
            flattened = properties
            for property in properties {
                let argument = argumentNames.claim(property.swiftName)
                if argument != property.swiftName { renamed[property.swiftName] = argument }
            }
        }
        var partTypes: [String: String] = [:]
        for (name, entry) in media.encoding {
            if let contentType = entry.contentType { partTypes[name] = contentType }
        }
        return RequestBodyModel(contentType: contentType, encoding: encoding, type: type, required: body.required,
                                documentation: body.description, flattenedProperties: flattened,
                                argumentNames: renamed, partContentTypes: partTypes)
    }

    /// In a multipart body, binary properties are files with a name and a content type.
    private func fileParts(_ type: TypeUsage) -> TypeUsage {
        guard case .named(let name) = type.unwrapped, let node = types.nodesByQualifiedName[name],
              case .structure(let properties)? = node.kind else { return type }
        node.kind = .structure(properties.map { property in
            var property = property
            property.type = Self.replacingBinary(property.type)
            return property
        })
        return type
    }

    private static func replacingBinary(_ type: TypeUsage) -> TypeUsage {
        switch type {
        case .binary: return .file
        case .optional(let wrapped): return .optional(replacingBinary(wrapped))
        case .array(let element): return .array(replacingBinary(element))
        default: return type
        }
    }

    /// A media type without its parameters, lowercased: `application/json; charset=utf-8` → `application/json`.
    static func essence(of mediaType: String) -> String {
        mediaType.lowercased().split(separator: ";").first.map { $0.trimmingSpaces } ?? ""
    }

    static func requestEncoding(_ mediaType: String) -> RequestBodyModel.Encoding {
        let name = essence(of: mediaType)
        if name == "application/json" || name.hasSuffix("+json") || name == "*/*" { return .json }
        if name == "multipart/form-data" || name == "multipart/mixed" { return .multipart }
        if name == "application/x-www-form-urlencoded" { return .formURLEncoded }
        if name.hasPrefix("text/") { return .text }
        // Anything else (XML, NDJSON, PDF, images, vendor formats) travels as the caller's bytes, labelled with
        // the spec's media type: usable, if untyped.
        return .binary
    }

    private func preferredMediaType(_ content: [MediaType]) -> MediaType? {
        let ranked: [RequestBodyModel.Encoding] = [.json, .multipart, .formURLEncoded, .binary, .text]
        for encoding in ranked {
            if let media = content.first(where: { Self.requestEncoding($0.name) == encoding }) { return media }
        }
        return nil
    }

    private func response(_ value: Referenceable<Response>, status: ResponseStatus, typePrefix: String) -> ResponseModel? {
        let modelStatus: ResponseModel.Status
        switch status {
        case .code(let code): modelStatus = .code(code)
        case .range(let digit): modelStatus = .range(digit)
        case .default: modelStatus = .default
        }
        if case .reference(let reference) = value {
            // A response from `components/responses` is translated once, whichever operations use it, so that
            // its inline schemas and headers are declared once.
            if let cached = sharedResponses[reference.key] {
                guard var shared = cached else { return nil }
                shared.status = modelStatus
                return shared
            }
            let name = Naming.typeName(reference.segments.last ?? typePrefix + "Response")
            var shared = translate(value, status: modelStatus, hint: name, eventHint: name + "Event")
            if let response = shared, !response.headers.isEmpty {
                shared?.sharedHeadersType = types.declareHeaders(
                    response.headers, named: name + "Headers",
                    documentation: "The headers of the response `\(reference.segments.last ?? name)`.")
            }
            sharedResponses[reference.key] = .some(shared)
            return shared
        }
        var hint = typePrefix + "Response"
        if case .code(let code) = status, !(200..<300).contains(code) { hint = typePrefix + Naming.typeName("\(code)") + "Response" }
        return translate(value, status: modelStatus, hint: hint, eventHint: typePrefix + "Event")
    }

    private func translate(_ value: Referenceable<Response>, status: ResponseModel.Status, hint: String,
                           eventHint: String) -> ResponseModel? {
        guard let response = resolve(value, in: document.references.responses) else { return nil }
        var contents: [ResponseModel.Content] = []
        for media in response.content {
            let name = Self.essence(of: media.name)
            if name == "text/event-stream" {
                let item = media.itemSchema ?? media.schema ?? Schema(location: media.location)
                let usage = types.usage(of: item, hint: eventHint, parent: nil)
                contents.append(.eventStream(item: usage, terminator: media.eventStreamTerminator ?? "[DONE]"))
            } else if Self.requestEncoding(name) == .json {
                let schema = media.schema ?? Schema(location: media.location)
                let type = types.usage(of: schema, hint: hint, parent: nil)
                // Bytes under any media type (`*/*`: {type: string, format: binary}) are not JSON.
                contents.append(type.unwrapped == .binary ? .binary(contentType: media.name)
                    : .json(contentType: media.name, type: type))
            } else if name.hasPrefix("text/") {
                contents.append(.text(contentType: media.name))
            } else {
                contents.append(.binary(contentType: media.name))
            }
        }
        var headerNames = NameScope()
        let headers = response.headers.compactMap { name, value -> HeaderModel? in
            guard let header = resolve(value, in: document.references.headers) else { return nil }
            let schema = header.schema ?? Schema(location: header.location)
            var type = types.usage(of: schema, hint: hint + Naming.typeName(name), parent: nil)
            if !header.required { type = type.optional }
            return HeaderModel(name: name, swiftName: headerNames.claim(Naming.memberName(name)), type: type,
                               documentation: header.description)
        }
        let documentation = response.description.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        return ResponseModel(status: status, documentation: documentation, contents: contents, headers: headers)
    }
}

private func uniqued(_ items: [String]) -> [String] {
    var seen: Set<String> = []
    return items.filter { seen.insert($0).inserted }
}

extension Substring {
    var trimmingSpaces: String {
        let start = firstIndex(where: { $0 != " " }) ?? endIndex
        let end = lastIndex(where: { $0 != " " }).map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
