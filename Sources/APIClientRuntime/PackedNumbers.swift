import Foundation
public import OpenAPIRuntime

extension Base64EncodedData {
    /// The bytes read as little-endian 32-bit floats: how APIs pack a vector they send as base64 text
    /// (OpenAI-style embeddings with `encoding_format: base64`).
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the bytes are not a whole number of floats.
    public func littleEndianFloats() throws -> [Float] {
        try PackedNumbers.floats(data)
    }
}

extension Data {
    /// The bytes read as little-endian 32-bit floats; see ``OpenAPIRuntime/Base64EncodedData/littleEndianFloats()``.
    public func littleEndianFloats() throws -> [Float] {
        try PackedNumbers.floats(self)
    }
}

enum PackedNumbers {
    static func floats(_ bytes: some Collection<UInt8>) throws -> [Float] {
        guard bytes.count % 4 == 0 else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: [], debugDescription: "\(bytes.count) bytes are not a whole number of 32-bit floats"))
        }
        var values: [Float] = []
        values.reserveCapacity(bytes.count / 4)
        var bits: UInt32 = 0
        for (offset, byte) in bytes.enumerated() {
            bits |= UInt32(byte) << (8 * UInt32(offset % 4))
            if offset % 4 == 3 {
                values.append(Float(bitPattern: bits))
                bits = 0
            }
        }
        return values
    }
}
