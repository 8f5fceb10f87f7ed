import Diagnostics
import YAML

/// Reading each kind of OpenAPI object from its YAML node.
extension DocumentLoader {
    /// A name as a JSON pointer segment (`~` and `/` escaped).
    public static func escapePointer(_ segment: String) -> String {
        // Most names need no escaping; checking the bytes first spares a search-and-replace per name.
        guard segment.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return segment }
        return segment.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    // MARK: Node helpers

    func mapping(_ node: YAMLNode?, _ what: String) -> [YAMLNode.Pair]? {
        guard let node else { return nil }
        if let pairs = node.pairs { return pairs }
        if node.isNull { return [] }
        diagnostics.error("\(what) must be a mapping, found \(node.kindDescription)", at: node.location)
        return nil
    }

    func sequence(_ node: YAMLNode?, _ what: String) -> [YAMLNode]? {
        guard let node else { return nil }
        if let items = node.items { return items }
        if node.isNull { return [] }
        diagnostics.error("\(what) must be a sequence, found \(node.kindDescription)", at: node.location)
        return nil
    }

    func string(_ node: YAMLNode?, _ what: String) -> String? {
        guard let node else { return nil }
        if let text = node.scalar, !node.isNull { return text }
        diagnostics.error("\(what) must be a string, found \(node.kindDescription)", at: node.location)
        return nil
    }

    func bool(_ node: YAMLNode?, _ what: String) -> Bool? {
        guard let node else { return nil }
        if let value = node.bool { return value }
        diagnostics.error("\(what) must be true or false", at: node.location)
        return nil
    }

    func literal(_ node: YAMLNode) -> JSONLiteral {
        switch node.content {
        case .sequence(let items):
            return .array(items.map(literal))
        case .mapping(let pairs):
            return .object(pairs.map { JSONLiteral.Member(key: $0.key.scalar ?? "", value: literal($0.value)) })
        case .scalar(let text, _):
            if !node.isStringScalar {
                if node.isNull { return .null }
                if let value = node.bool { return .bool(value) }
                if let value = node.int { return .integer(value) }
                if let value = node.double { return .number(value) }
            }
            return .string(text)
        }
    }

    // MARK: Document

