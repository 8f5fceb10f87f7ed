import Diagnostics
import Dispatch
import Testing
@testable import YAML

/// Parses with the tree built on this thread while libyaml reads on another, or all on this one.
private func parse(_ text: String, file: String, concurrently: Bool) throws(Diagnostic) -> YAMLNode {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBufferPointer { buffer throws(Diagnostic) in
        try YAMLParser.parse(bytes: buffer, file: file, concurrently: concurrently)
    }
}

@Suite struct YAMLParserTests {
    @Test(arguments: [false, true]) func mappingsKeepKeyOrderAndMarks(concurrently: Bool) throws {
        let root = try parse("zeta: 1\nalpha:\n  nested: x\nmiddle: [a, b]\n", file: "t.yaml", concurrently: concurrently)
        #expect(root.pairs?.map { $0.key.scalar } == ["zeta", "alpha", "middle"])
        let nested = try #require(root["alpha"]?["nested"])
        #expect(nested.location == SourceLocation(file: "t.yaml", line: 3, column: 11))
        #expect(root["middle"]?.items?.map(\.scalar) == ["a", "b"])
        #expect(root["middle"]?.items?[1].location.column == 13)
    }

    @Test(arguments: [false, true]) func quotedScalarsAreStrings(concurrently: Bool) throws {
        let root = try parse("a: 1.0\nb: \"1.0\"\nc: '1.0'\nd: true\ne: ~\nf: text\n", file: "t.yaml", concurrently: concurrently)
        #expect(root["a"]?.isQuoted == false)
        #expect(root["a"]?.double == 1.0)
        #expect(root["a"]?.isStringScalar == false)
        #expect(root["b"]?.isQuoted == true)
        #expect(root["b"]?.double == nil)
        #expect(root["b"]?.isStringScalar == true)
        #expect(root["c"]?.isStringScalar == true)
        #expect(root["d"]?.bool == true)
        #expect(root["e"]?.isNull == true)
        #expect(root["f"]?.isStringScalar == true)
    }

    @Test(arguments: [false, true]) func anchorsAliasesAndMergeKeys(concurrently: Bool) throws {
        let text = """
        base: &base
          type: object
          description: shared
        copy: *base
        merged:
          <<: *base
          description: own
        """
        let root = try parse(text, file: "t.yaml", concurrently: concurrently)
        #expect(root["copy"] === root["base"])
        #expect(root["merged"]?["type"]?.scalar == "object")
        #expect(root["merged"]?["description"]?.scalar == "own")
    }

