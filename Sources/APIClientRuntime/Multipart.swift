import Foundation

/// A file in a `multipart/form-data` body.
public struct FilePart: Codable, Hashable, Sendable {
    public var data: Data
    public var fileName: String?
    public var contentType: String?

    public init(data: Data, fileName: String? = nil, contentType: String? = nil) {
        self.data = data
        self.fileName = fileName
        self.contentType = contentType
    }

    public func encode(to encoder: any Encoder) throws {
        // In a union that a multipart body holds (a file or a list of files), the file is the part.
        if let probe = encoder as? MultipartEncoding.PayloadProbe {
            try probe.encode(self)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encodeIfPresent(fileName, forKey: .fileName)
        try container.encodeIfPresent(contentType, forKey: .contentType)
    }
}

/// Builds `multipart/form-data` bodies from an `Encodable` object, one part per property.
enum MultipartEncoding {
    struct Part {
        var name: String
        var fileName: String?
        var contentType: String?
        var data: Data
    }

    static func encode(_ value: some Encodable, partContentTypes: [String: String], boundary: String? = nil) throws
        -> (contentType: String, body: Data) {
        let collector = PartCollector()
        try value.encode(to: PartEncoder(collector: collector))
        if let failure = collector.failure {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: failure))
        }
        let boundary = boundary ?? "Boundary-" + UUID().uuidString
        var body = Data()
        for part in collector.parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(quoted(part.name))\""
            if let fileName = part.fileName { head += "; filename=\"\(quoted(fileName))\"" }
            head += "\r\n"
            // The caller's own type wins; the spec's applies when concrete (`audio/*` lists types, it names none).
            let specType = partContentTypes[part.name].flatMap { $0.contains("*") || $0.contains(",") ? nil : $0 }
            if let contentType = part.contentType ?? specType ?? (part.fileName != nil ? "application/octet-stream" : nil) {
                // A line break would end the header and start another, of the value's choosing.
                guard !contentType.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                    throw EncodingError.invalidValue(contentType, EncodingError.Context(
                        codingPath: [], debugDescription: "the content type of part '\(part.name)' holds a control character"))
                }
                head += "Content-Type: \(contentType)\r\n"
            }
            body.append(contentsOf: Array((head + "\r\n").utf8))
            body.append(part.data)
            body.append(contentsOf: Array("\r\n".utf8))
        }
        body.append(contentsOf: Array("--\(boundary)--\r\n".utf8))
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// A name or file name inside the quotes of a `Content-Disposition` header, as browsers write it: a quote and
    /// control characters percent-encoded (so that a file name cannot end the header line and add others), a
    /// backslash escaped.
    static func quoted(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x22 || $0 == 0x5C }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22, 0x00...0x1F, 0x7F:
                result += "%" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            case 0x5C:
                result += "\\\\"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    final class PartCollector {
        var parts: [Part] = []
        /// Why the value cannot be parts, when it is not an object.
        var failure: String?

        func add(name: String, value: any Encodable) throws {
            switch value {
            case let file as FilePart:
                parts.append(Part(name: name, fileName: file.fileName ?? name, contentType: file.contentType,
                                  data: file.data))
            case let text as String:
                parts.append(Part(name: name, data: Data(text.utf8)))
            case let items as [any Encodable]:
                for item in items { try add(name: name, value: item) }
            case is Bool, is any BinaryInteger, is Double, is Float, is Date, is Data, is URL:
                parts.append(Part(name: name, data: Data(ParameterEncoding.scalarText(try JSONEncoding.jsonValue(value)).utf8)))
            default:
                // A union (a file or a list of files, say) stands for its payload: what it encodes as a single
                // value or a list of values is sent as those would be.
                let probe = PayloadProbe()
                try value.encode(to: probe)
                if let payload = probe.payload {
                    for item in payload { try add(name: name, value: item) }
                    return
                }
                let json = try JSONEncoding.jsonValue(value)
                switch json {
                case .null:
                    break
                case .object, .array:
                    parts.append(Part(name: name, contentType: "application/json", data: Data(JSONWriter.bytes(json))))
                default:
                    parts.append(Part(name: name, data: Data(ParameterEncoding.scalarText(json).utf8)))
                }
            }
        }
    }

    /// Records the values a value encodes as one value or a list of values; nil once it writes an object or
    /// nests containers, which are sent as JSON instead.
    final class PayloadProbe: Encoder, SingleValueEncodingContainer, UnkeyedEncodingContainer {
        var payload: [any Encodable]? = []
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]
        var count: Int { payload?.count ?? 0 }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            payload = nil
            return KeyedEncodingContainer(KeyedParts<Key>(collector: PartCollector()))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer { self }
        func singleValueContainer() -> any SingleValueEncodingContainer { self }

        func encodeNil() throws {}
        func encode<T: Encodable>(_ value: T) throws { payload?.append(value) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            container(keyedBy: keyType)
        }

        func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            payload = nil
            return self
        }

        func superEncoder() -> any Encoder {
            payload = nil
            return self
        }
    }

    /// An `Encoder` that accepts one keyed object and turns each of its properties into parts.
    struct PartEncoder: Encoder {
        let collector: PartCollector
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(KeyedParts<Key>(collector: collector))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            collector.failure = "a multipart body must be an object, not a list"
            return DiscardingContainer()
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            collector.failure = "a multipart body must be an object, not a single value"
            return DiscardingContainer()
        }
    }

    struct KeyedParts<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let collector: PartCollector
        var codingPath: [any CodingKey] = []

        mutating func encodeNil(forKey key: Key) throws {}

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try collector.add(name: key.stringValue, value: value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(KeyedParts<NestedKey>(collector: collector))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            collector.failure = "multipart property '\(key.stringValue)' must be encoded whole"
            return DiscardingContainer()
        }

        mutating func superEncoder() -> any Encoder { PartEncoder(collector: collector) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { PartEncoder(collector: collector) }
    }

    /// Takes what a value that cannot be parts encodes, so that encoding ends and reports why, rather than trapping.
    struct DiscardingContainer: UnkeyedEncodingContainer, SingleValueEncodingContainer {
        var codingPath: [any CodingKey] = []
        var count = 0

        mutating func encodeNil() throws {}
        mutating func encode<T: Encodable>(_ value: T) throws {}

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(KeyedParts<NestedKey>(collector: PartCollector()))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
        mutating func superEncoder() -> any Encoder { PartEncoder(collector: PartCollector()) }
    }
}
