import APIClientRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing

// MARK: - JSONValue

@Suite struct JSONValueTests {
    private let text = #"{"a":1,"b":[true,null,"x/y",2.5],"c":{"d":"e","f":{}},"g":-3}"#

    private let value: JSONValue = .object([
        "a": .int(1),
        "b": .array([.bool(true), .null, .string("x/y"), .double(2.5)]),
        "c": .object(["d": .string("e"), "f": .object([:])]),
        "g": .int(-3),
    ])

    @Test func decodesMixedJSON() throws {
        let decoded = try JSONCoding.decoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded == value)
    }

    @Test func encodesMixedJSON() throws {
        let encoded = try JSONCoding.encoder().encode(value)
        #expect(String(decoding: encoded, as: UTF8.self) == text)
    }

    @Test func roundTripsThroughJSON() throws {
        let decoded = try JSONCoding.decoder().decode(JSONValue.self, from: JSONCoding.encoder().encode(value))
        #expect(decoded == value)
    }

    @Test func topLevelScalarsDecode() throws {
        let decoder = JSONCoding.decoder()
        #expect(try decoder.decode(JSONValue.self, from: Data("null".utf8)) == .null)
        #expect(try decoder.decode(JSONValue.self, from: Data("false".utf8)) == .bool(false))
        #expect(try decoder.decode(JSONValue.self, from: Data("0".utf8)) == .int(0))
        #expect(try decoder.decode(JSONValue.self, from: Data("\"1\"".utf8)) == .string("1"))
    }

    @Test func subscriptsAndAccessorsReadValues() {
        #expect(value["a"]?.intValue == 1)
        #expect(value["b"]?[2]?.stringValue == "x/y")
        #expect(value["b"]?[3]?.doubleValue == 2.5)
        #expect(value["b"]?[9] == nil)
        #expect(value["missing"] == nil)
        #expect(value["a"]?.stringValue == nil)
    }
}

// MARK: - Request

@Suite struct RequestPathTests {
    @Test func substitutesAndEscapesPathParameters() throws {
        let request = try Request(.get, "/a/{id}", ["id": "x y/z"])
        #expect(request.path == "/a/x%20y%2Fz")
    }

    @Test func substitutesSeveralParametersOfDifferentTypes() throws {
        let request = try Request(.get, "/users/{user}/items/{index}", ["user": "ä?&", "index": 42])
        #expect(request.path == "/users/%C3%A4%3F%26/items/42")
    }

    @Test func missingPathParameterThrows() {
        #expect(throws: APIError.self) {
            try Request(.get, "/a/{id}/{other}", ["id": "1"])
        }
    }
}

@Suite struct QueryStringTests {
    private struct Filter: Encodable, Sendable {
        var color: String
        var size: Int?
        var tags: [String]
    }

    @Test func aFormQueryStringIsTheObjectsProperties() throws {
        var request = try Request(.get, "/items")
        try request.queryString(Filter(color: "dark red", size: nil, tags: ["a", "b"]))
        #expect(request.pathAndQuery == "/items?color=dark%20red&tags=a&tags=b")
    }

    @Test func aJSONQueryStringIsTheValuesText() throws {
        var request = try Request(.get, "/items")
        try request.queryString(Filter(color: "red", size: 2, tags: []), style: .json)
        #expect(request.pathAndQuery == "/items?%7B%22color%22%3A%22red%22%2C%22size%22%3A2%2C%22tags%22%3A%5B%5D%7D")
    }

    @Test func aJSONSequenceBodyIsOneValueALine() throws {
        var request = try Request(.post, "/items")
        try request.jsonSequence(["a", "b"], contentType: "application/jsonl")
        #expect(request.headerFields[.contentType] == "application/jsonl")
        try request.jsonSequence([1, 2], contentType: "application/json-seq", recordSeparated: true)
        #expect(request.headerFields[.contentType] == "application/json-seq")
    }

    @Test func aMultipartBodyThatIsNotAnObjectThrowsRatherThanTraps() throws {
        var request = try Request(.post, "/upload")
        #expect(throws: EncodingError.self) { try request.multipart(["not", "an", "object"]) }
        #expect(throws: EncodingError.self) { try request.multipart("text") }
    }
}

@Suite struct RequestQueryTests {
    @Test func explodedArrayRepeatsTheName() throws {
        var request = try Request(.get, "/pets")
        try request.query("tag", ["a", "b c"])
        #expect(request.queryItems == ["tag=a", "tag=b%20c"])
        #expect(request.pathAndQuery == "/pets?tag=a&tag=b%20c")
    }

