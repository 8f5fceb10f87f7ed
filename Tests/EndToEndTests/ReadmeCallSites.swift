import ChatImageAPI
import Foundation
import GatewayAPI
import OpenAPIAsyncHTTPClient
import OpenAPIURLSession

// The call sites README.md shows, kept here so that they keep compiling. Not run: they need a gateway.

func readmeChatImage(apiKey: String) async throws {
    let client = ChatImageAPI.Client(
        serverURL: URL(string: "https://gateway.example.com")!,
        transport: URLSessionTransport(),
        middlewares: [BearerTokenMiddleware(token: apiKey)]
    )
    let reply = try await client.chatImage(
        model: "gpt-4o",
        messages: [.init(role: "user", content: [
            .init(type: "text", text: "What is in this image?"),
            .init(type: "image_url", imageURL: .init(url: "https://example.com/cat.png")),
        ])],
        maxTokens: 300
    )
    print(reply["choices"]?[0]?["message"]?["content"]?.stringValue ?? "")
}

func readmeGateway(apiKey: String, audio: Data) async throws {
    let client = GatewayAPI.Client(serverURL: URL(string: "https://gateway.example.com")!,
                                   transport: AsyncHTTPClientTransport(),
                                   bearerAuth: apiKey)

    let completion = try await client.createChatCompletion(
        model: "gpt-4o-mini",
        messages: [.init(role: .user, content: .string("Hello!"))]
    )
    print(completion.choices[0].message.content ?? "")

    for try await chunk in try await client.createChatCompletionStream(
        model: "gpt-4o-mini", messages: [.init(role: .user, content: .string("Tell me a story"))]) {
        print(chunk.choices.first?.delta.content ?? "", terminator: "")
    }

    let edit = try await client.createChatCompletion(model: "gpt-4o-image", messages: [
        .init(role: .user, content: .chatContentParts([
            .text(.init(text: "Make it a watercolour")),
            .imageURL(.init(imageURL: .init(url: "https://example.com/photo.png"))),
        ])),
    ])
    _ = edit

    let transcript = try await client.createTranscription(
        file: FilePart(data: audio, fileName: "speech.mp3", contentType: "audio/mpeg"), model: "whisper-1")
    let speech = try await Data(collecting: client.createSpeech(model: "tts-1", input: "Hi", voice: .alloy),
                                upTo: 10_000_000)
    _ = (transcript, speech)

    let submitted = try await client.midjourneyImagine(prompt: "a lighthouse at dawn")
    let task = try await client.midjourneyFetchTask(id: submitted.result ?? "")
    if task.status == .success { print(task.imageURL ?? "") }
}
