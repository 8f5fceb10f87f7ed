/// Paths handled as text, the way the generator needs them: no file system access and no Foundation, so that
/// the generator starts without loading it.
public enum Paths {
    /// The path without its last component: `specs/a.yaml` → `specs`, `a.yaml` → ``, `/a.yaml` → `/`.
    public static func directory(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// `component` appended to `directory` with one slash between them.
    public static func join(_ directory: String, _ component: String) -> String {
        if directory.isEmpty { return component }
        return directory.hasSuffix("/") ? directory + component : directory + "/" + component
    }

    /// The last component: `specs/a.yaml` → `a.yaml`.
    public static func lastComponent(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// A file name without its extension: `a.yaml` → `a`; a name that only starts with a dot keeps it.
    public static func removingExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var result = Substring(path)
        while result.count > 1 && result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }

    /// `path` made absolute against `directory` (itself absolute) with `.` and `..` segments and repeated
    /// slashes resolved as text, without asking the file system: `/a/b/../c` → `/a/c`. A `~` is a name like any
    /// other; `..` at the root stays there.
    public static func normalized(_ path: String, in directory: String) -> String {
        let absolute = path.hasPrefix("/") ? path : directory + "/" + path
        var segments: [Substring] = []
        for segment in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return "/" + segments.joined(separator: "/")
    }

    /// Whether the normalized `path` is `folder` or lies inside it (both absolute and normalized).
    public static func isInside(_ path: String, folder: String) -> Bool {
        if folder == "/" || path == folder { return true }
        return path.utf8.starts(with: folder.utf8) && path.utf8.dropFirst(folder.utf8.count).first == UInt8(ascii: "/")
    }
}
