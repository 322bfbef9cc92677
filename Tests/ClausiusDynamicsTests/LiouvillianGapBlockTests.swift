import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusTestSupport
import Foundation
import Numerics
import XCTest

/// The Liouvillian gap per U(1) block (issue 17; `FockEvolution.spectralGap(route: .blocks)`).
final class LiouvillianGapBlockTests: XCTestCase {
  /// A slow mechanical coherence (λ ≈ −κ_m(2n̄+1)/2 ± iω_m) far from 0 behind the population modes: the gap of the
  /// blocks route equals NumPy's dense spectrum of QuTiP's Liouvillian, and the eigenvalues nearest 0 alone
  /// (shift-invert, stage 1) would have missed it.
  func testSlowCoherenceAgainstQuTiPDenseSpectrum() throws {
    let p: [String: Any] = ["wc": 1.0, "wm": 0.3, "g": 0.05, "kc": 0.1, "km": 0.004, "Tc": 0.6, "Tm": 0.5, "Nc": 3, "Nm": 12, "gap": true]
    let sys = try OptomechanicalSystem(omegaC: 1, omegaM: 0.3, g: 0.05, kappaC: 0.1, kappaM: 0.004,
                                       temperatureC: 0.6, temperatureM: 0.5, cavityLevels: 3, mechanicalLevels: 12)
    let gap = try FockEvolution(equation: try sys.masterEquation(.standard)).spectralGap()
    let ref = try XCTUnwrap(PythonReference.run("qutip_optomechanics_evolution.py", input: p) as? [String: Double])
    let nearestOnly = gap.eigenvalues.dropFirst().map { -$0.real }.min()!
    print("slow coherence: blocks route \(gap.gap), QuTiP/NumPy \(ref["gap"]!), nearest-0 bound \(nearestOnly), \(gap.operatorApplications) applications, largest block \(gap.largestBlock)")
    XCTAssertEqual(gap.gap, ref["gap"]!, accuracy: 1e-10 * ref["gap"]!)
    XCTAssertGreaterThan(nearestOnly, 1.5 * gap.gap)
    XCTAssertEqual(gap.symmetry, "excitation number of cavity")
    XCTAssertEqual(gap.largestBlock, 3 * 144)
  }

  /// The blocks route equals the same two stages on the full d² Liouvillian (the route before the blocks) on paper
  /// 000's SME at (2, 16) (1024 unknowns; its block σ = 0 of 512 takes the sparse path). This case is the one where
  /// Arnoldi for the largest real part of 𝓛 itself (a rejected cheaper route) returned 0.01005 instead of 0.005045.
  func testBlocksEqualFullPolynomialRoute() throws {
    let sys = try OptomechanicalSystem(omegaC: 1, omegaM: 0.3, g: 0.1, kappaC: 0.08, kappaM: 0.01,
                                       temperatureC: 0.6, temperatureM: 0.4, cavityLevels: 2, mechanicalLevels: 16)
    let ev = FockEvolution(equation: try sys.masterEquation(.standard))
    let t0 = Date()
    let blocks = try ev.spectralGap()
    let t1 = Date()
    let full = try ev.spectralGap(route: .fullPolynomialKrylov)
    let t2 = Date()
    print("(2, 16): blocks \(blocks.gap) in \(t1.timeIntervalSince(t0)) s (\(blocks.operatorApplications) applications); full polynomial \(full.gap) in \(t2.timeIntervalSince(t1)) s (\(full.operatorApplications))")
    XCTAssertEqual(blocks.gap, full.gap, accuracy: 1e-10 * full.gap)
  }
}
