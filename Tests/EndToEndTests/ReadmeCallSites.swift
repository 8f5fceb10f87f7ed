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
        messages: [.init(role: .user, content: "Hello!")]
    )
    print(completion.choices[0].message.content ?? "")

    let edit = try await client.createChatCompletion(model: "gpt-4o-image", messages: [
        .init(role: .user, content: [
            .text(.init(text: "Make it a watercolour")),
            .imageURL(.init(imageURL: .init(url: "https://example.com/photo.png"))),
        ]),
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

func readmeOpenAIShapes(client: GatewayAPI.Client, audio: Data, lotion: Data, soap: Data, mask: Data,
                        lookUpWeather: (String) throws -> String) async throws {
    let weather = ChatCompletionTool(function: .init(
        name: "get_weather", description: "The current weather in a city.",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]))
    var messages: [ChatMessage] = [.init(role: .user, content: "What is the weather in Paris?")]

    let first = try await client.createChatCompletion(model: "gpt-4o", messages: messages, tools: [weather],
                                                      toolChoice: .toolChoiceMode(.auto))
    let reply = first.choices[0].message
    if let calls = reply.toolCalls {
        messages.append(.init(role: .assistant, content: reply.content.map { .string($0) }, toolCalls: calls))
        for call in calls {
            messages.append(.init(role: .tool, content: .string(try lookUpWeather(call.function.arguments)),
                                  toolCallID: call.id))
        }
        let answer = try await client.createChatCompletion(model: "gpt-4o", messages: messages, tools: [weather])
        print(answer.choices[0].message.content ?? "")
    }

    let schema: JSONObject = [
        "type": "object",
        "properties": ["reasoning": ["type": "string"], "city": ["type": "string"]],
        "required": ["reasoning", "city"],
        "additionalProperties": false,
    ]
    let completion = try await client.createChatCompletion(
        model: "gpt-4o-mini", messages: [.init(role: .user, content: "Which city is the capital of France?")],
        responseFormat: .jsonSchema(.init(jsonSchema: .init(name: "capital", schema: schema, strict: true))))
    struct Capital: Decodable { var reasoning: String; var city: String }
    let capital = try JSONDecoder().decode(Capital.self, from: Data((completion.choices[0].message.content ?? "").utf8))
    _ = capital

    var message = StreamAccumulator<ChatMessage>()
    for try await chunk in try await client.createChatCompletionStream(
        model: "gpt-4o", messages: messages, streamOptions: .init(includeUsage: true), tools: [weather]) {
        if let delta = chunk.choices.first?.delta {
            print(delta.content ?? "", terminator: "")
            try message.add(delta)
        }
        if let usage = chunk.usage { print("\n\(usage.totalTokens) tokens") }
    }
    let assistant = try message.value()
    _ = assistant

    let file = FilePart(data: audio, fileName: "talk.mp3", contentType: "audio/mpeg")
    let verbose = try await client.createTranscription(file: file, model: "whisper-1", responseFormat: .verboseJSON,
                                                       timestampGranularities: [.word, .segment])
    print(verbose.segments?.first?.start ?? 0, verbose.words?.count ?? 0)
    let subtitles: String = try await client.createTranscriptionText(file: file, model: "whisper-1", responseFormat: .srt)
    _ = subtitles

    let result = try await client.createEmbedding(model: "text-embedding-3-small", input: "Hello",
                                                  encodingFormat: .base64)
    if case .data(let packed) = result.data[0].embedding { let vector: [Float] = try packed.littleEndianFloats(); _ = vector }

    let edited = try await client.createImageEdit(
        image: [FilePart(data: lotion, fileName: "lotion.png", contentType: "image/png"),
                FilePart(data: soap, fileName: "soap.png", contentType: "image/png")],
        prompt: "A gift basket holding both", mask: FilePart(data: mask, fileName: "mask.png"),
        model: "gpt-image-1", background: .transparent, outputFormat: .webp)
    let picture = Data(edited.data[0].b64JSON?.data ?? [])
    _ = picture
}
