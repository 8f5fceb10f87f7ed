import Diagnostics
import YAML

extension DocumentLoader {
    /// The `components` of the document at `file`, each registered under its reference key, so that `$ref`s to
    /// it resolve without parsing it twice. A section given by `$ref` (not standard, but common) registers its
    /// entries under their keys in the file it names too.
    ///
    /// - Parameter early: what was parsed while the document was read; used where it covers exactly the
    ///   section's entries.
    func parseComponents(_ node: YAMLNode, file: String, early: EarlyParsing?) -> Components {
        var components = Components()
        guard let pairs = mapping(node, "'components'") else { return components }
        for pair in pairs {
            var section: Reference?
            guard let kind = pair.key.scalar,
                  let entries = mapping(resolvingNonStandardReference(pair.value, "a section of 'components'",
                                                                      target: &section),
                                        "'components.\(spec: kind)'") else { continue }
            let named = entries.compactMap { entry in entry.key.scalar.map { (name: $0, node: entry.value) } }
            let schemas = kind != "schemas" ? []
                : early?.schemas.take(for: named.map(\.node), version: version, into: self)
                    ?? named.map { parseSchema($0.node, at: normalized(file), pointer: "/components/schemas/" + Self.escapePointer($0.name)) }
            for (index, (name, entry)) in named.enumerated() {
                let keys = [(file, "/components/\(kind)/" + Self.escapePointer(name))]
                    + (section.map { [($0.file, $0.pointer + "/" + Self.escapePointer(name))] } ?? [])
                func register<T>(_ value: T, in keyPath: WritableKeyPath<ResolvedReferences, [String: T]>) {
                    for (file, pointer) in keys { self.register(value, file: file, pointer: pointer, in: keyPath) }
                }
                switch kind {
                case "schemas":
                    register(schemas[index], in: \.schemas)
                    components.schemas.append((name, schemas[index]))
                case "parameters":
                    if let value = referenceable(entry, .parameter, parseParameter) {
                        register(value, in: \.parameters)
                        components.parameters.append((name, value))
                    }
                case "requestBodies":
                    if let value = referenceable(entry, .requestBody, parseRequestBody) {
                        register(value, in: \.requestBodies)
                        components.requestBodies.append((name, value))
                    }
                case "responses":
                    if let value = referenceable(entry, .response, parseResponse) {
                        register(value, in: \.responses)
                        components.responses.append((name, value))
                    }
                case "headers":
                    if let value = referenceable(entry, .header, parseHeader) {
                        register(value, in: \.headers)
                        components.headers.append((name, value))
                    }
                case "securitySchemes":
                    if let value = referenceable(entry, .securityScheme, parseSecurityScheme) {
                        register(value, in: \.securitySchemes)
                        components.securitySchemes.append((name, value))
                    }
                default:
                    break
                }
            }
        }
        return components
    }
}
