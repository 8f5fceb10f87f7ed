import Diagnostics

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
            appendIndentation()
            text += SwiftSyntax.escapingControls(content)
        }
        text += "\n"
        lineCount += 1
    }

    private mutating func appendIndentation() {
        text += indentation < Self.indents.count ? Self.indents[indentation]
            : String(repeating: " ", count: 4 * indentation)
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
        if !text.containsLineBreak {
            let trimmed = text.trimmingTrailingWhitespace
            if !trimmed.isEmpty { commentLine(trimmed) }
            return
        }
        var lines = Self.lines(of: text).map { $0.trimmingTrailingWhitespace }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        for line in lines.count == 1 ? lines : Self.joiningParagraphs(lines) {
            commentLine(line)
        }
    }

    /// Writes `/// content`, or `///` when the content is empty, without building the line first.
    private mutating func commentLine(_ content: String) {
        appendIndentation()
        text += content.isEmpty ? "///" : "/// "
        text += SwiftSyntax.escapingControls(content)
        text += "\n"
        lineCount += 1
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

    /// Joins the lines of each paragraph into one, as Markdown renders them. Lines come without trailing
    /// whitespace. Markdown's syntax is ASCII, so lines are read as bytes: this runs for every description.
    static func joiningParagraphs(_ lines: [String]) -> [String] {
        var result: [String] = []
        var inCode = false
        var canJoin = false
        for line in lines {
            let bytes = line.utf8
            let trimmed = line[(bytes.firstIndex(where: { $0 != 0x20 }) ?? bytes.endIndex)...]
            func starts(with prefix: String) -> Bool { trimmed.utf8.starts(with: prefix.utf8) }
            if starts(with: "```") || starts(with: "~~~") {
                inCode.toggle()
                result.append(line)
                canJoin = false
                continue
            }
            // Markdown reads several blank lines as one.
            if !inCode, trimmed.isEmpty, result.last?.isEmpty == true { continue }
            let indented = bytes.starts(with: "    ".utf8) || bytes.first == 0x09
            let structural = inCode || trimmed.isEmpty || indented
                || starts(with: "- ") || starts(with: "* ") || starts(with: "+ ")
                || starts(with: "#") || starts(with: "|") || starts(with: ">")
                || isOrderedListItem(trimmed)
            if !structural, canJoin, !result.isEmpty {
                result[result.count - 1] += " "
                result[result.count - 1] += trimmed
            } else {
                result.append(line)
            }
            // A list item's continuation lines may join it; code, tables and blank lines end a paragraph.
            canJoin = !(inCode || trimmed.isEmpty || starts(with: "|") || starts(with: "#") || indented)
        }
        return result
    }

    /// `1. First`: a number, then a full stop and a space somewhere on the line.
    private static func isOrderedListItem(_ line: Substring) -> Bool {
        guard let first = line.utf8.first else { return false }
        // Other scripts' digits count as well: those are read as characters.
        let startsWithNumber = first < 0x80 ? (0x30...0x39).contains(first) : line.first!.isNumber
        guard startsWithNumber else { return false }
        let bytes = Array(line.utf8)
        return zip(bytes, bytes.dropFirst()).contains { $0 == 0x2E && $1 == 0x20 }
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
        // By bytes, from the end: those three are ASCII, and this runs for every line of every description.
        let kept = utf8.withContiguousStorageIfAvailable { bytes in
            var count = bytes.count
            while count > 0, bytes[count - 1] == 0x20 || bytes[count - 1] == 0x09 || bytes[count - 1] == 0x0D {
                count -= 1
            }
            return count
        }
        guard let kept else {
            guard let last = lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { return "" }
            return String(self[...last])
        }
        return String(self[..<utf8.index(utf8.startIndex, offsetBy: kept)])
    }

    /// Whether the text has a line break (`\n` or `\r`).
    var containsLineBreak: Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains { $0 == 0x0A || $0 == 0x0D } }
            ?? utf8.contains { $0 == 0x0A || $0 == 0x0D }
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

    /// An argument label at a call site, where only `inout` needs backticks (and the compiler warns of others).
    static func label(_ name: String) -> String {
        name == "inout" ? "`inout`" : name
    }

    /// `text` with the characters that would end a comment line, break the compiler or mislead a reader
    /// written as escapes (`\u{0}`, `\u{202E}`): those ``SpecText/needsEscape(_:)`` names, the ones diagnostics
    /// escape too, but tabs. Every line the emitter writes goes through it, so that spec
    /// text in a comment can neither end it early nor hide code. Code itself never holds such characters:
    /// string literals escape them and identifiers are ASCII.
    static func escapingControls(_ text: String) -> String {
        // Lines hold none but where spec text brings them: a scan of the bytes finds them, so that the rest, nearly
        // every line, is not read as characters. Every line of a module passes here.
        guard text.utf8.withContiguousStorageIfAvailable(holdsControls) ?? true else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar != "\t" && SpecText.needsEscape(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether UTF-8 `bytes` hold a character ``escapingControls(_:)`` escapes: ``SpecText/needsEscape(_:)``'s
    /// characters, as the bytes that encode them, checked byte by byte, as most text is ASCII.
    private static func holdsControls(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        // Eight bytes at a time while all are printable ASCII (no byte under 0x20, none from 0x7F): the word
        // tests are the usual ones for a zero or high byte. A word that fails is read byte by byte below.
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & highBits
            let isDelete = ((word ^ 0x7F7F_7F7F_7F7F_7F7F) &- 0x0101_0101_0101_0101) & ~(word ^ 0x7F7F_7F7F_7F7F_7F7F) & highBits
            if (word & highBits) | belowSpace | isDelete != 0 { break }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte >= 0x20 && byte < 0x7F || byte == 0x09 { continue }
            if byte < 0x80 { return true }
            // C1 controls (C2 80–9F); U+200E, U+200F, U+2028–U+202E (E2 80 …), U+2066–U+2069 (E2 81 A6–A9); U+FEFF.
            let next = index < bytes.count ? bytes[index] : 0
            let third = index + 1 < bytes.count ? bytes[index + 1] : 0
            switch byte {
            case 0xC2 where next <= 0x9F && next >= 0x80: return true
            case 0xE2 where next == 0x80 && (third == 0x8E || third == 0x8F || (0xA8...0xAE).contains(third)): return true
            case 0xE2 where next == 0x81 && (0xA6...0xA9).contains(third): return true
            case 0xEF where next == 0xBB && third == 0xBF: return true
            default: continue
            }
        }
        return false
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
