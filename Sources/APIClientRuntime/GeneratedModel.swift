import Foundation

/// What generated structs and unions conform to: `Codable`, `Hashable` and `Sendable`.
///
/// Equality and hashing compare values as they travel, by their JSON encoding, instead of member by member:
/// one shared implementation here rather than one synthesized per type, which keeps generated modules fast to
/// compile. Two values are equal when they encode to the same JSON.
public protocol GeneratedModel: Codable, Hashable, Sendable {}

extension GeneratedModel {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        comparedValue(lhs) == comparedValue(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(comparedValue(self))
    }
}

/// The value as JSON, dates at full precision (so that dates a millisecond apart stay unequal) and values JSON
/// cannot carry (a NaN) by their description; objects compare regardless of member order.
private func comparedValue(_ value: some Encodable) -> JSONValue {
    (try? JSONEncoding.jsonValue(value, options: .comparison)) ?? .string(String(describing: value))
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
