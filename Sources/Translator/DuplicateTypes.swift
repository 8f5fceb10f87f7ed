import IntermediateModel

/// Declares each type only once: a schema written out the same way in several places (the `order: [asc, desc]`
/// of every list operation, the `status` enum of many objects, a component copied under another name) becomes a
/// `typealias` of the first declaration of that shape, so callers can pass one value to all of them and the
/// module compiles one type instead of many. Enums, and unions of named types only (an "expandable" field: an ID
/// or the object it names), are one type whatever their names; objects and other unions only under one name.
///
/// A component schema becomes an alias only of a copy: another component of the same shape and documentation
/// whose name is part of its own (OpenAI's `BetaReasoning` of `Reasoning`, `MessagePhase2` of `MessagePhase`),
/// not one that happens to look alike (`Verbosity` and `SearchContextSize` are both `low`, `medium`, `high`).
/// The plainest name (the shortest, then the first) is the one kept.
enum DuplicateTypes {
    /// `declarations` with duplicate types turned into aliases. `specNamed` holds the qualified names of the
    /// types named in the spec (component schemas and other `$ref` targets); one of them is preferred as the
    /// type the others stand for.
    static func aliasing(_ declarations: [TypeDeclaration], specNamed: Set<String>) -> [TypeDeclaration] {
        // Components first, the plainest name first, so that copies of one point to it. Sorted by position, not
        // as values: declarations are large to copy.
        let components = declarations.indices.filter { specNamed.contains(declarations[$0].name) }
            .map { (length: declarations[$0].name.utf8.count, index: $0) }.sorted { $0 < $1 }.map(\.index)
        var aliasTargets: [String: String] = [:]
        // A copy of a component refers to copies of others: once those are aliases, it may match too. Declarations
        // match only within a signature, so a later round need only go through the signatures of those whose
        // references have since become aliases.
        let signatures = components.map { Shapes.signature(of: declarations[$0]) }
        // A declaration alone in its signature can match none: its references need not be known.
        var signatureCounts: [Int: Int] = [:]
        for signature in signatures { if let signature { signatureCounts[signature, default: 0] += 1 } }
        let references = zip(components, signatures).map { index, signature in
            signature.map { signatureCounts[$0]! > 1 } == true ? referencedNames(in: declarations[index]) : []
        }
        var shapes = Shapes(aliasTargets: aliasTargets)
        var roundSignatures: Set<Int>?
        while true {
            var found: [String: String] = [:]
            for (position, index) in components.enumerated() where aliasTargets[declarations[index].name] == nil {
                guard let signature = signatures[position],
                      roundSignatures?.contains(signature) ?? true else { continue }
                let declaration = declarations[index]
                if let first = shapes.firstDeclaration(like: declaration, named: declaration.name, isSpecNamed: true,
                                                       signature: signature) {
                    found[declaration.name] = first
                }
            }
            guard !found.isEmpty else { break }
            aliasTargets.merge(found) { old, _ in old }
            let dirty = Set(components.indices.compactMap { position in
                references[position].contains(where: { found[$0] != nil }) ? signatures[position] : nil
            })
            // The other signatures' declarations keep their shapes, and so their matches.
            shapes.forget(dirty, aliasTargets: aliasTargets)
            roundSignatures = dirty
        }
        // Then the generator's own types, breadth first, so that a shallower declaration is the one a shape's later
        // copies point to. A component may be the first of a shape, never a copy.
        var level: [(declaration: TypeDeclaration, name: String)] = declarations.map { ($0, $0.name) }
        while !level.isEmpty {
            var next: [(declaration: TypeDeclaration, name: String)] = []
            for (declaration, name) in level where aliasTargets[name] == nil {
                if !specNamed.contains(name),
                   let first = shapes.firstDeclaration(like: declaration, named: name, isSpecNamed: false) {
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
                declaration.isIndirect = false
                // A component's copy is documented as its original is: the alias needs no text of its own.
                if specNamed.contains(name) { declaration.documentation = nil }
            } else if !declaration.nested.isEmpty {
                declaration.nested = declaration.nested.map { rewrite($0, name: name + "." + $0.name) }
            }
            return declaration
        }
        return declarations.map { rewrite($0, name: $0.name) }
    }

    /// The names a declaration and its nested ones refer to.
    private static func referencedNames(in declaration: TypeDeclaration) -> [String] {
        declaration.referencedNames + declaration.nested.flatMap(referencedNames(in:))
    }

    /// The declarations met so far, one of each shape. Shapes are costly to build and compare, so they are only
    /// built for declarations whose cheap signature another one shares.
    private struct Shapes {
        private struct Candidate {
            let declaration: TypeDeclaration
            let name: String
            let isSpecNamed: Bool
            var shape: Shape?
        }

        /// The declarations of one signature. The first stays alone without a shape until a second arrives; from
        /// then on all are shaped and kept by their shapes' hashes, so that each is compared only with those it
        /// may match: a big spec can have thousands of objects of one signature (`{data: [X]}`).
        private struct Bucket {
            var unshaped: Candidate?
            var byShape: [Int: [Candidate]] = [:]
        }

        /// Aliases found already: references to them are compared as references to their targets.
        private var aliasTargets: [String: String]
        private var bySignature: [Int: Bucket] = [:]

        init(aliasTargets: [String: String]) {
            self.aliasTargets = aliasTargets
        }

        /// Drops the declarations of `signatures`, whose shapes change with the new `aliasTargets`, so that they
        /// can be met again.
        mutating func forget(_ signatures: Set<Int>, aliasTargets: [String: String]) {
            self.aliasTargets = aliasTargets
            for signature in signatures { bySignature[signature] = nil }
        }

        /// The name of an earlier declaration of the same shape; nil, after recording this one, if there is none.
        mutating func firstDeclaration(like declaration: TypeDeclaration, named name: String, isSpecNamed: Bool,
                                       signature known: Int? = nil) -> String? {
            guard let signature = known ?? Self.signature(of: declaration) else { return nil }
            guard var bucket = bySignature[signature] else {
                bySignature[signature] = Bucket(unshaped: Candidate(declaration: declaration, name: name,
                                                                    isSpecNamed: isSpecNamed))
                return nil
            }
            if var first = bucket.unshaped {
                first.shape = Shape(first.declaration, qualifiedName: first.name, isSpecNamed: first.isSpecNamed,
                                    aliasTargets: aliasTargets)
                bucket.byShape[first.shape!.matchKey, default: []].append(first)
                bucket.unshaped = nil
            }
            let shape = Shape(declaration, qualifiedName: name, isSpecNamed: isSpecNamed, aliasTargets: aliasTargets)
            let key = shape.matchKey
            // Of the earlier declarations that may match, in the order they were met.
            if let match = bucket.byShape[key]?.first(where: { $0.shape!.matches(shape) }) {
                bySignature[signature] = bucket
                return match.name
            }
            bucket.byShape[key, default: []].append(
                Candidate(declaration: declaration, name: name, isSpecNamed: isSpecNamed, shape: shape))
            bySignature[signature] = bucket
            return nil
        }

        /// What declarations of one shape always share: the kind and the members' names or values. Nil for kinds
        /// that are not worth an alias: aliases, and headers (already declared once).
        static func signature(of declaration: TypeDeclaration) -> Int? {
            var hasher = Hasher()
            switch declaration.kind {
            case .alias, .headers:
                return nil
            case .structure(let properties):
                hasher.combine(0)
                for property in properties {
                    hasher.combine(property.wireName)
                    hasher.combine(property.documentation)
                    hasher.combine(property.constValue)
                    combine(property.type, into: &hasher)
                }
            case .union(let union):
                hasher.combine(1)
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

        /// A type's structure, but not the names it refers to, which comparisons see through aliases.
        private static func combine(_ usage: TypeUsage, into hasher: inout Hasher) {
            switch usage {
            case .named: hasher.combine(0)
            case .optional(let wrapped): hasher.combine(1); combine(wrapped, into: &hasher)
            case .array(let element): hasher.combine(2); combine(element, into: &hasher)
            case .dictionary(let value): hasher.combine(3); combine(value, into: &hasher)
            default: hasher.combine(usage)
            }
        }
    }

    /// What two declarations must share to be one type: everything but their qualified names, their own
    /// documentation and deprecation (which their aliases keep), with references to themselves and to their own
    /// nested types written relative to the declaration, and references to aliases written as their targets.
    private struct Shape {
        let kind: TypeDeclaration.Kind
        let nested: [TypeDeclaration]
        let isIndirect: Bool
        /// Objects and unions of the same fields under different names (a link's `url` and an image's `url`)
        /// are different things that happen to look alike; enums are their values, whatever they are called, and
        /// so are unions of named types only (an expandable field: an ID or the object it names).
        let name: String?
        /// Two components are one type when they are documented alike and one's name is part of the other's:
        /// a copy.
        let component: (name: String, documentation: String?, deprecated: Bool)?

        init(_ declaration: TypeDeclaration, qualifiedName: String, isSpecNamed: Bool, aliasTargets: [String: String]) {
            switch declaration.kind {
            case .stringEnum, .integerEnum: name = nil
            case .union where declaration.nested.isEmpty: name = nil
            default: name = declaration.name
            }
            component = isSpecNamed ? (declaration.name, declaration.documentation, declaration.deprecated) : nil
            let relative = Relative(qualifiedName: qualifiedName, aliasTargets: aliasTargets)
            kind = relative.kind(declaration.kind)
            nested = declaration.nested.map(relative.declaration)
            isIndirect = declaration.isIndirect
        }

        /// Whether one name is part of the other (`BetaReasoning`, `ReasoningParam` of `Reasoning`). Names are
        /// ASCII identifiers, compared as bytes.
        private static func isCopyName(_ name: String, of other: String) -> Bool {
            let (short, long) = name.utf8.count <= other.utf8.count
                ? (Array(name.utf8), Array(other.utf8)) : (Array(other.utf8), Array(name.utf8))
            guard let first = short.first else { return true }
            for start in 0...(long.count - short.count) where long[start] == first {
                if long[start..<start + short.count].elementsEqual(short) { return true }
            }
            return false
        }

        /// A hash that shapes which match share: of what `matches` always compares for equality (names are
        /// compared only in some cases, and components by part).
        var matchKey: Int {
            var hasher = Hasher()
            hasher.combine(isIndirect)
            Self.combine(kind, into: &hasher)
            hasher.combine(nested.count)
            for declaration in nested {
                hasher.combine(declaration.name)
                Self.combine(declaration.kind, into: &hasher)
            }
            return hasher.finalize()
        }

        private static func combine(_ kind: TypeDeclaration.Kind, into hasher: inout Hasher) {
            switch kind {
            case .structure(let properties):
                hasher.combine(0)
                hasher.combine(properties)
            case .union(let union):
                hasher.combine(1)
                hasher.combine(union.cases)
            case .stringEnum(let model):
                hasher.combine(2)
                hasher.combine(model.cases)
            case .integerEnum(let model):
                hasher.combine(3)
                hasher.combine(model.cases)
            case .alias(let target):
                hasher.combine(4)
                hasher.combine(target)
            case .headers(let headers):
                hasher.combine(5)
                hasher.combine(headers.count)
            }
        }

        func matches(_ other: Shape) -> Bool {
            guard kind == other.kind, nested == other.nested, isIndirect == other.isIndirect else { return false }
            guard let component, let otherComponent = other.component else { return name == other.name }
            return component.documentation == otherComponent.documentation
                && component.deprecated == otherComponent.deprecated
                && Self.isCopyName(component.name, of: otherComponent.name)
        }
    }

    /// Rewrites references to a declaration and what it contains as paths from it (`Self`, `Self.Item`).
    private struct Relative {
        let qualifiedName: String
        let aliasTargets: [String: String]

        func declaration(_ declaration: TypeDeclaration) -> TypeDeclaration {
            var declaration = declaration
            declaration.kind = kind(declaration.kind)
            declaration.nested = declaration.nested.map(self.declaration)
            return declaration
        }

        func kind(_ kind: TypeDeclaration.Kind) -> TypeDeclaration.Kind {
            switch kind {
            case .structure(var properties):
                for index in properties.indices { properties[index].type = usage(properties[index].type) }
                return .structure(properties)
            case .union(var union):
                for index in union.cases.indices { union.cases[index].type = usage(union.cases[index].type) }
                return .union(union)
            case .alias(let target):
                return .alias(usage(target))
            case .headers(var headers):
                for index in headers.indices { headers[index].type = usage(headers[index].type) }
                return .headers(headers)
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
                return .named(aliasTargets[name] ?? name)
            case .array(let element): return .array(self.usage(element))
            case .dictionary(let value): return .dictionary(self.usage(value))
            case .optional(let wrapped): return .optional(self.usage(wrapped))
            case .string, .integer, .double, .float, .bool, .date, .base64, .binary, .file, .json, .jsonObject:
                return usage
            }
        }
    }
}
