import IntermediateModel

/// Keeps values cheap to copy, and so cheap to compile: Swift writes the copy, assignment and destruction of a
/// struct or an enum field by field through everything it holds inline, again in every type that holds it. A
/// struct of a hundred properties inside a union inside another struct makes those functions hundreds of
/// kilobytes each, and a debug build of such a module ten times slower per line.
///
/// Each type's inline layout is given a cost (``TypeDeclaration/layoutCost``), measured in the copy code Swift
/// writes for it. A struct whose properties cost more than ``TypeDeclaration/largeStructLayoutCost``, or that has
/// more than ``TypeDeclaration/largeStructPropertyCount`` of them, keeps them in a copy-on-write storage object; below that, where a struct holds a value whose cost is over
/// ``TypeDeclaration/largeLayoutCost``, that property is boxed (`@Indirect`); a union whose cases together cost
/// more becomes `indirect`. Stored out of line, a value costs one reference, so small types stay plain and inline.
enum StorageAnalysis {
    private struct Cost {
        var plain: Int
        var optional: Int
    }

    static func boxLargeValues(in declarations: consuming [TypeDeclaration]) -> [TypeDeclaration] {
        var kinds: [TypeDeclaration.Kind] = []
        var indirect: [Bool] = []
        let graph = DeclarationGraph(declarations) { declaration in
            kinds.append(declaration.kind)
            indirect.append(declaration.isIndirect)
            return inlineReferences(of: declaration.kind)
        }
        let costs = layoutCosts(graph: graph, kinds: &kinds, indirect: &indirect)
        DeclarationGraph.update(&declarations) { declaration, number in
            declaration.kind = kinds[number]
            declaration.isIndirect = indirect[number]
            declaration.layoutCost = costs[number].plain
            declaration.optionalLayoutCost = costs[number].optional
        }
        return declarations
    }

    /// Each declaration's cost, its members' costs first (post-order, iteratively: reference chains in big specs
    /// run thousands deep); boxing decided on the way, in `kinds` and `indirect`.
    private static func layoutCosts(graph: DeclarationGraph, kinds: inout [TypeDeclaration.Kind],
                                    indirect: inout [Bool]) -> [Cost] {
        var costs = [Cost?](repeating: nil, count: kinds.count)
        var started = [Bool](repeating: false, count: kinds.count)
        // A declaration still being worked out is on a cycle, which recursion analysis has boxed already.
        func cost(of type: TypeUsage) -> Int {
            type.layoutCost { name, optional in
                graph.number(of: name).flatMap { costs[$0] }.map { optional ? $0.optional : $0.plain } ?? 1
            }
        }
        for root in kinds.indices where costs[root] == nil {
            var stack = [root]
            while let number = stack.last {
                if !started[number] {
                    started[number] = true
                    stack += graph.successors[number].filter { costs[$0] == nil && !started[$0] }
                    continue
                }
                stack.removeLast()
                guard costs[number] == nil else { continue }
                costs[number] = decide(&kinds[number], indirect: &indirect[number], cost: cost)
            }
        }
        return costs.map { $0 ?? Cost(plain: 1, optional: 1) }
    }

    /// The declaration's cost once what it holds is stored out of line where that is large.
    private static func decide(_ kind: inout TypeDeclaration.Kind, indirect: inout Bool,
                               cost: (TypeUsage) -> Int) -> Cost {
        switch kind {
        case .structure(var properties):
            // A required constant is computed, not stored.
            let stored = properties.indices.filter { index in
                let property = properties[index]
                return !(property.constValue != nil && !property.type.isOptional && !property.deprecated
                         && !property.isFlattened)
            }
            let costs = stored.map { properties[$0].isBoxed ? 1 : cost(properties[$0].type) }
            if costs.reduce(0, +) > TypeDeclaration.largeStructLayoutCost
                || stored.count > TypeDeclaration.largeStructPropertyCount {
                // The storage object holds every property out of line already, and breaks every cycle through
                // the struct: a box inside it would only add a wrapper's code to each property.
                for index in properties.indices { properties[index].isBoxed = false }
                kind = .structure(properties)
                indirect = true
                return Cost(plain: 1, optional: 1)
            }
            var total = 0
            for (index, propertyCost) in zip(stored, costs) {
                if propertyCost > TypeDeclaration.largeLayoutCost, !properties[index].isFlattened {
                    properties[index].isBoxed = true
                    total += 1
                } else {
                    total += propertyCost
                }
            }
            kind = .structure(properties)
            // As an optional, each of its fields is copied behind a test for `nil`.
            return Cost(plain: total, optional: total == 0 ? 0 : 2 * total + 2)
        case .union(let union):
            if indirect { return Cost(plain: 1, optional: 5) }
            let total = union.cases.reduce(1) { $0 + cost($1.type) + 1 } + (union.discriminatorProperty == nil ? 0 : 2)
            if total > TypeDeclaration.largeLayoutCost {
                indirect = true
                return Cost(plain: 1, optional: 5)
            }
            return Cost(plain: total, optional: max(2 * total, 5))
        case .stringEnum(let model):
            return model.isOpen ? Cost(plain: 4, optional: 8) : Cost(plain: 0, optional: 0)
        case .integerEnum(let model):
            return model.isOpen ? Cost(plain: 2, optional: 4) : Cost(plain: 0, optional: 0)
        case .alias(let target):
            return Cost(plain: cost(target), optional: cost(.optional(target)))
        case .headers(let headers):
            let total = headers.reduce(0) { $0 + cost($1.type) }
            return Cost(plain: total, optional: total)
        }
    }
    /// What a value of this kind holds inline: its properties' and cases' types, through optionals.
    private static func inlineReferences(of kind: TypeDeclaration.Kind) -> [String] {
        func target(_ type: TypeUsage) -> String? {
            switch type {
            case .named(let name): return name
            case .optional(let wrapped): return target(wrapped)
            default: return nil
            }
        }
        switch kind {
        case .structure(let properties): return properties.filter { !$0.isBoxed }.compactMap { target($0.type) }
        case .union(let union): return union.cases.compactMap { target($0.type) }
        case .alias(let type): return target(type).map { [$0] } ?? []
        case .headers(let headers): return headers.compactMap { target($0.type) }
        case .stringEnum, .integerEnum: return []
        }
    }
}
