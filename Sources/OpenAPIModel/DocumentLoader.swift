public import Diagnostics
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
    /// The folder `$ref`s may reach into, normalized; by default the folder of the spec being loaded.
    private(set) var referenceRoot: String?
    /// ``referenceRoot`` with symbolic links resolved, worked out on first use.
    private var realReferenceRoot: String?
    private var trees: [String: YAMLNode] = [:]
    var diagnostics = DiagnosticCollector()
    var version: SpecVersion = .v3_1
    private var pending: [(reference: Reference, kind: ReferenceKind)] = []
    private var references = ResolvedReferences()
    private var resolving: Set<String> = []
    /// How deep the schema being parsed is nested in other schemas written inline.
    var schemaDepth = 0
    /// How many schemas and path items were parsed while the document was still being read.
    var entriesParsedWhileReading = 0

    /// The largest file read, in bytes: far above any real spec, below what would exhaust memory.
    public static let maximumFileSize = 128 << 20
    /// The deepest schemas may nest inline (OpenAI's spec reaches 9): deeper ones are an error, which keeps
    /// translation, generated names and the compiler's work bounded.
    public static let maximumSchemaDepth = 64
    /// The longest chain of `$ref`s to `$ref`s.
    public static let maximumReferenceChain = 64

    enum ReferenceKind {
        case schema, parameter, requestBody, response, header, securityScheme, pathItem
    }

    /// - Parameters:
    ///   - readFile: reads a file's bytes; by default files are read from disk.
    ///   - referenceRoot: the folder whose files `$ref`s may name (those in its subfolders included); by default
    ///     the folder of the spec loaded. A reference outside it is an error, so that a spec cannot make the
    ///     generator read, and copy into code or messages, files it was not given.
    public init(readFile: FileReader? = nil, referenceRoot: String? = nil) {
        self.readFile = readFile
        self.referenceRoot = referenceRoot.map { Paths.normalized($0, in: Self.currentDirectory) }
    }

    /// Runs `body` over the bytes of the file at `path`. Files on disk are mapped into memory rather than
    /// copied: libyaml then reads a big spec without waiting for a copy of it. Only regular files are read, and
    /// none larger than ``maximumFileSize``: a device, a pipe or a folder named by a spec is refused, never
    /// waited on.
    ///
    /// - Throws: an error at `location` (the `$ref` that names the file; the file's start for the spec itself)
    ///   when the file cannot be read.
    private func withContents<Value>(of path: String, referencedFrom location: SourceLocation?,
                                     _ body: (UnsafeBufferPointer<UInt8>) throws(Diagnostic) -> Value)
        throws(Diagnostic) -> Value {
        func unreadable(_ reason: String?) -> Diagnostic {
            .error("cannot read '\(path: path)'" + (reason.map { ": " + $0 } ?? ""),
                   at: location ?? .start(of: path))
        }
        let tooLarge = "it is larger than \(Self.maximumFileSize >> 20) MiB"
        let fallback: [UInt8]
        if let readFile {
            do { fallback = try readFile(path) } catch { throw unreadable(nil) }
            if fallback.count > Self.maximumFileSize { throw unreadable(tooLarge) }
        } else {
            // Non-blocking, so that opening a FIFO does not wait for a writer.
            let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else { throw unreadable(ReadError(code: errno).reason) }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw unreadable(ReadError(code: errno).reason) }
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw unreadable(ReadError(code: EISDIR).reason)
            default: throw unreadable("not a regular file")
            }
            if status.st_size > Self.maximumFileSize { throw unreadable(tooLarge) }
            if location != nil, let reason = escapeFromReferenceRoot(path) { throw unreadable(reason) }
            if status.st_size > 0,
               let mapped = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0),
               mapped != MAP_FAILED {
                defer { munmap(mapped, Int(status.st_size)) }
                let bytes = mapped.assumingMemoryBound(to: UInt8.self)
                return try body(UnsafeBufferPointer(start: bytes, count: Int(status.st_size)))
            }
            // Empty files, and files whose size the system does not know (some under /proc).
            switch Self.readAll(from: descriptor, limit: Self.maximumFileSize) {
            case .success(let bytes): fallback = bytes
            case .failure(let error): throw unreadable(error.code == EFBIG ? tooLarge : error.reason)
            }
        }
        return try fallback.withUnsafeBufferPointer { buffer throws(Diagnostic) in try body(buffer) }
    }

    /// Why the file at `path` is outside the reference root once symbolic links are followed, if it is.
    private func escapeFromReferenceRoot(_ path: String) -> String? {
        guard let root = referenceRoot else { return nil }
        if realReferenceRoot == nil { realReferenceRoot = Self.realPath(root) ?? root }
        guard let real = Self.realPath(path) else { return nil }
        guard !Paths.isInside(real, folder: realReferenceRoot!) else { return nil }
        return "it is a link to '\(path: real)', outside '\(path: root)', the folder references may reach"
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What is left to read from `descriptor`, or the `errno` of the failure (`EFBIG` past `limit` bytes).
    private static func readAll(from descriptor: Int32, limit: Int) -> Result<[UInt8], ReadError> {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= limit else { return .failure(ReadError(code: EFBIG)) }
                bytes.append(contentsOf: repeatElement(0, count: bytes.count))
            }
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
        if referenceRoot == nil {
            referenceRoot = Paths.directory(of: Paths.normalized(path, in: Self.currentDirectory))
        }
        let early = EarlyParsing(referenceRoot: referenceRoot)
        do {
            root = try tree(at: path, referencedFrom: nil, early: early)
        } catch {
            throw DiagnosticsError([error])
        }
        let document = parseDocument(root, early: early)
        resolvePending()
        checkReferenceChains(references)
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

    /// The form of a path used in reference keys: absolute, with `.` and `..` resolved.
    public static func normalize(_ path: String) -> String {
        Paths.normalized(path, in: currentDirectory)
    }

    static let currentDirectory: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(cString: buffer)
    }()

    /// ``normalize(_:)``, remembered: every `$ref` needs it, and most name the same few files.
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
                diagnostics.error("'$ref' target '\(spec: reference.text)' does not exist", at: reference.location)
                return nil
            }
        }
        return current
    }

    /// Paths relative to the working directory read better in messages than absolute ones.
    private func displayPath(_ normalized: String) -> String {
        if normalized == Self.currentDirectory { return "." }
        let cwd = Self.currentDirectory.hasSuffix("/") ? Self.currentDirectory : Self.currentDirectory + "/"
        return normalized.utf8.starts(with: cwd.utf8) ? String(normalized.dropFirst(cwd.count)) : normalized
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
    init(referenceRoot: String?) {
        schemas = Section(loader: DocumentLoader(referenceRoot: referenceRoot))
        pathItems = Section(loader: DocumentLoader(referenceRoot: referenceRoot))
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
