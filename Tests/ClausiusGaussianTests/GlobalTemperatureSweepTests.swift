import XCTest
import Numerics
@testable import Clausius

/// The O(N·M) secular temperature sweep (`GlobalTemperatureSweep`) against the full Gaussian path
/// (drift/diffusion → Lyapunov → `ThermodynamicsReport`), and against the Gibbs state at equal temperatures.
/// Tolerance 1e-12 relative: both routes are exact for the same secular equation; the full path carries a
/// Lyapunov residual ~1e-15 and a heat Tr[H D_α ρ] that cancels the gross exchange down to the net current
/// (here |Q̇|/gross ≳ 1e-3), so its round-off is ~1e-15 × gross/|Q̇| ≲ 1e-12 relative.
final class GlobalTemperatureSweepTests: XCTestCase {
  /// Compares the fast point with the full path at `temperatures`; returns the worst relative differences.
  func compare(_ net: BosonicNetwork, _ eq: MasterEquation, _ sweep: GlobalTemperatureSweep, temperatures: [Double],
               file: StaticString = #filePath, line: UInt = #line) throws {
    let fast = try sweep.point(temperatures: temperatures)
    let other = try net.withTemperatures(temperatures).masterEquation(.global, reusing: eq)
    let ss = try other.gaussianSteadyState()
    let report = ss.thermodynamics
    for (a, b) in report.baths.enumerated() {
      XCTAssertLessThan(rel(fast.heats[a], b.heat), 1e-12, "Q̇_\(b.name) at T = \(temperatures)", file: file, line: line)
    }
    let sigmaFull = report.secondLaw.entropyProduction
    if sigmaFull.isFinite {
      // Σ = −Σ Q̇_α/T_α: a sum of the compared heats, so 1e-12 relative to its largest term.
      let termScale = zip(report.baths, temperatures).map { abs($0.heat / $1) }.max()!
      XCTAssertLessThan(abs(fast.entropyProduction - sigmaFull), 1e-12 * termScale, "Σ", file: file, line: line)
    } else {
      XCTAssertEqual(fast.entropyProduction, sigmaFull, "Σ (a T = 0 bath)", file: file, line: line)
    }
    XCTAssertGreaterThanOrEqual(fast.entropyProduction, 0, "Clausius inequality", file: file, line: line)
    XCTAssertLessThan(fast.firstLawRelativeResidual, 1e-13, "first law", file: file, line: line)
    // Normal-mode occupations from the full quadrature covariance: Ṽ = S V Sᵀ, ⟨ã†ã⟩ = (Ṽ_xx + Ṽ_pp − 1)/2.
    // The full path computes Ṽ_kk = n_k + ½ with round-off ~1e-15 × (n_k + ½); at low T (n_k ≪ 1) the
    // subtraction of ½ loses those digits, so the comparison is relative to n_k + ½, the computed quantity.
    guard case let .normalModes(w) = eq.frame else { return XCTFail("global equation not in the normal-mode frame", file: file, line: line) }
    let v = ss.covariance
    let vt = (w.symplectic * v).multiplied(by: w.symplectic, transposeOther: .transpose)
    for k in 0..<sweep.frequencies.count {
      let nk = (vt[2 * k, 2 * k] + vt[2 * k + 1, 2 * k + 1] - 1) / 2
      XCTAssertLessThan(abs(fast.occupations[k] - nk) / (nk + 0.5), 1e-12, "⟨ã_\(k)†ã_\(k)⟩ + ½ (n = \(nk))", file: file, line: line)
    }
    // The on-demand covariance reproduces the full one (entries relative to the largest).
    let vf = sweep.covariance(of: fast)
    let big = v.elements.map(abs).max() ?? 1
    XCTAssertLessThan(zip(vf.elements, v.elements).map { abs($0 - $1) }.max()! / big, 1e-12, "covariance", file: file, line: line)
  }

  /// (i) Paper 004 two-node wire, detuned regime (ω_c = 1, ω_h = 2, k = 0.3, λ² = 1e-3, Λ = 1e3; docs/papers/004.md).
  func testPaper004DetunedWire() throws {
    let j = try SpectralDensity.ohmicDrude(lambda: 1e-3.squareRoot(), cutoff: 1e3)
    let net = try BosonicNetwork(frequencies: [1, 2], couplings: [.spring(0, 1, k: 0.3)], baths: [
      Bath(name: "c", temperature: 2, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "h", temperature: 3, spectralDensity: j, coupling: .position(mode: 1)),
    ])
    let eq = try net.masterEquation(.global)
    let sweep = try GlobalTemperatureSweep(equation: eq)
    for temps in [[2.0, 3.0], [0.5, 3.0], [0.0, 1.0], [4.0, 0.7]] { try compare(net, eq, sweep, temperatures: temps) }
    // The convenience entry point gives the same numbers.
    let viaEquation = try eq.globalHeatCurrents(temperatures: [2, 3])
    XCTAssertEqual(viaEquation.heats, try sweep.point(temperatures: [2, 3]).heats)
  }

