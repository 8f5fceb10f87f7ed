/// Random edits that reach the generator's corners: pieces of YAML and OpenAPI syntax, numbers at the edges of
/// their types, control characters, names the generated code uses, and copies of spans of the input (which
/// nest it deeper) or of another seed.
enum Mutator {
    private static let tokenTexts: [String] = [
        "$ref: '#/components/schemas/A'", "$ref: other.yaml#/A", "$ref: '#'", "$ref: '../x.yaml'", "$ref: /etc/passwd",
        "&a ", "*a", "<<: *a", "[", "]", "{", "}", ": ", ", ", "- ", "\n", "\n  ", "\n    - ", "'", "\"", "\\", "#",
        "\u{0}", "\u{1B}[31m", "\r", "\u{202E}", "\u{2028}", "é", "e\u{301}", "\\u0000", "\\n",
        "-9223372036854775808", "9223372036854775807", "99999999999999999999", "1e309", "-0", ".nan", "0x1F",
        "null", "~", "true", "no", "''", "{}", "[]",
        "type: object", "type: [string, 'null']", "properties:", "items:", "additionalProperties:", "required: [a]",
        "allOf: [", "oneOf: [", "anyOf: [", "not:", "enum: [none, some, self, Type, '', _]", "const: x",
        "discriminator: {propertyName: type}", "default: none", "nullable: true", "format: binary",
        "format: date-time", "readOnly: true", "writeOnly: true",
        "GeneratedModel", "OpenStringEnum", "Client", "Type", "self", "init", "var", "1op", "_1op",
        "content:", "application/json:", "text/event-stream:", "multipart/form-data:", "schema:", "responses:",
        "'200':", "default:", "parameters:", "in: query", "in: path", "requestBody:", "operationId: x",
        "securitySchemes:", "security: [{a: []}]", "servers: [{url: 'https://x/{v}'}]", "openapi: 3.0.0",
        "openapi: 3.1.0", "openapi: 3.2.0",
    ]
    static let tokens = tokenTexts.map { Array($0.utf8) }

    static func mutate(_ seed: [UInt8], seeds: [[UInt8]], random: inout SplitMix) -> [UInt8] {
        var bytes = seed
        for _ in 0..<(1 + random.below(8)) {
            let position = random.below(bytes.count + 1)
            switch random.below(6) {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] ^= UInt8(1 << random.below(8))
            case 1, 2:
                bytes.insert(contentsOf: tokens[random.below(tokens.count)], at: position)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + 1 + random.below(64))
                bytes.removeSubrange(min(position, end)..<end)
            case 4 where !bytes.isEmpty:
                let start = random.below(bytes.count)
                let span = bytes[start..<min(bytes.count, start + 1 + random.below(256))]
                bytes.insert(contentsOf: span, at: position)
            default:
                let other = seeds[random.below(seeds.count)]
                guard !other.isEmpty else { continue }
                let start = random.below(other.count)
                bytes.insert(contentsOf: other[start..<min(other.count, start + 1 + random.below(512))], at: position)
            }
        }
        return bytes
    }
}

/// A small, fast pseudo-random generator whose runs repeat for a given seed.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A number in `0..<bound` (0 for an empty range).
    mutating func below(_ bound: Int) -> Int {
        bound <= 0 ? 0 : Int(next() % UInt64(bound))
    }
}
