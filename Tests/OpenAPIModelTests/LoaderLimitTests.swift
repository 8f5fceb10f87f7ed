import Diagnostics
import Foundation
@testable import OpenAPIModel
import Testing

/// What a spec may make the loader read, and how far it may make it go: each limit is one located error.
@Suite struct LoaderLimitTests {
    private struct MissingFile: Error {}

    /// The errors of loading `/specs/main.yaml` from `files`, served from memory.
    private func errors(_ files: [String: String], referenceRoot: String? = nil) -> [String] {
        let loader = DocumentLoader(readFile: { path in
            guard let text = files[path] else { throw MissingFile() }
            return Array(text.utf8)
        }, referenceRoot: referenceRoot)
        do {
            _ = try loader.load(path: "/specs/main.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    private let header = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"

    @Test func referencesOutsideTheSpecsFolderAreErrors() {
        let spec = header + """
        components:
          schemas:
            Up: {$ref: '../../../../etc/passwd'}
            Absolute: {$ref: '/etc/shadow'}
            Home: {$ref: '~/.ssh/id_rsa'}
            Sibling: {$ref: '../shared/common.yaml#/A'}
        """
        let suffix = "names a file outside '/specs', the folder references may reach (--ref-root allows a wider one)"
        #expect(errors(["/specs/main.yaml": spec]) == [
            "/specs/main.yaml:6:16: error: '$ref' '../../../../etc/passwd' \(suffix)",
            "/specs/main.yaml:7:22: error: '$ref' '/etc/shadow' \(suffix)",
            "/specs/main.yaml:9:21: error: '$ref' '../shared/common.yaml#/A' \(suffix)",
            // `~` is a folder name like any other, inside the spec's folder: never the home folder.
            "/specs/main.yaml:8:18: error: cannot read '/specs/~/.ssh/id_rsa'",
        ])
    }

    @Test func aWiderReferenceRootAllowsItsFiles() {
        let spec = header + "components:\n  schemas:\n    Sibling: {$ref: '../shared/common.yaml#/A'}\n"
        let files = ["/specs/main.yaml": spec, "/shared/common.yaml": "A: {type: string}\n"]
        #expect(errors(files, referenceRoot: "/").isEmpty)
        #expect(errors(files, referenceRoot: "/specs/..").isEmpty)
        #expect(errors(files, referenceRoot: "/spec").count == 1)
    }

    /// Versions as written in YAML's double quotes, escapes and all.
    @Test(arguments: [#"3.1.0 \nspec.yaml:1:1: note: injected"#, #"3.1.0\e[31m"#, "3.1", "3.1.x", "3.11.0", "3.1.0 ", "3", "v3.1.0"])
    func versionsAreReadWhole(version: String) {
        let found = errors(["/specs/main.yaml": "openapi: \"\(version)\"\ninfo: {title: T, version: '1'}\npaths: {}\n"])
        if version == "3.1" {
            #expect(found.isEmpty)
        } else {
            #expect(found.count == 1)
            #expect(found.first?.contains("is not supported") == true)
            // One line, whatever the version holds.
            #expect(found.first?.contains("\n") == false && found.first?.contains("\u{1B}") == false)
        }
    }

    @Test(arguments: ["3.0.3", "3.1.0", "3.2.0", "3.1.1-rc1", "3.0"]) func supportedVersionsLoad(version: String) {
        #expect(errors(["/specs/main.yaml": "openapi: '\(version)'\ninfo: {title: T, version: '1'}\npaths: {}\n"]).isEmpty)
    }

    @Test func longValuesAreQuotedShort() {
        let found = errors(["/specs/main.yaml": "openapi: '\(String(repeating: "x", count: 1_000_000))'\npaths: {}\n"])
        #expect(found == ["/specs/main.yaml:1:10: error: OpenAPI version '\(String(repeating: "x", count: 80))…' is not supported (3.0.x, 3.1.x and 3.2.x are)"])
    }

    @Test func schemasNestedPastTheLimitAreAnError() {
        var schema = "{type: string}"
        for _ in 0..<100 { schema = "{type: object, properties: {p: \(schema)}}" }
        let found = errors(["/specs/main.yaml": header + "components:\n  schemas:\n    Deep: \(schema)\n"])
        // Schema 65 starts at column 11 + 64 × 31.
        #expect(found == ["/specs/main.yaml:6:1995: error: schemas nest deeper than 64 levels here; declare inner ones in 'components/schemas' and refer to them with '$ref'"])
    }

    @Test func longReferenceChainsAreOneError() {
        var spec = header + "components:\n  schemas:\n"
        for index in 0..<20_000 { spec += "    S\(index): {$ref: '#/components/schemas/S\(index + 1)'}\n" }
        spec += "    S20000: {type: string}\n"
        let clock = ContinuousClock()
        var found: [String] = []
        let elapsed = clock.measure { found = errors(["/specs/main.yaml": spec]) }
        #expect(found == ["/specs/main.yaml:6:16: error: '$ref' '#/components/schemas/S1' starts a chain of more than 64 references to references"])
        // Each entry of the chain is walked once: far from the minutes a walk per entry would take.
        #expect(elapsed < .seconds(10))
    }

    @Test func chainsUpToTheLimitLoad() {
        var spec = header + "components:\n  schemas:\n"
        for index in 0..<64 { spec += "    S\(index): {$ref: '#/components/schemas/S\(index + 1)'}\n" }
        spec += "    S64: {type: string}\n"
        #expect(errors(["/specs/main.yaml": spec]).isEmpty)
    }

    @Test func referenceCyclesAreOneErrorWhateverTheirLength() {
        var spec = header + "components:\n  securitySchemes:\n"
        for index in 0..<6_000 { spec += "    S\(index): {$ref: '#/components/securitySchemes/S\((index + 1) % 6_000)'}\n" }
        #expect(errors(["/specs/main.yaml": spec]) == [
            "/specs/main.yaml:6:16: error: circular '$ref': '#/components/securitySchemes/S1' leads back to itself through 5999 other '$ref's",
        ])
    }

    @Test func filesOverTheSizeLimitAreNotRead() {
        let big = String(repeating: "#", count: DocumentLoader.maximumFileSize + 1)
        #expect(errors(["/specs/main.yaml": big]) == ["/specs/main.yaml:1:1: error: cannot read '/specs/main.yaml': it is larger than 128 MiB"])
    }
}

/// The same limits on disk, where files can be devices, pipes and links.
@Suite struct LoaderDiskLimitTests {
    private func withFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/specs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    private func errors(_ path: String, referenceRoot: String? = nil) -> [String] {
        do {
            _ = try DocumentLoader(referenceRoot: referenceRoot).load(path: path)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    private let header = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"

    @Test func devicesAndPipesAreRefusedWithoutWaiting() throws {
        try withFolder { folder in
            let spec = folder + "/specs/main.yaml"
            try (header + "components:\n  schemas:\n    Zero: {$ref: '/dev/zero'}\n    Pipe: {$ref: 'pipe.yaml'}\n")
                .write(toFile: spec, atomically: true, encoding: .utf8)
            #expect(mkfifo(folder + "/specs/pipe.yaml", 0o644) == 0)
            // With the whole file system allowed, so that the devices are reached and refused for what they are.
            #expect(errors(spec, referenceRoot: "/") == [
                "\(spec):7:18: error: cannot read '\(folder)/specs/pipe.yaml': not a regular file",
                "\(spec):6:18: error: cannot read '/dev/zero': not a regular file",
            ])
        }
    }

