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

    /// Parses like `parse(bytes:file:)`, and hands each mapping entry whose key path is at most `depth` keys
    /// long to `completed` as soon as its value is whole, on the calling thread, while libyaml reads on: a
    /// reader can start on the document's first parts before the last is read.
    ///
    /// The key path holds the keys from the root down to the entry's own (`["components", "schemas", "Pet"]`);
    /// entries inside sequences are not handed over. An entry is handed over before later keys of its mapping
    /// are checked, so the parse may still fail after it.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String, depth: Int,
                             completed: @escaping (_ keyPath: [String], _ entry: YAMLNode.Pair) -> Void)
        throws(Diagnostic) -> YAMLNode {
        try parse(bytes: bytes, file: file, concurrently: bytes.count >= concurrencyThreshold,
                  observer: TreeBuilder.Observer(depth: depth, completed: completed))
    }

    /// The deepest nesting of collections a document may have. Real specs stay far below it (OpenAI's reaches 22);
    /// it keeps every later stage's recursion shallow, and stops libyaml, whose time grows with the square of
    /// the nesting, before that matters.
    public static let maximumDepth = 256

    /// How many nodes aliases (`*name`) may stand for in all, at least: each alias counts the nodes of what it
    /// repeats. A document that writes more nodes itself may alias as many as it writes. This bounds the
    /// "billion laughs", where a few lines of aliases of aliases stand for billions of nodes.
    public static let minimumAliasBudget = 100_000

    /// From this size on, libyaml reads on another thread while the tree is built, which on a big spec takes
    /// a third off the parse. Below it, starting a thread costs more than it saves.
    static let concurrencyThreshold = 64 * 1024

    static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String, concurrently: Bool,
                      observer: TreeBuilder.Observer? = nil) throws(Diagnostic) -> YAMLNode {
        var builder = TreeBuilder(file: file, observer: observer)
        if concurrently {
            try buildConcurrently(&builder, bytes: bytes, file: file)
        } else {
            try EventReader.read(bytes, file: file) { (batch: EventBatch) throws(Diagnostic) in
                try builder.handle(batch)
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
        // A queue of its own, which libdispatch always gives a thread: the global pool may be busy, or blocked
        // waiting on a parse like this one.
        DispatchQueue(label: "YAMLParser.reader", qos: .userInitiated).async {
            do throws(Diagnostic) {
                try EventReader.read(shared.buffer, file: file) { (batch: EventBatch) in
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
                    try builder.handle(batch)
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

/// libyaml's events, copied out of libyaml's memory on the reading thread, which allocates and frees it (the
/// C allocator is slow to free across threads). Their text stays bytes until the building thread makes strings,
/// which evens out the two threads' work.
struct EventBatch: Sendable {
    enum Kind: UInt8, Sendable {
        case scalar, alias, sequenceStart, mappingStart, collectionEnd
    }

    /// Where a piece of text stands in `text`; a negative count for none.
    struct TextRange: Sendable {
        var start: Int32
        var count: Int32
        static let none = TextRange(start: 0, count: -1)
    }

    struct Event: Sendable {
        var kind: Kind
        var style: YAMLNode.ScalarStyle
        /// A scalar's value or an alias's anchor name.
        var value: TextRange
        var tag: TextRange
        var anchor: TextRange
        /// Zero-based, as libyaml counts.
        var line: Int32
        var column: Int32
    }

    var events: [Event] = []
    var text: [UInt8] = []

    mutating func removeAll() {
        events.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
    }

    mutating func store(_ pointer: UnsafePointer<UInt8>?, count: Int) -> TextRange {
        guard let pointer else { return .none }
        let range = TextRange(start: Int32(text.count), count: Int32(count))
        text.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
        return range
    }

    mutating func store(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> TextRange {
        guard let pointer else { return .none }
        return store(pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
    }
}

/// Runs libyaml over a buffer and hands the events of its first document over in batches.
enum EventReader {
    static let batchSize = 4096

    /// - Parameter deliver: receives each batch; returns false to stop reading.
    /// - Throws: a syntax error, located at libyaml's mark.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String,
                     deliver: (EventBatch) throws(Diagnostic) -> Bool) throws(Diagnostic) {
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
            var batch = EventBatch()
            batch.events.reserveCapacity(batchSize)
            var event = yaml_event_t()
            var depth = 0
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw parserError(&parser, file: file)
                }
                defer { yaml_event_delete(&event) }
                // Only the first document is read.
                if event.type == YAML_STREAM_END_EVENT || event.type == YAML_DOCUMENT_END_EVENT { break }
                // Checked as events arrive, on the reading thread: libyaml itself slows down on deep nesting.
                switch event.type {
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    depth += 1
                    if depth > YAMLParser.maximumDepth {
                        let mark = event.start_mark
                        throw .error("YAML nesting is deeper than \(YAMLParser.maximumDepth) levels",
                                     at: SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1))
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                default:
                    break
                }
                if let converted = convert(&event, into: &batch) {
                    batch.events.append(converted)
                    if batch.events.count == batchSize {
                        guard try deliver(batch) else { return }
                        batch.removeAll()
                    }
                }
            }
            if !batch.events.isEmpty { _ = try deliver(batch) }
        }
    }

    private static func convert(_ event: inout yaml_event_t, into batch: inout EventBatch) -> EventBatch.Event? {
        let line = Int32(truncatingIfNeeded: event.start_mark.line)
        let column = Int32(truncatingIfNeeded: event.start_mark.column)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let style: YAMLNode.ScalarStyle
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            return EventBatch.Event(kind: .scalar, style: style, value: batch.store(scalar.value, count: scalar.length),
                                    tag: batch.store(scalar.tag), anchor: batch.store(scalar.anchor),
                                    line: line, column: column)
        case YAML_ALIAS_EVENT:
            return EventBatch.Event(kind: .alias, style: .plain, value: batch.store(event.data.alias.anchor),
                                    tag: .none, anchor: .none, line: line, column: column)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return EventBatch.Event(kind: .sequenceStart, style: .plain, value: .none, tag: batch.store(start.tag),
                                    anchor: batch.store(start.anchor), line: line, column: column)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return EventBatch.Event(kind: .mappingStart, style: .plain, value: .none, tag: batch.store(start.tag),
                                    anchor: batch.store(start.anchor), line: line, column: column)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return EventBatch.Event(kind: .collectionEnd, style: .plain, value: .none, tag: .none, anchor: .none,
                                    line: line, column: column)
        default:
            return nil
        }
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
        case events(EventBatch)
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
struct TreeBuilder {
    /// Who is told of mapping entries as their values complete, down to `depth` keys from the root.
    struct Observer {
        let depth: Int
        let completed: ([String], YAMLNode.Pair) -> Void
    }

    /// A collection still open: a class, so that appending to it does not copy what it holds.
    private final class Frame {
        /// The key this collection is the value of, when its parent is a mapping and the key a scalar.
        let key: String?
        let isMapping: Bool
        let location: SourceLocation
        let tag: String?
        let anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        /// The keys so far, for finding duplicates; only built for large mappings; small ones are searched.
        var keys: Set<ExactKey>?
        var pendingKey: YAMLNode?

        init(key: String?, isMapping: Bool, location: SourceLocation, tag: String?, anchor: String?) {
            self.key = key
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
                    return pairs.contains { $0.key.scalar.map { ExactKey.sameBytes($0, key) } ?? false }
                }
                keys = Set(pairs.compactMap { $0.key.scalar.map(ExactKey.init) })
            }
            return !keys!.insert(ExactKey(key)).inserted
        }
    }

    /// A mapping key compared as YAML compares keys, by code points: `é` and `e` followed by a combining accent
    /// are different keys, though Swift's `String` finds them equal.
    struct ExactKey: Hashable {
        let text: String

        init(_ text: String) {
            self.text = text
        }

        static func == (lhs: Self, rhs: Self) -> Bool { sameBytes(lhs.text, rhs.text) }

        /// Swift's hash of the text: equal bytes hash alike, and so do the rare canonically equal texts, which
        /// `==` then tells apart.
        func hash(into hasher: inout Hasher) { hasher.combine(text) }

        /// Whether two strings have the same UTF-8 bytes. Texts Swift finds different have different bytes: only
        /// those it finds equal, nearly always the same bytes, are compared byte by byte.
        static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
            lhs == rhs && lhs.utf8.elementsEqual(rhs.utf8)
        }
    }

    let file: String
    private let observer: Observer?
    private(set) var root: YAMLNode?
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    /// How many nodes each anchored node stands for, aliases inside it expanded, once an alias has asked.
    private var anchorSizes: [String: Int] = [:]
    private var openAnchors: Set<String> = []
    /// Nodes written in the document, and nodes that aliases stand for: see ``YAMLParser/minimumAliasBudget``.
    private var writtenNodes = 0
    private var aliasedNodes = 0

    init(file: String, observer: Observer? = nil) {
        self.file = file
        self.observer = observer
    }

    /// Handles a batch of events of the document, in order.
    mutating func handle(_ batch: EventBatch) throws(Diagnostic) {
        try batch.text.withUnsafeBufferPointer { text throws(Diagnostic) in
            func string(_ range: EventBatch.TextRange) -> String? {
                guard range.count >= 0 else { return nil }
                let start = Int(range.start)
                return String(decoding: UnsafeBufferPointer(rebasing: text[start..<start + Int(range.count)]), as: UTF8.self)
            }
            for event in batch.events {
                let location = SourceLocation(file: file, line: Int(event.line) + 1, column: Int(event.column) + 1)
                try handle(event, at: location, string: string)
            }
        }
    }

    private mutating func handle(_ event: EventBatch.Event, at location: SourceLocation,
                                 string: (EventBatch.TextRange) -> String?) throws(Diagnostic) {
        switch event.kind {
        case .scalar:
            let node = YAMLNode(.scalar(string(event.value) ?? "", event.style), location: location,
                                tag: string(event.tag).map(Self.expandTag))
            if let anchor = string(event.anchor) { anchors[anchor] = node }
            writtenNodes += 1
            try add(node)
        case .alias:
            let name = string(event.value) ?? ""
            if openAnchors.contains(name) {
                throw .error("YAML alias '*\(spec: name)' refers to a node that contains it", at: location)
            }
            guard let node = anchors[name] else {
                throw .error("YAML alias '*\(spec: name)' has no anchor before it", at: location)
            }
            let budget = max(YAMLParser.minimumAliasBudget, writtenNodes)
            // Counted when an alias asks, not for every node as it is built: most documents have no aliases.
            let size = anchorSizes[name] ?? Self.expandedSize(of: node, upTo: budget - aliasedNodes + 1)
            anchorSizes[name] = size
            aliasedNodes += size
            if aliasedNodes > budget {
                throw .error("YAML aliases stand for more than \(budget) nodes in all; write the repeated parts out, or use '$ref'",
                             at: location)
            }
            try add(node)
        case .sequenceStart, .mappingStart:
            writtenNodes += 1
            let anchor = string(event.anchor)
            if let anchor { openAnchors.insert(anchor) }
            // Keys are only kept where an observer is told the paths of entries.
            let parent = stack.count < observer?.depth ?? 0 ? stack.last : nil
            let key = parent?.isMapping == true ? parent?.pendingKey?.scalar : nil
            stack.append(Frame(key: key, isMapping: event.kind == .mappingStart, location: location,
                               tag: string(event.tag).map(Self.expandTag), anchor: anchor))
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

    /// How many nodes `node` stands for, the nodes it shares with other places counted at each, up to `limit`: a
    /// node of aliases of aliases can stand for billions, and the count stops as soon as the budget is spent.
    private static func expandedSize(of node: YAMLNode, upTo limit: Int) -> Int {
        var count = 0
        var pending = [node]
        while let next = pending.popLast(), count < limit {
            count += 1
            switch next.content {
            case .scalar: break
            case .sequence(let items): pending += items
            case .mapping(let pairs): for pair in pairs { pending.append(pair.key); pending.append(pair.value) }
            }
        }
        return count
    }

    private mutating func add(_ node: YAMLNode) throws(Diagnostic) {
        guard let frame = stack.last else {
            root = node
            return
        }
        if !frame.isMapping {
            frame.items.append(node)
        } else if let key = frame.pendingKey {
            let pair = YAMLNode.Pair(key: key, value: node)
            frame.pairs.append(pair)
            frame.pendingKey = nil
            if let observer, stack.count <= observer.depth, let name = key.scalar {
                notify(observer, key: name, entry: pair)
            }
        } else {
            if let text = node.scalar, text != "<<", frame.isDuplicate(text) {
                throw .error("duplicate key '\(spec: text)' in mapping", at: node.location)
            }
            frame.pendingKey = node
        }
    }

    /// Hands a completed entry to the observer when every collection above it is a mapping entry.
    private func notify(_ observer: Observer, key: String, entry: YAMLNode.Pair) {
        var keyPath: [String] = []
        keyPath.reserveCapacity(stack.count)
        for frame in stack.dropFirst() {
            guard let key = frame.key else { return }
            keyPath.append(key)
        }
        keyPath.append(key)
        observer.completed(keyPath, entry)
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
