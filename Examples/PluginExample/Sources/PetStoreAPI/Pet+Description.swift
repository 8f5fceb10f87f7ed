// Hand-written code lives beside the generated code of the same module.
extension Pet: CustomStringConvertible {
    public var description: String { "\(name) the \(kind.rawValue)" }
}
