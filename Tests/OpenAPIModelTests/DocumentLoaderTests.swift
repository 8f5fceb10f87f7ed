import Diagnostics
import Foundation
@testable import OpenAPIModel
import Testing

/// Serves files from a dictionary, so that specs and the files they reference live in the test.
private struct MissingFile: Error {
    var path: String
}

private func loader(_ files: [String: String]) -> DocumentLoader {
    DocumentLoader(readFile: { path in
        guard let text = files[path] else { throw MissingFile(path: path) }
        return Array(text.utf8)
    })
}

private let mainPath = "/specs/main.yaml"

/// Loads `/specs/main.yaml` from `files`, which must contain it.
private func load(_ files: [String: String]) throws(DiagnosticsError) -> (document: Document, warnings: [Diagnostic]) {
    try loader(files).load(path: mainPath)
}

private func load(_ main: String) throws(DiagnosticsError) -> (document: Document, warnings: [Diagnostic]) {
    try load([mainPath: main])
}

/// The errors of a load that is expected to fail.
private func loadErrors(_ files: [String: String]) -> [Diagnostic] {
    do {
        _ = try load(files)
        return []
    } catch {
        return error.errors
    }
}

private func loadErrors(_ main: String) -> [Diagnostic] {
    loadErrors([mainPath: main])
}

private func schema(_ document: Document, _ name: String) throws -> Schema {
    try #require(document.components.schemas.first { $0.name == name }?.schema)
}

private func property(_ schema: Schema, _ name: String) throws -> Schema {
    try #require(schema.properties.first { $0.name == name }?.schema)
}

@Suite struct NullabilityTests {
    @Test func nullableTrueIn30SetsNullable() throws {
        let (document, warnings) = try load("""
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Name:
              type: string
              nullable: true
        """)
        let name = try schema(document, "Name")
        #expect(document.version == .v3_0)
        #expect(name.nullable)
        #expect(name.types == [.string])
        #expect(warnings.isEmpty)
    }

    @Test func typeListWithNullIn31SetsNullable() throws {
        let (document, warnings) = try load("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Name:
              type: [string, "null"]
        """)
        let name = try schema(document, "Name")
        #expect(document.version == .v3_1)
        #expect(name.nullable)
        #expect(name.types == [.string])
        #expect(warnings.isEmpty)
    }

    @Test func schemaWithoutNullIsNotNullable() throws {
        let (document, _) = try load("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Name:
              type: string
        """)
        #expect(try schema(document, "Name").nullable == false)
    }

    @Test func nullableIn31WarnsOnceWithRepeatCount() throws {
        let (document, warnings) = try load("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            A:
              type: string
              nullable: true
            B:
              type: integer
              nullable: true
            C:
              type: object
              properties:
                c:
                  type: boolean
                  nullable: true
        """)
        let nullableWarnings = warnings.filter { $0.message.contains("'nullable'") }
        #expect(nullableWarnings.count == 1)
        let warning = try #require(nullableWarnings.first)
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("2 more times"))
        // Reported at the first occurrence.
        #expect(warning.location == SourceLocation(file: mainPath, line: 8, column: 7))
        // The keyword still takes effect.
        #expect(try schema(document, "A").nullable)
    }

    @Test func nullableIn31WarnsWithoutCountWhenWrittenOnce() throws {
        let (_, warnings) = try load("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            A:
              type: string
              nullable: true
        """)
        let nullableWarnings = warnings.filter { $0.message.contains("'nullable'") }
        #expect(nullableWarnings.count == 1)
        #expect(nullableWarnings.first?.message.contains("more") == false)
    }
}

