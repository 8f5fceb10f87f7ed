import Foundation
import GeneratorKit
import Testing

/// Every golden module must type-check as Swift 6 without warnings, against the runtime this package builds.
@Suite struct GoldenCompileTests {
    /// The folder of built module interfaces beside the running test bundle.
    static var modulesFolder: URL? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("Modules")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("APIClientRuntime.swiftmodule").path) {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    static let goldens: [String] = {
        let folder = packageRoot.appendingPathComponent("Tests/Goldens").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }()

    @Test(arguments: goldens)
    func goldenTypeChecks(_ golden: String) throws {
        guard let modules = Self.modulesFolder else {
            print("GoldenCompileTests: skipped, no built APIClientRuntime module beside \(CommandLine.arguments[0])")
            return
        }
        let folder = packageRoot.appendingPathComponent("Tests/Goldens/\(golden)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
            .sorted().map { folder.appendingPathComponent($0).path }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-swift-version", "6", "-warnings-as-errors",
                             "-I", modules.path, "-module-name", Generator.moduleName(forSpec: golden + ".yaml")] + files
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(golden) does not type-check:\n\(output)")
    }
}
