@testable import APIClientRuntime
import Foundation
import OpenAPIRuntime
import Testing

private func text(_ value: some Encodable) throws -> String {
    String(decoding: try JSONEncoding.data(value), as: UTF8.self)
}

@Suite struct JSONEncodingTests {
    private struct Ordered: Encodable {
        var zebra = 1
        var apple = "a"
        var middle: Bool? = nil
        var last = [2.5]

        enum CodingKeys: String, CodingKey { case zebra, apple, middle, last }
    }

    @Test func structMembersKeepTheOrderTheyAreEncodedIn() throws {
        #expect(try text(Ordered()) == #"{"zebra":1,"apple":"a","last":[2.5]}"#)
    }

    @Test func objectsBuiltInCodeAreSentAsWritten() throws {
        let schema: JSONObject = [
            "type": "object",
            "properties": ["reasoning": ["type": "string"], "answer": ["type": "string"], "confidence": ["type": "number"]],
            "required": ["reasoning", "answer", "confidence"],
        ]
        #expect(try text(schema) == #"{"type":"object","properties":{"reasoning":{"type":"string"},"answer":{"type":"string"},"confidence":{"type":"number"}},"required":["reasoning","answer","confidence"]}"#)
    }

    @Test func dictionariesAreSortedSoThatEveryRunSendsTheSame() throws {
        let bias: [String: Int] = ["50256": -100, "1000": 5, "2": 1]
        #expect(try text(bias) == #"{"1000":5,"2":1,"50256":-100}"#)
    }

    @Test func scalarsAreWrittenAsJSONWritesThem() throws {
        #expect(try text([1.0, 0.5, -2.25e-7]) == "[1,0.5,-2.25e-07]")
        #expect(try text(Float(0.1)) == "0.1")
        #expect(try text(UInt8(7)) == "7")
        #expect(try text(Date(timeIntervalSince1970: 0)) == #""1970-01-01T00:00:00Z""#)
        #expect(try text(Data([0, 255])) == #""AP8=""#)
        #expect(try text(URL(string: "https://example.com/a?b=c")!) == #""https://example.com/a?b=c""#)
        #expect(try text(Base64EncodedData([1, 2, 3])) == #""AQID""#)
        #expect(try text([String?.none, "x"]) == #"[null,"x"]"#)
    }

    @Test func stringsAreEscapedWhereJSONRequires() throws {
        #expect(try text("quote \" backslash \\ line\nreturn\r tab\t bell\u{07} slash / é 🐟")
            == #""quote \" backslash \\ line\nreturn\r tab\t bell\u0007 slash / é 🐟""#)
    }

    @Test func numbersJSONCannotCarryAreAnError() {
        #expect(throws: EncodingError.self) { try JSONEncoding.data([1, Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONEncoding.data(Float.infinity) }
    }

    private class Base: Encodable {
        var id = "b"
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: DynamicCodingKey.self)
            try container.encode(id, forKey: "id")
        }
    }

    private final class Derived: Base {
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: DynamicCodingKey.self)
            try container.encode("d", forKey: "kind")
            try super.encode(to: container.superEncoder(forKey: "base"))
            var list = container.nestedUnkeyedContainer(forKey: "list")
            try list.encode(1)
            var nested = list.nestedContainer(keyedBy: DynamicCodingKey.self)
            try nested.encode(true, forKey: "flag")
        }
    }

    @Test func nestedContainersAndSuperEncodersFillTheirPlaces() throws {
        #expect(try text(Derived()) == #"{"kind":"d","base":{"id":"b"},"list":[1,{"flag":true}]}"#)
    }

    @Test func aRequestBodyIsWrittenInOrderAndExtraFieldsFollowIt() async throws {
        var request = try Request(.post, "/chat")
        try request.json(Ordered())
        try RequestOptions(extraBody: ["top_k": 5, "apple": "replaced"]).apply(to: &request)
        let body = try await Data(collecting: try #require(request.body), upTo: 1 << 16)
        #expect(String(decoding: body, as: UTF8.self) == #"{"zebra":1,"apple":"replaced","last":[2.5],"top_k":5}"#)
    }
}

