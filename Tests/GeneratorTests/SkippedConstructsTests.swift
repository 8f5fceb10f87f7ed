import Diagnostics
import Foundation
import GeneratorKit
import Testing

/// Nothing is skipped in silence: each construct the generator does not turn into code gets a located warning,
/// one per kind, and `--strict` makes them errors.
@Suite struct SkippedConstructsTests {
    private let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/skipped-constructs.yaml").path

    @Test func everySkippedConstructIsALocatedWarning() throws {
        let output = try Generator.generate(specPath: fixture, moduleName: "SkippedConstructsAPI",
                                            displayPath: "skipped-constructs.yaml")
        let spec = fixture
        // Schemas are read first, then operations, then the rest of the document, then what translation finds.
        #expect(output.warnings.map(\.description) == [
            "\(spec):49:11: warning: 'patternProperties' is not turned into Swift: values it describes are typed by the schema's other keywords",
            "\(spec):52:11: warning: 'if' is not turned into Swift: values it describes are typed by the schema's other keywords",
            "\(spec):53:11: warning: 'then' is not turned into Swift: values it describes are typed by the schema's other keywords",
            "\(spec):54:11: warning: 'else' is not turned into Swift: values it describes are typed by the schema's other keywords",
            "\(spec):57:11: warning: 'unevaluatedProperties' with a schema is not turned into Swift: the values it describes are left untyped",
            "\(spec):60:11: warning: 'dependentSchemas' is not turned into Swift: values it describes are typed by the schema's other keywords",
            "\(spec):9:7: warning: 'servers' of a path are not used: its requests go to the client's server URL",
            "\(spec):25:9: warning: 'callbacks' are requests the API sends, not ones a client makes; they are not generated",
            "\(spec):14:50: warning: 'allowReserved' is not used: reserved characters in parameter 'path' are percent-encoded",
            "\(spec):37:3: warning: 'webhooks' are requests the API sends, not ones a client makes; they are not generated",
            "\(spec):13:11: warning: parameter style 'tabular' is not one OpenAPI defines; 'filter' is sent in style form",
            "\(spec):15:11: warning: query parameter 'query' described by 'text/plain' content is sent as text in its default style",
            "\(spec):22:11: warning: XML bodies are sent and received as bytes or text; the schema of 'application/xml' is not turned into Swift",
        ])
    }

    @Test func strictMakesThemErrors() throws {
        try withTemporaryFolder { folder in
            try FileManager.default.copyItem(atPath: fixture, toPath: folder + "/spec.yaml")
            let strict = try GeneratorProcess.run(["generate", "spec.yaml", "--output", "Out", "--strict"], in: folder)
            #expect(strict.status == 1)
            #expect(strict.diagnostics.count == 13)
            #expect(strict.diagnostics.allSatisfy { $0.contains(": error: ") })
            #expect(!FileManager.default.fileExists(atPath: folder + "/Out"))
            let lenient = try GeneratorProcess.run(["generate", "spec.yaml", "--output", "Out"], in: folder)
            #expect(lenient.status == 0)
            #expect(lenient.standardOutput == "spec.yaml → Out: 1 operation and 1 type in 3 files\n")
        }
    }
}
