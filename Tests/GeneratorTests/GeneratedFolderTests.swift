import Foundation
import GeneratorKit
import Testing

/// `Generated/` must be what the generator makes of `specs/` today.
@Suite struct GeneratedFolderTests {
    @Test func generatedModulesAreUpToDate() throws {
        let specs = try Generator.specs(in: packageRoot.appendingPathComponent("specs").path)
        #expect(!specs.isEmpty)
        for spec in specs {
            let name = (spec as NSString).lastPathComponent
            let module = Generator.moduleName(forSpec: spec)
            let output = try Generator.generate(specPath: spec, moduleName: module, displayPath: "specs/\(name)")
            let folder = packageRoot.appendingPathComponent("Generated/\(module)").path
            let stale = OutputFolder(path: folder).staleFiles(output.files)
            #expect(stale.isEmpty, "stale generated files (run `swift run openapi-swift`): \(stale)")
        }
    }

    @Test func moduleNamesComeFromFileNames() {
        #expect(Generator.moduleName(forSpec: "specs/chat-image.yaml") == "ChatImageAPI")
        #expect(Generator.moduleName(forSpec: "gateway.yaml") == "GatewayAPI")
        #expect(Generator.moduleName(forSpec: "my_api.json") == "MyAPI")
        #expect(Generator.moduleName(forSpec: "3d-models.yml") == "Spec3dModelsAPI")
    }
}
