import Diagnostics

/// `$ref`s that lead to other `$ref`s: a loop, or a chain longer than ``DocumentLoader/maximumReferenceChain``,
/// is one error, reported once whatever the number of entries on it. Later stages then follow every chain
/// knowing it ends, and soon: without this, each of a chain's n entries would walk the rest of it.
extension DocumentLoader {
    func checkReferenceChains(_ references: ResolvedReferences) {
        checkChains(in: references.schemas) { $0.isPureReference ? $0.ref : nil }
        checkChains(in: references.parameters, next: Self.referenceOf)
        checkChains(in: references.requestBodies, next: Self.referenceOf)
        checkChains(in: references.responses, next: Self.referenceOf)
        checkChains(in: references.headers, next: Self.referenceOf)
        checkChains(in: references.securitySchemes, next: Self.referenceOf)
    }

    private static func referenceOf<T>(_ value: Referenceable<T>) -> Reference? {
        if case .reference(let reference) = value { return reference }
        return nil
    }

    /// Walks each chain once, in key order so that which entry a message names does not depend on hashing.
    private func checkChains<Value>(in table: [String: Value], next: (Value) -> Reference?) {
        /// Per key: how many links follow it, once known; `nil` while unknown.
        var lengths: [String: Int] = [:]
        for start in table.keys.sorted() where lengths[start] == nil {
            var path: [(key: String, reference: Reference)] = []
            var onPath: [String: Int] = [:]
            var key = start
            var tail = 0
            while true {
                if let known = lengths[key] {
                    tail = known
                    break
                }
                guard let value = table[key], let reference = next(value) else {
                    tail = 0
                    break
                }
                if let index = onPath[key] {
                    let loop = path[index...]
                    diagnostics.error("circular '$ref': '\(spec: loop.first!.reference.text)' leads back to itself through \(loop.count - 1) other '$ref'\(loop.count == 2 ? "" : "s")",
                                      at: loop.first!.reference.location)
                    tail = Self.maximumReferenceChain + 1
                    break
                }
                onPath[key] = path.count
                path.append((key, reference))
                key = reference.key
            }
            // Lengths from the end of the walk back to its start; one error for the chain at its head.
            var reported = tail > Self.maximumReferenceChain
            for (offset, link) in path.enumerated().reversed() {
                let length = tail + path.count - offset
                if length > Self.maximumReferenceChain && !reported && offset == 0 {
                    diagnostics.error("'$ref' '\(spec: link.reference.text)' starts a chain of more than \(Self.maximumReferenceChain) references to references",
                                      at: link.reference.location)
                    reported = true
                }
                lengths[link.key] = min(length, Self.maximumReferenceChain + 1)
            }
            if path.isEmpty { lengths[start] = 0 }
        }
    }
}
