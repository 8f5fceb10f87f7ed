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
        func mark(_ declaration: TypeDeclaration, prefix: String) -> TypeDeclaration {
            var declaration = declaration
            let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
            if let component = cyclic[name] {
                switch declaration.kind {
                case .structure(let properties):
                    declaration.kind = .structure(properties.map { property in
                        var property = property
                        // An indirect enum is already a pointer; only structs on the cycle need a box.
                        if let target = inlineTarget(property.type), cyclic[target] == component,
                           !unions.contains(target) {
                            property.isRecursive = true
                        }
                        return property
                    })
                case .union:
                    declaration.isRecursive = true
                default:
                    break
                }
            }
            declaration.nested = declaration.nested.map { mark($0, prefix: name) }
            return declaration
        }
        return declarations.map { mark($0, prefix: "") }
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
        var index = 0
        var indices: [String: Int] = [:]
        var lowLinks: [String: Int] = [:]
        var stack: [String] = []
        var onStack: Set<String> = []
        var result: [String: Int] = [:]
        var componentID = 0

        // Iterative, so that long reference chains in big specs cannot overflow the stack.
        for start in edges.keys.sorted() where indices[start] == nil {
            var work: [(node: String, successors: [String], position: Int)] = []
            func push(_ node: String) {
                indices[node] = index
                lowLinks[node] = index
                index += 1
                stack.append(node)
                onStack.insert(node)
                work.append((node, (edges[node] ?? []).sorted(), 0))
            }
            push(start)
            while !work.isEmpty {
                let top = work.count - 1
                let node = work[top].node
                if work[top].position < work[top].successors.count {
                    let next = work[top].successors[work[top].position]
                    work[top].position += 1
                    if indices[next] == nil {
                        if edges[next] != nil { push(next) }
                    } else if onStack.contains(next) {
                        lowLinks[node] = min(lowLinks[node]!, indices[next]!)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node {
                    lowLinks[parent] = min(lowLinks[parent]!, lowLinks[node]!)
                }
                if lowLinks[node] == indices[node] {
                    var members: [String] = []
                    while let member = stack.popLast() {
                        onStack.remove(member)
                        members.append(member)
                        if member == node { break }
                    }
                    let selfLoop = edges[node]?.contains(node) ?? false
                    if members.count > 1 || selfLoop {
                        for member in members { result[member] = componentID }
                        componentID += 1
                    }
                }
            }
        }
        return result
    }
}
