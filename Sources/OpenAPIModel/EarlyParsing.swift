import YAML

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
            loader.parsesWhileReading = true
        }

        /// The values parsed early when they are those of `nodes`, in order and with `version`; their warnings
        /// and references then join `target`'s.
        func take(for nodes: [YAMLNode], version: SpecVersion, into target: DocumentLoader) -> [Value]? {
            guard loader.version == version, !loader.needsParseAfterReading, nodes.count == entries.count,
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
            let pointer = "/components/schemas/" + DocumentLoader.escapePointer(keyPath[2])
            let file = schemas.loader.normalized(entry.value.location.file)
            schemas.entries.append((entry.value, schemas.loader.parseSchema(entry.value, at: file, pointer: pointer)))
        default:
            break
        }
    }
}
