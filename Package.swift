// swift-tools-version:6.0
// Knelpunt — grid and pipeline bottlenecks for Dutch industrial electrification.
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Layers, one way (each a target; only the GLPK wrapper sees the C library). Every target
// declares exactly the modules its files import:
//   CGLPK (system library) + CGLPKShim (abort guard)
//     → KnelpuntGLPK (safe wrapper: validation, statuses, duals, warm start, sensitivity, files)
//   KnelpuntLP (backend-neutral LP value type, solver protocol, statuses)
//     → KnelpuntData (dataset schema, loading, validation)
//     → KnelpuntModel (formulation: one function per constraint family)
//     → KnelpuntAnalysis (policies, bottlenecks, verifier)
//     → KnelpuntReports (CSV and HTML)
//     → knelpunt (CLI; the only place that prints or sets exit codes)
import PackageDescription

let package = Package(
    name: "Knelpunt",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "knelpunt", targets: ["knelpunt"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // MARK: - C layer
        .systemLibrary(
            name: "CGLPK",
            path: "Sources/CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        .target(
            name: "CGLPKShim",
            dependencies: ["CGLPK"],
            path: "Sources/CGLPKShim"
        ),

        // MARK: - Library layers
        .target(name: "KnelpuntLP"),
        .target(name: "KnelpuntGLPK", dependencies: ["CGLPK", "CGLPKShim", "KnelpuntLP"]),
        .target(name: "KnelpuntData", dependencies: ["KnelpuntLP"]),
        .target(name: "KnelpuntModel", dependencies: ["KnelpuntData", "KnelpuntLP"]),
        .target(name: "KnelpuntAnalysis", dependencies: ["KnelpuntModel", "KnelpuntData", "KnelpuntLP"]),
        .target(name: "KnelpuntReports", dependencies: ["KnelpuntAnalysis", "KnelpuntData"]),

        // MARK: - Command-line tool
        .executableTarget(
            name: "knelpunt",
            dependencies: [
                "KnelpuntLP", "KnelpuntGLPK", "KnelpuntData", "KnelpuntModel",
                "KnelpuntAnalysis", "KnelpuntReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests
        .testTarget(name: "KnelpuntLPTests", dependencies: ["KnelpuntLP"]),
        .testTarget(
            name: "KnelpuntGLPKTests",
            dependencies: ["KnelpuntGLPK", "KnelpuntLP"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KnelpuntDataTests",
            dependencies: ["KnelpuntData", "KnelpuntLP"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KnelpuntAnalysisTests",
            dependencies: ["KnelpuntAnalysis", "KnelpuntModel", "KnelpuntData", "KnelpuntLP", "KnelpuntGLPK", "KnelpuntReports"]
        ),
        .testTarget(
            name: "KnelpuntReportsTests",
            dependencies: ["KnelpuntReports", "KnelpuntAnalysis", "KnelpuntData", "KnelpuntGLPK"]
        ),
        .testTarget(
            name: "KnelpuntCLITests",
            dependencies: [
                "knelpunt", "KnelpuntGLPK", "KnelpuntLP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Golden"] // read by path, not bundled
        ),
        .testTarget(
            name: "KnelpuntModelTests",
            dependencies: ["KnelpuntModel", "KnelpuntData", "KnelpuntLP", "KnelpuntGLPK"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
