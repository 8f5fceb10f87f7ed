import APIClientRuntime
import Foundation
import GatewayAPI
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime
import Testing

// End-to-end tests of what OpenAI-compatible clients send and read beyond the gateway's own examples: tool calls,
// structured output, streamed usage, every transcription format, base64 embeddings and GPT image models.

/// An answer the test server makes from the request it received and its position among them.
private typealias Responder = @Sendable (ReceivedRequest, Int) throws -> (contentType: String, body: String)

/// Runs a server whose route `path` answers every request with what `respond` makes of it.
private func withServer(_ path: String, transport: TransportKind = .asyncHTTPClient, respond: @escaping Responder,
                        _ body: @Sendable (Client, RequestLog) async throws -> Void) async throws {
    try await withTestServer { router, log in
        router.on(RouterPath(path), method: .post) { request, _ -> Response in
            let received = try await ReceivedRequest(reading: request)
            log.append(received)
            let (contentType, text) = try respond(received, log.all.count - 1)
            return Response(status: .ok, headers: [.contentType: contentType],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    } _: { url, log in
        try await body(Client(serverURL: url, transport: transport.make(), bearerAuth: "sk-test"), log)
    }
}

/// `events` as a server-sent event stream ended by `[DONE]`.
private func eventStream(_ events: [String]) -> (contentType: String, body: String) {
    ("text/event-stream", events.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n")
}

private func chunk(_ choices: String, usage: String = "null") -> String {
    #"{"id": "chatcmpl-7", "object": "chat.completion.chunk", "created": 1700000000, "model": "gpt-4o", "choices": \#(choices), "usage": \#(usage)}"#
}

private let weatherTool = ChatCompletionTool(function: .init(
    name: "get_weather", description: "The current weather in a city.",
    parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]))

@Suite struct ToolCallTests {
    private static let toolCallAnswer = #"""
        {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o",
         "choices": [{"index": 0, "finish_reason": "tool_calls",
                      "message": {"role": "assistant", "content": null, "refusal": null, "tool_calls": [
                          {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]}}],
         "usage": {"prompt_tokens": 50, "completion_tokens": 10, "total_tokens": 60}}
        """#
    private static let finalAnswer = #"""
        {"id": "chatcmpl-2", "object": "chat.completion", "created": 1700000001, "model": "gpt-4o",
         "choices": [{"index": 0, "finish_reason": "stop",
                      "message": {"role": "assistant", "content": "It is 18 °C and cloudy in Paris."}}]}
        """#

    @Test(arguments: TransportKind.allCases)
    func aToolCallRoundTrip(transport: TransportKind) async throws {
        try await withServer("/v1/chat/completions", transport: transport, respond: { _, index in
            ("application/json", index == 0 ? Self.toolCallAnswer : Self.finalAnswer)
        }) { client, log in
            var messages: [ChatMessage] = [.init(role: .user, content: "What is the weather in Paris?")]
            let first = try await client.createChatCompletion(model: "gpt-4o", messages: messages, tools: [weatherTool],
                                                              toolChoice: .toolChoiceMode(.auto))
            let reply = try #require(first.choices.first)
            #expect(reply.finishReason == .toolCalls)
            let calls = try #require(reply.message.toolCalls)
            #expect(calls == [.init(id: "call_1", function: .init(name: "get_weather", arguments: #"{"city":"Paris"}"#))])

            messages.append(.init(role: .assistant, content: reply.message.content.map { .string($0) }, toolCalls: calls))
            for call in calls {
                messages.append(.init(role: .tool, content: #"{"temperature_c": 18, "sky": "cloudy"}"#, toolCallID: call.id))
            }
            let final = try await client.createChatCompletion(model: "gpt-4o", messages: messages, tools: [weatherTool])
            #expect(final.choices.first?.message.content == "It is 18 °C and cloudy in Paris.")
            #expect(final.usage == nil)

            let requests = log.all
            try #require(requests.count == 2)
            let tool = #"{"type": "function", "function": {"name": "get_weather", "description": "The current weather in a city.", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}"#
            try expectJSONBody(requests[0], equals: #"""
                {"model": "gpt-4o", "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
                 "tools": [\#(tool)], "tool_choice": "auto"}
                """#)
            try expectJSONBody(requests[1], equals: #"""
                {"model": "gpt-4o", "tools": [\#(tool)], "messages": [
                    {"role": "user", "content": "What is the weather in Paris?"},
                    {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
                    {"role": "tool", "content": "{\"temperature_c\": 18, \"sky\": \"cloudy\"}", "tool_call_id": "call_1"}]}
                """#)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func streamedToolCallFragmentsAreAssembled(transport: TransportKind) async throws {
        let events = [
            chunk(#"[{"index": 0, "delta": {"role": "assistant", "content": null, "tool_calls": [{"index": 0, "id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": ""}}]}, "finish_reason": null}]"#),
            chunk(#"[{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{\"ci"}}]}, "finish_reason": null}]"#),
            chunk(#"[{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "ty\": \"Par"}}]}, "finish_reason": null}]"#),
            chunk(#"[{"index": 0, "delta": {"tool_calls": [{"index": 1, "id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}]}, "finish_reason": null}]"#),
            chunk(#"[{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "is\"}"}}]}, "finish_reason": null}]"#),
            chunk(#"[{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]"#),
            chunk("[]", usage: #"{"prompt_tokens": 40, "completion_tokens": 25, "total_tokens": 65}"#),
        ]
        try await withServer("/v1/chat/completions", transport: transport, respond: { _, _ in eventStream(events) }) { client, log in
            var whole = StreamAccumulator<ChatCompletionChunk>()
            var message = StreamAccumulator<ChatMessage>()
            for try await chunk in try await client.createChatCompletionStream(
                model: "gpt-4o", messages: [.init(role: .user, content: "Weather and time in Paris?")], tools: [weatherTool]) {
                try whole.add(chunk)
                if let delta = chunk.choices.first?.delta { try message.add(delta) }
            }
            let calls: [ChatCompletionMessageToolCall] = [
                .init(id: "call_1", function: .init(name: "get_weather", arguments: #"{"city": "Paris"}"#)),
                .init(id: "call_2", function: .init(name: "get_time", arguments: "{}")),
            ]
            // The deltas make the assistant message that goes back into the conversation.
            let assembled = try message.value()
            #expect(assembled == ChatMessage(role: .assistant, toolCalls: calls))

            let merged = try whole.value()
            #expect(merged.choices.first?.finishReason == .toolCalls)
            #expect(merged.choices.first?.delta.toolCalls?.map { $0.function?.arguments } == [#"{"city": "Paris"}"#, "{}"])
            #expect(merged.usage == .init(promptTokens: 40, completionTokens: 25, totalTokens: 65))

            let received = try #require(log.last)
            #expect(received.header("Accept") == "text/event-stream")
            #expect((try JSONValue(decoding: received.body))["stream"] == true)
        }
    }
}

@Suite struct StructuredOutputTests {
    @Test(arguments: TransportKind.allCases)
    func aJSONSchemaIsSentAsWritten(transport: TransportKind) async throws {
        let answer = #"""
            {"id": "chatcmpl-3", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
             "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant",
                          "content": "{\"reasoning\": \"It is the capital.\", \"city\": \"Paris\", \"confidence\": 0.9}"}}]}
            """#
        try await withServer("/v1/chat/completions", transport: transport, respond: { _, _ in ("application/json", answer) }) { client, log in
            // Models write the properties in the schema's order: reasoning first, then the answer.
            let schema: JSONObject = [
                "type": "object",
                "properties": ["reasoning": ["type": "string"], "city": ["type": "string"], "confidence": ["type": "number"]],
                "required": ["reasoning", "city", "confidence"],
                "additionalProperties": false,
            ]
            let completion = try await client.createChatCompletion(
                model: "gpt-4o-mini", messages: [.init(role: .user, content: "Which city is the capital of France?")],
                responseFormat: .jsonSchema(.init(jsonSchema: .init(name: "capital", schema: schema, strict: true))))

            let content = try #require(completion.choices.first?.message.content)
            let parsed = try JSONValue(decoding: Data(content.utf8))
            #expect(parsed["city"] == "Paris")

            let received = try #require(log.last)
            // Byte for byte: the body's properties in the spec's order, the schema's in the order written.
            #expect(String(decoding: received.body, as: UTF8.self) == #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Which city is the capital of France?"}],"response_format":{"type":"json_schema","json_schema":{"name":"capital","schema":{"type":"object","properties":{"reasoning":{"type":"string"},"city":{"type":"string"},"confidence":{"type":"number"}},"required":["reasoning","city","confidence"],"additionalProperties":false},"strict":true}}}"#)
        }
    }

    @Test func jsonObjectAndTextFormatsNameOnlyTheirType() throws {
        #expect(String(decoding: try JSONEncoding.data(ResponseFormat.jsonObject(.init())), as: UTF8.self) == #"{"type":"json_object"}"#)
        #expect(String(decoding: try JSONEncoding.data(ResponseFormat.text(.init())), as: UTF8.self) == #"{"type":"text"}"#)
    }
}

@Suite struct StreamedUsageTests {
    @Test(arguments: TransportKind.allCases)
    func theFinalChunkCarriesTheUsage(transport: TransportKind) async throws {
        let events = [
            chunk(#"[{"index": 0, "delta": {"role": "assistant", "content": "Hel"}, "finish_reason": null}]"#),
            chunk(#"[{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"}]"#),
            chunk("[]", usage: #"{"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11, "prompt_tokens_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 0}}"#),
        ]
        try await withServer("/v1/chat/completions", transport: transport, respond: { _, _ in eventStream(events) }) { client, log in
            var text = ""
            var usage: CompletionUsage?
            var chunks = 0
            for try await chunk in try await client.createChatCompletionStream(
                model: "gpt-4o", messages: [.init(role: .user, content: "Hi")], streamOptions: .init(includeUsage: true)) {
                chunks += 1
                text += chunk.choices.compactMap(\.delta.content).joined()
                if let chunkUsage = chunk.usage { usage = chunkUsage }
            }
            #expect(chunks == 3)
            #expect(text == "Hello")
            #expect(usage == .init(promptTokens: 9, completionTokens: 2, totalTokens: 11,
                                   promptTokensDetails: .init(cachedTokens: 0),
                                   completionTokensDetails: .init(reasoningTokens: 0)))
            try expectJSONBody(try #require(log.last), equals: #"""
                {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "stream": true,
                 "stream_options": {"include_usage": true}}
                """#)
        }
    }
}

@Suite struct TranscriptionFormatTests {
    private static let verbose = #"""
        {"task": "transcribe", "language": "english", "duration": 2.5, "text": "Hello, world.",
         "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 2.5, "text": " Hello, world.", "tokens": [50364, 2425],
                       "temperature": 0.0, "avg_logprob": -0.28, "compression_ratio": 0.9, "no_speech_prob": 0.01}],
         "words": [{"word": "Hello", "start": 0.0, "end": 0.8}, {"word": "world", "start": 1.0, "end": 2.1}],
         "usage": {"type": "duration", "seconds": 3}}
        """#

    /// What OpenAI answers for each format: JSON for two of them, plain text for the others.
    private static let answers: [String: (contentType: String, body: String)] = [
        "json": ("application/json", #"{"text": "Hello, world.", "usage": {"type": "tokens", "input_tokens": 14, "output_tokens": 4, "total_tokens": 18}}"#),
        "verbose_json": ("application/json", verbose),
        "text": ("text/plain; charset=utf-8", "Hello, world.\n"),
        "srt": ("text/plain; charset=utf-8", "1\n00:00:00,000 --> 00:00:02,500\nHello, world.\n\n"),
        "vtt": ("text/plain; charset=utf-8", "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nHello, world.\n\n"),
    ]

    private static func respond(_ received: ReceivedRequest, _: Int) throws -> (contentType: String, body: String) {
        let format = textFields(of: try formParts(of: received))["response_format"] ?? "json"
        return answers[format] ?? ("application/json", #"{"text": "?"}"#)
    }

    private let file = FilePart(data: Data("ID3 audio".utf8), fileName: "hello.mp3", contentType: "audio/mpeg")

    @Test(arguments: TransportKind.allCases)
    func jsonAndVerboseJSON(transport: TransportKind) async throws {
        try await withServer("/v1/audio/transcriptions", transport: transport, respond: Self.respond) { client, log in
            let plain = try await client.createTranscription(file: file, model: "gpt-4o-transcribe")
            #expect(plain.text == "Hello, world.")
            #expect(plain.usage == .init(type: "tokens", inputTokens: 14, outputTokens: 4, totalTokens: 18))

            let verbose = try await client.createTranscription(file: file, model: "whisper-1", responseFormat: .verboseJSON,
                                                               timestampGranularities: [.word, .segment])
            #expect(verbose.language == "english")
            #expect(verbose.duration == 2.5)
            #expect(verbose.segments?.map(\.text) == [" Hello, world."])
            #expect(verbose.words?.map(\.word) == ["Hello", "world"])
            #expect(verbose.usage?.seconds == 3)

            let requests = log.all
            try #require(requests.count == 2)
            // The default format is the server's: nothing is sent for it.
            #expect(try formParts(of: requests[0]).map(\.name) == ["file", "model"])
            let parts = try formParts(of: requests[1])
            #expect(parts.map(\.name) == ["file", "model", "response_format", "timestamp_granularities[]", "timestamp_granularities[]"])
            #expect(parts.filter { $0.name == "timestamp_granularities[]" }.map { String(decoding: $0.data, as: UTF8.self) } == ["word", "segment"])
        }
    }

    @Test(arguments: TransportKind.allCases)
    func textFormatsAnswerText(transport: TransportKind) async throws {
        try await withServer("/v1/audio/transcriptions", transport: transport, respond: Self.respond) { client, log in
            #expect(try await client.createTranscriptionText(file: file, model: "whisper-1") == "Hello, world.\n")
            for format in [AudioResponseFormat.text, .srt, .vtt] {
                let text = try await client.createTranscriptionText(file: file, model: "whisper-1", responseFormat: format)
                #expect(text == Self.answers[format.rawValue]?.body)
            }
            // The text method asks for text when the caller leaves the format to it.
            let formats = try log.all.map { textFields(of: try formParts(of: $0))["response_format"] }
            #expect(formats == ["text", "text", "srt", "vtt"])
            #expect(log.all.allSatisfy { $0.header("Accept") == "application/json, text/plain" })
        }
    }

    @Test func aFormatAnotherMethodReadsIsRefusedBeforeSending() async throws {
        try await withServer("/v1/audio/transcriptions", respond: Self.respond) { client, log in
            let error = await #expect(throws: APIError.self) {
                _ = try await client.createTranscription(file: file, model: "whisper-1", responseFormat: .srt)
            }
            #expect(error?.reason.kind == "invalidRequest")
            #expect(error?.description == "createTranscription: invalid request: response_format 'srt' asks for an answer that createTranscriptionText reads")
            await #expect(throws: APIError.self) {
                _ = try await client.createTranscriptionText(file: file, model: "whisper-1", responseFormat: .verboseJSON)
            }
            #expect(log.all.isEmpty)
        }
    }

    @Test func translationsToo() async throws {
        try await withServer("/v1/audio/translations", respond: Self.respond) { client, _ in
            #expect(try await client.createTranslation(file: file, model: "whisper-1").text == "Hello, world.")
            #expect(try await client.createTranslationText(file: file, model: "whisper-1", responseFormat: .srt)
                    == Self.answers["srt"]?.body)
            let verbose = try await client.createTranslation(file: file, model: "whisper-1", responseFormat: .verboseJSON)
            #expect(verbose.segments?.count == 1)
        }
    }
}

@Suite struct EmbeddingEncodingTests {
    @Test(arguments: TransportKind.allCases)
    func base64EmbeddingsDecodeToFloats(transport: TransportKind) async throws {
        let floats: [Float] = [0.0023064255, -0.009327292, 1.5, -3.25e-5]
        var bytes: [UInt8] = []
        for value in floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        let answer = #"""
            {"object": "list", "model": "text-embedding-3-small", "usage": {"prompt_tokens": 2, "total_tokens": 2},
             "data": [{"object": "embedding", "index": 0, "embedding": "\#(Data(bytes).base64EncodedString())"},
                      {"object": "embedding", "index": 1, "embedding": [0.5, -0.25]}]}
            """#
        try await withServer("/v1/embeddings", transport: transport, respond: { _, _ in ("application/json", answer) }) { client, log in
            let response = try await client.createEmbedding(model: "text-embedding-3-small", input: .strings(["Hello", "world"]),
                                                            encodingFormat: .base64)
            guard case .data(let packed) = response.data[0].embedding else {
                Issue.record("expected base64 bytes, got \(response.data[0].embedding)")
                return
            }
            #expect(try packed.littleEndianFloats() == floats)
            #expect(response.data[1].embedding == .numbers([0.5, -0.25]))
            try expectJSONBody(try #require(log.last), equals: #"""
                {"model": "text-embedding-3-small", "input": ["Hello", "world"], "encoding_format": "base64"}
                """#)
        }
    }
}

@Suite struct ImageModelTests {
    private static let answer = #"""
        {"created": 1713833628, "background": "transparent", "output_format": "webp", "size": "1024x1024", "quality": "high",
         "data": [{"b64_json": "UklGRg=="}],
         "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210,
                   "input_tokens_details": {"text_tokens": 40, "image_tokens": 10}}}
        """#

    @Test(arguments: TransportKind.allCases)
    func gptImageParametersAreSentOnlyWhenSet(transport: TransportKind) async throws {
        try await withServer("/v1/images/generations", transport: transport, respond: { _, _ in ("application/json", Self.answer) }) { client, log in
            _ = try await client.createImage(model: "gpt-image-1", prompt: "A sea otter")
            let images = try await client.createImage(
                model: "gpt-image-1", prompt: "A sea otter sticker", quality: .high, background: .transparent,
                moderation: .low, outputFormat: .webp, outputCompression: 80)

            #expect(images.data.first?.b64JSON?.data == ArraySlice(Data("RIFF".utf8)))
            #expect(images.usage == .init(inputTokens: 50, outputTokens: 4160, totalTokens: 4210,
                                          inputTokensDetails: .init(textTokens: 40, imageTokens: 10)))
            #expect(images.background == "transparent" && images.outputFormat == "webp")

            let requests = log.all
            try #require(requests.count == 2)
            try expectJSONBody(requests[0], equals: #"{"model": "gpt-image-1", "prompt": "A sea otter"}"#)
            try expectJSONBody(requests[1], equals: #"""
                {"model": "gpt-image-1", "prompt": "A sea otter sticker", "quality": "high", "background": "transparent",
                 "moderation": "low", "output_format": "webp", "output_compression": 80}
                """#)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func anEditUploadsEveryImageAndTheMask(transport: TransportKind) async throws {
        try await withServer("/v1/images/edits", transport: transport, respond: { _, _ in ("application/json", Self.answer) }) { client, log in
            let first = FilePart(data: Data([0x89, 0x50, 0x4E, 0x47, 1]), fileName: "lotion.png", contentType: "image/png")
            let second = FilePart(data: Data([0xFF, 0xD8, 0xFF, 2]), fileName: "soap.jpg", contentType: "image/jpeg")
            let mask = FilePart(data: Data([0x89, 0x50, 0x4E, 0x47, 3]), fileName: "mask.png")
            let images = try await client.createImageEdit(
                image: [first, second], prompt: "A gift basket with both", mask: mask, model: "gpt-image-1",
                inputFidelity: .high)
            #expect(images.data.count == 1)

            let received = try expectRequest(log, .post, "/v1/images/edits", contentType: "multipart/form-data")
            let parts = try formParts(of: received)
            #expect(parts.map(\.name) == ["image", "image", "prompt", "mask", "model", "input_fidelity"])
            let files = parts.filter { $0.fileName != nil }
            #expect(files.map(\.fileName) == ["lotion.png", "soap.jpg", "mask.png"])
            #expect(files.map(\.data) == [first.data, second.data, mask.data])
            // The file's own type, else the one the spec names for the part.
            #expect(files.map(\.contentType) == ["image/png", "image/jpeg", "image/png"])
            #expect(textFields(of: parts) == ["prompt": "A gift basket with both", "model": "gpt-image-1",
                                              "input_fidelity": "high"])
        }
    }

    @Test func partialImagesStreamAsEvents() async throws {
        let events = [
            #"{"type": "image_generation.partial_image", "b64_json": "AAE=", "partial_image_index": 0, "created_at": 1, "size": "1024x1024"}"#,
            #"{"type": "image_generation.completed", "b64_json": "AAEC", "created_at": 2, "usage": {"input_tokens": 5, "output_tokens": 10, "total_tokens": 15}}"#,
        ]
        try await withServer("/v1/images/generations", respond: { _, _ in
            ("text/event-stream", events.map { "data: \($0)\n\n" }.joined())
        }) { client, log in
            var kinds: [String] = []
            for try await event in try await client.createImageStream(model: "gpt-image-1", prompt: "otter", partialImages: 1) {
                switch event {
                case .imagePartialEvent(let partial): kinds.append("partial \(partial.partialImageIndex): \(partial.b64JSON.data.count) bytes")
                case .imageCompletedEvent(let done): kinds.append("done: \(done.b64JSON.data.count) bytes, \(done.usage?.totalTokens ?? 0) tokens")
                case .unknown(let object): kinds.append("unknown \(object)")
                }
            }
            #expect(kinds == ["partial 0: 2 bytes", "done: 3 bytes, 15 tokens"])
            try expectJSONBody(try #require(log.last), equals: #"""
                {"model": "gpt-image-1", "prompt": "otter", "stream": true, "partial_images": 1}
                """#)
        }
    }
}
