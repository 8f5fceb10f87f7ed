import Diagnostics
import Foundation
import GeneratorKit
import IntermediateModel
import Testing

/// OpenAPI 3.2, read whole: the module declares what `Tests/Fixtures/openapi-3.2.yaml` describes.
@Suite struct OpenAPI32Tests {
    private let output: Generator.Output

    init() throws {
        output = try Generator.generate(specPath: packageRoot.appendingPathComponent("Tests/Fixtures/openapi-3.2.yaml").path,
                                        moduleName: "OpenAPI32API", displayPath: "openapi-3.2.yaml")
    }

    private func operation(_ name: String) throws -> OperationModel {
        try #require(output.module.operations.first { $0.swiftName == name })
    }

    private func successContents(_ name: String) throws -> [ResponseModel.Content] {
        try operation(name).responses.filter(\.isSuccess).flatMap(\.contents)
    }

    @Test func theQueryMethodAndAdditionalOperations() throws {
        #expect(output.module.operations.map { "\($0.method) \($0.swiftName)" } == [
            "QUERY searchItems", "GET listItems", "POST importItems", "LINK linkItems", "GET lookUpItems",
            "GET watchEvents", "POST upload",
        ])
    }

    @Test func sequentialMediaTypesAreStreamsOfTypedValues() throws {
        #expect(try successContents("searchItems") == [.jsonSequence(item: .named("Item"), recordSeparated: false, contentType: "application/jsonl")])
        #expect(try successContents("listItems") == [.jsonSequence(item: .named("Item"), recordSeparated: true, contentType: "application/json-seq")])
        #expect(try successContents("watchEvents") == [.eventStream(item: .named("Event"), terminator: nil)])
        let body = try #require(try operation("importItems").body)
        #expect(body.encoding == .jsonLines)
        #expect(body.type == .array(.named("Item")))
    }

    @Test func querystringParametersAreTheWholeQuery() throws {
        let form = try #require(try operation("listItems").parameters.first)
        #expect(form.location == .querystring && form.style == .form && form.type == .optional(.named("Filter")))
        let json = try #require(try operation("lookUpItems").parameters.first)
        #expect(json.location == .querystring && json.style == .json)
    }

    @Test func mediaTypesByReferenceAndResponseSummaries() throws {
        #expect(try successContents("lookUpItems") == [.json(contentType: "application/json", type: .array(.named("Item")))])
        let search = try operation("searchItems").responses.first
        #expect(search?.documentation == "The matches, one JSON value a line.")
    }

    @Test func defaultMappingTakesUnlistedKinds() throws {
        let event = try #require(output.module.types.first { $0.name == "Event" })
        guard case .union(let union) = event.kind else {
            Issue.record("Event is not a union")
            return
        }
        #expect(union.defaultCaseName == "other")
        #expect(union.cases.map(\.swiftName) == ["created", "other"])
    }

    @Test func serversSchemesAndTags() throws {
        #expect(output.module.servers.map(\.swiftName) == ["production"])
        #expect(output.module.securitySchemes.first?.documentation == "Deprecated. Use a bearer token.")
    }

    @Test func whatCannotBeGeneratedIsNamed() throws {
        #expect(output.warnings.map(\.description) == [
            "openapi-3.2.yaml:60:7: warning: method 'HEAD' has a field of its own, 'head'; it is skipped here",
            "openapi-3.2.yaml:64:7: warning: 'BAD METHOD' is not an HTTP method name; the operation is skipped",
            "openapi-3.2.yaml:97:25: warning: multipart parts in sequence ('itemSchema', 'itemEncoding', 'prefixEncoding') are not turned into Swift; the body is bytes",
            "openapi-3.2.yaml:14:26: warning: tag 'lost' names parent 'nowhere', which is not a tag",
        ].map { $0.replacingOccurrences(of: "openapi-3.2.yaml", with: packageRoot.appendingPathComponent("Tests/Fixtures/openapi-3.2.yaml").path) })
    }
}
