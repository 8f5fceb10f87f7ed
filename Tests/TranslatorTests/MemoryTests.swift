import Diagnostics
import OpenAPIModel
import Testing
@testable import Translator

/// Translation leaves nothing behind: a generator used as a library, or by a long fuzzing run, must not grow.
@Suite struct MemoryTests {
    private struct MissingFile: Error {}

    @Test func declarationsAreFreedWithTheirTranslator() throws {
        let spec = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Outer: {type: object, properties: {inner: {type: object, properties: {deepest: {type: string, enum: [a]}}}}}
        """
        let loader = DocumentLoader(readFile: { path in
            guard path == "/specs/main.yaml" else { throw MissingFile() }
            return Array(spec.utf8)
        })
        let document = try loader.load(path: "/specs/main.yaml").document
        weak var outer: DeclarationNode?
        weak var inner: DeclarationNode?
        do {
            let builder = ModuleBuilder(document: document, moduleName: "TestAPI")
            _ = builder.build(specPath: "main.yaml")
            outer = builder.types.topLevel.first
            inner = outer?.nested.first
            #expect(inner?.parent === outer)
        }
        // A nested declaration points back at its parent: that must not keep either alive.
        #expect(outer == nil)
        #expect(inner == nil)
    }
}
