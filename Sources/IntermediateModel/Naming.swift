/// Turns names from a spec (`max_tokens`, `200-response`, `模型调用`) into valid, idiomatic Swift identifiers.
public enum Naming {
    /// `lowerCamelCase`, for properties, arguments, cases and methods.
    public static func memberName(_ name: String) -> String {
        guard var result = camelCase(name, capitalizingFirst: false) else { return "value" }
        if startsWithDigit(result) { result = "_" + result }
        if reservedMemberNames.contains(result) { result += "Value" }
        return result
    }

    /// Names that even backticks do not make usable as members of generated types.
    private static let reservedMemberNames: Set<String> = ["self", "init", "deinit", "subscript", "super", "Type", "Protocol"]

    /// `UpperCamelCase`, for types.
    public static func typeName(_ name: String) -> String {
        typeNameAvoidingReserved(name).name
    }

    /// ``typeName(_:)``, and the reserved name it would have taken, when it was given another for that reason.
    public static func typeNameAvoidingReserved(_ name: String) -> (name: String, reserved: String?) {
        guard var result = camelCase(name, capitalizingFirst: true) else { return ("Value", nil) }
        if startsWithDigit(result) { result = "_" + result }
        if reservedTypeNames.contains(result) { return (result + "Value", result) }
        return (result, nil)
    }

    /// Whether a type named `name` at the top level would shadow a name generated code uses: such a type is
    /// declared as `nameValue` instead.
    public static func isReservedTypeName(_ name: String) -> Bool {
        reservedTypeNames.contains(name)
    }

    /// Names a type may not take because they mean something else in Swift or in generated code: declared there,
    /// they would shadow what generated code means by them. Tests check that this covers every public type of
    /// the runtime and every type name the golden modules use without declaring it.
    private static let reservedTypeNames: Set<String> = [
        // Swift's own.
        "Type", "Protocol", "Self", "Any", "AnyObject", "Swift", "String", "Substring", "Character", "Int", "Int8",
        "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "Double", "Float", "Bool", "Array",
        "Dictionary", "Set", "Optional", "Result", "Void", "Never", "Error", "Sendable", "Codable", "Decodable",
        "Encodable", "Equatable", "Hashable", "Comparable", "CaseIterable", "RawRepresentable", "CodingKey",
        "CodingKeys", "Encoder", "Decoder", "DecodingError", "EncodingError", "AsyncThrowingStream", "AsyncSequence",
        "Task", "Duration", "ExpressibleByStringLiteral", "ExpressibleByArrayLiteral",
        // Foundation's, HTTP Types' and the OpenAPI runtime's.
        "Foundation", "Data", "Date", "URL", "UUID", "Decimal", "HTTPTypes", "HTTPFields", "HTTPField", "HTTPRequest",
        "HTTPResponse", "OpenAPIRuntime", "HTTPBody", "ClientTransport", "ClientMiddleware",
        // The generated client's runtime library.
        "APIClientRuntime", "Client", "Request", "RawResponse", "ClientCore", "Credential", "FilePart", "Indirect",
        "APIError", "JSONCoding", "JSONValue", "JSONObject", "StatusPattern", "SecuritySchemeKind", "DynamicCodingKey",
        "BearerTokenMiddleware", "ParameterStyle", "OptionalValue", "Base64EncodedData", "GeneratedModel", "OpenEnum",
        "OpenStringEnum", "RequestOptions", "RetryPolicy", "RetryMiddleware", "ErrorBodies", "AnswerSelection",
        "JSONEncoding", "StreamAccumulator",
    ]

