import Diagnostics
import YAML

/// Paths, operations and their parameters.
extension DocumentLoader {
    /// An entry of `paths`; nil, with a warning, when the key is not a path.
    func parsePathEntry(_ pair: YAMLNode.Pair) -> PathItem? {
        guard let path = pair.key.scalar else { return nil }
        if !path.hasPrefix("/") {
            diagnostics.warning("path '\(spec: path)' does not start with '/'; it is skipped", at: pair.key.location)
            return nil
        }
        return parsePathItem(pair.value, path: path)
    }

    func parsePathItem(_ node: YAMLNode, path: String) -> PathItem? {
        if let refNode = node["$ref"], let reference = reference(refNode) {
            // A path item by reference: parse the target in place of this one.
            enqueue(reference, .pathItem)
            return PathItem(path: path, summary: nil, description: nil, parameters: [], operations: [],
                            location: node.location).withReference(reference)
        }
        guard let pairs = mapping(node, "path item '\(spec: path)'") else { return nil }
        warnOfServers(node["servers"], on: "a path")
        var item = PathItem(
            path: path,
            summary: node["summary"]?.scalar,
            description: node["description"]?.scalar,
            parameters: parseParameterList(node["parameters"]),
            operations: [],
            location: node.location
        )
        var methods: [(HTTPMethod, YAMLNode)] = []
        for pair in pairs {
            guard let key = pair.key.scalar else { continue }
            if let method = HTTPMethod.keyed[key] {
                methods.append((method, pair.value))
            } else if key == "additionalOperations" {
                methods += additionalOperations(pair.value)
            }
        }
        for (method, value) in methods {
            if let node = resolvingNonStandardReference(value, "an operation"),
               let operation = parseOperation(node, method: method, path: path) {
                item.operations.append(operation)
            }
        }
        return item
    }

    /// OpenAPI 3.2's other methods, by their names as sent (`LINK`): each must be an HTTP token, and not one a
    /// path item has a key for.
    func additionalOperations(_ node: YAMLNode) -> [(HTTPMethod, YAMLNode)] {
        (mapping(node, "'additionalOperations'") ?? []).compactMap { pair in
            guard let name = pair.key.scalar else { return nil }
            if HTTPMethod.keyed[name.lowercased()] != nil {
                diagnostics.warning("method '\(spec: name)' has a field of its own, '\(spec: name.lowercased())'; it is skipped here",
                                    at: pair.key.location)
                return nil
            }
            guard HTTPMethod.isToken(name) else {
                diagnostics.warning("'\(spec: name)' is not an HTTP method name; the operation is skipped", at: pair.key.location)
                return nil
            }
            return (HTTPMethod(name: name), pair.value)
        }
    }

    /// Servers of a path or an operation would send its requests elsewhere than the client's server URL,
    /// which the generated client cannot do yet.
    func warnOfServers(_ node: YAMLNode?, on what: String) {
        guard let node, !(node.items ?? []).isEmpty else { return }
        diagnostics.warning("'servers' of \(what) are not used: its requests go to the client's server URL",
                            at: node.location, cause: "operation-servers")
    }

    func parseParameterList(_ node: YAMLNode?) -> [Referenceable<Parameter>] {
        (sequence(resolvingNonStandardReference(node, "a 'parameters' list"), "'parameters'") ?? [])
            .compactMap { referenceable($0, .parameter, parseParameter) }
    }

    func parseOperation(_ node: YAMLNode, method: HTTPMethod, path: String) -> Operation? {
        guard mapping(node, "operation '\(method.name) \(spec: path)'") != nil else { return nil }
        var responses: [(ResponseStatus, Referenceable<Response>)] = []
        for pair in mapping(resolvingNonStandardReference(node["responses"], "a 'responses' map"), "'responses'") ?? [] {
            guard let key = pair.key.scalar else { continue }
            let status: ResponseStatus
            if key == "default" {
                status = .default
            } else if key.count == 3, let code = Int(key), (100...599).contains(code) {
                status = .code(code)
            } else if key.count == 3, key.uppercased().hasSuffix("XX"), let digit = Int(key.prefix(1)),
                      (1...5).contains(digit) {
                status = .range(digit)
            } else {
                diagnostics.warning("'\(spec: key)' is not a response status code (200, 2XX or default); the response is skipped",
                                  at: pair.key.location)
                continue
            }
            if let response = referenceable(pair.value, .response, parseResponse) {
                responses.append((status, response))
            }
        }
        warnOfServers(node["servers"], on: "an operation")
        if let callbacks = node["callbacks"] {
            diagnostics.warning("'callbacks' are requests the API sends, not ones a client makes; they are not generated",
                                at: callbacks.location, cause: "callbacks")
        }
        return Operation(
            method: method,
            path: path,
            operationID: string(node["operationId"], "'operationId'"),
            summary: node["summary"]?.scalar,
            description: node["description"]?.scalar,
            tags: (sequence(node["tags"], "'tags'") ?? []).compactMap(\.scalar),
            parameters: parseParameterList(node["parameters"]),
            requestBody: node["requestBody"].flatMap { referenceable($0, .requestBody, parseRequestBody) },
            responses: responses,
            deprecated: bool(node["deprecated"], "'deprecated'") ?? false,
            security: parseSecurity(node["security"]),
            location: node.location
        )
    }

    func parseParameter(_ node: YAMLNode) -> Parameter? {
        guard mapping(node, "a parameter") != nil else { return nil }
        guard let name = string(node["name"], "a parameter's 'name'") else {
            if node["name"] == nil { diagnostics.warning("parameter has no 'name'; it is skipped", at: node.location) }
            return nil
        }
        guard let locationNode = node["in"], let locationText = locationNode.scalar else {
            diagnostics.warning("parameter '\(spec: name)' has no 'in'; it is skipped", at: node.location)
            return nil
        }
        guard let location = ParameterLocation(rawValue: locationText) else {
            diagnostics.warning("parameter '\(spec: name)' has unsupported location '\(spec: locationText)' (path, query, querystring, header and cookie are supported); it is skipped",
                              at: locationNode.location)
            return nil
        }
        var content: (String, Schema?)?
        if let first = mapping(node["content"], "'content'")?.first, let mediaType = first.key.scalar {
            content = (mediaType, first.value["schema"].map(parseSchema))
        }
        if let allowReserved = node["allowReserved"], allowReserved.bool == true {
            diagnostics.warning("'allowReserved' is not used: reserved characters in parameter '\(spec: name)' are percent-encoded",
                                at: allowReserved.location, cause: "allow-reserved")
        }
        return Parameter(
            name: name,
            location: location,
            description: node["description"]?.scalar,
            required: bool(node["required"], "'required'") ?? (location == .path),
            deprecated: bool(node["deprecated"], "'deprecated'") ?? false,
            schema: node["schema"].map(parseSchema),
            content: content,
            style: node["style"]?.scalar,
            explode: node["explode"]?.bool,
            sourceLocation: node.location
        )
    }
}
