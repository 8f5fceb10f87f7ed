/// Stores a value out of line, so that a struct can contain a value of its own type.
///
/// Encodes and decodes as the wrapped value; an optional wrapped value is omitted when `nil`.
@propertyWrapper
public struct Indirect<Value: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    public init(wrappedValue: Value) {
        box = Box(wrappedValue)
    }

    public var wrappedValue: Value {
        get { box.value }
        set { box = Box(newValue) }
    }
}

extension Indirect: Equatable where Value: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.wrappedValue == rhs.wrappedValue }
}

extension Indirect: Hashable where Value: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(wrappedValue) }
}

extension Indirect: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        self.init(wrappedValue: try Value(from: decoder))
    }
}

extension Indirect: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}

/// Lets a missing key decode as `nil` for optional boxed properties, as it does for plain optionals.
public protocol OptionalValue {
    static var absent: Self { get }
    var isAbsent: Bool { get }
}

extension Optional: OptionalValue {
    public static var absent: Self { nil }
    public var isAbsent: Bool { self == nil }
}

extension KeyedDecodingContainer {
    public func decode<Wrapped>(_ type: Indirect<Wrapped>.Type, forKey key: Key) throws -> Indirect<Wrapped>
    where Wrapped: Decodable & OptionalValue {
        guard contains(key), try !decodeNil(forKey: key) else { return Indirect(wrappedValue: .absent) }
        return Indirect(wrappedValue: try decode(Wrapped.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    public mutating func encode<Wrapped>(_ value: Indirect<Wrapped>, forKey key: Key) throws
    where Wrapped: Encodable & OptionalValue {
        if !value.wrappedValue.isAbsent { try encode(value.wrappedValue, forKey: key) }
    }
}