    /// Calls `body` with the range of each word in `bytes`, in order: words are split at separators, case changes
    /// and letter-digit boundaries. Works on bytes: only ASCII letters and digits make words, and this runs for
    /// every name of a spec.
    private static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        var start = -1
        for index in bytes.indices {
            let byte = bytes[index]
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                if start >= 0 { body(start..<index) }
                start = -1
                continue
            }
            if start >= 0 && index > start && isWordStart(at: index, in: bytes) {
                body(start..<index)
                start = index
            }
            if start < 0 { start = index }
        }
        if start >= 0 { body(start..<bytes.count) }
    }

    /// The words of `name` run together, each capitalised (see `appendCapitalized`) but the first when
    /// `capitalizingFirst` is false, which is all in lower case. Nil when the name has no words.
    private static func camelCase(_ name: String, capitalizingFirst: Bool) -> String? {
        var name = name
        // In one pass over the name's bytes into the result's: this runs for every name of a spec. The result is
        // never longer than the name, since separators are dropped and every other byte is kept.
        let result = name.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                var count = 0
                forEachWord(in: bytes) { range in
                    let word = UnsafeBufferPointer(rebasing: bytes[range])
                    if count == 0 && !capitalizingFirst {
                        for byte in word { output[count] = isUpper(byte) ? byte + 32 : byte; count += 1 }
                    } else {
                        appendCapitalized(word, to: output, at: &count)
                    }
                }
                return count
            }
        }
        if !result.isEmpty { return result }
        guard !name.isEmpty else { return nil }
        // Nothing of ASCII: two words, `u` and the code points in hexadecimal, so that distinct names stay distinct.
        let codePoints = Array(name.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }
            .joined(separator: "_").utf8)
        let spelled = String(unsafeUninitializedCapacity: codePoints.count) { output in
            var count = 0
            codePoints.withUnsafeBufferPointer { appendCapitalized($0, to: output, at: &count) }
            return count
        }
        return (capitalizingFirst ? "U" : "u") + spelled
    }

    /// Whether a new word starts at `index`, inside a run of letters and digits: at a case change
    /// (`maxTokens`), after digits (`2Fa`), or at the last capital of an initialism (`HTTPServer`).
    private static func isWordStart(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let byte = bytes[index]
        guard isUpper(byte) else { return false }
        let previous = bytes[index - 1]
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        return isLower(previous) || isDigit(previous) || (isUpper(previous) && isLower(next))
    }

    /// Words written in capitals in Swift, whatever their case in the spec.
    private static let initialisms: [[UInt8]] = ["id", "url", "uri", "http", "https", "api", "json", "uuid", "html", "xml", "ip"]
        .map { Array($0.utf8) }

    /// A word with a capital first letter: initialisms all in capitals, ALLCAPS words (`PORTRAIT`) as
    /// `Portrait`, others as written. Written into `output` from `count` on.
    private static func appendCapitalized(_ word: UnsafeBufferPointer<UInt8>, to output: UnsafeMutableBufferPointer<UInt8>,
                                          at count: inout Int) {
        let isInitialism = word.count <= 5 && initialisms.contains { initialism in
            initialism.count == word.count && zip(initialism, word).allSatisfy { $0 == (isUpper($1) ? $1 + 32 : $1) }
        }
        if isInitialism {
            for byte in word { output[count] = isLower(byte) ? byte - 32 : byte; count += 1 }
            return
        }
        let lowersTheRest = word.count > 1 && !isDigit(word[0]) && !word.contains(where: isLower)
        for (offset, byte) in word.enumerated() {
            if offset == 0 {
                output[count] = isLower(byte) ? byte - 32 : byte
            } else {
                output[count] = lowersTheRest && isUpper(byte) ? byte + 32 : byte
            }
            count += 1
        }
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
    private static func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func startsWithDigit(_ name: String) -> Bool {
        name.utf8.first.map(isDigit) ?? false
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
    /// The names in use while they are few, as most scopes' are (a type's properties, an enum's cases): comparing
    /// a handful of short strings is cheaper than hashing them. Past `smallLimit` names, a set holds them.
    private var few: [String] = []
    private var many: Set<String>?
    private static let smallLimit = 16

    public init(reserved: [String] = []) {
        for name in reserved where !contains(name) { insert(name) }
    }

    public mutating func claim(_ name: String) -> String {
        if !contains(name) {
            insert(name)
            return name
        }
        var index = 2
        while contains("\(name)\(index)") { index += 1 }
        let claimed = "\(name)\(index)"
        insert(claimed)
        return claimed
    }

    public func contains(_ name: String) -> Bool {
        many?.contains(name) ?? few.contains(name)
    }

    private mutating func insert(_ name: String) {
        if many != nil {
            many!.insert(name)
            return
        }
        few.append(name)
        if few.count > Self.smallLimit {
            many = Set(few)
            few = []
        }
    }
}
