import Foundation

/// Puts a streamed answer back together from the pieces an OpenAI-style stream splits it into, and reads the
/// whole as a type of your choice: a chat completion's chunks into one chunk whose delta holds the whole
/// message, or a choice's deltas into a message.
///
/// Pieces merge as such streams write them:
/// - strings continue the strings before them (a message's `content`, a tool call's `arguments`);
/// - objects merge member by member;
/// - lists whose items are objects with an integer `index` (a chunk's `choices`, a delta's `tool_calls`) merge
///   item by item at that index, in index order; other lists grow (`logprobs.content`);
/// - members named in ``identityKeys`` (`id`, `type`, `role`, `name`, …) take the latest value instead of
///   growing, as do numbers and booleans;
/// - `null` never erases a value that arrived before it.
///
/// ```swift
/// var message = StreamAccumulator<ChatCompletionChunk>()
/// for try await chunk in try await client.createChatCompletionStream(model: "gpt-4o", messages: messages) {
///     try message.add(chunk)
/// }
/// let whole = try message.value()
/// ```
public struct StreamAccumulator<Value: Decodable>: Sendable {
    /// The members that identify rather than carry text: repeated, they replace the value before them.
    public static var defaultIdentityKeys: Set<String> {
        ["id", "index", "type", "role", "name", "object", "model", "created", "system_fingerprint", "service_tier",
         "finish_reason"]
    }

    /// What arrived so far, merged; nil before the first piece.
    public private(set) var json: JSONValue?
    public var identityKeys: Set<String>

    public init(identityKeys: Set<String> = Self.defaultIdentityKeys) {
        self.identityKeys = identityKeys
    }

    /// Merges the next piece into what arrived before it.
    public mutating func add(_ piece: some Encodable) throws {
        let value = try JSONEncoding.jsonValue(piece)
        if json == nil {
            json = value
        } else {
            merge(value, into: &json!, key: nil)
        }
    }

    /// The pieces so far, whole, as `Value`.
    public func value() throws -> Value {
        try value(as: Value.self)
    }

    /// The pieces so far, whole, as `type`: deltas read as the message they make, say.
    public func value<Other: Decodable>(as type: Other.Type) throws -> Other {
        guard let json else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(
                codingPath: [], debugDescription: "no piece of the stream has arrived"))
        }
        return try JSONCoding.decoder().decode(type, from: Data(JSONWriter.bytes(json)))
    }

    private func merge(_ piece: JSONValue, into whole: inout JSONValue, key: String?) {
        switch (whole, piece) {
        case (_, .null):
            return
        case (.string(let before), .string(let next)):
            whole = key.map(identityKeys.contains) == true ? piece : .string(before + next)
        case (.object(var members), .object(let pieceMembers)):
            for (name, value) in pieceMembers {
                if var existing = members[name] {
                    merge(value, into: &existing, key: name)
                    members[name] = existing
                } else {
                    members[name] = value
                }
            }
            whole = .object(members)
        case (.array(var items), .array(let pieceItems)):
            guard pieceItems.allSatisfy({ Self.index(of: $0) != nil }), items.allSatisfy({ Self.index(of: $0) != nil }) else {
                whole = .array(items + pieceItems)
                return
            }
            for item in pieceItems {
                if let position = items.firstIndex(where: { Self.index(of: $0) == Self.index(of: item) }) {
                    merge(item, into: &items[position], key: nil)
                } else {
                    items.append(item)
                }
            }
            whole = .array(items.sorted { Self.index(of: $0)! < Self.index(of: $1)! })
        default:
            whole = piece
        }
    }

    private static func index(of item: JSONValue) -> Int? {
        item["index"]?.intValue
    }
}
