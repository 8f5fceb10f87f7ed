/// An enum that decodes values its spec does not list into a case that keeps them, so that a server adding
/// a value does not break clients. `allCases` lists the known cases; `unknown(_:)` wraps any other value.
public protocol OpenEnum: RawRepresentable, CaseIterable, Codable, Hashable, Sendable
where RawValue: Hashable & Sendable, AllCases == [Self] {
    /// A value the spec does not list.
    static func unknown(_ rawValue: RawValue) -> Self
}

extension OpenEnum {
    public init(rawValue: RawValue) {
        self = Self.allCases.first { $0.rawValue == rawValue } ?? .unknown(rawValue)
    }
}

/// An open enum of strings, which string literals can also spell: `model: "my-fine-tune"`.
public protocol OpenStringEnum: OpenEnum, ExpressibleByStringLiteral where RawValue == String {}

extension OpenStringEnum {
    public init(stringLiteral value: String) {
        self = Self.allCases.first { $0.rawValue == value } ?? .unknown(value)
    }
}
