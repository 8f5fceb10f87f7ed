import IntermediateModel

/// Finds values that contain themselves, which Swift structs cannot store inline.
///
/// Arrays and dictionaries already store their elements out of line, so only direct and optional
/// references count. A struct property on such a cycle is boxed; a union on one becomes `indirect`.
enum RecursionAnalysis {
    static func markRecursion(in declarations: [TypeDeclaration]) -> [TypeDeclaration] {
        var edges: [String: Set<String>] = [:]
        func collect(_ declaration: TypeDeclaration, prefix: String) {
            let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
            edges[name] = Set(inlineReferences(of: declaration))
            for nested in declaration.nested { collect(nested, prefix: name) }
        }
        declarations.forEach { collect($0, prefix: "") }
        let cyclic = stronglyConnected(edges)
        var unions: Set<String> = []
        func collectUnions(_ declaration: TypeDeclaration, prefix: String) {
            let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
            if case .union = declaration.kind { unions.insert(name) }
            for nested in declaration.nested { collectUnions(nested, prefix: name) }
        }
        declarations.forEach { collectUnions($0, prefix: "") }
        // In place: declarations are large to copy, and most are not on a cycle.
        func mark(_ declaration: inout TypeDeclaration, prefix: String) {
            let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
            if let component = cyclic[name] {
                switch declaration.kind {
                case .structure(var properties):
                    for index in properties.indices {
                        // An indirect enum is already a pointer; only structs on the cycle need a box.
                        if let target = inlineTarget(properties[index].type), cyclic[target] == component,
                           !unions.contains(target) {
                            properties[index].isRecursive = true
                        }
                    }
                    declaration.kind = .structure(properties)
                case .union:
                    declaration.isRecursive = true
                default:
                    break
                }
            }
            for index in declaration.nested.indices { mark(&declaration.nested[index], prefix: name) }
        }
        var marked = declarations
        for index in marked.indices { mark(&marked[index], prefix: "") }
        return marked
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

    /// Maps each type on a cycle to an identifier of its strongly connected component (Tarjan's algorithm).
    private static func stronglyConnected(_ edges: [String: Set<String>]) -> [String: Int] {
        // Works on integers: there is a node for every type of the spec.
        let names = edges.keys.sorted()
        var numbers: [String: Int] = [:]
        numbers.reserveCapacity(names.count)
        for (number, name) in names.enumerated() { numbers[name] = number }
        let successors = names.map { name in edges[name]!.compactMap { numbers[$0] }.sorted() }

        var counter = 0
        var indices = [Int](repeating: -1, count: names.count)
        var lowLinks = [Int](repeating: 0, count: names.count)
        var onStack = [Bool](repeating: false, count: names.count)
        var stack: [Int] = []
        var result: [String: Int] = [:]
        var componentID = 0

        // Iterative, so that long reference chains in big specs cannot overflow the stack.
        for start in names.indices where indices[start] < 0 {
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
                        for member in members { result[names[member]] = componentID }
                        componentID += 1
                    }
                }
            }
        }
        return result
    }
}
