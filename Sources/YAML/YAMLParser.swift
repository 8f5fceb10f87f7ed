internal import CYaml
public import Diagnostics

/// Parses YAML 1.1 (and so JSON) with libyaml into a tree of ``YAMLNode``s.
public enum YAMLParser {
    /// Parses the first document of `text`. An empty document parses as a null scalar.
    ///
    /// - Parameter file: the path used in node locations and error messages.
    /// - Throws: a ``Diagnostic`` located at libyaml's error mark.
    public static func parse(_ text: String, file: String) throws(Diagnostic) -> YAMLNode {
        try parse(bytes: Array(text.utf8), file: file)
    }

    public static func parse(bytes: [UInt8], file: String) throws(Diagnostic) -> YAMLNode {
        try bytes.withUnsafeBufferPointer { buffer throws(Diagnostic) in try parse(bytes: buffer, file: file) }
    }

    public static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String) throws(Diagnostic) -> YAMLNode {
        var builder = TreeBuilder(file: file)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw .error("libyaml could not be initialised", at: SourceLocation(file: file, line: 1, column: 1))
        }
        defer { yaml_parser_delete(&parser) }
        // An empty buffer may have a nil base address; libyaml wants a valid pointer.
        let empty: [UInt8] = [0]
        try empty.withUnsafeBufferPointer { emptyBytes throws(Diagnostic) in
            let base = bytes.baseAddress ?? emptyBytes.baseAddress!
            yaml_parser_set_input_string(&parser, base, bytes.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw parserError(&parser, file: file)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                if try builder.handle(&event) { break }
            }
        }
        return builder.root ?? YAMLNode(.scalar("", .plain), location: SourceLocation(file: file, line: 1, column: 1))
    }

    private static func parserError(_ parser: inout yaml_parser_t, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            let line = Int(parser.context_mark.line) + 1
            message = "\(problem) \(context) (opened at line \(line))"
        }
        let mark = parser.problem_mark
        let location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        return .error("YAML syntax: \(message)", at: location)
    }
}

/// Turns libyaml's event stream into nodes.
private struct TreeBuilder {
    /// A collection still open: a class, so that appending to it does not copy what it holds.
    private final class Frame {
        let isMapping: Bool
        let location: SourceLocation
        let tag: String?
        let anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        /// The keys so far, for finding duplicates; only built for large mappings; small ones are searched.
        var keys: Set<String>?
        var pendingKey: YAMLNode?

        init(isMapping: Bool, location: SourceLocation, tag: String?, anchor: String?) {
            self.isMapping = isMapping
            self.location = location
            self.tag = tag
            self.anchor = anchor
        }

        /// Whether `key` is already a key of this mapping, remembering it otherwise (`pairs` holds only
        /// the completed pairs, so the caller checks before the key's value arrives).
        func isDuplicate(_ key: String) -> Bool {
            if keys == nil {
                if pairs.count < 16 {
                    return pairs.contains { $0.key.scalar == key }
                }
                keys = Set(pairs.compactMap { $0.key.scalar })
            }
            return !keys!.insert(key).inserted
        }
    }

    let file: String
    private(set) var root: YAMLNode?
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var openAnchors: Set<String> = []

    init(file: String) { self.file = file }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    /// Handles one event; returns true once the first document is complete.
    mutating func handle(_ event: inout yaml_event_t) throws(Diagnostic) -> Bool {
        switch event.type {
        case YAML_DOCUMENT_END_EVENT:
            return root != nil
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let style: YAMLNode.ScalarStyle
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let tag = Self.string(scalar.tag).map(Self.expandTag)
            let node = YAMLNode(.scalar(text, style), location: location(event.start_mark), tag: tag)
            if let anchor = Self.string(scalar.anchor) { anchors[anchor] = node }
            try add(node)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            let here = location(event.start_mark)
            if openAnchors.contains(name) {
                throw .error("YAML alias '*\(name)' refers to a node that contains it", at: here)
            }
            guard let node = anchors[name] else {
                throw .error("YAML alias '*\(name)' has no anchor before it", at: here)
            }
            try add(node)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = Self.string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
            let tag = Self.string(isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag)
            if let anchor { openAnchors.insert(anchor) }
            stack.append(Frame(isMapping: isMapping, location: location(event.start_mark),
                               tag: tag.map(Self.expandTag), anchor: anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { break }
            let node = frame.isMapping
                ? YAMLNode(.mapping(Self.applyingMergeKeys(frame.pairs)), location: frame.location, tag: frame.tag)
                : YAMLNode(.sequence(frame.items), location: frame.location, tag: frame.tag)
            if let anchor = frame.anchor {
                openAnchors.remove(anchor)
                anchors[anchor] = node
            }
            try add(node)
        default:
            break
        }
        return false
    }

    private mutating func add(_ node: YAMLNode) throws(Diagnostic) {
        guard let frame = stack.last else {
            root = node
            return
        }
        if !frame.isMapping {
            frame.items.append(node)
        } else if let key = frame.pendingKey {
            frame.pairs.append(YAMLNode.Pair(key: key, value: node))
            frame.pendingKey = nil
        } else {
            if let text = node.scalar, text != "<<", frame.isDuplicate(text) {
                throw .error("duplicate key '\(text)' in mapping", at: node.location)
            }
            frame.pendingKey = node
        }
    }

    /// YAML merge keys (`<<: *base`): keys of the merged mappings that the mapping itself lacks.
    private static func applyingMergeKeys(_ pairs: [YAMLNode.Pair]) -> [YAMLNode.Pair] {
        guard pairs.contains(where: { $0.key.scalar == "<<" && !$0.key.isQuoted }) else { return pairs }
        var result = pairs.filter { !($0.key.scalar == "<<" && !$0.key.isQuoted) }
        var seen = Set(result.compactMap { $0.key.scalar })
        for pair in pairs where pair.key.scalar == "<<" && !pair.key.isQuoted {
            let sources = pair.value.items ?? [pair.value]
            for source in sources {
                for merged in source.pairs ?? [] {
                    guard let key = merged.key.scalar, !seen.contains(key) else { continue }
                    seen.insert(key)
                    result.append(merged)
                }
            }
        }
        return result
    }

    private static func expandTag(_ tag: String) -> String {
        tag.hasPrefix("!!") ? "tag:yaml.org,2002:" + tag.dropFirst(2) : tag
    }
}