@Suite struct JSONObjectTests {
    @Test func membersKeepTheirPlacesWhenReplacedAndLeaveWhenRemoved() {
        var object: JSONObject = ["b": 1, "a": 2, "c": 3]
        object["a"] = "two"
        object["b"] = nil
        object["d"] = 4
        #expect(object.keys == ["a", "c", "d"])
        #expect(object.values == ["two", 3, 4])
        #expect(object.count == 3)
        object.merge(["c": 30, "e": 5])
        #expect(object.keys == ["a", "c", "d", "e"])
        #expect(object["c"] == 30)
    }

    @Test func equalityIgnoresOrderAsJSONDoes() {
        let first: JSONObject = ["a": 1, "b": [true, nil]]
        let second: JSONObject = ["b": [true, nil], "a": 1]
        #expect(first == second)
        #expect(Set([first, second]).count == 1)
        #expect(first != ["a": 1])
    }

    @Test func decodedObjectsListTheirMembersByName() throws {
        let object = try JSONCoding.decoder().decode(JSONObject.self, from: Data(#"{"z": 1, "a": {"y": 2, "b": 3}}"#.utf8))
        #expect(object.keys == ["a", "z"])
        #expect(object["a"]?.objectValue?.keys == ["b", "y"])
    }
}

@Suite struct StreamAccumulatorTests {
    private func accumulate(_ pieces: [String]) throws -> JSONValue {
        var accumulator = StreamAccumulator<JSONValue>()
        for piece in pieces {
            try accumulator.add(try JSONCoding.decoder().decode(JSONValue.self, from: Data(piece.utf8)))
        }
        return try accumulator.value()
    }

    @Test func textContinuesAndIdentifyingMembersAreReplaced() throws {
        let whole = try accumulate([
            #"{"id": "c1", "role": "assistant", "content": "Hel", "created": 1}"#,
            #"{"id": "c1", "role": "assistant", "content": "lo", "created": 1}"#,
            #"{"id": "c1", "content": null, "finish_reason": "stop"}"#,
        ])
        #expect(whole == ["id": "c1", "role": "assistant", "content": "Hello", "created": 1, "finish_reason": "stop"])
    }

    @Test func itemsWithAnIndexMergeAtItAndOtherListsGrow() throws {
        let whole = try accumulate([
            #"{"tool_calls": [{"index": 1, "id": "b", "function": {"name": "second", "arguments": "{"}}], "tokens": ["a"]}"#,
            #"{"tool_calls": [{"index": 0, "id": "a", "type": "function", "function": {"name": "first", "arguments": ""}}], "tokens": ["b"]}"#,
            #"{"tool_calls": [{"index": 0, "function": {"arguments": "{\"x\":"}}, {"index": 1, "function": {"arguments": "}"}}]}"#,
            #"{"tool_calls": [{"index": 0, "type": "function", "function": {"arguments": "1}"}}]}"#,
        ])
        #expect(whole["tokens"] == ["a", "b"])
        #expect(whole["tool_calls"] == [
            ["index": 0, "id": "a", "type": "function", "function": ["name": "first", "arguments": #"{"x":1}"#]],
            ["index": 1, "id": "b", "function": ["name": "second", "arguments": "{}"]],
        ])
    }

    @Test func numbersAndBooleansTakeTheLatestValue() throws {
        let whole = try accumulate([#"{"n": 1, "done": false}"#, #"{"n": 2, "done": true}"#])
        #expect(whole == ["n": 2, "done": true])
    }

    @Test func identityKeysCanBeChosen() throws {
        var accumulator = StreamAccumulator<JSONValue>(identityKeys: [])
        try accumulator.add(["type": "a"] as JSONValue)
        try accumulator.add(["type": "b"] as JSONValue)
        #expect(try accumulator.value() == ["type": "ab"])
    }

    @Test func nothingToReadIsAnError() {
        #expect(throws: DecodingError.self) { try StreamAccumulator<JSONValue>().value() }
    }
}

@Suite struct AnswerSelectionTests {
    private enum Format: String, Hashable, Sendable { case json, text, srt, custom }

    @Test func theCallersChoiceStandsWhenTheMethodReadsItsAnswer() throws {
        let elsewhere: [Format: String] = [.json: "transcribe"]
        #expect(try AnswerSelection.value(Format.srt, among: [.text, .srt], unset: .text, elsewhere: elsewhere,
                                          property: "response_format", operationID: "op") == .srt)
        #expect(try AnswerSelection.value(nil, among: [.text, .srt], unset: .text, elsewhere: elsewhere,
                                          property: "response_format", operationID: "op") == .text)
        #expect(try AnswerSelection.value(Format?.none, among: [.json], unset: nil, elsewhere: [:],
                                          property: "response_format", operationID: "op") == nil)
        // A value the spec does not list goes as it is.
        #expect(try AnswerSelection.value(Format.custom, among: [.text, .srt], unset: .text, elsewhere: elsewhere,
                                          property: "response_format", operationID: "op") == .custom)
    }

    @Test func aValueAnotherMethodReadsIsRefusedBeforeSending() {
        let error = #expect(throws: APIError.self) {
            try AnswerSelection.value(Format.json, among: [.text, .srt], unset: .text, elsewhere: [.json: "transcribe"],
                                      property: "response_format", operationID: "createTranscription")
        }
        guard case .invalidRequest(let message)? = error?.reason else {
            Issue.record("expected an invalid request, got \(String(describing: error))")
            return
        }
        #expect(message == "response_format 'json' asks for an answer that transcribe reads")
        #expect(error?.operationID == "createTranscription")
    }
}

