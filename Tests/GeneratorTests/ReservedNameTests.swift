import Foundation
import GeneratorKit
import IntermediateModel
import Testing

/// A spec's type may never take a name that generated code uses for something else: it would shadow it. The
/// reserved names must cover what generated code can name, which these tests read from the sources.
@Suite struct ReservedNameTests {
    private func swiftFiles(in folder: String) -> [String] {
        let root = packageRoot.appendingPathComponent(folder).path
        let names = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".swift") }.sorted().map { root + "/" + $0 }
    }

    /// Lines of Swift code without comments and with string literals emptied, roughly: enough to find names.
    private func code(of file: String) -> [String] {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line -> String in
            var line = String(line)
            if let comment = line.range(of: "//") { line = String(line[..<comment.lowerBound]) }
            return line.replacing(/"(\\.|[^"\\])*"/, with: "\"\"")
        }
    }

    @Test func everyPublicTypeOfTheRuntimeIsReserved() {
        var names: Set<String> = []
        for file in swiftFiles(in: "Sources/APIClientRuntime") {
            for line in code(of: file) {
                for match in line.matches(of: /^public (?:final )?(?:struct|enum|class|protocol|typealias|actor) ([A-Za-z_][A-Za-z0-9_]*)/) {
                    names.insert(String(match.1))
                }
            }
        }
        #expect(names.count > 10)
        #expect(names.filter { !Naming.isReservedTypeName($0) }.sorted() == [])
    }

    @Test func everyTypeNameGeneratedCodeUsesWithoutDeclaringItIsReserved() throws {
        let goldens = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Tests/Goldens").path)
        var unreserved: Set<String> = []
        for golden in goldens.sorted() {
            var declared: Set<String> = []
            var used: Set<String> = []
            for file in swiftFiles(in: "Tests/Goldens/" + golden) {
                for line in code(of: file) {
                    for match in line.matches(of: /\b(?:struct|enum|class|typealias|protocol) ([A-Za-z_][A-Za-z0-9_]*)/) {
                        declared.insert(String(match.1))
                    }
                    for match in line.matches(of: /\b([A-Z][A-Za-z0-9_]*)\b/) { used.insert(String(match.1)) }
                }
            }
            // The module qualifies its own names; `Client`, `Servers` and the rest it declares itself.
            used.remove(Generator.moduleName(forSpec: golden + ".yaml"))
            unreserved.formUnion(used.subtracting(declared).filter { !Naming.isReservedTypeName($0) })
        }
        #expect(unreserved.sorted() == [])
    }
}
