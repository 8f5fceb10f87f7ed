import Foundation
import OpenAPIRuntime

extension ClientCore {
    /// Sends the request and returns its `text/event-stream` answer as typed events, each yielded as soon as
    /// it arrives. Each event's `data` is decoded as JSON; the stream ends at `terminator` (such as `[DONE]`)
    /// or when the server closes the response.
    public func eventStream<Event: Decodable & Sendable>(
        _ request: Request, operationID: String, of type: Event.Type, terminator: String?,
        errorBodies: [(StatusPattern, any (Decodable & Sendable).Type)] = []
    ) async throws -> AsyncThrowingStream<Event, any Error> {
        var request = request
        request.headerFields[.accept] = "text/event-stream"
        let (response, body) = try await send(request, operationID: operationID)
        guard response.status.kind == .successful else {
            let data = try await collect(body, response: response, operationID: operationID)
            throw failure(response, data: data, operationID: operationID, errorBodies: errorBodies)
        }
        let events = (body ?? HTTPBody()).asDecodedServerSentEvents()
        let status = response.status
        let headerFields = response.headerFields
        return AsyncThrowingStream { continuation in
            let task = Task {
                let decoder = JSONCoding.decoder()
                do {
                    for try await event in events {
                        guard let data = event.data, !data.isEmpty else { continue }
                        if data == terminator { break }
                        do {
                            continuation.yield(try decoder.decode(Event.self, from: Data(data.utf8)))
                        } catch {
                            throw APIError(reason: .invalidResponseBody(error), operationID: operationID,
                                           status: status, headerFields: headerFields, body: Data(data.utf8))
                        }
                    }
                    continuation.finish()
                } catch let error as APIError {
                    continuation.finish(throwing: error)
                } catch {
                    continuation.finish(throwing: APIError(reason: .transport(error), operationID: operationID,
                                                           status: status, headerFields: headerFields))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
