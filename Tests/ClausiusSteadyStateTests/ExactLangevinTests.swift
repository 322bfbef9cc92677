import ClausiusInformation
import ClausiusNumerics
import ClausiusSteadyState
import Foundation
import Numerics
import XCTest

/// Independent references used below:
/// • Matsubara (imaginary-frequency) sum, valid at equal temperatures for any coupling (fluctuation–
///   dissipation theorem + Wick rotation): ⟨XXᵀ⟩ = T Σ_{n∈ℤ} A(i|ν_n|)⁻¹, ⟨PPᵀ⟩ = T Σ_n [I − ν_n² A(iν_n)⁻¹],
///   ν_n = 2πnT, A(iν) = K_stat + ν² + Σ_α c_α c_αᵀ νλ²Λ/(Λ + ν) (Drude). No resonances on this axis.
/// • T = 0 limit of the same: ⟨XXᵀ⟩ = (1/π)∫₀^∞ A(iν)⁻¹ dν.
/// • Closed forms: Ohmic damped oscillator ⟨X²⟩_{T=0}, Gibbs state of H_S, classical equipartition.
final class ExactLangevinTests: XCTestCase {

  /// A(iν) for Drude baths (real symmetric).
  func aImag(_ k: Matrix<Double>, _ baths: [(c: [Double], l2: Double, cut: Double)], _ nu: Double) -> Matrix<Double> {
    var a = k
    for i in 0..<k.rows { a[i, i] += nu * nu }
    for b in baths { let g = nu * b.l2 * b.cut / (b.cut + nu)
      for j in 0..<k.rows { for i in 0..<k.rows { a[i, j] += b.c[i] * b.c[j] * g } } }
    return a
  }

  /// Matsubara sums with the analytic tail Σ_{n>N} 1/n² ≈ 1/N − 1/(2N²) + 1/(6N³) for the leading
  /// 1/ν² (XX) and (K + Σ c cᵀ λ²Λ)/ν² (PP) behaviour; neglected terms are O(N⁻³).
  func matsubara(_ k: Matrix<Double>, _ baths: [(c: [Double], l2: Double, cut: Double)], t: Double, terms: Int) throws -> (Matrix<Double>, Matrix<Double>) {
    let n = k.rows
    var xx = try k.inverse() * t
    var pp = Matrix<Double>.identity(n) * t
    var sxx = Matrix<Double>(rows: n, columns: n), spp = sxx
    for m in stride(from: terms, through: 1, by: -1) {   // small terms first
      let nu = 2 * Double.pi * Double(m) * t
      let g = try aImag(k, baths, nu).inverse()
      sxx += g
      spp += Matrix.identity(n) - g * (nu * nu)
    }
    let nn = Double(terms)
    let tail = (1 / nn - 1 / (2 * nn * nn) + 1 / (6 * nn * nn * nn)) / pow(2 * Double.pi * t, 2)
    var kInf = k
    for b in baths { for j in 0..<n { for i in 0..<n { kInf[i, j] += b.c[i] * b.c[j] * b.l2 * b.cut } } }
    // Next order of the PP tail: ν γ̂(ν) = λ²Λ − λ²Λ²/(Λ + ν) ⇒ −Σ c cᵀ λ²Λ² Σ_{n>N} ν_n⁻³.
    let tail3 = 1 / (2 * nn * nn) / pow(2 * Double.pi * t, 3)
    var k3 = Matrix<Double>(rows: n, columns: n)
    for b in baths { for j in 0..<n { for i in 0..<n { k3[i, j] += b.c[i] * b.c[j] * b.l2 * b.cut * b.cut } } }
    xx += (sxx + Matrix.identity(n) * tail) * (2 * t)
    pp += (spp + kInf * tail - k3 * tail3) * (2 * t)
    return (xx, pp)
  }

  func wire(omegaC: Double, omegaH: Double, k: Double) -> Matrix<Double> {
    Matrix([[omegaC * omegaC + k, -k], [-k, omegaH * omegaH + k]])   // 004 Eq. (4) potential
  }

  func assertMatrices(_ a: Matrix<Double>, _ b: Matrix<Double>, rel: Double, _ msg: String, file: StaticString = #filePath, line: UInt = #line) {
    let d = (a - b).maxAbs, s = max(a.maxAbs, b.maxAbs)
    XCTAssert(d <= rel * s, "\(msg): max diff \(d) > \(rel) × \(s)\n\(a)\nvs\n\(b)", file: file, line: line)
  }

