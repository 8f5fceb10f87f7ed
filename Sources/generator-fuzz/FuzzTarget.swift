import Diagnostics
import OpenAPIModel
import SwiftEmitter
import Translator

/// One input through every stage of the generator: YAML, OpenAPI model, translation, Swift.
///
/// Whatever the bytes, a run must end normally, soon, and keep two promises the generator makes: every
/// diagnostic is one line without control characters, and no generated line holds a character that could end
/// a comment or hide code. A broken promise stops the process, as a crash does, so that fuzzers report it.
enum FuzzTarget {
    /// The input is the spec; after a line `#%file`, the rest is a second file, `/fuzz/other.yaml`, that the
    /// spec may refer to, so that references across files are tried too.
    /// - Returns: the generated files, when the input was a spec the generator accepts.
    @discardableResult
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) -> [GeneratedFile]? {
        let marker = Array("\n#%file\n".utf8)
        var main = Array(bytes)
        var other: [UInt8] = []
        if let range = firstRange(of: marker, in: main) {
            other = Array(main[range.upperBound...])
            main.removeSubrange(range.lowerBound...)
        }
        let files = ["/fuzz/spec.yaml": main, "/fuzz/other.yaml": other]
        let loader = DocumentLoader(readFile: { path in
            guard let contents = files[path] else { throw MissingFile() }
            return contents
        })
        let document: Document
        do {
            let (loaded, warnings) = try loader.load(path: "/fuzz/spec.yaml")
            check(warnings)
            document = loaded
        } catch {
            check(error.diagnostics)
            return nil
        }
        do {
            let (module, warnings) = try Translator.translate(document, moduleName: "FuzzAPI", specPath: "spec.yaml")
            check(warnings)
            let files = SwiftEmitter.emit(module)
            for file in files { check(file) }
            return files
        } catch {
            check(error.diagnostics)
            return nil
        }
    }

    private struct MissingFile: Error {}

    private static func check(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            let line = diagnostic.description
            if line.unicodeScalars.contains(where: SpecText.needsEscape) {
                fatalError("a diagnostic holds a control character: \(SpecText.escaped(line, limit: nil))")
            }
        }
    }

    private static func check(_ file: GeneratedFile) {
        for line in file.contents.split(separator: "\n", omittingEmptySubsequences: false)
        where line.unicodeScalars.contains(where: { $0 != "\t" && SpecText.needsEscape($0) }) {
            fatalError("\(file.name) holds a control character: \(SpecText.escaped(line, limit: 200))")
        }
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start..<start + needle.count }
        }
        return nil
    }
}
