import AdversarialNamesAPI
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing

/// The module generated from `Tests/Fixtures/adversarial-names.yaml`, whose names are Swift keywords, names of
/// the runtime and of Swift's own types, operation names shadowed by their parameters, and text full of
/// control characters: it compiles (GoldenCompileTests checks it without warnings), and declares and sends
/// exactly what the spec says.
@Suite struct AdversarialNamesTests {
    private func object(_ value: some Encodable) throws -> NSDictionary {
        let data = try JSONCoding.encoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test func propertiesKeepTheirWireNamesWhateverTheirSwiftNames() throws {
        let model = GeneratedModelValue(var: "1", selfValue: "2", type: "3", initValue: "4", u5F: "5", value: "6",
                                        u24: "7", _1: "8", default: "9", hashValue: "10", codingKeys: "11",
                                        userID: "12", userID2: "13", userID3: "14", words: nil)
        let expected: NSDictionary = [
            "var": "1", "self": "2", "Type": "3", "init": "4", "_": "5", "": "6", "$": "7", "1": "8", "default": "9",
            "hashValue": "10", "CodingKeys": "11", "user_id": "12", "userId": "13", "user-id": "14", "open": "x",
        ]
        #expect(try object(model) == expected)
        let decoded = try JSONCoding.decoder().decode(GeneratedModelValue.self, from: try JSONCoding.encoder().encode(model))
        #expect(decoded.userID3 == "14")
        #expect(decoded.value == "6")
    }

    @Test func schemasNamedLikeTheRuntimesTypesAreTheirOwn() throws {
        let model = GeneratedModelValue(kind: .b, key: DynamicCodingKeyValue(k: "k"), opt: OptionalValueValue(v: 1),
                                        coding: JSONCodingValue(j: true), eq: EquatableValue(e: "e"),
                                        dec: DecodableValue(d: "d"), ck: CodingKeyValue(c: "c"), task: TaskValue(t: "t"),
                                        module: AdversarialNamesAPI2(m: "m"))
        let encoded = try object(model)
        #expect(encoded["kind"] as? String == "b")
        #expect(encoded["key"] as? NSDictionary == ["k": "k"])
        #expect(encoded["task"] as? NSDictionary == ["t": "t"])
        #expect(encoded["module"] as? NSDictionary == ["m": "m"])
    }

    @Test func enumValuesThatAreKeywordsOrOptionalsCasesStayTheSpecsValues() throws {
        #expect(Words.allCases.map(\.rawValue) == ["none", "some", "self", "Type", "init", "", "_", "1", "-1", "a-b",
                                                   "a_b", "default", "rawValue", "allCases", "unknown"])
        // Not set, not sent; an answer that leaves it out means the spec's default, the value `none`, not nil.
        #expect(GeneratedModelValue().words == nil)
        #expect(try object(GeneratedModelValue())["words"] == nil)
        let leftOut = try JSONCoding.decoder().decode(GeneratedModelValue.self, from: Data("{}".utf8))
        #expect(leftOut.words == Words.none)
        #expect(Numbers.allCases.map(\.rawValue) == [Int.min, Int.max, 0, -1])
        let decoded = try JSONCoding.decoder().decode([Numbers].self, from: Data("[-9223372036854775808, 7]".utf8))
        #expect(decoded == [.negative9223372036854775808, .unknown(7)])
    }

    @Test func anOperationNamedLikeItsParameterSendsEachToItsPlace() async throws {
        let transport = RecordingTransport()
        let client = Client(serverURL: URL(string: "https://example.com/v1")!, transport: transport)
        _ = try? await client.limit(limit: 1, body2: "b", request: "r", limit2: 2, name: "n", selfValue: "s")
        let sent = try #require(transport.requests.first)
        #expect(sent.request.method == .post)
        #expect(sent.request.path == "/v1/limit?limit=1&body=b")
        #expect(sent.request.headerFields[HTTPField.Name("request")!] == "r")
        let body = try #require(try JSONSerialization.jsonObject(with: sent.body) as? NSDictionary)
        #expect(body == ["limit": 2, "name": "n", "self": "s"])
    }

    @Test func pathsAndNamesWithQuotesAreEscaped() async throws {
        let transport = RecordingTransport()
        let client = Client(serverURL: URL(string: "https://example.com")!, transport: transport)
        try await client.transport2(naMe: "a b/\"c")
        let sent = try #require(transport.requests.first)
        #expect(sent.request.path == "/quote%22d/a%20b%2F%22c")
        // A query value with quotes, a backslash, a NUL and `\(` is sent percent-encoded.
        try await client.transport2(naMe: "v", qX: "a\"b\\c\u{0}\\(x)")
        #expect(transport.requests.last?.request.path == #"/quote%22d/v?q%5C%22x=a%22b%5Cc%00%5C%28x%29"#)
    }
}

/// A transport that records each request and answers `204 No Content`.
final class RecordingTransport: ClientTransport, @unchecked Sendable {
    struct Sent {
        var request: HTTPRequest
        var body: Data
    }

    private let lock = NSLock()
    // Guarded by `lock`.
    private var recorded: [Sent] = []

    var requests: [Sent] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws
        -> (HTTPResponse, HTTPBody?) {
        var data = Data()
        if let body { data = try await Data(collecting: body, upTo: 1 << 20) }
        var request = request
        request.path = baseURL.path + (request.path ?? "")
        lock.withLock { recorded.append(Sent(request: request, body: data)) }
        return (HTTPResponse(status: .noContent), nil)
    }
}
