import Diagnostics
import Foundation
import GeneratorKit
import IntermediateModel
import Testing

/// References the way real specs write them: what the generated module declares is what the spec describes.
@Suite struct ReferenceResolutionTests {
    private func generate(_ fixture: String) throws -> Generator.Output {
        try Generator.generate(specPath: packageRoot.appendingPathComponent("Tests/Fixtures/\(fixture)").path,
                               moduleName: Generator.moduleName(forSpec: fixture))
    }

    private func operation(_ output: Generator.Output, _ name: String) throws -> OperationModel {
        try #require(output.module.operations.first { $0.swiftName == name })
    }

    private func successType(_ operation: OperationModel) -> TypeUsage? {
        for response in operation.responses where response.isSuccess {
            for case .json(_, let type) in response.contents { return type }
        }
        return nil
    }

    private func declaration(_ output: Generator.Output, _ name: String) throws -> TypeDeclaration {
        try #require(output.module.types.first { $0.name == name })
    }

    @Test func operationsContentAndComponentsByReferenceAreReadAsWhatTheyName() throws {
        let output = try generate("non-standard-refs.yaml")
        let listPets = try operation(output, "listPets")
        #expect(listPets.method == "GET" && listPets.path == "/pets")
        #expect(listPets.parameters.map(\.swiftName) == ["limit"])
        #expect(listPets.parameters.first?.type == .optional(.integer(bits: nil)))
        #expect(successType(listPets) == .array(.named("Pet")))
        #expect(successType(try operation(output, "getPet")) == .named("Pet"))
        // One type, however the references to it are spelled.
        #expect(output.module.types.map(\.name) == ["Pet"])
        guard case .structure(let properties) = try declaration(output, "Pet").kind else {
            Issue.record("Pet is not a struct")
            return
        }
        #expect(properties.map(\.wireName) == ["name", "$ref"])
        #expect(output.warnings.map(\.message).sorted() == [
            "a 'content' map given by '$ref' is not standard OpenAPI; it is read as what the reference names",
            "a section of 'components' given by '$ref' is not standard OpenAPI; it is read as what the reference names",
            "an operation given by '$ref' is not standard OpenAPI; it is read as what the reference names",
        ])
    }

    @Test func discriminatorMappingsPointThroughOtherReferences() throws {
        let output = try generate("discriminator-pointers.yaml")
        #expect(output.warnings.isEmpty)
        let envelope = try declaration(output, "Envelope")
        let union = try #require(envelope.nested.first)
        guard case .union(let model) = union.kind else {
            Issue.record("Envelope.data is not a union")
            return
        }
        #expect(model.discriminatorProperty == "kind")
        #expect(model.cases.map(\.discriminatorValues) == [["cat"], ["dog"]])
        #expect(model.cases.map(\.swiftName) == ["cat", "dog"])
    }

    @Test func referencesByIdAndAnchorResolveAgainstTheBaseEachIdSets() throws {
        let output = try generate("identifiers.yaml")
        let getPet = try operation(output, "getPet")
        #expect(successType(getPet) == .named("Details"))
        guard case .structure(let details) = try declaration(output, "Details").kind,
              case .structure(let problem) = try declaration(output, "Problem").kind else {
            Issue.record("Details and Problem are not structs")
            return
        }
        // `owner` is relative to `/components/schemas/petdetails`; `status` to `https://example.com/schemas/problem`.
        #expect(details.map(\.type) == [.string, .optional(.named("Owner"))])
        #expect(problem.map(\.type) == [.optional(.string), .optional(.integer(bits: nil))])
        let notFound = try #require(getPet.responses.first { $0.status == .code(404) })
        #expect(notFound.contents == [.json(contentType: "application/json", type: .named("Problem"))])
    }

    @Test func anUnquotedReferenceIsALocatedErrorWithTheFix() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("spec.yaml").path
        try """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            A:
              type: object
              properties:
                b:
                  $ref: #/components/schemas/B
            B: {type: string}
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        #expect {
            try Generator.generate(specPath: spec, moduleName: "TAPI")
        } throws: { error in
            (error as? DiagnosticsError)?.errors.map(\.description) == [
                "\(spec):10:16: error: '$ref' has no value; in YAML an unquoted '#' starts a comment, so quote the reference ('#/components/…')",
            ]
        }
    }
}
