public import Diagnostics
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import YAML

/// Settings from a configuration file, for runs that cannot take flags (a build plugin) or should not repeat
/// them. The build plugin reads `openapi-swift-config.yaml` beside a target's spec; the command line reads the
/// file `--config` names. Flags given on the command line win.
///
/// ```yaml
/// access: package        # public (default), package or internal
/// refRoot: ../shared     # the folder $refs may reach, relative to this file (default: the spec's folder)
/// ```
public struct Configuration: Sendable, Equatable {
    /// The access level of generated declarations.
    public var access: String?
    /// The folder whose files `$ref`s may name, resolved against the configuration file's folder.
    public var referenceRoot: String?

    public init(access: String? = nil, referenceRoot: String? = nil) {
        self.access = access
        self.referenceRoot = referenceRoot
    }

    /// Reads the configuration file at `path`.
    /// - Throws: one located error per unknown key or unusable value, or for a file that cannot be read.
    public static func load(path: String) throws(DiagnosticsError) -> Configuration {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
            throw DiagnosticsError([.error("cannot read the configuration file", at: .start(of: path))])
        }
        let root: YAMLNode
        do {
            root = try YAMLParser.parse(bytes: Array(data), file: path)
        } catch {
            throw DiagnosticsError([error])
        }
        if root.isNull { return Configuration() }
        guard let pairs = root.pairs else {
            throw DiagnosticsError([.error("a configuration must be a mapping, found \(root.kindDescription)", at: root.location)])
        }
        var configuration = Configuration()
        var errors: [Diagnostic] = []
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            let value = pair.value.isStringScalar ? pair.value.scalar : nil
            switch key {
            case "access":
                if let value, ["public", "package", "internal"].contains(value) {
                    configuration.access = value
                } else {
                    errors.append(.error("'access' must be public, package or internal", at: pair.value.location))
                }
            case "refRoot":
                if let value, !value.isEmpty {
                    configuration.referenceRoot = value.hasPrefix("/") ? value : Paths.join(Paths.directory(of: path), value)
                } else {
                    errors.append(.error("'refRoot' must be the path of a folder", at: pair.value.location))
                }
            default:
                errors.append(.error("unknown configuration key '\(spec: key)' (access and refRoot are known)", at: pair.key.location))
            }
        }
        if !errors.isEmpty { throw DiagnosticsError(errors) }
        return configuration
    }
}
