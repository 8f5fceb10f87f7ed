import ChatImageAPI
import Foundation
import OpenAPIAsyncHTTPClient
import OpenAPIURLSession
import Testing

/// The seed's `chat.completion` answer.
let chatCompletionExample = """
{
    "id": "chatcmpl-123",
    "object": "chat.completion",
    "created": 1677652288,
    "model": "gpt-4o-mini",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "\\n\\nHello there, how may I assist you today?"},
            "finish_reason": "stop"
        }
    ],
    "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}
}
"""

enum TransportKind: String, CaseIterable, Sendable {
    case urlSession, asyncHTTPClient

    func make() -> any ClientTransport {
        switch self {
        case .urlSession: return URLSessionTransport()
        case .asyncHTTPClient: return AsyncHTTPClientTransport()
        }
    }
}

@Suite struct ChatImageEndToEndTests {
    @Test(arguments: TransportKind.allCases)
    func sendsTheSeedRequestAndDecodesTheReply(transport: TransportKind) async throws {
        try await withTestServer { router, log in
            router.record(.post, "/v1/chat/completions", into: log, answer: .json(chatCompletionExample))
        } _: { url, log in
            let client = ChatImageAPI.Client(serverURL: url, transport: transport.make(),
                                             middlewares: [BearerTokenMiddleware(token: "sk-test")])
            let reply = try await client.chatImage(
                model: "gpt-4o",
                messages: [
                    .init(role: "user", content: [
                        .init(type: "text", text: "What is in this image?"),
                        .init(type: "image_url", imageURL: .init(url: "https://example.com/cat.png")),
                    ]),
                ],
                maxTokens: 300
            )

            #expect(reply["id"] == "chatcmpl-123")
            #expect(reply["choices"]?[0]?["message"]?["content"]?.stringValue == "\n\nHello there, how may I assist you today?")
            #expect(reply["usage"]?["total_tokens"] == 21)

            let received = try #require(log.last)
            #expect(received.method == .post)
            #expect(received.path == "/v1/chat/completions")
            #expect(received.header("Authorization") == "Bearer sk-test")
            #expect(received.header("Content-Type") == "application/json")
            let body = try #require(received.json)
            #expect(body["model"] as? String == "gpt-4o")
            #expect(body["max_tokens"] as? Int == 300)
            #expect(body.keys.sorted() == ["max_tokens", "messages", "model"])
            let messages = try #require(body["messages"] as? [[String: Any]])
            #expect(messages.count == 1)
            #expect(messages[0]["role"] as? String == "user")
            let parts = try #require(messages[0]["content"] as? [[String: Any]])
            #expect(parts.count == 2)
            #expect(parts[0]["type"] as? String == "text")
            #expect(parts[0]["text"] as? String == "What is in this image?")
            #expect(parts[0]["image_url"] == nil)
            #expect(parts[1]["type"] as? String == "image_url")
            #expect((parts[1]["image_url"] as? [String: Any])?["url"] as? String == "https://example.com/cat.png")
        }
    }

    @Test func anErrorStatusIsATypedErrorWithTheBody() async throws {
        try await withTestServer { router, log in
            router.record(.post, "/v1/chat/completions", into: log,
                          answer: .json(#"{"error": {"message": "bad key"}}"#, status: .unauthorized))
        } _: { url, _ in
            let client = ChatImageAPI.Client(serverURL: url, transport: AsyncHTTPClientTransport())
            do {
                _ = try await client.chatImage(model: "gpt-4o", messages: [], maxTokens: 1)
                Issue.record("expected an error")
            } catch let error as APIError {
                #expect(error.status?.code == 401)
                #expect(error.operationID == "chatImage")
                #expect(String(decoding: error.body ?? Data(), as: UTF8.self).contains("bad key"))
            }
        }
    }
}
