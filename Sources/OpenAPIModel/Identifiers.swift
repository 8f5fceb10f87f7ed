#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import YAML

/// Names that documents give their parts, by which `$ref`s may point at them: a schema's `$id` and `$anchor`
/// (JSON Schema 2020-12, so OpenAPI 3.1), and a document's `$self` (OpenAPI 3.2). Each also sets the base URI
/// that the `$ref`s inside it are resolved against.
struct IdentifierIndex {
    typealias Location = (file: String, pointer: String)

    /// Resources by URI, without fragment: where the node an `$id` (or a document's `$self`) names is.
    var resources: [String: Location] = [:]
    /// Anchors by `resource#name`.
    var anchors: [String: Location] = [:]
    /// The base URI of `$ref` values written inside a resource whose base is not its file's.
    var bases: [ObjectIdentifier: String] = [:]
    /// The base URI of a document that sets one with `$self`, by the file's normalized path.
    var documentBases: [String: String] = [:]

    var isEmpty: Bool { resources.isEmpty && anchors.isEmpty && documentBases.isEmpty }
}

extension DocumentLoader {
    /// Whether a file's text names any part of it: files that do not, nearly all, are not walked. One pass over
    /// the bytes, looking only after each `$`.
    static func mentionsIdentifiers(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        // From `$` to `$`, found by `memchr`: a big spec has a `$` only in each `$ref`.
        while index < bytes.count, let found = memchr(base + index, Int32(UInt8(ascii: "$")), bytes.count - index) {
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            let rest = UnsafeBufferPointer(rebasing: bytes[index...])
            if rest.first != UInt8(ascii: "r"), identifierWords.contains(where: { rest.starts(with: $0) }) { return true }
        }
        return false
    }

    private static let identifierWords = ["id", "anchor", "dynamicAnchor", "self"].map { Array($0.utf8) }

    /// The base URI of the document in `file` (a normalized path).
    func documentBase(of file: String) -> String {
        identifiers.documentBases[file] ?? URIReference.fileURI(file)
    }

    /// Records the `$self`, `$id`s and anchors of the tree of `file` (a normalized path).
    func indexIdentifiers(in root: YAMLNode, file: String) {
        let fileBase = URIReference.fileURI(file)
        var documentBase = fileBase
        if let node = root["$self"], node.isStringScalar, let text = node.scalar {
            documentBase = URIReference.Parts(URIReference.resolve(text, against: fileBase)).resource
            identifiers.documentBases[file] = documentBase
            identifiers.resources[documentBase] = (file, "")
        }
        var stack: [(node: YAMLNode, base: String, pointer: String)] = [(root, documentBase, "")]
        while let (node, inherited, pointer) = stack.popLast() {
            if let items = node.items {
                for (index, item) in items.enumerated() { stack.append((item, inherited, pointer + "/\(index)")) }
                continue
            }
            guard let pairs = node.pairs else { continue }
            var base = inherited
            if let id = node["$id"], id.isStringScalar, let text = id.scalar {
                base = URIReference.Parts(URIReference.resolve(text, against: inherited)).resource
                identifiers.resources[base] = (file, pointer)
            }
            for key in ["$anchor", "$dynamicAnchor"] {
                if let anchor = node[key], anchor.isStringScalar, let name = anchor.scalar {
                    identifiers.anchors[base + "#" + name] = (file, pointer)
                }
            }
            if base != documentBase, let reference = node["$ref"] {
                identifiers.bases[ObjectIdentifier(reference)] = base
            }
            for pair in pairs {
                guard let key = pair.key.scalar else { continue }
                stack.append((pair.value, base, pointer + "/" + Self.escapePointer(key)))
            }
        }
    }

    /// A `$ref` read as a URI, against the base its place has: for documents that name their parts, and for
    /// references that are URIs.
    func uriReference(_ text: String, at node: YAMLNode) -> Reference? {
        let file = normalized(node.location.file)
        let base = identifiers.bases[ObjectIdentifier(node)] ?? documentBase(of: file)
        let target = URIReference.Parts(URIReference.resolve(text, against: base))
        let resource = target.resource
        let fragment = target.fragment ?? ""
        func at(_ location: IdentifierIndex.Location, _ pointer: String = "") -> Reference {
            Reference(file: location.file, pointer: location.pointer + pointer, location: node.location, text: text)
        }
        if !fragment.isEmpty, !fragment.hasPrefix("/") {
            if let anchor = identifiers.anchors[resource + "#" + fragment] { return at(anchor) }
            diagnostics.error("'$ref' '\(spec: text)' names no known anchor, and its fragment is not a JSON pointer (which starts with '/')",
                              at: node.location)
            return nil
        }
        if let resourceLocation = identifiers.resources[resource] { return at(resourceLocation, fragment) }
        if let path = URIReference.filePath(resource) {
            return fileReference(path: path, pointer: fragment, text: text, at: node)
        }
        // Under the folder of the document's `$self`: the file of that name beside the document.
        let documentURI = documentBase(of: file)
        let documentFolder = documentURI.lastIndex(of: "/").map { String(documentURI[...$0]) } ?? ""
        if identifiers.documentBases[file] != nil, !documentFolder.isEmpty, resource.hasPrefix(documentFolder) {
            let relative = String(resource.dropFirst(documentFolder.count))
            let path = Paths.join(Paths.directory(of: file), relative.removingPercentEncodingIfValid ?? relative)
            return fileReference(path: path, pointer: fragment, text: text, at: node)
        }
        diagnostics.warning("remote reference '\(spec: text)' is not followed (download the file and refer to it by path); its value is treated as any JSON",
                            at: node.location, cause: "remote-ref")
        return nil
    }
}
