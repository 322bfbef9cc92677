import ClausiusInformation
import ClausiusNumerics
import Foundation
import XCTest

/// Tolerances: all quantities below are computed by O(10) LAPACK operations on matrices with
/// condition numbers ≲ 10³, so 1e-10 (absolute, O(1) quantities) leaves a wide margin over rounding
/// (~1e-13) while still catching any formula error (which would be O(1e-2) or larger).
final class GaussianInformationTests: XCTestCase {
  typealias GI = GaussianInformation

  // MARK: symplectic spectrum, entropy, purity

  /// Williamson: ν of S diag(ν) Sᵀ are the ν's we put in (independent: construction).
  func testSymplecticEigenvaluesOfRandomStates() throws {
    var rng = SeededGenerator(seed: 1)
    for nus in [[0.5], [0.7, 2.3], [0.5, 1.1, 4.0]] {
      let (v, _) = try stateWithSpectrum(nus, rng: &rng)
      let got = try GI.symplecticEigenvalues(v)
      for (a, b) in zip(got, nus.sorted()) { assertClose(a, b, rel: 1e-10) }
    }
  }

  /// Thermal mode entropy S = (n̄+1) ln(n̄+1) − n̄ ln n̄ (Bose gas closed form), invariant under
  /// symplectic transformations; purity 1/(2n̄+1).
  func testThermalEntropyAndPurity() throws {
    var rng = SeededGenerator(seed: 2)
    let ns = [0.0, 0.3, 2.0, 10.0]
    let exact = ns.reduce(0.0) { $0 + ($1 + 1) * log($1 + 1) - ($1 > 0 ? $1 * log($1) : 0) }
    let purity = ns.reduce(1.0) { $0 / (2 * $1 + 1) }
    let v = try GaussianState.thermal(occupations: ns).covariance
    assertClose(try GI.vonNeumannEntropy(v), exact, rel: 1e-12)
    assertClose(try GI.purity(v), purity, rel: 1e-12)
    let s = try randomSymplectic(modes: 4, scale: 0.3, rng: &rng)
    let w = s * v * s.transposed
    assertClose(try GI.vonNeumannEntropy(w), exact, rel: 1e-9)
    assertClose(try GI.purity(w), purity, rel: 1e-9)
  }

  /// Two-mode squeezed vacuum: pure (S = 0, μ = 1); marginal thermal with ν = cosh(2r)/2, so
  /// 𝓘 = 2 g(cosh 2r / 2); E_N = 2r (nats) [Adesso–Ragy–Lee OSID 21 1440001, Sec. on TMSV];
  /// Gaussian discord of a pure state = entanglement entropy g(cosh 2r / 2) [Adesso–Datta 2010].
  func testTwoModeSqueezedVacuum() throws {
    for r in [0.1, 0.5, 1.2] {
      let v = GaussianState.twoModeSqueezedVacuum(r: r).covariance
      let ent = GI.g(cosh(2 * r) / 2)
      XCTAssertEqual(try GI.vonNeumannEntropy(v), 0, accuracy: 1e-9)
      XCTAssertEqual(try GI.purity(v), 1, accuracy: 1e-10)
      assertClose(try GI.mutualInformation(v, groupA: [0], groupB: [1]), 2 * ent, rel: 1e-9)
      assertClose(try GI.logarithmicNegativity(v, partition: [0]), 2 * r, rel: 1e-10)
      assertClose(try GI.logarithmicNegativity(v, partition: [1]), 2 * r, rel: 1e-10)
      let d = try GI.gaussianDiscord(v)
      assertClose(d.discord, ent, rel: 1e-8)
      assertClose(d.classicalCorrelations, ent, rel: 1e-8)
    }
  }

