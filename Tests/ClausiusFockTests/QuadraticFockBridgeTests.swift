import Clausius
import Foundation
import Numerics
import Testing

/// One quadratic MasterEquation, two solution paths (DESIGN.md §2): the Gaussian engine (drift/diffusion →
/// Lyapunov) and the Fock engine after `fockMasterEquation(levels:)` (U(1) sector, sparse LU, FockHeatReport).
/// Tolerances: occupations ≤ 0.09 and 7 levels leave top-level populations ≲ 4e-7, so the moments agree to
/// ~1e-6 of their scale (we allow 1e-5). A heat current J_b ≈ κ_b ω_b (n̄_b − ⟨n_b⟩) is a small difference of
/// occupations, so the same truncation error is amplified by n̄/(n̄ − ⟨n⟩) ≈ 10²: we allow 1e-4 of the largest
/// current (truncation, not round-off, is the limit: the difference falls with the cutoff).
@Suite("Quadratic MasterEquation → FockMasterEquation: the Fock engine equals the Gaussian engine")
struct QuadraticFockBridgeTests {
  /// Three oscillators in a hopping chain with local flat baths at three temperatures.
  static func chain() throws -> BosonicNetwork {
    try BosonicNetwork(frequencies: [1.0, 1.2, 0.9], couplings: [.hopping(0, 1, epsilon: 0.08), .hopping(1, 2, epsilon: 0.05)],
                       baths: [.flat(name: "hot", mode: 0, rate: 0.03, temperature: 0.4),
                               .flat(name: "warm", mode: 1, rate: 0.02, temperature: 0.32),
                               .flat(name: "cold", mode: 2, rate: 0.04, temperature: 0.22)])
  }

  @Test("local and global: covariance, U(1) sector and every bath's heat equal the Gaussian engine's", arguments: ["local", "global"])
  func chainMatchesGaussian(kind: String) throws {
    let eq = try Self.chain().masterEquation(kind == "local" ? .local : .global)
    let gaussian = try eq.gaussianSteadyState()
    let fockEq = try eq.fockMasterEquation(levels: [7, 7, 7])
    let state = try fockEq.steadyState(using: .symmetrySectorLU, truncationTolerance: 1e-5)
    // Hopping conserves the total excitation number and every thermal jump a, a† shifts it by ∓1.
    #expect(state.diagnostics.symmetry != "none")
    #expect(state.diagnostics.unknowns == 9331)   // Σ_N d_N² over excitation numbers N, not 343² = 117 649
    #expect(state.diagnostics.traceError < 1e-12)
    let (mean, v) = state.quadratureMoments()
    let scale = gaussian.covariance.maxAbs
    #expect((v - gaussian.covariance).maxAbs <= 1e-5 * scale)
    #expect(mean.allSatisfy { abs($0) < 1e-12 })   // no drive: ⟨r⟩ = 0 on both paths
    // Heat per bath, counted with the dissipator's counting Hamiltonian (local H_i for local, H for global).
    let heat = try FockHeatReport(equation: fockEq, state: state, temperatures: eq.bathTemperatures)
    let th = gaussian.thermodynamics
    let largest = th.baths.map { abs($0.countedHeat) }.max() ?? 1
    for b in th.baths {
      let fock = try #require(heat.currents[b.name])
      #expect(abs(fock - b.countedHeat) <= 1e-4 * largest, "\(kind) \(b.name): Fock \(fock) vs Gaussian \(b.countedHeat)")
    }
    // The hot end heats the chain, the cold end cools it, on both paths.
    #expect(try #require(heat.currents["hot"]) > 0 && (try #require(heat.currents["cold"])) < 0)
  }

  @Test("squeezing, position-coupled baths and a drive: no U(1) symmetry, full Liouvillian, same moments")
  func nonConservingModel() throws {
    let net = try BosonicNetwork(frequencies: [1.0, 1.3], couplings: [.hopping(0, 1, epsilon: 0.1), .squeezing(0, 1, eta: 0.04)],
                                 drives: [CoherentDrive(mode: 0, amplitude: Complex(0.05, 0.02))],
                                 baths: [.flat(name: "c", mode: 0, rate: 0.1, temperature: 0.3), .flat(name: "h", mode: 1, rate: 0.08, temperature: 0.5)])
    let eq = try net.masterEquation(.local)
    let gaussian = try eq.gaussianSteadyState()
    let state = try eq.fockMasterEquation(levels: [9, 9]).steadyState(using: .symmetrySectorLU)
    #expect(state.diagnostics.symmetry == "none")   // squeezing and the drive break the number symmetry
    let (mean, v) = state.quadratureMoments()
    #expect((v - gaussian.covariance).maxAbs <= 1e-5 * gaussian.covariance.maxAbs)
    for (a, b) in zip(mean, gaussian.mean) { #expect(abs(a - b) <= 1e-6) }
  }

  @Test("the Fock–Gaussian difference is truncation: it falls as the cutoff grows")
  func truncationConvergence() throws {
    let eq = try Self.chain().masterEquation(.global)
    let v = try eq.gaussianSteadyState().covariance
    let errors = try [4, 5, 6].map { n -> Double in
      let st = try eq.fockMasterEquation(levels: [n, n, n]).steadyState()
      return (st.quadratureMoments().covariance - v).maxAbs
    }
    // The hottest mode has n̄ ≈ 0.09: each added level suppresses the thermal tail by ≈ n̄/(n̄ + 1) ≈ 0.08.
    #expect(errors[1] < errors[0] / 5 && errors[2] < errors[1] / 5, "errors \(errors)")
  }

  @Test("a Redfield generator (non-GKLS kernel) is refused with a pointer to fockLiouvillian(cutoff:)")
  func redfieldRefused() throws {
    let j = try SpectralDensity.ohmicDrude(lambda: 0.2, cutoff: 50)
    let net = try BosonicNetwork(frequencies: [1.0, 1.5], couplings: [.spring(0, 1, k: 0.3)], baths: [
      Bath(name: "c", temperature: 0.2, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "h", temperature: 0.4, spectralDensity: j, coupling: .position(mode: 1)),
    ])
    let eq = try net.masterEquation(.redfield)
    do {
      _ = try eq.fockMasterEquation(levels: [4, 4])
      Issue.record("a Redfield equation must not convert to GKLS jumps")
    } catch let MasterEquationError.unsupported(message) {
      #expect(message.contains("fockLiouvillian"))
    }
    #expect(throws: MasterEquationError.self) { try eq.fockMasterEquation(levels: [4]) }   // one level count per mode
  }
}
