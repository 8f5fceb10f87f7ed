import AsyncHTTPClient
import Foundation
import GatewayAPI
import Hummingbird
import NIOCore
import OpenAPIAsyncHTTPClient
import Testing

// End-to-end tests of the client generated from specs/gateway.yaml: every operation is called over real HTTP
// against a local server, which records what it received; the tests then check the request field by field and
// the decoded answer.

// MARK: - Operations

@Suite struct GatewayOperationTests {
    @Test(arguments: TransportKind.allCases)
    func createChatCompletion(transport: TransportKind) async throws {
        try await withGateway(.post, "/v1/chat/completions", answer: .json(SpecExample.chatCompletion),
                              transport: transport) { client, log in
            let completion = try await client.createChatCompletion(
                model: "gpt-4o-mini", messages: [.init(role: .user, content: .string("Hello!"))])

            #expect(completion == ChatCompletion(
                id: "chatcmpl-123", created: 1677652288, model: "gpt-4o-mini",
                choices: [.init(index: 0, message: .init(content: "\n\nHello there, how may I assist you today?"),
                                finishReason: .stop)],
                usage: .init(promptTokens: 9, completionTokens: 12, totalTokens: 21)))

            let received = try expectRequest(log, .post, "/v1/chat/completions", contentType: "application/json")
            // What the caller set, and none of the defaults the server applies itself: not even `stream: false`,
            // which is how the server answers JSON.
            try expectJSONBody(received, equals: #"""
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello!"}]}
                """#)
            #expect(received.header("Accept") == "application/json")
        }
    }

    @Test(arguments: TransportKind.allCases)
    func createChatCompletionOutputWithImageParts(transport: TransportKind) async throws {
        try await withGateway(.post, "/v1/chat/completions", answer: .json(SpecExample.imageChatCompletion),
                              transport: transport) { client, log in
            let request = CreateChatCompletionRequest(
                model: "gpt-4o-image",
                messages: [.init(role: .user, content: .chatContentParts([
                    .text(.init(text: "create a war cat")),
                    .imageURL(.init(imageURL: .init(url: SpecExample.catLogoURL, detail: nil))),
                ]))],
                temperature: nil, topP: nil, n: nil, presencePenalty: nil, frequencyPenalty: nil)
            let output = try await client.createChatCompletionOutput(body: request)

            guard case .ok(let completion) = output else {
                Issue.record("expected .ok, got \(output)")
                return
            }
            #expect(completion.model == "gpt-4o-image-vip")
            #expect(completion.choices.map(\.message.content) == ["图片已生成..."])
            #expect(completion.choices.map(\.finishReason) == [.stop])
            #expect(completion.usage == .init(promptTokens: 100, completionTokens: 50, totalTokens: 150))

            let received = try expectRequest(log, .post, "/v1/chat/completions", contentType: "application/json")
            // The spec's `generateImage` example, less its `stream: false`, the server's default.
            try expectJSONBody(received, equals: #"""
                {"model": "gpt-4o-image", "messages": [{"role": "user", "content": [
                    {"type": "text", "text": "create a war cat"},
                    {"type": "image_url", "image_url": {"url": "\#(SpecExample.catLogoURL)"}}]}]}
                """#)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func createCompletion(transport: TransportKind) async throws {
        try await withGateway(.post, "/v1/completions", answer: .json(SpecExample.completion),
                              transport: transport) { client, log in
            let completion = try await client.createCompletion(
                model: "gpt-3.5-turbo-instruct", prompt: .string("Say this is a test"), maxTokens: 7, temperature: 0)

            #expect(completion == Completion(
                id: "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7", created: 1589478378,
                model: "gpt-3.5-turbo-instruct",
                choices: [.init(text: "\n\nThis is indeed a test", index: 0, finishReason: .length, logprobs: nil)],
                usage: .init(promptTokens: 5, completionTokens: 7, totalTokens: 12)))

            let received = try expectRequest(log, .post, "/v1/completions", contentType: "application/json")
            try expectJSONBody(received, equals: #"""
                {"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test", "max_tokens": 7, "temperature": 0}
                """#)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func createEmbedding(transport: TransportKind) async throws {
        try await withGateway(.post, "/v1/embeddings", answer: .json(SpecExample.embeddings),
                              transport: transport) { client, log in
            let embeddings = try await client.createEmbedding(
                model: "text-embedding-3-small", input: .string("The food was delicious and the waiter..."),
                encodingFormat: .float)

            #expect(embeddings == CreateEmbeddingResponse(
                data: [.init(index: 0, embedding: [0.0023064255, -0.009327292, -0.0028842222])],
                model: "text-embedding-3-small", usage: .init(promptTokens: 8, totalTokens: 8)))

            let received = try expectRequest(log, .post, "/v1/embeddings", contentType: "application/json")
            try expectJSONBody(received, equals: #"""
                {"model": "text-embedding-3-small", "input": "The food was delicious and the waiter...",
                 "encoding_format": "float"}
                """#)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func createImage(transport: TransportKind) async throws {
        try await withGateway(.post, "/v1/images/generations", answer: .json(SpecExample.images),
                              transport: transport) { client, log in
            let images = try await client.createImage(
                model: "dall-e-3", prompt: "A cute baby sea otter", n: 1, size: "1024x1024", quality: .hd,
                responseFormat: .url, style: .vivid)

            #expect(images == ImagesResponse(created: 1713833628, data: [.init(
                url: "https://example.com/images/otter.png", b64JSON: nil,
                revisedPrompt: "A cute baby sea otter floating on its back in calm blue water.")]))

            let received = try expectRequest(log, .post, "/v1/images/generations", contentType: "application/json")
            // The spec's `dallE3` example.
            try expectJSONBody(received, equals: #"""
                {"model": "dall-e-3", "prompt": "A cute baby sea otter", "n": 1, "size": "1024x1024", "quality": "hd",
                 "style": "vivid", "response_format": "url"}
                """#)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func createSpeech(transport: TransportKind) async throws {
        let answer = Answer(contentType: "audio/mpeg", body: SpecExample.mp3)
        try await withGateway(.post, "/v1/audio/speech", answer: answer, transport: transport) { client, log in
            let audio = try await client.createSpeech(
                model: "tts-1", input: "The quick brown fox jumped over the lazy dog.", voice: .alloy)
            let bytes = try await Data(collecting: audio, upTo: 1 << 20)

            #expect(bytes == SpecExample.mp3)

            let received = try expectRequest(log, .post, "/v1/audio/speech", contentType: "application/json")
            try expectJSONBody(received, equals: #"""
                {"model": "tts-1", "input": "The quick brown fox jumped over the lazy dog.", "voice": "alloy"}
                """#)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func createTranscription(transport: TransportKind) async throws {
        try await withGateway(.post, "/v1/audio/transcriptions", answer: .json(SpecExample.transcription),
                              transport: transport) { client, log in
            let file = FilePart(data: SpecExample.mp3, fileName: "audio.mp3", contentType: "audio/mpeg")
            let transcription = try await client.createTranscription(
                file: file, model: "whisper-1", language: "en", responseFormat: .json)

            #expect(transcription.text == "Imagine the wildest idea that you've ever had, and you're curious about how it might scale to something that's a 100, a 1,000 times bigger.")

            let received = try expectRequest(log, .post, "/v1/audio/transcriptions",
                                             contentType: "multipart/form-data")
            let parts = try formParts(of: received)
            #expect(parts.map(\.name) == ["file", "model", "language", "response_format"])
            let filePart = try #require(parts.first { $0.name == "file" })
            #expect(filePart.fileName == "audio.mp3")
            #expect(filePart.contentType == "audio/mpeg")
            #expect(filePart.data == SpecExample.mp3)
            #expect(textFields(of: parts) == ["model": "whisper-1", "language": "en", "response_format": "json"])
        }
    }

    @Test(arguments: TransportKind.allCases)
    func createTranslation(transport: TransportKind) async throws {
        try await withGateway(.post, "/v1/audio/translations", answer: .json(SpecExample.translation),
                              transport: transport) { client, log in
            let file = FilePart(data: SpecExample.mp3, fileName: "german.m4a", contentType: "audio/mp4")
            let translation = try await client.createTranslation(file: file, model: "whisper-1")

            #expect(translation.text == "Hello, my name is Wolfgang and I come from Germany. Where are you heading today?")

            let received = try expectRequest(log, .post, "/v1/audio/translations", contentType: "multipart/form-data")
            let parts = try formParts(of: received)
            #expect(parts.map(\.name) == ["file", "model"])
            let filePart = try #require(parts.first { $0.name == "file" })
            #expect(filePart.fileName == "german.m4a")
            #expect(filePart.contentType == "audio/mp4")
            #expect(filePart.data == SpecExample.mp3)
            #expect(textFields(of: parts) == ["model": "whisper-1"])
        }
    }

    @Test(arguments: TransportKind.allCases)
    func listModels(transport: TransportKind) async throws {
        try await withGateway(.get, "/v1/models", answer: .json(SpecExample.models), transport: transport) { client, log in
            let models = try await client.listModels()

            #expect(models == ListModelsResponse(data: [
                .init(id: "gpt-4o-mini", created: 1721172741, ownedBy: "openai"),
                .init(id: "gpt-4o-image", created: 1743465600, ownedBy: "custom"),
            ]))

            let received = try expectRequest(log, .get, "/v1/models", contentType: nil)
            #expect(received.body.isEmpty)
        }
    }

    @Test(arguments: MidjourneySubmission.all, TransportKind.allCases)
    func midjourneySubmit(_ submission: MidjourneySubmission, transport: TransportKind) async throws {
        try await withGateway(.post, submission.path, answer: .json(SpecExample.submitted),
                              transport: transport) { client, log in
            let response = try await submission.submit(client)

            #expect(response == MidjourneySubmitResponse(code: 1, description: "Submit success",
                                                         result: "1320098173412546", properties: [:]))

            let received = try expectRequest(log, .post, submission.path, contentType: "application/json")
            try expectJSONBody(received, equals: submission.expectedBody)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func midjourneyFetchTask(transport: TransportKind) async throws {
        try await withGateway(.get, "/mj/task/1320098173412546/fetch", answer: .json(SpecExample.task),
                              transport: transport) { client, log in
            let task = try await client.midjourneyFetchTask(id: "1320098173412546")

            #expect(task == MidjourneyTask(
                id: "1320098173412546", action: .imagine, status: .success, prompt: "Cat", promptEn: "Cat",
                description: "/imagine Cat", state: "", submitTime: 1689231405854, startTime: 1689231442755,
                finishTime: 1689231544312, progress: "100%", imageURL: "https://cdn.example.com/attachments/cat.png",
                failReason: nil,
                buttons: [
                    .init(customID: "MJ::JOB::upsample::1::85a4b4c1-8835-46c5-a15c-aea34fad1862", emoji: "",
                          label: "U1", type: 2, style: 2),
                    .init(customID: "MJ::JOB::variation::1::85a4b4c1-8835-46c5-a15c-aea34fad1862", emoji: "",
                          label: "V1", type: 2, style: 2),
                ],
                properties: [:]))

            let received = try expectRequest(log, .get, "/mj/task/1320098173412546/fetch", contentType: nil)
            #expect(received.body.isEmpty)
        }
    }
}

/// One of the MidJourney submit operations, with the body it must send.
struct MidjourneySubmission: Sendable, CustomTestStringConvertible {
    var path: String
    /// The schema's `example`, which the call reproduces.
    var expectedBody: String
    var submit: @Sendable (Client) async throws -> MidjourneySubmitResponse

    var testDescription: String { path }

    static let all: [MidjourneySubmission] = [
        .init(path: "/mj/submit/imagine",
              expectedBody: #"{"prompt": "Cat", "base64Array": [], "notifyHook": "", "state": ""}"#) {
            try await $0.midjourneyImagine(prompt: "Cat", base64Array: [], notifyHook: "", state: "")
        },
        .init(path: "/mj/submit/blend", expectedBody: #"""
            {"base64Array": ["data:image/png;base64,xxx1", "data:image/png;base64,xxx2"], "dimensions": "SQUARE",
             "notifyHook": "", "state": ""}
            """#) {
            try await $0.midjourneyBlend(base64Array: ["data:image/png;base64,xxx1", "data:image/png;base64,xxx2"],
                                         dimensions: .square, notifyHook: "", state: "")
        },
        .init(path: "/mj/submit/describe",
              expectedBody: #"{"base64": "data:image/png;base64,xxx", "notifyHook": "", "state": ""}"#) {
            try await $0.midjourneyDescribe(base64: "data:image/png;base64,xxx", notifyHook: "", state: "")
        },
        .init(path: "/mj/submit/shorten", expectedBody: #"{"prompt": "Cat", "notifyHook": "", "state": ""}"#) {
            try await $0.midjourneyShorten(prompt: "Cat", notifyHook: "", state: "")
        },
        .init(path: "/mj/submit/action", expectedBody: #"""
            {"customId": "MJ::JOB::upsample::1::85a4b4c1-8835-46c5-a15c-aea34fad1862", "taskId": "1320098173412546",
             "notifyHook": "", "state": ""}
            """#) {
            try await $0.midjourneyAction(customID: "MJ::JOB::upsample::1::85a4b4c1-8835-46c5-a15c-aea34fad1862",
                                          taskID: "1320098173412546", notifyHook: "", state: "")
        },
        .init(path: "/mj/submit/modal", expectedBody: #"""
            {"taskId": "1320098173412546", "prompt": "a red hat", "maskBase64": "data:image/png;base64,xxx"}
            """#) {
            try await $0.midjourneyModal(taskID: "1320098173412546", prompt: "a red hat",
                                         maskBase64: "data:image/png;base64,xxx")
        },
    ]
}

// MARK: - Streaming

@Suite struct GatewayStreamingTests {
    @Test func chatCompletionChunksArriveWhileTheServerIsStillSending() async throws {
        let lastEventSentAt = Locked<ContinuousClock.Instant?>(nil)
        try await withTestServer { router, log in
            router.serveEventStream("/v1/chat/completions", into: log, events: SpecExample.chatCompletionChunks,
                                    pause: .milliseconds(300), lastEventSentAt: lastEventSentAt)
        } _: { url, log in
            // URLSession does not stream response bodies on Linux.
            let client = Client(serverURL: url, transport: AsyncHTTPClientTransport(), bearerAuth: "sk-test")
            let stream = try await client.createChatCompletionStream(
                model: "gpt-4o-mini", messages: [.init(role: .user, content: .string("Hello!"))])
            var chunks: [ChatCompletionChunk] = []
            var firstChunkAt: ContinuousClock.Instant?
            for try await chunk in stream {
                if chunks.isEmpty { firstChunkAt = .now }
                chunks.append(chunk)
            }

            // The server writes an undecodable event after [DONE]: reaching the end without an error means the
            // stream stopped at [DONE].
            let firstReceived = try #require(firstChunkAt)
            let lastSent = try #require(lastEventSentAt.value, "the server never sent its last event")
            #expect(firstReceived < lastSent, "the first chunk arrived only after the server sent the last one")

            func chunk(_ delta: ChatCompletionStreamDelta, _ finishReason: FinishReason?) -> ChatCompletionChunk {
                ChatCompletionChunk(id: "chatcmpl-123", created: 1694268190,
                                    model: "gpt-4o-mini",
                                    choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
            }
            #expect(chunks == [
                chunk(.init(role: "assistant", content: ""), nil),
                chunk(.init(content: "Hello"), nil),
                chunk(.init(), .stop),
            ])

            let received = try expectRequest(log, .post, "/v1/chat/completions", contentType: "application/json")
            #expect(received.header("Accept") == "text/event-stream")
            try expectJSONBody(received, equals: #"""
                {"model": "gpt-4o-mini", "stream": true, "messages": [{"role": "user", "content": "Hello!"}]}
                """#)
        }
    }

    @Test func completionEventsDecodeInOrderUntilDone() async throws {
        try await withTestServer { router, log in
            router.serveEventStream("/v1/completions", into: log, events: SpecExample.completionEvents, pause: .zero)
        } _: { url, log in
            let client = Client(serverURL: url, transport: AsyncHTTPClientTransport(), bearerAuth: "sk-test")
            var completions: [Completion] = []
            for try await completion in try await client.createCompletionStream(
                model: "gpt-3.5-turbo-instruct", prompt: .string("Say this is a test"), maxTokens: 7, temperature: 0) {
                completions.append(completion)
            }

            func event(_ text: String, _ finishReason: FinishReason?) -> Completion {
                Completion(id: "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7", created: 1589478378,
                           model: "gpt-3.5-turbo-instruct",
                           choices: [.init(text: text, index: 0, finishReason: finishReason, logprobs: nil)])
            }
            #expect(completions == [event("This", nil), event(" is a test.", .stop)])

            let received = try expectRequest(log, .post, "/v1/completions", contentType: "application/json")
            #expect(received.header("Accept") == "text/event-stream")
            try expectJSONBody(received, equals: #"""
                {"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test", "max_tokens": 7, "temperature": 0,
                 "stream": true}
                """#)
        }
    }
}

// MARK: - Errors

@Suite struct GatewayErrorTests {
    @Test(arguments: TransportKind.allCases)
    func unauthorizedCarriesTheDecodedErrorBody(transport: TransportKind) async throws {
        try await withGateway(.post, "/v1/chat/completions", answer: .json(SpecExample.unauthorized, status: .unauthorized),
                              transport: transport) { client, _ in
            let error = try await #require(throws: APIError.self) {
                try await client.createChatCompletion(model: "gpt-4o-mini", messages: [.init(role: .user, content: .string("Hello!"))])
            }
            #expect(error.reason.kind == "unexpectedStatus")
            #expect(error.operationID == "createChatCompletion")
            #expect(error.status?.code == 401)
            #expect(error.decodedBody(as: ErrorResponse.self)?.error.message == "Invalid token")
            #expect(error.decodedBody(as: ErrorResponse.self) == ErrorResponse(error: .init(
                message: "Invalid token", type: "invalid_request_error", param: nil, code: "invalid_api_key")))
            #expect(error.description.hasPrefix("createChatCompletion: unexpected status 401"))
            // Transports give statuses no reason phrase; the description must not read "status 401 , body: …".
            #expect(!error.description.contains("401 ,"), "\(error)")
        }
    }

    @Test(arguments: TransportKind.allCases)
    func anHTMLErrorPageKeepsTheRawBody(transport: TransportKind) async throws {
        let page = "<html><body><h1>500 Internal Server Error</h1><p>nginx</p></body></html>"
        let answer = Answer(status: .internalServerError, contentType: "text/html", body: Data(page.utf8))
        try await withGateway(.post, "/v1/embeddings", answer: answer, transport: transport) { client, _ in
            let error = try await #require(throws: APIError.self) {
                try await client.createEmbedding(model: "text-embedding-3-small", input: .string("hi"))
            }
            #expect(error.reason.kind == "unexpectedStatus")
            #expect(error.operationID == "createEmbedding")
            #expect(error.status?.code == 500)
            #expect(error.body == Data(page.utf8))
            #expect(error.decodedBody == nil)
            #expect(error.decodedBody(as: ErrorResponse.self) == nil)
            #expect(error.description.contains("500"))
            #expect(error.description.contains("<h1>500 Internal Server Error</h1>"))
        }
    }

    @Test(arguments: TransportKind.allCases)
    func aMissingRequiredFieldNamesTheKey(transport: TransportKind) async throws {
        // The second model lacks the required `owned_by`.
        let models = #"""
            {"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "openai"},
                                        {"id": "gpt-4o-image", "object": "model", "created": 1743465600}]}
            """#
        try await withGateway(.get, "/v1/models", answer: .json(models), transport: transport) { client, _ in
            let error = try await #require(throws: APIError.self) { try await client.listModels() }
            #expect(error.reason.kind == "invalidResponseBody")
            #expect(error.operationID == "listModels")
            #expect(error.status?.code == 200)
            #expect(error.body == Data(models.utf8))
            #expect(error.description.contains("'owned_by'"), "\(error)")
            #expect(error.description.contains("data[1]"), "\(error)")
        }
    }

    @Test(arguments: TransportKind.allCases)
    func aRefusedConnectionIsATransportError(transport: TransportKind) async throws {
        // A server that has stopped: its port refuses connections.
        let stoppedServer = Locked<URL?>(nil)
        try await withTestServer { _, _ in } _: { url, _ in stoppedServer.value = url }
        let url = try #require(stoppedServer.value)

        // By default AsyncHTTPClient retries refused connections until the request times out (a minute).
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let clientTransport: any ClientTransport = switch transport {
        case .urlSession: transport.make()
        case .asyncHTTPClient: AsyncHTTPClientTransport(configuration: .init(client: httpClient))
        }

        let client = Client(serverURL: url, transport: clientTransport, bearerAuth: "sk-test")
        let error = await #expect(throws: APIError.self) { try await client.midjourneyFetchTask(id: "1") }
        try await httpClient.shutdown()
        #expect(error?.reason.kind == "transport")
        #expect(error?.operationID == "midjourneyFetchTask")
        #expect(error?.status == nil)
        #expect(error?.body == nil)
        #expect(error?.description.hasPrefix("midjourneyFetchTask: request failed") == true)
    }

    @Test func unknownEnumValuesDecodeAsUnknownAndReencodeUnchanged() async throws {
        let json = #"""
            {"id": "1320098173412546", "action": "OUTPAINT", "status": "QUEUED_UPSTREAM", "progress": "0%",
             "submitTime": 1689231405854}
            """#
        try await withGateway(.get, "/mj/task/1320098173412546/fetch", answer: .json(json)) { client, _ in
            let task = try await client.midjourneyFetchTask(id: "1320098173412546")

            #expect(task.status == .unknown("QUEUED_UPSTREAM"))
            #expect(task.action == .unknown("OUTPAINT"))
            #expect(task.status.rawValue == "QUEUED_UPSTREAM")

            let reencoded = try JSONCoding.encoder().encode(task)
            #expect(try JSONValue(decoding: reencoded) == JSONValue(decoding: Data(json.utf8)))
        }
    }

    @Test func outputVariantsReturnDocumentedErrorsAndUndocumentedStatuses() async throws {
        try await withGateway(.get, "/mj/task/1/fetch",
                              answer: .json(SpecExample.unauthorized, status: .unauthorized)) { client, _ in
            let output = try await client.midjourneyFetchTaskOutput(id: "1")
            guard case .unauthorized(let body) = output else {
                Issue.record("expected .unauthorized, got \(output)")
                return
            }
            #expect(body.error.message == "Invalid token")
            #expect(body.error.code == "invalid_api_key")
        }

        let notFound = Answer(status: .notFound, contentType: "text/plain", body: Data("no such task".utf8))
        try await withGateway(.get, "/mj/task/1/fetch", answer: notFound) { client, _ in
            let output = try await client.midjourneyFetchTaskOutput(id: "1")
            guard case .undocumented(let response) = output else {
                Issue.record("expected .undocumented, got \(output)")
                return
            }
            #expect(response.status == .notFound)
            #expect(response.text == "no such task")
            #expect(response.operationID == "midjourneyFetchTask")
        }
    }
}

// MARK: - Spec examples

/// Bodies copied from the `example`s of specs/gateway.yaml.
enum SpecExample {
    static let chatCompletion = #"""
        {"id": "chatcmpl-123", "object": "chat.completion", "created": 1677652288, "model": "gpt-4o-mini",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "\n\nHello there, how may I assist you today?"},
                      "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}}
        """#

    static let imageChatCompletion = #"""
        {"id": "chatcmpl-123", "object": "chat.completion", "created": 1677652288, "model": "gpt-4o-image-vip",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "图片已生成..."}, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150}}
        """#

    static let catLogoURL = "https://github.com/dianping/cat/raw/master/cat-home/src/main/webapp/images/logo/cat_logo03.png"

    static let chatCompletionChunks = [
        #"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
    ]

    static let completion = #"""
        {"id": "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7", "object": "text_completion", "created": 1589478378,
         "model": "gpt-3.5-turbo-instruct",
         "choices": [{"text": "\n\nThis is indeed a test", "index": 0, "logprobs": null, "finish_reason": "length"}],
         "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}}
        """#

    static let completionEvents = [
        #"{"id":"cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7","object":"text_completion","created":1589478378,"model":"gpt-3.5-turbo-instruct","choices":[{"text":"This","index":0,"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7","object":"text_completion","created":1589478378,"model":"gpt-3.5-turbo-instruct","choices":[{"text":" is a test.","index":0,"logprobs":null,"finish_reason":"stop"}]}"#,
    ]

    static let embeddings = #"""
        {"object": "list",
         "data": [{"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, -0.0028842222]}],
         "model": "text-embedding-3-small", "usage": {"prompt_tokens": 8, "total_tokens": 8}}
        """#

    static let images = #"""
        {"created": 1713833628,
         "data": [{"url": "https://example.com/images/otter.png",
                   "revised_prompt": "A cute baby sea otter floating on its back in calm blue water."}]}
        """#

    static let transcription = #"""
        {"text": "Imagine the wildest idea that you've ever had, and you're curious about how it might scale to something that's a 100, a 1,000 times bigger."}
        """#

    static let translation = #"""
        {"text": "Hello, my name is Wolfgang and I come from Germany. Where are you heading today?"}
        """#

    static let models = #"""
        {"object": "list",
         "data": [{"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "openai"},
                  {"id": "gpt-4o-image", "object": "model", "created": 1743465600, "owned_by": "custom"}]}
        """#

    static let submitted = #"""
        {"code": 1, "description": "Submit success", "result": "1320098173412546", "properties": {}}
        """#

    static let task = #"""
        {"id": "1320098173412546", "action": "IMAGINE", "status": "SUCCESS", "prompt": "Cat", "promptEn": "Cat",
         "description": "/imagine Cat", "state": "", "submitTime": 1689231405854, "startTime": 1689231442755,
         "finishTime": 1689231544312, "progress": "100%", "imageUrl": "https://cdn.example.com/attachments/cat.png",
         "failReason": null,
         "buttons": [
            {"customId": "MJ::JOB::upsample::1::85a4b4c1-8835-46c5-a15c-aea34fad1862", "emoji": "", "label": "U1",
             "type": 2, "style": 2},
            {"customId": "MJ::JOB::variation::1::85a4b4c1-8835-46c5-a15c-aea34fad1862", "emoji": "", "label": "V1",
             "type": 2, "style": 2}],
         "properties": {}}
        """#

    static let unauthorized = #"""
        {"error": {"message": "Invalid token", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}
        """#

    /// Audio bytes: an ID3 header and MPEG frame sync, then bytes that are not valid UTF-8.
    static let mp3 = Data([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFB, 0x90, 0x64]
        + (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 157 &+ 13) })
}

// MARK: - Server and checks

/// What a route answers.
struct Answer: Sendable {
    var status: HTTPResponse.Status = .ok
    var contentType: String
    var body: Data

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Answer {
        Answer(status: status, contentType: "application/json", body: Data(text.utf8))
    }
}

/// Runs a server answering `method path` with `answer`, and a gateway client for it authenticated as `sk-test`.
func withGateway(
    _ method: HTTPRequest.Method, _ path: String, answer: Answer, transport: TransportKind = .asyncHTTPClient,
    _ body: @Sendable (Client, RequestLog) async throws -> Void
) async throws {
    try await withTestServer { router, log in
        router.serve(method, path, into: log, answer: answer)
    } _: { url, log in
        try await body(Client(serverURL: url, transport: transport.make(), bearerAuth: "sk-test"), log)
    }
}

extension Router where Context == BasicRequestContext {
    /// Records each request to `method path` and answers it with `answer`.
    func serve(_ method: HTTPRequest.Method, _ path: String, into log: RequestLog, answer: Answer) {
        on(RouterPath(path), method: method) { request, _ -> Response in
            log.append(try await ReceivedRequest(reading: request))
            return Response(status: answer.status, headers: [.contentType: answer.contentType],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }

    /// Records each `POST path` and, when its JSON body has `"stream": true`, answers with `events` as server-sent
    /// events `pause` apart, then `data: [DONE]` and one more event that a client must not read.
    /// `lastEventSentAt` is set just before the last of `events` is written.
    func serveEventStream(_ path: String, into log: RequestLog, events: [String], pause: Duration,
                          lastEventSentAt: Locked<ContinuousClock.Instant?>? = nil) {
        on(RouterPath(path), method: .post) { request, _ -> Response in
            let received = try await ReceivedRequest(reading: request)
            log.append(received)
            guard (try? JSONValue(decoding: received.body))?["stream"] == .bool(true) else {
                let error = #"{"error": {"message": "this route only streams", "type": "invalid_request_error"}}"#
                return Response(status: .badRequest, headers: [.contentType: "application/json"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: error)))
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                for (index, event) in events.enumerated() {
                    if index > 0, pause > .zero { try await Task.sleep(for: pause) }
                    if index == events.count - 1 { lastEventSentAt?.value = .now }
                    try await writer.write(ByteBuffer(string: "data: \(event)\n\n"))
                }
                try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                try await writer.write(ByteBuffer(string: "data: {\"after\": \"[DONE]\"}\n\n"))
                try await writer.finish(nil)
            })
        }
    }
}

extension ReceivedRequest {
    init(reading request: Hummingbird.Request) async throws {
        let buffer = try await request.body.collect(upTo: 16 * 1024 * 1024)
        self.init(method: request.method, path: request.uri.path, query: request.uri.query ?? "",
                  headers: request.headers, body: Data(buffer.readableBytesView))
    }
}

/// A value shared between the server's tasks and the test.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Checks what every gateway request shares: one request, its method, path, query, bearer token and media type
/// (`nil`: no Content-Type).
@discardableResult
func expectRequest(
    _ log: RequestLog, _ method: HTTPRequest.Method, _ path: String, query: String = "", contentType: String?,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ReceivedRequest {
    #expect(log.all.count == 1, "requests received", sourceLocation: sourceLocation)
    let received = try #require(log.last, "the server received no request", sourceLocation: sourceLocation)
    #expect(received.method == method, sourceLocation: sourceLocation)
    #expect(received.path == path, sourceLocation: sourceLocation)
    #expect(received.query == query, sourceLocation: sourceLocation)
    #expect(received.header("Authorization") == "Bearer sk-test", sourceLocation: sourceLocation)
    let mediaType = received.header("Content-Type").map { String($0.prefix { $0 != ";" }) }
    #expect(mediaType == contentType, sourceLocation: sourceLocation)
    return received
}

/// Checks a JSON object body member by member against `expected`, naming each member that differs.
func expectJSONBody(_ received: ReceivedRequest, equals expected: String,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let sent = try #require((try? JSONValue(decoding: received.body))?.objectValue,
                            "the body is not a JSON object: \(String(decoding: received.body, as: UTF8.self))",
                            sourceLocation: sourceLocation)
    let wanted = try #require(try JSONValue(decoding: Data(expected.utf8)).objectValue, sourceLocation: sourceLocation)
    for key in Set(sent.keys).union(wanted.keys).sorted() {
        #expect(JSONValue.same(sent[key], wanted[key]),
                "body.\(key): sent \(sent[key].map(\.text) ?? "nothing"), expected \(wanted[key].map(\.text) ?? "nothing")",
                sourceLocation: sourceLocation)
    }
}

extension JSONValue {
    init(decoding data: Data) throws {
        self = try JSONCoding.decoder().decode(JSONValue.self, from: data)
    }

    var text: String {
        String(decoding: (try? JSONCoding.encoder().encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Equality in which `1` and `1.0` are the same number.
    static func same(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch (lhs, rhs) {
        case let (.int(int)?, .double(double)?), let (.double(double)?, .int(int)?):
            return Double(int) == double
        case let (.array(left)?, .array(right)?):
            return left.count == right.count && zip(left, right).allSatisfy { same($0, $1) }
        case let (.object(left)?, .object(right)?):
            return Set(left.keys) == Set(right.keys) && left.keys.allSatisfy { same(left[$0], right[$0]) }
        default:
            return lhs == rhs
        }
    }
}

extension APIError.Reason {
    /// The case's name, so that expectations show what went wrong.
    var kind: String {
        switch self {
        case .unexpectedStatus: "unexpectedStatus"
        case .invalidResponseBody: "invalidResponseBody"
        case .transport: "transport"
        case .invalidRequest: "invalidRequest"
        case .timedOut: "timedOut"
        case .truncatedStream: "truncatedStream"
        case .streamError: "streamError"
        }
    }
}

/// One part of a `multipart/form-data` body.
struct FormPart {
    var name: String
    var fileName: String?
    var contentType: String?
    var data: Data
}

/// Splits a `multipart/form-data` body at the boundary its Content-Type names.
func formParts(of received: ReceivedRequest, sourceLocation: SourceLocation = #_sourceLocation) throws -> [FormPart] {
    let contentType = try #require(received.header("Content-Type"), sourceLocation: sourceLocation)
    let boundary = try #require(headerParameters(contentType)["boundary"], "no boundary in '\(contentType)'",
                                sourceLocation: sourceLocation)
    let body = received.body
    let delimiter = Data("--\(boundary)".utf8)
    var delimiters: [Range<Data.Index>] = []
    var searchStart = body.startIndex
    while let found = body.range(of: delimiter, in: searchStart..<body.endIndex) {
        delimiters.append(found)
        searchStart = found.upperBound
    }
    #expect(delimiters.first?.lowerBound == body.startIndex, "the body starts with a delimiter",
            sourceLocation: sourceLocation)
    let closing = try #require(delimiters.last, "no delimiter in the body", sourceLocation: sourceLocation)
    #expect(body[closing.upperBound...] == Data("--\r\n".utf8), "the body ends with the close delimiter",
            sourceLocation: sourceLocation)

    let crlf = Data("\r\n".utf8)
    return try zip(delimiters, delimiters.dropFirst()).map { start, end in
        // CRLF, the part's headers, an empty line, its content, and the CRLF that belongs to the next delimiter.
        let part = body[start.upperBound..<end.lowerBound]
        #expect(part.prefix(2) == crlf && part.suffix(2) == crlf, sourceLocation: sourceLocation)
        let headEnd = try #require(part.range(of: Data("\r\n\r\n".utf8)), sourceLocation: sourceLocation)
        var headers: [String: String] = [:]
        for line in String(decoding: part[..<headEnd.lowerBound], as: UTF8.self).split(separator: "\r\n") {
            let field = line.split(separator: ":", maxSplits: 1)
            guard field.count == 2 else { continue }
            headers[field[0].lowercased()] = field[1].trimmingCharacters(in: .whitespaces)
        }
        let disposition = try #require(headers["content-disposition"], sourceLocation: sourceLocation)
        #expect(disposition.hasPrefix("form-data;"), sourceLocation: sourceLocation)
        let parameters = headerParameters(disposition)
        return FormPart(name: parameters["name"] ?? "", fileName: parameters["filename"],
                        contentType: headers["content-type"], data: Data(part[headEnd.upperBound..<(part.endIndex - 2)]))
    }
}

/// The text parts (those without a file name) of a form, by name.
func textFields(of parts: [FormPart]) -> [String: String] {
    Dictionary(parts.filter { $0.fileName == nil }.map { ($0.name, String(decoding: $0.data, as: UTF8.self)) },
               uniquingKeysWith: { first, _ in first })
}

/// The `key=value` parameters of a header value such as `form-data; name="file"`, unquoted, keys lowercased.
func headerParameters(_ value: String) -> [String: String] {
    var parameters: [String: String] = [:]
    for piece in value.split(separator: ";").dropFirst() {
        let pair = piece.split(separator: "=", maxSplits: 1)
        guard pair.count == 2 else { continue }
        var value = pair[1].trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        parameters[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = value
    }
    return parameters
}
