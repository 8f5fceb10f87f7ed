import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What the test server received.
struct ReceivedRequest: Sendable {
    var method: HTTPRequest.Method
    var path: String
    var query: String
    var headers: HTTPFields
    var body: Data

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }
}

/// Collects requests across the server's tasks.
final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [ReceivedRequest] = []

    func append(_ request: ReceivedRequest) {
        lock.withLock { entries.append(request) }
    }

    var all: [ReceivedRequest] { lock.withLock { entries } }
    var last: ReceivedRequest? { all.last }
}

/// A canned answer.
struct CannedResponse: Sendable {
    var status: HTTPResponse.Status = .ok
    var contentType = "application/json"
    var body: String

    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Self {
        CannedResponse(status: status, body: body)
    }
}

/// Runs a Hummingbird server on 127.0.0.1 (on a free port) for the duration of `body`.
func withTestServer(
    configure: @Sendable (Router<BasicRequestContext>, RequestLog) -> Void,
    _ body: @Sendable (URL, RequestLog) async throws -> Void
) async throws {
    let log = RequestLog()
    let router = Router()
    configure(router, log)
    let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: quietLogger
    )
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            group.cancelAll()
            throw TestServerError.didNotStart
        }
        defer { group.cancelAll() }
        try await body(URL(string: "http://127.0.0.1:\(port)")!, log)
    }
}

/// Cancelling the server at the end of a test is expected; its shutdown messages are not news.
let quietLogger: Logger = {
    var logger = Logger(label: "test-server")
    logger.logLevel = .critical
    return logger
}()

enum TestServerError: Error {
    case didNotStart
}

extension Router where Context == BasicRequestContext {
    /// Records every request to `path` and answers with `response`.
    func record(_ method: HTTPRequest.Method, _ path: RouterPath, into log: RequestLog,
                answer response: CannedResponse) {
        on(path, method: method) { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 16 * 1024 * 1024)
            log.append(ReceivedRequest(
                method: request.method,
                path: request.uri.path,
                query: request.uri.query ?? "",
                headers: request.headers,
                body: Data(buffer.readableBytesView)
            ))
            var headers = HTTPFields()
            headers[.contentType] = response.contentType
            return Response(status: response.status, headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: response.body)))
        }
    }
}
