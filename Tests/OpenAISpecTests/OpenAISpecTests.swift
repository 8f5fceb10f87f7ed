import Foundation
import GeneratorKit
import Testing
import YAML

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// OpenAI's official spec, beside the checkout; absent on a fresh clone of this repository alone.
let openAISpec = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/openai-openapi.yaml")

/// Generates a client from OpenAI's spec, unmodified, builds it, and decodes every JSON and event-stream
/// response example the spec documents with the generated types.
@Suite struct OpenAISpecTests {
    @Test func generatesCompilesAndDecodesEveryResponseExample() throws {
        guard FileManager.default.fileExists(atPath: openAISpec.path) else {
            print("OpenAISpecTests: skipped, \(openAISpec.path) is absent")
            return
        }
        let output = try Generator.generate(specPath: openAISpec.path, moduleName: "OpenAIAPI",
                                            displayPath: "openai-openapi.yaml")
        #expect(output.warnings.count <= 50, "\(output.warnings.count) warnings")

        let examples = try responseExamples()
        let types = Dictionary(output.responseTypes.map { ($0.operationID, $0) }, uniquingKeysWith: { first, _ in first })
        var checks: [(id: String, kind: String, type: String, text: String)] = []
        var unchecked: [String] = []
        for example in examples {
            let trimmed = example.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("data:") || trimmed.hasPrefix("event:"), let event = types[example.operationID]?.event {
                checks.append((example.operationID, "events", event, trimmed))
            } else if trimmed.hasPrefix("{") || trimmed.hasPrefix("["), let json = types[example.operationID]?.json {
                checks.append((example.operationID, "json", json, trimmed))
            } else {
                unchecked.append(example.operationID)
            }
        }
        #expect(checks.count >= 150, "only \(checks.count) examples found to check")

        // A package beside the build folders: the generated module and a program that decodes the examples.
        let work = packageRoot.appendingPathComponent(".build-openai-check")
        let package = work.appendingPathComponent("package")
        let sources = package.appendingPathComponent("Sources")
        try? FileManager.default.removeItem(at: sources)
        try FileManager.default.createDirectory(at: sources.appendingPathComponent("OpenAIAPI"),
                                                withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sources.appendingPathComponent("decode-examples"),
                                                withIntermediateDirectories: true)
        for file in output.files {
            try Data(file.contents.utf8).write(to: sources.appendingPathComponent("OpenAIAPI/\(file.name)"))
        }
        try Data(manifest.utf8).write(to: package.appendingPathComponent("Package.swift"))
        try Data(harness(checks.map { ($0.kind, $0.type) }).utf8)
            .write(to: sources.appendingPathComponent("decode-examples/main.swift"))
        let payload = checks.map { ["operation": $0.id, "kind": $0.kind, "type": $0.type, "text": $0.text] }
        let examplesFile = work.appendingPathComponent("examples.json")
        try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]).write(to: examplesFile)

        let scratch = work.appendingPathComponent("build").path
        let build = try run(["swift", "build", "--package-path", package.path, "--scratch-path", scratch,
                             "--product", "decode-examples"])
        #expect(build.status == 0, "the generated OpenAI module does not build:\n\(build.output.suffix(6000))")
        let moduleWarnings = build.output.split(separator: "\n").filter {
            $0.contains("Sources/OpenAIAPI/") && $0.contains(": warning:")
        }
        #expect(moduleWarnings.isEmpty, "the generated OpenAI module has warnings:\n\(moduleWarnings.joined(separator: "\n"))")
        guard build.status == 0 else { return }
        let failuresFile = work.appendingPathComponent("failures.json")
        let decode = try run([scratch + "/debug/decode-examples", examplesFile.path, failuresFile.path])
        print(decode.output.split(separator: "\n").last.map(String.init) ?? "")
        let failures = try JSONSerialization.jsonObject(with: Data(contentsOf: failuresFile)) as? [[String: String]] ?? []

        // An example that does not decode is a bug here unless it breaks its own schema, which
        // JSON Schema validation of the example against the spec decides.
        var brokenExamples = 0
        if !failures.isEmpty {
            let verdicts = try run(["python3", packageRoot.appendingPathComponent("scripts/validate-examples.py").path,
                                    openAISpec.path, failuresFile.path])
            let lines = verdicts.output.split(separator: "\n").map(String.init)
            guard verdicts.status == 0, lines.count == failures.count else {
                Issue.record("examples that do not decode, unverified (\(verdicts.output.prefix(300))):\n\(decode.output.suffix(6000))")
                return
            }
            for (failure, verdict) in zip(failures, lines) {
                if verdict.hasPrefix("invalid") {
                    brokenExamples += 1
                } else {
                    Issue.record("\(failure["operation"]!) example does not decode as \(failure["type"]!) although it matches the spec: \(failure["error"]!)")
                }
            }
        }
        print("OpenAISpecTests: \(checks.count) examples checked; \(failures.count) payloads did not decode, of which \(brokenExamples) break their own schema; \(unchecked.count) examples are not JSON or events")
    }

    /// `x-oaiMeta.examples[].response` of every operation: the answers OpenAI documents.
    private func responseExamples() throws -> [(operationID: String, text: String)] {
        let bytes = try [UInt8](Data(contentsOf: openAISpec))
        let root = try YAMLParser.parse(bytes: bytes, file: openAISpec.path)
        var result: [(String, String)] = []
        for path in root["paths"]?.pairs ?? [] {
            for operation in path.value.pairs ?? [] {
                guard let id = operation.value["operationId"]?.scalar,
                      let examples = operation.value["x-oaiMeta"]?["examples"] else { continue }
                for example in examples.items ?? [examples] {
                    if let text = example["response"]?.scalar { result.append((id, text)) }
                }
            }
        }
        return result
    }

    /// SwiftPM names a package that is a path dependency after its folder, whatever the clone is called.
    private var packageIdentity: String { packageRoot.standardizedFileURL.lastPathComponent.lowercased() }

    private var manifest: String {
        """
        // swift-tools-version:6.0
        import PackageDescription

        let package = Package(
            name: "OpenAICheck",
            platforms: [.macOS(.v13)],
            dependencies: [.package(path: "\(packageRoot.path)")],
            targets: [
                .target(name: "OpenAIAPI", dependencies: [.product(name: "APIClientRuntime", package: "\(packageIdentity)")]),
                .executableTarget(name: "decode-examples", dependencies: ["OpenAIAPI"]),
            ]
        )

        """
    }

    /// A program that decodes each example as its operation's success type, listing every failure.
    private func harness(_ checks: [(kind: String, type: String)]) -> String {
        var decoders: [String] = []
        var seen: Set<String> = []
        for check in checks where seen.insert(check.type).inserted {
            decoders.append("    \"\(check.type)\": { _ = try decoder.decode(OpenAIAPI.\(check.type).self, from: $0) },")
        }
        return """
        import Foundation
        import OpenAIAPI

        let decoder = JSONCoding.decoder()
        let decoders: [String: (Data) throws -> Void] = [
        \(decoders.joined(separator: "\n"))
        ]
        let data = try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1]))
        let examples = try JSONSerialization.jsonObject(with: data) as! [[String: String]]
        var failures: [[String: String]] = []
        for example in examples {
            let operation = example["operation"]!, type = example["type"]!, text = example["text"]!
            // Event streams: each `data:` line is one event.
            let payloads = example["kind"] == "events"
                ? text.split(separator: "\\n").filter { $0.hasPrefix("data:") }
                    .map { String($0.dropFirst(5)).trimmingCharacters(in: .whitespaces) }.filter { $0 != "[DONE]" }
                : [text]
            for payload in payloads {
                do {
                    try decoders[type]!(Data(payload.utf8))
                } catch {
                    failures.append(["operation": operation, "type": type, "kind": example["kind"]!,
                                     "payload": payload, "error": String(describing: error)])
                }
            }
        }
        try JSONSerialization.data(withJSONObject: failures).write(to: URL(fileURLWithPath: CommandLine.arguments[2]))
        print("\\(examples.count) examples, \\(failures.count) failures")

        """
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
