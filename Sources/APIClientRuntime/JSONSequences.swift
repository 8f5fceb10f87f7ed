import Foundation
import HTTPTypes
import OpenAPIRuntime

extension ClientCore {
    /// Sends the request and returns its answer of JSON values one after another, typed, each yielded as soon as
    /// it has arrived whole: one a line (`application/jsonl`, blank lines skipped), or each after a record
    /// separator, U+001E (`application/json-seq`, RFC 7464).
    public func jsonSequence<Value: Decodable & Sendable>(
        _ request: Request, operationID: String, of type: Value.Type, recordSeparated: Bool = false,
        errorBodies: ErrorBodies = [], options: RequestOptions = RequestOptions()
    ) async throws -> AsyncThrowingStream<Value, any Error> {
        try await stream(request, operationID: operationID, errorBodies: errorBodies, options: options) {
            body, answer, delivery in
            let decoder = JSONCoding.decoder()
            var records = JSONSequenceSplitter(separator: recordSeparated ? 0x1E : 0x0A)
            func yield(_ record: Data) throws {
                do {
                    delivery.yield(try decoder.decode(Value.self, from: record))
                } catch {
                    throw answer.error(.invalidResponseBody(error), operationID: operationID, body: record)
                }
            }
            for try await chunk in body {
                delivery.progress()
                for record in records.append(chunk) { try yield(record) }
            }
            if let last = records.finish() { try yield(last) }
        }
    }
}

extension Request {
    /// Sets a body of JSON values one after another: one a line, or each after a record separator.
    public mutating func jsonSequence(_ values: [some Encodable & Sendable], contentType: String,
                                      recordSeparated: Bool = false) throws {
        var data: [UInt8] = []
        for value in values {
            if recordSeparated { data.append(0x1E) }
            JSONWriter.write(try JSONEncoding.jsonValue(value), into: &data)
            data.append(0x0A)
        }
        headerFields[.contentType] = contentType
        body = HTTPBody(data)
    }
}

/// Cuts a byte stream into the records of a JSON sequence as chunks arrive, whatever their boundaries.
struct JSONSequenceSplitter {
    /// `\n` for JSON Lines; the record separator, U+001E, for JSON text sequences.
    let separator: UInt8
    private var pending: [UInt8] = []

    init(separator: UInt8) {
        self.separator = separator
    }

    /// The records that `chunk` completes, in order.
    mutating func append(_ chunk: some Sequence<UInt8>) -> [Data] {
        var records: [Data] = []
        for byte in chunk {
            if byte == separator {
                if let record = take() { records.append(record) }
            } else {
                pending.append(byte)
            }
        }
        return records
    }

    /// The record left when the stream ends: a last line need not end with a line break.
    mutating func finish() -> Data? { take() }

    /// The pending bytes as a record, unless they are only whitespace (a blank line, the line break that ends a
    /// text sequence's record).
    private mutating func take() -> Data? {
        defer { pending.removeAll(keepingCapacity: true) }
        guard pending.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return nil }
        return Data(pending)
    }
}
