import APIClientRuntime
import Foundation
import GatewayAPI
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIAsyncHTTPClient
import Testing

// What production use needs of a generated client, against a real server on 127.0.0.1 that misbehaves on
// demand: options added to a call, timeouts, retries, honest stream endings and cancellation.

/// Counts and records what a route received, and answers from a list, the last one over and over.
private final class Script: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var answers: [(HTTPResponse.Status, HTTPFields, String)]
    private var received: [(ReceivedRequest, ContinuousClock.Instant)] = []

    init(_ answers: [(HTTPResponse.Status, HTTPFields, String)]) {
        self.answers = answers
    }

    func next(_ request: ReceivedRequest) -> (HTTPResponse.Status, HTTPFields, String) {
        lock.withLock {
            received.append((request, .now))
            return answers.count > 1 ? answers.removeFirst() : answers[0]
        }
    }

    var requests: [ReceivedRequest] { lock.withLock { received.map(\.0) } }
    var times: [ContinuousClock.Instant] { lock.withLock { received.map(\.1) } }
}

private let ok = #"{"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}]}"#
private let completion = #"""
    {"id": "c1", "object": "chat.completion", "created": 1, "model": "m",
     "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
     "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
    """#
private let json: HTTPFields = [.contentType: "application/json"]

/// Serves `script` at `method path` and runs `body` with a client of the gateway on `transport`.
private func withScript(_ script: Script, _ method: HTTPRequest.Method, _ path: String, delay: Duration = .zero,
                        transport: TransportKind = .asyncHTTPClient, options: RequestOptions = .init(),
                        _ body: @Sendable (Client) async throws -> Void) async throws {
    try await withTestServer { router, _ in
        router.on(RouterPath(path), method: method) { request, _ -> Response in
            let received = try await ReceivedRequest(reading: request)
            let (status, headers, text) = script.next(received)
            if delay > .zero { try await Task.sleep(for: delay) }
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    } _: { url, _ in
        try await body(Client(serverURL: url, transport: transport.make(), bearerAuth: "sk-test", options: options))
    }
}

@Suite struct RequestOptionsTests {
    @Test(arguments: TransportKind.allCases)
    func headersQueryItemsAndBodyFieldsAreAddedToTheCall(transport: TransportKind) async throws {
        let script = Script([(.ok, json, completion)])
        let clientOptions = RequestOptions(headers: [HTTPField.Name("X-Client")!: "client", HTTPField.Name("X-Both")!: "client"],
                                           extraBody: ["top_k": 5, "seed": 1])
        try await withScript(script, .post, "/v1/chat/completions", transport: transport, options: clientOptions) { client in
            _ = try await client.createChatCompletion(
                model: "m", messages: [.init(role: .user, content: .string("Hi"))],
                options: RequestOptions(headers: [HTTPField.Name("X-Both")!: "call"], queryItems: [("provider", "a b&c")],
                                        extraBody: ["seed": 2, "safe_prompt": true]))
        }
        let received = try #require(script.requests.first)
        #expect(received.header("X-Client") == "client")
        #expect(received.header("X-Both") == "call")
        #expect(received.query == "provider=a%20b%26c")
        try expectJSONBody(received, equals: #"""
            {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "top_k": 5, "seed": 2, "safe_prompt": true}
            """#)
    }

    @Test func bodyFieldsForACallWithoutAJSONObjectBodyAreAnError() async throws {
        let script = Script([(.ok, json, ok)])
        try await withScript(script, .get, "/v1/models") { client in
            let error = await #expect(throws: APIError.self) {
                try await client.listModels(options: RequestOptions(extraBody: ["x": 1]))
            }
            #expect(error?.reason.kind == "invalidRequest")
            #expect(error?.description == "listModels: invalid request: extra body fields need a JSON object body; this call sends no body")
        }
        #expect(script.requests.isEmpty)
    }
}

@Suite struct TimeoutTests {
    @Test(arguments: TransportKind.allCases)
    func aSlowAnswerEndsTheCallAtTheTotalTimeout(transport: TransportKind) async throws {
        let script = Script([(.ok, json, ok)])
        try await withScript(script, .get, "/v1/models", delay: .seconds(3), transport: transport) { client in
            let start = ContinuousClock.now
            let error = await #expect(throws: APIError.self) {
                try await client.listModels(options: RequestOptions(timeout: .milliseconds(300), retry: RetryPolicy.none))
            }
            let elapsed = ContinuousClock.now - start
            guard case .timedOut(.total(let limit))? = error?.reason else {
                Issue.record("expected a total timeout, got \(String(describing: error))")
                return
            }
            #expect(limit == .milliseconds(300))
            #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(2))
        }
    }

    /// Writes one event, waits `silence`, then writes one more every `pause`, recording each write, and each
    /// that fails because the client has gone.
    private func serveSlowEvents(into writes: Locked<[String]>, silence: Duration? = nil, pause: Duration,
                                 count: Int) -> @Sendable (Router<BasicRequestContext>, RequestLog) -> Void {
        { router, _ in
            router.post("v1/chat/completions") { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                    for index in 0..<count {
                        try await Task.sleep(for: index == 0 ? .zero : index == 1 ? silence ?? pause : pause)
                        do {
                            let chunk = #"{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": null}]}"#
                            try await writer.write(ByteBuffer(string: "data: \(chunk)\n\n"))
                            writes.value.append("sent")
                        } catch {
                            writes.value.append("failed")
                            throw error
                        }
                    }
                    try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                    try await writer.finish(nil)
                })
            }
        }
    }

    @Test func aStreamThatFallsSilentEndsAtTheIdleTimeoutAndIsCancelled() async throws {
        let writes = Locked<[String]>([])
        // Silent for 2 s after the first event: a busy machine takes up to a second to notice the 300 ms gap.
        try await withTestServer(configure: serveSlowEvents(into: writes, silence: .seconds(2), pause: .milliseconds(50),
                                                            count: 40)) { url, _ in
            let client = Client(serverURL: url, transport: AsyncHTTPClientTransport(), bearerAuth: "sk-test")
            var received = 0
            let start = ContinuousClock.now
            let error = await #expect(throws: APIError.self) {
                for try await _ in try await client.createChatCompletionStream(
                    model: "m", messages: [.init(role: .user, content: .string("Hi"))],
                    options: RequestOptions(streamIdleTimeout: .milliseconds(300))) {
                    received += 1
                }
            }
            #expect(received == 1)
            #expect(ContinuousClock.now - start < .milliseconds(1_800))
            #expect(error?.reason.kind == "timedOut")
            if case .timedOut(let timeout)? = error?.reason { #expect(timeout == .streamIdle(.milliseconds(300))) }
            // The request was cancelled: once the server speaks again, its writes soon find the client gone.
            try await Task.sleep(for: .seconds(3))
            #expect(writes.value.first == "sent")
            #expect(writes.value.contains("failed"), "every write succeeded: \(writes.value.count)")
        }
    }

    @Test func theTotalTimeoutBoundsAStreamThatKeepsSending() async throws {
        let writes = Locked<[String]>([])
        try await withTestServer(configure: serveSlowEvents(into: writes, pause: .milliseconds(200), count: 25)) { url, _ in
            let client = Client(serverURL: url, transport: AsyncHTTPClientTransport(), bearerAuth: "sk-test")
            var received = 0
            let start = ContinuousClock.now
            let error = await #expect(throws: APIError.self) {
                for try await _ in try await client.createChatCompletionStream(
                    model: "m", messages: [.init(role: .user, content: .string("Hi"))],
                    options: RequestOptions(timeout: .seconds(1))) {
                    received += 1
                }
            }
            // Events every 200 ms for 5 s, of which a busy machine may deliver fewer: some arrive, the rest are cut
            // off, well before the stream would have ended.
            let elapsed = ContinuousClock.now - start
            #expect(received >= 1 && received <= 7)
            #expect(elapsed >= .seconds(1) && elapsed < .milliseconds(3500))
            if case .timedOut(let timeout)? = error?.reason { #expect(timeout == .total(.seconds(1))) }
            else { Issue.record("expected a total timeout, got \(String(describing: error))") }
        }
    }
}

@Suite struct RetryTests {
    private let policy = RetryPolicy(maximumRetries: 2, initialDelay: .milliseconds(50), maximumDelay: .seconds(2))

    @Test(arguments: TransportKind.allCases)
    func rateLimitsAreRetriedAfterTheWaitTheServerAsks(transport: TransportKind) async throws {
        let limited: HTTPFields = [HTTPField.Name("retry-after-ms")!: "300", .contentType: "application/json"]
        let script = Script([(.tooManyRequests, limited, "{}"), (.serviceUnavailable, [.retryAfter: "1"], ""), (.ok, json, ok)])
        try await withScript(script, .get, "/v1/models", transport: transport,
                             options: RequestOptions(retry: policy)) { client in
            let models = try await client.listModels()
            #expect(models.data.map(\.id) == ["gpt-4o"])
        }
        let times = script.times
        #expect(times.count == 3)
        if times.count == 3 {
            #expect(times[1] - times[0] >= .milliseconds(300))
            #expect(times[2] - times[1] >= .seconds(1))
        }
    }

    @Test func aPostIsNotRetriedOnAServerErrorItMayHaveActedOn() async throws {
        let script = Script([(.internalServerError, [HTTPField.Name("x-request-id")!: "req_123"], "oops"), (.ok, json, completion)])
        try await withScript(script, .post, "/v1/chat/completions", options: RequestOptions(retry: policy)) { client in
            let error = await #expect(throws: APIError.self) {
                try await client.createChatCompletion(model: "m", messages: [.init(role: .user, content: .string("Hi"))])
            }
            #expect(error?.status == .internalServerError)
            #expect(error?.retryCount == 0)
            #expect(error?.requestID == "req_123")
        }
        #expect(script.requests.count == 1)
    }

    @Test func aPostIsRetriedWhenTheServerSaysItDidNotActOnIt() async throws {
        let script = Script([(.serviceUnavailable, [:], ""), (.ok, json, completion)])
        try await withScript(script, .post, "/v1/chat/completions", options: RequestOptions(retry: policy)) { client in
            let answer = try await client.createChatCompletion(model: "m", messages: [.init(role: .user, content: .string("Hi"))])
            #expect(answer.id == "c1")
        }
        #expect(script.requests.count == 2)
        // The same body both times.
        #expect(script.requests.map(\.body).allSatisfy { $0 == script.requests[0].body })
    }

    @Test func spentRetriesAreCountedAndNoneIsAPolicy() async throws {
        let script = Script([(.badGateway, [:], "")])
        try await withScript(script, .get, "/v1/models", options: RequestOptions(retry: policy)) { client in
            let error = await #expect(throws: APIError.self) { try await client.listModels() }
            #expect(error?.retryCount == 2)
            #expect(error?.description.hasSuffix("after 2 retries") == true)
            _ = await #expect(throws: APIError.self) { try await client.listModels(options: RequestOptions(retry: RetryPolicy.none)) }
        }
        #expect(script.requests.count == 4)
    }

    @Test func retryMiddlewareWorksForAnyClient() async throws {
        let script = Script([(.serviceUnavailable, [:], ""), (.ok, json, ok)])
        try await withTestServer { router, _ in
            router.get("v1/models") { request, _ -> Response in
                let (status, headers, text) = script.next(try await ReceivedRequest(reading: request))
                return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            }
        } _: { url, _ in
            let client = Client(serverURL: url, transport: AsyncHTTPClientTransport(),
                                middlewares: [RetryMiddleware(policy: policy)], options: RequestOptions(retry: RetryPolicy.none))
            _ = try await client.listModels()
        }
        #expect(script.requests.count == 2)
    }
}

@Suite struct StreamEndingTests {
    private func serve(_ text: String, into count: Locked<Int>) -> @Sendable (Router<BasicRequestContext>, RequestLog) -> Void {
        { router, _ in
            router.post("v1/chat/completions") { _, _ -> Response in
                count.value += 1
                return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: text))
                    try await writer.finish(nil)
                })
            }
        }
    }

    private let chunk = #"{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": null}]}"#

    private func readAll(_ url: URL) async throws -> (chunks: Int, error: APIError?) {
        let client = Client(serverURL: url, transport: AsyncHTTPClientTransport(), bearerAuth: "sk-test")
        var chunks = 0
        do {
            for try await _ in try await client.createChatCompletionStream(
                model: "m", messages: [.init(role: .user, content: .string("Hi"))]) {
                chunks += 1
            }
            return (chunks, nil)
        } catch let error as APIError {
            return (chunks, error)
        }
    }

    @Test func aStreamCutShortBeforeItsTerminatorThrowsAfterItsEvents() async throws {
        let count = Locked(0)
        // Two whole events, then half of one, and the server closes: no `[DONE]`.
        try await withTestServer(configure: serve("data: \(chunk)\n\ndata: \(chunk)\n\ndata: {\"id\": ", into: count)) { url, _ in
            let (chunks, error) = try await readAll(url)
            #expect(chunks == 2)
            #expect(error?.reason.kind == "truncatedStream")
        }
        // A stream that began is never sent again.
        #expect(count.value == 1)
    }

    @Test func aStreamThatEndsBetweenEventsWithoutItsTerminatorIsCutShortToo() async throws {
        try await withTestServer(configure: serve("data: \(chunk)\n\n", into: Locked(0))) { url, _ in
            let (chunks, error) = try await readAll(url)
            #expect(chunks == 1)
            #expect(error?.reason.kind == "truncatedStream")
        }
    }

    @Test func anErrorInsideAStreamThrowsItsMessage() async throws {
        let failure = #"{"error": {"message": "upstream failed", "type": "server_error"}}"#
        try await withTestServer(configure: serve("data: \(chunk)\n\ndata: \(failure)\n\n", into: Locked(0))) { url, _ in
            let (chunks, error) = try await readAll(url)
            #expect(chunks == 1)
            #expect(error?.reason.kind == "streamError")
            let decoded = error?.decodedBody(as: JSONValue.self)
            #expect(decoded?["error"]?["message"]?.stringValue == "upstream failed")
            #expect(error?.description.contains("upstream failed") == true)
        }
    }
}

@Suite struct CancellationTests {
    @Test(arguments: TransportKind.allCases)
    func aCancelledCallThrowsCancellationError(transport: TransportKind) async throws {
        let script = Script([(.ok, json, ok)])
        try await withScript(script, .get, "/v1/models", delay: .seconds(3), transport: transport) { client in
            let call = Task { try await client.listModels() }
            try await Task.sleep(for: .milliseconds(200))
            call.cancel()
            let result = await call.result
            guard case .failure(let error) = result else {
                Issue.record("the call succeeded")
                return
            }
            #expect(error is CancellationError, "got \(error)")
        }
    }
}
