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

    /// Writes text as `///` comments. A Markdown paragraph or list item is one line, as a one-line description
    /// is (editors wrap it); headings, tables, quotes and code keep their lines.
    mutating func documentation(_ text: String?) {
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
        for line in lines.count == 1 ? lines : Self.joiningParagraphs(lines) {
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

    /// Joins the lines of each paragraph into one, as Markdown renders them.
    static func joiningParagraphs(_ lines: [String]) -> [String] {
        var result: [String] = []
        var inCode = false
        var canJoin = false
        for line in lines {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inCode.toggle()
                result.append(line)
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
            if !structural, canJoin, !result.isEmpty {
                result[result.count - 1] += " " + trimmed
            } else {
                result.append(line)
            }
            // A list item's continuation lines may join it; code, tables and blank lines end a paragraph.
            canJoin = !(inCode || trimmed.isEmpty || trimmed.hasPrefix("|") || trimmed.hasPrefix("#")
                || line.hasPrefix("    ") || line.hasSuffix("  "))
        }
        return result
    }

    /// Whether `content` fits in `width` columns at the current indentation.
    func fits(_ content: String, depth: Int = 0, width: Int = 116) -> Bool {
        (indentation + depth) * 4 + content.utf8.count <= width
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

    /// Writes `open`, the comma-separated `items` and `close`, as many items to a line as fit in `width`
    /// columns; lines after the first are one level deeper, and `close` ends the last of them.
    mutating func call(_ open: String, _ items: [String], _ close: String, width: Int = 116) {
        // Widths in bytes: counting characters is slow, and what is written here is nearly always ASCII.
        let outer = indentation
        var current = open
        var column = indentation * 4 + open.utf8.count
        var lineHasItem = false
        for (index, item) in items.enumerated() {
            // The last item must leave room for `close`; the others, for a comma.
            let room = index == items.count - 1 ? close.utf8.count : 1
            let separator = lineHasItem ? 2 : 0
            if lineHasItem, column + separator + item.utf8.count + room > width {
                line(current + ",")
                indentation = outer + 1
                current = item
                column = indentation * 4 + item.utf8.count
                continue
            }
            current += lineHasItem ? ", " + item : item
            column += separator + item.utf8.count
            lineHasItem = true
        }
        line(current + close)
        indentation = outer
    }

    /// Writes a function: `header`, then `statements`, the `call` (see ``call(_:_:_:width:)``) and `then`, on
    /// one line when there is one statement in all and it fits.
    mutating func function(_ header: String, _ statements: [String], call: (String, [String], String)?,
                           then: [String] = [], width: Int = 116) {
        if statements.count + then.count + (call == nil ? 0 : 1) == 1 {
            // Measured before it is built: most bodies do not fit beside their header.
            var length = indentation * 4 + header.utf8.count + 5
            if let call {
                length += call.0.utf8.count + call.2.utf8.count + max(call.1.count - 1, 0) * 2
                for item in call.1 { length += item.utf8.count }
            } else {
                length += (statements.first ?? then[0]).utf8.count
            }
            if length <= width {
                let statement = call.map { $0.0 + $0.1.joined(separator: ", ") + $0.2 } ?? statements.first ?? then[0]
                line(header + " { " + statement + " }")
                return
            }
        }
        block(header) { writer in
            for statement in statements { writer.line(statement) }
            if let call { writer.call(call.0, call.1, call.2, width: width) }
            for statement in then { writer.line(statement) }
        }
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
