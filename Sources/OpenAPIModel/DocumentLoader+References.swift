import Diagnostics
import YAML

/// `$ref`s: where they point, and the values they name, parsed once each.
extension DocumentLoader {
    /// Turns the text of a `$ref` into a ``Reference`` relative to the file it is written in.
    func reference(_ node: YAMLNode) -> Reference? {
        guard let text = node.scalar else {
            diagnostics.error("'$ref' must be a string", at: node.location)
            return nil
        }
        let file = node.location.file
        let hashIndex = text.firstIndex(of: "#")
        let filePart = hashIndex.map { String(text[..<$0]) } ?? text
        let pointer = hashIndex.map { String(text[text.index(after: $0)...]) } ?? ""
        if filePart.contains("://") {
            diagnostics.warning("remote reference '\(spec: text)' is not followed (download the file and refer to it by path); its value is treated as any JSON",
                                at: node.location, cause: "remote-ref")
            return nil
        }
        if !pointer.isEmpty && !pointer.hasPrefix("/") {
            diagnostics.error("'\(spec: text)' is not a JSON pointer (it must start with '#/')", at: node.location)
            return nil
        }
        let targetFile: String
        if filePart.isEmpty {
            targetFile = file
        } else if filePart.hasPrefix("/") {
            targetFile = filePart
        } else {
            targetFile = Paths.join(Paths.directory(of: file), filePart)
        }
        let target = normalized(targetFile)
        if !filePart.isEmpty, let root = referenceRoot, !Paths.isInside(target, folder: root) {
            diagnostics.error("'$ref' '\(spec: text)' names a file outside '\(path: displayPath(root))', the folder references may reach (--ref-root allows a wider one)",
                              at: node.location)
            return nil
        }
        return Reference(file: target, pointer: pointer, location: node.location, text: text)
    }

    /// Takes over the references another loader met and has yet to resolve, after this one's.
    func adoptPending(of other: DocumentLoader) {
        pending.append(contentsOf: other.pending)
    }

    func enqueue(_ reference: Reference, _ kind: ReferenceKind) {
        pending.append((reference, kind))
    }

    /// Finds the node a reference points at, loading its file when needed.
    func node(for reference: Reference) -> YAMLNode? {
        let root: YAMLNode
        do {
            if let tree = trees[reference.file] {
                root = tree
            } else {
                root = try tree(at: displayPath(reference.file), referencedFrom: reference.location)
            }
        } catch {
            diagnostics.add(error)
            return nil
        }
        var current = root
        for segment in reference.segments {
            if let next = current[segment] {
                current = next
            } else if let items = current.items, let index = Int(segment), items.indices.contains(index) {
                current = items[index]
            } else {
                diagnostics.error("'$ref' target '\(spec: reference.text)' does not exist", at: reference.location)
                return nil
            }
        }
        return current
    }

    /// Paths relative to the working directory read better in messages than absolute ones.
    func displayPath(_ normalized: String) -> String {
        if normalized == Self.currentDirectory { return "." }
        let cwd = Self.currentDirectory.hasSuffix("/") ? Self.currentDirectory : Self.currentDirectory + "/"
        return normalized.utf8.starts(with: cwd.utf8) ? String(normalized.dropFirst(cwd.count)) : normalized
    }

    func resolvePending() {
        while let (reference, kind) = pending.popLast() {
            let key = reference.key
            if isResolved(key, kind) || resolving.contains(key) { continue }
            guard let target = node(for: reference) else { continue }
            resolving.insert(key)
            switch kind {
            case .schema: references.schemas[key] = parseSchema(target)
            case .parameter: references.parameters[key] = parseReferenceable(target, parseParameter)
            case .requestBody: references.requestBodies[key] = parseReferenceable(target, parseRequestBody)
            case .response: references.responses[key] = parseReferenceable(target, parseResponse)
            case .header: references.headers[key] = parseReferenceable(target, parseHeader)
            case .securityScheme: references.securitySchemes[key] = parseReferenceable(target, parseSecurityScheme)
            case .pathItem:
                if let item = parsePathItem(target, path: reference.segments.last ?? "") {
                    references.pathItems[key] = item
                }
            }
            resolving.remove(key)
        }
    }

    func isResolved(_ key: String, _ kind: ReferenceKind) -> Bool {
        switch kind {
        case .schema: return references.schemas[key] != nil
        case .parameter: return references.parameters[key] != nil
        case .requestBody: return references.requestBodies[key] != nil
        case .response: return references.responses[key] != nil
        case .header: return references.headers[key] != nil
        case .securityScheme: return references.securitySchemes[key] != nil
        case .pathItem: return references.pathItems[key] != nil
        }
    }

    func parseReferenceable<T>(_ node: YAMLNode, _ parse: (YAMLNode) -> T?) -> Referenceable<T>? {
        if let refNode = node["$ref"] {
            return reference(refNode).map { .reference($0) }
        }
        return parse(node).map { .value($0) }
    }

    func referenceable<T>(_ node: YAMLNode, _ kind: ReferenceKind, _ parse: (YAMLNode) -> T?) -> Referenceable<T>? {
        let result = parseReferenceable(node, parse)
        if case .reference(let reference) = result { enqueue(reference, kind) }
        return result
    }

    /// Registers a component under its own reference key, so that `$ref`s to it resolve without parsing it twice.
    func register<T>(_ value: T, file: String, pointer: String,
                     in keyPath: WritableKeyPath<ResolvedReferences, [String: T]>) {
        references[keyPath: keyPath][normalized(file) + "#" + pointer] = value
    }
}
