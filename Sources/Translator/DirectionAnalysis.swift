import IntermediateModel

/// Finds the types that only ever come back from the server: reachable from a response and from no request.
///
/// Their properties are constants. A stored `var` costs a debug build a setter, two `modify` coroutines and,
/// when optional, an initial-value function besides its getter; on big specs most types are only received.
/// Types no operation reaches (schemas for webhooks, or for messages sent another way) stay mutable.
enum DirectionAnalysis {
    static func markReceivedOnly(in declarations: [TypeDeclaration], operations: [OperationModel])
        -> [TypeDeclaration] {
        var references: [String: [String]] = [:]
        func collect(_ declaration: TypeDeclaration, prefix: String) {
            let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
            references[name] = declaration.referencedNames
            for nested in declaration.nested { collect(nested, prefix: name) }
        }
        declarations.forEach { collect($0, prefix: "") }

        var sentRoots: [TypeUsage] = []
        var receivedRoots: [TypeUsage] = []
        for operation in operations {
            sentRoots += operation.parameters.map(\.type)
            if let body = operation.body { sentRoots.append(body.type) }
            for response in operation.responses {
                receivedRoots += response.headers.map(\.type)
                for content in response.contents {
                    switch content {
                    case .json(_, let type): receivedRoots.append(type)
                    case .eventStream(let item, _): receivedRoots.append(item)
                    case .binary, .text: break
                    }
                }
                if let shared = response.sharedHeadersType { receivedRoots.append(.named(shared)) }
            }
        }
        let sent = reachable(from: sentRoots, references: references)
        let received = reachable(from: receivedRoots, references: references)

        // In place: declarations are large to copy.
        func mark(_ declaration: inout TypeDeclaration, prefix: String) {
            let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
            declaration.isReceivedOnly = received.contains(name) && !sent.contains(name)
            for index in declaration.nested.indices { mark(&declaration.nested[index], prefix: name) }
        }
        var marked = declarations
        for index in marked.indices { mark(&marked[index], prefix: "") }
        return marked
    }

    private static func reachable(from roots: [TypeUsage], references: [String: [String]]) -> Set<String> {
        var seen: Set<String> = []
        var pending = roots.flatMap(\.namedTypes)
        while let name = pending.popLast() {
            guard seen.insert(name).inserted else { continue }
            pending += references[name] ?? []
        }
        return seen
    }
}