@Suite struct ReferenceTests {
    @Test func internalReferenceResolvesToComponentSchema() throws {
        let (document, _) = try load("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              type: object
              properties:
                owner:
                  $ref: '#/components/schemas/Owner'
            Owner:
              type: object
              properties:
                name: {type: string}
        """)
        let owner = try property(try schema(document, "Pet"), "owner")
        let reference = try #require(owner.ref)
        #expect(reference.pointer == "/components/schemas/Owner")
        #expect(reference.file == mainPath)
        let target = try #require(document.references.schemas[reference.key])
        #expect(target === (try schema(document, "Owner")))
    }

    @Test func externalReferenceToComponentLoadsOtherFile() throws {
        let (document, _) = try load([
            mainPath: """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  properties:
                    tag:
                      $ref: other.yaml#/components/schemas/Tag
            """,
            "/specs/other.yaml": """
            components:
              schemas:
                Tag:
                  type: object
                  properties:
                    label: {type: string}
            """,
        ])
        let reference = try #require(try property(try schema(document, "Pet"), "tag").ref)
        #expect(reference.file == "/specs/other.yaml")
        #expect(reference.pointer == "/components/schemas/Tag")
        let target = try #require(document.references.schemas[reference.key])
        #expect(target.properties.map(\.name) == ["label"])
        #expect(target.location.file == "/specs/other.yaml")
    }

    @Test func wholeFileReferenceLoadsThatFile() throws {
        let (document, _) = try load([
            mainPath: """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Owner:
                  type: object
                  properties:
                    pet:
                      $ref: pet.yaml
            """,
            "/specs/pet.yaml": """
            type: object
            required: [name]
            properties:
              name: {type: string}
            """,
        ])
        let reference = try #require(try property(try schema(document, "Owner"), "pet").ref)
        #expect(reference.file == "/specs/pet.yaml")
        #expect(reference.pointer == "")
        let target = try #require(document.references.schemas[reference.key])
        #expect(target.types == [.object])
        #expect(target.required == ["name"])
    }

    @Test func referencesInsideAnExternalFileAreRelativeToThatFile() throws {
        let (document, _) = try load([
            mainPath: """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Pet:
                  $ref: models/pet.yaml
            """,
            "/specs/models/pet.yaml": """
            type: object
            properties:
              owner:
                $ref: '../shared/owner.yaml#/Owner'
              sibling:
                $ref: '#/properties/owner'
            """,
            "/specs/shared/owner.yaml": """
            Owner:
              type: string
            """,
        ])
        let pet = try #require(try schema(document, "Pet").ref.flatMap { document.references.schemas[$0.key] })
        let ownerReference = try #require(try property(pet, "owner").ref)
        #expect(ownerReference.file == "/specs/shared/owner.yaml")
        #expect(document.references.schemas[ownerReference.key]?.types == [.string])
        let siblingReference = try #require(try property(pet, "sibling").ref)
        #expect(siblingReference.file == "/specs/models/pet.yaml")
        #expect(document.references.schemas[siblingReference.key]?.ref?.file == "/specs/shared/owner.yaml")
    }

    @Test func danglingReferenceIsALocatedError() throws {
        let errors = loadErrors("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              type: object
              properties:
                owner:
                  $ref: '#/components/schemas/Owner'
        """)
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.description.hasPrefix("/specs/main.yaml:10:17: error:"))
        #expect(error.message.contains("#/components/schemas/Owner"))
    }

    @Test func referenceToMissingFileIsALocatedError() throws {
        let errors = loadErrors("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              $ref: missing.yaml
        """)
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.location == SourceLocation(file: mainPath, line: 7, column: 13))
        #expect(error.message.contains("missing.yaml"))
    }
}

@Suite struct DocumentErrorTests {
    @Test func yamlSyntaxErrorIsOneLocatedError() throws {
        let errors = loadErrors("""
        openapi: 3.1.0
        info:
          title: T
           version: "1"
        paths: {}
        """)
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        let location = try #require(error.location)
        #expect(location.file == mainPath)
        #expect(location.line == 4)
        #expect(error.message.hasPrefix("YAML syntax:"))
        #expect(error.description.hasPrefix("/specs/main.yaml:4:"))
    }

    @Test func swagger2IsRejected() throws {
        let errors = loadErrors("""
        swagger: "2.0"
        info: {title: T, version: "1"}
        paths: {}
        """)
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.message.contains("Swagger 2.0"))
        #expect(error.message.contains("not supported"))
        #expect(error.location == SourceLocation(file: mainPath, line: 1, column: 10))
    }

    @Test func openAPI4IsRejected() throws {
        let errors = loadErrors("""
        openapi: 4.0.0
        info: {title: T, version: "1"}
        paths: {}
        """)
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.message.contains("'4.0.0'"))
        #expect(error.message.contains("not supported"))
        #expect(error.location == SourceLocation(file: mainPath, line: 1, column: 10))
    }

    @Test func missingVersionIsAnError() throws {
        let errors = loadErrors("""
        info: {title: T, version: "1"}
        paths: {}
        """)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("'openapi'") == true)
    }
}

@Suite struct OperationParsingTests {
    @Test func responseKeysParse() throws {
        let (document, _) = try load("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /pets:
            get:
              responses:
                200: {description: OK}
                2XX: {description: Other success}
                4xx: {description: Client error}
                default: {description: Anything else}
        """)
        let operation = try #require(document.paths.first?.operations.first)
        #expect(operation.responses.map(\.status) == [.code(200), .range(2), .range(4), .default])
    }

    @Test(arguments: ["OK", "600", "6XX", "20X", "2000"])
    func badResponseKeyIsALocatedWarningAndSkipped(key: String) throws {
        let (document, warnings) = try load([mainPath: """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /pets:
            get:
              responses:
                200: {description: OK}
                \(key): {description: Bad}
        """])
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: mainPath, line: 8, column: 9))
        #expect(warning.message.contains("'\(key)'"))
        #expect(document.paths.first?.operations.first?.responses.map(\.status) == [.code(200)])
    }

    @Test func parameterInBodyIsALocatedWarningAndSkipped() throws {
        let (document, warnings) = try load([mainPath: """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /pets:
            post:
              parameters:
                - name: pet
                  in: body
                  schema: {type: object}
              responses:
                200: {description: OK}
        """])
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.location == SourceLocation(file: mainPath, line: 8, column: 15))
        #expect(warning.message.contains("'body'"))
        #expect(document.paths.first?.operations.first?.parameters.isEmpty == true)
    }

    @Test func pathLevelParametersAreKept() throws {
        let (document, _) = try load("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /pets/{petId}:
            parameters:
              - name: petId
                in: path
                required: true
                schema: {type: string}
            get:
              parameters:
                - name: verbose
                  in: query
                  schema: {type: boolean}
              responses:
                200: {description: OK}
        """)
        let item = try #require(document.paths.first)
        #expect(item.path == "/pets/{petId}")
        #expect(item.parameters.count == 1)
        guard case .value(let parameter)? = item.parameters.first else {
            Issue.record("path-level parameter missing or unresolved")
            return
        }
        #expect(parameter.name == "petId")
        #expect(parameter.location == .path)
        #expect(parameter.required)
        let operation = try #require(item.operations.first)
        #expect(operation.parameters.count == 1)
    }

    @Test func pathParameterIsRequiredByDefault() throws {
        let (document, _) = try load("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /pets/{petId}:
            get:
              parameters:
                - {name: petId, in: path, schema: {type: string}}
                - {name: limit, in: query, schema: {type: integer}}
              responses:
                200: {description: OK}
        """)
        let parameters = try #require(document.paths.first?.operations.first?.parameters)
        let values = parameters.compactMap { parameter -> Parameter? in
            if case .value(let value) = parameter { return value }
            return nil
        }
        #expect(values.map(\.required) == [true, false])
    }
}

