import APIClientRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing

/// Records what would be sent, and answers 204.
private final class RecordingTransport: ClientTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []

    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws
        -> (HTTPResponse, HTTPBody?) {
        lock.withLock { recorded.append(request) }
        return (HTTPResponse(status: .noContent), nil)
    }
}

@Suite struct CredentialTests {
    private let schemes: [String: SecuritySchemeKind] = [
        "bearer": .bearer, "basic": .basic, "headerKey": .apiKeyHeader("X-API-Key"),
        "queryKey": .apiKeyQuery("api_key"), "cookieKey": .apiKeyCookie("session"),
    ]

    private func send(security: [[String]]?, credentials: [String: Credential],
                      defaultSecurity: [[String]] = []) async throws -> HTTPRequest {
        let transport = RecordingTransport()
        let core = ClientCore(serverURL: URL(string: "https://example.com")!, transport: transport, middlewares: [],
                              credentials: credentials, securitySchemes: schemes, defaultSecurity: defaultSecurity)
        var request = try Request(.get, "/things")
        request.security = security
        try await core.empty(request, operationID: "getThings")
        return try #require(transport.requests.first)
    }

    @Test func bearerTokenGoesInTheAuthorizationHeader() async throws {
        let request = try await send(security: [["bearer"]], credentials: ["bearer": .bearer("sk-1")])
        #expect(request.headerFields[.authorization] == "Bearer sk-1")
    }

    @Test func basicCredentialsAreBase64Encoded() async throws {
        let request = try await send(security: [["basic"]], credentials: ["basic": .basic(username: "ann", password: "pw")])
        #expect(request.headerFields[.authorization] == "Basic " + Data("ann:pw".utf8).base64EncodedString())
    }

    @Test func apiKeysGoWhereTheSchemeSays() async throws {
        let header = try await send(security: [["headerKey"]], credentials: ["headerKey": .apiKey("k1")])
        #expect(header.headerFields[HTTPField.Name("X-API-Key")!] == "k1")
        let query = try await send(security: [["queryKey"]], credentials: ["queryKey": .apiKey("k 2")])
        #expect(query.path == "/things?api_key=k%202")
        let cookie = try await send(security: [["cookieKey"]], credentials: ["cookieKey": .apiKey("k3")])
        #expect(cookie.headerFields[.cookie] == "session=k3")
    }

    @Test func theFirstAlternativeWhoseCredentialsAreAllGivenApplies() async throws {
        let request = try await send(security: [["basic", "headerKey"], ["queryKey"]],
                                     credentials: ["headerKey": .apiKey("k1"), "queryKey": .apiKey("q")])
        #expect(request.headerFields[.authorization] == nil)
        #expect(request.headerFields[HTTPField.Name("X-API-Key")!] == nil)
        #expect(request.path == "/things?api_key=q")
    }

    @Test func operationsWithoutSecuritySendNoCredentials() async throws {
        let request = try await send(security: [], credentials: ["bearer": .bearer("sk-1")],
                                     defaultSecurity: [["bearer"]])
        #expect(request.headerFields[.authorization] == nil)
    }

    @Test func requestsThatStateNoSecurityUseTheClientDefault() async throws {
        let request = try await send(security: nil, credentials: ["bearer": .bearer("sk-1"), "basic": .basic(username: "a", password: "b")],
                                     defaultSecurity: [["bearer"]])
        #expect(request.headerFields[.authorization] == "Bearer sk-1")
    }
}
