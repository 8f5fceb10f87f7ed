import Dispatch
import IntermediateModel

/// What the emitter knows while it writes: the module's declarations, for resolving names and defaults.
struct EmitContext: Sendable {
    let module: ClientModule
    let options: EmitterOptions
    /// Declarations by qualified name.
    let declarations: [String: TypeDeclaration]
    /// The names of the types nested in each declaration, by its qualified name (only those with some).
    private let nestedNamesByDeclaration: [String: Set<String>]
    /// By qualified name, the names that inside a declaration mean a type other than the top-level one: types
    /// nested in it or in a declaration around it, and the names of those around it but the outermost.
    private let shadowedNames: [String: Set<String>]

    init(module: ClientModule, options: EmitterOptions) {
        self.module = module
        self.options = options
        var table: [String: TypeDeclaration] = [:]
        var nestedNames: [String: Set<String>] = [:]
        var shadowed: [String: Set<String>] = [:]
        func register(_ declaration: TypeDeclaration, prefix: String, outer: Set<String>) {
            let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
            table[name] = declaration
            let own = Set(declaration.nested.map(\.name))
            if !own.isEmpty { nestedNames[name] = own }
            var inner = outer.union(own)
            if !prefix.isEmpty { inner.insert(declaration.name) }
            shadowed[name] = inner
            for nested in declaration.nested { register(nested, prefix: name, outer: inner) }
        }
        module.types.forEach { register($0, prefix: "", outer: []) }
        declarations = table
        nestedNamesByDeclaration = nestedNames
        shadowedNames = shadowed
    }

    var access: String { options.accessLevel }

    // MARK: Files

    /// The file header, then `imports` (whole import lines).
    func header(imports: [String]) -> String {
        var text = SwiftEmitter.headerLine(generatorName: options.generatorName, specPath: module.specPath) + "\n\n"
        for line in imports {
            text += line + "\n"
        }
        return text + "\n"
    }

    /// An item rendered on its own: its text and how many lines that is.
    typealias Piece = (text: String, lines: Int)

    /// Splits rendered items over files of about `linesPerFile` lines each, in order; or over exactly
    /// `fixedCount` files. Each file's items stand between `opening` and `closing` (an `extension`, say), one
    /// blank line apart but for those that `adjoinPrevious` (given an item's index).
    func files(baseName: String, pieces: [Piece], fixedCount: Int? = nil, opening: String = "", closing: String = "",
               adjoinPrevious: (Int) -> Bool = { _ in false }) -> [GeneratedFile] {
        let separated = pieces.indices.map { $0 > 0 && !adjoinPrevious($0) }
        // Which rendered items go to each file.
        var chunks: [Range<Int>] = []
        if let fixedCount {
            let count = max(fixedCount, 1)
            let perFile = (pieces.count + count - 1) / count
            for index in 0..<count {
                let start = min(index * perFile, pieces.count)
                chunks.append(start..<min(start + perFile, pieces.count))
            }
        } else {
            var start = 0
            var lines = 0
            for (index, piece) in pieces.enumerated() {
                lines += piece.lines + (index > start && separated[index] ? 1 : 0)
                if lines >= options.linesPerFile {
                    chunks.append(start..<index + 1)
                    start = index + 1
                    lines = 0
                }
            }
            if start < pieces.count { chunks.append(start..<pieces.count) }
        }
        let modules = baseName == "Operations" ? ["APIClientRuntime", "Foundation", "HTTPTypes", "OpenAPIRuntime"]
            : ["APIClientRuntime", "Foundation"]
        let header = header(imports: modules.map { "import " + $0 })
        return chunks.enumerated().map { index, range in
            let name = chunks.count == 1 && fixedCount == nil ? "\(baseName).swift" : "\(baseName)\(index + 1).swift"
            // Built once at its final size: these files run to megabytes on big specs.
            let pieces = pieces[range]
            var contents = header
            if !pieces.isEmpty {
                contents.reserveCapacity(header.utf8.count + opening.utf8.count + closing.utf8.count
                    + pieces.reduce(0) { $0 + $1.text.utf8.count + 1 })
                contents += opening
                for (offset, piece) in zip(range, pieces) {
                    if offset > range.lowerBound, separated[offset] { contents += "\n" }
                    contents += piece.text
                }
                contents += closing
            }
            return GeneratedFile(name: name, contents: contents)
        }
    }

