import APIClientRuntime
import Foundation
import StorageAPI
import Testing

/// The module generated from `Tests/Fixtures/storage.yaml`: large values are boxed where others hold them,
/// which must change nothing a caller can see. Copies stay independent, and coding, equality and hashing are
/// those of the plain values.
@Suite struct StorageTests {
    private func big(_ first: String) -> Big {
        Big(field1: first, field2: "two", field40: "forty")
    }

    private func holder() -> Holder {
        Holder(big: big("one"), small: Small(name: "s", count: 1), expandable: .big(big("expanded")),
               nested: .init(inner: .init(label: "l", big: big("inner"))), bigs: [big("listed")])
    }

    @Test func aCopyDoesNotChangeWhenTheOriginalIsMutated() {
        var original = holder()
        let copy = original
        original.big.field1 = "changed"
        original.big.field2 = nil
        original.nested?.inner?.big?.field40 = "changed"
        original.expandable = .string("big_123")
        original.small.name = "changed"
        #expect(copy.big.field1 == "one")
        #expect(copy.big.field2 == "two")
        #expect(copy.nested?.inner?.big?.field40 == "forty")
        #expect(copy.expandable == .big(big("expanded")))
        #expect(copy.small.name == "s")
        #expect(original.big.field1 == "changed")
        #expect(original.nested?.inner?.big?.field40 == "changed")
        #expect(original != copy)
    }

