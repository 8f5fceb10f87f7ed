// swift-tools-version:6.0
import PackageDescription

// A package that generates its client at build time: `Sources/PetStoreAPI/openapi.yaml` becomes the
// `PetStoreAPI` module through OpenAPISwiftPlugin, regenerated whenever the spec changes.
let package = Package(
    name: "PluginExample",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "../..")],
    targets: [
        .target(
            name: "PetStoreAPI",
            dependencies: [.product(name: "APIClientRuntime", package: "main")],
            plugins: [.plugin(name: "OpenAPISwiftPlugin", package: "main")]
        ),
        .executableTarget(name: "plugin-example", dependencies: ["PetStoreAPI"]),
    ]
)
