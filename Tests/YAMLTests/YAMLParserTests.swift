import Diagnostics
import Testing
import YAML

@Suite struct YAMLParserTests {
    @Test func mappingsKeepKeyOrderAndMarks() throws {
        let root = try YAMLParser.parse("zeta: 1\nalpha:\n  nested: x\nmiddle: [a, b]\n", file: "t.yaml")
        #expect(root.pairs?.map { $0.key.scalar } == ["zeta", "alpha", "middle"])
        let nested = try #require(root["alpha"]?["nested"])
        #expect(nested.location == SourceLocation(file: "t.yaml", line: 3, column: 11))
        #expect(root["middle"]?.items?.map(\.scalar) == ["a", "b"])
        #expect(root["middle"]?.items?[1].location.column == 13)
    }

    @Test func quotedScalarsAreStrings() throws {
        let root = try YAMLParser.parse("a: 1.0\nb: \"1.0\"\nc: '1.0'\nd: true\ne: ~\nf: text\n", file: "t.yaml")
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

    @Test func anchorsAliasesAndMergeKeys() throws {
        let text = """
        base: &base
          type: object
          description: shared
        copy: *base
        merged:
          <<: *base
          description: own
        """
        let root = try YAMLParser.parse(text, file: "t.yaml")
        #expect(root["copy"] === root["base"])
        #expect(root["merged"]?["type"]?.scalar == "object")
        #expect(root["merged"]?["description"]?.scalar == "own")
    }

    @Test func parsesJSON() throws {
        let root = try YAMLParser.parse(#"{"openapi": "3.1.0", "paths": {"/a": {}}, "n": [1, 2.5]}"#, file: "t.json")
        #expect(root["openapi"]?.scalar == "3.1.0")
        #expect(root["openapi"]?.isQuoted == true)
        #expect(root["paths"]?["/a"]?.isMapping == true)
        #expect(root["n"]?.items?[1].double == 2.5)
    }

    @Test func syntaxErrorsAreLocated() {
        #expect {
            _ = try YAMLParser.parse("a: 1\nb: [1, 2\nc: 3\n", file: "bad.yaml")
        } throws: { error in
            let description = String(describing: error)
            return description.hasPrefix("bad.yaml:") && description.contains(": error: YAML syntax:")
        }
        #expect {
            _ = try YAMLParser.parse("a:\n  b: 1\n c: 2\n", file: "indent.yaml")
        } throws: { error in
            (error as? Diagnostic)?.location?.line == 3
        }
    }

    @Test func duplicateKeysAndUnknownAliasesAreErrors() {
        #expect(throws: Diagnostic.self) { try YAMLParser.parse("a: 1\na: 2\n", file: "t.yaml") }
        #expect(throws: Diagnostic.self) { try YAMLParser.parse("a: *nowhere\n", file: "t.yaml") }
    }

    @Test func emptyDocumentIsNull() throws {
        #expect(try YAMLParser.parse("", file: "t.yaml").isNull)
    }
}