@Suite struct EarlyParsingTests {
    /// Many schemas and paths; each schema refers to the next through a property, some warn the same way, a
    /// path is not one, and the last schema refers to a file of its own. With `versionLast`, the `openapi`
    /// field comes last, so nothing can be parsed before the whole document is read.
    private func spec(count: Int, versionLast: Bool = false) -> [String: String] {
        // The same lines either way, so that warnings name the same places.
        var text = versionLast ? "# The version comes last.\n" : "openapi: 3.1.0\n"
        text += "info: {title: T, version: \"1\"}\npaths:\n"
        for index in 0..<count {
            text += index == 3 ? "  not-a-path:\n" : "  /items/\(index):\n"
            text += "    get:\n      responses:\n        \"200\": {description: OK}\n"
        }
        text += "components:\n  schemas:\n"
        for index in 0..<count {
            text += "    S\(index):\n      type: object\n      properties:\n"
            let next = index + 1 < count ? "\"#/components/schemas/S\(index + 1)\"" : "\"shared.yaml#/Tail\""
            text += "        next: {$ref: \(next)}\n"
            if index % 100 == 7 { text += "        legacy: {type: string, nullable: true}\n" }
        }
        if versionLast { text += "openapi: 3.1.0\n" }
        return [mainPath: text, "/specs/shared.yaml": "Tail: {type: string}\n"]
    }

