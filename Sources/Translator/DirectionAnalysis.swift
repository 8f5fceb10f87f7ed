import IntermediateModel

/// Finds the types that only ever come back from the server: reachable from a response and from no request.
///
/// Their properties are constants. A stored `var` costs a debug build a setter, two `modify` coroutines and,
/// when optional, an initial-value function besides its getter; on big specs most types are only received.
/// Types no operation reaches (schemas for webhooks, or for messages sent another way) stay mutable.
enum DirectionAnalysis {
    static func markReceivedOnly(in declarations: consuming [TypeDeclaration], operations: [OperationModel])
        -> [TypeDeclaration] {
        let graph = DeclarationGraph(declarations, references: \.referencedNames)
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
                    case .eventStream(let item, _), .jsonSequence(let item, _, _): receivedRoots.append(item)
                    case .binary, .text: break
                    }
                }
                if let shared = response.sharedHeadersType { receivedRoots.append(.named(shared)) }
            }
        }
        let sent = reachable(from: sentRoots, in: graph)
        let received = reachable(from: receivedRoots, in: graph)
        // In place: declarations are large to copy.
        DeclarationGraph.update(&declarations) { declaration, number in
            declaration.isReceivedOnly = received[number] && !sent[number]
        }
        return declarations
    }

    /// Which declarations, by number, the roots reach.
    private static func reachable(from roots: [TypeUsage], in graph: DeclarationGraph) -> [Bool] {
        var seen = [Bool](repeating: false, count: graph.names.count)
        var pending = roots.flatMap(\.namedTypes).compactMap(graph.number(of:))
        while let number = pending.popLast() {
            guard !seen[number] else { continue }
            seen[number] = true
            pending += graph.successors[number]
        }
        return seen
    }
}
