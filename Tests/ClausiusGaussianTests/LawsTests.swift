import XCTest
import Numerics
@testable import Clausius

/// Laws as properties on random stable networks (fixed seeds). Tolerances are relative to the scale
/// of the currents (Σ|Q̇|) and set at 1e-9: the solves are backward stable (residual ~1e-15) and the
/// networks have condition numbers ≲ 1e3.
final class LawsTests: XCTestCase {
  /// A random network of 2–4 modes with hopping, squeezing, X_iX_j terms and springs (kept positive definite), and
  /// 2–3 baths with flat or Ohmic spectral densities coupled through x_i, X_i or a random combination of
  /// quadratures of several modes (`allowSpread`).
  func randomNetwork(_ rng: inout SeededGenerator, temperatures: [Double]? = nil, allowSpread: Bool) throws -> BosonicNetwork {
    while true {
      let n = Int.random(in: 2...4, using: &rng)
      let freqs = (0..<n).map { _ in Double.random(in: 0.5...2, using: &rng) }
      // A hopping backbone keeps the network connected (every normal mode reaches a bath).
      var couplings: [Coupling] = (0..<(n - 1)).map { .hopping($0, $0 + 1, epsilon: Double.random(in: 0.05...0.2, using: &rng)) }
      for i in 0..<n { for j in (i + 1)..<n where Bool.random(using: &rng) {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: couplings.append(.hopping(i, j, epsilon: Double.random(in: -0.2...0.2, using: &rng)))
        case 1: couplings.append(.squeezing(i, j, eta: Double.random(in: -0.08...0.08, using: &rng)))
        case 2: couplings.append(.positionPosition(i, j, g: Double.random(in: -0.15...0.15, using: &rng)))
        default: couplings.append(.spring(i, j, k: Double.random(in: 0...0.3, using: &rng)))
        }
      } }
      let m = Int.random(in: 2...3, using: &rng)
      var baths: [Bath] = []
      for b in 0..<m {
        let t = temperatures?[b] ?? Double.random(in: 0.1...3, using: &rng)
        let j: SpectralDensity = Bool.random(using: &rng) ? try .flat(rate: Double.random(in: 0.005...0.05, using: &rng))
                                                         : try .ohmicDrude(lambda: Double.random(in: 0.05...0.2, using: &rng), cutoff: 20)
        let mode = Int.random(in: 0..<n, using: &rng)
        let coupling: BathCoupling
        switch Int.random(in: 0..<(allowSpread ? 3 : 2), using: &rng) {
        case 0: coupling = .quadrature(mode: mode)
        case 1: coupling = .position(mode: mode)
        default: coupling = .quadratures((0..<(2 * n)).map { _ in Double.random(in: -1...1, using: &rng) })
        }
        baths.append(Bath(name: "b\(b)", temperature: t, spectralDensity: j, coupling: coupling))
      }
      let net = try BosonicNetwork(frequencies: freqs, couplings: couplings, baths: baths)
      if (try? WilliamsonDecomposition(net.hamiltonian.matrix)) != nil { return net }
    }
  }

  /// Gibbs covariance V = ½ coth(iβΩG/2) iΩ through a general (non-symmetric) eigen-decomposition of
  /// ΩG — independent of the Williamson route used by the GME.
  func gibbsCovariance(_ g: Matrix<Double>, temperature t: Double) throws -> Matrix<Double> {
    let n2 = g.rows
    let omega = Conventions.symplecticForm(modes: n2 / 2)
    let e = try (omega * g).eigen(vectors: true)
    let w = try XCTUnwrap(e.vectors)
    // f(λ) = coth(iβλ/2) for λ = ±iν: ∓coth(βν/2).
    let f = e.values.map { l -> Complex<Double> in
      let nu = abs(l.imaginary)
      let c = 1 / tanh(nu / (2 * t))
      return Complex(l.imaginary > 0 ? -c : c, 0)
    }
    var wf = w
    for j in 0..<n2 { for i in 0..<n2 { wf[i, j] = w[i, j] * f[j] } }
    let fm = wf * (try w.inverse())
    let iOmega = omega.complex * Complex(0, 1)
    return (fm * iOmega).real * 0.5
  }

  /// GME (paper 004, Eq. 10): Clausius inequality Σ ≥ 0, zero work, physical covariance, first law.
  func testGlobalEquationObeysClausiusOnRandomNetworks() throws {
    var rng = SeededGenerator(seed: 2024)
    for trial in 0..<25 {
      let net = try randomNetwork(&rng, allowSpread: true)
      let ss = try net.masterEquation(.global).gaussianSteadyState()
      let r = ss.thermodynamics
      XCTAssertLessThan(ss.diagnostics.relativeResidual, 1e-10, "trial \(trial)")
      XCTAssertTrue(r.secondLaw.holds, "trial \(trial): Σ = \(r.secondLaw.entropyProduction)")
      XCTAssertGreaterThanOrEqual(try XCTUnwrap(ss.diagnostics.smallestSymplecticEigenvalue), 0.5 - 1e-10, "trial \(trial)")
      XCTAssertGreaterThanOrEqual(ss.diagnostics.uncertaintyMargin, -1e-10, "trial \(trial)")
      XCTAssertLessThan(r.firstLaw.relativeResidual, 1e-9, "trial \(trial)")
      XCTAssertEqual(r.workRate, 0, accuracy: 1e-15)
    }
  }

  /// GME at equal temperatures: every current vanishes and the state is the Gibbs state of H_S.
  func testGlobalEquationGivesGibbsStateAtEqualTemperatures() throws {
    var rng = SeededGenerator(seed: 7)
    for trial in 0..<15 {
      let t = Double.random(in: 0.2...2, using: &rng)
      let net = try randomNetwork(&rng, temperatures: [t, t, t], allowSpread: true)
      let ss = try net.masterEquation(.global).gaussianSteadyState()
      let gibbs = try gibbsCovariance(net.hamiltonian.matrix, temperature: t)
      XCTAssertLessThan((ss.covariance - gibbs).maxAbs / gibbs.maxAbs, 1e-9, "trial \(trial)")
      let r = ss.thermodynamics
      let scale = r.baths.map { abs($0.heat) }.max() ?? 0
      // Each bath alone would relax the same mode energies ~ rate × ν × (n̄ + ½) ≳ 1e-3; the currents are
      // zero to round-off.
      XCTAssertLessThan(scale, 1e-12, "trial \(trial)")
    }
  }

  /// Local equations (Lindblad form): V + iΩ/2 ≥ 0 and, with local heats and work, Σ ≥ 0 (paper 003,
  /// Appendix C); the first law closes to round-off.
  func testLocalEquationLawsOnRandomNetworks() throws {
    var rng = SeededGenerator(seed: 99)
    var checked = 0
    while checked < 20 {
      let net = try randomNetwork(&rng, allowSpread: false)
      guard let ss = try? net.masterEquation(.local).gaussianSteadyState() else { continue }  // unstable drift: skip
      let r = ss.thermodynamics
      XCTAssertGreaterThanOrEqual(ss.diagnostics.uncertaintyMargin, -1e-10)
      XCTAssertTrue(r.secondLaw.holds, "Σ = \(r.secondLaw.entropyProduction)")
      XCTAssertLessThan(r.firstLaw.relativeResidual, 1e-9)
      checked += 1
    }
  }

  /// Williamson decomposition (both algorithms): S Ω Sᵀ = Ω, Sᵀ D S = G, S S⁻¹ = I, same ν.
  func testWilliamsonDecompositionProperties() throws {
    var rng = SeededGenerator(seed: 5)
    for _ in 0..<10 {
      let net = try randomNetwork(&rng, allowSpread: false)
      let g = net.hamiltonian.matrix
      let n = net.modeCount
      let omega = Conventions.symplecticForm(modes: n)
      let fast = try WilliamsonDecomposition(g), general = try WilliamsonDecomposition(general: g)
      for w in [fast, general] {
        let d = Matrix<Double>.diagonal(w.frequencies.flatMap { [$0, $0] })
        XCTAssertLessThan((w.symplectic * omega * w.symplectic.transposed - omega).maxAbs, 1e-12)
        XCTAssertLessThan((w.symplectic.transposed * d * w.symplectic - g).maxAbs / g.maxAbs, 1e-12)
        XCTAssertLessThan((w.symplectic * w.inverseSymplectic - .identity(2 * n)).maxAbs, 1e-12)
      }
      for (a, b) in zip(fast.frequencies, general.frequencies) { XCTAssertEqual(a, b, accuracy: 1e-12) }
      // A G with x–p cross terms (rotated quadratures) takes the general path.
      var rotated = g
      rotated[0, 1] += 0.05; rotated[1, 0] += 0.05
      let w = try WilliamsonDecomposition(rotated)
      let d = Matrix<Double>.diagonal(w.frequencies.flatMap { [$0, $0] })
      XCTAssertLessThan((w.symplectic.transposed * d * w.symplectic - rotated).maxAbs / rotated.maxAbs, 1e-12)
    }
  }

  /// A drift factorisation from one temperature set solves the others exactly (A does not depend on T).
  func testTemperatureSweepReusesFactorisation() throws {
    var rng = SeededGenerator(seed: 11)
    let net = try randomNetwork(&rng, allowSpread: false)
    for derivation in [Derivation.local, .global, .redfield] {
      let base = try net.masterEquation(derivation)
      let f = try base.driftFactorisation()
      for _ in 0..<3 {
        let temps = net.baths.map { _ in Double.random(in: 0.1...3, using: &rng) }
        let other = try net.withTemperatures(temps).masterEquation(derivation)
        let reused = try other.gaussianSteadyState(reusing: f)
        let fresh = try other.gaussianSteadyState()
        XCTAssertLessThan((reused.frameCovariance - fresh.frameCovariance).maxAbs / fresh.frameCovariance.maxAbs, 1e-12, "\(derivation)")
      }
    }
  }
}
