import Foundation

/// What generated structs and unions conform to: `Codable`, `Hashable` and `Sendable`.
///
/// Equality and hashing compare values as they travel, by their JSON encoding, instead of member by member:
/// one shared implementation here rather than one synthesized per type, which keeps generated modules fast to
/// compile. Two values are equal when they encode to the same JSON.
public protocol GeneratedModel: Codable, Hashable, Sendable {}

extension GeneratedModel {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        canonicalEncoding(of: lhs) == canonicalEncoding(of: rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalEncoding(of: self))
    }
}

/// Sorted keys make the encoding of equal values identical. Values JSON cannot carry (a NaN) fall back to
/// their description.
private func canonicalEncoding(of value: some Encodable) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .custom { date, encoder in
        // Full precision, so that dates a millisecond apart stay unequal.
        var container = encoder.singleValueContainer()
        try container.encode(date.timeIntervalSinceReferenceDate)
    }
    if let data = try? encoder.encode(value) { return data }
    return Data(String(describing: value).utf8)
}

// What generated `init(from:)` and `encode(to:)` are written with: one shared key type and a few words per
// property.

extension KeyedDecodingContainer<DynamicCodingKey> {
    /// The value of a required property.
    public func decode<Value: Decodable>(_ key: String) throws -> Value {
        try decode(Value.self, forKey: DynamicCodingKey(key))
    }

    /// The value of an optional property: `nil` when it is absent or `null`.
    public func decodeIfPresent<Value: Decodable>(_ key: String) throws -> Value? {
        try decodeIfPresent(Value.self, forKey: DynamicCodingKey(key))
    }
}

extension Encoder {
    /// Encodes an object's properties in the order given, leaving out those that are `nil`.
    public func encodeProperties(_ properties: KeyValuePairs<String, (any Encodable)?>) throws {
        var container = container(keyedBy: DynamicCodingKey.self)
        for (key, value) in properties {
            if let value { try container.encode(value, forKey: DynamicCodingKey(key)) }
        }
    }
}
