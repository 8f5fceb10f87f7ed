import Diagnostics
import Foundation
import GeneratorKit
import Testing

/// Bad input is one located error per fault and no output, never a crash.
@Suite struct FailureTests {
    private func failure(_ yaml: String, file: String = #function) throws -> [Diagnostic] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = directory.appendingPathComponent("spec.yaml")
        try Data(yaml.utf8).write(to: spec)
        do {
            _ = try Generator.generate(specPath: spec.path, moduleName: "Broken")
            Issue.record("generation succeeded")
            return []
        } catch {
            return error.errors
        }
    }

    @Test func yamlSyntaxErrorIsOneLocatedError() throws {
        let errors = try failure("openapi: 3.1.0\ninfo:\n  title: [unclosed\npaths: {}\n")
        #expect(errors.count == 1)
        #expect(errors.first?.location?.line == 4)
        #expect(errors.first?.description.contains("spec.yaml:4:6: error: YAML syntax") == true)
    }

    @Test func danglingReferenceIsOneLocatedError() throws {
        let errors = try failure("""
        openapi: 3.1.0
        info: {title: x, version: "1"}
        paths:
          /a:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Missing"}
        """)
        #expect(errors.count == 1)
        #expect(errors.first?.description.hasSuffix("spec.yaml:11:30: error: '$ref' target '#/components/schemas/Missing' does not exist") == true)
    }

    @Test func referenceCycleIsAnError() throws {
        let errors = try failure("""
        openapi: 3.1.0
        info: {title: x, version: "1"}
        paths: {}
        components:
          schemas:
            A: {$ref: "#/components/schemas/B"}
            B: {$ref: "#/components/schemas/A"}
        """)
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.message.contains("circular '$ref'") && $0.location != nil })
    }

    @Test func failedGenerationLeavesTheOutputFolderAsItWas() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        let output = directory.appendingPathComponent("Out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("// kept\n".utf8).write(to: output.appendingPathComponent("Client.swift"))
        let spec = directory.appendingPathComponent("bad.yaml")
        try Data("openapi: 3.1.0\npaths: [\n".utf8).write(to: spec)
        #expect(throws: DiagnosticsError.self) {
            let generated = try Generator.generate(specPath: spec.path, moduleName: "Out")
            try OutputFolder(path: output.path).write(generated.files)
        }
        #expect(try String(contentsOf: output.appendingPathComponent("Client.swift"), encoding: .utf8) == "// kept\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["Out", "bad.yaml"])
    }
}
