#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a line to standard error.
func printError(_ message: String) {
    var line = message + "\n"
    _ = line.withUTF8 { write(2, $0.baseAddress, $0.count) }
}

#if LIBFUZZER
/// libFuzzer's entry point: `scripts/fuzz` builds this target with `-sanitize=fuzzer -D LIBFUZZER`, and
/// libFuzzer supplies the mutations, the corpus and the limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

/// libFuzzer's driver, which its own `main` calls.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The executable's entry point: SwiftPM links a Swift executable's `main` to `<module>_main`, so libFuzzer's own
/// `main` is not used, and this one starts its driver instead.
@_cdecl("generator_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzTestOneInput)
}
#else
/// Where libFuzzer is not available: a plain mutation fuzzer. It mutates the seed files at random, runs each
/// mutant through ``FuzzTarget``, and stops the process on a mutant that takes longer than `--timeout` seconds
/// or grows memory past `--memory` MiB. The mutant being run is always in `<crashes>/current.yaml`, so that
/// whatever stops the process leaves it behind to reproduce with `generator-fuzz --run FILE`. With
/// `--typecheck MODULES`, what the generator accepts is also compiled (see ``TypeChecker``).
///
///     generator-fuzz [--seconds N] [--timeout S] [--memory MiB] [--crashes DIR] [--seed N] [--typecheck MODULES] SEED...
///     generator-fuzz --run FILE
@main
struct MutationDriver {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func value(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
                  let number = Int(arguments[index + 1]) else { return fallback }
            arguments.removeSubrange(index...index + 1)
            return number
        }
        func text(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
            defer { arguments.removeSubrange(index...index + 1) }
            return arguments[index + 1]
        }
        if let file = text("--run") {
            guard let bytes = readFile(file) else { fail("cannot read \(file)") }
            _ = bytes.withUnsafeBufferPointer(FuzzTarget.run)
            print("\(file): ran to the end")
            return
        }
        let seconds = value("--seconds", 60)
        let timeout = value("--timeout", 10)
        let memory = value("--memory", 1024)
        let crashes = text("--crashes") ?? "fuzz-crashes"
        var typeChecker = text("--typecheck").map { TypeChecker(modules: $0, folder: crashes) }
        var random = SplitMix(seed: UInt64(value("--seed", Int(time(nil)))))
        let seeds = arguments.flatMap(seedFiles).compactMap(readFile)
        guard !seeds.isEmpty else { fail("usage: generator-fuzz [--seconds N] [--timeout S] [--memory MiB] [--crashes DIR] SEED...") }
        mkdir(crashes, 0o755)
        let current = crashes + "/current.yaml"
        Watchdog.start(timeout: timeout, memoryMiB: memory, input: current)
        let deadline = time(nil) + seconds
        var runs = 0
        var lastReport = time(nil)
        while time(nil) < deadline {
            let mutant = Mutator.mutate(seeds[random.below(seeds.count)], seeds: seeds, random: &random)
            guard writeFile(current, mutant) else { fail("cannot write \(current)") }
            Watchdog.begin()
            let files = mutant.withUnsafeBufferPointer(FuzzTarget.run)
            Watchdog.end()
            if let files { typeChecker?.check(files, input: mutant) }
            runs += 1
            if time(nil) - lastReport >= 10 {
                lastReport = time(nil)
                print("\(runs) runs, \(Watchdog.peakMiB()) MiB peak"
                    + (typeChecker.map { ", \($0.checked) type-checked, \($0.failures) not compiling" } ?? ""))
            }
        }
        unlink(current)
        print("\(runs) runs in \(seconds) s without a crash, hang or memory blow-up; \(Watchdog.peakMiB()) MiB peak")
        if let typeChecker {
            print("\(typeChecker.checked) distinct outputs type-checked, \(typeChecker.failures) did not compile")
        }
    }

    static func fail(_ message: String) -> Never {
        printError(message)
        exit(2)
    }

    /// A seed path, or the specs under a seed folder.
    static func seedFiles(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var result: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard !name.hasPrefix(".") else { continue }
            let child = path + "/" + name
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json") {
                result.append(child)
            } else if opendir(child).map({ closedir($0); return true }) == true {
                result += seedFiles(child)
            }
        }
        return result.sorted()
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return bytes
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
        guard let file = fopen(path, "wb") else { return false }
        defer { fclose(file) }
        return fwrite(bytes, 1, bytes.count, file) == bytes.count
    }
}
#endif
