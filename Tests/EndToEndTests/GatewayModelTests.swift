import Foundation
import GatewayAPI
import Testing

/// Generated models read and write the wire format exactly.
@Suite struct GatewayModelTests {
    private func roundTrip<Value: Codable>(_ type: Value.Type, _ json: String) throws -> (Value, Bool) {
        let value = try JSONCoding.decoder().decode(Value.self, from: Data(json.utf8))
        let encoded = try JSONCoding.encoder().encode(value)
        let original = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! NSDictionary
        let again = try JSONSerialization.jsonObject(with: encoded) as! NSDictionary
        return (value, original == again)
    }

    @Test func contentAsAStringRoundTrips() throws {
        let (message, same) = try roundTrip(ChatMessage.self, #"{"role": "user", "content": "Hello!"}"#)
        #expect(message.content == .string("Hello!"))
        #expect(same)
    }

    @Test func contentAsPartsRoundTrips() throws {
        let json = #"""
        {"role": "user", "content": [
            {"type": "text", "text": "What is in this image?"},
            {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "high"}}
        ]}
        """#
        let (message, same) = try roundTrip(ChatMessage.self, json)
        guard case .chatContentParts(let parts) = message.content else {
            Issue.record("expected parts, got \(message.content)")
            return
        }
        #expect(parts.count == 2)
        #expect(parts.first == .text(ChatContentPartText(text: "What is in this image?")))
        if case .imageURL(let image) = parts.last {
            #expect(image.imageURL.url == "https://example.com/cat.png")
            #expect(image.imageURL.detail == .high)
        } else {
            Issue.record("expected an image part")
        }
        #expect(same)
    }

    @Test func unknownPartKindsAreKeptAndWrittenBack() throws {
        let json = #"{"role": "user", "content": [{"type": "input_video", "input_video": {"data": "AAA", "format": "mp4"}}]}"#
        let (message, same) = try roundTrip(ChatMessage.self, json)
        guard case .chatContentParts(let parts) = message.content, case .unknown(let object)? = parts.first else {
            Issue.record("expected an unknown part, got \(message.content)")
            return
        }
        #expect(object["type"] == "input_video")
        #expect(same)
    }

    @Test func unknownEnumValuesRoundTripAndLiteralsSpellThem() throws {
        let (message, same) = try roundTrip(ChatMessage.self, #"{"role": "critic", "content": "x"}"#)
        #expect(message.role == .unknown("critic"))
        #expect(message.role == "critic")
        #expect(message.role.rawValue == "critic")
        #expect(same)
        #expect(ChatMessage.Role.allCases.contains(.assistant))
    }
}
