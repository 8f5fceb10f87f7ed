import Diagnostics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading files: only regular ones, of bounded size, inside the folder references may reach.
extension DocumentLoader {
    /// Runs `body` over the bytes of the file at `path`. Files on disk are mapped into memory rather than
    /// copied: libyaml then reads a big spec without waiting for a copy of it. Only regular files are read, and
    /// none larger than ``maximumFileSize``: a device, a pipe or a folder named by a spec is refused, never
    /// waited on.
    ///
    /// - Throws: an error at `location` (the `$ref` that names the file; the file's start for the spec itself)
    ///   when the file cannot be read.
    func withContents<Value>(of path: String, referencedFrom location: SourceLocation?,
                                     _ body: (UnsafeBufferPointer<UInt8>) throws(Diagnostic) -> Value)
        throws(Diagnostic) -> Value {
        func unreadable(_ reason: String?) -> Diagnostic {
            .error("cannot read '\(path: path)'" + (reason.map { ": " + $0 } ?? ""),
                   at: location ?? .start(of: path))
        }
        let tooLarge = "it is larger than \(Self.maximumFileSize >> 20) MiB"
        let fallback: [UInt8]
        if let readFile {
            do { fallback = try readFile(path) } catch { throw unreadable(nil) }
            if fallback.count > Self.maximumFileSize { throw unreadable(tooLarge) }
        } else {
            // Non-blocking, so that opening a FIFO does not wait for a writer.
            let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else { throw unreadable(ReadError(code: errno).reason) }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw unreadable(ReadError(code: errno).reason) }
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw unreadable(ReadError(code: EISDIR).reason)
            default: throw unreadable("not a regular file")
            }
            if status.st_size > Self.maximumFileSize { throw unreadable(tooLarge) }
            if location != nil, let reason = escapeFromReferenceRoot(path) { throw unreadable(reason) }
            if status.st_size > 0,
               let mapped = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0),
               mapped != MAP_FAILED {
                defer { munmap(mapped, Int(status.st_size)) }
                let bytes = mapped.assumingMemoryBound(to: UInt8.self)
                return try body(UnsafeBufferPointer(start: bytes, count: Int(status.st_size)))
            }
            // Empty files, and files whose size the system does not know (some under /proc).
            switch Self.readAll(from: descriptor, limit: Self.maximumFileSize) {
            case .success(let bytes): fallback = bytes
            case .failure(let error): throw unreadable(error.code == EFBIG ? tooLarge : error.reason)
            }
        }
        return try fallback.withUnsafeBufferPointer { buffer throws(Diagnostic) in try body(buffer) }
    }

    /// Why the file at `path` is outside the reference root once symbolic links are followed, if it is.
    func escapeFromReferenceRoot(_ path: String) -> String? {
        guard let root = referenceRoot else { return nil }
        if realReferenceRoot == nil { realReferenceRoot = Self.realPath(root) ?? root }
        guard let real = Self.realPath(path) else { return nil }
        guard !Paths.isInside(real, folder: realReferenceRoot!) else { return nil }
        return "it is a link to '\(path: real)', outside '\(path: root)', the folder references may reach"
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What is left to read from `descriptor`, or the `errno` of the failure (`EFBIG` past `limit` bytes).
    static func readAll(from descriptor: Int32, limit: Int) -> Result<[UInt8], ReadError> {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= limit else { return .failure(ReadError(code: EFBIG)) }
                bytes.append(contentsOf: repeatElement(0, count: bytes.count))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(code: errno))
            }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }

    struct ReadError: Error {
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }

}
