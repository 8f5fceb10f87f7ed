/// URI references as RFC 3986 resolves them, for `$ref`s read against a base that `$id` or `$self` sets: a
/// few string operations, no Foundation, which the loader does not otherwise need.
enum URIReference {
    /// The parts of a URI reference: `scheme://authority/path?query#fragment`, each part optional.
    struct Parts {
        var scheme: String?
        var authority: String?
        var path: String
        var query: String?
        var fragment: String?

        init(_ text: String) {
            var rest = Substring(text)
            if let hash = rest.firstIndex(of: "#") {
                fragment = String(rest[rest.index(after: hash)...])
                rest = rest[..<hash]
            }
            if let mark = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: mark)...])
                rest = rest[..<mark]
            }
            // A scheme is letters, digits, `+`, `-` and `.` before the first `:`, starting with a letter.
            if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isASCII, first.isLetter,
               rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
                scheme = rest[..<colon].lowercased()
                rest = rest[rest.index(after: colon)...]
            }
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                let end = rest.firstIndex(of: "/") ?? rest.endIndex
                authority = String(rest[..<end])
                rest = rest[end...]
            }
            path = String(rest)
        }

        /// The URI without its fragment.
        var resource: String {
            var text = ""
            if let scheme { text += scheme + ":" }
            if let authority { text += "//" + authority }
            text += path
            if let query { text += "?" + query }
            return text
        }

        var text: String { resource + (fragment.map { "#" + $0 } ?? "") }
    }

    /// Whether `text` starts with a scheme (`https:`, `file:`): letters, digits, `+`, `-` and `.` up to a `:`,
    /// starting with a letter. Read as bytes: every `$ref` of a spec is asked.
    static func hasScheme(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        guard let first = bytes.next(), (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else {
            return false
        }
        while let byte = bytes.next() {
            if byte == UInt8(ascii: ":") { return true }
            let isSchemeByte = ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            if !isSchemeByte { return false }
        }
        return false
    }

    /// `reference` resolved against the absolute URI `base` (RFC 3986, section 5.2).
    static func resolve(_ reference: String, against base: String) -> String {
        let reference = Parts(reference)
        let base = Parts(base)
        var target = reference
        if reference.scheme != nil {
            target.path = removingDotSegments(reference.path)
        } else if reference.authority != nil {
            target.scheme = base.scheme
            target.path = removingDotSegments(reference.path)
        } else {
            target.scheme = base.scheme
            target.authority = base.authority
            if reference.path.isEmpty {
                target.path = base.path
                target.query = reference.query ?? base.query
            } else if reference.path.hasPrefix("/") {
                target.path = removingDotSegments(reference.path)
            } else {
                let directory = base.path.lastIndex(of: "/").map { String(base.path[...$0]) }
                    ?? (base.authority != nil ? "/" : "")
                target.path = removingDotSegments(directory + reference.path)
            }
        }
        return target.text
    }

    /// The path without `.` and `..` segments, as section 5.2.4 removes them.
    static func removingDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if output.count > 1 || (output.count == 1 && !output[0].isEmpty) { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        return output.joined(separator: "/")
    }

    /// The URI of a file at an absolute path.
    static func fileURI(_ path: String) -> String { "file://" + path }

    /// The absolute path a `file:` URI names, percent escapes decoded; nil for other URIs.
    static func filePath(_ uri: String) -> String? {
        let parts = Parts(uri)
        guard parts.scheme == "file", parts.authority == nil || parts.authority == "" || parts.authority == "localhost"
        else { return nil }
        return parts.path.removingPercentEncodingIfValid ?? parts.path
    }
}
