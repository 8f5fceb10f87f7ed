import IntermediateModel

extension EmitContext {
    func clientFile() -> String {
        var writer = CodeWriter()
        var summary = module.title.isEmpty ? module.name : module.title
        if !module.version.isEmpty { summary += " (version \(module.version))" }
        writer.documentation("A client for \(summary).")
        if let documentation = module.documentation, !documentation.allSatisfy(\.isWhitespace) {
            writer.line("///")
            writer.documentation(documentation)
        }
        writer.block("\(access) struct Client: Sendable") { writer in
            writer.line("/// The server URL, transport, middlewares and credentials every operation uses.")
            writer.line("\(access) var core: ClientCore")
            writer.line()
            writeInit(into: &writer)
        }
        if !module.servers.isEmpty {
            writer.line()
            writeServers(into: &writer)
        }
        return header(imports: [
            // Re-exported, so that importing a generated module is enough to use it.
            "@_exported import APIClientRuntime", "import Foundation", "@_exported import HTTPTypes",
            "@_exported import OpenAPIRuntime",
        ]) + writer.text
    }

    private func writeInit(into writer: inout CodeWriter) {
        writer.line("/// Creates a client.")
        writer.line("///")
        writer.line("/// - Parameters:")
        writer.line("///   - serverURL: The base URL that operation paths are appended to.")
        writer.line("///   - transport: Sends requests, such as `URLSessionTransport` or `AsyncHTTPClientTransport`.")
        writer.line("///   - middlewares: Run in order around every request.")
        var arguments: [String] = []
        if let first = module.servers.first {
            arguments.append("serverURL: URL = Servers.\(SwiftSyntax.identifier(first.swiftName))\(first.variables.isEmpty ? "" : "()")")
        } else {
            arguments.append("serverURL: URL")
        }
        arguments.append("transport: any ClientTransport")
        arguments.append("middlewares: [any ClientMiddleware] = []")
        for scheme in module.securitySchemes {
            let name = SwiftSyntax.identifier(scheme.swiftName)
            var text = "///   - \(scheme.swiftName): "
            switch scheme.kind {
            case .bearer, .bearerToken:
                arguments.append("\(name): String? = nil")
                text += "The bearer token for `\(scheme.name)`"
            case .basic:
                arguments.append("\(name): (username: String, password: String)? = nil")
                text += "The user name and password for `\(scheme.name)`"
            case .apiKey(let keyName, let location):
                arguments.append("\(name): String? = nil")
                text += "The API key for `\(scheme.name)`, sent in the \(location.rawValue) `\(keyName)`"
            }
            writer.line(text + (scheme.documentation.map { ": " + oneLine($0) } ?? "."))
        }
        writer.line("///   - options: What every call sends beyond its arguments, its timeouts and its retry policy.")
        arguments.append("options: RequestOptions = .init()")
        writer.block("\(access) init(\(arguments.joined(separator: ", ")))") { writer in
            var credentials: [String] = []
            var kinds: [String] = []
            for scheme in module.securitySchemes {
                let name = SwiftSyntax.identifier(scheme.swiftName)
                let key = SwiftSyntax.stringLiteral(scheme.name)
                switch scheme.kind {
                case .bearer, .bearerToken:
                    credentials.append("\(key): \(name).map(Credential.bearer)")
                    kinds.append("\(key): .bearer")
                case .basic:
                    credentials.append("\(key): \(name).map { .basic(username: $0.username, password: $0.password) }")
                    kinds.append("\(key): .basic")
                case .apiKey(let keyName, let location):
                    credentials.append("\(key): \(name).map(Credential.apiKey)")
                    let kind = location == .query ? "apiKeyQuery" : location == .cookie ? "apiKeyCookie" : "apiKeyHeader"
                    kinds.append("\(key): .\(kind)(\(SwiftSyntax.stringLiteral(keyName)))")
                }
            }
            let credentialList = credentials.isEmpty ? "[:]" : "[" + credentials.joined(separator: ", ") + "].compactMapValues { $0 }"
            let kindList = kinds.isEmpty ? "[:]" : "[" + kinds.joined(separator: ", ") + "]"
            writer.line("core = ClientCore(")
            writer.indent()
            writer.line("serverURL: serverURL, transport: transport, middlewares: middlewares,")
            writer.line("credentials: \(credentialList),")
            writer.line("securitySchemes: \(kindList),")
            if !module.defaultSecurity.isEmpty {
                writer.line("defaultSecurity: \(securityList(module.defaultSecurity)),")
            }
            writer.line("options: options")
            writer.dedent()
            writer.line(")")
        }
    }

    private func writeServers(into writer: inout CodeWriter) {
        writer.line("/// The servers the spec lists.")
        writer.block("\(access) enum Servers") { writer in
            for (index, server) in module.servers.enumerated() {
                if index > 0 { writer.line() }
                writer.documentation(server.documentation ?? server.url)
                let name = SwiftSyntax.identifier(server.swiftName)
                if server.variables.isEmpty {
                    writer.line("\(access) static let \(name) = URL(string: \(SwiftSyntax.stringLiteral(server.url)))!")
                    continue
                }
                let arguments = server.variables.map { variable in
                    "\(SwiftSyntax.identifier(variable.swiftName)): String = \(SwiftSyntax.stringLiteral(variable.defaultValue))"
                }
                writer.block("\(access) static func \(name)(\(arguments.joined(separator: ", "))) -> URL") { writer in
                    let values = server.variables.map {
                        SwiftSyntax.stringLiteral($0.name) + ": " + SwiftSyntax.identifier($0.swiftName)
                    }
                    writer.line("URL(serverTemplate: \(SwiftSyntax.stringLiteral(server.url)), [\(values.joined(separator: ", "))])")
                }
            }
        }
    }
}

