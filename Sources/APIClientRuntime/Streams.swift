import Foundation
import HTTPTypes
import OpenAPIRuntime

extension ClientCore {
    /// Sends the request and returns its `text/event-stream` answer as typed events, each yielded as soon as it
    /// arrives; each event's `data` is decoded as JSON.
    ///
    /// - Parameter terminator: the `data:` that ends the stream, when the spec names one (`[DONE]`): a stream
    ///   that ends without it was cut short, and fails with ``APIError/Reason/truncatedStream`` after the
    ///   events that did arrive. Without one, a `[DONE]` still ends the stream, and its end is taken as whole.
    ///
    /// An event whose data is an error object (`{"error": {…}}`), as OpenAI-style servers send when they fail
    /// mid-answer, fails the stream with ``APIError/Reason/streamError``.
    public func eventStream<Event: Decodable & Sendable>(
        _ request: Request, operationID: String, of type: Event.Type, terminator: String?,
        errorBodies: ErrorBodies = [], options: RequestOptions = RequestOptions()
    ) async throws -> AsyncThrowingStream<Event, any Error> {
        var request = request
        request.headerFields[.accept] = "text/event-stream"
        let stopsAt = terminator ?? "[DONE]"
        return try await stream(request, operationID: operationID, errorBodies: errorBodies, options: options) {
            body, answer, delivery in
            let decoder = JSONCoding.decoder()
            for try await event in body.asDecodedServerSentEvents() {
                delivery.progress()
                guard let data = event.data, !data.isEmpty else { continue }
                if data == stopsAt { return }
                let bytes = Data(data.utf8)
                if let error = Self.errorObject(bytes) {
                    throw answer.error(.streamError, operationID: operationID, body: bytes, decodedBody: error)
                }
                do {
                    delivery.yield(try decoder.decode(Event.self, from: bytes))
                } catch {
                    throw answer.error(.invalidResponseBody(error), operationID: operationID, body: bytes)
                }
            }
            if terminator != nil {
                throw answer.error(.truncatedStream, operationID: operationID)
            }
        }
    }

    /// An event's data when it is an error object: one key, `error`, whose value is an object or text.
    static func errorObject(_ data: Data) -> JSONValue? {
        guard data.first == UInt8(ascii: "{"), let value = try? JSONCoding.decoder().decode(JSONValue.self, from: data),
              case .object(let members) = value, members.count == 1, let error = members["error"] else { return nil }
        switch error {
        case .object, .string: return value
        default: return nil
        }
    }

    /// Gives a streamed answer's values to the caller as they are read, within the options' timeouts.
    final class Delivery<Value: Sendable>: @unchecked Sendable {
        private let continuation: AsyncThrowingStream<Value, any Error>.Continuation
        private let lock = NSLock()
        // Guarded by `lock`: when the last event or value arrived.
        private var lastProgress = ContinuousClock.now

        init(_ continuation: AsyncThrowingStream<Value, any Error>.Continuation) {
            self.continuation = continuation
        }

        func yield(_ value: Value) {
            progress()
            continuation.yield(value)
        }

        /// Something arrived: the idle timeout starts again.
        func progress() {
            lock.withLock { lastProgress = .now }
        }

        var idleSince: ContinuousClock.Instant { lock.withLock { lastProgress } }
    }

    /// Sends the request and, for a success, reads its body with `read` on a task of its own, whose values the
    /// returned stream gives the caller. The total timeout runs from this call to the stream's end, the idle
    /// timeout between two events; either cancels the reading and fails the stream with
    /// ``APIError/Reason/timedOut(_:)``. A caller that stops iterating cancels the reading too.
    func stream<Value: Sendable>(
        _ request: Request, operationID: String, errorBodies: ErrorBodies, options: RequestOptions,
        read: @escaping @Sendable (HTTPBody, Answer, Delivery<Value>) async throws -> Void
    ) async throws -> AsyncThrowingStream<Value, any Error> {
        let start = ContinuousClock.now
        let answer = try await withinTimeout(options, operationID: operationID) {
            let answer = try await self.send(request, operationID: operationID, options: options)
            if answer.response.status.kind != .successful {
                let data = try await self.collect(answer, operationID: operationID)
                try self.checkSuccess(answer, data: data, operationID: operationID, errorBodies: errorBodies)
            }
            return answer
        }
        let effective = options.merged(over: self.options)
        let deadline = effective.timeout.map { start + $0 }
        let idle = effective.streamIdleTimeout
        let body = answer.body ?? HTTPBody()
        let (stream, continuation) = AsyncThrowingStream<Value, any Error>.makeStream()
        let delivery = Delivery<Value>(continuation)
        let fired = Fired()
        let reader = Task {
            do {
                try await read(body, answer, delivery)
                continuation.finish()
            } catch {
                if let timeout = fired.timeout {
                    continuation.finish(throwing: answer.error(.timedOut(timeout), operationID: operationID))
                } else if Task.isCancelled || error is CancellationError {
                    continuation.finish(throwing: CancellationError())
                } else if error is APIError {
                    continuation.finish(throwing: error)
                } else {
                    continuation.finish(throwing: answer.error(.transport(error), operationID: operationID))
                }
            }
        }
        // Watches the limits while the reader runs; nothing to watch without them.
        let watchdog: Task<Void, Never>? = deadline == nil && idle == nil ? nil : Task {
            while !Task.isCancelled {
                let idleEnd = idle.map { delivery.idleSince + $0 }
                let wake = [deadline, idleEnd].compactMap { $0 }.min()!
                try? await Task.sleep(until: wake, clock: .continuous)
                if Task.isCancelled { return }
                let now = ContinuousClock.now
                if let deadline, now >= deadline, let limit = effective.timeout {
                    fired.timeout = .total(limit)
                } else if let idle, now >= delivery.idleSince + idle {
                    fired.timeout = .streamIdle(idle)
                } else {
                    continue
                }
                reader.cancel()
                return
            }
        }
        continuation.onTermination = { _ in
            reader.cancel()
            watchdog?.cancel()
        }
        return stream
    }

    /// Which limit stopped a stream, if one did.
    private final class Fired: @unchecked Sendable {
        private let lock = NSLock()
        // Guarded by `lock`.
        private var stored: APIError.Timeout?

        var timeout: APIError.Timeout? {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }
}
