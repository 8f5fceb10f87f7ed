public import Diagnostics
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import IntermediateModel
import OpenAPIModel
public import SwiftEmitter
import Translator
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// The whole pipeline: read a spec, translate it, emit Swift, and write or check the output folder.
public enum Generator {
    public struct Output: Sendable {
        public var files: [GeneratedFile]
        public var warnings: [Diagnostic]
        public let module: ClientModule
        let options: EmitterOptions

        /// Per operation, the Swift types its success answers decode into (worked out on demand: only tests ask).
        public var responseTypes: [ResponseTypes] { SwiftEmitter.responseTypes(of: module, options: options) }
    }

    /// Generates the Swift files of one module from the spec at `specPath`.
    ///
    /// - Parameters:
    ///   - displayPath: how the file headers name the spec; `specPath` by default.
    ///   - keepingInputsAlive: leaves the spec's trees allocated for the life of the process. A command-line run
    ///     ends right after generating, and freeing a big spec's hundreds of thousands of nodes one by one would
    ///     take a good part of its time.
    ///   - referenceRoot: the folder whose files `$ref`s may name; by default the spec's own folder.
    public static func generate(specPath: String, moduleName: String, options: EmitterOptions = EmitterOptions(),
                                displayPath: String? = nil, referenceRoot: String? = nil,
                                keepingInputsAlive: Bool = false) throws(DiagnosticsError) -> Output {
        let loader = DocumentLoader(referenceRoot: referenceRoot)
        let (document, loadWarnings) = try loader.load(path: specPath)
        let (module, translateWarnings) = try Translator.translate(document, moduleName: moduleName,
                                                                   specPath: displayPath ?? specPath)
        let files = SwiftEmitter.emit(module, options: options)
        if keepingInputsAlive {
            _ = Unmanaged.passRetained(Inputs(loader: loader, document: document, module: module))
        }
        return Output(files: files, warnings: loadWarnings + translateWarnings, module: module, options: options)
    }

    /// What a run read and built, kept for the life of the process (see `keepingInputsAlive`).
    private final class Inputs {
        let loader: DocumentLoader
        let document: Document
        let module: ClientModule

        init(loader: DocumentLoader, document: Document, module: ClientModule) {
            self.loader = loader
            self.document = document
            self.module = module
        }
    }

    /// The module name for a spec file: `chat-image.yaml` → `ChatImageAPI`.
    public static func moduleName(forSpec path: String) -> String {
        let base = Paths.removingExtension(Paths.lastComponent(of: path))
        var name = base.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).map { word in
            word.lowercased() == "api" ? "API" : word.prefix(1).uppercased() + word.dropFirst()
        }.joined()
        if name.isEmpty || name.first!.isNumber { name = "Spec" + name }
        return name.hasSuffix("API") ? name : name + "API"
    }

    /// Whether `name` can name a module: an ASCII identifier.
    public static func isModuleName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    /// The specs in a folder: its `.yaml`, `.yml` and `.json` files, sorted. Subfolders hold files that specs
    /// reference and are not generated on their own.
    public static func specs(in directory: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        return names.filter { name in
            let lower = name.lowercased()
            return !name.hasPrefix(".") && (lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json"))
        }.sorted().map { Paths.join(directory, $0) }
    }

    /// Writes all of `text` to an open file descriptor (standard error is 2); returns the `errno` of a failure.
    @discardableResult
    public static func write(_ text: String, toDescriptor descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let count = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return count < 0 ? errno : EIO }
                offset += count
            }
            return nil
        }
    }

    /// What went wrong with a file or folder: the system's reason, without the path (messages are located there).
    public static func reason(for error: any Error) -> String {
        if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue))
        }
        return "\(error)"
    }
}
