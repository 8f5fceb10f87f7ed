import Foundation
import Testing

/// Mistakes in how the generator is called are refused before anything is written.
@Suite struct CommandLineTests {
    private let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"

    @Test func specsThatWouldMakeOneModuleAreRefused() throws {
        try withTemporaryFolder(["specs"]) { folder in
            try spec.write(toFile: folder + "/specs/pet-store.yaml", atomically: true, encoding: .utf8)
            try spec.write(toFile: folder + "/specs/pet_store.yaml", atomically: true, encoding: .utf8)
            let result = try GeneratorProcess.run(["all"], in: folder)
            #expect(result.status == 1)
            #expect(result.diagnostics == ["specs/pet_store.yaml:1:1: error: makes the module PetStoreAPI, as 'specs/pet-store.yaml' does; rename one of them"])
            #expect(!FileManager.default.fileExists(atPath: folder + "/Generated"))
        }
    }

    @Test func aModuleNameThatIsNotAnIdentifierIsRefused() throws {
        try withTemporaryFolder(["specs"]) { folder in
            try spec.write(toFile: folder + "/specs/a.yaml", atomically: true, encoding: .utf8)
            let result = try GeneratorProcess.run(["generate", "specs/a.yaml", "--module", "My API", "--output", "Out"], in: folder)
            #expect(result.status == 64)
            #expect(result.standardError.hasPrefix("Error: 'My API' is not a module name"))
            #expect(!FileManager.default.fileExists(atPath: folder + "/Out"))
        }
    }
}