  // MARK: quadrature

  func testQuadratureExactAndSharp() {
    let q = AdaptiveGaussKronrod(relativeTolerance: 1e-12)
    // Polynomials up to degree 31: K21 is exact, so the result must be exact whatever the subdivision.
    let r = q.integrate(count: 3, groups: [0, 1, 2], points: [0, 1], tail: false) { x in [pow(x, 19), pow(x, 30), pow(x, 31)] }
    XCTAssertEqual(r.values[0], 1.0 / 20, accuracy: 1e-15)
    XCTAssertEqual(r.values[1], 1.0 / 31, accuracy: 1e-15)
    XCTAssertEqual(r.values[2], 1.0 / 32, accuracy: 1e-15)
    // Tail: ∫₁^∞ x⁻³ = 1/2; a Lorentzian of width 1e-7 at 1: (1/π)[π/2 + arctan(1/γ)].
    let g = 1e-7
    let r2 = q.integrate(count: 2, groups: [0, 1], points: [0, 0.5, 1, 2], tail: true) { x in
      [x >= 1 ? pow(x, -3) : 0, g / Double.pi / ((x - 1) * (x - 1) + g * g)] }
    XCTAssert(r2.converged)
    XCTAssertEqual(r2.values[0], 0.5, accuracy: 1e-12)
    let exact = (Double.pi / 2 + atan(1 / g)) / Double.pi
    XCTAssertEqual(r2.values[1], exact, accuracy: 1e-11)
    print("Lorentzian γ = 1e-7: error \(r2.values[1] - exact), estimate \(r2.errors[1]), intervals \(r2.intervals)")
    // Adaptive estimates are not rigorous bounds for a peak 10⁷ times narrower than the mesh; require the
    // estimate to be within a factor 10 of the true error at this 1e-12 level (which includes rounding).
    XCTAssert(abs(r2.values[1] - exact) <= 10 * r2.errors[1] + 1e-14, "error estimate far below the true error")
  }

  // MARK: (i), (v) equilibrium vs Matsubara and Gibbs

  /// Paper 004 Fig. 2(b) regime — quasi-resonant nodes (δ_ω² = 2e-6), λ² = 1e-3, Λ = 10³, k = 1e-4 —
  /// at equal temperatures T = 2: exact Langevin moments equal the Matsubara sums (independent
  /// method), ½⟨{X,P}⟩ = 0 and Landauer currents vanish. Tolerance 1e-8 relative: the quadrature is run
  /// at 1e-10 and the Matsubara tail error is ~N⁻³ ≈ 1e-13.
  func testEquilibriumQuasiResonantWireMatchesMatsubara() throws {
    let k = wire(omegaC: 1, omegaH: (1 + 2e-6).squareRoot(), k: 1e-4)
    let d = LangevinSpectralDensity.drudeOhmic(lambdaSquared: 1e-3, cutoff: 1e3)
    let baths = [LangevinBath(node: 0, nodes: 2, spectralDensity: d, temperature: 2),
                 LangevinBath(node: 1, nodes: 2, spectralDensity: d, temperature: 2)]
    let s = try ExactLangevinSteadyState(potential: k, baths: baths, quadrature: AdaptiveGaussKronrod(relativeTolerance: 1e-10))
    XCTAssert(s.converged)
    let (mx, mp) = try matsubara(k, [([1, 0], 1e-3, 1e3), ([0, 1], 1e-3, 1e3)], t: 2, terms: 40_000)
    assertMatrices(s.positionCovariance, mx, rel: 1e-8, "⟨XX⟩ vs Matsubara")
    assertMatrices(s.momentumCovariance, mp, rel: 1e-8, "⟨PP⟩ vs Matsubara")
    XCTAssert(s.momentumPositionCovariance.maxAbs <= 1e-9 * mx.maxAbs)
    for q in s.landauerHeatCurrents { XCTAssertEqual(q, 0, accuracy: 1e-15) }
    // The reported error estimates bound the actual deviation from the independent result.
    XCTAssert((s.positionCovariance - mx).maxAbs <= s.positionCovarianceError.maxAbs + 1e-12 * mx.maxAbs)
    XCTAssert((s.momentumCovariance - mp).maxAbs <= s.momentumCovarianceError.maxAbs + 1e-12 * mp.maxAbs)
    print("quasi-resonant wire: intervals \(s.intervals), evaluations \(s.evaluations), max |ΔXX| \((s.positionCovariance - mx).maxAbs), est \(s.positionCovarianceError.maxAbs); max |ΔPP| \((s.momentumCovariance - mp).maxAbs), est \(s.momentumCovarianceError.maxAbs)")
  }