    @Test(arguments: [false, true]) func parsesJSON(concurrently: Bool) throws {
        let root = try parse(#"{"openapi": "3.1.0", "paths": {"/a": {}}, "n": [1, 2.5]}"#, file: "t.json", concurrently: concurrently)
        #expect(root["openapi"]?.scalar == "3.1.0")
        #expect(root["openapi"]?.isQuoted == true)
        #expect(root["paths"]?["/a"]?.isMapping == true)
        #expect(root["n"]?.items?[1].double == 2.5)
    }

    @Test(arguments: [false, true]) func syntaxErrorsAreLocated(concurrently: Bool) {
        #expect {
            _ = try parse("a: 1\nb: [1, 2\nc: 3\n", file: "bad.yaml", concurrently: concurrently)
        } throws: { error in
            let description = String(describing: error)
            return description.hasPrefix("bad.yaml:") && description.contains(": error: YAML syntax:")
        }
        #expect {
            _ = try parse("a:\n  b: 1\n c: 2\n", file: "indent.yaml", concurrently: concurrently)
        } throws: { error in
            (error as? Diagnostic)?.location?.line == 3
        }
    }

    @Test(arguments: [false, true]) func duplicateKeysAndUnknownAliasesAreErrors(concurrently: Bool) {
        #expect(throws: Diagnostic.self) { try parse("a: 1\na: 2\n", file: "t.yaml", concurrently: concurrently) }
        #expect(throws: Diagnostic.self) { try parse("a: *nowhere\n", file: "t.yaml", concurrently: concurrently) }
    }

    @Test(arguments: [false, true]) func emptyDocumentIsNull(concurrently: Bool) throws {
        #expect(try parse("", file: "t.yaml", concurrently: concurrently).isNull)
    }

    /// A document of many thousands of events, read in many batches.
    private func bigDocument(entries: Int) -> String {
        var text = "items:\n"
        for index in 0..<entries {
            text += "  key\(index):\n    name: n\(index)\n    tags: [a, b, \"c\"]\n"
        }
        return text
    }

    @Test func bigDocumentsParseTheSameBothWays() throws {
        let text = bigDocument(entries: 5_000)
        let sequential = try parse(text, file: "big.yaml", concurrently: false)
        let concurrent = try parse(text, file: "big.yaml", concurrently: true)
        let pairs = try #require(concurrent["items"]?.pairs)
        #expect(pairs.count == 5_000)
        #expect(pairs.last?.value["name"]?.scalar == "n4999")
        #expect(pairs.last?.value["tags"]?.items?[2].location == SourceLocation(file: "big.yaml", line: 15_001, column: 18))
        #expect(sequential["items"]?.pairs?.map { $0.key.scalar } == pairs.map { $0.key.scalar })
    }

    @Test(arguments: [false, true]) func errorsLateInABigDocumentAreLocated(concurrently: Bool) {
        let duplicate = bigDocument(entries: 5_000) + "  key10:\n    name: again\n" + bigDocument(entries: 3_000)
        #expect {
            _ = try parse(duplicate, file: "big.yaml", concurrently: concurrently)
        } throws: { error in
            let diagnostic = error as? Diagnostic
            return diagnostic?.message.contains("duplicate key 'key10'") == true && diagnostic?.location?.line == 15_002
        }
        let unclosed = bigDocument(entries: 5_000) + "  broken: [1, 2\n" + bigDocument(entries: 3_000)
        #expect {
            _ = try parse(unclosed, file: "big.yaml", concurrently: concurrently)
        } throws: { error in
            (error as? Diagnostic)?.message.hasPrefix("YAML syntax:") == true
        }
    }

    @Test func bigDocumentsParseFromManyThreadsAtOnce() {
        let text = bigDocument(entries: 5_000)
        let counts = Counts()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let count = (try? YAMLParser.parse(text, file: "big.yaml"))?["items"]?.pairs?.count ?? 0
            counts.add(count)
        }
        #expect(counts.values == Array(repeating: 5_000, count: 8))
    }

    @Test(arguments: [false, true]) func completedEntriesAreHandedOverInOrderWhileReading(concurrently: Bool) throws {
        var text = "openapi: 3.1.0\nlist:\n  - inner: {a: 1}\ncomponents:\n  schemas:\n"
        for index in 0..<(concurrently ? 5_000 : 3) { text += "    S\(index): {type: string}\n" }
        text += "  kinds: [x]\n"
        let bytes = Array(text.utf8)
        #expect((bytes.count >= YAMLParser.concurrencyThreshold) == concurrently)
        var seen: [(keyPath: [String], node: YAMLNode)] = []
        let root = try bytes.withUnsafeBufferPointer { buffer throws(Diagnostic) in
            try YAMLParser.parse(bytes: buffer, file: "t.yaml", depth: 3) { keyPath, entry in
                seen.append((keyPath, entry.value))
            }
        }
        let schemas = try #require(root["components"]?["schemas"]?.pairs)
        // Inner entries first, each as soon as it is whole; nothing inside a sequence; nothing deeper than asked.
        let expected = [["openapi"]] + [["list"]] + schemas.map { ["components", "schemas", $0.key.scalar!] }
            + [["components", "schemas"], ["components", "kinds"], ["components"]]
        #expect(seen.map(\.keyPath) == expected)
        // The very nodes of the tree.
        #expect(seen.last?.node === root["components"])
    }

    @Test func largeInputsAreReadConcurrentlyByDefault() throws {
        let text = bigDocument(entries: 5_000)
        #expect(text.utf8.count >= YAMLParser.concurrencyThreshold)
        #expect(try YAMLParser.parse(text, file: "big.yaml")["items"]?.pairs?.count == 5_000)
    }
}

/// Results gathered from several threads.
private final class Counts: @unchecked Sendable {
    private var stored: [Int] = []
    private let lock = DispatchSemaphore(value: 1)

    func add(_ value: Int) {
        lock.wait()
        stored.append(value)
        lock.signal()
    }

    var values: [Int] { stored }
}