    @Test func linksOutOfTheFolderAreRefused() throws {
        try withFolder { folder in
            let spec = folder + "/specs/main.yaml"
            try (header + "components:\n  schemas:\n    Secret: {$ref: 'secret.yaml#/A'}\n")
                .write(toFile: spec, atomically: true, encoding: .utf8)
            try "A: {type: string}\n".write(toFile: folder + "/secret.yaml", atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: folder + "/specs/secret.yaml", withDestinationPath: "../secret.yaml")
            let real = URL(fileURLWithPath: folder + "/secret.yaml").resolvingSymlinksInPath().path
            #expect(errors(spec) == [
                "\(spec):6:20: error: cannot read '\(folder)/specs/secret.yaml': it is a link to '\(real)', outside '\(folder)/specs', the folder references may reach",
            ])
            #expect(errors(spec, referenceRoot: folder).isEmpty)
        }
    }

    @Test func aSpecThatIsAFolderOrMissingIsALocatedError() throws {
        try withFolder { folder in
            #expect(errors(folder + "/specs") == ["\(folder)/specs:1:1: error: cannot read '\(folder)/specs': Is a directory"])
            #expect(errors(folder + "/none.yaml") == ["\(folder)/none.yaml:1:1: error: cannot read '\(folder)/none.yaml': No such file or directory"])
        }
    }
}
