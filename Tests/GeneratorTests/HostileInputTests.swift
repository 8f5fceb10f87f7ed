import Foundation
import Testing

/// Specs built to crash, hang or exhaust the generator, run as a user runs it: each must end in well under
/// 2 s of CPU time and 200 MB of memory, with generated files or with its exact located error, never a signal.
@Suite struct HostileInputTests {
    static let cpuLimit = 2.0
    static let memoryLimitMiB = 200.0

    private static let header = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n"

    /// Writes `spec` to `spec.yaml` in a folder of its own, runs `openapi-swift generate` on it, and checks the
    /// run's bounds and its diagnostics (or success, when `expected` is empty).
    private func generate(_ spec: String, expecting expected: [String], arguments: [String] = [],
                          prepare: (String) throws -> Void = { _ in },
                          inspect: (String) throws -> Void = { _ in }) throws {
        try withTemporaryFolder { folder in
            try spec.write(toFile: folder + "/spec.yaml", atomically: true, encoding: .utf8)
            try prepare(folder)
            let result = try GeneratorProcess.run(["generate", "spec.yaml", "--module", "HostileAPI", "--output", "Out",
                                                   "--quiet"] + arguments, in: folder)
            #expect(result.status == (expected.isEmpty ? 0 : 1), "\(result.standardError)")
            #expect(result.diagnostics == expected)
            #expect(result.cpuSeconds < Self.cpuLimit, "took \(result.cpuSeconds) s of CPU time")
            #expect(result.peakMiB < Self.memoryLimitMiB, "took \(result.peakMiB) MiB")
            try inspect(folder + "/Out")
        }
    }

    @Test func anObjectOfThousandsOfPropertiesIsCodedInBoundedParts() throws {
        // A third of them "expandable": one union type for all, not one each.
        let properties = (0..<3_000).map { index in
            index % 3 == 0 ? "        p\(index): {anyOf: [{type: string}, {$ref: '#/components/schemas/Other'}]}"
                : "        p\(index): {type: string}"
        }
        let spec = Self.header + "  schemas:\n    Other: {type: object, properties: {name: {type: string}}}\n"
            + "    Wide:\n      type: object\n      properties:\n" + properties.joined(separator: "\n") + "\n"
        try generate(spec, expecting: [], inspect: { output in
            let text = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
                .map { try String(contentsOfFile: output + "/" + $0, encoding: .utf8) }.joined()
            // No decoder or encoder handles more properties than one part holds: none grows with the object.
            var reads = 0, most = 0, total = 0
            for line in text.split(separator: "\n") {
                if line.contains("init(from decoder: any Decoder)") { reads = 0 }
                // A property read names its key; the union's tries name types.
                if line.contains("container.decode"), line.contains("(\"") {
                    reads += 1
                    total += 1
                    most = max(most, reads)
                }
            }
            #expect(total == 3_000 && most == 64)
            // Wide's 3,000 in 47 parts, Other's one.
            let encoded = text.components(separatedBy: "encodeProperties([").dropFirst()
                .map { $0.prefix { $0 != "]" }.components(separatedBy: "\": ").count - 1 }
            #expect(encoded.count == 48 && encoded.max() == 64 && encoded.reduce(0, +) == 3_001)
            let unions = text.components(separatedBy: "public enum ").count - 1
            #expect(unions == 1)
        })
    }

    @Test(arguments: [7, 8, 10]) func aliasBombs(levels: Int) throws {
        var spec = Self.header + "  schemas:\n    A:\n      type: string\n      example:\n        a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...levels {
            spec += "        a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        try generate(spec, expecting: ["spec.yaml:13:53: error: YAML aliases stand for more than 100000 nodes in all; write the repeated parts out, or use '$ref'"])
    }

    @Test func aliasedSchemasSixLevelsDeep() throws {
        var spec = Self.header + "  schemas:\n    L0: &l0 {anyOf: [{type: string}, {type: integer}]}\n"
        for level in 1...6 {
            spec += "    L\(level): &l\(level) {anyOf: [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]}\n"
        }
        try generate(spec, expecting: ["spec.yaml:10:67: error: YAML aliases stand for more than 100000 nodes in all; write the repeated parts out, or use '$ref'"])
    }

    /// `{type: object, properties: {p: …}}` inside itself, `depth` times, on one line.
    private func nestedInline(_ depth: Int) -> String {
        Self.header + "  schemas:\n    Root: " + String(repeating: "{type: object, properties: {p: ", count: depth)
            + "{type: string}" + String(repeating: "}}", count: depth) + "\n"
    }

    @Test(arguments: [1_000, 1_600, 3_000]) func inlinePropertiesNestedDeep(depth: Int) throws {
        // Three mappings hold the schema; each `{type: object, properties: {p: ` (31 columns from column 11)
        // opens two more, so that level 257 is the second brace of the 127th, at column 11 + 126 × 31 + 27.
        try generate(nestedInline(depth), expecting: ["spec.yaml:6:3944: error: YAML nesting is deeper than 256 levels"])
    }

