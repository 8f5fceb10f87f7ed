import APIClientRuntime
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIAsyncHTTPClient
import Testing

/// JSON sequences (OpenAPI 3.2's `application/jsonl` and `application/json-seq`) over real HTTP: each value
/// arrives typed as soon as it is whole, whatever the chunks.
@Suite struct SequenceTests {
    private struct Item: Codable, Equatable, Sendable {
        var id: String
    }

    /// Serves `chunks` at `GET path`, `pause` apart, with the given content type.
    private func serve(_ chunks: [String], contentType: String, pause: Duration = .milliseconds(20),
                       _ body: @Sendable (ClientCore) async throws -> Void) async throws {
        try await withTestServer(configure: { router, _ in
            router.get("items") { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody { writer in
                    for chunk in chunks {
                        try await writer.write(ByteBuffer(string: chunk))
                        try await Task.sleep(for: pause)
                    }
                    try await writer.finish(nil)
                })
            }
        }) { url, _ in
            try await body(ClientCore(serverURL: url, transport: AsyncHTTPClientTransport(), middlewares: [],
                                      credentials: [:], securitySchemes: [:]))
        }
    }

    @Test func jsonLinesArriveOneValueALineAcrossChunks() async throws {
        try await serve([#"{"id":"a"}"#, "\n{\"id\":", #""b"}"#, "\n\n", #"{"id":"c"}"#], contentType: "application/jsonl") { core in
            var items: [Item] = []
            for try await item in try await core.jsonSequence(try APIClientRuntime.Request(.get, "/items"), operationID: "list", of: Item.self) {
                items.append(item)
            }
            // The last line needs no line break.
            #expect(items == [Item(id: "a"), Item(id: "b"), Item(id: "c")])
        }
    }

    @Test func jsonTextSequencesSplitAtRecordSeparators() async throws {
        try await serve(["\u{1E}{\"id\":\"a\"}\n\u{1E}{\"id\"", ":\"b\"}\n"], contentType: "application/json-seq") { core in
            var items: [Item] = []
            for try await item in try await core.jsonSequence(try APIClientRuntime.Request(.get, "/items"), operationID: "list", of: Item.self,
                                                              recordSeparated: true) {
                items.append(item)
            }
            #expect(items == [Item(id: "a"), Item(id: "b")])
        }
    }

    @Test func aValueThatDoesNotDecodeEndsTheStreamWithItsBytes() async throws {
        try await serve([#"{"id":"a"}"# + "\n", #"{"name":"no id"}"# + "\n"], contentType: "application/jsonl") { core in
            var items: [Item] = []
            do {
                for try await item in try await core.jsonSequence(try APIClientRuntime.Request(.get, "/items"), operationID: "list", of: Item.self) {
                    items.append(item)
                }
                Issue.record("the stream ended without an error")
            } catch let error as APIError {
                #expect(error.body == Data(#"{"name":"no id"}"#.utf8))
            }
            #expect(items == [Item(id: "a")])
        }
    }
}