    @Test func boxedValuesCodeCompareAndHashAsPlainOnes() throws {
        let value = holder()
        let data = try JSONEncoding.data(value)
        let decoded = try JSONCoding.decoder().decode(Holder.self, from: data)
        #expect(decoded == value)
        #expect(Set([decoded, value]).count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["big"] as? [String: Any])?["field1"] as? String == "one")
        #expect(object["expandable"] is [String: Any])
        let inner = (object["nested"] as? [String: Any])?["inner"] as? [String: Any]
        #expect((inner?["big"] as? [String: Any])?["field40"] as? String == "forty")

        let withoutNested = try JSONCoding.decoder().decode(Holder.self, from: Data(#"{"big": {"field1": "a"}, "small": {"name": "b"}, "nested": {"inner": {}}}"#.utf8))
        #expect(withoutNested.nested?.inner?.big == nil)
        #expect(withoutNested.expandable == nil)
    }

    /// `Wide` is over the size past which a struct keeps its properties in one copy-on-write storage object.
    private func wide() -> Wide {
        Wide(id: "w", state: .open, state1: .closed, big1: big("first"), storage: "s", copy: "c", encoder: "e",
             base: Small(name: "base"))
    }

    @Test func aStructInOneStorageIsStillAValue() {
        var original = wide()
        let copy = original
        original.id = "changed"
        original.state1 = .unknown("archived")
        original.big1?.field1 = "changed"
        original.storage = nil
        #expect(copy.id == "w")
        #expect(copy.state1 == .closed)
        #expect(copy.big1?.field1 == "first")
        #expect(copy.storage == "s")
        #expect(original.id == "changed")
        #expect(original.state1 == .unknown("archived"))
        #expect(original.big1?.field1 == "changed")
        #expect(original != copy)

        // A value changed while no copy shares its storage, then copied and changed again.
        var again = copy
        again.copy = "changed"
        var third = again
        third.encoder = nil
        #expect(copy.copy == "c")
        #expect(again.copy == "changed" && again.encoder == "e")
        #expect(third.copy == "changed" && third.encoder == nil)
    }

    @Test func aStructInOneStorageCodesComparesAndHashesAsAPlainOne() throws {
        let value = wide()
        let data = try JSONEncoding.data(value)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["kind"] as? String == "wide")
        #expect(object["state"] as? String == "open")
        #expect(object["encoder"] as? String == "e")
        #expect((object["base"] as? [String: Any])?["name"] as? String == "base")
        #expect(object["state2"] == nil)
        let decoded = try JSONCoding.decoder().decode(Wide.self, from: data)
        #expect(decoded == value)
        #expect(Set([decoded, value, wide()]).count == 1)
        #expect(decoded.state == .open && decoded.big1?.field1 == "first" && decoded.base?.name == "base")

        let missing = Data(#"{"id": "w", "kind": "wide"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONCoding.decoder().decode(Wide.self, from: missing) }
    }

    @Test func aReceivedStructInOneStorageDecodes() async throws {
        let json = #"{"id": "r", "state3": "pending", "state4": "paused", "wide": {"id": "w", "kind": "wide", "state": "closed"}, "big2": {"field1": "b"}}"#
        let report = try JSONCoding.decoder().decode(Report.self, from: Data(json.utf8))
        #expect(report.id == "r")
        #expect(report.state3 == .pending)
        #expect(report.state4 == .unknown("paused"))
        #expect(report.wide?.state == .closed)
        #expect(report.big2?.field1 == "b")
        #expect(report.big1 == nil)
        let sent = await Task.detached { report }.value
        #expect(sent == report)

        // A report holds the one before it in its storage object, unboxed: the recursion ends there.
        let chain = #"{"id": "c", "previous": {"id": "b", "previous": {"id": "a"}}}"#
        let latest = try JSONCoding.decoder().decode(Report.self, from: Data(chain.utf8))
        #expect(latest.previous?.id == "b" && latest.previous?.previous?.id == "a")
        #expect(latest.previous?.previous?.previous == nil)
        #expect(latest != latest.previous)
    }

    @Test func anObjectReadAndWrittenInPartsCodesLikeAnyOther() throws {
        // 130 properties, in two parts of 65: count129 is required and count130 has a server default.
        let json = #"{"count1": 1, "count3": 3, "count65": 65, "count66": 66, "count129": 129}"#
        let counters = try JSONCoding.decoder().decode(Counters.self, from: Data(json.utf8))
        #expect(counters.count1 == 1 && counters.count65 == 65 && counters.count66 == 66 && counters.count129 == 129)
        #expect(counters.count130 == 7)
        #expect(counters.count2 == nil && counters.count128 == nil)
        let encoded = try JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(counters)) as? [String: Int]
        #expect(encoded == ["count1": 1, "count3": 3, "count65": 65, "count66": 66, "count129": 129, "count130": 7])
        #expect(try JSONCoding.decoder().decode(Counters.self, from: JSONCoding.encoder().encode(counters)) == counters)

        // A property of either part missing or of the wrong type is an error.
        let missing = Data(#"{"count1": 1}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONCoding.decoder().decode(Counters.self, from: missing) }
        let wrongType = Data(#"{"count1": 1, "count129": 129, "count40": "forty"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONCoding.decoder().decode(Counters.self, from: wrongType) }
    }

    @Test func anObjectInOneStorageReadInPartsCodesAndCopiesLikeAnyOther() throws {
        let json = #"{"tally1": "a", "tally65": "b", "tally66": "c", "tally130": "d"}"#
        let tallies = try JSONCoding.decoder().decode(Tallies.self, from: Data(json.utf8))
        #expect(tallies.tally1 == "a" && tallies.tally65 == "b" && tallies.tally66 == "c" && tallies.tally130 == "d")
        #expect(tallies.tally2 == nil)
        var changed = tallies
        changed.tally66 = "changed"
        #expect(tallies.tally66 == "c" && changed.tally66 == "changed")
        // Both parts are copied with the storage: a change to the first after the copy stays in the copy too.
        var again = changed
        again.tally1 = "again"
        #expect(changed.tally1 == "a" && again.tally1 == "again" && again.tally66 == "changed")
        let encoded = try JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(changed)) as? [String: String]
        #expect(encoded == ["tally1": "a", "tally65": "b", "tally66": "changed", "tally130": "d"])
        let missing = Data(#"{"tally1": "a"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONCoding.decoder().decode(Tallies.self, from: missing) }
    }
}
