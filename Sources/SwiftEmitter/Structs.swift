import IntermediateModel

extension EmitContext {
    /// A struct's properties, initializer and coding; `constant` properties are `let`s, but for boxed ones (a
    /// property wrapper needs a `var`). Stored out of line, the properties live in a private copy-on-write
    /// storage object and the struct shows them as computed properties: the same members, one reference to copy.
    func writeStructBody(_ properties: [Property], scope: [String], constant: Bool, storedOutOfLine: Bool,
                         into writer: inout CodeWriter) {
        let fixedValues = properties.map { fixedValue(of: $0, scope: scope) }
        let stored = zip(properties, fixedValues).filter { $1 == nil }.map(\.0)
        // A storage object of many properties holds them in parts (see `writeStorage`).
        let storageParts = storedOutOfLine ? Self.parts(of: stored) : []
        var storagePart: [String: String] = [:]
        if storageParts.count > 1 {
            for (index, part) in storageParts.enumerated() {
                for property in part { storagePart[property.swiftName] = "_part\(index)." }
            }
        }
        func inStorage(_ property: Property) -> String {
            (storagePart[property.swiftName] ?? "") + SwiftSyntax.identifier(property.swiftName)
        }
        for (property, fixedValue) in zip(properties, fixedValues) {
            writer.documentation(documentation(property.documentation,
                                               serverDefault: serverDefault(property.defaultValue, type: property.type, scope: scope)))
            let name = SwiftSyntax.identifier(property.swiftName)
            let type = typeName(property.type, scope: scope)
            if let fixedValue {
                writer.line("\(access) var \(name): \(type) { \(fixedValue) }")
                continue
            }
            if property.deprecated { writer.line("@available(*, deprecated)") }
            if storedOutOfLine {
                let get = "_storage." + inStorage(property)
                let set = "_uniqueStorage." + inStorage(property) + " = newValue"
                writeComputedProperty("\(access) var \(name): \(type)", get: get, set: constant ? nil : set, into: &writer)
                continue
            }
            let keyword = constant && !property.isBoxed ? "let" : "var"
            let wrapper = property.isBoxed ? "@Indirect " : ""
            if property.deprecated {
                // Stored under another name, so that the initializer and coding do not use the deprecated one.
                let storage = storageName(property)
                writeComputedProperty("\(access) var \(name): \(type)", get: storage,
                                      set: keyword == "let" ? nil : storage + " = newValue", into: &writer)
                writer.line("\(wrapper)private \(keyword) \(storage): \(type)")
            } else {
                writer.line("\(wrapper)\(access) \(keyword) \(name): \(type)")
            }
        }
        if !properties.isEmpty { writer.line() }
        if storedOutOfLine {
            func arguments(_ properties: some Collection<Property>) -> [String] {
                properties.map { SwiftSyntax.label($0.swiftName) + ": " + SwiftSyntax.identifier($0.swiftName) }
            }
            let header = "\(access) init(\(self.arguments(for: stored, scope: scope).joined(separator: ", ")))"
            if storageParts.count > 1 {
                writer.block(header) { writer in
                    for (index, part) in storageParts.enumerated() {
                        writer.call("let _part\(index) = _Storage._Part\(index)(", arguments(part), ")")
                    }
                    writer.call("_storage = _Storage(", storageParts.indices.map { "_part\($0): _part\($0)" }, ")")
                }
            } else {
                writer.function(header, [], call: ("_storage = _Storage(", arguments(stored), ")"))
            }
            writer.line("\(access) init(from decoder: any Decoder) throws { _storage = try _Storage(from: decoder) }")
        } else {
            writeMemberwiseInit(stored, scope: scope, into: &writer)
            if !properties.isEmpty {
                writeDecoder(stored, scope: scope, header: "\(access) init(from decoder: any Decoder) throws",
                             into: &writer)
            }
        }
        if !properties.isEmpty {
            // Encoding goes through one runtime helper, so that each property costs a few words rather than lines.
            let storedNames = Set(stored.map(\.swiftName))
            func source(_ property: Property) -> String {
                guard storedOutOfLine, storedNames.contains(property.swiftName) else {
                    return "self." + storedName(property)
                }
                return "_storage." + inStorage(property)
            }
            let members = properties.filter { !$0.isFlattened }.map { property -> String in
                var source = source(property)
                // `self.` only where the parameter would hide a property of that name.
                if source.hasPrefix("self."), source != "self.encoder" { source.removeFirst(5) }
                return SwiftSyntax.stringLiteral(property.wireName) + ": " + source
            }
            // Flattened properties are written into the same object as the others.
            let flattened = properties.filter(\.isFlattened).map { "try \(source($0)).encode(to: encoder)" }
            let parts = Self.parts(of: members)
            if parts.count > 1 {
                // Each part in a function of its own, so that no function grows with the number of properties.
                let calls = parts.indices.map { "try _encodePart\($0)(to: encoder)" }
                writer.function("\(access) func encode(to encoder: any Encoder) throws", calls + flattened, call: nil)
                for (index, part) in parts.enumerated() {
                    writer.function("private func _encodePart\(index)(to encoder: any Encoder) throws", [],
                                    call: ("try encoder.encodeProperties([", Array(part), "])"))
                }
            } else {
                writer.function("\(access) func encode(to encoder: any Encoder) throws", [],
                                call: members.isEmpty ? nil : ("try encoder.encodeProperties([", members, "])"),
                                then: flattened)
            }
        }
        if storedOutOfLine { writeStorage(storageParts, scope: scope, constant: constant, into: &writer) }
    }