    @Test func unexplodedArrayJoinsWithCommas() throws {
        var request = try Request(.get, "/pets")
        try request.query("tag", ["a", "b"], explode: false)
        #expect(request.queryItems == ["tag=a,b"])
    }

    @Test func pipeDelimitedArrayJoinsWithEscapedPipes() throws {
        var request = try Request(.get, "/pets")
        try request.query("tag", ["a", "b"], style: .pipeDelimited, explode: false)
        #expect(request.queryItems == ["tag=a%7Cb"])
    }

    @Test func nilValueAddsNothing() throws {
        var request = try Request(.get, "/pets")
        let none: String? = nil
        try request.query("name", none)
        try request.query("limit", 10 as Int?)
        #expect(request.queryItems == ["limit=10"])
        #expect(request.pathAndQuery == "/pets?limit=10")
    }

    @Test func scalarsAreEscaped() throws {
        var request = try Request(.get, "/search")
        try request.query("q", "a b&c=d/é")
        try request.query("exact", true)
        #expect(request.queryItems == ["q=a%20b%26c%3Dd%2F%C3%A9", "exact=true"])
    }

    @Test func deepObjectUsesBracketedKeys() throws {
        var request = try Request(.get, "/pets")
        try request.query("filter", ["size": "L", "color": "red"], style: .deepObject)
        #expect(request.queryItems == ["filter%5Bcolor%5D=red", "filter%5Bsize%5D=L"])
    }

    @Test func explodedFormObjectSpreadsItsMembers() throws {
        var request = try Request(.get, "/pets")
        try request.query("filter", ["size": "L", "color": "red"])
        #expect(request.queryItems == ["color=red", "size=L"])
    }

    @Test func unexplodedFormObjectListsKeysAndValues() throws {
        var request = try Request(.get, "/pets")
        try request.query("filter", ["size": "L", "color": "red"], explode: false)
        #expect(request.queryItems == ["filter=color,red,size,L"])
    }

    @Test func jsonStyleSendsTheValueAsJSONText() throws {
        var request = try Request(.get, "/pets")
        try request.query("filter", ["size": "L", "tags": ["a/b"]] as JSONValue, style: .json)
        try request.query("name", "Rex", style: .json)
        #expect(request.queryItems == ["filter=%7B%22size%22%3A%22L%22%2C%22tags%22%3A%5B%22a%2Fb%22%5D%7D", "name=%22Rex%22"])
        try request.header("X-Filter", ["size": "L"] as JSONValue, style: .json)
        #expect(request.headerFields[HTTPField.Name("X-Filter")!] == #"{"size":"L"}"#)
    }
}

// MARK: - Multipart

@Suite struct MultipartTests {
    private struct Upload: Encodable, Sendable {
        var file: FilePart
        var model: String
        var prompt: String?
        var temperature: Double
    }

    private func collect(_ request: Request) async throws -> String {
        let body = try #require(request.body)
        let data = try await Data(collecting: body, upTo: 1 << 20)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func encodesFileAndTextParts() async throws {
        var request = try Request(.post, "/v1/audio/transcriptions")
        let file = FilePart(data: Data("RIFF".utf8), fileName: "a.wav", contentType: "audio/wav")
        try request.multipart(Upload(file: file, model: "whisper-1", prompt: nil, temperature: 0.5))

        let contentType = try #require(request.headerFields[.contentType])
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
        #expect(!boundary.isEmpty)

        let body = try await collect(request)
        let expected = "--\(boundary)\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
            + "Content-Type: audio/wav\r\n\r\n"
            + "RIFF\r\n"
            + "--\(boundary)\r\n"
            + "Content-Disposition: form-data; name=\"model\"\r\n\r\n"
            + "whisper-1\r\n"
            + "--\(boundary)\r\n"
            + "Content-Disposition: form-data; name=\"temperature\"\r\n\r\n"
            + "0.5\r\n"
            + "--\(boundary)--\r\n"
        #expect(body == expected)
    }

    @Test func aWildcardPartTypeIsNeverSent() async throws {
        var request = try Request(.post, "/upload")
        let file = FilePart(data: Data([1, 2, 3]))
        try request.multipart(Upload(file: file, model: "m", prompt: "p", temperature: 1),
                              partContentTypes: ["file": "audio/*"])
        let body = try await collect(request)
        #expect(body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n"))
        #expect(!body.contains("audio/*"))
        #expect(body.contains("Content-Disposition: form-data; name=\"prompt\"\r\n\r\np\r\n"))
    }

    @Test func theFilesOwnTypeWinsOverTheSpecs() async throws {
        var request = try Request(.post, "/upload")
        let file = FilePart(data: Data([1, 2, 3]), fileName: "a.mp3", contentType: "audio/mpeg")
        try request.multipart(Upload(file: file, model: "m", prompt: "p", temperature: 1),
                              partContentTypes: ["file": "audio/wav"])
        let body = try await collect(request)
        #expect(body.contains("filename=\"a.mp3\"\r\nContent-Type: audio/mpeg\r\n"))
    }

    @Test func fileNamesCannotEndTheirHeaderOrAddOthers() async throws {
        var request = try Request(.post, "/upload")
        let name = "a.wav\"\r\nContent-Type: text/html\r\n\r\n<script>\\"
        try request.multipart(Upload(file: FilePart(data: Data([1]), fileName: name), model: "m", prompt: nil,
                                     temperature: 1))
        let body = try await collect(request)
        #expect(body.contains("filename=\"a.wav%22%0D%0AContent-Type: text/html%0D%0A%0D%0A<script>\\\\\"\r\nContent-Type: application/octet-stream\r\n\r\n"))
        #expect(!body.contains("\r\nContent-Type: text/html"))
    }

    @Test func aContentTypeWithALineBreakIsRefused() throws {
        var request = try Request(.post, "/upload")
        let file = FilePart(data: Data([1]), fileName: "a", contentType: "text/plain\r\nX-Injected: 1")
        #expect(throws: EncodingError.self) {
            try request.multipart(Upload(file: file, model: "m", prompt: nil, temperature: 1))
        }
    }

