public import IntermediateModel

/// A file the emitter produces.
public struct GeneratedFile: Hashable, Sendable {
    public var name: String
    public var contents: String

    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// Options for the emitted code.
public struct EmitterOptions: Sendable {
    /// The access level of generated declarations: `public`, `package` or `internal`.
    public var accessLevel: String
    /// About how many lines one file holds before the next starts, so that big modules compile in parallel.
    public var linesPerFile: Int
    /// The name of the generator, for the header.
    public var generatorName: String
    /// When set, exactly this many `Types<n>.swift` and `Operations<n>.swift` files, whatever the spec's size:
    /// build tool plugins must name their outputs before the generator runs.
    public var fixedFileCounts: (types: Int, operations: Int)?

    public init(accessLevel: String = "public", linesPerFile: Int = 2500, generatorName: String = "openapi-swift",
                fixedFileCounts: (types: Int, operations: Int)? = nil) {
        self.accessLevel = accessLevel
        self.linesPerFile = linesPerFile
        self.generatorName = generatorName
        self.fixedFileCounts = fixedFileCounts
    }

    /// The files ``SwiftEmitter/emit(_:options:)`` writes with ``fixedFileCounts``.
    public static func fixedFileNames(types: Int, operations: Int) -> [String] {
        ["Client.swift"] + (1...max(operations, 1)).map { "Operations\($0).swift" }
            + (1...max(types, 1)).map { "Types\($0).swift" }
    }
}

/// Renders a ``ClientModule`` as Swift source files. The output depends only on its input.
public enum SwiftEmitter {
    public static func emit(_ module: ClientModule, options: EmitterOptions = EmitterOptions()) -> [GeneratedFile] {
        let context = EmitContext(module: module, options: options)
        var files: [GeneratedFile] = []
        files.append(GeneratedFile(name: "Client.swift", contents: context.clientFile()))
        // Operations and types are rendered in one pass, so that neither waits on the other's last items.
        let operations = module.operations
        let types = module.types
        let pieces = EmitContext.renderInParallel(count: operations.count + types.count) { index in
            var writer = CodeWriter(indentation: index < operations.count ? 1 : 0)
            if index < operations.count {
                context.writeOperation(operations[index], into: &writer)
            } else {
                context.writeDeclaration(types[index - operations.count], scope: [], into: &writer)
            }
            return (writer.text, writer.lineCount)
        }
        files += context.files(baseName: "Operations", pieces: Array(pieces[..<operations.count]),
                               fixedCount: options.fixedFileCounts?.operations,
                               opening: "extension Client {\n", closing: "}\n")
        // Bare aliases one after another read as a list.
        files += context.files(baseName: "Types", pieces: Array(pieces[operations.count...]),
                               fixedCount: options.fixedFileCounts?.types) { types[$0 - 1].isBareAlias && types[$0].isBareAlias }
        return files
    }
}

/// The Swift types an operation's success answers decode into, for tools that check examples against them.
public struct ResponseTypes: Sendable, Hashable {
    public var operationID: String
    /// The type of the JSON success body, if the operation has one.
    public var json: String?
    /// The type of each server-sent event's data, if the operation streams.
    public var event: String?
}

extension SwiftEmitter {
    public static func responseTypes(of module: ClientModule, options: EmitterOptions = EmitterOptions())
        -> [ResponseTypes] {
        let context = EmitContext(module: module, options: options)
        return module.operations.map { operation in
            var result = ResponseTypes(operationID: operation.operationID)
            for response in operation.responses where response.isSuccess {
                for content in response.contents {
                    switch content {
                    case .json(_, let type) where result.json == nil:
                        result.json = context.typeName(type, scope: [])
                    case .eventStream(let item, _) where result.event == nil:
                        result.event = context.typeName(item, scope: [])
                    default:
                        break
                    }
                }
            }
            return result
        }
    }
}