  /// E_N is invariant under local symplectic maps and zero for separable (product thermal) states.
  func testNegativityLocalInvarianceAndSeparable() throws {
    var rng = SeededGenerator(seed: 3)
    let v = GaussianState.twoModeSqueezedVacuum(r: 0.7).covariance
    let s1 = try randomSymplectic(modes: 1, scale: 0.5, rng: &rng), s2 = try randomSymplectic(modes: 1, scale: 0.5, rng: &rng)
    var local = Matrix<Double>(rows: 4, columns: 4)
    local.setBlock(s1, row: 0, column: 0); local.setBlock(s2, row: 2, column: 2)
    assertClose(try GI.logarithmicNegativity(local * v * local.transposed, partition: [0]), 1.4, rel: 1e-9)
    let th = try GaussianState.thermal(occupations: [0.2, 1.5, 0]).covariance
    XCTAssertEqual(try GI.logarithmicNegativity(th, partition: [0, 2]), 0)
    XCTAssertEqual(try GI.mutualInformation(th, groupA: [0], groupB: [1, 2]), 0, accuracy: 1e-12)
  }

  // MARK: errors

  func testErrors() throws {
    XCTAssertThrowsError(try GI.vonNeumannEntropy(Matrix.identity(3))) { e in
      guard case GaussianInformationError.badDimension(_, 3, 3) = e else { return XCTFail("\(e)") }
    }
    // V = 0.4 I violates V + iΩ/2 ≥ 0 by 0.1 (eigenvalues 0.4 ± 0.5).
    let bad = Matrix<Double>.identity(2) * 0.4
    let p = try GI.physicality(bad)
    XCTAssertFalse(p.isPhysical)
    XCTAssertEqual(p.minEigenvalue, -0.1, accuracy: 1e-12)
    XCTAssertEqual(p.minSymplecticEigenvalue!, 0.4, accuracy: 1e-12)
    XCTAssertThrowsError(try GI.vonNeumannEntropy(bad)) { e in
      guard case GaussianInformationError.nonPhysical(_, let m, _) = e else { return XCTFail("\(e)") }
      XCTAssertEqual(m, -0.1, accuracy: 1e-12)
    }
    let v = GaussianState.twoModeSqueezedVacuum(r: 0.3).covariance
    XCTAssertThrowsError(try GI.mutualInformation(v, groupA: [0], groupB: [0])) { e in
      guard case GaussianInformationError.badModeGroup = e else { return XCTFail("\(e)") }
    }
    XCTAssertThrowsError(try GI.logarithmicNegativity(v, partition: [2])) { e in
      guard case GaussianInformationError.badModeGroup = e else { return XCTFail("\(e)") }
    }
    XCTAssertThrowsError(try GI.gaussianDiscord(Matrix.identity(6) * 0.5)) { e in
      guard case GaussianInformationError.wrongModeCount = e else { return XCTFail("\(e)") }
    }
    var asym = v; asym[0, 1] = 0.3
    XCTAssertThrowsError(try GaussianState(covariance: asym)) { e in
      guard case GaussianInformationError.notSymmetric = e else { return XCTFail("\(e)") }
    }
  }

  // MARK: fidelity

  /// Thermal states: F = [√((n₁+1)(n₂+1)) − √(n₁n₂)]⁻² (from Σ_n √(p_n q_n) of the two Bose
  /// distributions); all three formulas must agree with it, and products factorise.
  func testFidelityThermalClosedForm() throws {
    func exact(_ a: Double, _ b: Double) -> Double { 1 / pow(((a + 1) * (b + 1)).squareRoot() - (a * b).squareRoot(), 2) }
    for (a, b) in [(0.0, 0.0), (0.0, 1.0), (0.3, 2.5), (4.0, 4.0), (1.0, 7.0)] {
      let s1 = try GaussianState.thermal(occupations: [a]), s2 = try GaussianState.thermal(occupations: [b])
      assertClose(try GI.fidelity(s1, s2), exact(a, b), rel: 1e-10)
      assertClose(try GI.fidelitySingleMode(s1, s2), exact(a, b), rel: 1e-12)
      let p1 = try GaussianState.thermal(occupations: [a, b]), p2 = try GaussianState.thermal(occupations: [b, 0.5])
      let prod = exact(a, b) * exact(b, 0.5)
      assertClose(try GI.fidelity(p1, p2), prod, rel: 1e-10)
      assertClose(try GI.fidelityTwoMode(p1.covariance, p2.covariance), prod, rel: 1e-10)
    }
  }

