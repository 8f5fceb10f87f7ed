import IntermediateModel

extension EmitContext {
    /// A struct's properties, initializer and coding; `constant` properties are `let`s, but for boxed ones (a
    /// property wrapper needs a `var`). Stored out of line, the properties live in a private copy-on-write
    /// storage object and the struct shows them as computed properties: the same members, one reference to copy.
    func writeStructBody(_ properties: [Property], scope: [String], constant: Bool, storedOutOfLine: Bool,
                         into writer: inout CodeWriter) {
        let fixedValues = properties.map { fixedValue(of: $0, scope: scope) }
        let stored = zip(properties, fixedValues).filter { $1 == nil }.map(\.0)
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
                let get = "_storage." + name
                let set = "_uniqueStorage." + name + " = newValue"
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
        var parts: [ArraySlice<Property>] = []
        if storedOutOfLine {
            let arguments = stored.map { SwiftSyntax.label($0.swiftName) + ": " + SwiftSyntax.identifier($0.swiftName) }
            writer.function("\(access) init(\(self.arguments(for: stored, scope: scope).joined(separator: ", ")))", [],
                            call: ("_storage = _Storage(", arguments, ")"))
            writer.line("\(access) init(from decoder: any Decoder) throws { _storage = try _Storage(from: decoder) }")
        } else {
            writeMemberwiseInit(stored, scope: scope, into: &writer)
            if !properties.isEmpty {
                parts = writeDecoder(stored, scope: scope, header: "\(access) init(from decoder: any Decoder) throws",
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
                return "_storage." + SwiftSyntax.identifier(property.swiftName)
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
        writeParts(parts, scope: scope, into: &writer)
        if storedOutOfLine { writeStorage(stored, scope: scope, constant: constant, into: &writer) }
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
    /// change, the copy made before a shared storage is changed.
    private func writeStorage(_ stored: [Property], scope: [String], constant: Bool, into writer: inout CodeWriter) {
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
        // Unchecked: a storage object is changed only through a struct holding the one reference to it.
        writer.block("private final class _Storage: @unchecked Sendable") { writer in
            let plain = stored.map { property -> Property in
                var property = property
                property.deprecated = false
                return property
            }
            for property in plain {
                let keyword = constant && !property.isBoxed ? "let" : "var"
                let wrapper = property.isBoxed ? "@Indirect " : ""
                writer.line("\(wrapper)\(keyword) \(SwiftSyntax.identifier(property.swiftName)): \(typeName(property.type, scope: scope))")
            }
            writer.line()
            let parameters = plain.map { SwiftSyntax.identifier($0.swiftName) + ": " + typeName($0.type, scope: scope) }
            writer.block("init(\(parameters.joined(separator: ", ")))") { writer in
                for property in plain {
                    let name = SwiftSyntax.identifier(property.swiftName)
                    writer.line("self.\(name) = \(name)")
                }
            }
            let parts = writeDecoder(plain, scope: scope, header: "init(from decoder: any Decoder) throws",
                                     assigning: true, into: &writer)
            if !constant {
                let arguments = plain.map {
                    SwiftSyntax.label($0.swiftName) + ": self." + SwiftSyntax.identifier($0.swiftName)
                }
                writer.function("func _copy() -> _Storage", [], call: ("_Storage(", arguments, ")"))
            }
            writeParts(parts, scope: scope, into: &writer)
        }
    }

    /// `init(from:)`, written out against one shared key type: far less for the compiler to synthesize and lower
    /// than a `CodingKeys` enum per type. Through the memberwise initializer for a few properties, so that each
    /// costs a few words; assigned one by one past that, or when `assigning`.
    /// Returns the parts that need a reader of their own (``writeParts(_:scope:into:)``), when there are several.
    @discardableResult
    private func writeDecoder(_ stored: [Property], scope: [String], header: String, assigning: Bool = false,
                              into writer: inout CodeWriter) -> [ArraySlice<Property>] {
        let parts = Self.parts(of: stored)
        if parts.count > 1 {
            writeDecoder(parts: parts, header: header, into: &writer)
            return parts
        }
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
        return []
    }

    /// The most stored properties a struct decodes by calling its memberwise initializer, in a few words each.
    static let propertiesDecodedThroughTheInitializer = 16

    /// The most properties one function decodes or encodes. A decoder takes about 340 bytes of debug code a
    /// property, so an object of 200 would pass 64 KB in one function: past this, each part of its properties is
    /// read, and written, by a function of its own. Parts cost a little more to compile: at 64, a synthetic
    /// payments spec of objects of 60-150 properties took 13% more CPU; at 128, 3%, within the noise.
    static let propertiesCodedInOneFunction = 128

    /// `items` in consecutive parts of at most ``propertiesCodedInOneFunction``, in order, as even as they go.
    static func parts<Item>(of items: [Item]) -> [ArraySlice<Item>] {
        let count = max((items.count + propertiesCodedInOneFunction - 1) / propertiesCodedInOneFunction, 1)
        let size = max((items.count + count - 1) / count, 1)
        return stride(from: 0, to: max(items.count, 1), by: size).map { items[$0..<min($0 + size, items.count)] }
    }

    /// A decoder of many properties: each part is read into an object of its own by its own function, then the
    /// values are moved into place, a few words each and nothing that throws in between.
    private func writeDecoder(parts: [ArraySlice<Property>], header: String, into writer: inout CodeWriter) {
        writer.block(header) { writer in
            for index in parts.indices { writer.line("let _part\(index) = try _Part\(index)(from: decoder)") }
            for (index, part) in parts.enumerated() {
                for property in part {
                    writer.line("self.\(storedName(property)) = _part\(index).\(SwiftSyntax.identifier(property.swiftName))")
                }
            }
        }
    }

    /// The objects a decoder of many properties reads its parts into. Classes: a struct of that many values would
    /// get copy functions as large as the decoder they replace.
    private func writeParts(_ parts: [ArraySlice<Property>], scope: [String], into writer: inout CodeWriter) {
        for (index, part) in parts.enumerated() {
            writer.line()
            writer.block("private final class _Part\(index)") { writer in
                let plain = part.map { property -> Property in
                    var property = property
                    property.deprecated = false
                    property.isBoxed = false
                    return property
                }
                for property in plain {
                    writer.line("let \(SwiftSyntax.identifier(property.swiftName)): \(typeName(property.type, scope: scope))")
                }
                writer.line()
                writeDecoder(plain, scope: scope, header: "init(from decoder: any Decoder) throws", assigning: true,
                             into: &writer)
            }
        }
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
