import XCTest
import Numerics
@testable import Clausius

/// Issue 15: the global equation in the normal-mode frame (`SecularGlobalSteadyState`) and the local equation of
/// number-conserving networks as an N × N complex Lyapunov equation, each against the general 2N real Lyapunov path
/// (drift/diffusion → Schur → RECLYCT → double-double refinement → `thermodynamics`) and the Fock engine.
final class ScaleTests: XCTestCase {
  /// The benchmark chain: ω from 0.8 to 1.2 linearly, hopping ε, flat baths κ through x at T = 1, 0.5 on the ends.
  func chain(_ n: Int, epsilon: Double = 0.1, kappa: Double = 0.02) throws -> BosonicNetwork {
    try BosonicNetwork.chain(frequencies: BosonicNetwork.linearProfile(first: 0.8, last: 1.2, count: n), epsilon: epsilon, baths: [
      .flat(name: "first", mode: 0, rate: kappa, temperature: 1), .flat(name: "last", mode: n - 1, rate: kappa, temperature: 0.5),
    ])
  }

  /// Both routes solve the same secular equation exactly; the Lyapunov path is refined to ~1e-30 so its heats are exact
  /// to rounding, and the fast route's pair terms carry no cancellation: 1e-10 relative is the bar (observed ~1e-14).
  func compareGlobal(_ net: BosonicNetwork, file: StaticString = #filePath, line: UInt = #line) throws {
    let fast = try SecularGlobalSteadyState(network: net)
    let ss = try net.masterEquation(.global).gaussianSteadyState()
    let th = ss.thermodynamics
    for (a, b) in zip(fast.thermodynamics.baths, th.baths) {
      XCTAssertLessThan(rel(a.heat, b.heat), 1e-10, "Q̇_\(b.name)", file: file, line: line)
      XCTAssertEqual(a.heat, a.countedHeat, file: file, line: line)
    }
    XCTAssertLessThan(fast.thermodynamics.firstLaw.relativeResidual, 1e-15, "first law", file: file, line: line)
    XCTAssertLessThan(abs(fast.thermodynamics.secondLaw.entropyProduction - th.secondLaw.entropyProduction),
                      1e-10 * abs(th.secondLaw.entropyProduction), "Σ", file: file, line: line)
    XCTAssertEqual(fast.thermodynamics.performance?.regime, th.performance?.regime, file: file, line: line)
    for j in 0..<net.modeCount {
      XCTAssertLessThan(rel(fast.occupations[j], ss.occupation(j)), 1e-10, "⟨a_\(j)†a_\(j)⟩", file: file, line: line)
    }
    XCTAssertLessThan((fast.covariance() - ss.covariance).maxAbs, 1e-10 * ss.covariance.maxAbs, "V", file: file, line: line)
    let d = fast.diagnostics, e = ss.diagnostics
    XCTAssertEqual(d.blocks, e.blocks, file: file, line: line)
    XCTAssertEqual(d.uncertaintyMargin, e.uncertaintyMargin, accuracy: 1e-12, file: file, line: line)
    XCTAssertEqual(d.smallestSymplecticEigenvalue!, e.smallestSymplecticEigenvalue!, accuracy: 1e-12, file: file, line: line)
    XCTAssertLessThan(d.relativeResidual, 1e-14, file: file, line: line)
  }

  func testGlobalChainEqualsLyapunovPath() throws {
    try compareGlobal(chain(9))
    try compareGlobal(chain(5, epsilon: 0.3, kappa: 0.2))
  }

  /// Springs and position couplings (G_x ≠ G_p: two eigendecompositions) with Ohmic–Drude baths, as paper 004's wire,
  /// plus a third bath in the middle (pair terms of three baths).
  func testGlobalSpringNetworkEqualsLyapunovPath() throws {
    let j = try SpectralDensity.ohmicDrude(lambda: 0.0316227766016838, cutoff: 1000)
    let net = try BosonicNetwork(frequencies: [1.0, 1.6, 2.0], couplings: [.spring(0, 1, k: 0.05), .spring(1, 2, k: 0.04)], baths: [
      Bath(name: "c", temperature: 2, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "m", temperature: 2.5, spectralDensity: j, coupling: .position(mode: 1)),
      Bath(name: "h", temperature: 3, spectralDensity: j, coupling: .position(mode: 2)),
    ])
    try compareGlobal(net)
  }

