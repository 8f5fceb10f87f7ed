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
        let module: ClientModule
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
    public static func generate(specPath: String, moduleName: String, options: EmitterOptions = EmitterOptions(),
                                displayPath: String? = nil, keepingInputsAlive: Bool = false)
        throws(DiagnosticsError) -> Output {
        let loader = DocumentLoader()
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
        var name = base.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { word in
            word.lowercased() == "api" ? "API" : word.prefix(1).uppercased() + word.dropFirst()
        }.joined()
        if name.isEmpty || name.first!.isNumber { name = "Spec" + name }
        return name.hasSuffix("API") ? name : name + "API"
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

    /// Replaces `directory` with exactly `files`. The new content is written beside it first and swapped in
    /// whole, so that a failure leaves the folder as it was.
    public static func write(_ files: [GeneratedFile], to directory: String) throws {
        let fileManager = FileManager.default
        let url = URL(fileURLWithPath: directory)
        let parent = url.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).new-\(UUID().uuidString)")
        let retired = parent.appendingPathComponent(".\(url.lastPathComponent).old-\(UUID().uuidString)")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            for file in files {
                try writeFile(file.contents, to: staging.appendingPathComponent(file.name).path)
            }
            if fileManager.fileExists(atPath: url.path) {
                try fileManager.moveItem(at: url, to: retired)
            }
            try fileManager.moveItem(at: staging, to: url)
            try? fileManager.removeItem(at: retired)
        } catch {
            try? fileManager.removeItem(at: staging)
            if !fileManager.fileExists(atPath: url.path), fileManager.fileExists(atPath: retired.path) {
                try? fileManager.moveItem(at: retired, to: url)
            }
            throw error
        }
    }

    /// Writes the text's bytes as they are stored, without a copy into `Data` first.
    private static func writeFile(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw FileError(path: path, code: errno) }
        defer { close(descriptor) }
        if let failure = write(text, toDescriptor: descriptor) { throw FileError(path: path, code: failure) }
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

    /// What went wrong with a file or folder, in a line: the path and the system's reason.
    public static func message(for error: any Error) -> String {
        if let error = error as? FileError { return error.description }
        if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
            let reason = String(cString: strerror(underlying.code.rawValue))
            return error.filePath.map { "\($0): \(reason)" } ?? reason
        }
        return "\(error)"
    }

    /// A file that could not be written, with the system's reason.
    struct FileError: Error, CustomStringConvertible {
        let path: String
        let code: Int32

        var description: String { "\(path): \(String(cString: strerror(code)))" }
    }

    /// The files of `directory` that differ from `files`: changed, missing or extra.
    public static func staleFiles(_ files: [GeneratedFile], in directory: String) -> [String] {
        let fileManager = FileManager.default
        var stale: [String] = []
        let expected = Set(files.map(\.name))
        for file in files {
            let path = Paths.join(directory, file.name)
            let current = fileManager.contents(atPath: path)
            if current != Data(file.contents.utf8) { stale.append(path) }
        }
        let existing = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
        for name in existing.sorted() where name.hasSuffix(".swift") && !expected.contains(name) {
            stale.append(Paths.join(directory, name))
        }
        return stale
    }
}
