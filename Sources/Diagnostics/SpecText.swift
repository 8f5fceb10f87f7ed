/// Text from a spec or the command line as diagnostics show it.
///
/// A diagnostic is one line that editors and build systems parse, so spec text must not be able to end it,
/// start a line that looks like a diagnostic of its own, or send escape sequences to a terminal; and a
/// megabyte-long value must not be repeated in full.
public enum SpecText {
    /// How many characters of a value a message quotes before cutting it short.
    public static let quotedLimit = 80

    /// `text` with line breaks, control characters and invisible direction or line-separator marks written as
    /// escapes (`\n`, `\u{1B}`), cut after `limit` characters with `…` when it is longer.
    public static func escaped<Text: StringProtocol>(_ text: Text, limit: Int? = quotedLimit) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count == limit {
                result += "…"
                break
            }
            count += 1
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if needsEscape(scalar) {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Whether a character is one a terminal or editor would act on rather than show: C0 and C1 controls,
    /// DEL, line and paragraph separators, and the marks that reorder text (`U+202E`).
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// Whether `text` holds nothing `escaped` would change but its length.
    static func isPlain<Text: StringProtocol>(_ text: Text) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}

extension DefaultStringInterpolation {
    /// Spec text inside a message, escaped and cut short (see ``SpecText``): `"'\(spec: name)' is unknown"`.
    public mutating func appendInterpolation<Text: StringProtocol>(spec text: Text) {
        appendLiteral(SpecText.escaped(text))
    }

    /// Spec text whose length is bounded by its kind (a path): escaped, never cut.
    public mutating func appendInterpolation<Text: StringProtocol>(path text: Text) {
        appendLiteral(SpecText.escaped(text, limit: nil))
    }
}