  /// Three-node chain, one bath on a non-local coupling vector, strong coupling (λ² = 0.05, Λ = 5),
  /// T = 0.7: again the Matsubara sums (the equilibrium mean-force state) are reproduced.
  func testEquilibriumChainVectorCouplingMatchesMatsubara() throws {
    let k = Matrix<Double>([[1.5, -0.3, 0], [-0.3, 2.0, -0.4], [0, -0.4, 0.9]])
    let c1 = [1.0, 0.5, 0], c2 = [0.0, 0, 1]
    let baths = [LangevinBath(coupling: c1, spectralDensity: .drudeOhmic(lambdaSquared: 0.05, cutoff: 5), temperature: 0.7),
                 LangevinBath(coupling: c2, spectralDensity: .drudeOhmic(lambdaSquared: 0.02, cutoff: 8), temperature: 0.7)]
    let s = try ExactLangevinSteadyState(potential: k, baths: baths, quadrature: AdaptiveGaussKronrod(relativeTolerance: 1e-10))
    let (mx, mp) = try matsubara(k, [(c1, 0.05, 5), (c2, 0.02, 8)], t: 0.7, terms: 20_000)
    assertMatrices(s.positionCovariance, mx, rel: 1e-8, "⟨XX⟩ vs Matsubara")
    assertMatrices(s.momentumCovariance, mp, rel: 1e-8, "⟨PP⟩ vs Matsubara")
    // State-based currents are undefined for the non-local bath; Landauer currents vanish.
    XCTAssertNil(s.stateHeatCurrents()[0])
    for q in s.landauerHeatCurrents { XCTAssertEqual(q, 0, accuracy: 1e-15) }
  }

  /// (i) Weak coupling, equal temperatures: the exact state approaches the Gibbs state of H_S,
  /// ⟨XXᵀ⟩ = U diag(coth(Ω/2T)/2Ω) Uᵀ, ⟨PPᵀ⟩ = U diag(Ω coth(Ω/2T)/2) Uᵀ. Deviations are O(λ² ln Λ);
  /// with λ² = 1e-5 we allow 1e-3 relative; also Uhlmann fidelity (ClausiusInformation) > 1 − 1e-6.
  func testWeakCouplingGibbs() throws {
    let k = wire(omegaC: 1, omegaH: 1.4, k: 0.3), t = 0.8
    let d = LangevinSpectralDensity.drudeOhmic(lambdaSquared: 1e-5, cutoff: 10)
    let s = try ExactLangevinSteadyState(potential: k, baths: [
      LangevinBath(node: 0, nodes: 2, spectralDensity: d, temperature: t),
      LangevinBath(node: 1, nodes: 2, spectralDensity: d, temperature: t)])
    let e = try k.symmetricEigen()
    let om = e.values.map { $0.squareRoot() }
    let u = e.vectors
    let gx = u * Matrix.diagonal(om.map { 1 / tanh($0 / (2 * t)) / (2 * $0) }) * u.transposed
    let gp = u * Matrix.diagonal(om.map { $0 / tanh($0 / (2 * t)) / 2 }) * u.transposed
    assertMatrices(s.positionCovariance, gx, rel: 1e-3, "⟨XX⟩ vs Gibbs")
    assertMatrices(s.momentumCovariance, gp, rel: 1e-3, "⟨PP⟩ vs Gibbs")
    var gibbs = Matrix<Double>(rows: 4, columns: 4)
    for j in 0..<2 { for i in 0..<2 { gibbs[2 * i, 2 * j] = gx[i, j]; gibbs[2 * i + 1, 2 * j + 1] = gp[i, j] } }
    let f = try GaussianInformation.fidelity(try GaussianState(covariance: s.covariance004), try GaussianState(covariance: gibbs))
    XCTAssertGreaterThan(f, 1 - 1e-6)
    // "Approaches": the deviation is O(λ²) — ten times larger coupling, about ten times larger deviation.
    let s10 = try ExactLangevinSteadyState(potential: k, baths: [
      LangevinBath(node: 0, nodes: 2, spectralDensity: .drudeOhmic(lambdaSquared: 1e-4, cutoff: 10), temperature: t),
      LangevinBath(node: 1, nodes: 2, spectralDensity: .drudeOhmic(lambdaSquared: 1e-4, cutoff: 10), temperature: t)])
    let ratioX = (s10.positionCovariance - gx).maxAbs / (s.positionCovariance - gx).maxAbs
    let ratioP = (s10.momentumCovariance - gp).maxAbs / (s.momentumCovariance - gp).maxAbs
    print("Gibbs deviation ratios λ² = 1e-4 vs 1e-5: XX \(ratioX), PP \(ratioP); deviations at 1e-5: \((s.positionCovariance - gx).maxAbs), \((s.momentumCovariance - gp).maxAbs)")
    XCTAssert(ratioX > 9.5 && ratioX < 10.5 && ratioP > 9.5 && ratioP < 10.5, "O(λ²) approach to Gibbs: ratios \(ratioX), \(ratioP)")
  }