@Suite struct PackedNumberTests {
    @Test func base64TextOfLittleEndianFloatsReadsAsThoseFloats() throws {
        let floats: [Float] = [0.5, -1.25, 3e-3, .greatestFiniteMagnitude]
        var bytes: [UInt8] = []
        for value in floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        let decoded = try JSONCoding.decoder().decode(Base64EncodedData.self,
                                                      from: Data("\"\(Data(bytes).base64EncodedString())\"".utf8))
        #expect(try decoded.littleEndianFloats() == floats)
        #expect(try Data(bytes).littleEndianFloats() == floats)
    }

    @Test func bytesThatAreNotWholeFloatsAreAnError() {
        #expect(throws: DecodingError.self) { try Base64EncodedData([1, 2, 3, 4, 5]).littleEndianFloats() }
    }
}

@Suite struct MultipartUnionTests {
    /// As a generated union writes itself: its payload encodes in its place.
    private enum Images: Encodable, Sendable {
        case one(FilePart)
        case many([FilePart])
        case described(JSONObject)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .one(let value): try value.encode(to: encoder)
            case .many(let value): try value.encode(to: encoder)
            case .described(let value): try value.encode(to: encoder)
            }
        }
    }

    private struct Edit: Encodable, Sendable {
        var image: Images
        var prompt: String
    }

    private func body(_ value: Edit) async throws -> String {
        var request = try Request(.post, "/v1/images/edits")
        try request.multipart(value)
        return String(decoding: try await Data(collecting: try #require(request.body), upTo: 1 << 16), as: UTF8.self)
    }

    @Test func aUnionOfFilesSendsItsFilesAsParts() async throws {
        let first = FilePart(data: Data("one".utf8), fileName: "1.png", contentType: "image/png")
        let second = FilePart(data: Data("two".utf8), fileName: "2.png", contentType: "image/png")
        let many = try await body(Edit(image: .many([first, second]), prompt: "p"))
        #expect(many.components(separatedBy: "name=\"image\"; filename=").count == 3)
        #expect(many.contains("filename=\"1.png\"\r\nContent-Type: image/png\r\n\r\none\r\n"))
        #expect(many.contains("filename=\"2.png\"\r\nContent-Type: image/png\r\n\r\ntwo\r\n"))
        let one = try await body(Edit(image: .one(first), prompt: "p"))
        #expect(one.components(separatedBy: "name=\"image\"; filename=").count == 2)
    }

    @Test func aUnionHoldingAnObjectSendsJSON() async throws {
        let text = try await body(Edit(image: .described(["url": "https://example.com/a.png"]), prompt: "p"))
        #expect(text.contains("name=\"image\"\r\nContent-Type: application/json\r\n\r\n{\"url\":\"https://example.com/a.png\"}\r\n"))
    }
}
