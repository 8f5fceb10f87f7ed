// swift-tools-version:6.0
import Foundation
import PackageDescription

// The generator's package, two folders up. SwiftPM names a path dependency after its folder, which is the
// clone's name.
let generator = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

// A package that generates its client at build time: `Sources/PetStoreAPI/openapi.yaml` becomes the
// `PetStoreAPI` module through OpenAPISwiftPlugin, regenerated whenever the spec changes.
let package = Package(
    name: "PluginExample",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "../..")],
    targets: [
        .target(
            name: "PetStoreAPI",
            dependencies: [.product(name: "APIClientRuntime", package: generator)],
            plugins: [.plugin(name: "OpenAPISwiftPlugin", package: generator)]
        ),
        .executableTarget(name: "plugin-example", dependencies: ["PetStoreAPI"]),
    ]
)
