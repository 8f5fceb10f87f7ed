public import Diagnostics
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import YAML

/// Reads an OpenAPI document and every file its `$ref`s reach, and parses them into a ``Document``.
///
/// Errors and warnings name the `file:line:column` of the node at fault. Loading fails with a
/// ``DiagnosticsError`` holding every error found; warnings come back with the document.
public final class DocumentLoader {
    /// Reads a file's bytes; replaceable so that tests can serve files from memory.
    public typealias FileReader = (String) throws -> [UInt8]

    /// Nil reads files from disk, mapped into memory.
    let readFile: FileReader?
    private var trees: [String: YAMLNode] = [:]
    var diagnostics = DiagnosticCollector()
    var version: SpecVersion = .v3_1
    private var pending: [(reference: Reference, kind: ReferenceKind)] = []
    private var references = ResolvedReferences()
    private var resolving: Set<String> = []
    /// How many schemas and path items were parsed while the document was still being read.
    var entriesParsedWhileReading = 0

    enum ReferenceKind {
        case schema, parameter, requestBody, response, header, securityScheme, pathItem
    }

    /// - Parameter readFile: reads a file's bytes; by default files are read from disk.
    public init(readFile: FileReader? = nil) {
        self.readFile = readFile
    }

    /// Runs `body` over the bytes of the file at `path`. Files on disk are mapped into memory rather than
    /// copied: libyaml then reads a big spec without waiting for a copy of it.
    ///
    /// - Throws: an error at `location` (the `$ref` that names the file) when the file cannot be read.
    private func withContents<Value>(of path: String, referencedFrom location: SourceLocation?,
                                     _ body: (UnsafeBufferPointer<UInt8>) throws(Diagnostic) -> Value)
        throws(Diagnostic) -> Value {
        func unreadable(_ reason: String?) -> Diagnostic {
            .error("cannot read '\(path)'" + (reason.map { ": " + $0 } ?? ""), at: location)
        }
        let fallback: [UInt8]
        if let readFile {
            do { fallback = try readFile(path) } catch { throw unreadable(nil) }
        } else {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw unreadable(ReadError(code: errno).reason) }
            defer { close(descriptor) }
            var status = stat()
            // Only regular files with contents are mapped; others (pipes, empty files, folders) are read.
            if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0,
               let mapped = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0),
               mapped != MAP_FAILED {
                defer { munmap(mapped, Int(status.st_size)) }
                let bytes = mapped.assumingMemoryBound(to: UInt8.self)
                return try body(UnsafeBufferPointer(start: bytes, count: Int(status.st_size)))
            }
            switch Self.readAll(from: descriptor, sizeHint: Int(status.st_size)) {
            case .success(let bytes): fallback = bytes
            case .failure(let error): throw unreadable(error.reason)
            }
        }
        return try fallback.withUnsafeBufferPointer { buffer throws(Diagnostic) in try body(buffer) }
    }

    /// What is left to read from `descriptor`, or the `errno` of the failure.
    private static func readAll(from descriptor: Int32, sizeHint: Int) -> Result<[UInt8], ReadError> {
        var bytes = [UInt8](repeating: 0, count: max(sizeHint, 4096))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(code: errno))
            }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }

    private struct ReadError: Error {
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }

    /// Loads the document at `path` and the files it references.
    /// - Returns: the document and the warnings found while reading it.
    public func load(path: String) throws(DiagnosticsError) -> (document: Document, warnings: [Diagnostic]) {
        let root: YAMLNode
        let early = EarlyParsing()
        do {
            root = try tree(at: path, referencedFrom: nil, early: early)
        } catch {
            throw DiagnosticsError([error])
        }
        let document = parseDocument(root, early: early)
        resolvePending()
        if diagnostics.hasErrors {
            throw DiagnosticsError(diagnostics.diagnostics)
        }
        guard var document else { throw DiagnosticsError(diagnostics.diagnostics) }
        document.references = references
        return (document, diagnostics.diagnostics)
    }

    // MARK: Files

    private func tree(at path: String, referencedFrom location: SourceLocation?,
                      early: EarlyParsing? = nil) throws(Diagnostic) -> YAMLNode {
        let key = Self.normalize(path)
        if let tree = trees[key] { return tree }
        let tree = try withContents(of: path, referencedFrom: location) { bytes throws(Diagnostic) in
            if let early {
                try YAMLParser.parse(bytes: bytes, file: path, depth: EarlyParsing.depth, completed: early.completed)
            } else {
                try YAMLParser.parse(bytes: bytes, file: path)
            }
        }
        trees[key] = tree
        return tree
    }

    /// The form of a path used in reference keys.
    public static func normalize(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// ``normalize(_:)``, remembered: every `$ref` needs it, and Foundation's path handling is slow.
    private var normalizedPaths: [String: String] = [:]

    func normalized(_ path: String) -> String {
        if let known = normalizedPaths[path] { return known }
        let result = Self.normalize(path)
        normalizedPaths[path] = result
        return result
    }

    // MARK: References

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
            diagnostics.warning("remote reference '\(text)' is not followed (download the file and refer to it by path); its value is treated as any JSON",
                                at: node.location, cause: "remote-ref")
            return nil
        }
        if !pointer.isEmpty && !pointer.hasPrefix("/") {
            diagnostics.error("'\(text)' is not a JSON pointer (it must start with '#/')", at: node.location)
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
        return Reference(file: normalized(targetFile), pointer: pointer, location: node.location, text: text)
    }

    /// Takes over the references another loader met and has yet to resolve, after this one's.
    func adoptPending(of other: DocumentLoader) {
        pending.append(contentsOf: other.pending)
    }

    func enqueue(_ reference: Reference, _ kind: ReferenceKind) {
        pending.append((reference, kind))
    }

    /// Finds the node a reference points at, loading its file when needed.
    private func node(for reference: Reference) -> YAMLNode? {
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
                diagnostics.error("'$ref' target '\(reference.text)' does not exist", at: reference.location)
                return nil
            }
        }
        return current
    }

    /// Paths relative to the working directory read better in messages than absolute ones.
    private func displayPath(_ normalized: String) -> String {
        let cwd = Self.normalize(FileManager.default.currentDirectoryPath) + "/"
        return normalized.hasPrefix(cwd) ? String(normalized.dropFirst(cwd.count)) : normalized
    }

    private func resolvePending() {
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

    private func isResolved(_ key: String, _ kind: ReferenceKind) -> Bool {
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

/// Parts of the root document parsed while libyaml still reads the rest: each component schema and each path
/// item as soon as it is whole. On a big spec this takes the parse of the document off the time after reading.
///
/// Each kind has a loader of its own, whose warnings and pending references join the document's where that
/// kind would have been parsed, so that the result is the same as parsing after reading.
final class EarlyParsing {
    /// The deepest entries parsed early: `components` → `schemas` → a schema.
    static let depth = 3

    final class Section<Value> {
        fileprivate let loader: DocumentLoader
        fileprivate var entries: [(node: YAMLNode, value: Value)] = []

        fileprivate init(loader: DocumentLoader) {
            self.loader = loader
        }

        /// The values parsed early when they are those of `nodes`, in order and with `version`; their warnings
        /// and references then join `target`'s.
        func take(for nodes: [YAMLNode], version: SpecVersion, into target: DocumentLoader) -> [Value]? {
            guard loader.version == version, nodes.count == entries.count,
                  zip(nodes, entries).allSatisfy({ $0 === $1.node }) else { return nil }
            target.diagnostics.append(contentsOf: loader.diagnostics)
            target.adoptPending(of: loader)
            target.entriesParsedWhileReading += entries.count
            return entries.map(\.value)
        }
    }

    let schemas: Section<Schema>
    let pathItems: Section<PathItem?>
    /// Known once the `openapi` field is read; entries before it, or in a version not supported, wait for the
    /// parse after reading.
    private var version: SpecVersion?

    /// The loaders of the sections only parse: the references they meet are resolved by the document's own.
    init() {
        schemas = Section(loader: DocumentLoader())
        pathItems = Section(loader: DocumentLoader())
    }

    func completed(_ keyPath: [String], _ entry: YAMLNode.Pair) {
        switch keyPath.count {
        case 1 where keyPath[0] == "openapi":
            version = entry.value.scalar.flatMap(DocumentLoader.specVersion)
            if let version {
                schemas.loader.version = version
                pathItems.loader.version = version
            }
        case 2 where keyPath[0] == "paths" && version != nil:
            pathItems.entries.append((entry.value, pathItems.loader.parsePathEntry(entry)))
        case 3 where keyPath[0] == "components" && keyPath[1] == "schemas" && version != nil:
            schemas.entries.append((entry.value, schemas.loader.parseSchema(entry.value)))
        default:
            break
        }
    }
}