  /// Coherent states: F = exp(−|α − β|²); d = √2 (Re α, Im α).
  func testFidelityCoherentStates() throws {
    let alpha = (0.3, -0.8), beta = (-1.1, 0.4)   // (Re, Im)
    func d(_ z: (Double, Double)) -> [Double] { [sqrt(2.0) * z.0, sqrt(2.0) * z.1] }
    let v = Matrix<Double>.identity(2) * 0.5
    let s1 = try GaussianState(covariance: v, mean: d(alpha)), s2 = try GaussianState(covariance: v, mean: d(beta))
    let exact = exp(-(pow(alpha.0 - beta.0, 2) + pow(alpha.1 - beta.1, 2)))
    assertClose(try GI.fidelity(s1, s2), exact, rel: 1e-12)
    assertClose(try GI.fidelitySingleMode(s1, s2), exact, rel: 1e-12)
  }

  /// Squeezed vacuum vs vacuum: |⟨0|S(r)|0⟩|² = 1/cosh r (pure-state path of the n-mode formula).
  func testFidelityPureSqueezed() throws {
    for r in [0.2, 1.0] {
      let sq = try GaussianState(covariance: Matrix.diagonal([0.5 * exp(-2 * r), 0.5 * exp(2 * r)]))
      assertClose(try GI.fidelity(sq, .vacuum(modes: 1)), 1 / cosh(r), rel: 1e-9)
      assertClose(try GI.fidelitySingleMode(sq, .vacuum(modes: 1)), 1 / cosh(r), rel: 1e-12)
      // two-mode squeezed vacuum vs vacuum: |⟨00|S₂(r)|00⟩|² = 1/cosh² r.
      let t = GaussianState.twoModeSqueezedVacuum(r: r)
      assertClose(try GI.fidelity(t, .vacuum(modes: 2)), 1 / pow(cosh(r), 2), rel: 1e-9)
      assertClose(try GI.fidelityTwoMode(t.covariance, GaussianState.vacuum(modes: 2).covariance), 1 / pow(cosh(r), 2), rel: 1e-9)
    }
  }

