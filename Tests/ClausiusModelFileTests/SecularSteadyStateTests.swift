import Clausius
import Foundation
import Testing

/// The global (Davies) equation solved on its secular blocks (`SecularSteadyState`: Σ_C |C|² unknowns, the Pauli rate
/// equation when no level is degenerate) against the same generator solved by the Fock engine on all d² unknowns
/// (`OpenSystem.solve(_:secular: false)`): two independent assemblies and solves of one master equation.
@Suite("secular (Pauli) steady states of the global equation equal the full Liouvillian solve")
struct SecularSteadyStateTests {
  static func model(_ toml: String) throws -> OpenSystemModelFile {
    try #require(try ModelDescription(source: toml, file: "m.toml").as(OpenSystemModelFile.self))
  }

  /// Heats to 1e-10 of the largest |heat| (both are LU solves of well-conditioned systems, residuals ~1e-15), every
  /// excitation number to 1e-10, and the secular solve uses fewer unknowns.
  func expectSame(_ m: OpenSystemModelFile, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let secular = try m.system.solve(.global, truncationTolerance: 0.1)
    let full = try m.system.solve(.global, truncationTolerance: 0.1, secular: false)
    guard case .secular = secular.state, case .fock = full.state else { Issue.record("wrong solver paths", sourceLocation: sourceLocation); return }
    let scale = full.heat.map(abs).max()!
    #expect(scale > 0, sourceLocation: sourceLocation)
    for b in full.heat.indices {
      #expect(abs(secular.heat[b] - full.heat[b]) <= 1e-10 * scale, "bath \(b): \(secular.heat[b]) vs \(full.heat[b])", sourceLocation: sourceLocation)
    }
    for (x, y) in zip(secular.excitations, full.excitations) { #expect(abs(x - y) <= 1e-10, "\(x) vs \(y)", sourceLocation: sourceLocation) }
    #expect(abs(secular.grossHeat - full.grossHeat) <= 1e-10 * full.grossHeat, sourceLocation: sourceLocation)
    let d = m.system.space.dimension
    #expect(secular.diagnostics.unknowns < d * d && full.diagnostics.unknowns <= d * d, sourceLocation: sourceLocation)
    #expect(secular.diagnostics.relativeResidual < 1e-12 && secular.diagnostics.traceError < 1e-12, sourceLocation: sourceLocation)
    #expect(secular.diagnostics.minimumEigenvalue > -1e-12, sourceLocation: sourceLocation)
    // First law of the global equation: Σ_α Q̇_α = 0 (each D_g commutes with −i[H, ·]).
    #expect(secular.firstLawRelativeResidual < 1e-10, sourceLocation: sourceLocation)
  }

  @Test("three-qubit absorption refrigerator, Jaynes–Cummings valve (6 levels), XXZ chain (d = 64), Kerr pair (5 levels)")
  func examples() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    func example(_ name: String) throws -> String { try String(contentsOf: root.appendingPathComponent("examples/\(name)"), encoding: .utf8) }
    try expectSame(try Self.model(try example("qubits-absorption-refrigerator.toml")))
    try expectSame(try Self.model(try example("jaynes-cummings-heat-valve.toml").replacingOccurrences(of: "levels = 12", with: "levels = 6")))
    try expectSame(try Self.model(try example("xxz-spin-chain.toml")))
    try expectSame(try Self.model(try example("kerr-oscillator-pair.toml").replacingOccurrences(of: "levels = 10", with: "levels = 5")))
  }

  /// Two identical qubits without coupling: |01⟩ and |10⟩ are degenerate, and a bath through σx_a + σx_b drives
  /// coherences between them — the secular block of that pair must be solved in full (a Pauli equation alone would
  /// miss the coherence and give different heats).
  @Test("degenerate levels driven coherently by a collective bath: the 2 × 2 secular block is kept")
  func degenerateBlock() throws {
    let toml = """
    kind = "open-system"
    [[subsystems]]
    name = "a"
    type = "qubit"
    frequency = 1.0
    [[subsystems]]
    name = "b"
    type = "qubit"
    frequency = 1.0
    [hamiltonian]
    terms = []
    [[baths]]
    name = "collective"
    operator = "sx(a) + sx(b)"
    spectral_density = "flat"
    rate = 0.01
    temperature = 2.0
    [[baths]]
    name = "cold"
    operator = "sx(a)"
    spectral_density = "flat"
    rate = 0.02
    temperature = 0.3
    [solve]
    equations = ["global"]
    """
    let m = try Self.model(toml)
    try expectSame(m)
    let s = try m.system.solve(.global)
    guard case let .secular(state) = s.state else { Issue.record("not secular"); return }
    // Four levels 0, 1, 1, 2: clusters {0}, {01, 10}, {2} → 1 + 4 + 1 unknowns, and the 2 × 2 block holds a coherence.
    #expect(state.equation.clusterCount == 3 && state.diagnostics.unknowns == 6)
    let pair = state.members.first { $0.count == 2 }!
    #expect(state.element(pair[0], pair[1]).length > 1e-6)
  }
}
