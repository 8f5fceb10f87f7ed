import Diagnostics
import YAML

/// `$ref`s: where they point, and the values they name, parsed once each.
extension DocumentLoader {
    /// Turns the text of a `$ref` into a ``Reference`` relative to the file it is written in.
    func reference(_ node: YAMLNode) -> Reference? {
        if node.isNull {
            // `$ref: #/components/…` unquoted: YAML reads `#` as the start of a comment.
            diagnostics.error("'$ref' has no value; in YAML an unquoted '#' starts a comment, so quote the reference ('#/components/…')",
                              at: node.location)
            return nil
        }
        guard let text = node.scalar else {
            diagnostics.error("'$ref' must be a string, found \(node.kindDescription)", at: node.location)
            return nil
        }
        // A document that names its parts, or a reference with a scheme, is read as a URI; the rest, nearly all,
        // as a path and a pointer.
        if !identifiers.isEmpty || URIReference.hasScheme(text) {
            return uriReference(text, at: node)
        }
        let hashIndex = text.firstIndex(of: "#")
        let filePart = hashIndex.map { String(text[..<$0]) } ?? text
        let pointer = hashIndex.map { String(text[text.index(after: $0)...]) } ?? ""
        if !pointer.isEmpty && !pointer.hasPrefix("/") {
            diagnostics.error("'\(spec: text)' is not a JSON pointer (it must start with '#/')", at: node.location)
            return nil
        }
        let file = node.location.file
        let path = filePart.isEmpty ? file : filePart.hasPrefix("/") ? filePart : Paths.join(Paths.directory(of: file), filePart)
        return fileReference(path: path, pointer: pointer, text: text, at: node, isOtherFile: !filePart.isEmpty)
    }

    /// A reference to `pointer` in the file at `path`, which must be inside the reference root.
    func fileReference(path: String, pointer: String, text: String, at node: YAMLNode,
                       isOtherFile: Bool = true) -> Reference? {
        let target = normalized(path)
        if isOtherFile, let root = referenceRoot, !Paths.isInside(target, folder: root) {
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
        var hops = 0
        return node(for: reference, hops: &hops)
    }

    /// - Parameter hops: the `$ref`s followed so far on the way to this one.
    private func node(for reference: Reference, hops: inout Int) -> YAMLNode? {
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
        var hops = 0
        for segment in reference.segments {
            // A `$ref` on the way is followed, as JSON Reference resolution does: a pointer may go through one.
            while current[segment] == nil, let refNode = current["$ref"] {
                hops += 1
                guard hops <= Self.maximumReferenceChain, let next = self.reference(refNode),
                      let target = node(for: next, hops: &hops) else {
                    if hops > Self.maximumReferenceChain {
                        diagnostics.error("'$ref' target '\(spec: reference.text)' is reached through more than \(Self.maximumReferenceChain) other '$ref's",
                                          at: reference.location)
                    }
                    return nil
                }
                current = target
            }
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

    /// `node`, or, when it is a `$ref` where OpenAPI allows none (an operation, a `content` map, a section of
    /// `components`; `what` names it), the node it names. Bundlers and most tools accept these, so they are read,
    /// with a warning that the spec relies on them.
    func resolvingNonStandardReference(_ node: YAMLNode?, _ what: String) -> YAMLNode? {
        var target: Reference?
        return resolvingNonStandardReference(node, what, target: &target)
    }

    /// - Parameters:
    ///   - target: set to the last reference followed, if any.
    ///   - standardSince32: whether OpenAPI 3.2 allows the reference (a Media Type Object's), so that only older
    ///     documents get the warning.
    func resolvingNonStandardReference(_ node: YAMLNode?, _ what: String, target: inout Reference?,
                                       standardSince32: Bool = false) -> YAMLNode? {
        guard var current = node else { return nil }
        var hops = 0
        // Only a `$ref` whose value is text: a schema's property may be named `$ref`.
        while let refNode = current["$ref"], refNode.scalar != nil {
            guard !parsesWhileReading else {
                // Only the document's own loader can read other files and the whole document.
                needsParseAfterReading = true
                return nil
            }
            if hops == 0, !(standardSince32 && version == .v3_2) {
                diagnostics.warning("\(what) given by '$ref' is not standard OpenAPI; it is read as what the reference names",
                                    at: refNode.location, cause: "non-standard-ref-\(what)")
            }
            hops += 1
            guard hops <= Self.maximumReferenceChain, let reference = reference(refNode),
                  let next = self.node(for: reference, hops: &hops) else { return nil }
            target = reference
            current = next
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
            case .schema: references.schemas[key] = parseSchema(target, at: reference.file, pointer: reference.pointer)
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
