import Foundation
import HTTPTypes
public import OpenAPIRuntime

/// The types the spec documents for non-success statuses, by status.
public typealias ErrorBodies = [(StatusPattern, any (Decodable & Sendable).Type)]

/// How each kind of answer is read: JSON, nothing, bytes, text, or every documented response.
extension ClientCore {
    /// Sends the request and decodes a JSON success body.
    /// - Parameters:
    ///   - errorBodies: the types the spec documents for non-success statuses.
    ///   - options: what this call adds to the client's options.
    public func json<Success: Decodable & Sendable>(
        _ request: Request, operationID: String, as type: Success.Type, errorBodies: ErrorBodies = [],
        options: RequestOptions = RequestOptions()
    ) async throws -> Success {
        try await withinTimeout(options, operationID: operationID) {
            let answer = try await self.send(request, operationID: operationID, options: options)
            let data = try await self.collect(answer, operationID: operationID)
            try self.checkSuccess(answer, data: data, operationID: operationID, errorBodies: errorBodies)
            do {
                return try JSONCoding.decoder().decode(Success.self, from: data.isEmpty ? Data("null".utf8) : data)
            } catch {
                throw answer.error(.invalidResponseBody(error), operationID: operationID, body: data)
            }
        }
    }

    /// Sends the request and succeeds on any 2xx status, ignoring the body.
    public func empty(_ request: Request, operationID: String, errorBodies: ErrorBodies = [],
                      options: RequestOptions = RequestOptions()) async throws {
        try await withinTimeout(options, operationID: operationID) {
            let answer = try await self.send(request, operationID: operationID, options: options)
            guard answer.response.status.kind == .successful else {
                let data = try await self.collect(answer, operationID: operationID)
                try self.checkSuccess(answer, data: data, operationID: operationID, errorBodies: errorBodies)
                return
            }
        }
    }

    /// Sends the request and returns the success body as it streams in. The total timeout bounds the call until
    /// the body starts; reading it is the caller's.
    public func binary(_ request: Request, operationID: String, errorBodies: ErrorBodies = [],
                       options: RequestOptions = RequestOptions()) async throws -> HTTPBody {
        try await withinTimeout(options, operationID: operationID) {
            let answer = try await self.send(request, operationID: operationID, options: options)
            guard answer.response.status.kind == .successful else {
                let data = try await self.collect(answer, operationID: operationID)
                try self.checkSuccess(answer, data: data, operationID: operationID, errorBodies: errorBodies)
                return HTTPBody()
            }
            return answer.body ?? HTTPBody()
        }
    }

    /// Sends the request and returns the success body as text.
    public func text(_ request: Request, operationID: String, errorBodies: ErrorBodies = [],
                     options: RequestOptions = RequestOptions()) async throws -> String {
        try await withinTimeout(options, operationID: operationID) {
            let answer = try await self.send(request, operationID: operationID, options: options)
            let data = try await self.collect(answer, operationID: operationID)
            try self.checkSuccess(answer, data: data, operationID: operationID, errorBodies: errorBodies)
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Sends the request and returns whatever answer comes, read whole, for the variants that return every
    /// documented response.
    public func response(_ request: Request, operationID: String, options: RequestOptions = RequestOptions())
        async throws -> RawResponse {
        try await withinTimeout(options, operationID: operationID) {
            let answer = try await self.send(request, operationID: operationID, options: options)
            let data = try await self.collect(answer, operationID: operationID)
            return RawResponse(status: answer.response.status, headerFields: answer.response.headerFields, body: data,
                               operationID: operationID)
        }
    }

    /// The answer's body, read whole up to ``maxBodySize``.
    func collect(_ answer: Answer, operationID: String) async throws -> Data {
        guard let body = answer.body else { return Data() }
        do {
            return try await Data(collecting: body, upTo: maxBodySize)
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw answer.error(.transport(error), operationID: operationID)
        }
    }

    /// Throws ``APIError`` for an answer whose status is not a success, with the error body the spec documents
    /// for its status decoded when it does.
    func checkSuccess(_ answer: Answer, data: Data, operationID: String, errorBodies: ErrorBodies) throws {
        let response = answer.response
        guard response.status.kind != .successful else { return }
        let code = response.status.code
        let match = errorBodies.first { $0.0 == .code(code) }
            ?? errorBodies.first { if case .range = $0.0 { return $0.0.matches(code) } else { return false } }
            ?? errorBodies.first { $0.0 == .default }
        var decoded: (any Sendable)?
        if let type = match?.1, !data.isEmpty {
            decoded = try? JSONCoding.decoder().decode(type, from: data)
        }
        throw answer.error(.unexpectedStatus, operationID: operationID, body: data, decodedBody: decoded)
    }
}
