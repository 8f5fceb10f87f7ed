// swift-tools-version:6.0
import PackageDescription

// Benchmark tooling, kept out of the main package so that it never depends on swift-openapi-generator.
// `scripts/benchmark` builds two products of this package in release:
//   - swift-openapi-generator: apple/swift-openapi-generator's command-line tool, the comparison;
//   - yaml-parse-floor: runs libyaml's event parser over a spec and nothing else, the floor for any
//     generator that reads YAML with libyaml.
// swift-openapi-runtime is listed to pin the runtime version that the generated modules are compiled against.
//
// Our own package (`..`, for APIClientRuntime) cannot be a dependency here: it declares a system-library
// target named `CYaml`, and so does Yams, which swift-openapi-generator depends on; SwiftPM rejects two
// targets of the same name in one package graph. The throwaway packages that compile our generated
// modules depend on `..` instead.
let package = Package(
    name: "Benchmarks",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
    ],
    targets: [
        .executableTarget(
            name: "yaml-parse-floor",
            linkerSettings: [.linkedLibrary("yaml")]
        ),
    ]
)
