import Diagnostics
import Foundation
import GeneratorKit
import Testing

/// A configuration file sets what flags would; unknown keys and bad values are located errors.
@Suite struct ConfigurationTests {
    @Test func keysAreReadAndPathsResolvedAgainstTheFile() throws {
        try withTemporaryFolder(["specs", "shared"]) { folder in
            try "access: package\nrefRoot: ..\n".write(toFile: folder + "/specs/c.yaml", atomically: true, encoding: .utf8)
            #expect(try Configuration.load(path: folder + "/specs/c.yaml")
                == Configuration(access: "package", referenceRoot: folder + "/specs/.."))
        }
    }

    @Test func unknownKeysAndBadValuesAreLocatedErrors() throws {
        try withTemporaryFolder(["specs", "shared"]) { folder in
            try "acess: package\naccess: open\nrefRoot: [a]\n".write(toFile: folder + "/c.yaml", atomically: true, encoding: .utf8)
            #expect {
                try Configuration.load(path: folder + "/c.yaml")
            } throws: { error in
                (error as? DiagnosticsError)?.errors.map(\.description) == [
                    "\(folder)/c.yaml:1:1: error: unknown configuration key 'acess' (access and refRoot are known)",
                    "\(folder)/c.yaml:2:9: error: 'access' must be public, package or internal",
                    "\(folder)/c.yaml:3:10: error: 'refRoot' must be the path of a folder",
                ]
            }
        }
    }

    @Test func theCommandLineTakesTheFileAndItsFlagsWin() throws {
        try withTemporaryFolder(["specs", "shared"]) { folder in
            try "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '../shared/a.yaml#/A'}\n"
                .write(toFile: folder + "/specs/spec.yaml", atomically: true, encoding: .utf8)
            try "A: {type: object, properties: {b: {type: string}}}\n".write(toFile: folder + "/shared/a.yaml", atomically: true, encoding: .utf8)
            try "access: internal\nrefRoot: .\n".write(toFile: folder + "/config.yaml", atomically: true, encoding: .utf8)
            let refused = try GeneratorProcess.run(["generate", "specs/spec.yaml", "--output", "Out"], in: folder)
            #expect(refused.status == 1)
            let configured = try GeneratorProcess.run(["generate", "specs/spec.yaml", "--output", "Out", "--config", "config.yaml"],
                                                      in: folder)
            #expect(configured.status == 0, "\(configured.standardError)")
            let types = try String(contentsOfFile: folder + "/Out/Types.swift", encoding: .utf8)
            #expect(types.contains("\ninternal struct A"))
            let flagged = try GeneratorProcess.run(["generate", "specs/spec.yaml", "--output", "Out", "--config", "config.yaml",
                                                    "--access", "package"], in: folder)
            #expect(flagged.status == 0, "\(flagged.standardError)")
            #expect(try String(contentsOfFile: folder + "/Out/Types.swift", encoding: .utf8).contains("\npackage struct A"))
        }
    }
}