    private func writeComputedProperty(_ header: String, get: String, set: String?, into writer: inout CodeWriter) {
        guard let set else {
            writer.line(header + " { " + get + " }")
            return
        }
        let oneLine = header + " { get { " + get + " } set { " + set + " } }"
        if writer.fits(oneLine) {
            writer.line(oneLine)
        } else {
            writer.block(header) { writer in
                writer.line("get { " + get + " }")
                writer.line("set { " + set + " }")
            }
        }
    }

    /// The storage object of a struct stored out of line: the properties under their own names (a deprecated
    /// one's name is used only by the struct's accessor), an initializer, the decoder and, for a struct that can
    /// change, the copy made before a shared storage is changed. Of many properties, it holds them in parts, each
    /// an object of the same kind, so that none of these functions grows with the number of properties.
    private func writeStorage(_ parts: [ArraySlice<Property>], scope: [String], constant: Bool,
                              into writer: inout CodeWriter) {
        writer.line()
        if !constant {
            writer.block("private var _uniqueStorage: _Storage") { writer in
                writer.block("mutating get") { writer in
                    writer.line("if !Swift.isKnownUniquelyReferenced(&_storage) { _storage = _storage._copy() }")
                    writer.line("return _storage")
                }
            }
        }
        writer.line("private \(constant ? "let" : "var") _storage: _Storage")
        writer.line()
        let plain = parts.map { part in
            part.map { property -> Property in
                var property = property
                property.deprecated = false
                return property
            }
        }
        // Unchecked: a storage object is changed only through a struct holding the one reference to it.
        let header = "private final class _Storage: @unchecked Sendable"
        guard plain.count > 1 else {
            writeStorageClass(header, name: "_Storage", plain.first ?? [], scope: scope, constant: constant,
                              into: &writer)
            return
        }
        let partProperties = plain.indices.map { index in
            Property(swiftName: "_part\(index)", wireName: "", type: .named("_Part\(index)"), documentation: nil,
                     deprecated: false, defaultValue: nil)
        }
        writer.block(header) { writer in
            // The parts themselves never change, only what they hold: constants are read without access checks.
            writeStorageFields(partProperties, scope: scope, constant: true, into: &writer)
            writer.block("init(from decoder: any Decoder) throws") { writer in
                for index in plain.indices { writer.line("_part\(index) = try _Part\(index)(from: decoder)") }
            }
            if !constant {
                writer.function("func _copy() -> _Storage", [],
                                call: ("_Storage(", plain.indices.map { "_part\($0): _part\($0)._copy()" }, ")"))
            }
            for (index, part) in plain.enumerated() {
                writer.line()
                writeStorageClass("final class _Part\(index)", name: "_Part\(index)", part, scope: scope,
                                  constant: constant, into: &writer)
            }
        }
    }

    /// A class holding `properties`: their fields, an initializer, the decoder and, unless `constant`, a copy.
    private func writeStorageClass(_ header: String, name: String, _ properties: [Property], scope: [String],
                                   constant: Bool, into writer: inout CodeWriter) {
        writer.block(header) { writer in
            writeStorageFields(properties, scope: scope, constant: constant, into: &writer)
            writeDecoder(properties, scope: scope, header: "init(from decoder: any Decoder) throws", assigning: true,
                         into: &writer)
            if !constant {
                let arguments = properties.map {
                    SwiftSyntax.label($0.swiftName) + ": self." + SwiftSyntax.identifier($0.swiftName)
                }
                writer.function("func _copy() -> \(name)", [], call: ("\(name)(", arguments, ")"))
            }
        }
    }

    /// A storage object's fields and its memberwise initializer. Fields are never boxed: the object holds them out
    /// of line already, and ends any recursion through the struct.
    private func writeStorageFields(_ properties: [Property], scope: [String], constant: Bool,
                                    into writer: inout CodeWriter) {
        let keyword = constant ? "let" : "var"
        for property in properties {
            writer.line("\(keyword) \(SwiftSyntax.identifier(property.swiftName)): \(typeName(property.type, scope: scope))")
        }
        writer.line()
        let parameters = properties.map { SwiftSyntax.identifier($0.swiftName) + ": " + typeName($0.type, scope: scope) }
        writer.block("init(\(parameters.joined(separator: ", ")))") { writer in
            for property in properties {
                let name = SwiftSyntax.identifier(property.swiftName)
                writer.line("self.\(name) = \(name)")
            }
        }
    }

