import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `openapi-swift` executable this package built, run as a user runs it, with the CPU time and the peak
/// memory of the run.
///
/// A small Python process starts the generator and reads its resource usage: a process started straight from
/// this one would report this process's peak memory as its own (Linux carries it over from the parent when a
/// process is created by `vfork` and replaced by `exec`, as `posix_spawn` does), while one started by a small
/// process reports its own, give or take that small process's few megabytes.
struct GeneratorProcess {
    struct Result {
        var status: Int32
        var standardError: String
        var standardOutput: String
        /// User and system time of the run.
        var cpuSeconds: Double
        var peakMiB: Double

        /// The lines printed on standard error.
        var diagnostics: [String] { standardError.split(separator: "\n").map(String.init) }
    }

    private static let measuringScript = """
        import resource, subprocess, sys
        report, directory, command = sys.argv[1], sys.argv[2], sys.argv[3:]
        status = subprocess.call(command, cwd=directory)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(report, "w") as file:
            file.write(f"{status} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
        """

    /// The executable beside the running test bundle, which `swift test` builds with the rest of the package.
    static var executable: String? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("openapi-swift").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// Runs the generator with `arguments` in `directory`, and waits for it.
    static func run(_ arguments: [String], in directory: String) throws -> Result {
        guard let executable else { throw Missing() }
        let output = directory + "/.stdout-\(UUID().uuidString)"
        let errors = directory + "/.stderr-\(UUID().uuidString)"
        let report = directory + "/.usage-\(UUID().uuidString)"
        defer {
            for path in [output, errors, report] { unlink(path) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let command = ["/usr/bin/env", "python3", "-c", measuringScript, report, directory, executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ)
        guard spawned == 0 else { throw SpawnFailure(code: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let fields = read(report).split(separator: " ")
        guard fields.count == 3, let code = Int32(fields[0]), let cpu = Double(fields[1]), let peak = Double(fields[2]) else {
            throw MeasurementFailure(output: read(errors))
        }
        // A process killed by a signal: reported as 128 plus the signal, as shells do.
        return Result(status: code < 0 ? 128 - code : code, standardError: read(errors), standardOutput: read(output),
                      cpuSeconds: cpu, peakMiB: peak / 1024)
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "no openapi-swift executable beside \(CommandLine.arguments[0]); build the package first" }
    }

    struct SpawnFailure: Error {
        var code: Int32
    }

    struct MeasurementFailure: Error, CustomStringConvertible {
        var output: String
        var description: String { "the generator's run could not be measured (python3 is needed): \(output)" }
    }
}
