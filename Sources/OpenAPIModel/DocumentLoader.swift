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
    var referenceRoot: String?
    /// ``referenceRoot`` with symbolic links resolved, worked out on first use.
    var realReferenceRoot: String?
    var trees: [String: YAMLNode] = [:]
    var diagnostics = DiagnosticCollector()
    var version: SpecVersion = .v3_1
    var pending: [(reference: Reference, kind: ReferenceKind)] = []
    var references = ResolvedReferences()
    var resolving: Set<String> = []
    /// How deep the schema being parsed is nested in other schemas written inline.
    var schemaDepth = 0
    /// The place of the schema about to be parsed, when known (see ``parseSchema(_:at:pointer:)``).
    var namedSchemaPlace: (file: String, pointer: String)?
    /// The places of the schemas being parsed that have `$recursiveAnchor: true`, outermost first.
    var recursiveAnchors: [(file: String, pointer: String)] = []
    /// How many schemas and path items were parsed while the document was still being read.
    var entriesParsedWhileReading = 0
    /// The parts documents name with `$id`, `$anchor` and `$self`.
    var identifiers = IdentifierIndex()
    /// Whether this loader parses parts of a document while it is read (see ``EarlyParsing``), and so cannot
    /// read what a reference names at once.
    var parsesWhileReading = false
    /// Set by such a loader when a part needs what it cannot do: the part is parsed again after reading.
    var needsParseAfterReading = false

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

    func tree(at path: String, referencedFrom location: SourceLocation?,
              early: EarlyParsing? = nil) throws(Diagnostic) -> YAMLNode {
        let key = Self.normalize(path)
        if let tree = trees[key] { return tree }
        let (tree, namesParts) = try withContents(of: path, referencedFrom: location) { bytes throws(Diagnostic) in
            let namesParts = Self.mentionsIdentifiers(bytes)
            // A document that names its parts is parsed after reading: its references need the names first.
            if let early, !namesParts {
                return (try YAMLParser.parse(bytes: bytes, file: path, depth: EarlyParsing.depth, completed: early.completed), false)
            }
            return (try YAMLParser.parse(bytes: bytes, file: path), namesParts)
        }
        trees[key] = tree
        if namesParts { indexIdentifiers(in: tree, file: key) }
        return tree
    }

    /// The form of a path used in reference keys: absolute, with `.` and `..` resolved.
    public static func normalize(_ path: String) -> String {
        Paths.normalized(path, in: currentDirectory)
    }

    static let currentDirectory: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// ``normalize(_:)``, remembered: every `$ref` needs it, and most name the same few files.
    var normalizedPaths: [String: String] = [:]

    func normalized(_ path: String) -> String {
        if let known = normalizedPaths[path] { return known }
        let result = Self.normalize(path)
        normalizedPaths[path] = result
        return result
    }
}
