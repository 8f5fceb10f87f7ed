import IntermediateModel

/// Declares each inline type only once: an inline schema written out the same way in several places (the
/// `order: [asc, desc]` of every list operation, the `status` enum of many objects) becomes a `typealias` of
/// the first declaration of that shape, so callers can pass one value to all of them and the module
/// compiles one type instead of many.
///
/// Only types the generator named are turned into aliases. Two component schemas of the same shape stay
/// distinct types: their authors named them apart, and may change one without the other.
enum DuplicateTypes {
    /// `declarations` with duplicate inline types turned into aliases. `specNamed` holds the qualified names
    /// of the types named in the spec (component schemas and other `$ref` targets); one of them is preferred
    /// as the type the others stand for.
    static func aliasing(_ declarations: [TypeDeclaration], specNamed: Set<String>) -> [TypeDeclaration] {
        var shapes = Shapes()
        var aliasTargets: [String: String] = [:]
        // Spec-named types first, so that the copies of one point to it; they are never aliases themselves.
        for declaration in declarations where specNamed.contains(declaration.name) {
            _ = shapes.firstDeclaration(like: declaration, named: declaration.name)
        }
        // Then breadth first, so that a shallower declaration is the one a shape's later copies point to.
        var level: [(declaration: TypeDeclaration, name: String)] = declarations.map { ($0, $0.name) }
        while !level.isEmpty {
            var next: [(declaration: TypeDeclaration, name: String)] = []
            for (declaration, name) in level {
                if !specNamed.contains(name), let first = shapes.firstDeclaration(like: declaration, named: name) {
                    aliasTargets[name] = first
                    // Its nested types go with it: the alias reaches those of the type it stands for.
                    continue
                }
                next += declaration.nested.map { ($0, name + "." + $0.name) }
            }
            level = next
        }
        guard !aliasTargets.isEmpty else { return declarations }
        func rewrite(_ declaration: TypeDeclaration, name: String) -> TypeDeclaration {
            var declaration = declaration
            if let target = aliasTargets[name] {
                declaration.kind = .alias(.named(target))
                declaration.nested = []
                declaration.isRecursive = false
            } else if !declaration.nested.isEmpty {
                declaration.nested = declaration.nested.map { rewrite($0, name: name + "." + $0.name) }
            }
            return declaration
        }
        return declarations.map { rewrite($0, name: $0.name) }
    }

    /// The declarations met so far, one of each shape. Shapes are costly to build and compare, so they are only
    /// built for declarations whose cheap signature another one shares.
    private struct Shapes {
        private struct Candidate {
            let declaration: TypeDeclaration
            let name: String
            var shape: Shape?
        }

        private var bySignature: [Int: [Candidate]] = [:]

        /// The name of an earlier declaration of the same shape; nil, after recording this one, if there is none.
        mutating func firstDeclaration(like declaration: TypeDeclaration, named name: String) -> String? {
            guard let signature = Self.signature(of: declaration) else { return nil }
            guard var candidates = bySignature[signature] else {
                bySignature[signature] = [Candidate(declaration: declaration, name: name)]
                return nil
            }
            let shape = Shape(declaration, qualifiedName: name)
            for index in candidates.indices {
                if candidates[index].shape == nil {
                    candidates[index].shape = Shape(candidates[index].declaration, qualifiedName: candidates[index].name)
                }
                if candidates[index].shape == shape {
                    bySignature[signature] = candidates
                    return candidates[index].name
                }
            }
            candidates.append(Candidate(declaration: declaration, name: name, shape: shape))
            bySignature[signature] = candidates
            return nil
        }

        /// What declarations of one shape always share: the kind, the members' names or values, and for objects
        /// the name. Nil for kinds that are not worth an alias: aliases, and headers (already declared once).
        private static func signature(of declaration: TypeDeclaration) -> Int? {
            var hasher = Hasher()
            switch declaration.kind {
            case .alias, .headers:
                return nil
            case .structure(let properties):
                hasher.combine(0)
                hasher.combine(declaration.name)
                for property in properties { hasher.combine(property.wireName) }
            case .union(let union):
                hasher.combine(1)
                hasher.combine(declaration.name)
                for item in union.cases { hasher.combine(item.swiftName) }
            case .stringEnum(let model):
                hasher.combine(2)
                for item in model.cases { hasher.combine(item.value) }
            case .integerEnum(let model):
                hasher.combine(3)
                for item in model.cases { hasher.combine(item.value) }
            }
            hasher.combine(declaration.nested.count)
            return hasher.finalize()
        }
    }

    /// What two declarations must share to be one type: everything but their qualified names, their own
    /// documentation and deprecation (which their aliases keep), with references to themselves and to their own
    /// nested types written relative to the declaration.
    private struct Shape: Equatable {
        let kind: TypeDeclaration.Kind
        let nested: [TypeDeclaration]
        let isRecursive: Bool
        /// Structs and unions also share their name: two objects of the same fields under different names
        /// (a link's `url` and an image's `url`) are different things that happen to look alike. Enums are
        /// their values, whatever they are called.
        let name: String?

        init(_ declaration: TypeDeclaration, qualifiedName: String) {
            switch declaration.kind {
            case .stringEnum, .integerEnum: name = nil
            default: name = declaration.name
            }
            let relative = Relative(qualifiedName: qualifiedName)
            kind = relative.kind(declaration.kind)
            nested = declaration.nested.map(relative.declaration)
            isRecursive = declaration.isRecursive
        }
    }

    /// Rewrites references to a declaration and what it contains as paths from it (`Self`, `Self.Item`).
    private struct Relative {
        let qualifiedName: String

        func declaration(_ declaration: TypeDeclaration) -> TypeDeclaration {
            var declaration = declaration
            declaration.kind = kind(declaration.kind)
            declaration.nested = declaration.nested.map(self.declaration)
            return declaration
        }

        func kind(_ kind: TypeDeclaration.Kind) -> TypeDeclaration.Kind {
            switch kind {
            case .structure(let properties):
                return .structure(properties.map { property in
                    var property = property
                    property.type = usage(property.type)
                    return property
                })
            case .union(var union):
                union.cases = union.cases.map { item in
                    var item = item
                    item.type = usage(item.type)
                    return item
                }
                return .union(union)
            case .alias(let target):
                return .alias(usage(target))
            case .headers(let headers):
                return .headers(headers.map { header in
                    var header = header
                    header.type = usage(header.type)
                    return header
                })
            case .stringEnum, .integerEnum:
                return kind
            }
        }

        func usage(_ usage: TypeUsage) -> TypeUsage {
            switch usage {
            case .named(let name):
                if name == qualifiedName { return .named("Self") }
                if name.hasPrefix(qualifiedName), name.utf8.dropFirst(qualifiedName.utf8.count).first == UInt8(ascii: ".") {
                    return .named("Self" + name.dropFirst(qualifiedName.count))
                }
                return usage
            case .array(let element): return .array(self.usage(element))
            case .dictionary(let value): return .dictionary(self.usage(value))
            case .optional(let wrapped): return .optional(self.usage(wrapped))
            case .string, .integer, .double, .float, .bool, .date, .base64, .binary, .file, .json, .jsonObject:
                return usage
            }
        }
    }
}
