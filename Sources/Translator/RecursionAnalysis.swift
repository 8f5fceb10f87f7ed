import IntermediateModel

/// Finds values that contain themselves, which Swift structs cannot store inline.
///
/// Arrays and dictionaries already store their elements out of line, so only direct and optional
/// references count. A struct property on such a cycle is boxed; a union on one becomes `indirect`.
enum RecursionAnalysis {
    static func markRecursion(in declarations: consuming [TypeDeclaration]) -> [TypeDeclaration] {
        var isUnion: [Bool] = []
        let graph = DeclarationGraph(declarations) { declaration in
            if case .union = declaration.kind { isUnion.append(true) } else { isUnion.append(false) }
            return inlineReferences(of: declaration)
        }
        let components = stronglyConnected(graph.successors)
        // In place: declarations are large to copy, and most are not on a cycle.
        DeclarationGraph.update(&declarations) { declaration, number in
            guard let component = components[number] else { return }
            switch declaration.kind {
            case .structure(var properties):
                for index in properties.indices {
                    // An indirect enum is already a pointer; only structs on the cycle need a box.
                    if let target = inlineTarget(properties[index].type).flatMap(graph.number(of:)),
                       components[target] == component, !isUnion[target] {
                        properties[index].isBoxed = true
                    }
                }
                declaration.kind = .structure(properties)
            case .union:
                declaration.isIndirect = true
            default:
                break
            }
        }
        return declarations
    }

    private static func inlineTarget(_ type: TypeUsage) -> String? {
        switch type {
        case .named(let name): return name
        case .optional(let wrapped): return inlineTarget(wrapped)
        default: return nil
        }
    }

    private static func inlineReferences(of declaration: TypeDeclaration) -> [String] {
        switch declaration.kind {
        case .structure(let properties): return properties.compactMap { inlineTarget($0.type) }
        case .union(let union): return union.cases.compactMap { inlineTarget($0.type) }
        case .alias(let type): return inlineTarget(type).map { [$0] } ?? []
        case .stringEnum, .integerEnum, .headers: return []
        }
    }

    /// For each declaration, an identifier of its strongly connected component when it is on a cycle, else nil
    /// (Tarjan's algorithm).
    private static func stronglyConnected(_ successors: [[Int]]) -> [Int?] {
        var counter = 0
        var indices = [Int](repeating: -1, count: successors.count)
        var lowLinks = [Int](repeating: 0, count: successors.count)
        var onStack = [Bool](repeating: false, count: successors.count)
        var stack: [Int] = []
        var result = [Int?](repeating: nil, count: successors.count)
        var componentID = 0

        // Iterative, so that long reference chains in big specs cannot overflow the stack.
        for start in successors.indices where indices[start] < 0 {
            var work: [(node: Int, position: Int)] = []
            func push(_ node: Int) {
                indices[node] = counter
                lowLinks[node] = counter
                counter += 1
                stack.append(node)
                onStack[node] = true
                work.append((node, 0))
            }
            push(start)
            while let (node, position) = work.last {
                if position < successors[node].count {
                    let next = successors[node][position]
                    work[work.count - 1].position += 1
                    if indices[next] < 0 {
                        push(next)
                    } else if onStack[next] {
                        lowLinks[node] = min(lowLinks[node], indices[next])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node {
                    lowLinks[parent] = min(lowLinks[parent], lowLinks[node])
                }
                if lowLinks[node] == indices[node] {
                    var members: [Int] = []
                    while let member = stack.popLast() {
                        onStack[member] = false
                        members.append(member)
                        if member == node { break }
                    }
                    if members.count > 1 || successors[node].contains(node) {
                        for member in members { result[member] = componentID }
                        componentID += 1
                    }
                }
            }
        }
        return result
    }
}
