/// For operations whose answer's media type a body property selects (OpenAI's `response_format: text` answers
/// `text/plain` where `json` answers JSON): each generated method reads one kind of answer, and checks that the
/// value the caller set asks for it.
public enum AnswerSelection {
    /// The value a method sends.
    ///
    /// - Parameters:
    ///   - value: what the caller set.
    ///   - values: the values that make the server give the answer the method reads.
    ///   - unset: what to send when the caller set nothing; nil to send nothing, where the server's default gives
    ///     that answer.
    ///   - elsewhere: the method that reads the answer each other documented value selects.
    /// - Throws: ``APIError`` with ``APIError/Reason/invalidRequest(_:)`` for a value whose answer another method
    ///   reads, before anything is sent. A value the spec does not list is sent as it is.
    public static func value<Value: Hashable & Sendable>(
        _ value: Value?, among values: [Value], unset: Value?, elsewhere: [Value: String], property: String,
        operationID: String
    ) throws -> Value? {
        guard let value else { return unset }
        if let method = elsewhere[value], !values.contains(value) {
            throw APIError(reason: .invalidRequest("\(property) '\(describe(value))' asks for an answer that \(method) reads"),
                           operationID: operationID)
        }
        return value
    }

    private static func describe(_ value: some Hashable) -> String {
        if let raw = value as? any RawRepresentable { return "\(raw.rawValue)" }
        return "\(value)"
    }
}
