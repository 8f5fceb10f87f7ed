#if !LIBFUZZER
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftEmitter

/// The promise fuzzing cannot check by itself: what the generator accepts compiles, without warnings. The plain
/// driver type-checks the output of mutants the generator accepts with `swiftc` (`--typecheck MODULES`, the
/// folder holding `APIClientRuntime.swiftmodule`), each distinct output once, and keeps every mutant whose
/// output does not compile, with the compiler's messages, in the crashes folder.
struct TypeChecker {
    let modules: String
    let folder: String
    private var seen: Set<Int> = []
    private(set) var checked = 0
    private(set) var failures = 0

    init(modules: String, folder: String) {
        self.modules = modules
        self.folder = folder
    }

    mutating func check(_ files: [GeneratedFile], input: [UInt8]) {
        var hasher = Hasher()
        for file in files { hasher.combine(file.contents) }
        guard seen.insert(hasher.finalize()).inserted else { return }
        checked += 1
        let work = folder + "/typecheck"
        mkdir(work, 0o755)
        var paths: [String] = []
        for file in files {
            let path = work + "/" + file.name
            _ = MutationDriver.writeFile(path, Array(file.contents.utf8))
            paths.append(path)
        }
        let log = work + "/swiftc.log"
        let status = Self.run(["/usr/bin/env", "swiftc", "-typecheck", "-swift-version", "6", "-warnings-as-errors",
                               "-I", modules, "-module-name", "FuzzAPI"] + paths, output: log)
        for path in paths { unlink(path) }
        guard status != 0 else { return }
        failures += 1
        let name = folder + "/typecheck-\(failures)"
        _ = MutationDriver.writeFile(name + ".yaml", input)
        rename(log, name + ".log")
        printError("does not compile: \(name).yaml (\(name).log)")
    }

    /// Runs a command with standard output and error in `output`; returns its exit status.
    private static func run(_ command: [String], output: String) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}
#endif