  /// Random physical states (fixed seeds): n-mode BBP formula = 004 Eq. (35) (two modes) and = the
  /// single-mode closed form (one mode, with displacements); F symmetric, F(ρ, ρ) = 1, 0 < F ≤ 1.
  func testFidelityFormulasAgreeOnRandomStates() throws {
    var rng = SeededGenerator(seed: 42)
    for trial in 0..<20 {
      // Every fourth first state is pure (ν = ½, ½): exercises the pure/mixed branch of the n-mode formula.
      let pure = trial % 4 == 0
      let (v1, _) = try stateWithSpectrum(pure ? [0.5, 0.5] : [Double.random(in: 0.5...2, using: &rng), Double.random(in: 0.5...3, using: &rng)], rng: &rng)
      let (v2, _) = try stateWithSpectrum([Double.random(in: 0.5...2, using: &rng), Double.random(in: 0.5...3, using: &rng)], rng: &rng)
      let s1 = try GaussianState(covariance: v1), s2 = try GaussianState(covariance: v2)
      let f12 = try GI.fidelity(s1, s2), f21 = try GI.fidelity(s2, s1)
      let marian = try GI.fidelityTwoMode(v1, v2)
      if pure {
        // One pure state: F = Tr(ρ₁ρ₂) = 1/√det(V₁ + V₂) (Gaussian overlap, vacuum-½ units).
        let overlap = 1 / (try (v1 + v2).determinant()).squareRoot()
        assertClose(f12, overlap, rel: 1e-10, "BBP vs Tr(ρ₁ρ₂)")
        // Eq. (35) loses half the digits when (√b + √c)² ≈ a (pure states): √(rounding) ~ 1e-8.
        assertClose(marian, overlap, rel: 1e-7, "Eq. 35 vs Tr(ρ₁ρ₂)")
      } else {
        assertClose(f12, marian, rel: 1e-8, "BBP vs Eq. 35")
      }
      assertClose(f12, f21, rel: 1e-9, "symmetry")
      XCTAssert(f12 > 0 && f12 <= 1 + 1e-12)
      assertClose(try GI.fidelity(s1, s1), 1, rel: 1e-9)
      assertClose(try GI.fidelityTwoMode(v1, v1), 1, rel: pure ? 1e-7 : 1e-8)

      let (w1, _) = try stateWithSpectrum([Double.random(in: 0.5...2, using: &rng)], rng: &rng)
      let (w2, _) = try stateWithSpectrum([Double.random(in: 0.5...2, using: &rng)], rng: &rng)
      let m1 = [Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng)]
      let t1 = try GaussianState(covariance: w1, mean: m1), t2 = try GaussianState(covariance: w2)
      assertClose(try GI.fidelity(t1, t2), try GI.fidelitySingleMode(t1, t2), rel: 1e-9, "BBP vs single-mode")
    }
  }

  /// Multiplicativity F(ρ_A⊗ρ_B, σ_A⊗σ_B) = F(ρ_A, σ_A) F(ρ_B, σ_B) (a law of the Uhlmann fidelity) for the
  /// n-mode formula on 3- and 4-mode random product states, with displacements; the factors are
  /// evaluated with the single-mode closed form and 004 Eq. (35).
  func testFidelityMultiplicativeOnProducts() throws {
    var rng = SeededGenerator(seed: 11)
    func direct(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
      var m = Matrix<Double>(rows: a.rows + b.rows, columns: a.rows + b.rows)
      m.setBlock(a, row: 0, column: 0); m.setBlock(b, row: a.rows, column: a.rows); return m
    }
    for _ in 0..<5 {
      let (a1, _) = try stateWithSpectrum([Double.random(in: 0.5...2, using: &rng)], rng: &rng)
      let (a2, _) = try stateWithSpectrum([Double.random(in: 0.5...2, using: &rng)], rng: &rng)
      let (b1, _) = try stateWithSpectrum([Double.random(in: 0.6...2, using: &rng), Double.random(in: 0.6...2, using: &rng)], rng: &rng)
      let (b2, _) = try stateWithSpectrum([Double.random(in: 0.6...2, using: &rng), Double.random(in: 0.6...2, using: &rng)], rng: &rng)
      let d1 = [0.3, -0.2], d2 = [-0.1, 0.5]
      let fa = try GI.fidelitySingleMode(try GaussianState(covariance: a1, mean: d1), try GaussianState(covariance: a2, mean: d2))
      let fb = try GI.fidelityTwoMode(b1, b2)
      let f = try GI.fidelity(try GaussianState(covariance: direct(a1, b1), mean: d1 + [0, 0, 0, 0]),
                              try GaussianState(covariance: direct(a2, b2), mean: d2 + [0, 0, 0, 0]))
      assertClose(f, fa * fb, rel: 1e-8)
      let fbb = try GI.fidelity(try GaussianState(covariance: direct(b1, b1)), try GaussianState(covariance: direct(b2, b2)))
      assertClose(fbb, fb * fb, rel: 1e-8)
    }
  }

  // MARK: discord

  /// Brute-force inf over pure Gaussian measurement seeds σ_m = R(φ) diag(λ, 1/λ) R(φ)ᵀ on mode B of
  /// det σ_{A|m} = det[α − γ (β + σ_m)⁻¹ γᵀ] (vacuum-1 units): independent of the Adesso–Datta closed form.
  func bruteForceEMin(_ v: Matrix<Double>) throws -> Double {
    let s = v * 2
    let alpha = s.submatrix(rows: 0..<2, columns: 0..<2), beta = s.submatrix(rows: 2..<4, columns: 2..<4)
    let gamma = s.submatrix(rows: 0..<2, columns: 2..<4)
    func detCond(_ logl: Double, _ phi: Double) throws -> Double {
      let c = cos(phi), sn = sin(phi), l = exp(logl)
      let rot = Matrix<Double>([[c, -sn], [sn, c]])
      let sm = rot * Matrix.diagonal([l, 1 / l]) * rot.transposed
      let cond = alpha - gamma * (try (beta + sm).inverse()) * gamma.transposed
      return try cond.determinant()
    }
    var best = (Double.infinity, 0.0, 0.0)
    for i in 0...40 { for j in 0..<24 {
      let ll = -15 + 30 * Double(i) / 40, ph = Double.pi * Double(j) / 24
      let val = try detCond(ll, ph)
      if val < best.0 { best = (val, ll, ph) }
    } }
    var (val, ll, ph) = best
    var step = (0.75, Double.pi / 24)
    for _ in 0..<80 {
      var improved = false
      for (dl, dp) in [(step.0, 0.0), (-step.0, 0.0), (0.0, step.1), (0.0, -step.1)] {
        let t = try detCond(ll + dl, ph + dp)
        if t < val { (val, ll, ph) = (t, ll + dl, ph + dp); improved = true }
      }
      if !improved { step = (step.0 / 2, step.1 / 2) }
    }
    return val
  }

  /// Discord: = 0 for product states, ≤ 𝓘, ≥ 0, 𝒞 ≥ 0; E_min equals a brute-force minimisation over
  /// Gaussian measurements (within the optimiser's 1e-7); measured-mode swap equals discord of the
  /// swapped state.
  func testDiscord() throws {
    let prod = try GaussianState.thermal(occupations: [0.7, 2.0]).covariance
    let dp = try GI.gaussianDiscord(prod)
    XCTAssertEqual(dp.discord, 0, accuracy: 1e-12)
    XCTAssertEqual(dp.mutualInformation, 0, accuracy: 1e-12)
    var rng = SeededGenerator(seed: 7)
    var branches = [0, 0]
    for trial in 0..<16 {
      let (v, _) = try stateWithSpectrum([Double.random(in: 0.5...2, using: &rng), Double.random(in: 0.5...(trial % 2 == 0 ? 3 : 0.6), using: &rng)], rng: &rng, scale: trial % 2 == 0 ? 0.6 : 1.0)
      // Which Adesso–Datta branch applies (vacuum-1 invariants), to make sure both are exercised.
      let sg = v * 2
      func det2(_ r: Int, _ c: Int) -> Double { sg[r, c] * sg[r + 1, c + 1] - sg[r, c + 1] * sg[r + 1, c] }
      let (a, b, c, dd) = (det2(0, 0), det2(2, 2), det2(0, 2), try sg.determinant())
      branches[(dd - a * b) * (dd - a * b) <= (1 + b) * c * c * (a + dd) ? 0 : 1] += 1
      let d = try GI.gaussianDiscord(v)
      let mi = try GI.mutualInformation(v, groupA: [0], groupB: [1])
      assertClose(d.mutualInformation, mi, rel: 1e-9, abs: 1e-12)
      XCTAssert(d.discord >= -1e-12 && d.discord <= mi + 1e-12, "0 ≤ 𝒬 ≤ 𝓘: \(d.discord) vs \(mi)")
      XCTAssert(d.classicalCorrelations >= -1e-12)
      let bf = try bruteForceEMin(v)
      assertClose(d.eMin, bf, rel: 1e-7, "E_min closed form vs brute force")
      let swap = [2, 3, 0, 1]
      let vs = v.submatrix(rowIndices: swap, columnIndices: swap)
      assertClose(try GI.gaussianDiscord(v, measuredMode: 0).discord, try GI.gaussianDiscord(vs, measuredMode: 1).discord, rel: 1e-12, abs: 1e-14)
    }
    print("Adesso–Datta branches exercised: \(branches)")
    XCTAssert(branches[0] > 0 && branches[1] > 0, "both E_min branches must be tested: \(branches)")
  }
}