  // MARK: (iv) single oscillator closed forms

  /// Ohmic damped oscillator at T = 0 (Λ → ∞): ⟨X²⟩ = (1/πω₁)[π/2 − arctan(γ/2ω₁)], ω₁ = √(ω₀² − γ²/4),
  /// γ = λ² (from (1/π)∫₀^∞ dν/(ν² + γν + ω₀²)). With Λ = 10⁴ the Drude correction is O(γ/Λ) ≈ 2e-5.
  /// Also the Wick-rotated T = 0 integral (1/π)∫₀^∞ dν/A(iν) with the finite Λ, to 1e-9.
  func testSingleOscillatorZeroTemperature() throws {
    let gamma = 0.2, w0 = 1.0, cut = 1e4
    let s = try ExactLangevinSteadyState(potential: Matrix([[w0 * w0]]), baths: [
      LangevinBath(node: 0, nodes: 1, spectralDensity: .drudeOhmic(lambdaSquared: gamma, cutoff: cut), temperature: 0)],
      quadrature: AdaptiveGaussKronrod(relativeTolerance: 1e-11))
    let w1 = (w0 * w0 - gamma * gamma / 4).squareRoot()
    let ohmic = (Double.pi / 2 - atan(gamma / (2 * w1))) / (Double.pi * w1)
    XCTAssertEqual(s.positionCovariance[0, 0], ohmic, accuracy: 1e-4 * ohmic)
    let q = AdaptiveGaussKronrod(relativeTolerance: 1e-12)
    let wick = q.integrate(count: 1, groups: [0], points: [0, 1, 10, 100, cut, 10 * cut], tail: true) { nu in
      [1 / (Double.pi * (w0 * w0 + nu * nu + nu * gamma * cut / (cut + nu)))] }
    XCTAssertEqual(s.positionCovariance[0, 0], wick.values[0], accuracy: 1e-9 * wick.values[0])
  }

  /// High temperature: ⟨X²⟩ → T/ω₀² (classical equipartition with the counterterm-renormalised
  /// potential, 004 Sec. III) with the leading quantum correction 1/(12T) (from the n ≠ 0 Matsubara
  /// terms, Σ 1/ν_n²); ⟨P²⟩ → T. Checked at T = 50: |⟨X²⟩ − T/ω₀² − 1/12T| ≤ 1/(12T)·0.1.
  func testSingleOscillatorHighTemperature() throws {
    let t = 50.0
    let s = try ExactLangevinSteadyState(potential: Matrix([[1.0]]), baths: [
      LangevinBath(node: 0, nodes: 1, spectralDensity: .drudeOhmic(lambdaSquared: 0.01, cutoff: 5), temperature: t)])
    XCTAssertEqual(s.positionCovariance[0, 0], t + 1 / (12 * t), accuracy: 0.1 / (12 * t))
    XCTAssertEqual(s.momentumCovariance[0, 0] / t, 1, accuracy: 1e-3)
  }

  // MARK: (ii), (iii) heat currents

