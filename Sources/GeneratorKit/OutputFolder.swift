public import Diagnostics
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import SwiftEmitter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder generated files are written into. The generator owns only the files it wrote, which it knows by
/// their first line (``SwiftEmitter/headerLine(generatorName:specPath:)``): it creates, rewrites and removes
/// those, and keeps everything else. It never removes a folder.
public struct OutputFolder {
    public let path: String
    /// The generator whose header marks a file as its own.
    public var generatorName: String

    public init(path: String, generatorName: String = EmitterOptions().generatorName) {
        self.path = path
        self.generatorName = generatorName
    }

    /// What the folder holds of Swift files, by who wrote them.
    struct Contents {
        var generated: [String] = []
        var foreign: [String] = []
        /// Staging files a run killed while writing left behind.
        var leftovers: [String] = []
    }

    /// Writes `files` into the folder, creating it if needed, and removes the generated files it held that
    /// `files` no longer has. Each file is written beside its final name and renamed over it once every file is
    /// written, so that a failure while writing leaves the previous output as it was.
    ///
    /// - Parameter overwrite: write even though the folder holds Swift files the generator did not write; those
    ///   named like a generated file are replaced, others kept.
    /// - Throws: ``DiagnosticsError``, one error per file at fault: Swift files the generator did not write
    ///   (without `overwrite`), a path that is not a folder, a file that cannot be written.
    public func write(_ files: [GeneratedFile], overwrite: Bool = false) throws(DiagnosticsError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw DiagnosticsError([.error("the output path exists and is not a folder", at: .start(of: path))])
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw DiagnosticsError([.error("cannot create the output folder: \(Generator.reason(for: error))",
                                              at: .start(of: path))])
            }
        }
        let contents = try self.contents()
        if !overwrite, !contents.foreign.isEmpty {
            throw DiagnosticsError(contents.foreign.map { name in
                .error("'\(path: name)' was not written by \(generatorName): refusing to write beside it (--overwrite writes anyway, replacing only files named like generated ones)",
                       at: .start(of: Paths.join(path, name)))
            })
        }
        for name in contents.leftovers { unlink(Paths.join(path, name)) }
        // A folder in a generated file's place would fail its rename after others had been made.
        let blocked = files.filter { file in
            var status = stat()
            return lstat(Paths.join(path, file.name), &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
        }
        if !blocked.isEmpty {
            throw DiagnosticsError(blocked.map { .error("a folder has the name of a generated file", at: .start(of: Paths.join(path, $0.name))) })
        }

        // Every file in full beside its final name first; renamed into place only once all are written.
        var staged: [(staging: String, final: String)] = []
        for file in files {
            let final = Paths.join(path, file.name)
            let staging = Paths.join(path, Self.stagingName(for: file.name))
            if let code = Self.writeFile(file.contents, to: staging) {
                for entry in staged { unlink(entry.staging) }
                unlink(staging)
                throw DiagnosticsError([.error("cannot write: \(String(cString: strerror(code)))", at: .start(of: final))])
            }
            staged.append((staging, final))
        }
        for (index, entry) in staged.enumerated() where rename(entry.staging, entry.final) != 0 {
            let reason = String(cString: strerror(errno))
            for later in staged[index...] { unlink(later.staging) }
            throw DiagnosticsError([.error("cannot write: \(reason)", at: .start(of: entry.final))])
        }
        let written = Set(files.map(\.name))
        for name in contents.generated where !written.contains(name) {
            unlink(Paths.join(path, name))
        }
    }

    /// The generated files of the folder that differ from `files`: changed, missing, or no longer generated.
    /// Swift files the generator did not write are not its to judge.
    public func staleFiles(_ files: [GeneratedFile]) -> [String] {
        var stale: [String] = []
        for file in files {
            let path = Paths.join(self.path, file.name)
            if FileManager.default.contents(atPath: path) != Data(file.contents.utf8) { stale.append(path) }
        }
        let expected = Set(files.map(\.name))
        let generated = (try? contents().generated) ?? []
        for name in generated.sorted() where !expected.contains(name) {
            stale.append(Paths.join(path, name))
        }
        return stale
    }

    /// The folder's Swift files, sorted, by who wrote them, and the staging files of interrupted runs.
    func contents() throws(DiagnosticsError) -> Contents {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw DiagnosticsError([.error("cannot list the output folder: \(Generator.reason(for: error))",
                                          at: .start(of: path))])
        }
        var result = Contents()
        for name in names {
            if Self.isStagingName(name) {
                // Only a regular file that is empty or starts as a generated file does: a run of ours left it.
                if isOwnFile(name, partly: true) { result.leftovers.append(name) }
            } else if name.hasSuffix(".swift") {
                if isOwnFile(name, partly: false) {
                    result.generated.append(name)
                } else {
                    result.foreign.append(name)
                }
            }
        }
        return result
    }

    /// Whether the folder's entry `name` is a regular file (not a link) whose first line is this generator's header;
    /// or, `partly`, one whose writing stopped anywhere in it, the header's first words included.
    private func isOwnFile(_ name: String, partly: Bool) -> Bool {
        let descriptor = open(Paths.join(path, name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        // The header holds the spec's path, which is at most a few thousand bytes.
        var bytes = [UInt8](repeating: 0, count: 8192)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard count >= 0 else { return false }
        let head = bytes[..<count]
        if partly {
            let opening = Array(SwiftEmitter.headerLine(generatorName: generatorName, specPath: "").utf8.prefix { $0 != 0x2E })
            return head.starts(with: opening.prefix(count))
        }
        let firstLine = head.firstIndex(of: UInt8(ascii: "\n")).map { head[..<$0] } ?? head
        return SwiftEmitter.isGenerated(firstLine: Substring(decoding: firstLine, as: UTF8.self),
                                        generatorName: generatorName)
    }

    /// `.Types.swift.openapi-swift-<random>.tmp`: hidden, and not a Swift file, so that nothing compiles it.
    static func stagingName(for name: String) -> String {
        "." + name + stagingMarker + String(UInt64.random(in: 0...UInt64.max), radix: 36) + ".tmp"
    }

    private static let stagingMarker = ".openapi-swift-"

    static func isStagingName(_ name: String) -> Bool {
        name.hasPrefix(".") && name.hasSuffix(".tmp") && name.contains(stagingMarker)
    }

    /// Writes the text's bytes to a new file; returns the `errno` of a failure.
    private static func writeFile(_ text: String, to path: String) -> Int32? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return errno }
        let failure = Generator.write(text, toDescriptor: descriptor)
        return close(descriptor) != 0 && failure == nil ? errno : failure
    }
}
