import Testing
import Foundation
import Numerics
@testable import Clausius

@Suite struct OptomechanicalRectifierTests {
  let base = (g: 0.3, wm: 6.0, gm: 0.5, kappa: 0.2)

  /// The three-mode drift (quadratures) equals Eq. (A4) written on (a_1, a_2, b, a_1†, a_2†, b†) and
  /// transformed to quadratures — an independent representation. Round-off: 1e-13.
  @Test func threeModeDriftIsEqA4() throws {
    let (g1, g2, phi, j, wm, gm, k1, k2, d1, d2) = (0.3, 0.4, 0.7, 0.25, 6.0, 0.5, 0.2, 0.3, 5.9, 6.2)
    let m = try OptomechanicalRectifier(g1: g1, g2: g2, phi: phi, hopping: j, mechanicalFrequency: wm, mechanicalDamping: gm, kappa1: k1, kappa2: k2,
                                        delta1: d1, delta2: d2, n1: 0.1, n2: 0.2, nMechanical: 1)
    let gs = [Complex(g1, 0), Complex(g2 * cos(phi), g2 * sin(phi))]
    let i = Complex<Double>(0, 1)
    // α = (a1, a2, b, a1†, a2†, b†); dα/dt = M α.
    var mm = Matrix<Complex<Double>>(rows: 6, columns: 6)
    let diag: [(Double, Double)] = [(d1, k1), (d2, k2), (wm, gm)]
    for k in 0..<3 {
      mm[k, k] = -(i * Complex(diag[k].0, 0) + Complex(diag[k].1 / 2, 0))
      mm[k + 3, k + 3] = mm[k, k].conjugate
    }
    mm[0, 1] = -i * Complex(j, 0); mm[1, 0] = -i * Complex(j, 0)
    for a in 0..<2 {
      mm[a, 2] = -i * gs[a]; mm[a, 5] = -i * gs[a]                           // −iG_a(b + b†)   (A4a,b)
      mm[2, a] = -i * gs[a].conjugate; mm[2, a + 3] = -i * gs[a]              // −i(G_a* a_a + G_a a_a†)  (A4c)
    }
    for r in 0..<3 { for c in 0..<6 { let cc = c < 3 ? c + 3 : c - 3; mm[r + 3, cc] = mm[r, c].conjugate } }
    // r = T α: x_k = (a_k + a_k†)/√2, p_k = (a_k − a_k†)/(i√2).
    var t = Matrix<Complex<Double>>(rows: 6, columns: 6)
    let s = Complex(0.5.squareRoot(), 0)
    for k in 0..<3 { t[2 * k, k] = s; t[2 * k, k + 3] = s; t[2 * k + 1, k] = -i * s; t[2 * k + 1, k + 3] = i * s }
    let a = (t * mm * (try t.inverse())).real
    #expect((a - m.threeModeEquation().gaussianDynamics.drift).maxAbs < 1e-13)
  }

  /// Eqs. (B18)–(B21) at Ω ≠ ω_m against their right-hand closed forms; (B22) with ϕ = arg χ + π/2 gives F = 0
  /// and then n̄_1 = m̄_1 in the effective cascade (C8 for unequal rates).
  @Test func effectiveMappingB18toB22() throws {
    let (g1, g2, wm, gm, om) = (0.3, 0.4, 6.0, 0.5, 6.2)
    let den = (gm / 2) * (gm / 2) + (om - wm) * (om - wm)
    let opt = OptomechanicalRectifier.perfectNonReciprocity(g1: g1, g2: g2, mechanicalFrequency: wm, mechanicalDamping: gm, frequencyOfInterest: om)
    #expect(abs(opt.hopping - g1 * g2 / den.squareRoot()) < 1e-14)
    let m = try OptomechanicalRectifier(g1: g1, g2: g2, phi: opt.phi, hopping: opt.hopping, mechanicalFrequency: wm, mechanicalDamping: gm, kappa1: 0.2, kappa2: 0.3,
                                        delta1: 5.9, delta2: 6.1, n1: 0.7, n2: 0.1, nMechanical: 2)
    let e = try m.effectiveCascade(frequencyOfInterest: om)
    #expect(abs(e.frequencies[0] - (5.9 + g1 * g1 * (om - wm) / den)) < 1e-13)
    #expect(abs(e.frequencies[1] - (6.1 + g2 * g2 * (om - wm) / den)) < 1e-13)
    #expect(abs(e.cascadeRates[0] - g1 * g1 * gm / den) < 1e-13 && abs(e.cascadeRates[1] - g2 * g2 * gm / den) < 1e-13)
    #expect(e.reciprocityBreaking[0].length < 1e-14)
    #expect(abs(e.phases[1] - opt.phi) < 1e-15)
    let ss = try CascadedSteadyState(e)
    #expect(abs(ss.occupations[0] - ss.disconnected[0]) < 1e-12)
    // Large bandwidth (B26)–(B29) is the Ω = ω_m value of (B18)–(B21).
    let lb = try m.largeBandwidthCascade(), at = try m.effectiveCascade(frequencyOfInterest: wm)
    #expect(abs(lb.cascadeRates[0] - at.cascadeRates[0]) < 1e-13 && (lb.reciprocityBreaking[0] - at.reciprocityBreaking[0]).length < 1e-13)
  }