  /// Paper 004 Fig. 2(a,c) and 2(b,d) parameters (λ² = 1e-3, Λ = 10³, T_c = 2, T_h = 3): heat currents
  /// from the state (Eq. 34 generalised) equal the Landauer form to 1e-7 relative; Σ_α Q̇_α = 0;
  /// Q̇_h > 0 (second law). Paper 004's printed Eq. (34), (k/2)(Γ₁₄ − Γ₂₃), equals −Q̇_h: sign misprint.
  /// The exact state is physical (V + iΩ/2 ≥ 0, ClausiusInformation).
  func testHeatCurrentsWire() throws {
    for (wh, kk) in [(2.0, 0.05), ((1 + 2e-6).squareRoot(), 1e-4), ((1 + 2e-6).squareRoot(), 1e-2)] {
      let k = wire(omegaC: 1, omegaH: wh, k: kk)
      let d = LangevinSpectralDensity.drudeOhmic(lambdaSquared: 1e-3, cutoff: 1e3)
      let s = try ExactLangevinSteadyState(potential: k, baths: [
        LangevinBath(node: 0, nodes: 2, spectralDensity: d, temperature: 2),
        LangevinBath(node: 1, nodes: 2, spectralDensity: d, temperature: 3)], quadrature: AdaptiveGaussKronrod(relativeTolerance: 1e-10))
      let land = s.landauerHeatCurrents, st = s.stateHeatCurrents().map { $0! }
      let scale = abs(land[1])
      XCTAssertGreaterThan(land[1], 0)
      XCTAssertEqual(land[0] + land[1], 0, accuracy: 1e-9 * scale)
      XCTAssertEqual(st[0], land[0], accuracy: 1e-7 * scale)
      XCTAssertEqual(st[1], land[1], accuracy: 1e-7 * scale)
      let g = s.covariance004
      let printed34 = kk / 2 * (g[0, 3] - g[1, 2])
      XCTAssertEqual(printed34, -land[1], accuracy: 1e-7 * scale)
      XCTAssert(try GaussianInformation.physicality(try s.covariance()).isPhysical)
      print("wire ω_h=\(wh) k=\(kk): Q̇_h Landauer \(land[1]) ± \(s.landauerHeatCurrentErrors[1]), state \(st[1]); intervals \(s.intervals)")
    }
  }

  /// Three-node chain with a bath on every node at different temperatures: Landauer = state currents,
  /// Σ_α Q̇_α = 0 (energy conservation), and the Clausius inequality Σ_α Q̇_α/T_α ≤ 0.
  func testHeatCurrentsChainConservation() throws {
    let k = Matrix<Double>([[1.5, -0.3, 0], [-0.3, 2.0, -0.4], [0, -0.4, 0.9]])
    let temps = [0.5, 2.0, 1.0]
    let baths = (0..<3).map { LangevinBath(node: $0, nodes: 3, spectralDensity: .drudeOhmic(lambdaSquared: 0.02 * Double($0 + 1), cutoff: 20), temperature: temps[$0]) }
    let s = try ExactLangevinSteadyState(potential: k, baths: baths, quadrature: AdaptiveGaussKronrod(relativeTolerance: 1e-10))
    let land = s.landauerHeatCurrents, st = s.stateHeatCurrents().map { $0! }
    let scale = land.map(abs).max()!
    XCTAssertEqual(land.reduce(0, +), 0, accuracy: 1e-9 * scale)
    for a in 0..<3 { XCTAssertEqual(st[a], land[a], accuracy: 1e-7 * scale) }
    XCTAssertLessThanOrEqual(zip(land, temps).reduce(0) { $0 + $1.0 / $1.1 }, 0)
  }