    @Test func aConcreteSpecTypeAppliesToAFileWithoutOne() async throws {
        var request = try Request(.post, "/upload")
        try request.multipart(Upload(file: FilePart(data: Data([1])), model: "m", prompt: "p", temperature: 1),
                              partContentTypes: ["file": "image/png"])
        let body = try await collect(request)
        #expect(body.contains("filename=\"file\"\r\nContent-Type: image/png\r\n"))
    }
}

// MARK: - Indirect

private struct Node: Codable, Equatable, Sendable {
    var value: Int
    @Indirect var next: Node?
}

@Suite struct IndirectTests {
    @Test func roundTripsARecursiveValue() throws {
        let list = Node(value: 1, next: Node(value: 2, next: Node(value: 3, next: nil)))
        let data = try JSONCoding.encoder().encode(list)
        #expect(try JSONCoding.decoder().decode(Node.self, from: data) == list)
    }

    @Test func nilIsOmittedWhenEncoding() throws {
        let data = try JSONCoding.encoder().encode(Node(value: 1, next: Node(value: 2, next: nil)))
        #expect(String(decoding: data, as: UTF8.self) == #"{"next":{"value":2},"value":1}"#)
    }

    @Test func missingKeyDecodesAsNil() throws {
        let node = try JSONCoding.decoder().decode(Node.self, from: Data(#"{"value":7}"#.utf8))
        #expect(node.value == 7)
        #expect(node.next == nil)
    }

    @Test func nullDecodesAsNil() throws {
        let node = try JSONCoding.decoder().decode(Node.self, from: Data(#"{"value":7,"next":null}"#.utf8))
        #expect(node.next == nil)
    }

    @Test func settingTheWrappedValueDoesNotAffectCopies() {
        var first = Node(value: 1, next: Node(value: 2, next: nil))
        let copy = first
        first.next = nil
        #expect(copy.next?.value == 2)
        #expect(first.next == nil)
    }
}

// MARK: - Coding helpers of generated structs

/// Written the way the generator writes a struct's coding.
private struct Reading: GeneratedModel {
    var id: String
    var note: String?
    var takenAt: Date?

    init(id: String, note: String? = nil, takenAt: Date? = nil) {
        self.id = id
        self.note = note
        self.takenAt = takenAt
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        try self.init(id: container.decode("id"), note: container.decodeIfPresent("note"),
                      takenAt: container.decodeIfPresent("taken_at"))
    }

    func encode(to encoder: any Encoder) throws {
        try encoder.encodeProperties(["id": id, "note": note, "taken_at": takenAt])
    }
}

@Suite struct GeneratedCodingTests {
    @Test func nilPropertiesAreLeftOut() throws {
        let data = try JSONCoding.encoder().encode(Reading(id: "r1"))
        #expect(String(decoding: data, as: UTF8.self) == #"{"id":"r1"}"#)
    }

    @Test func propertiesUseTheEncodersStrategies() throws {
        let reading = Reading(id: "r1", note: "ok", takenAt: Date(timeIntervalSince1970: 0))
        let data = try JSONCoding.encoder().encode(reading)
        #expect(String(decoding: data, as: UTF8.self) == #"{"id":"r1","note":"ok","taken_at":"1970-01-01T00:00:00Z"}"#)
        #expect(try JSONCoding.decoder().decode(Reading.self, from: data) == reading)
    }

    @Test func absentAndNullOptionalsDecodeAsNil() throws {
        let reading = try JSONCoding.decoder().decode(Reading.self, from: Data(#"{"id":"r1","note":null}"#.utf8))
        #expect(reading == Reading(id: "r1"))
    }

    @Test func aMissingRequiredPropertyNamesItsKey() {
        #expect {
            try JSONCoding.decoder().decode(Reading.self, from: Data(#"{"note":"x"}"#.utf8))
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "id"
        }
    }
}

// MARK: - Server URLs

@Suite struct ServerURLTests {
    @Test func variablesAreReplacedAndEncodedWhereAURLCannotHoldThem() {
        let url = URL(serverTemplate: "https://{region}.example.com:{port}/{base}",
                      ["region": "eu-west", "port": "8443", "base": "v1/beta"])
        #expect(url.absoluteString == "https://eu-west.example.com:8443/v1/beta")
        let spaced = URL(serverTemplate: "https://example.com/{base}", ["base": "my docs"])
        #expect(spaced.absoluteString == "https://example.com/my%20docs")
    }
}

// MARK: - APIError

@Suite struct APIErrorTests {
    private struct Pet: Decodable {
        var name: String
        var tags: [Tag]
    }

    private struct Tag: Decodable {
        var label: String
    }

    private func decodingError(_ json: String) throws -> any Error {
        do {
            _ = try JSONCoding.decoder().decode(Pet.self, from: Data(json.utf8))
        } catch {
            return error
        }
        Issue.record("decoding \(json) succeeded")
        throw CancellationError()
    }

    @Test func missingRequiredKeyIsNamed() throws {
        let error = APIError(reason: .invalidResponseBody(try decodingError(#"{"tags":[]}"#)),
                             operationID: "getPet", status: .ok)
        #expect(error.description.hasPrefix("getPet: response body does not match the spec (status 200)"))
        #expect(error.description.contains("required key 'name' is missing"))
    }

    @Test func missingKeyInsideAnArrayElementNamesItsIndex() throws {
        let error = APIError(reason: .invalidResponseBody(try decodingError(#"{"name":"a","tags":[{"label":"x"},{}]}"#)))
        #expect(error.description.contains("required key 'label' is missing"))
        #expect(error.description.contains("[1]"))
        #expect(!error.description.contains("Index 1"))
    }

    @Test func typeMismatchNamesThePath() throws {
        let error = APIError(reason: .invalidResponseBody(try decodingError(#"{"name":5,"tags":[]}"#)))
        #expect(error.description.contains("'name' is not a String"))
    }

    @Test func unexpectedStatusShowsStatusAndBody() {
        let error = APIError(reason: .unexpectedStatus, operationID: "listPets", status: .notFound,
                             body: Data("no such pet".utf8))
        #expect(error.description == "listPets: unexpected status 404 Not Found, body: no such pet")
    }
}

// MARK: - Response headers

@Suite struct ResponseHeaderTests {
    private func response(_ fields: HTTPFields) -> RawResponse {
        RawResponse(status: .tooManyRequests, headerFields: fields, body: Data(), operationID: "getPets")
    }

    @Test func convertsHeaderValuesToTheirTypes() throws {
        var fields = HTTPFields()
        fields[HTTPField.Name("Retry-After")!] = "30"
        fields[HTTPField.Name("X-Ratio")!] = "0.5"
        fields[HTTPField.Name("X-Flag")!] = "true"
        fields[HTTPField.Name("ETag")!] = #""v1""#
        let response = response(fields)
        #expect(try response.header("retry-after", as: Int.self) == 30)
        #expect(try response.header("X-Ratio", as: Double.self) == 0.5)
        #expect(try response.header("X-Flag", as: Bool.self) == true)
        #expect(try response.requiredHeader("ETag", as: String.self) == #""v1""#)
        #expect(try response.header("X-Missing", as: Int.self) == nil)
    }

    @Test func aHeaderOfTheWrongTypeIsAnErrorNamingIt() {
        var fields = HTTPFields()
        fields[HTTPField.Name("Retry-After")!] = "soon"
        #expect {
            _ = try response(fields).header("Retry-After", as: Int.self)
        } throws: { error in
            "\(error)".contains("Retry-After") && "\(error)".contains("getPets")
        }
    }

    @Test func aMissingRequiredHeaderIsAnErrorNamingIt() {
        #expect {
            _ = try response(HTTPFields()).requiredHeader("ETag", as: String.self)
        } throws: { error in
            "\(error)".contains("ETag")
        }
    }
}