    @Test func inlinePropertiesNestedPastTheSchemaLimit() throws {
        try generate(nestedInline(100), expecting: ["spec.yaml:6:1995: error: schemas nest deeper than 64 levels here; declare inner ones in 'components/schemas' and refer to them with '$ref'"])
    }

    @Test func flowNestingHundredThousandDeep() throws {
        let spec = Self.header + "  x-deep: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        // Two mappings hold it: the 255th bracket, from column 11, is level 257.
        try generate(spec, expecting: ["spec.yaml:5:265: error: YAML nesting is deeper than 256 levels"])
    }

    @Test func propertiesReferringToTheNextSchemaThreeThousandTimes() throws {
        var spec = Self.header + "  schemas:\n"
        for index in 0..<3_000 {
            spec += "    S\(index): {type: object, properties: {next: {$ref: '#/components/schemas/S\(index + 1)'}}}\n"
        }
        spec += "    S3000: {type: string}\n"
        try generate(spec, expecting: [])
    }

    @Test func schemasEachAReferenceToTheNextTwentyThousandTimes() throws {
        var spec = Self.header + "  schemas:\n"
        for index in 0..<20_000 { spec += "    S\(index): {$ref: '#/components/schemas/S\(index + 1)'}\n" }
        spec += "    S20000: {type: string}\n"
        try generate(spec, expecting: ["spec.yaml:6:16: error: '$ref' '#/components/schemas/S1' starts a chain of more than 64 references to references"])
    }

    @Test func securitySchemesInACycleOfSixThousand() throws {
        var spec = Self.header + "  securitySchemes:\n"
        for index in 0..<6_000 { spec += "    S\(index): {$ref: '#/components/securitySchemes/S\((index + 1) % 6_000)'}\n" }
        try generate(spec, expecting: ["spec.yaml:6:16: error: circular '$ref': '#/components/securitySchemes/S1' leads back to itself through 5999 other '$ref's"])
    }

    @Test func referencesToDevicesPipesAndFilesOutside() throws {
        let spec = Self.header + """
          schemas:
            Zero: {$ref: '/dev/zero'}
            Pipe: {$ref: 'pipe.yaml'}
            Up: {$ref: '../../../../etc/passwd'}
            Home: {$ref: '~/.ssh/id_rsa'}

        """
        let outside = "names a file outside '.', the folder references may reach (--ref-root allows a wider one)"
        try generate(spec, expecting: [
            "spec.yaml:6:18: error: '$ref' '/dev/zero' \(outside)",
            "spec.yaml:8:16: error: '$ref' '../../../../etc/passwd' \(outside)",
            "spec.yaml:9:18: error: cannot read '~/.ssh/id_rsa': No such file or directory",
            "spec.yaml:7:18: error: cannot read 'pipe.yaml': not a regular file",
        ]) { folder in
            #expect(mkfifo(folder + "/pipe.yaml", 0o644) == 0)
        }
    }

    @Test func devicesAreRefusedEvenWhereReferencesMayReach() throws {
        try generate(Self.header + "  schemas:\n    Zero: {$ref: '/dev/zero'}\n",
                     expecting: ["spec.yaml:6:18: error: cannot read '/dev/zero': not a regular file"],
                     arguments: ["--ref-root", "/"])
    }

    @Test func integerEnumsAtTheEdgesOfInt() throws {
        try generate(Self.header + "  schemas:\n    E: {type: integer, enum: [-9223372036854775808, 9223372036854775807]}\n",
                     expecting: [])
    }

    /// Found by fuzzing: telling a union's members apart looked through `allOf`s without end when one looped.
    @Test func aUnionMemberExtendingASchemaThatExtendsItself() throws {
        let spec = Self.header + """
              schemas:
                Pet:
                  oneOf:
                    - $ref: '#/components/schemas/Cat'
                    - {type: object, properties: {kind: {type: string, enum: [dog]}}}
                Cat:
                  allOf:
                    - $ref: '#/components/schemas/Base'
                    - {type: object, properties: {kind: {type: string, enum: [cat]}}}
                Base:
                  type: object
                  properties:
                    name: {type: string}
                  allOf:
                    - $ref: '#/components/schemas/Base'

            """
        try generate(spec, expecting: ["spec.yaml:19:17: error: 'allOf' cycle through '#/components/schemas/Base'"])
    }

    @Test func specTextCannotForgeADiagnosticLine() throws {
        let spec = "openapi: \"3.1.0 \\nspec.yaml:1:1: note: injected line\\e[2J\"\ninfo: {title: t, version: '1'}\npaths: {}\n"
        try generate(spec, expecting: [#"spec.yaml:1:10: error: OpenAPI version '3.1.0 \nspec.yaml:1:1: note: injected line\u{1B}[2J' is not supported (3.0.x, 3.1.x and 3.2.x are)"#])
    }
}
