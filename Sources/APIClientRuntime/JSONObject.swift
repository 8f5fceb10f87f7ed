/// A JSON object whose members keep the order they were written in, so that a value the caller builds (a JSON
/// schema, whose property order a model may follow) is sent as written.
///
/// Objects decoded from a response list their members by name: the decoder does not report the order they
/// arrived in. Equality and hashing ignore order, as JSON's do.
public struct JSONObject: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    private var members: [String: JSONValue] = [:]

    public init() {}

    /// The members in the order given; a repeated name keeps its first place and its last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        for (key, value) in members { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// A member's value; setting `nil` removes the member, setting a new name appends it.
    public subscript(key: String) -> JSONValue? {
        get { members[key] }
        set {
            guard let newValue else {
                if members.removeValue(forKey: key) != nil { keys.removeAll { $0 == key } }
                return
            }
            if members.updateValue(newValue, forKey: key) == nil { keys.append(key) }
        }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }
    public var values: [JSONValue] { keys.map { members[$0]! } }

    /// The members of `other` set on this object: new ones appended in their order, existing ones replaced in place.
    public mutating func merge(_ other: JSONObject) {
        for (key, value) in other { self[key] = value }
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        keys.lazy.map { (key: $0, value: members[$0]!) }.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.members == rhs.members }
    public func hash(into hasher: inout Hasher) { hasher.combine(members) }
}

extension JSONObject: Codable {
    public init(from decoder: any Decoder) throws {
        let decoded = try [String: JSONValue](from: decoder)
        self.init(decoded.keys.sorted().map { ($0, decoded[$0]!) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        for (key, value) in self { try container.encode(value, forKey: DynamicCodingKey(key)) }
    }
}

extension JSONObject: CustomStringConvertible {
    public var description: String {
        "[" + (isEmpty ? ":" : map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")) + "]"
    }
}
