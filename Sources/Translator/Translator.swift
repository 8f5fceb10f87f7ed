public import Diagnostics
public import IntermediateModel
public import OpenAPIModel

/// Builds the intermediate model of a client from an OpenAPI document.
public enum Translator {
    /// - Returns: the module and the warnings found on the way.
    /// - Throws: every error found, located in the spec.
    public static func translate(_ document: Document, moduleName: String, specPath: String)
        throws(DiagnosticsError) -> (module: ClientModule, warnings: [Diagnostic]) {
        let builder = ModuleBuilder(document: document, moduleName: moduleName)
        let module = builder.build(specPath: specPath)
        let diagnostics = builder.types.diagnostics
        if diagnostics.hasErrors {
            throw DiagnosticsError(diagnostics.diagnostics)
        }
        return (module, diagnostics.diagnostics)
    }
}

final class ModuleBuilder {
    let document: Document
    let moduleName: String
    let types: TypeTranslator
    /// Responses from `components/responses` by reference key, once translated (nil: they failed to resolve).
    var sharedResponses: [String: ResponseModel?] = [:]

    init(document: Document, moduleName: String) {
        self.document = document
        self.moduleName = moduleName
        // Names the generated module uses for itself.
        let reserved: Set<String> = [moduleName, "Client", "Servers", "Credentials"]
        types = TypeTranslator(document: document, reservedNames: reserved, diagnostics: DiagnosticCollector())
    }

    func build(specPath: String) -> ClientModule {
        types.declareComponents()
        let schemes = securitySchemes()
        let knownSchemes = Set(schemes.map(\.name))
        let defaultSecurity = security(document.security ?? [], knownSchemes: knownSchemes)
        let operations = self.operations(knownSchemes: knownSchemes, defaultSecurity: defaultSecurity)
        types.buildDeferred()
        let declarations = StorageAnalysis.boxLargeValues(in: DirectionAnalysis.markReceivedOnly(
            in: DuplicateTypes.aliasing(RecursionAnalysis.markRecursion(in: types.topLevel.map { $0.build() }),
                                        specNamed: types.specNamedTypes),
            operations: operations))
        return ClientModule(
            name: moduleName,
            specPath: specPath,
            title: document.info.title,
            version: document.info.version,
            documentation: document.info.description,
            servers: servers(),
            types: declarations,
            operations: operations,
            securitySchemes: schemes,
            defaultSecurity: defaultSecurity
        )
    }

    // MARK: Servers and security

    private func servers() -> [ServerModel] {
        var names = NameScope()
        return document.servers.compactMap { server in
            // A generated client must not stop on its own default server.
            var example = server.url
            for variable in server.variables {
                example = example.replacing("{" + variable.name + "}", with: variable.defaultValue)
            }
            guard Self.isValidURL(example) else {
                types.diagnostics.warning("server URL '\(spec: example)' is not a valid URL; the server is skipped",
                                          at: server.location)
                return nil
            }
            // OpenAPI 3.2's `name` is meant for this; a short description serves too.
            var name = server.name.map(Naming.memberName) ?? server.description.map(Naming.memberName) ?? ""
            if server.name == nil && (name.isEmpty || name.count > 30) {
                // The host, not the scheme (`{scheme}://{host}/v1` is `host`).
                let host = server.url.split(separator: "/").first(where: {
                    !$0.hasSuffix(":") && ($0.contains(".") || $0.contains("{"))
                }) ?? "server"
                name = Naming.memberName(String(host))
            }
            let variables = server.variables.map { variable in
                ServerModel.Variable(name: variable.name, swiftName: Naming.memberName(variable.name),
                                     defaultValue: variable.defaultValue, allowedValues: variable.enumValues,
                                     documentation: variable.description)
            }
            return ServerModel(swiftName: names.claim(name), url: server.url, documentation: server.description,
                               variables: variables)
        }
    }

    /// Whether `text` is made only of the characters a URL may hold (RFC 3986), with no `{variable}` left and
    /// every `%` starting an escape.
    static func isValidURL(_ text: String) -> Bool {
        func isHexDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return false }
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                    return false
                }
            default:
                if !"-._~:/?#[]@!$&'()*+,;=".utf8.contains(byte) { return false }
            }
        }
        return true
    }

    private func securitySchemes() -> [SecuritySchemeModel] {
        // Each scheme is an argument of the client's initializer, beside these.
        var names = NameScope(reserved: ["serverURL", "transport", "middlewares", "options"])
        return document.components.securitySchemes.compactMap { name, value in
            guard let scheme = resolve(value, in: document.references.securitySchemes) else { return nil }
            let kind: SecuritySchemeModel.Kind
            switch scheme.kind {
            case .http(let httpScheme, _):
                switch httpScheme {
                case "bearer": kind = .bearer
                case "basic": kind = .basic
                default:
                    types.diagnostics.warning("http security scheme '\(spec: httpScheme)' is not supported; requests will not carry it",
                                              at: scheme.location)
                    return nil
                }
            case .apiKey(let keyName, let location):
                kind = .apiKey(name: keyName, location: ParameterModel.Location(rawValue: location.rawValue) ?? .header)
            case .oauth2, .openIDConnect:
                kind = .bearerToken
            case .mutualTLS:
                types.diagnostics.warning("mutualTLS is configured on the transport, not by the generated client",
                                          at: scheme.location)
                return nil
            }
            let documentation = scheme.deprecated
                ? "Deprecated." + (scheme.description.map { " " + $0 } ?? "") : scheme.description
            return SecuritySchemeModel(name: name, swiftName: names.claim(Naming.memberName(name)), kind: kind,
                                       documentation: documentation)
        }
    }

    func resolve<T>(_ value: Referenceable<T>, in table: [String: Referenceable<T>]) -> T? {
        var current = value
        var seen: Set<String> = []
        while case .reference(let reference) = current {
            guard seen.insert(reference.key).inserted else {
                types.diagnostics.error("circular '$ref' through '\(spec: reference.text)'", at: reference.location)
                return nil
            }
            guard let next = table[reference.key] else {
                types.diagnostics.error("'$ref' target '\(spec: reference.text)' is not of the expected kind",
                                        at: reference.location)
                return nil
            }
            current = next
        }
        if case .value(let resolved) = current { return resolved }
        return nil
    }

    /// Requirements as alternatives of scheme names, less schemes the generated client cannot apply.
    func security(_ requirements: [SecurityRequirement], knownSchemes: Set<String>) -> [[String]] {
        requirements.map { requirement in
            requirement.schemes.compactMap { scheme -> String? in
                guard knownSchemes.contains(scheme.name) else {
                    if !document.components.securitySchemes.contains(where: { $0.name == scheme.name }) {
                        types.diagnostics.warning("security requirement names unknown scheme '\(spec: scheme.name)'; it is ignored",
                                                  at: scheme.location)
                    }
                    return nil
                }
                return scheme.name
            }
        }
    }
}
