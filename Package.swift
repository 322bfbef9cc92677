// swift-tools-version:6.0
// Clausius — heat transport through open quantum systems.
// Module graph (one-way): see docs/architecture.md and ../shared/DESIGN.md.
import PackageDescription

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
  name: "Clausius",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "Clausius", targets: ["Clausius"]),
    .executable(name: "clausius", targets: ["clausius"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.3.0"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    // System libraries: OpenBLAS (BLAS) + LAPACKE (LAPACK 3.11) and SuiteSparse UMFPACK.
    .systemLibrary(name: "CLapack", path: "Sources/CLapack", pkgConfig: "lapacke",
                   providers: [.apt(["libopenblas-dev", "liblapacke-dev"]), .brew(["openblas", "lapack"])]),
    .systemLibrary(name: "CSuiteSparse", path: "Sources/CSuiteSparse",
                   providers: [.apt(["libsuitesparse-dev"]), .brew(["suite-sparse"])]),
    // ARPACK-NG (shift-invert Arnoldi for the Liouvillian spectral gap, issue 17).
    .systemLibrary(name: "CArpack", path: "Sources/CArpack", providers: [.apt(["libarpack2-dev"]), .brew(["arpack"])]),
    // SUNDIALS CVODE (adaptive BDF integration of time-dependent generators, issue 17).
    .systemLibrary(name: "CSundials", path: "Sources/CSundials", providers: [.apt(["libsundials-dev"]), .brew(["sundials"])]),

    .target(name: "ClausiusNumerics",
            dependencies: ["CLapack", "CSuiteSparse", "CArpack", "CSundials", .product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: swiftSettings),
    .target(name: "ClausiusModels", dependencies: ["ClausiusNumerics"], exclude: ["README.md", "Fock/README.md"], swiftSettings: swiftSettings),
    .target(name: "ClausiusMasterEquations", dependencies: ["ClausiusModels"], exclude: ["README.md", "Optomechanics/README.md"], swiftSettings: swiftSettings),
    .target(name: "ClausiusSteadyState", dependencies: ["ClausiusMasterEquations", "CSuiteSparse"], exclude: ["README.md", "Fock/README.md"], swiftSettings: swiftSettings),
    .target(name: "ClausiusThermodynamics", dependencies: ["ClausiusSteadyState"], exclude: ["README.md", "Fock/README.md"], swiftSettings: swiftSettings),
    // Time evolution (issue 17): exact Gaussian moment dynamics, Krylov propagation of Fock Liouvillians.
    .target(name: "ClausiusDynamics", dependencies: ["ClausiusThermodynamics", "ClausiusInformation"], exclude: ["README.md"], swiftSettings: swiftSettings),
    .target(name: "ClausiusInformation", dependencies: ["ClausiusNumerics"], exclude: ["README.md"], swiftSettings: swiftSettings),
    .target(name: "ClausiusComparison", dependencies: ["ClausiusThermodynamics", "ClausiusInformation"], exclude: ["README.md"], swiftSettings: swiftSettings),
    .target(name: "ClausiusPapers", dependencies: ["ClausiusThermodynamics", "ClausiusInformation", "ClausiusComparison", "ClausiusDynamics"],
            swiftSettings: swiftSettings),
    // Model families (one folder each, registered in ModelFamilies.all): model-file readers, solve/audit/compare, result documents.
    .target(name: "ClausiusSystems", dependencies: ["ClausiusPapers", "ClausiusComparison", "ClausiusDynamics", "ClausiusThermodynamics", "ClausiusInformation", .product(name: "TOMLKit", package: "TOMLKit")],
            exclude: ["README.md"], swiftSettings: swiftSettings),
    .target(name: "ClausiusIO", dependencies: ["ClausiusPapers", "ClausiusSystems", "ClausiusThermodynamics"], exclude: ["README.md"], swiftSettings: swiftSettings,
            plugins: ["ClausiusBuildInfo"]),
    // Bakes the git commit into ClausiusIO at build time (scripts/build-info; "unknown" outside a git checkout).
    .plugin(name: "ClausiusBuildInfo", capability: .buildTool(), path: "Plugins/ClausiusBuildInfo"),
    .target(name: "Clausius",
            dependencies: ["ClausiusNumerics", "ClausiusModels", "ClausiusMasterEquations", "ClausiusSteadyState",
                           "ClausiusThermodynamics", "ClausiusInformation", "ClausiusComparison", "ClausiusSystems", "ClausiusPapers", "ClausiusDynamics", "ClausiusIO"],
            swiftSettings: swiftSettings),
    .target(name: "ClausiusCommands",
            dependencies: ["Clausius", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: swiftSettings),
    .executableTarget(name: "clausius", dependencies: ["ClausiusCommands"], swiftSettings: swiftSettings),
    // Benchmarks (never part of the test suite): benchmarks/run times these against SciPy/QuTiP.
    .executableTarget(name: "clausius-benchmarks", dependencies: ["Clausius", "CLapack"], path: "benchmarks/swift",
                      swiftSettings: swiftSettings),

    .target(name: "ClausiusTestSupport", dependencies: ["ClausiusNumerics"], path: "Tests/ClausiusTestSupport", swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusNumericsTests", dependencies: ["ClausiusNumerics", "ClausiusTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusCommandsTests", dependencies: ["ClausiusCommands", "Clausius", "ClausiusTestSupport"],
                exclude: ["validate_output.py"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusFockTests", dependencies: ["Clausius", "ClausiusTestSupport"], swiftSettings: swiftSettings),
    // Further test targets are added here as their modules gain code (one line each).
    .testTarget(name: "ClausiusModelFileTests", dependencies: ["Clausius", "ClausiusCommands", "ClausiusIO", "ClausiusTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusComparisonTests", dependencies: ["Clausius", "ClausiusCommands", "ClausiusTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusCascadedTests", dependencies: ["Clausius"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusLatticeTests", dependencies: ["Clausius"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusGaussianTests", dependencies: ["Clausius", "ClausiusTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusIOTests", dependencies: ["ClausiusIO", "ClausiusPapers"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusInformationTests", dependencies: ["ClausiusInformation", "ClausiusNumerics", "ClausiusTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusDynamicsTests", dependencies: ["ClausiusDynamics", "ClausiusTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "ClausiusSteadyStateTests", dependencies: ["ClausiusSteadyState", "ClausiusInformation", "ClausiusNumerics", "ClausiusTestSupport"], swiftSettings: swiftSettings),
  ]
)
