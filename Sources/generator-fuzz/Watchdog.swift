#if !LIBFUZZER
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Stops the process, naming the input, when one run takes too long or the process grows too large: what
/// libFuzzer's `-timeout` and `-rss_limit_mb` do.
enum Watchdog {
    /// When the run under way began, in seconds; 0 between runs.
    private static let started = Guarded()

    private final class Guarded: @unchecked Sendable {
        private let lock = DispatchSemaphore(value: 1)
        // Read and written under `lock` only.
        private var value = 0

        func load() -> Int {
            lock.wait()
            defer { lock.signal() }
            return value
        }

        func store(_ newValue: Int) {
            lock.wait()
            value = newValue
            lock.signal()
        }
    }

    static func start(timeout: Int, memoryMiB: Int, input: String) {
        DispatchQueue(label: "watchdog").async {
            while true {
                usleep(200_000)
                let began = started.load()
                if began != 0, time(nil) - began > timeout {
                    printError("hang: one run took over \(timeout) s on \(input)")
                    abort()
                }
                if peakMiB() > memoryMiB {
                    printError("memory: the process grew past \(memoryMiB) MiB on \(input)")
                    abort()
                }
            }
        }
    }

    static func begin() { started.store(time(nil)) }
    static func end() { started.store(0) }

    /// The process's peak resident size so far.
    static func peakMiB() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Int(usage.ru_maxrss) / 1024
    }
}
#endif
