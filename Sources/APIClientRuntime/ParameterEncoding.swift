import Foundation

/// Serialises parameter values the way OpenAPI's `style` and `explode` describe.
enum ParameterEncoding {
    static func jsonValue(_ value: some Encodable) throws -> JSONValue {
        switch value {
        case let string as String: return .string(string)
        case let int as Int: return .int(int)
        case let bool as Bool: return .bool(bool)
        case let double as Double: return .double(double)
        case let text as any RawRepresentable<String>: return .string(text.rawValue)
        default:
            return try JSONEncoding.jsonValue(value)
        }
    }

    /// Characters left as they are in a query component (RFC 3986 unreserved).
    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// A path as the spec writes it, with the characters a URL path cannot hold (spaces, quotes, controls)
    /// percent-encoded; a `%` is kept, as the spec may have escaped characters itself, and so are the values
    /// substituted into it, escaped already.
    static func pathLiteral(_ path: String) -> String {
        percentEncoding(path, keeping: isPathByte)
    }

    /// `text` with every UTF-8 byte that `keeping` refuses written as `%XX`.
    static func percentEncoding(_ text: String, keeping: (UInt8) -> Bool) -> String {
        guard text.utf8.contains(where: { !keeping($0) }) else { return text }
        var result = ""
        for byte in text.utf8 {
            if keeping(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }

    private static func isPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-._~!$&'()*+,;=:@/%".utf8.contains(byte)
        }
    }

    /// A cookie's value with what a cookie cannot hold (controls, spaces, quotes, commas, semicolons and
    /// backslashes, which would end it or start another) percent-encoded.
    static func cookieValue(_ text: String) -> String {
        percentEncoding(text) { byte in
            byte > 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x2C && byte != 0x3B && byte != 0x5C && byte != 0x25
        }
    }

    static func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): return text
        case .array, .object:
            return jsonText(value)
        }
    }

    static func pathValue(_ value: JSONValue) -> String {
        switch value {
        case .array(let items): return items.map { escape(scalarText($0)) }.joined(separator: ",")
        case .object(let members):
            return members.keys.map { escape($0) + "," + escape(scalarText(members[$0]!)) }
                .joined(separator: ",")
        default: return escape(scalarText(value))
        }
    }

    static func headerValue(_ value: JSONValue, explode: Bool) -> String {
        switch value {
        case .array(let items): return items.map(scalarText).joined(separator: ",")
        case .object(let members):
            return members.keys.map { key in
                explode ? key + "=" + scalarText(members[key]!) : key + "," + scalarText(members[key]!)
            }.joined(separator: ",")
        default: return scalarText(value)
        }
    }

    /// The value as compact JSON, members in order.
    static func jsonText(_ value: JSONValue) -> String {
        String(decoding: JSONWriter.bytes(value), as: UTF8.self)
    }

    static func queryItems(name: String, value: JSONValue, style: ParameterStyle, explode: Bool) -> [String] {
        let key = escape(name)
        if style == .json { return [key + "=" + escape(jsonText(value))] }
        switch value {
        case .null:
            return []
        case .array(let items):
            let texts = items.map { escape(scalarText($0)) }
            if explode && (style == .form || style == .deepObject) {
                return texts.map { key + "=" + $0 }
            }
            let separator: String
            switch style {
            case .spaceDelimited: separator = "%20"
            case .pipeDelimited: separator = "%7C"
            default: separator = ","
            }
            return [key + "=" + texts.joined(separator: separator)]
        case .object(let members):
            let keys = members.keys
            if style == .deepObject {
                return keys.flatMap { member -> [String] in
                    let nested = key + "%5B" + escape(member) + "%5D"
                    if case .array(let items) = members[member]! {
                        return items.map { nested + "=" + escape(scalarText($0)) }
                    }
                    return [nested + "=" + escape(scalarText(members[member]!))]
                }
            }
            if explode {
                return keys.map { escape($0) + "=" + escape(scalarText(members[$0]!)) }
            }
            return [key + "=" + keys.map { escape($0) + "," + escape(scalarText(members[$0]!)) }.joined(separator: ",")]
        default:
            return [key + "=" + escape(scalarText(value))]
        }
    }
}

/// The JSON settings every generated client uses: RFC 3339 dates, with or without fractional seconds.
public enum JSONCoding {
    /// A Foundation encoder with the client's settings, keys sorted. Requests are written by ``JSONEncoding``,
    /// which keeps members in the order they are encoded.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = try? Date(text, strategy: .iso8601) { return date }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
                return date
            }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an RFC 3339 date-time")
        }
        return decoder
    }
}
