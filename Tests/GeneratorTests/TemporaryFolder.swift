import Foundation

/// Runs `body` with a new folder of its own under the system's temporary folder, holding `subfolders`, and
/// removes it afterwards.
func withTemporaryFolder(_ subfolders: [String] = [], _ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generator-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for subfolder in subfolders {
        try FileManager.default.createDirectory(atPath: folder + "/" + subfolder, withIntermediateDirectories: true)
    }
    try body(folder)
}
