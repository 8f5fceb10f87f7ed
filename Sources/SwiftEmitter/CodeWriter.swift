/// Accumulates Swift source with four-space indentation and no trailing whitespace.
struct CodeWriter {
    private(set) var text = ""
    private var indentation: Int
    private(set) var lineCount = 0

    private static let indents = (0..<12).map { String(repeating: " ", count: 4 * $0) }

    init(indentation: Int = 0) {
        self.indentation = indentation
    }

    mutating func line(_ content: String = "") {
        if !content.isEmpty {
            text += indentation < Self.indents.count ? Self.indents[indentation]
                : String(repeating: " ", count: 4 * indentation)
            text += content
        }
        text += "\n"
        lineCount += 1
    }

    /// Writes `header {`, the body one level deeper, then `}`.
    mutating func block(_ header: String, _ body: (inout CodeWriter) -> Void) {
        line(header + " {")
        indentation += 1
        body(&self)
        indentation -= 1
        line("}")
    }

    /// Writes text as `///` comments. Markdown paragraphs are refilled to `width` columns; lists, headings,
    /// tables, quotes and code keep their lines.
    mutating func documentation(_ text: String?, width: Int = 116) {
        guard let text else { return }
        // Most descriptions are one line: written as they are, without splitting or copying.
        if !text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            let last = text.utf8.last
            let trimmed = last == 0x20 || last == 0x09 ? text.trimmingTrailingWhitespace : text
            if !trimmed.isEmpty { line("/// " + trimmed) }
            return
        }
        var lines = Self.lines(of: text).map { $0.trimmingTrailingWhitespace }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        for line in lines.count == 1 ? lines : Self.refill(lines, width: width) {
            self.line(line.isEmpty ? "///" : "/// " + line)
        }
    }

    /// The lines of `text`, split at `\n`, `\r\n` and `\r` (what ends a line for Swift's lexer), scanning bytes:
    /// splitting by `Character` is slow, and this runs for every description of a spec.
    static func lines(of text: String) -> [Substring] {
        var result: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                result.append(Substring(text[start..<index]))
                var next = bytes.index(after: index)
                if byte == 0x0D, next != bytes.endIndex, bytes[next] == 0x0A { next = bytes.index(after: next) }
                start = next
                index = next
            } else {
                index = bytes.index(after: index)
            }
        }
        result.append(Substring(text[start..<bytes.endIndex]))
        return result
    }

    /// Joins the lines of plain paragraphs, as Markdown renders them, up to `width` columns.
    static func refill(_ lines: [String], width: Int) -> [String] {
        var result: [String] = []
        var inCode = false
        var canJoin = false
        // The length of result's last line, kept rather than counted again at each join.
        var lastLength = 0
        for line in lines {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inCode.toggle()
                result.append(line)
                lastLength = Self.columns(line)
                canJoin = false
                continue
            }
            // Markdown reads several blank lines as one.
            if !inCode, trimmed.isEmpty, result.last?.isEmpty == true { continue }
            let structural = inCode || trimmed.isEmpty || line.hasPrefix("    ") || line.hasPrefix("\t")
                || trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.hasPrefix("+ ")
                || trimmed.hasPrefix("#") || trimmed.hasPrefix("|") || trimmed.hasPrefix(">")
                || trimmed.first.map({ $0.isNumber }) == true && trimmed.contains(". ")
                || line.hasSuffix("  ")
            let length = Self.columns(line)
            if !structural, canJoin, !result.isEmpty, lastLength + 1 + length <= width {
                result[result.count - 1] += " " + trimmed
                lastLength += 1 + Self.columns(trimmed)
            } else {
                result.append(line)
                lastLength = length
            }
            // A list item's continuation lines may join it; code, tables and blank lines end a paragraph.
            canJoin = !(inCode || trimmed.isEmpty || trimmed.hasPrefix("|") || trimmed.hasPrefix("#")
                || line.hasPrefix("    ") || line.hasSuffix("  "))
        }
        return result
    }

    /// The width of a line in characters; counted in bytes when all are ASCII, which is far faster.
    static func columns(_ text: some StringProtocol) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
    }

    /// Whether `content` fits in `width` columns at the current indentation.
    func fits(_ content: String, width: Int = 116) -> Bool {
        indentation * 4 + content.utf8.count <= width
    }

    /// Writes `items` as many to a line as fit in `width`, each line a list of its own that starts with `prefix`
    /// (`case a, b` then `case c`).
    mutating func packed(_ items: [String], prefix: String, width: Int = 116) {
        var lineItems: [String] = []
        var length = prefix.utf8.count
        func flush() {
            guard !lineItems.isEmpty else { return }
            line(prefix + lineItems.joined(separator: ", "))
            lineItems = []
            length = prefix.utf8.count
        }
        for item in items {
            if !lineItems.isEmpty && length + 2 + item.utf8.count > width { flush() }
            length += (lineItems.isEmpty ? 0 : 2) + item.utf8.count
            lineItems.append(item)
        }
        flush()
    }

    /// Writes `open`, the comma-separated `items` and `close` on one line when they fit in `width` columns;
    /// otherwise `open` ends the first line, the items follow one level deeper, as many to a line as fit, and
    /// `close` ends the last of them.
    mutating func call(_ open: String, _ items: [String], _ close: String, width: Int = 116) {
        // Widths in bytes: counting characters is slow, and what is written here is nearly always ASCII.
        let indent = indentation * 4
        var total = indent + open.utf8.count + close.utf8.count
        for item in items { total += item.utf8.count + 2 }
        if total - 2 <= width {
            line(open + items.joined(separator: ", ") + close)
            return
        }
        line(open)
        indentation += 1
        var current = ""
        for item in items {
            if !current.isEmpty && indent + 4 + current.utf8.count + 2 + item.utf8.count + 1 > width {
                line(current + ",")
                current = ""
            }
            current += current.isEmpty ? item : ", " + item
        }
        line(current + close)
        indentation -= 1
    }

    /// Writes `switch subject {`, the cases at the same indentation (Swift's usual style), then `}`.
    mutating func switchBlock(_ subject: String, _ body: (inout CodeWriter) -> Void) {
        line("switch \(subject) {")
        body(&self)
        line("}")
    }

    mutating func indent() { indentation += 1 }
    mutating func dedent() { indentation -= 1 }
}

extension StringProtocol {
    /// The text without trailing spaces, tabs and carriage returns.
    var trimmingTrailingWhitespace: String {
        guard let last = lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { return "" }
        return String(self[...last])
    }

    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let start = firstIndex(where: { $0 != " " && $0 != "\t" }) ?? endIndex
        return self[start...].trimmingTrailingWhitespace
    }
}

enum SwiftSyntax {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
        "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
        "while", "Any", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "await",
        "package", "async", "some", "any", "consume", "borrowing", "consuming",
    ]

    /// An identifier, in backticks when it is a keyword.
    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// An argument label at a call site, where only `inout`, `var` and `let` need backticks.
    static func label(_ name: String) -> String {
        name == "inout" || name == "var" || name == "let" ? "`\(name)`" : name
    }

    /// A string literal, escaped.
    static func stringLiteral(_ text: String) -> String {
        // Most texts need no escapes: names, keys, paths.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