  /// Grading: scaling γ_m → λγ_m, G → √λ G at fixed γ_i and F, the RWA three-mode n̄_2 approaches the
  /// effective cascade monotonically; ≤ 1% at γ_m = 50κ (measured 0.34%, error ≈ 0.17κ/γ_m). At the
  /// paper's Sec. III values (γ_m = 100 Hz) the effective model is off by > 30%.
  @Test func largeBandwidthGrading() throws {
    let (g, kappa, wm, gm, j) = (0.007, 2.0, 6.0, 1e-4, 1.0)
    let opt = OptomechanicalRectifier.perfectNonReciprocity(g1: g, g2: g, mechanicalFrequency: wm, mechanicalDamping: gm, frequencyOfInterest: wm)
    var errors: [Double] = []
    for lam in [1.0, 1e4, 1e5, 1e6] {
      let m = try OptomechanicalRectifier(g1: g * lam.squareRoot(), g2: g * lam.squareRoot(), phi: opt.phi, hopping: j, mechanicalFrequency: wm, mechanicalDamping: gm * lam,
                                          kappa1: kappa, kappa2: kappa, delta1: wm, delta2: wm, n1: 1, n2: 0, nMechanical: 0.5)
      let e = try CascadedSteadyState(try m.effectiveCascade(frequencyOfInterest: wm)).occupations[1]
      let r = try m.threeModeEquation(rotatingWave: true).gaussianSteadyState().occupation(1)
      errors.append(abs(r - e) / e)
    }
    #expect(errors[0] > 0.3)
    #expect(errors[1] > errors[2] && errors[2] > errors[3])
    #expect(errors[3] < 1e-2)
  }

  @Test func invalidInput() {
    #expect(throws: ModelError.invalidParameter(name: "γ_m", value: 0, allowed: "> 0 (the mechanical susceptibility needs damping)")) {
      try OptomechanicalRectifier(g1: 1, g2: 1, phi: 0, hopping: 0, mechanicalFrequency: 1, mechanicalDamping: 0, kappa1: 1, kappa2: 1, delta1: 0, delta2: 0, n1: 0, n2: 0, nMechanical: 0)
    }
  }
}

@Suite struct TiltedFockTests {
  /// Library tilted Fock Liouvillian (built from the same kernels as the Gaussian path) vs the Riccati θ(s),
  /// own bath and common bath, excitation and energy counting. Cutoff 5, n̄ ≤ 0.08: 2e-3 relative (the
  /// truncation error measured in `fockTiltedLiouvillian`).
  @Test func libraryTiltedLiouvillianMatchesRiccati() throws {
    let net = try CascadedNetwork.symmetric(kappa: 1, detuning: 0.5, theta: 0.4, f: Complex(0.2, 0.1), n1: 0.08, n2: 0.02, n3: 0.04)
    let eq = net.masterEquation()
    for (bath, s, q) in [(0, 0.4, 1.0), (2, -0.3, 1.0), (1, 0.2, 2.0)] {
      let fcs = try GaussianCountingStatistics(equation: eq, bath: bath, quantity: q == 1 ? .excitations : .energy(quantum: q))
      let th = try fcs.theta(s)
      let fock = try eq.fockScaledCumulantGeneratingFunction(cutoff: 5, bath: bath, s: s, charge: q)
      #expect(abs(fock - th) < 2e-3 * abs(th), "bath \(bath): Fock \(fock) vs Riccati \(th)")
    }
    #expect(throws: MasterEquationError.self) { try eq.fockScaledCumulantGeneratingFunction(cutoff: 9, bath: 0, s: 0.1) }
  }
}