    /// The version a document's `openapi` field names, when supported: `3.0`, `3.1` or `3.2`, then an optional
    /// patch number and pre-release suffix (`3.1.0`, `3.0.3-rc1`), and nothing else.
    static func specVersion(_ text: String) -> SpecVersion? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes[0] == UInt8(ascii: "3"), bytes[1] == UInt8(ascii: ".") else { return nil }
        var rest = bytes[2...]
        let minor = rest.prefix { (0x30...0x39).contains($0) }
        rest = rest.dropFirst(minor.count)
        if rest.first == UInt8(ascii: ".") {
            let patch = rest.dropFirst().prefix { (0x30...0x39).contains($0) }
            guard !patch.isEmpty else { return nil }
            rest = rest.dropFirst(1 + patch.count)
        }
        if rest.first == UInt8(ascii: "-") {
            let suffix = rest.dropFirst()
            guard !suffix.isEmpty, suffix.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            }) else { return nil }
            rest = rest.dropFirst(rest.count)
        }
        guard rest.isEmpty else { return nil }
        switch Array(minor) {
        case [0x30]: return .v3_0
        case [0x31]: return .v3_1
        case [0x32]: return .v3_2
        default: return nil
        }
    }

    /// - Parameter early: what was parsed while the document was read; used where it covers exactly the
    ///   entries the document ended up with, its warnings and references taken in at that place.
    func parseDocument(_ root: YAMLNode, early: EarlyParsing? = nil) -> Document? {
        guard root.isMapping else {
            diagnostics.error("an OpenAPI document must be a mapping, found \(root.kindDescription)", at: root.location)
            return nil
        }
        if let swagger = root["swagger"] {
            diagnostics.error("Swagger \(spec: swagger.scalar ?? "2.0") is not supported; convert the document to OpenAPI 3",
                              at: swagger.location)
            return nil
        }
        guard let versionNode = root["openapi"], let versionText = versionNode.scalar else {
            diagnostics.error("missing 'openapi' version field", at: root.location)
            return nil
        }
        if let parsed = Self.specVersion(versionText) {
            version = parsed
        } else {
            diagnostics.error("OpenAPI version '\(spec: versionText)' is not supported (3.0.x, 3.1.x and 3.2.x are)",
                              at: versionNode.location)
            return nil
        }
        let file = root.location.file
        let components = root["components"].map { parseComponents($0, file: file, early: early) } ?? Components()
        let pathPairs = mapping(resolvingNonStandardReference(root["paths"], "the 'paths' map"), "'paths'") ?? []
        let paths = early?.pathItems.take(for: pathPairs.map(\.value), version: version, into: self)?.compactMap { $0 }
            ?? pathPairs.compactMap(parsePathEntry)
        if let webhooks = root["webhooks"], !(webhooks.pairs ?? []).isEmpty {
            diagnostics.warning("'webhooks' are requests the API sends, not ones a client makes; they are not generated",
                                at: webhooks.location)
        }
        let infoNode = root["info"]
        if infoNode == nil {
            diagnostics.warning("missing 'info' object", at: root.location)
        }
        let info = Info(
            title: infoNode?["title"]?.scalar ?? "",
            version: infoNode?["version"]?.scalar ?? "",
            description: infoNode?["description"]?.scalar
        )
        let tags = parseTags(root["tags"])
        return Document(
            version: version,
            versionString: versionText,
            info: info,
            servers: parseServers(root["servers"]),
            paths: paths,
            components: components,
            security: parseSecurity(root["security"]),
            tags: tags,
            references: ResolvedReferences(),
            location: root.location
        )
    }

    /// Tags, with OpenAPI 3.2's `summary`, `parent` and `kind`; a parent that names no tag, or a tag that is
    /// its own ancestor, is a warning.
    func parseTags(_ node: YAMLNode?) -> [Tag] {
        var locations: [String: SourceLocation] = [:]
        let tags = (sequence(node, "'tags'") ?? []).compactMap { node -> Tag? in
            guard let name = string(node["name"], "a tag's 'name'") else { return nil }
            locations[name] = node["parent"]?.location ?? node.location
            return Tag(name: name, description: node["description"]?.scalar, summary: node["summary"]?.scalar,
                       parent: node["parent"]?.scalar, kind: node["kind"]?.scalar)
        }
        let parents = Dictionary(tags.map { ($0.name, $0.parent) }, uniquingKeysWith: { first, _ in first })
        for tag in tags {
            guard let parent = tag.parent else { continue }
            guard parents[parent] != nil else {
                diagnostics.warning("tag '\(spec: tag.name)' names parent '\(spec: parent)', which is not a tag",
                                    at: locations[tag.name], cause: "tag-parent")
                continue
            }
            var seen: Set<String> = [tag.name]
            var current: String? = parent
            while let name = current, seen.insert(name).inserted { current = parents[name] ?? nil }
            if current == tag.name {
                diagnostics.warning("tag '\(spec: tag.name)' is its own ancestor through 'parent'", at: locations[tag.name],
                                    cause: "tag-cycle")
            }
        }
        return tags
    }

    func parseServers(_ node: YAMLNode?) -> [Server] {
        (sequence(node, "'servers'") ?? []).compactMap { node -> Server? in
            guard let url = string(node["url"], "a server's 'url'") else { return nil }
            let variables = (mapping(node["variables"], "'variables'") ?? []).compactMap { pair -> Server.Variable? in
                guard let name = pair.key.scalar else { return nil }
                guard let defaultValue = string(pair.value["default"], "server variable '\(spec: name)'s 'default'") else {
                    return nil
                }
                let enumValues = (sequence(pair.value["enum"], "'enum'") ?? []).compactMap(\.scalar)
                return Server.Variable(name: name, defaultValue: defaultValue, enumValues: enumValues,
                                       description: pair.value["description"]?.scalar)
            }
            return Server(url: url, description: node["description"]?.scalar, name: node["name"]?.scalar,
                          variables: variables,
                          location: node.location)
        }
    }

    func parseSecurity(_ node: YAMLNode?) -> [SecurityRequirement]? {
        guard let items = sequence(node, "'security'") else { return nil }
        return items.map { item in
            let schemes = (mapping(item, "a security requirement") ?? []).map { pair in
                (name: pair.key.scalar ?? "", scopes: (pair.value.items ?? []).compactMap(\.scalar),
                 location: pair.key.location)
            }
            return SecurityRequirement(schemes: schemes)
        }
    }

    func parseRequestBody(_ node: YAMLNode) -> RequestBody? {
        guard mapping(node, "a request body") != nil else { return nil }
        return RequestBody(
            description: node["description"]?.scalar,
            required: bool(node["required"], "'required'") ?? false,
            content: parseContent(node["content"]),
            location: node.location
        )
    }

    func parseContent(_ node: YAMLNode?) -> [MediaType] {
        (mapping(resolvingNonStandardReference(node, "a 'content' map"), "'content'") ?? []).compactMap { pair -> MediaType? in
            var reference: Reference?
            // OpenAPI 3.2 lets a media type be a `$ref` to `components/mediaTypes`.
            guard let name = pair.key.scalar,
                  let node = resolvingNonStandardReference(pair.value, "a media type", target: &reference, standardSince32: true),
                  mapping(node, "media type '\(spec: name)'") != nil else { return nil }
            if name.lowercased().hasPrefix("multipart/"),
               let sequential = node["itemSchema"] ?? node["itemEncoding"] ?? node["prefixEncoding"] {
                diagnostics.warning("multipart parts in sequence ('itemSchema', 'itemEncoding', 'prefixEncoding') are not turned into Swift; the body is bytes",
                                    at: sequential.location, cause: "multipart-sequence")
            }
            let encoding = (mapping(node["encoding"], "'encoding'") ?? []).map { entry in
                (name: entry.key.scalar ?? "",
                 encoding: MediaType.Encoding(
                    contentType: entry.value["contentType"]?.scalar,
                    headers: parseHeaders(entry.value["headers"])))
            }
            let itemSchemaNode = node["itemSchema"] ?? node["x-item-schema"]
            return MediaType(
                name: name,
                schema: node["schema"].map(parseSchema),
                itemSchema: itemSchemaNode.map(parseSchema),
                encoding: encoding,
                eventStreamTerminator: node["x-sse-terminator"]?.scalar,
                selectedBy: node["x-selected-by"].flatMap(parseSelectedBy),
                location: pair.key.location
            )
        }
    }

    /// `x-selected-by: {property: [values]}`, one property; a single value may stand without its list.
    func parseSelectedBy(_ node: YAMLNode) -> MediaType.SelectedBy? {
        guard let pairs = node.pairs, pairs.count == 1, let property = pairs[0].key.scalar,
              case let values = pairs[0].value.items ?? [pairs[0].value],
              !values.isEmpty, values.allSatisfy({ $0.scalar != nil }) else {
            diagnostics.warning("'x-selected-by' must map one request body property to the values that select this media type, such as {response_format: [text, srt]}; it is ignored",
                                at: node.location, cause: "selected-by-form")
            return nil
        }
        return MediaType.SelectedBy(property: property, values: values.map(literal), location: node.location)
    }

    func parseHeaders(_ node: YAMLNode?) -> [(name: String, header: Referenceable<Header>)] {
        (mapping(node, "'headers'") ?? []).compactMap { pair in
            guard let name = pair.key.scalar, let header = referenceable(pair.value, .header, parseHeader) else {
                return nil
            }
            return (name, header)
        }
    }

    func parseResponse(_ node: YAMLNode) -> Response? {
        guard mapping(node, "a response") != nil else { return nil }
        return Response(
            description: node["description"]?.scalar,
            summary: node["summary"]?.scalar,
            headers: parseHeaders(node["headers"]),
            content: parseContent(node["content"]),
            location: node.location
        )
    }

    func parseHeader(_ node: YAMLNode) -> Header? {
        guard mapping(node, "a header") != nil else { return nil }
        var schema = node["schema"].map(parseSchema)
        if schema == nil, let first = node["content"]?.pairs?.first {
            schema = first.value["schema"].map(parseSchema)
        }
        return Header(
            description: node["description"]?.scalar,
            required: bool(node["required"], "'required'") ?? false,
            deprecated: bool(node["deprecated"], "'deprecated'") ?? false,
            schema: schema,
            location: node.location
        )
    }

    func parseSecurityScheme(_ node: YAMLNode) -> SecurityScheme? {
        guard mapping(node, "a security scheme") != nil else { return nil }
        guard let typeNode = node["type"], let type = typeNode.scalar else {
            diagnostics.warning("security scheme has no 'type'; it is skipped", at: node.location)
            return nil
        }
        let kind: SecurityScheme.Kind
        switch type {
        case "apiKey":
            guard let name = string(node["name"], "an apiKey scheme's 'name'"),
                  let locationText = string(node["in"], "an apiKey scheme's 'in'") else {
                diagnostics.warning("apiKey security scheme needs 'name' and 'in'; it is skipped", at: node.location)
                return nil
            }
            guard let location = ParameterLocation(rawValue: locationText), location != .path else {
                diagnostics.warning("apiKey 'in' must be header, query or cookie; the scheme is skipped", at: node["in"]?.location)
                return nil
            }
            kind = .apiKey(name: name, location: location)
        case "http":
            guard let scheme = string(node["scheme"], "an http scheme's 'scheme'") else {
                diagnostics.warning("http security scheme has no 'scheme'; it is skipped", at: node.location)
                return nil
            }
            kind = .http(scheme: scheme.lowercased(), bearerFormat: node["bearerFormat"]?.scalar)
        case "oauth2": kind = .oauth2
        case "openIdConnect": kind = .openIDConnect
        case "mutualTLS": kind = .mutualTLS
        default:
            diagnostics.warning("unknown security scheme type '\(spec: type)'; it is skipped", at: typeNode.location)
            return nil
        }
        return SecurityScheme(kind: kind, description: node["description"]?.scalar,
                              deprecated: bool(node["deprecated"], "'deprecated'") ?? false, location: node.location)
    }
}

extension PathItem {
    /// A placeholder for a path item given by `$ref`; ``referencedItem`` names its target.
    func withReference(_ reference: Reference) -> PathItem {
        var copy = self
        copy.reference = reference
        return copy
    }
}

