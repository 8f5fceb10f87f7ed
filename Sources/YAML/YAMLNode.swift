public import Diagnostics

/// A node of a parsed YAML (or JSON) document, with the place it was read from.
///
/// Mappings keep their keys in document order, and scalars remember how they were written, so that
/// `version: 1.0` (a number) and `version: "1.0"` (a string) can be told apart.
public final class YAMLNode: Sendable {
    public enum ScalarStyle: Sendable, Hashable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    public struct Pair: Sendable {
        public let key: YAMLNode
        public let value: YAMLNode
    }

    public enum Content: Sendable {
        case scalar(String, ScalarStyle)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    public let content: Content
    public let location: SourceLocation
    /// An explicit tag such as `!!str`, when the document wrote one.
    public let tag: String?

    public init(_ content: Content, location: SourceLocation, tag: String? = nil) {
        self.content = content
        self.location = location
        self.tag = tag
    }

    // MARK: Structure

    public var pairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var isMapping: Bool { pairs != nil }
    public var isSequence: Bool { items != nil }

    /// The value for a scalar key of a mapping; `nil` when absent or when this node is not a mapping.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        for pair in pairs where pair.key.scalar == key {
            return pair.value
        }
        return nil
    }

    // MARK: Scalars

    /// The text of a scalar, whatever its style.
    public var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// Whether the scalar was written in quotes, which makes it a string whatever its text.
    public var isQuoted: Bool {
        if case .scalar(_, let style) = content { return style != .plain }
        return false
    }

    /// Plain scalars that resolve to something other than a string under YAML's core schema are not strings.
    private var isPlainNonString: Bool {
        guard case .scalar(_, .plain) = content, tag == nil else { return false }
        return isNull || bool != nil || int != nil || double != nil
    }

    /// Whether the scalar is a string under YAML's core schema (quoted, tagged `!!str`, or plain text that is
    /// not a number, boolean or null).
    public var isStringScalar: Bool {
        guard scalar != nil else { return false }
        if tag == "tag:yaml.org,2002:str" { return true }
        return !isPlainNonString
    }

    public var isNull: Bool {
        guard case .scalar(let text, .plain) = content, tag == nil || tag == "tag:yaml.org,2002:null" else {
            return false
        }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    public var bool: Bool? {
        guard case .scalar(let text, .plain) = content else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    public var int: Int? {
        guard case .scalar(let text, .plain) = content else { return nil }
        if let value = Int(text) { return value }
        if text.hasPrefix("+"), let value = Int(text.dropFirst()) { return value }
        if text.hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return value }
        if text.hasPrefix("0o"), let value = Int(text.dropFirst(2), radix: 8) { return value }
        return nil
    }

    public var double: Double? {
        guard case .scalar(let text, .plain) = content else { return nil }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return nil }
        return Double(text)
    }

    /// A short description of the node's kind for error messages.
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .scalar: return isNull ? "null" : "a scalar"
        }
    }
}
