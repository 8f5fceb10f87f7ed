import Diagnostics
import IntermediateModel
import OpenAPIModel

/// Operations: their names, parameters and security; bodies and responses are in `Bodies.swift`.
extension ModuleBuilder {
    func operations(knownSchemes: Set<String>, defaultSecurity: [[String]]) -> [OperationModel] {
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

    /// Without an `operationId`, a short summary (`chat-image`) names the method; otherwise method and path do.
    func derivedOperationID(_ operation: Operation) -> String {
        if let summary = operation.summary, summary.split(separator: " ").count <= 4,
           summary.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_") }),
           summary.contains(where: \.isLetter) {
            return summary
        }
        let words = operation.path.split(separator: "/").map { segment -> String in
            segment.hasPrefix("{") ? "by " + segment.dropFirst().dropLast() : String(segment)
        }
        return ([operation.method.name.lowercased()] + words).joined(separator: " ")
    }

    func translate(_ operation: Operation, pathParameters: [Referenceable<Parameter>], operationID: String,
                   swiftName: String, knownSchemes: Set<String>,
                   defaultSecurity: [[String]]) -> OperationModel {
        let typePrefix = Naming.typeName(operationID)
        var argumentNames = NameScope(reserved: ["body", "options"])
        var parameters: [ParameterModel] = []
        var seen: Set<String> = []
        // Operation-level parameters override path-level ones of the same name and location.
        let all = (operation.parameters + pathParameters).compactMap { resolve($0, in: document.references.parameters) }
        for parameter in all {
            let identity = parameter.location.rawValue + ":" + parameter.name.lowercased()
            guard seen.insert(identity).inserted else { continue }
            if parameter.location == .header || parameter.location == .cookie, !HTTPMethod.isToken(parameter.name) {
                types.diagnostics.warning("\(parameter.location.rawValue) parameter '\(spec: parameter.name)' is not a valid \(parameter.location.rawValue) name (letters, digits and !#$%&'*+-.^_`|~); it cannot be sent and is skipped",
                                          at: parameter.sourceLocation)
                continue
            }
            if parameter.location == .header,
               ["accept", "content-type", "authorization"].contains(parameter.name.lowercased()) {
                // The specification says these header parameters are ignored: the body, the response handling
                // and the security schemes set those headers.
                continue
            }
            parameters.append(translate(parameter, typePrefix: typePrefix, names: &argumentNames))
        }
        for placeholder in pathPlaceholders(operation.path) where !parameters.contains(where: { $0.location == .path && $0.name == placeholder }) {
            types.diagnostics.warning("path '\(spec: operation.path)' uses '{\(spec: placeholder)}' but the operation declares no such path parameter; it is taken as a string",
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
        let responses = checkingSelections(operation.responses.sorted { $0.status < $1.status }.compactMap { status, value in
            response(value, status: status, typePrefix: typePrefix)
        }, of: operation, body: body)
        let security = operation.security.map { self.security($0, knownSchemes: knownSchemes) } ?? defaultSecurity
        let documentation = [operation.summary, operation.description]
            .compactMap { $0 }.filter { !$0.allSatisfy(\.isWhitespace) }
        return OperationModel(
            operationID: operationID,
            swiftName: swiftName,
            method: operation.method.name,
            path: operation.path,
            documentation: documentation.isEmpty ? nil : uniqued(documentation).joined(separator: "\n\n"),
            deprecated: operation.deprecated,
            parameters: parameters,
            body: body,
            responses: responses,
            security: security
        )
    }

    func order(_ parameter: ParameterModel) -> Int {
        switch parameter.location {
        case .path: return 0
        case .query, .querystring: return parameter.type.isOptional ? 2 : 1
        case .header: return parameter.type.isOptional ? 4 : 3
        case .cookie: return 5
        }
    }

    func pathPlaceholders(_ path: String) -> [String] {
        var result: [String] = []
        var current: String?
        for character in path {
            if character == "{" { current = "" }
            else if character == "}", let name = current { result.append(name); current = nil }
            else if current != nil { current!.append(character) }
        }
        return result
    }

    func translate(_ parameter: Parameter, typePrefix: String, names: inout NameScope) -> ParameterModel {
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
        default:
            style = parameter.location == .query || parameter.location == .cookie ? .form : .simple
            if let name = parameter.style {
                types.diagnostics.warning("parameter style '\(spec: name)' is not one OpenAPI defines; '\(spec: parameter.name)' is sent in style \(style.rawValue)",
                                          at: parameter.sourceLocation, cause: "unknown-style")
            }
        }
        if parameter.location == .querystring {
            // The whole query string: an object's properties as a form, or JSON text.
            let encoding = parameter.content.map { Self.requestEncoding($0.0) }
            style = encoding == .json ? .json : .form
            if encoding != .json && encoding != .formURLEncoded {
                types.diagnostics.warning("querystring parameter '\(spec: parameter.name)' is sent as a form; OpenAPI describes it by 'content' of application/x-www-form-urlencoded or JSON",
                                          at: parameter.sourceLocation, cause: "querystring-content")
            }
        } else if parameter.schema == nil, let (mediaType, _) = parameter.content {
            if Self.requestEncoding(mediaType) != .json {
                types.diagnostics.warning("\(parameter.location.rawValue) parameter '\(spec: parameter.name)' described by '\(spec: mediaType)' content is sent as text in its default style",
                                          at: parameter.sourceLocation, cause: "content-parameter")
            } else if parameter.location == .query || parameter.location == .header {
                style = .json
            } else {
                types.diagnostics.warning("\(parameter.location.rawValue) parameter '\(spec: parameter.name)' described by JSON 'content' is sent in its default style, not as JSON",
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
}

private func uniqued(_ items: [String]) -> [String] {
    var seen: Set<String> = []
    return items.filter { seen.insert($0).inserted }
}