  /// A fixed-seed random chain (8 modes, 3 Ohmic–Drude baths) at several temperatures.
  func randomChain(seed: UInt64, modes n: Int) throws -> BosonicNetwork {
    var rng = SplitMix64(seed: seed)
    let freqs = (0..<n).map { _ in Double.random(in: 0.8...1.6, using: &rng) }
    let springs = (0..<(n - 1)).map { Coupling.spring($0, $0 + 1, k: Double.random(in: 0.05...0.2, using: &rng)) }
    let j1 = try SpectralDensity.ohmicDrude(lambda: 0.03, cutoff: 20)
    let j2 = try SpectralDensity.ohmicDrude(lambda: 0.05, cutoff: 5)
    return try BosonicNetwork(frequencies: freqs, couplings: springs, baths: [
      Bath(name: "c", temperature: 0.5, spectralDensity: j1, coupling: .position(mode: 0)),
      Bath(name: "m", temperature: 0.8, spectralDensity: j2, coupling: .position(mode: n / 2)),
      Bath(name: "h", temperature: 1.0, spectralDensity: j1, coupling: .position(mode: n - 1)),
    ])
  }

  func testRandomChainAgainstFullPath() throws {
    let net = try randomChain(seed: 20261121, modes: 8)
    let eq = try net.masterEquation(.global)
    let sweep = try GlobalTemperatureSweep(equation: eq)
    XCTAssertEqual(sweep.frequencies.count, 8)
    for temps in [[0.5, 0.8, 1.0], [0.2, 1.5, 3.0], [2.0, 0.1, 0.6], [0.0, 0.3, 1.2]] { try compare(net, eq, sweep, temperatures: temps) }
  }

  /// (iii) A law: at equal temperatures the state is Gibbs, ⟨ã_k†ã_k⟩ = n̄(ν_k, T), and all currents vanish
  /// to round-off of the gross exchange.
  func testEqualTemperaturesGiveGibbsState() throws {
    let eq = try randomChain(seed: 7, modes: 6).masterEquation(.global)
    let sweep = try GlobalTemperatureSweep(equation: eq)
    for t in [0.3, 1.0, 2.5] {
      let p = try sweep.point(temperatures: [t, t, t])
      for q in p.heats { XCTAssertLessThanOrEqual(abs(q), 1e-14 * p.grossExchange, "Q̇ at equal T = \(t)") }
      for (k, nu) in sweep.frequencies.enumerated() { XCTAssertLessThan(rel(p.occupations[k], nBar(nu, t)), 1e-14, "Gibbs occupation of mode \(k)") }
      XCTAssertLessThan(abs(p.entropyProduction), 1e-14 * p.grossExchange / t)
    }
  }

  /// Degenerate normal modes (two identical uncoupled oscillators) are refused by name; so are bad temperatures
  /// and non-global equations.
  func testRejections() throws {
    let net = try BosonicNetwork(frequencies: [1, 1], baths: [
      .flat(name: "1", mode: 0, rate: 0.01, temperature: 1),
      .flat(name: "2", mode: 1, rate: 0.01, temperature: 2),
    ])
    XCTAssertThrowsError(try GlobalTemperatureSweep(equation: net.masterEquation(.global))) { error in
      guard case GlobalSweepError.degenerateNormalModes(let modes, _, _)? = error as? GlobalSweepError else { return XCTFail("\(error)") }
      XCTAssertEqual(Set(modes), [0, 1])
    }
    let wire = try twoOscillators(omega1: 1, omega2: 1.3, epsilon: 0.05, gamma: 0.01, t1: 1, t2: 2)
    XCTAssertThrowsError(try GlobalTemperatureSweep(equation: wire.masterEquation(.local))) { error in
      guard case GlobalSweepError.notSecularGlobal? = error as? GlobalSweepError else { return XCTFail("\(error)") }
    }
    let sweep = try GlobalTemperatureSweep(equation: wire.masterEquation(.global))
    XCTAssertThrowsError(try sweep.point(temperatures: [1, -1])) { error in
      guard case GlobalSweepError.invalidParameter? = error as? GlobalSweepError else { return XCTFail("\(error)") }
    }
    XCTAssertThrowsError(try sweep.point(temperatures: [1]))
  }
}
