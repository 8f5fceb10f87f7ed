import Foundation
import PackagePlugin

/// Generates a client at build time from the `openapi.yaml` (or `.yml`, `.json`) in a target's folder,
/// into that target, whenever the spec changes. The target depends on the `APIClientRuntime` product.
@main
struct OpenAPISwiftPlugin: BuildToolPlugin {
    static let specNames: Set<String> = ["openapi.yaml", "openapi.yml", "openapi.json"]
    static let configurationNames: Set<String> = ["openapi-swift-config.yaml", "openapi-swift-config.yml",
                                                   "openapi-swift-config.json"]
    /// Fixed so that the outputs can be named before the generator runs; enough to compile in parallel.
    static let typeFiles = 4
    static let operationFiles = 2

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let files = target.sourceFiles.map(\.url)
        guard let spec = files.first(where: { Self.specNames.contains($0.lastPathComponent) }) else {
            throw PluginError.noSpec(target: target.name)
        }
        // Every YAML and JSON file of the target, so that a change to a file the spec refers to regenerates.
        let inputs = files.filter { ["yaml", "yml", "json"].contains($0.pathExtension.lowercased()) }
        // Settings the command line would take as flags, from a file beside the spec.
        let configuration = files.first { Self.configurationNames.contains($0.lastPathComponent) }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("GeneratedSources")
        let names = ["Client.swift"] + (1...Self.operationFiles).map { "Operations\($0).swift" }
            + (1...Self.typeFiles).map { "Types\($0).swift" }
        return [
            .buildCommand(
                displayName: "Generating \(target.name) from \(spec.lastPathComponent)",
                executable: try context.tool(named: "openapi-swift").url,
                arguments: [
                    "generate", spec.path, "--module", target.name, "--output", output.path,
                    "--type-files", "\(Self.typeFiles)", "--operation-files", "\(Self.operationFiles)",
                ] + (configuration.map { ["--config", $0.path] } ?? []),
                inputFiles: inputs,
                outputFiles: names.map { output.appendingPathComponent($0) }
            ),
        ]
    }
}

enum PluginError: Error, CustomStringConvertible {
    case noSpec(target: String)

    var description: String {
        switch self {
        case .noSpec(let target):
            return "target '\(target)' has no openapi.yaml, openapi.yml or openapi.json for OpenAPISwiftPlugin"
        }
    }
}
