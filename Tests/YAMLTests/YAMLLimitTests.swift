import Diagnostics
import Testing
@testable import YAML

/// Input that would take the parser, or a later stage, unbounded time or memory is one located error.
@Suite struct YAMLLimitTests {
    private func error(parsing text: String, concurrently: Bool = false) -> Diagnostic? {
        let bytes = Array(text.utf8)
        do {
            _ = try bytes.withUnsafeBufferPointer { buffer throws(Diagnostic) in
                try YAMLParser.parse(bytes: buffer, file: "t.yaml", concurrently: concurrently)
            }
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [false, true]) func flowNestingPastTheLimitStopsAtTheFirstLevelTooMany(concurrently: Bool) {
        let depth = 100_000
        let text = "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let found = error(parsing: text, concurrently: concurrently)
        // The mapping is level 1; the 256th bracket is level 257, at column 4 + 255.
        #expect(found?.description == "t.yaml:1:259: error: YAML nesting is deeper than 256 levels")
    }

    @Test func blockNestingPastTheLimitIsAnError() {
        var text = ""
        for level in 0..<300 { text += String(repeating: " ", count: level) + "k:\n" }
        // The mapping of level n starts at line n, column n.
        #expect(error(parsing: text)?.description == "t.yaml:257:257: error: YAML nesting is deeper than 256 levels")
    }

    @Test func nestingUpToTheLimitParses() throws {
        let text = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(error(parsing: text) == nil)
    }

    /// Ten aliases of ten aliases, nine times over: 10⁹ nodes in a few hundred bytes.
    private func aliasBomb(levels: Int) -> String {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...levels {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text
    }

    @Test(arguments: [5, 7, 9]) func aliasBombsStopAtTheBudget(levels: Int) {
        // The aliases of a1 to a3 stand for 110, 1,110 and 11,110 nodes, 12,330 in all; each alias of a3
        // stands for 11,111 more, so that on line 5 the eighth, at column 45, passes 100,000.
        let found = error(parsing: aliasBomb(levels: levels))
        #expect(found?.description
            == "t.yaml:5:45: error: YAML aliases stand for more than 100000 nodes in all; write the repeated parts out, or use '$ref'")
    }

    @Test func aliasesWithinTheBudgetParseToSharedNodes() throws {
        let root = try YAMLParser.parse(aliasBomb(levels: 3), file: "t.yaml")
        #expect(root["a3"]?.items?.count == 10)
        #expect(root["a3"]?.items?[0] === root["a2"])
    }

    @Test func aDocumentMayAliasAsManyNodesAsItWrites() throws {
        // 150,000 nodes written, then aliases standing for 120,000: over the minimum budget, under the document.
        var text = "big: [" + Array(repeating: "x", count: 150_000).joined(separator: ", ") + "]\n"
        text += "a: &a [" + Array(repeating: "y", count: 11_999).joined(separator: ", ") + "]\n"
        text += "b: [" + Array(repeating: "*a", count: 10).joined(separator: ", ") + "]\n"
        #expect(error(parsing: text) == nil)
    }

    @Test func keysAreComparedByCodePoints() throws {
        // `é` written as one code point, then as `e` and a combining accent: two keys, as YAML sees them.
        let root = try YAMLParser.parse("\"\u{E9}\": 1\n\"e\u{301}\": 2\n", file: "t.yaml")
        #expect(root.pairs?.count == 2)
        #expect(error(parsing: "\"\u{E9}\": 1\n\"\u{E9}\": 2\n")?.description == "t.yaml:2:1: error: duplicate key '\u{E9}' in mapping")
    }

    @Test func keysOfBigMappingsAreComparedByCodePointsToo() throws {
        var text = ""
        for index in 0..<20 { text += "k\(index): \(index)\n" }
        let root = try YAMLParser.parse(text + "\"\u{E9}\": 1\n\"e\u{301}\": 2\n", file: "t.yaml")
        #expect(root.pairs?.count == 22)
    }
}
