// swift-tools-version:6.0
import PackageDescription

/// Modules generated from `specs/` and checked in under `Generated/`.
let generatedModules = ["ChatImageAPI", "GatewayAPI"]

/// What generated code imports.
let generatedCodeDependencies: [Target.Dependency] = [
    "APIClientRuntime",
    .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
    .product(name: "HTTPTypes", package: "swift-http-types"),
]

let package = Package(
    name: "OpenAPISwift",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .executable(name: "openapi-swift", targets: ["openapi-swift"]),
        .library(name: "APIClientRuntime", targets: ["APIClientRuntime"]),
        .plugin(name: "OpenAPISwiftPlugin", targets: ["OpenAPISwiftPlugin"]),
    ] + generatedModules.map { .library(name: $0, targets: [$0]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // The generator: YAML → OpenAPI model → intermediate model → Swift, one stage per module.
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "Diagnostics"),
        .target(name: "YAML", dependencies: ["CYaml", "Diagnostics"]),
        .target(name: "OpenAPIModel", dependencies: ["YAML", "Diagnostics"]),
        .target(name: "IntermediateModel"),
        .target(name: "Translator", dependencies: ["OpenAPIModel", "IntermediateModel", "Diagnostics"]),
        .target(name: "SwiftEmitter", dependencies: ["IntermediateModel", "Diagnostics"]),
        .target(
            name: "GeneratorKit",
            dependencies: ["YAML", "OpenAPIModel", "IntermediateModel", "Translator", "SwiftEmitter", "Diagnostics"]
        ),
        .executableTarget(
            name: "openapi-swift",
            dependencies: ["GeneratorKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Every stage on random input: a plain mutation fuzzer, or with `scripts/fuzz` a libFuzzer target.
        .executableTarget(name: "generator-fuzz", dependencies: ["Diagnostics", "OpenAPIModel", "Translator", "SwiftEmitter"]),
        .executableTarget(
            name: "gateway-example",
            dependencies: ["GatewayAPI", .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client")]
        ),

        .plugin(name: "OpenAPISwiftPlugin", capability: .buildTool(), dependencies: ["openapi-swift"]),

        // What generated clients import.
        .target(
            name: "APIClientRuntime",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),

        // Tests, one target per stage.
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "OpenAPIModelTests", dependencies: ["OpenAPIModel", "YAML"]),
        .testTarget(name: "TranslatorTests", dependencies: ["Translator", "OpenAPIModel", "YAML", "IntermediateModel"]),
        .testTarget(name: "GeneratorTests", dependencies: ["GeneratorKit", "Diagnostics", "SwiftEmitter", "IntermediateModel"]),
        .testTarget(name: "OpenAISpecTests", dependencies: ["GeneratorKit", "YAML"]),
        // The generated code of a fixture spec (its golden files), compiled and run by GeneratedCodeTests.
        .target(name: "CompositionAPI", dependencies: generatedCodeDependencies, path: "Tests/Goldens/composition"),
        .target(name: "AdversarialNamesAPI", dependencies: generatedCodeDependencies, path: "Tests/Goldens/adversarial-names"),
        .target(name: "StorageAPI", dependencies: generatedCodeDependencies, path: "Tests/Goldens/storage"),
        .testTarget(name: "GeneratedCodeTests", dependencies: ["CompositionAPI", "AdversarialNamesAPI", "StorageAPI"]),
        .testTarget(name: "RuntimeTests", dependencies: generatedCodeDependencies),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "APIClientRuntime",
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ] + generatedModules.map { .target(name: $0) }
        ),
    ] + generatedModules.map { module in
        .target(name: module, dependencies: generatedCodeDependencies, path: "Generated/\(module)")
    }
)
