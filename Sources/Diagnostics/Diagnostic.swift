/// A position in an input file, 1-based like compiler diagnostics.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the prefix editors and IDEs jump to; the path escaped (see ``SpecText``).
    public var description: String { "\(path: file):\(line):\(column)" }

    /// The first line and column of `file`: where a problem with a whole file is reported.
    public static func start(of file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A message about the input, located where a user can fix it.
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    public static func error(_ message: String, at location: SourceLocation?) -> Self {
        Self(.error, message, at: location)
    }

    public static func warning(_ message: String, at location: SourceLocation?) -> Self {
        Self(.warning, message, at: location)
    }

    /// The compiler's format: `file:line:column: error: message`, always one line. Messages quote spec text
    /// escaped and cut short (`\(spec:)`); a message that still holds a line break or a control character has
    /// it escaped here, and one longer than ``maximumMessageLength`` is cut.
    public var description: String {
        let text = SpecText.isPlain(message) && message.utf8.count <= Self.maximumMessageLength
            ? message : SpecText.escaped(message, limit: Self.maximumMessageLength)
        if let location {
            return "\(location): \(severity.rawValue): \(text)"
        }
        return "\(severity.rawValue): \(text)"
    }

    /// The longest message shown whole, in characters.
    public static let maximumMessageLength = 1000
}

/// Collects warnings while a stage runs. Repeats of one cause are reported once, at their first location,
/// with a count, so that a large spec with a systematic quirk produces one line rather than hundreds.
public struct DiagnosticCollector: Sendable {
    private struct Entry: Sendable {
        var key: String
        var diagnostic: Diagnostic
        var repeats: Int
    }

    private var entries: [Entry] = []
    private var indexByCause: [String: Int] = [:]

    public init() {}

    /// Records `diagnostic`. Diagnostics sharing `cause` (by default the message) collapse into one.
    public mutating func add(_ diagnostic: Diagnostic, cause: String? = nil) {
        let key = "\(diagnostic.severity.rawValue)|\(cause ?? diagnostic.message)"
        if let index = indexByCause[key] {
            entries[index].repeats += 1
        } else {
            indexByCause[key] = entries.count
            entries.append(Entry(key: key, diagnostic: diagnostic, repeats: 0))
        }
    }

    /// Adds what `other` collected, as if it had been recorded here after what this one holds.
    public mutating func append(contentsOf other: DiagnosticCollector) {
        for entry in other.entries {
            if let index = indexByCause[entry.key] {
                entries[index].repeats += 1 + entry.repeats
            } else {
                indexByCause[entry.key] = entries.count
                entries.append(entry)
            }
        }
    }

    public mutating func warning(_ message: String, at location: SourceLocation?, cause: String? = nil) {
        add(.warning(message, at: location), cause: cause)
    }

    /// The collected diagnostics in the order first seen; repeated causes say how often they recurred.
    public var diagnostics: [Diagnostic] {
        entries.map { entry in
            var diagnostic = entry.diagnostic
            if entry.repeats > 0 {
                let times = entry.repeats == 1 ? "time" : "times"
                diagnostic.message += " (and \(entry.repeats) more \(times) like it)"
            }
            return diagnostic
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
}

/// A stage's failure: one or more errors, and the warnings seen before them.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension DiagnosticCollector {
    public mutating func error(_ message: String, at location: SourceLocation?) {
        add(.error(message, at: location), cause: "\(location.map(String.init(describing:)) ?? "")|\(message)")
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