    @Test func parsingWhileReadingGivesWhatParsingAfterReadingGives() throws {
        // Big enough for libyaml to read on a thread of its own while the tree is built.
        let count = 600
        #expect(spec(count: count)[mainPath]!.utf8.count > 64 * 1024)
        let earlyLoader = loader(spec(count: count))
        let (early, earlyWarnings) = try earlyLoader.load(path: mainPath)
        let lateLoader = loader(spec(count: count, versionLast: true))
        let (late, lateWarnings) = try lateLoader.load(path: mainPath)
        #expect(earlyLoader.entriesParsedWhileReading == 2 * count)
        #expect(lateLoader.entriesParsedWhileReading == 0)
        #expect(early.components.schemas.map(\.name) == (0..<count).map { "S\($0)" })
        #expect(late.components.schemas.map(\.name) == early.components.schemas.map(\.name))
        #expect(early.paths.map(\.path) == late.paths.map(\.path))
        #expect(early.paths.count == count - 1)
        // Warnings in document order, repeats folded into the first, whichever way the parse went.
        #expect(earlyWarnings.map(\.description) == lateWarnings.map(\.description))
        #expect(earlyWarnings.count == 2)
        #expect(earlyWarnings.first?.message.hasSuffix("(and \(count / 100 - 1) more times like it)") == true)
        #expect(earlyWarnings.last?.message.contains("does not start with '/'") == true)
        // References met while reading resolve, into other files too.
        for document in [early, late] {
            let last = try schema(document, "S\(count - 1)")
            let tail = try #require(try property(last, "next").ref)
            #expect(document.references.schemas[tail.key]?.types == [.string])
        }
    }
}

@Suite struct DiskTests {
    /// A folder of its own under the system's temporary folder, removed afterwards.
    private func withFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loader-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    @Test func specsAndTheFilesTheyReferToAreReadFromDisk() throws {
        try withFolder { folder in
            try "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: \"b.yaml#/B\"}\n"
                .write(toFile: folder + "/main.yaml", atomically: true, encoding: .utf8)
            try "B: {type: integer}\n".write(toFile: folder + "/b.yaml", atomically: true, encoding: .utf8)
            let (document, warnings) = try DocumentLoader().load(path: folder + "/main.yaml")
            #expect(warnings.isEmpty)
            let reference = try #require(try schema(document, "A").ref)
            #expect(document.references.schemas[reference.key]?.types == [.integer])
        }
    }

    @Test func folderEmptyFileAndMissingFileAreLocatedErrors() throws {
        try withFolder { folder in
            try "".write(toFile: folder + "/empty.yaml", atomically: true, encoding: .utf8)
            for (path, message) in [(folder, "cannot read '\(folder)': Is a directory"),
                                    (folder + "/missing.yaml", "missing.yaml': No such file or directory"),
                                    (folder + "/empty.yaml", "must be a mapping")] {
                #expect {
                    try DocumentLoader().load(path: path)
                } throws: { error in
                    (error as? DiagnosticsError)?.errors.first?.message.contains(message) == true
                }
            }
        }
    }
}

@Suite struct TupleTests {
    private func items(of name: String) throws -> Schema? {
        let (document, _) = try load("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Point: {type: array, prefixItems: [{type: number}, {type: number}], items: false}
            Pair: {type: array, prefixItems: [{type: string}, {type: integer}]}
            Spread: {type: array, prefixItems: [{type: number}], items: {type: string}}
            Refs: {type: array, prefixItems: [{$ref: "#/components/schemas/Point"}, {$ref: "#/components/schemas/Point"}]}
            Legacy: {type: array, items: [{type: string}, {type: string}]}
        """)
        return try schema(document, name).items
    }

    @Test func sameTypedMembersMakeAnArrayOfThatType() throws {
        #expect(try items(of: "Point")?.types == [.number])
        #expect(try items(of: "Legacy")?.types == [.string])
        #expect(try items(of: "Refs")?.ref?.pointer == "/components/schemas/Point")
    }

    @Test func mixedMembersMakeAnArrayOfAnyValue() throws {
        #expect(try items(of: "Pair")?.isUnconstrained == true)
        // Items after the tuple count as members too.
        #expect(try items(of: "Spread")?.isUnconstrained == true)
    }
}
