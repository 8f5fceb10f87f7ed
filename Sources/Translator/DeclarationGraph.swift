import IntermediateModel

/// A module's declarations, nested ones included, numbered in pre-order, with the references between them as
/// numbers: the analyses follow references many times over, and numbers are far cheaper to follow than names.
struct DeclarationGraph {
    /// Each declaration's qualified name, by number.
    let names: [String]
    /// The declarations each one refers to, by number; names that are not declarations are left out.
    let successors: [[Int]]
    private let numbers: [String: Int]

    /// - Parameter references: the qualified names a declaration refers to (its nested ones aside); called once
    ///   for each declaration, in the order of their numbers.
    init(_ declarations: borrowing [TypeDeclaration], references: (TypeDeclaration) -> [String]) {
        var names: [String] = []
        var referenced: [[String]] = []
        func collect(_ declaration: TypeDeclaration, prefix: String) {
            let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
            names.append(name)
            referenced.append(references(declaration))
            for nested in declaration.nested { collect(nested, prefix: name) }
        }
        declarations.forEach { collect($0, prefix: "") }
        var numbers: [String: Int] = [:]
        numbers.reserveCapacity(names.count)
        for (number, name) in names.enumerated() { numbers[name] = number }
        self.names = names
        self.numbers = numbers
        successors = referenced.map { $0.compactMap { numbers[$0] } }
    }

    /// The number of the declaration with this qualified name.
    func number(of name: String) -> Int? { numbers[name] }

    /// Calls `body` with each declaration, nested ones included, and its number, letting it change the declaration.
    static func update(_ declarations: inout [TypeDeclaration], _ body: (inout TypeDeclaration, Int) -> Void) {
        var next = 0
        func visit(_ declaration: inout TypeDeclaration) {
            body(&declaration, next)
            next += 1
            for index in declaration.nested.indices { visit(&declaration.nested[index]) }
        }
        for index in declarations.indices { visit(&declarations[index]) }
    }
}