    /// `render` applied to every index below `count` on all cores, results in order, so that the output does not
    /// depend on scheduling.
    static func renderInParallel(count: Int, _ render: @Sendable (Int) -> Piece) -> [Piece] {
        // Each index is written by exactly one iteration, and read only after all of them have ended.
        var values: [Piece] = Array(repeating: ("", 0), count: count)
        values.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSlots(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                slots.base?[index] = render(index)
            }
        }
        return values
    }

    // MARK: Type names

    /// The Swift spelling of a type used inside the declarations `scope` (outermost first).
    func typeName(_ usage: TypeUsage, scope: [String]) -> String {
        switch usage {
        case .string, .binary: return "String"
        case .integer(let bits): return bits.map { "Int\($0)" } ?? "Int"
        case .double: return "Double"
        case .float: return "Float"
        case .bool: return "Bool"
        case .date: return "Date"
        case .base64: return "Base64EncodedData"
        case .file: return "FilePart"
        case .json: return "JSONValue"
        case .jsonObject: return "JSONObject"
        case .named(let name): return qualified(name, scope: scope)
        case .array(let element): return "[" + typeName(element, scope: scope) + "]"
        case .dictionary(let value): return "[String: " + typeName(value, scope: scope) + "]"
        case .optional(let wrapped):
            let inner = typeName(wrapped, scope: scope)
            return inner.hasSuffix("?") ? inner : inner + "?"
        }
    }

    /// Shortens a qualified name inside its own declaration, and qualifies it with the module where a nested
    /// type of the same name would shadow it.
    func qualified(_ name: String, scope: [String]) -> String {
        // At the top level nothing shadows and nothing can be shortened.
        if scope.isEmpty { return name }
        // A top-level name, the usual case, only needs qualifying where something inside shadows it.
        if !name.utf8.contains(UInt8(ascii: ".")), let shadowing = shadowedNames[scope.joined(separator: ".")] {
            return shadowing.contains(name) ? module.name + "." + name : name
        }
        var scopes: [String] = []
        for component in scope { scopes.append(scopes.last.map { $0 + "." + component } ?? component) }
        // Innermost scope first: strip its prefix when what remains is not shadowed further in.
        for (depth, enclosing) in scopes.enumerated().reversed() where name.hasPrefix(enclosing + ".") {
            let remainder = String(name.dropFirst(enclosing.count + 1))
            let first = remainder.prefix { $0 != "." }
            let deeper = scopes[(depth + 1)...]
            if !deeper.contains(where: { nestedNames(of: $0).contains(String(first)) }) {
                return remainder
            }
        }
        let first = String(name.prefix { $0 != "." })
        if scopes.contains(where: { nestedNames(of: $0).contains(first) || $0.hasSuffix("." + first) }) {
            return module.name + "." + name
        }
        return name
    }

    private func nestedNames(of qualifiedName: String) -> Set<String> {
        nestedNamesByDeclaration[qualifiedName] ?? []
    }

    // MARK: Literals

    /// A Swift expression for a spec value of the given type, or nil when it cannot be written.
    func literal(_ value: Literal, as type: TypeUsage, scope: [String]) -> String? {
        switch (type, value) {
        case (.optional(let wrapped), .null):
            _ = wrapped
            return "nil"
        case (.optional(let wrapped), _):
            return literal(value, as: wrapped, scope: scope)
        case (.string, .string(let text)):
            return SwiftSyntax.stringLiteral(text)
        case (.integer, .integer(let number)):
            return String(number)
        case (.double, .integer(let number)), (.float, .integer(let number)):
            return String(number)
        case (.double, .number(let number)), (.float, .number(let number)):
            return number.isFinite ? "\(number)" : nil
        case (.bool, .bool(let flag)):
            return flag ? "true" : "false"
        case (.array(let element), .array(let items)):
            let rendered = items.compactMap { literal($0, as: element, scope: scope) }
            return rendered.count == items.count ? "[" + rendered.joined(separator: ", ") + "]" : nil
        case (.json, _):
            return jsonLiteral(value)
        case (.jsonObject, .object):
            return jsonLiteral(value)
        case (.named(let name), _):
            return namedLiteral(value, declaration: declarations[name], qualifiedName: name, scope: scope)
        default:
            return nil
        }
    }

    private func namedLiteral(_ value: Literal, declaration: TypeDeclaration?, qualifiedName: String,
                              scope: [String]) -> String? {
        guard let declaration else { return nil }
        /// `.name`, or `Type.name` for the names of `Optional`'s own cases, which `.none` on an optional would mean.
        func member(_ name: String) -> String {
            name == "none" || name == "some" ? qualified(qualifiedName, scope: scope) + "." + name
                : "." + SwiftSyntax.identifier(name)
        }
        switch (declaration.kind, value) {
        case (.stringEnum(let model), .string(let text)):
            return model.cases.first { $0.value == text }.map { member($0.swiftName) }
        case (.integerEnum(let model), .integer(let number)):
            return model.cases.first { $0.value == number }.map { member($0.swiftName) }
        case (.alias(let target), _):
            return literal(value, as: target, scope: scope)
        case (.union(let union), _):
            // A default for a union is written as the first case whose type takes the value.
            for item in union.cases {
                if let inner = literal(value, as: item.type, scope: scope) {
                    return "." + SwiftSyntax.identifier(item.swiftName) + "(" + inner + ")"
                }
            }
            return nil
        default:
            return nil
        }
    }

    private func jsonLiteral(_ value: Literal) -> String {
        switch value {
        case .null: return "nil"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .number(let number): return number.isFinite ? "\(number)" : "nil"
        case .string(let text): return SwiftSyntax.stringLiteral(text)
        case .array(let items): return "[" + items.map(jsonLiteral).joined(separator: ", ") + "]"
        case .object(let members):
            if members.isEmpty { return "[:]" }
            return "[" + members.keys.sorted().map { SwiftSyntax.stringLiteral($0) + ": " + jsonLiteral(members[$0]!) }
                .joined(separator: ", ") + "]"
        }
    }

    /// The declaration a name stands for, through any aliases of other declarations.
    func resolvedDeclaration(_ name: String) -> TypeDeclaration? {
        var declaration = declarations[name]
        // Aliases point only at declarations that are not aliases themselves, but a spec can write a chain.
        for _ in 0..<8 {
            guard case .alias(.named(let target))? = declaration?.kind else { break }
            declaration = declarations[target]
        }
        return declaration
    }

    /// The default the server applies to an optional value left out, as Swift (`.high`, `1`): documented on the
    /// argument and filled in when a response leaves the value out.
    func serverDefault(_ defaultValue: Literal?, type: TypeUsage, scope: [String]) -> String? {
        guard type.isOptional, let defaultValue, defaultValue != .null else { return nil }
        return literal(defaultValue, as: type.unwrapped, scope: scope)
    }

    /// `text` with a sentence naming the server's default, when there is one.
    func documentation(_ text: String?, serverDefault: String?) -> String? {
        guard let serverDefault else { return text }
        let note = "Server default: `\(serverDefault)`."
        guard let text, !text.isEmpty else { return note }
        return text + (text.hasSuffix(".") || text.hasSuffix("\n") ? " " : ". ") + note
    }

    /// Security requirements as a Swift literal: alternatives of scheme names.
    func securityList(_ requirements: [[String]]) -> String {
        "[" + requirements.map { "[" + $0.map(SwiftSyntax.stringLiteral).joined(separator: ", ") + "]" }
            .joined(separator: ", ") + "]"
    }

    /// The value of a property that always carries the same one (a required `const` or one-value enum), as
    /// Swift: such a property is computed, so it is neither stored, nor asked for, nor decoded, only encoded.
    func fixedValue(of property: Property, scope: [String]) -> String? {
        guard let constValue = property.constValue, !property.type.isOptional, !property.deprecated,
              !property.isBoxed, !property.isFlattened else { return nil }
        return literal(constValue, as: property.type, scope: scope)
    }

    /// The default a property or argument takes in a signature: its `const`, an enum's only case, `nil` for
    /// optionals, or the spec's `default` for required ones. An optional value the caller does not set is not
    /// sent, whatever default the server applies (``serverDefault(_:type:scope:)`` documents it).
    func defaultExpression(type: TypeUsage, defaultValue: Literal?, constValue: Literal?, scope: [String]) -> String? {
        if let constValue, let rendered = literal(constValue, as: type, scope: scope) { return rendered }
        if !type.isOptional, let defaultValue, let rendered = literal(defaultValue, as: type, scope: scope) {
            return rendered
        }
        if case .named(let name) = type, let declaration = resolvedDeclaration(name) {
            if case .stringEnum(let model) = declaration.kind, model.cases.count == 1 {
                return literal(.string(model.cases[0].value), as: .named(name), scope: scope)
            }
        }
        return type.isOptional ? "nil" : nil
    }
}

/// A buffer's address shared by parallel iterations that each write their own element.
private struct UnsafeSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<EmitContext.Piece>?
}
