import Foundation

/// Turns `Encodable` values into ``JSONValue`` and JSON text, keeping objects' members in the order they are
/// encoded: a generated struct's properties in the spec's order, a ``JSONObject`` as written. Foundation's
/// `JSONEncoder` on Linux writes members in hash order, which differs from one run to the next, or sorted.
/// Dictionaries, which have no order of their own, are written sorted by key, so that a body is the same on
/// every run.
public enum JSONEncoding {
    /// How the values JSON has no notation for are written.
    struct Options {
        /// Full precision (seconds since the reference date) rather than RFC 3339 text, which drops fractions.
        var exactDates = false
        /// A NaN or infinity as its description rather than an error.
        var describesNonFiniteNumbers = false

        static let request = Options()
        static let comparison = Options(exactDates: true, describesNonFiniteNumbers: true)
    }

    /// `value` as JSON, as it would be sent.
    public static func jsonValue(_ value: some Encodable) throws -> JSONValue {
        try jsonValue(value, options: .request)
    }

    /// `value` as JSON text, as it would be sent: no spaces, slashes unescaped.
    public static func data(_ value: some Encodable) throws -> Data {
        Data(JSONWriter.bytes(try jsonValue(value, options: .request)))
    }

    static func jsonValue(_ value: some Encodable, options: Options) throws -> JSONValue {
        let slot = Slot()
        try slot.store(value, codingPath: [], options: options)
        return slot.value
    }
}

/// Where one value is being built: a scalar, or an object or array filled in by containers that refer to it.
private final class Slot {
    enum Content {
        case unset
        case value(JSONValue)
        case object(Members)
        case array(Items)
    }

    /// Reference types, so that adding a member or an item does not copy the others.
    final class Members {
        var keys: [String] = []
        var slots: [String: Slot] = [:]
    }

    final class Items {
        var slots: [Slot] = []
    }

    var content = Content.unset

    var value: JSONValue {
        switch content {
        case .unset: return .object([:])
        case .value(let value): return value
        case .object(let members): return .object(JSONObject(members.keys.map { ($0, members.slots[$0]!.value) }))
        case .array(let items): return .array(items.slots.map(\.value))
        }
    }

    func member(_ key: String) -> Slot {
        let members = makeObject()
        if let existing = members.slots[key] { return existing }
        let slot = Slot()
        members.keys.append(key)
        members.slots[key] = slot
        return slot
    }

    func appended() -> Slot {
        let slot = Slot()
        makeArray().slots.append(slot)
        return slot
    }

    @discardableResult
    func makeObject() -> Members {
        if case .object(let members) = content { return members }
        let members = Members()
        content = .object(members)
        return members
    }

    @discardableResult
    func makeArray() -> Items {
        if case .array(let items) = content { return items }
        let items = Items()
        content = .array(items)
        return items
    }

    /// Values JSON writes in a notation of its own are stored directly; anything else encodes itself here.
    func store<Value: Encodable>(_ value: Value, codingPath: [any CodingKey], options: JSONEncoding.Options) throws {
        switch value {
        case let value as JSONValue: content = .value(value)
        case let value as String: content = .value(.string(value))
        case let value as Bool: content = .value(.bool(value))
        case let value as Int: content = .value(.int(value))
        case let value as Double: content = .value(try Self.number(value, codingPath: codingPath, options: options))
        case let value as Float:
            // Through its own shortest text, so that 0.1 stays 0.1 rather than 0.10000000149011612.
            content = .value(try Self.number(Double("\(value)") ?? Double(value), codingPath: codingPath, options: options))
        case let value as any BinaryInteger:
            content = .value(Int(exactly: value).map(JSONValue.int) ?? .double(Double(value)))
        case let value as Date:
            content = .value(options.exactDates ? .double(value.timeIntervalSinceReferenceDate)
                : .string(value.formatted(.iso8601)))
        case let value as Data: content = .value(.string(value.base64EncodedString()))
        case let value as URL: content = .value(.string(value.absoluteString))
        case let value as any SortedEncodableMembers:
            makeObject()
            for (key, member) in value.sortedMembers {
                try self.member(key).store(member, codingPath: codingPath + [DynamicCodingKey(key)], options: options)
            }
        default:
            try value.encode(to: SlotEncoder(slot: self, codingPath: codingPath, options: options))
        }
    }

    private static func number(_ value: Double, codingPath: [any CodingKey], options: JSONEncoding.Options) throws -> JSONValue {
        guard value.isFinite else {
            if options.describesNonFiniteNumbers { return .string("\(value)") }
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath, debugDescription: "\(value) cannot be written as JSON"))
        }
        return .double(value)
    }
}

/// Dictionaries keyed by strings: written sorted by key, so that the same value always reads the same.
private protocol SortedEncodableMembers {
    var sortedMembers: [(String, any Encodable)] { get }
}

extension Dictionary: SortedEncodableMembers where Key == String, Value: Encodable {
    fileprivate var sortedMembers: [(String, any Encodable)] {
        keys.sorted().map { ($0, self[$0]!) }
    }
}

private struct SlotEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    let options: JSONEncoding.Options
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.makeObject()
        return KeyedEncodingContainer(KeyedSlots<Key>(slot: slot, codingPath: codingPath, options: options))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.makeArray()
        return UnkeyedSlots(slot: slot, codingPath: codingPath, options: options)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleSlot(slot: slot, codingPath: codingPath, options: options)
    }
}

private struct KeyedSlots<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]
    let options: JSONEncoding.Options

    mutating func encodeNil(forKey key: Key) throws { slot.member(key.stringValue).content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try slot.member(key.stringValue).store(value, codingPath: codingPath + [key], options: options)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key], options: options)
            .container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key], options: options)
            .unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        SlotEncoder(slot: slot.member("super"), codingPath: codingPath, options: options)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key], options: options)
    }
}

private struct UnkeyedSlots: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    let options: JSONEncoding.Options

    var count: Int {
        if case .array(let items) = slot.content { return items.slots.count }
        return 0
    }

    private var nextPath: [any CodingKey] { codingPath + [IndexKey(intValue: count)] }

    mutating func encodeNil() throws { slot.appended().content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try slot.appended().store(value, codingPath: path, options: options)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return SlotEncoder(slot: slot.appended(), codingPath: path, options: options).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return SlotEncoder(slot: slot.appended(), codingPath: path, options: options).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return SlotEncoder(slot: slot.appended(), codingPath: path, options: options)
    }
}

private struct SingleSlot: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    let options: JSONEncoding.Options

    mutating func encodeNil() throws { slot.content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try slot.store(value, codingPath: codingPath, options: options)
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

/// JSON text from a ``JSONValue``: members in order, no spaces, slashes and non-ASCII text as they are.
enum JSONWriter {
    static func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        write(value, into: &output)
        return output
    }

    static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .int(let value): output += String(value).utf8
        case .double(let value): output += numberText(value).utf8
        case .string(let value): writeString(value, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(member, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The shortest text that reads back as the same number; whole numbers without a fraction, as `JSONEncoder`
    /// writes them.
    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        var text = "\(value)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += #"\""#.utf8
            case UInt8(ascii: "\\"): output += #"\\"#.utf8
            case 0x0A: output += #"\n"#.utf8
            case 0x0D: output += #"\r"#.utf8
            case 0x09: output += #"\t"#.utf8
            case 0x08: output += #"\b"#.utf8
            case 0x0C: output += #"\f"#.utf8
            case 0x00..<0x20:
                output += #"\u00"#.utf8
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
