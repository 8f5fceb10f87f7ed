internal import CYaml
import Dispatch
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
        try parse(bytes: bytes, file: file, concurrently: bytes.count >= concurrencyThreshold)
    }

    /// From this size on, libyaml reads on another thread while the tree is built, which on a big spec takes
    /// a third off the parse. Below it, starting a thread costs more than it saves.
    static let concurrencyThreshold = 64 * 1024

    static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String, concurrently: Bool) throws(Diagnostic)
        -> YAMLNode {
        var builder = TreeBuilder(file: file)
        if concurrently {
            try buildConcurrently(&builder, bytes: bytes, file: file)
        } else {
            try EventReader.read(bytes, file: file) { (batch: [Event]) throws(Diagnostic) in
                for event in batch { try builder.handle(event) }
                return true
            }
        }
        return builder.root ?? YAMLNode(.scalar("", .plain), location: SourceLocation(file: file, line: 1, column: 1))
    }

    /// The bytes libyaml reads on another thread; `buildConcurrently` waits for that thread to finish before
    /// it returns, so they outlive every use.
    private struct SharedBytes: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
    }

    private static func buildConcurrently(_ builder: inout TreeBuilder, bytes: UnsafeBufferPointer<UInt8>,
                                          file: String) throws(Diagnostic) {
        let channel = EventChannel()
        let shared = SharedBytes(buffer: bytes)
        DispatchQueue.global(qos: .userInitiated).async {
            do throws(Diagnostic) {
                try EventReader.read(shared.buffer, file: file) { (batch: [Event]) in
                    channel.send(.events(batch))
                }
                channel.send(.finished)
            } catch {
                channel.send(.failed(error))
            }
        }
        var failure: Diagnostic?
        while true {
            switch channel.receive() {
            case .events(let batch):
                // After an error the remaining batches are only received, so that the reader can finish.
                guard failure == nil else { continue }
                do throws(Diagnostic) {
                    for event in batch { try builder.handle(event) }
                } catch {
                    failure = error
                    channel.cancel()
                }
            case .finished:
                if let failure { throw failure }
                return
            case .failed(let error):
                throw failure ?? error
            }
        }
    }
}

/// One of libyaml's events as Swift values, made on the reading thread: libyaml's own memory is allocated
/// and freed there, which the C allocator does far faster than freeing across threads.
enum Event: Sendable {
    case scalar(String, YAMLNode.ScalarStyle, tag: String?, anchor: String?, mark: Mark)
    case alias(String, mark: Mark)
    case collectionStart(isMapping: Bool, tag: String?, anchor: String?, mark: Mark)
    case collectionEnd

    /// Zero-based, as libyaml counts.
    struct Mark: Sendable {
        let line: Int
        let column: Int
    }
}

/// Runs libyaml over a buffer and hands the events of its first document over in batches.
enum EventReader {
    static let batchSize = 4096

    /// - Parameter deliver: receives each batch; returns false to stop reading.
    /// - Throws: a syntax error, located at libyaml's mark.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String,
                     deliver: ([Event]) throws(Diagnostic) -> Bool) throws(Diagnostic) {
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
            var batch: [Event] = []
            batch.reserveCapacity(batchSize)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw parserError(&parser, file: file)
                }
                defer { yaml_event_delete(&event) }
                // Only the first document is read.
                if event.type == YAML_STREAM_END_EVENT || event.type == YAML_DOCUMENT_END_EVENT { break }
                if let converted = convert(&event) {
                    batch.append(converted)
                    if batch.count == batchSize {
                        guard try deliver(batch) else { return }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !batch.isEmpty { _ = try deliver(batch) }
        }
    }

    private static func convert(_ event: inout yaml_event_t) -> Event? {
        let mark = Event.Mark(line: Int(event.start_mark.line), column: Int(event.start_mark.column))
        switch event.type {
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
            return .scalar(text, style, tag: string(scalar.tag), anchor: string(scalar.anchor), mark: mark)
        case YAML_ALIAS_EVENT:
            return .alias(string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return .collectionStart(isMapping: false, tag: string(start.tag), anchor: string(start.anchor), mark: mark)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return .collectionStart(isMapping: true, tag: string(start.tag), anchor: string(start.anchor), mark: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return .collectionEnd
        default:
            return nil
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
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

/// Batches of events from the reading thread to the building one, a few at most in flight.
private final class EventChannel: @unchecked Sendable {
    enum Message: Sendable {
        case events([Event])
        case finished
        case failed(Diagnostic)
    }

    // Guarded by `lock`, a semaphore: it needs neither Foundation nor a recent OS.
    private var messages: [Message] = []
    private var cancelled = false
    private let lock = DispatchSemaphore(value: 1)
    private let available = DispatchSemaphore(value: 0)
    private let space = DispatchSemaphore(value: 8)

    private func locked<T>(_ body: () -> T) -> T {
        lock.wait()
        defer { lock.signal() }
        return body()
    }

    /// Sends a message; returns false, dropping it, once the receiver has cancelled.
    @discardableResult
    func send(_ message: Message) -> Bool {
        if case .events = message {
            space.wait()
            if locked({ cancelled }) {
                space.signal()
                return false
            }
        }
        locked { messages.append(message) }
        available.signal()
        return true
    }

    func receive() -> Message {
        available.wait()
        let message = locked { messages.removeFirst() }
        if case .events = message { space.signal() }
        return message
    }

    /// Asks the sender to stop; it still sends its final message.
    func cancel() {
        locked { cancelled = true }
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

    private func location(_ mark: Event.Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    /// Handles one event of the document.
    mutating func handle(_ event: Event) throws(Diagnostic) {
        switch event {
        case .scalar(let text, let style, let tag, let anchor, let mark):
            let node = YAMLNode(.scalar(text, style), location: location(mark), tag: tag.map(Self.expandTag))
            if let anchor { anchors[anchor] = node }
            try add(node)
        case .alias(let name, let mark):
            let here = location(mark)
            if openAnchors.contains(name) {
                throw .error("YAML alias '*\(name)' refers to a node that contains it", at: here)
            }
            guard let node = anchors[name] else {
                throw .error("YAML alias '*\(name)' has no anchor before it", at: here)
            }
            try add(node)
        case .collectionStart(let isMapping, let tag, let anchor, let mark):
            if let anchor { openAnchors.insert(anchor) }
            stack.append(Frame(isMapping: isMapping, location: location(mark), tag: tag.map(Self.expandTag),
                               anchor: anchor))
        case .collectionEnd:
            guard let frame = stack.popLast() else { break }
            let node = frame.isMapping
                ? YAMLNode(.mapping(Self.applyingMergeKeys(frame.pairs)), location: frame.location, tag: frame.tag)
                : YAMLNode(.sequence(frame.items), location: frame.location, tag: frame.tag)
            if let anchor = frame.anchor {
                openAnchors.remove(anchor)
                anchors[anchor] = node
            }
            try add(node)
        }
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