    /// `init(from:)`, written out against one shared key type: far less for the compiler to synthesize and lower
    /// than a `CodingKeys` enum per type. Through the memberwise initializer for a few properties, so that each
    /// costs a few words; assigned one by one past that, or when `assigning`.
    private func writeDecoder(_ stored: [Property], scope: [String], header: String, assigning: Bool = false,
                              into writer: inout CodeWriter) {
        let keyed = stored.filter { !$0.isFlattened }
        let reads = stored.map { property -> String in
            if property.isFlattened {
                // Read from the same object as the other properties.
                return typeName(property.type.unwrapped, scope: scope) + "(from: decoder)"
            }
            let method = property.type.isOptional ? "decodeIfPresent" : "decode"
            // One key is read from a container opened for it alone.
            let container = keyed.count == 1 ? "decoder.container(keyedBy: DynamicCodingKey.self)" : "container"
            let read = "\(container).\(method)(\(SwiftSyntax.stringLiteral(property.wireName)))"
            // A value left out of an answer is the one the spec says the server means by that.
            if let fallback = serverDefault(property.defaultValue, type: property.type, scope: scope) {
                return "(\(read) as \(typeName(property.type, scope: scope))) ?? \(fallback)"
            }
            return read
        }
        let container = keyed.count > 1 ? ["let container = try decoder.container(keyedBy: DynamicCodingKey.self)"] : []
        if assigning || stored.count > Self.propertiesDecodedThroughTheInitializer {
            // Past a few properties, one call of many `try`s makes the compiler write the cleanup of the values
            // read before each one that may throw, quadratic in their number: a struct of 150 properties got
            // a 170 KB decoder. Assigned one by one, it is 50 KB, and faster to compile.
            let assignments = zip(stored, reads).map { "self." + storedName($0) + " = try " + $1 }
            writer.function(header, container + assignments, call: nil)
        } else {
            let arguments = zip(stored, reads).map { SwiftSyntax.label($0.swiftName) + ": " + $1 }
            // An object with only fixed properties has nothing to read.
            writer.function(header, container, call: (stored.isEmpty ? "self.init(" : "try self.init(", arguments, ")"))
        }
    }

    /// The most stored properties a struct decodes by calling its memberwise initializer, in a few words each.
    static let propertiesDecodedThroughTheInitializer = 16

    /// `items` in consecutive parts of at most ``TypeDeclaration/largeStructPropertyCount``, in order, as even as
    /// they go.
    static func parts<Item>(of items: [Item]) -> [ArraySlice<Item>] {
        let most = TypeDeclaration.largeStructPropertyCount
        let count = max((items.count + most - 1) / most, 1)
        let size = max((items.count + count - 1) / count, 1)
        return stride(from: 0, to: max(items.count, 1), by: size).map { items[$0..<min($0 + size, items.count)] }
    }

    private func storageName(_ property: Property) -> String {
        "_" + property.swiftName
    }

    /// The stored property that holds the value: the storage of a deprecated one, so that no warning follows.
    private func storedName(_ property: Property) -> String {
        property.deprecated ? storageName(property) : SwiftSyntax.identifier(property.swiftName)
    }

    /// Arguments for properties, with the spec's defaults, for an initializer or a flattened operation.
    func arguments(for properties: [Property], scope: [String]) -> [String] {
        properties.map { property in
            var argument = SwiftSyntax.identifier(property.swiftName) + ": " + typeName(property.type, scope: scope)
            if let value = defaultExpression(type: property.type, defaultValue: property.defaultValue,
                                             constValue: property.constValue, scope: scope) {
                argument += " = " + value
            }
            return argument
        }
    }

    func writeMemberwiseInit(_ properties: [Property], scope: [String], into writer: inout CodeWriter) {
        let arguments = arguments(for: properties, scope: scope)
        let header = "\(access) init(\(arguments.joined(separator: ", ")))"
        let targets = properties.map { "self." + storedName($0) }
        let values = properties.map { SwiftSyntax.identifier($0.swiftName) }
        // Properties are set in one tuple assignment when its two sides fit on a line each; more, one per line. A
        // property wrapper's first assignment in an initializer is its initialization, so those stand alone.
        let targetTuple = "(" + targets.joined(separator: ", ") + ")"
        let valueTuple = "(" + values.joined(separator: ", ") + ")"
        let tuple = targetTuple + " = " + valueTuple
        if properties.isEmpty {
            writer.line(header + " {}")
        } else if properties.count == 1 {
            writer.function(header, [targets[0] + " = " + values[0]], call: nil)
        } else if properties.contains(where: \.isBoxed) || !writer.fits(targetTuple + " =", depth: 1)
                    || !writer.fits(valueTuple, depth: 2) {
            writer.block(header) { writer in
                for (target, value) in zip(targets, values) { writer.line(target + " = " + value) }
            }
        } else if writer.fits(tuple, depth: 1) {
            writer.function(header, [tuple], call: nil)
        } else {
            writer.block(header) { writer in
                writer.line(targetTuple + " =")
                writer.indent()
                writer.line(valueTuple)
                writer.dedent()
            }
        }
    }
}
