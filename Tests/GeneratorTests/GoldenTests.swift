import Foundation
import GeneratorKit
import Testing

/// The package root, found from this file's location so tests do not depend on the working directory.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Generates each fixture spec and compares every file with its checked-in golden copy, byte for byte.
/// `UPDATE_GOLDENS=1 swift test --filter GoldenTests` rewrites the goldens instead.
@Suite struct GoldenTests {
    static let fixtures: [String] = {
        let folder = packageRoot.appendingPathComponent("Tests/Fixtures").path
        return ((try? Generator.specs(in: folder)) ?? []).map { ($0 as NSString).lastPathComponent }
    }()

    @Test func fixturesExist() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test(arguments: fixtures)
    func fixtureMatchesGolden(_ fixture: String) throws {
        let spec = packageRoot.appendingPathComponent("Tests/Fixtures/\(fixture)").path
        let name = (fixture as NSString).deletingPathExtension
        try checkGolden(spec: spec, displayPath: "Tests/Fixtures/\(fixture)", module: Generator.moduleName(forSpec: fixture),
                        golden: "Tests/Goldens/\(name)")
    }

    @Test func chatImageSpecMatchesGolden() throws {
        let spec = packageRoot.appendingPathComponent("specs/chat-image.yaml").path
        try checkGolden(spec: spec, displayPath: "specs/chat-image.yaml", module: "ChatImageAPI",
                        golden: "Tests/Goldens/chat-image")
    }

    private func checkGolden(spec: String, displayPath: String, module: String, golden: String) throws {
        let output = try Generator.generate(specPath: spec, moduleName: module, displayPath: displayPath)
        let folder = packageRoot.appendingPathComponent(golden)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try OutputFolder(path: folder.path).write(output.files)
            return
        }
        let expectedNames = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        #expect(expectedNames == output.files.map(\.name).sorted(),
                "files differ from \(golden); UPDATE_GOLDENS=1 rewrites them")
        for file in output.files {
            let path = folder.appendingPathComponent(file.name)
            let expected = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
            if expected != file.contents {
                Issue.record("\(golden)/\(file.name) differs from the generated output (UPDATE_GOLDENS=1 rewrites it):\n\(unifiedDiff(expected: expected, actual: file.contents))")
            }
        }
    }
}

/// A unified diff of two texts, made by the system's `diff`, or a plain listing where it is missing.
func unifiedDiff(expected: String, actual: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let expectedURL = directory.appendingPathComponent("expected.swift")
    let actualURL = directory.appendingPathComponent("generated.swift")
    try? Data(expected.utf8).write(to: expectedURL)
    try? Data(actual.utf8).write(to: actualURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
    process.arguments = ["-u", expectedURL.path, actualURL.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    do {
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    } catch {
        return "--- expected\n\(expected)\n+++ generated\n\(actual)"
    }
}
