import CompositionAPI
import Foundation
import Testing

/// Decodes `json` as `T`, and encodes the result back to a dictionary for comparison.
private func roundTrip<T: Codable>(_ json: String, as type: T.Type) throws -> (value: T, object: NSDictionary) {
    let value = try JSONCoding.decoder().decode(T.self, from: Data(json.utf8))
    let encoded = try JSONCoding.encoder().encode(value)
    let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? NSDictionary)
    return (value, object)
}

private func dictionary(_ json: String) throws -> NSDictionary {
    try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
}

/// Objects that are also one of several others (`allOf` with a `oneOf`, properties with an `anyOf`) keep the
/// alternative in a property read from, and written into, the same JSON object.
@Suite struct ObjectsWithAlternativesTests {
    @Test func allOfWithADiscriminatedOneOf() throws {
        let json = #"{"id": "n1", "kind": "link", "url": "https://example.com"}"#
        let (notice, object) = try roundTrip(json, as: Notice.self)
        #expect(notice.id == "n1")
        guard case .link(let link) = notice.variant else {
            Issue.record("expected a link, got \(notice.variant)")
            return
        }
        #expect(link.url == "https://example.com")
        #expect(object == (try dictionary(json)))
    }

    @Test func anUnknownDiscriminatorValueIsKeptWhole() throws {
        let json = #"{"id": "n2", "kind": "video", "length": 30}"#
        let (notice, object) = try roundTrip(json, as: Notice.self)
        guard case .unknown(let raw) = notice.variant else {
            Issue.record("expected an unknown notice, got \(notice.variant)")
            return
        }
        #expect(raw["length"] == 30)
        #expect(object == (try dictionary(json)))
    }

    @Test func allOfWithANamedUnion() throws {
        let json = #"{"petType": "Dog", "name": "Rex", "barks": true, "stream_id": "s9"}"#
        let (pet, object) = try roundTrip(json, as: StreamedPet.self)
        #expect(pet.streamID == "s9")
        guard case .dog(let dog) = pet.pet else {
            Issue.record("expected a dog, got \(pet.pet)")
            return
        }
        #expect(dog.barks == true)
        #expect(dog.name == "Rex")
        #expect(object == (try dictionary(json)))
    }

    @Test func propertiesWithAnAnyOfTryEachAlternative() throws {
        let json = #"{"label": "logo", "url": "https://example.com/logo.png"}"#
        let (labeled, object) = try roundTrip(json, as: Labeled.self)
        #expect(labeled.label == "logo")
        guard case .linked(let linked) = labeled.variant else {
            Issue.record("expected a link, got \(labeled.variant)")
            return
        }
        #expect(linked.url == "https://example.com/logo.png")
        #expect(object == (try dictionary(json)))
        #expect(throws: DecodingError.self) {
            _ = try JSONCoding.decoder().decode(Labeled.self, from: Data(#"{"label": "neither"}"#.utf8))
        }
    }

    @Test func valuesBuiltInCodeEncodeAsOneObject() throws {
        let notice = Notice(id: "n3", variant: .text(TextNotice(text: "hello")))
        let encoded = try JSONCoding.encoder().encode(notice)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? NSDictionary)
        #expect(object == (try dictionary(#"{"id": "n3", "kind": "text", "text": "hello"}"#)))
    }
}
