/// Turns names from a spec (`max_tokens`, `200-response`, `模型调用`) into valid, idiomatic Swift identifiers.
public enum Naming {
    /// Words written in capitals in Swift, whatever their case in the spec.
    private static let initialisms: Set<String> = ["id", "url", "uri", "http", "https", "api", "json", "uuid", "html", "xml", "ip"]

    /// `lowerCamelCase`, for properties, arguments, cases and methods.
    public static func memberName(_ name: String) -> String {
        let words = words(name)
        guard let first = words.first else { return "value" }
        var result = asciiCased(first) { _ in .lower }
        for word in words.dropFirst() { result += capitalized(word) }
        if startsWithDigit(result) { result = "_" + result }
        if reservedMemberNames.contains(result) { result += "Value" }
        return result
    }

    /// Names that even backticks do not make usable as members of generated types.
    private static let reservedMemberNames: Set<String> = ["self", "init", "deinit", "subscript", "super", "Type", "Protocol"]

    /// `UpperCamelCase`, for types.
    public static func typeName(_ name: String) -> String {
        let words = words(name)
        guard !words.isEmpty else { return "Value" }
        var result = words.map(capitalized).joined()
        if startsWithDigit(result) { result = "_" + result }
        if reservedTypeNames.contains(result) { result += "Value" }
        return result
    }

    /// Names a type may not take because they mean something else in Swift or in generated code.
    private static let reservedTypeNames: Set<String> = [
        "Type", "Protocol", "Self", "Any", "AnyObject", "Client", "String", "Int", "Double", "Bool", "Array",
        "Dictionary", "Optional", "Data", "Date", "Error", "Result", "Sendable", "Codable", "Hashable", "URL",
        "JSONValue", "JSONObject", "Void", "Never", "Encoder", "Decoder", "Set", "Float", "Int32", "Int64",
        "AsyncThrowingStream", "CodingKeys",
        // Names generated code uses from its runtime libraries.
        "Request", "RawResponse", "ClientCore", "Credential", "FilePart", "Indirect", "APIError", "JSONCoding",
        "StatusPattern", "SecuritySchemeKind", "DynamicCodingKey", "BearerTokenMiddleware", "ParameterStyle",
        "OptionalValue", "HTTPBody", "Base64EncodedData", "ClientTransport", "ClientMiddleware", "HTTPFields",
        "HTTPRequest", "HTTPResponse", "Foundation",
    ]

    /// Splits a name into words at separators, case changes and letter-digit boundaries. Characters outside
    /// ASCII letters and digits separate words; a name with none of those is spelled out by its code points.
    public static func words(_ name: String) -> [String] {
        // Works on bytes: only ASCII letters and digits make words, and this runs for every name of a spec.
        let bytes = Array(name.utf8)
        var words: [String] = []
        var start = -1
        func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
        func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        func flush(_ end: Int) {
            if start >= 0 && end > start { words.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
            start = -1
        }
        for index in bytes.indices {
            let byte = bytes[index]
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                flush(index)
                continue
            }
            if start >= 0 && index > start {
                let previous = bytes[index - 1]
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                let boundary = (isLower(previous) && isUpper(byte))
                    || (isDigit(previous) && isUpper(byte))
                    || (isUpper(previous) && isUpper(byte) && isLower(next))
                if boundary { flush(index) }
            }
            if start < 0 { start = index }
        }
        flush(bytes.count)
        if words.isEmpty && !name.isEmpty {
            // Nothing of ASCII: spell the code points so that distinct names stay distinct.
            let hex = name.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: "_")
            return ["u", hex]
        }
        return words
    }

    /// A word of `words(_:)` (ASCII letters and digits) with a capital first letter: initialisms all in
    /// capitals, ALLCAPS words (`PORTRAIT`) as `Portrait`, others as written.
    private static func capitalized(_ word: String) -> String {
        let utf8 = word.utf8
        if utf8.count <= 5 && initialisms.contains(asciiCased(word) { _ in .lower }) {
            return asciiCased(word) { _ in .upper }
        }
        let hasLower = utf8.contains { $0 >= 97 && $0 <= 122 }
        let startsWithLetter = utf8.first.map { !($0 >= 48 && $0 <= 57) } ?? false
        if !hasLower && utf8.count > 1 && startsWithLetter {
            return asciiCased(word) { $0 == 0 ? .upper : .lower }
        }
        return asciiCased(word) { $0 == 0 ? .upper : .unchanged }
    }

    private enum ASCIICase { case upper, lower, unchanged }

    /// `word` with the ASCII letters at each offset put in the case `rule` gives; other bytes as they are.
    private static func asciiCased(_ word: String, _ rule: (Int) -> ASCIICase) -> String {
        let utf8 = word.utf8
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            for (offset, byte) in utf8.enumerated() {
                switch rule(offset) {
                case .upper: buffer[offset] = byte >= 97 && byte <= 122 ? byte - 32 : byte
                case .lower: buffer[offset] = byte >= 65 && byte <= 90 ? byte + 32 : byte
                case .unchanged: buffer[offset] = byte
                }
            }
            return utf8.count
        }
    }

    private static func startsWithDigit(_ name: String) -> Bool {
        name.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? false
    }

    /// A simple English singular, used to name an array's element type after its property.
    public static func singular(_ name: String) -> String {
        if name.hasSuffix("ies"), name.count > 4 { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("sses") || name.hasSuffix("shes") || name.hasSuffix("ches") || name.hasSuffix("xes") {
            return String(name.dropLast(2))
        }
        if name.hasSuffix("s"), !name.hasSuffix("ss"), !name.hasSuffix("us"), !name.hasSuffix("is"), name.count > 3 {
            return String(name.dropLast())
        }
        return name + "Item"
    }
}

/// Hands out unique names within one scope, deterministically: the first claimant keeps a name and later ones
/// get a numeric suffix.
public struct NameScope: Sendable {
    private var used: Set<String>

    public init(reserved: Set<String> = []) {
        used = reserved
    }

    public mutating func claim(_ name: String) -> String {
        if used.insert(name).inserted { return name }
        var index = 2
        while !used.insert("\(name)\(index)").inserted { index += 1 }
        return "\(name)\(index)"
    }

    public func contains(_ name: String) -> Bool { used.contains(name) }
}
