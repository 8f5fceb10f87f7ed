import Foundation
import Testing

/// `Examples/PluginExample` generates its client at build time with OpenAPISwiftPlugin and runs it.
@Suite struct PluginTests {
    @Test func buildToolPluginGeneratesAUsableModule() throws {
        let example = packageRoot.appendingPathComponent("Examples/PluginExample")
        let scratch = packageRoot.appendingPathComponent(".build-plugin-example").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "run", "--package-path", example.path, "--scratch-path", scratch, "plugin-example"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the plugin example failed:\n\(output.suffix(4000))")
        #expect(output.contains("Rex dog 2019"))
        #expect(output.contains(#"{"birth_year":2019,"kind":"dog","name":"Rex"}"#))
        #expect(output.contains("https://pets.example.com/v1"))
    }
}