  /// G(ω) (004 Eq. 31) obeys the retarded-response laws: G = Gᵀ (reciprocity), G − G† = 2i G Γ G† with
  /// Γ = Σ_α c_α c_αᵀ J_α (from Im χ̂ = J), and the two-terminal transmission 4 J_c J_h |G_ch|² ≤ 1.
  func testGreensFunctionIdentities() throws {
    let k = Matrix<Double>([[1.5, -0.3, 0], [-0.3, 2.0, -0.4], [0, -0.4, 0.9]])
    let d1 = LangevinSpectralDensity.drudeOhmic(lambdaSquared: 0.05, cutoff: 5), d2 = LangevinSpectralDensity.drudeOhmic(lambdaSquared: 0.02, cutoff: 8)
    let c1 = [1.0, 0.5, 0], c2 = [0.0, 0, 1]
    let s = try ExactLangevinSteadyState(potential: k, baths: [LangevinBath(coupling: c1, spectralDensity: d1, temperature: 1),
                                                               LangevinBath(coupling: c2, spectralDensity: d2, temperature: 2)])
    for w in [0.3, 1.0, 1.37, 4.0] {
      let g = try s.greensFunction(frequency: w)
      XCTAssertLessThan((g - g.transposed).maxAbs, 1e-12 * g.maxAbs)
      var gam = Matrix<Complex<Double>>(rows: 3, columns: 3)
      for (c, d) in [(c1, d1), (c2, d2)] { for j in 0..<3 { for i in 0..<3 { gam[i, j] = gam[i, j] + Complex(c[i] * c[j] * d.j(w), 0) } } }
      let lhs = g - g.adjoint, rhs = g * gam * g.adjoint * Complex(0, 2)
      XCTAssertLessThan((lhs - rhs).maxAbs, 1e-12 * lhs.maxAbs)
    }
    let d = LangevinSpectralDensity.drudeOhmic(lambdaSquared: 0.1, cutoff: 50)
    let w2 = try ExactLangevinSteadyState(potential: wire(omegaC: 1, omegaH: 1, k: 0.05), baths: [
      LangevinBath(node: 0, nodes: 2, spectralDensity: d, temperature: 1), LangevinBath(node: 1, nodes: 2, spectralDensity: d, temperature: 1)])
    var maxT = 0.0
    for i in 1...400 { let w = 0.8 + 0.4 * Double(i) / 400
      let g = try w2.greensFunction(frequency: w)
      maxT = max(maxT, 4 * d.j(w) * d.j(w) * g[0, 1].lengthSquared) }
    XCTAssertLessThanOrEqual(maxT, 1 + 1e-12)
  }

  // MARK: (vi) errors

  func testInvalidInputsRejected() throws {
    let d = LangevinSpectralDensity.drudeOhmic(lambdaSquared: 1e-3, cutoff: 1e3)
    XCTAssertThrowsError(try ExactLangevinSteadyState(potential: Matrix([[1, 2], [2, 1]]), baths: [
      LangevinBath(node: 0, nodes: 2, spectralDensity: d, temperature: 1), LangevinBath(node: 1, nodes: 2, spectralDensity: d, temperature: 1)])) { e in
      guard case let ExactLangevinError.unstablePotential(m, _) = e else { return XCTFail("\(e)") }
      XCTAssertEqual(m, -1, accuracy: 1e-12)
    }
    // Without counterterm the static potential is ω₀² − λ²Λ = 0.5 − 1 < 0.
    XCTAssertThrowsError(try ExactLangevinSteadyState(potential: Matrix([[0.5]]), baths: [
      LangevinBath(node: 0, nodes: 1, spectralDensity: d, temperature: 1)], counterterm: false)) { e in
      guard case let ExactLangevinError.unstablePotential(m, false) = e else { return XCTFail("\(e)") }
      XCTAssertEqual(m, -0.5, accuracy: 1e-12)
    }
    XCTAssertThrowsError(try ExactLangevinSteadyState(potential: Matrix([[1.0]]), baths: [
      LangevinBath(node: 0, nodes: 1, spectralDensity: d, temperature: -1)])) { e in
      guard case ExactLangevinError.invalidParameter(let name, _, _) = e else { return XCTFail("\(e)") }
      XCTAssert(name.contains("temperature"))
    }
    XCTAssertThrowsError(try ExactLangevinSteadyState(potential: Matrix([[1.0]]), baths: [
      LangevinBath(node: 0, nodes: 1, spectralDensity: .drudeOhmic(lambdaSquared: 0, cutoff: 1), temperature: 1)]))
    XCTAssertThrowsError(try ExactLangevinSteadyState(potential: Matrix([[1.0]]), baths: [
      LangevinBath(node: 3, nodes: 1, spectralDensity: d, temperature: 1)]))
    // The symmetric normal mode (1, 1)/√2 does not couple to c = (1, −1): undamped.
    XCTAssertThrowsError(try ExactLangevinSteadyState(potential: Matrix([[2, -1], [-1, 2]]), baths: [
      LangevinBath(coupling: [1, -1], spectralDensity: d, temperature: 1)])) { e in
      guard case let ExactLangevinError.undampedMode(w, _) = e else { return XCTFail("\(e)") }
      XCTAssertEqual(w, 1, accuracy: 1e-12)
    }
  }
}
