import ClausiusNumerics
import Foundation
import XCTest
@testable import ClausiusInformation

/// 1 − F without cancellation (issue 13, §2): `GaussianInformation.fidelityWithInfidelity` against a closed form
/// and against a 50-digit evaluation of Banchi–Braunstein–Pirandola's formula on the same double matrices
/// (Tests/References/gaussian_fidelity_mpmath.py, written independently of the Swift code).
final class AccurateFidelityTests: XCTestCase {
  typealias GI = GaussianInformation

  /// Thermal states ρ(n̄₁), ρ(n̄₂) of one mode commute: √F = Σ_k √(p_k q_k) = √((1−x)(1−y))/(1 − √(xy)),
  /// x = n̄₁/(n̄₁+1), y = n̄₂/(n̄₂+1), hence exactly 1 − F = (√x − √y)²/(1 − √(xy))² (no cancellation when
  /// √x − √y = (x − y)/(√x + √y) and x − y = (n̄₁ − n̄₂)/((n̄₁+1)(n̄₂+1))). Products of modes: F multiplies.
  /// Checked from 1 − F ≈ 10⁻²⁰ to 10⁻¹ (the old route, 1 − F(rounded), was 100 % off below 10⁻¹⁶), including a
  /// pure mode against a mixed one (x = 0) and a pure state against itself (1 − F = 0).
  func testThermalClosedForm() throws {
    func closed(_ n1: Double, _ n2: Double) -> Double {
      let x = n1 / (n1 + 1), y = n2 / (n2 + 1)
      let dxy = (n1 - n2) / ((n1 + 1) * (n2 + 1))
      let d = x + y > 0 ? dxy / (x.squareRoot() + y.squareRoot()) : 0
      return d * d / ((1 - (x * y).squareRoot()) * (1 - (x * y).squareRoot()))
    }
    for (a, b) in [(0.3, 0.3 * (1 + 1e-9)), (1e-3, 1.0000001e-3), (2.0, 2.1), (0.0, 1e-3), (0.0, 0.0), (5.0, 5.0 + 1e-8), (0.5, 0.05)] {
      for (c, d) in [(0.0, 0.0), (0.7, 0.7 * (1 + 1e-6))] {
        let s1 = try GaussianState.thermal(occupations: [a, c]), s2 = try GaussianState.thermal(occupations: [b, d])
        // The occupations the matrices hold (n̄ + ½ is rounded; V − ½ is then exact, Sterbenz).
        func occ(_ s: GaussianState, _ j: Int) -> Double { s.covariance[2 * j, 2 * j] - 0.5 }
        let e1 = closed(occ(s1, 0), occ(s2, 0)), e2 = closed(occ(s1, 1), occ(s2, 1))
        let exact = e1 + e2 - e1 * e2
        let r = try GI.fidelityWithInfidelity(s1, s2)
        assertClose(r.oneMinusFidelity, exact, rel: 1e-10, abs: 1e-30, "n̄ = (\(a), \(c)) vs (\(b), \(d))")
        assertClose(r.fidelity, 1 - exact, rel: 1e-15)
        XCTAssertTrue(r.refined)
      }
    }
  }

  /// Random physical pairs (seeded): generic mixed states, states with a pure mode (ν = ½ before rounding),
  /// nearly identical states (1 − F from 10⁻¹⁴ to 10⁻⁶), pure vs mixed, with displacements; 1 − F against the
  /// 50-digit reference: ≤ 10⁻⁸ relative wherever it is ≥ 10⁻¹⁴ (the requirement), measured ≲ 10⁻¹³.
  func testAgainstFiftyDigitReference() throws {
    var rng = SeededGenerator(seed: 1313)
    var pairs: [(GaussianState, GaussianState)] = []
    for modes in [1, 2, 3] {
      for kind in 0..<5 {
        let nus1 = (0..<modes).map { j in kind == 1 && j == 0 ? 0.5 : 0.5 + Double.random(in: 0.001...2, using: &rng) }
        let (v1, s) = try stateWithSpectrum(nus1, rng: &rng)
        var v2: Matrix<Double>
        switch kind {
        case 0, 1:  // an unrelated state (kind 1: the first has a pure mode)
          v2 = try stateWithSpectrum((0..<modes).map { _ in 0.5 + Double.random(in: 0.001...2, using: &rng) }, rng: &rng).0
        case 2:     // the same Williamson frame, one symplectic eigenvalue changed by 10⁻⁷ relative
          var nus2 = nus1; nus2[0] *= 1 + 1e-7
          v2 = s * Matrix.diagonal(nus2.flatMap { [$0, $0] }) * s.transposed
        case 3:     // tiny symmetric perturbation (1 − F ~ 10⁻¹⁴)
          v2 = v1
          for j in 0..<2 * modes { for i in 0...j { let e = 1e-7 * Double.random(in: -1...1, using: &rng); v2[i, j] += e; if i != j { v2[j, i] += e } } }
          v2 = v2 + Matrix.identity(2 * modes) * 2e-7   // keep it physical
        default:    // a pure state against a mixed one
          v2 = try stateWithSpectrum(Array(repeating: 0.5, count: modes), rng: &rng).0
        }
        let mean1 = (0..<2 * modes).map { _ in kind == 4 ? Double.random(in: -0.3...0.3, using: &rng) : 0 }
        let mean2 = (0..<2 * modes).map { _ in kind == 4 ? Double.random(in: -0.3...0.3, using: &rng) : 0 }
        pairs.append((try GaussianState(covariance: v1, mean: mean1), try GaussianState(covariance: v2, mean: mean2)))
      }
    }
    let input: [[String: Any]] = pairs.map { ["v1": $0.0.covariance.elements, "v2": $0.1.covariance.elements, "d1": $0.0.mean, "d2": $0.1.mean] }
    let out = try XCTUnwrap(try PythonReference.run("gaussian_fidelity_mpmath.py", input: ["pairs": input]) as? [String: Any])
    let results = try XCTUnwrap(out["results"] as? [[String: Any]])
    var worst = 0.0
    for ((s1, s2), r) in zip(pairs, results) {
      let ref = try XCTUnwrap(Double(try XCTUnwrap(r["oneMinusF"] as? String)))
      let got = try GI.fidelityWithInfidelity(s1, s2)
      if ref >= 1e-14 {
        let e = abs(got.oneMinusFidelity - ref) / ref
        worst = max(worst, e)
        XCTAssertLessThan(e, 1e-8, "modes \(s1.modes): \(got.oneMinusFidelity) vs \(ref)")
      } else {
        XCTAssertLessThan(abs(got.oneMinusFidelity - ref), 1e-22)
      }
    }
    print("largest relative error of 1 − F against the 50-digit reference:", worst)
  }
}
