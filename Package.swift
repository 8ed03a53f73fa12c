// swift-tools-version:6.0
// snapea — a SnaPEA (ISCA'18, Predictive Early Activation) accelerator generator.
// No external packages: the Swift toolchain, Foundation and XCTest only.
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "snapea",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "snapea", targets: ["SnapeaCLI"]),
        .library(name: "HDL", targets: ["HDL"]),
        .library(name: "Golden", targets: ["Golden"]),
        .library(name: "Accelerator", targets: ["Accelerator"]),
        .library(name: "Estimation", targets: ["Estimation"]),
        .library(name: "Workloads", targets: ["Workloads"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "SnapeaEnvironment", targets: ["SnapeaEnvironment"]),
    ],
    targets: [
        // Process environment every target decides alike: "running in CI", the data folder.
        .target(name: "SnapeaEnvironment", swiftSettings: swift6),
        // HDL core: IR, DSL, elaboration checks, Verilog emitter, IR simulator, tool runners.
        .target(name: "HDL", swiftSettings: swift6),
        // Golden model: fixed-point arithmetic, layers/graphs, weight-reordering compiler, modes, cycle model.
        .target(name: "Golden", swiftSettings: swift6),
        // Accelerator library: config + presets, MAC, PAU, lane, PE, array; stimulus for co-simulation.
        .target(name: "Accelerator", dependencies: ["HDL", "Golden"], swiftSettings: swift6),
        // Estimation: 45 nm area/energy tables and the estimator.
        .target(name: "Estimation", dependencies: ["HDL", "Golden", "Accelerator", "Reporting", "SnapeaEnvironment"],
                resources: [.copy("Tables")], swiftSettings: swift6),
        // Workloads: model loaders, quantisation, digits CNN training, (Th, N) tuner.
        .target(name: "Workloads", dependencies: ["Golden", "SnapeaEnvironment"],
                resources: [.copy("Resources")], swiftSettings: swift6),
        // Reporting: Markdown/CSV tables and SVG charts shared by the estimator and the report.
        .target(name: "Reporting", swiftSettings: swift6),
        // The `snapea` command line.
        .executableTarget(name: "SnapeaCLI",
                          dependencies: ["HDL", "Golden", "Accelerator", "Estimation", "Workloads", "Reporting", "SnapeaEnvironment"],
                          swiftSettings: swift6),

        // Test helpers shared by the test targets: tool/data gates (skip locally, fail under CI) and
        // the end-of-run summary of skipped tests.
        .target(name: "SnapeaTesting", dependencies: ["HDL", "SnapeaEnvironment"], path: "Tests/SnapeaTesting",
                swiftSettings: swift6),
        .testTarget(name: "HDLTests", dependencies: ["HDL", "SnapeaTesting"], swiftSettings: swift6),
        .testTarget(name: "GoldenTests", dependencies: ["Golden"], swiftSettings: swift6),
        .testTarget(name: "AcceleratorTests", dependencies: ["Accelerator", "HDL", "Golden", "Workloads", "SnapeaTesting", "SnapeaEnvironment"], swiftSettings: swift6),
        .testTarget(name: "EstimationTests", dependencies: ["Estimation", "Accelerator", "HDL", "Golden", "SnapeaTesting"], swiftSettings: swift6),
        .testTarget(name: "WorkloadsTests", dependencies: ["Workloads", "Golden", "SnapeaTesting"], swiftSettings: swift6),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting"], swiftSettings: swift6),
        .testTarget(name: "CLITests", dependencies: ["SnapeaCLI", "SnapeaTesting", "SnapeaEnvironment"], swiftSettings: swift6),
    ]
)