  /// Degenerate normal modes, drives and x–p couplings are not handled: a named error (callers fall back).
  func testGlobalFastPathRefusesWhatItDoesNotCover() throws {
    let driven = try BosonicNetwork(frequencies: [1, 1.2], couplings: [.hopping(0, 1, epsilon: 0.1)], drives: [CoherentDrive(mode: 0, amplitude: Complex(0.1, 0))],
                                    baths: [.flat(name: "a", mode: 0, rate: 0.1, temperature: 1)])
    XCTAssertThrowsError(try SecularGlobalSteadyState(network: driven)) { XCTAssertEqual($0 as? GlobalSweepError, .drivenSystem) }
    let degenerate = try BosonicNetwork(frequencies: [1, 1, 1], couplings: [], baths: [.flat(name: "a", mode: 0, rate: 0.1, temperature: 1)])
    XCTAssertThrowsError(try SecularGlobalSteadyState(network: degenerate))
    let flux = try BosonicNetwork(frequencies: [1, 1.2], couplings: [.hopping(0, 1, epsilon: 0.1, phase: 0.3)], baths: [.flat(name: "a", mode: 0, rate: 0.1, temperature: 1)])
    XCTAssertNil(flux.splitHamiltonian)
    XCTAssertThrowsError(try SecularGlobalSteadyState(network: flux))
  }

  /// The local equation of a hopping chain is phase covariant: solved as the N × N complex equation, refined in double-double,
  /// and equal to the 2N real path (forced by reusing a real `DriftFactorisation`) to 1e-10 relative — covariance, heats,
  /// work, diagnostics. A squeezing coupling keeps the real path.
  func testLocalChainComplexFormEqualsRealForm() throws {
    for net in [try chain(7), try chain(4, epsilon: 0.25, kappa: 0.3)] {
      let eq = try net.masterEquation(.local)
      let complex = try eq.gaussianSteadyState()
      let real = try eq.gaussianSteadyState(reusing: eq.driftFactorisation())
      XCTAssertEqual(complex.diagnostics.complexBlocks, 1)
      XCTAssertEqual(real.diagnostics.complexBlocks, 0)
      XCTAssertLessThan((complex.covariance - real.covariance).maxAbs, 1e-10 * real.covariance.maxAbs)
      XCTAssertLessThan(complex.diagnostics.refinedResidual!, 1e-25)
      let a = complex.thermodynamics, b = real.thermodynamics
      for (x, y) in zip(a.baths, b.baths) {
        XCTAssertLessThan(rel(x.heat, y.heat), 1e-10, x.name); XCTAssertLessThan(rel(x.countedHeat, y.countedHeat), 1e-10, x.name)
      }
      XCTAssertLessThan(rel(a.workRate, b.workRate), 1e-10)
      XCTAssertLessThan(a.firstLaw.relativeResidual, 1e-15)
      XCTAssertEqual(complex.diagnostics.uncertaintyMargin, real.diagnostics.uncertaintyMargin, accuracy: 1e-12)
      XCTAssertEqual(complex.diagnostics.smallestSymplecticEigenvalue!, real.diagnostics.smallestSymplecticEigenvalue!, accuracy: 1e-12)
    }
    let squeezed = try BosonicNetwork.chain(frequencies: [1, 1.2, 1.4], epsilon: 0.1, eta: 0.02, baths: [.flat(name: "a", mode: 0, rate: 0.1, temperature: 1)])
    XCTAssertEqual(try squeezed.masterEquation(.local).gaussianSteadyState().diagnostics.complexBlocks, 0)
  }

  /// The complex-form local state against the Fock engine (sparse Liouvillian, UMFPACK) on a two-mode chain: truncation at
  /// cutoff 8 with occupations ≲ 0.15 leaves ~1e-6 in the top level, so V agrees to 1e-4 (as `CrossMethodTests`).
  func testLocalComplexFormEqualsFock() throws {
    let net = try twoOscillators(omega1: 1.0, omega2: 1.3, epsilon: 0.2, gamma: 0.4, t1: 0.3, t2: 0.6)
    let eq = try net.masterEquation(.local)
    let g = try eq.gaussianSteadyState()
    XCTAssertEqual(g.diagnostics.complexBlocks, 1)
    let f = try eq.fockSteadyState(cutoff: 8)
    XCTAssertLessThan(f.truncationPopulation, 1e-5)
    XCTAssertLessThan((g.covariance - f.covariance).maxAbs, 1e-4)
  }
}
