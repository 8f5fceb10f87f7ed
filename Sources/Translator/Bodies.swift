import Diagnostics
import IntermediateModel
import OpenAPIModel

/// Request bodies and responses: which media type is used, and the types they carry.
extension ModuleBuilder {
    func requestBody(_ value: Referenceable<RequestBody>, typePrefix: String,
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
        warnIfXML(media)
        var contentType = media.name
        let schema = media.schema ?? Schema(location: media.location)
        var type: TypeUsage
        if encoding == .binary {
            type = .binary
        } else if encoding == .text {
            type = .string
        } else if encoding == .jsonLines || encoding == .jsonTextSequence {
            type = .array(types.usage(of: sequenceItem(media), hint: bodyName + "Item", parent: nil))
        } else {
            type = types.usage(of: schema, hint: bodyName, parent: nil)
            if encoding == .multipart {
                if isObject(type) {
                    type = fileParts(type)
                } else {
                    // Parts are an object's properties: anything else is sent as the caller's bytes.
                    if media.schema != nil {
                        types.diagnostics.warning("a multipart body whose schema is not an object is sent as the caller's bytes",
                                                  at: media.location, cause: "multipart-not-object")
                    }
                    encoding = .binary
                    type = .binary
                }
            }
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

    /// Whether values of the type are JSON objects, whose properties can be parts.
    private func isObject(_ type: TypeUsage) -> Bool {
        var current = type.unwrapped
        // Through aliases, which a spec can chain.
        for _ in 0..<DocumentLoader.maximumReferenceChain {
            switch current {
            case .jsonObject, .dictionary:
                return true
            case .named(let name):
                switch types.nodesByQualifiedName[name]?.kind {
                case .structure?, .union?: return true
                case .alias(let target)?: current = target.unwrapped
                default: return false
                }
            default:
                return false
            }
        }
        return false
    }

    /// In a multipart body, binary properties are files with a name and a content type.
    func fileParts(_ type: TypeUsage) -> TypeUsage {
        guard case .named(let name) = type.unwrapped, let node = types.nodesByQualifiedName[name],
              case .structure(let properties)? = node.kind else { return type }
        node.kind = .structure(properties.map { property in
            var property = property
            property.type = Self.replacingBinary(property.type)
            return property
        })
        return type
    }

    static func replacingBinary(_ type: TypeUsage) -> TypeUsage {
        switch type {
        case .binary: return .file
        case .optional(let wrapped): return .optional(replacingBinary(wrapped))
        case .array(let element): return .array(replacingBinary(element))
        default: return type
        }
    }

    /// XML travels as the caller's bytes or text: its schema, which describes elements and attributes, is
    /// not turned into Swift.
    func warnIfXML(_ media: MediaType) {
        let name = Self.essence(of: media.name)
        guard media.schema != nil, name == "application/xml" || name == "text/xml" || name.hasSuffix("+xml") else { return }
        types.diagnostics.warning("XML bodies are sent and received as bytes or text; the schema of '\(spec: media.name)' is not turned into Swift",
                                  at: media.location, cause: "xml-body")
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
        if name == "application/jsonl" || name == "application/x-ndjson" || name == "application/x-jsonlines" {
            return .jsonLines
        }
        if name == "application/json-seq" { return .jsonTextSequence }
        if name.hasPrefix("text/") { return .text }
        // Anything else (XML, NDJSON, PDF, images, vendor formats) travels as the caller's bytes, labelled with
        // the spec's media type: usable, if untyped.
        return .binary
    }

    /// The schema of each value of a sequence: OpenAPI 3.2's `itemSchema`, or else the items of the media type's
    /// array `schema`, or else that schema itself.
    func sequenceItem(_ media: MediaType) -> Schema {
        if let item = media.itemSchema { return item }
        guard let schema = media.schema else { return Schema(location: media.location) }
        return types.resolve(schema).items ?? schema
    }

    func preferredMediaType(_ content: [MediaType]) -> MediaType? {
        let ranked: [RequestBodyModel.Encoding] = [.json, .multipart, .formURLEncoded, .jsonLines, .jsonTextSequence,
                                                   .binary, .text]
        for encoding in ranked {
            if let media = content.first(where: { Self.requestEncoding($0.name) == encoding }) { return media }
        }
        return nil
    }

    func response(_ value: Referenceable<Response>, status: ResponseStatus, typePrefix: String) -> ResponseModel? {
        let modelStatus = Self.modelStatus(status)
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

    func translate(_ value: Referenceable<Response>, status: ResponseModel.Status, hint: String,
                   eventHint: String) -> ResponseModel? {
        guard let response = resolve(value, in: document.references.responses) else { return nil }
        var contents: [ResponseModel.Content] = []
        var selections: [ResponseModel.Selection] = []
        for media in response.content {
            if let selection = media.selectedBy {
                // Checked against each operation's body when the operation is put together.
                selections.append(ResponseModel.Selection(contentIndex: contents.count, property: selection.property,
                                                          values: selection.values.map(TypeTranslator.literal)))
            }
            warnIfXML(media)
            let name = Self.essence(of: media.name)
            if name == "text/event-stream" {
                let item = media.itemSchema ?? media.schema ?? Schema(location: media.location)
                let usage = types.usage(of: item, hint: eventHint, parent: nil)
                // Only a terminator the spec names is required: without one, a stream's end is taken as whole.
                contents.append(.eventStream(item: usage, terminator: media.eventStreamTerminator))
            } else if case let encoding = Self.requestEncoding(name), encoding == .jsonLines || encoding == .jsonTextSequence {
                let usage = types.usage(of: sequenceItem(media), hint: eventHint, parent: nil)
                contents.append(.jsonSequence(item: usage, recordSeparated: encoding == .jsonTextSequence,
                                              contentType: media.name))
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
        let documentation = [response.description, response.summary].lazy.compactMap { $0 }
            .first { !$0.allSatisfy(\.isWhitespace) }
        return ResponseModel(status: status, documentation: documentation, contents: contents,
                             selections: selections, headers: headers)
    }
}

extension Substring {
    var trimmingSpaces: String {
        let start = firstIndex(where: { $0 != " " }) ?? endIndex
        let end = lastIndex(where: { $0 != " " }).map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
