import ArgumentParser
import Diagnostics
import GeneratorKit
import SwiftEmitter

@main
struct OpenAPISwift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi-swift",
        abstract: "Generates Swift clients from OpenAPI 3.0, 3.1 and 3.2 specs.",
        subcommands: [GenerateAll.self, Generate.self],
        defaultSubcommand: GenerateAll.self
    )
}

enum AccessLevel: String, ExpressibleByArgument, CaseIterable {
    case `public`, `package`, `internal`
}

struct CommonOptions: ParsableArguments {
    @Flag(help: "Generate in memory and fail, naming the stale files, if the output folder differs.")
    var check = false

    @Option(help: "The access level of generated declarations (default: public).")
    var access: AccessLevel?

    @Option(help: ArgumentHelp("A configuration file (access, refRoot); flags given here win.", valueName: "file"))
    var config: String?

    @Flag(help: "Do not print warnings and notes.")
    var quiet = false

    @Flag(help: "Fail on warnings: every construct the generator leaves out or reads loosely becomes an error.")
    var strict = false

    @Flag(help: "Write into an output folder that also holds Swift files the generator did not write: those named like a generated file are replaced, others kept.")
    var overwrite = false

    @Option(help: ArgumentHelp("The folder whose files `$ref`s may name, subfolders included (default: the spec's own folder).", valueName: "folder"))
    var refRoot: String?

    @Option(help: ArgumentHelp("Write exactly this many Types<n>.swift files (for build tool plugins, which name their outputs in advance).", valueName: "count"))
    var typeFiles: Int?

    @Option(help: ArgumentHelp("Write exactly this many Operations<n>.swift files.", valueName: "count"))
    var operationFiles: Int?

    /// The settings of this run: the flags, then the configuration file's for those not given.
    func settings() throws(DiagnosticsError) -> (emitter: EmitterOptions, referenceRoot: String?) {
        let file = try config.map { path throws(DiagnosticsError) in try Configuration.load(path: path) } ?? Configuration()
        var options = EmitterOptions(accessLevel: access?.rawValue ?? file.access ?? AccessLevel.public.rawValue)
        if typeFiles != nil || operationFiles != nil {
            options.fixedFileCounts = (typeFiles ?? 1, operationFiles ?? 1)
        }
        return (options, refRoot ?? file.referenceRoot)
    }
}

/// Runs one spec through the pipeline; returns false when it failed or, with --check, when output is stale.
func generateModule(spec: String, module: String, output: String, options: CommonOptions) -> Bool {
    let generated: Generator.Output
    let emitterOptions: EmitterOptions
    do {
        let settings = try options.settings()
        emitterOptions = settings.emitter
        generated = try Generator.generate(specPath: spec, moduleName: module, options: settings.emitter,
                                           referenceRoot: settings.referenceRoot, keepingInputsAlive: true)
    } catch {
        report(error.diagnostics, options: options)
        return false
    }
    if options.strict, generated.warnings.contains(where: { $0.severity == .warning }) {
        report(generated.warnings.map { warning in
            var diagnostic = warning
            if diagnostic.severity == .warning { diagnostic.severity = .error }
            return diagnostic
        }, options: options)
        return false
    }
    report(generated.warnings, options: options)
    let folder = OutputFolder(path: output, generatorName: emitterOptions.generatorName)
    if options.check {
        let stale = folder.staleFiles(generated.files)
        report(stale.map { .error("out of date with '\(path: spec)'; run openapi-swift to regenerate", at: .start(of: $0)) },
               options: options)
        return stale.isEmpty
    }
    do {
        try folder.write(generated.files, overwrite: options.overwrite)
    } catch {
        report(error.diagnostics, options: options)
        return false
    }
    if !options.quiet {
        let module = generated.module
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        print("\(SpecText.escaped(spec, limit: nil)) → \(SpecText.escaped(output, limit: nil)): "
            + "\(count(module.operations.count, "operation")) and \(count(module.types.count, "type")) in \(count(generated.files.count, "file"))")
    }
    return true
}

/// Prints diagnostics one per line on standard error, warnings and notes only without --quiet. Past
/// `errorLimit` errors the rest are counted rather than printed, as compilers do: a broken generated spec can
/// have thousands.
func report(_ diagnostics: [Diagnostic], options: CommonOptions) {
    let errorLimit = 100
    var errors = 0
    for diagnostic in diagnostics where !(options.quiet && diagnostic.severity != .error) {
        if diagnostic.severity == .error {
            errors += 1
            if errors > errorLimit { continue }
        }
        printError(diagnostic.description)
    }
    if errors > errorLimit, let first = diagnostics.first(where: { $0.severity == .error })?.location {
        printError(Diagnostic(.note, "\(errors - errorLimit) more errors not shown",
                              at: .start(of: first.file)).description)
    }
}

func printError(_ text: String) {
    Generator.write(text + "\n", toDescriptor: 2)
}

extension OpenAPISwift {
    struct GenerateAll: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "all",
            abstract: "Regenerate a module for every spec in the specs folder (the default)."
        )

        @Option(help: "The folder of specs; each top-level .yaml, .yml or .json file becomes a module.")
        var specs = "specs"

        @Option(help: "The folder that receives one subfolder per module.")
        var output = "Generated"

        @OptionGroup var options: CommonOptions

        func run() throws {
            let paths: [String]
            do {
                paths = try Generator.specs(in: specs)
            } catch {
                report([.error("cannot list specs: \(Generator.reason(for: error))", at: .start(of: specs))],
                       options: options)
                throw ExitCode.failure
            }
            if paths.isEmpty {
                report([.error("no .yaml, .yml or .json specs found", at: .start(of: specs))], options: options)
                throw ExitCode.failure
            }
            // Two specs whose names make one module would write one folder, the second over the first.
            var specByModule: [String: String] = [:]
            var clashes: [Diagnostic] = []
            for path in paths {
                let module = Generator.moduleName(forSpec: path)
                if let first = specByModule[module] {
                    clashes.append(.error("makes the module \(module), as '\(path: first)' does; rename one of them",
                                          at: .start(of: path)))
                }
                specByModule[module] = specByModule[module] ?? path
            }
            if !clashes.isEmpty {
                report(clashes, options: options)
                throw ExitCode.failure
            }
            var succeeded = true
            for path in paths {
                let module = Generator.moduleName(forSpec: path)
                let target = Paths.join(output, module)
                succeeded = OpenAPISwiftKit.run(spec: path, module: module, output: target, options: options) && succeeded
            }
            if !succeeded { throw ExitCode.failure }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate one module from one spec.")

        @Argument(help: "The OpenAPI spec, YAML or JSON.")
        var spec: String

        @Option(help: "The module name; by default derived from the spec's file name.")
        var module: String?

        @Option(help: "The folder to write the module's files into. Only files the generator wrote there are replaced or removed.")
        var output: String

        @OptionGroup var options: CommonOptions

        func validate() throws {
            // The name is written into generated code, which qualifies its own types with it.
            if let module, !Generator.isModuleName(module) {
                throw ValidationError("'\(SpecText.escaped(module))' is not a module name (ASCII letters, digits and _, not starting with a digit)")
            }
        }

        func run() throws {
            let module = module ?? Generator.moduleName(forSpec: spec)
            if !OpenAPISwiftKit.run(spec: spec, module: module, output: output, options: options) {
                throw ExitCode.failure
            }
        }
    }
}

/// Names the free function where command types have a `run()` of their own.
enum OpenAPISwiftKit {
    static func run(spec: String, module: String, output: String, options: CommonOptions) -> Bool {
        generateModule(spec: spec, module: module, output: output, options: options)
    }
}
