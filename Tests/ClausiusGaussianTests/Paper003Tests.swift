import XCTest
import Numerics
@testable import Clausius

/// Paper 003 (collisional / local master equation). Tolerances: the Lyapunov solves reach relative
/// residuals ~1e-15, so closed forms that are exact for the LME are checked at 1e-9 relative
/// (condition numbers of these 2–40-dimensional problems are ≲ 1e4).
final class Paper003Tests: XCTestCase {
  let omega1 = 0.7, omega2 = 1.0, epsilon = 0.3, gamma = 0.5, t1 = 0.5, t2 = 1.0

  /// Eqs. (8)–(10): ⟨a₁†a₁⟩, ⟨a₂†a₂⟩, ⟨a₂†a₁⟩ of the two-oscillator LME.
  func testSteadyStateMomentsEqs8to10() throws {
    let net = try twoOscillators(omega1: omega1, omega2: omega2, epsilon: epsilon, gamma: gamma, t1: t1, t2: t2)
    let ss = try net.masterEquation(.local).gaussianSteadyState()
    XCTAssertLessThan(ss.diagnostics.relativeResidual, 1e-12)
    let n1 = nBar(omega1, t1), n2 = nBar(omega2, t2)
    let delta2 = gamma * gamma + 4 * epsilon * epsilon + (omega1 - omega2) * (omega1 - omega2)
    XCTAssertLessThan(rel(ss.occupation(0), n1 + 2 * epsilon * epsilon / delta2 * (n2 - n1)), 1e-9, "Eq. (8)")
    XCTAssertLessThan(rel(ss.occupation(1), n2 - 2 * epsilon * epsilon / delta2 * (n2 - n1)), 1e-9, "Eq. (9)")
    let a21 = ss.secondMoment(creation: 1, annihilation: 0)
    let expected = Complex(omega1 - omega2, gamma) * Complex(epsilon / delta2 * (n1 - n2), 0)
    XCTAssertLessThan((a21 - expected).length / expected.length, 1e-9, "Eq. (10)")
    XCTAssertTrue(ss.diagnostics.isPhysical)
  }

  /// Eqs. (16)–(21): local heats, work rate and the first law.
  func testHeatAndWorkEqs16to21() throws {
    let net = try twoOscillators(omega1: omega1, omega2: omega2, epsilon: epsilon, gamma: gamma, t1: t1, t2: t2)
    let ss = try net.masterEquation(.local).gaussianSteadyState()
    let report = ss.thermodynamics
    let n1 = nBar(omega1, t1), n2 = nBar(omega2, t2)
    let delta2 = gamma * gamma + 4 * epsilon * epsilon + (omega1 - omega2) * (omega1 - omega2)
    // Eq. (16): Q̇_i = γ ω_i (n_i − ⟨a_i†a_i⟩)
    XCTAssertLessThan(rel(report.baths[0].countedHeat, gamma * omega1 * (n1 - ss.occupation(0))), 1e-9)
    XCTAssertLessThan(rel(report.baths[1].countedHeat, gamma * omega2 * (n2 - ss.occupation(1))), 1e-9)
    // Eqs. (18), (19)
    XCTAssertLessThan(rel(report.baths[0].countedHeat, 2 * gamma * epsilon * epsilon / delta2 * omega1 * (n1 - n2)), 1e-9)
    XCTAssertLessThan(rel(report.baths[1].countedHeat, -2 * gamma * epsilon * epsilon / delta2 * omega2 * (n1 - n2)), 1e-9)
    // Eq. (17): Ẇ = −γε⟨a₁†a₂ + a₂†a₁⟩, from the moments; Eq. (20) closed form.
    let a12 = ss.secondMoment(creation: 0, annihilation: 1)
    XCTAssertLessThan(rel(report.workRate, -gamma * epsilon * 2 * a12.real), 1e-9, "Eq. (17)")
    XCTAssertLessThan(rel(report.workRate, -2 * gamma * epsilon * epsilon / delta2 * (omega1 - omega2) * (n1 - n2)), 1e-9, "Eq. (20)")
    // Eq. (21) / first law: d⟨H_S⟩/dt = ΣQ̇ + Ẇ = 0 to round-off.
    XCTAssertLessThan(report.firstLaw.relativeResidual, 1e-12)
    XCTAssertLessThan(rel(report.workRate, -(report.baths[0].countedHeat + report.baths[1].countedHeat)), 1e-9)
    XCTAssertTrue(report.secondLaw.holds)
  }

  /// Table I and Eqs. (22)–(24): refrigerator COP = ω₁/(ω₂ − ω₁), engine η = 1 − ω₁/ω₂ (Otto),
  /// accelerator for ω₁ > ω₂; both bounded by Carnot.
  func testOperatingRegimesEqs22to24() throws {
    let tRatio = t1 / t2
    // Refrigerator: ω₁ < ω₂ T₁/T₂ (Eq. 13).
    let fridge = try twoOscillators(omega1: 0.3, omega2: 1, epsilon: epsilon, gamma: gamma, t1: t1, t2: t2)
    let pf = try XCTUnwrap(fridge.masterEquation(.local).gaussianSteadyState().thermodynamics.performance)
    XCTAssertEqual(pf.regime, .refrigerator)
    XCTAssertLessThan(rel(try XCTUnwrap(pf.value), 0.3 / (1 - 0.3)), 1e-9, "Eq. (22)")
    XCTAssertLessThan(rel(try XCTUnwrap(pf.otto), 0.3 / 0.7), 1e-14)
    XCTAssertLessThanOrEqual(try XCTUnwrap(pf.value), try XCTUnwrap(pf.carnot))
    // Engine: ω₂T₁/T₂ < ω₁ < ω₂ (Eq. 23).
    let w1 = 0.5 * (tRatio + 1)
    let engine = try twoOscillators(omega1: w1, omega2: 1, epsilon: epsilon, gamma: gamma, t1: t1, t2: t2)
    let pe = try XCTUnwrap(engine.masterEquation(.local).gaussianSteadyState().thermodynamics.performance)
    XCTAssertEqual(pe.regime, .engine)
    XCTAssertLessThan(rel(try XCTUnwrap(pe.value), 1 - w1), 1e-9, "Eq. (24)")
    XCTAssertLessThanOrEqual(try XCTUnwrap(pe.value), try XCTUnwrap(pe.carnot))
    // Accelerator: ω₁ > ω₂.
    let acc = try twoOscillators(omega1: 1.3, omega2: 1, epsilon: epsilon, gamma: gamma, t1: t1, t2: t2)
    let pa = try XCTUnwrap(acc.masterEquation(.local).gaussianSteadyState().thermodynamics.performance)
    XCTAssertEqual(pa.regime, .accelerator)
  }

  /// Table I at the degenerate point ω₁/T₁ = ω₂/T₂ (γ = 2, ε = 0.25, ω₁ = 0.5, ω₂ = 1, T₁ = 0.5, T₂ = 1): n̄₁ = n̄₂, so
  /// every current of Eqs. (18)–(20) is ∝ n̄₁ − n̄₂ = 0 and the computed Q̇₁, Q̇₂, Ẇ are rounding noise (~1e-16 of the
  /// gross heat). Their signs must not decide the regime: "no current" (regression: it read "accelerator").
  /// Next to it, a genuine small current keeps its Table I label (refrigerator for ω₁ < ω₂T₁/T₂, engine above).
  func testNoCurrentRegimeAtDegeneratePoint() throws {
    let g = 2.0, eps = 0.25
    let degenerate = try twoOscillators(omega1: 0.5, omega2: 1, epsilon: eps, gamma: g, t1: 0.5, t2: 1)
    let report = try degenerate.masterEquation(.local).gaussianSteadyState().thermodynamics
    let p = try XCTUnwrap(report.performance)
    XCTAssertEqual(p.regime, .noCurrent)
    XCTAssertEqual(p.regime.rawValue, "no current")
    XCTAssertNil(p.value)
    // Gross scale: Σ_α ½Tr[G D_α] = Σ_α γ ω_α (n̄_α + ½) for a flat local bath on mode α (each quadrature gets
    // diffusion γ(n̄+½); G = ω/2 per quadrature pair in the x–p convention), an independent closed form.
    let n = nBar(0.5, 0.5)
    let gross = g * 0.5 * (n + 0.5) + g * 1 * (n + 0.5)
    for q in [report.baths[0].countedHeat, report.baths[1].countedHeat, report.workRate] {
      XCTAssertLessThanOrEqual(abs(q), noCurrentRelativeTolerance * gross, "a current of \(q) at the degenerate point")
    }
    // Just below and above the degenerate frequency (ω₁/ω₂ = 0.5 ∓ δ): refrigerator and engine, with Q̇₁ from Eq. (18)
    // Q̇₁ = 2γε²ω₁(n̄₁ − n̄₂)/(γ² + 4ε² + (ω₁ − ω₂)²). δ = 1e-4 gives |Q̇₁|/gross ≈ 1.6e-6, δ = 1e-5 ≈ 1.6e-7 (gross
    // Σ_α γω_α(n̄_α + ½) = 3.25): small, and still more than 100× above the no-current tolerance.
    for (delta, expected) in [(1e-4, OperatingRegime.refrigerator), (-1e-4, .engine), (1e-5, .refrigerator), (-1e-5, .engine)] {
      let w1 = 0.5 - delta
      let net = try twoOscillators(omega1: w1, omega2: 1, epsilon: eps, gamma: g, t1: 0.5, t2: 1)
      let th = try net.masterEquation(.local).gaussianSteadyState().thermodynamics
      let n1 = nBar(w1, 0.5), n2 = nBar(1, 1)
      let q1 = 2 * g * eps * eps * w1 * (n1 - n2) / (g * g + 4 * eps * eps + (w1 - 1) * (w1 - 1))
      XCTAssertLessThan(rel(th.baths[0].countedHeat, q1), 1e-6, "Eq. (18) at δ = \(delta)")
      let grossHere = g * w1 * (n1 + 0.5) + g * (n2 + 0.5)
      XCTAssertGreaterThan(abs(q1), 100 * noCurrentRelativeTolerance * grossHere, "δ = \(delta): |Q̇₁|/gross = \(abs(q1) / grossHere)")
      XCTAssertEqual(th.performance?.regime, expected, "δ = \(delta)")
    }
  }

  /// Eqs. (51), (56)–(57): chains with a linear frequency profile have size-independent ratios
  /// Q̇₁/Ẇ = ω₁/(ω_N − ω₁) and Ẇ/Q̇_N = −1 + ω₁/ω_N (parameters of Fig. 4).
  func testChainRatiosEq57() throws {
    let omegaN = 1.0, omega1 = 0.35
    for n in [2, 5, 20] {
      let freqs = BosonicNetwork.linearProfile(first: omega1, last: omegaN, count: n)
      XCTAssertEqual(freqs.first!, omega1, accuracy: 1e-15); XCTAssertEqual(freqs.last!, omegaN, accuracy: 1e-15)
      let net = try BosonicNetwork.chain(frequencies: freqs, epsilon: 0.25 * omegaN, baths: [
        .flat(name: "1", mode: 0, rate: 2 * omegaN, temperature: 0.5),
        .flat(name: "N", mode: n - 1, rate: 2 * omegaN, temperature: 1.0),
      ])
      let r = try net.masterEquation(.local).gaussianSteadyState().thermodynamics
      XCTAssertLessThan(rel(r.baths[0].countedHeat / r.workRate, omega1 / (omegaN - omega1)), 1e-8, "N = \(n)")
      XCTAssertLessThan(rel(r.workRate / r.baths[1].countedHeat, -1 + omega1 / omegaN), 1e-8, "N = \(n)")
      XCTAssertLessThan(r.firstLaw.relativeResidual, 1e-10)
    }
  }

  /// Eqs. (48)–(50): with counter-rotating η ≠ 0 the currents approach the large-γ forms; the relative
  /// error falls as γ⁻² (observed order checked). Eq. (47) (corrected, see docs/papers/003.md) gives the
  /// work at any γ.
  func testCounterRotatingLargeGammaEqs47to50() throws {
    let eta = 0.2
    let n1 = nBar(omega1, t1), n2 = nBar(omega2, t2)
    var gammas: [Double] = [], errors: [Double] = []
    for g in [10.0, 20, 40, 80] {
      let net = try twoOscillators(omega1: omega1, omega2: omega2, epsilon: epsilon, eta: eta, gamma: g, t1: t1, t2: t2)
      let ss = try net.masterEquation(.local).gaussianSteadyState()
      let r = ss.thermodynamics
      let e2 = epsilon * epsilon, h2 = eta * eta
      let q1 = 2 * omega1 / g * (e2 * (n1 - n2) - h2 * (n1 + n2 + 1))
      let q2 = -2 * omega2 / g * (e2 * (n1 - n2) + h2 * (n1 + n2 + 1))
      let w = -2 / g * (e2 * (n1 - n2) * (omega1 - omega2) - h2 * (omega1 + omega2) * (n1 + n2 + 1))
      let err = max(rel(r.baths[0].countedHeat, q1), rel(r.baths[1].countedHeat, q2), rel(r.workRate, w))
      gammas.append(g); errors.append(err)
      // Eq. (47), corrected sign and daggers: Ẇ = −(γε/2)⟨a₁†a₂ + a₁a₂† + a₂†a₁ + a₂a₁†⟩ − (γη/2)⟨a₁†a₂† + a₁a₂ + a₂†a₁† + a₂a₁⟩.
      let hop = 2 * ss.secondMoment(creation: 0, annihilation: 1).real + 2 * ss.secondMoment(creation: 1, annihilation: 0).real
      let sq = 2 * ss.anomalousMoment(0, 1).real + 2 * ss.anomalousMoment(1, 0).real
      XCTAssertLessThan(rel(r.workRate, -(g * epsilon / 2) * hop - (g * eta / 2) * sq), 1e-9, "Eq. (47) corrected")
    }
    let order = convergenceOrder(steps: gammas.map { 1 / $0 }, errors: errors)
    print("counter-rotating: gamma \(gammas) max relative error of Eqs. (48)-(50) \(errors) order \(order)")
    // Observed order 2 (a NumPy check gave 4.1e-2, 1.1e-2, 2.7e-3, 6.7e-4 for Q̇₂): accept [1.8, 2.2].
    XCTAssertGreaterThan(order, 1.8); XCTAssertLessThan(order, 2.2)
    XCTAssertLessThan(errors.last!, 2e-3)
  }

  /// Sec. II A/B and App. C: at T₁ = T₂ with detuned modes the LME carries a non-zero current
  /// (the Levy–Kosloff inconsistency), yet Σ = −ΣQ̇ᵢ/T = Ẇ/T ≥ 0 once the work is included (Eq. C6).
  func testEqualTemperaturesDetunedLME() throws {
    let t = 0.8
    let net = try twoOscillators(omega1: 0.6, omega2: 1.0, epsilon: epsilon, gamma: gamma, t1: t, t2: t)
    let ss = try net.masterEquation(.local).gaussianSteadyState()
    let r = ss.thermodynamics
    let n1 = nBar(0.6, t), n2 = nBar(1.0, t)
    let delta2 = gamma * gamma + 4 * epsilon * epsilon + 0.16
    // Eq. (12): Q̇_{1→2} = 2γε²ω₁(n₂ − n₁)/Δ² ≠ 0 even though T₁ = T₂.
    let q12 = 2 * gamma * epsilon * epsilon * 0.6 * (n2 - n1) / delta2
    XCTAssertLessThan(rel(-r.baths[0].countedHeat, q12), 1e-9)
    XCTAssertGreaterThan(abs(q12), 1e-3)
    XCTAssertGreaterThan(r.workRate, 0)
    XCTAssertLessThan(rel(r.secondLaw.entropyProduction, r.workRate / t), 1e-9, "Eq. (C6) at steady state")
    XCTAssertTrue(r.secondLaw.holds)
    XCTAssertNil(r.performance)
  }

  /// Eqs. (29)–(40): the collisional derivation (τ → 0) is the local equation.
  func testCollisionalDerivationIsLocal() throws {
    let net = try twoOscillators(omega1: omega1, omega2: omega2, epsilon: epsilon, gamma: gamma, t1: t1, t2: t2)
    let a = try net.masterEquation(.local).gaussianSteadyState()
    let b = try net.masterEquation(.collisional).gaussianSteadyState()
    XCTAssertLessThan((a.covariance - b.covariance).maxAbs, 1e-14)
  }

  /// Eq. (27) at finite τ with Eq. (42)/App. B thermodynamics: the stroboscopic steady state, heats and
  /// work converge to the local equation's as τ → 0 with order 1; energy is conserved per stroke (Eq. B8).
  func testCollisionModelConvergesToLocalEquation() throws {
    let net = try twoOscillators(omega1: omega1, omega2: omega2, epsilon: epsilon, gamma: gamma, t1: t1, t2: t2)
    let lme = try net.masterEquation(.local).gaussianSteadyState()
    let lr = lme.thermodynamics
    var taus: [Double] = [], errV: [Double] = [], errQ: [Double] = []
    for tau in [0.08, 0.04, 0.02, 0.01] {
      let ss = try CollisionModel(network: net, interactionTime: tau).steadyState()
      XCTAssertLessThan(ss.diagnostics.relativeResidual, 1e-10)
      XCTAssertTrue(ss.diagnostics.isPhysical)
      let th = ss.thermodynamics
      // Energy conservation of the stroke unitary (B8) to round-off; ΔE_S = 0 at the fixed point.
      XCTAssertLessThan(th.energyConservationResidual, 1e-9)
      XCTAssertLessThan(abs(th.systemEnergyRate), 1e-9)
      XCTAssertLessThan(abs(th.workRate + th.heats.reduce(0, +)), 1e-9, "first law per stroke")
      XCTAssertGreaterThanOrEqual(th.entropyProduction, -1e-12)
      taus.append(tau)
      errV.append((ss.covariance - lme.covariance).maxAbs / lme.covariance.maxAbs)
      errQ.append(max(rel(th.heats[0], lr.baths[0].countedHeat), rel(th.heats[1], lr.baths[1].countedHeat), rel(th.workRate, lr.workRate)))
    }
    let orderV = convergenceOrder(steps: taus, errors: errV)
    let orderQ = convergenceOrder(steps: taus, errors: errQ)
    // First-order convergence expected (the stroke generator differs from the LME at O(τ)).
    XCTAssertGreaterThan(orderV, 0.85); XCTAssertLessThan(orderV, 1.15)
    XCTAssertGreaterThan(orderQ, 0.85); XCTAssertLessThan(orderQ, 1.15)
    XCTAssertLessThan(errV.last!, 0.05)
    print("collision model: tau \(taus) error(V) \(errV) error(Q,W) \(errQ) order V \(orderV) order Q \(orderQ)")
  }

  /// Appendix A, Eqs. (A2)–(A16) in the physical units x = x̃/√ω, p = √ω p̃ of Eq. (2): the drift K of
  /// Eq. (A2) with the corrected couplings λ = ε/√(ω₁ω₂), μ = ε√(ω₁ω₂) (printed Eq. A3 has 2ε) and D of
  /// Eq. (A5) give our covariance; entries (A8)–(A14), (A16) and corrected (A15) V₂₄ = ε(n₁−n₂)(ω₁−ω₂)√(ω₁ω₂)/Δ².
  func testAppendixALyapunovEqsA2toA16() throws {
    let net = try twoOscillators(omega1: omega1, omega2: omega2, epsilon: epsilon, gamma: gamma, t1: t1, t2: t2)
    let ss = try net.masterEquation(.local).gaussianSteadyState()
    let t = Matrix<Double>.diagonal([1 / omega1.squareRoot(), omega1.squareRoot(), 1 / omega2.squareRoot(), omega2.squareRoot()])
    let v = t * ss.covariance * t
    let n1 = nBar(omega1, t1), n2 = nBar(omega2, t2)
    let delta2 = gamma * gamma + 4 * epsilon * epsilon + (omega1 - omega2) * (omega1 - omega2)
    let s = (omega1 * omega2).squareRoot()
    let expected: [(Int, Int, Double, String)] = [
      (0, 0, (4 * epsilon * epsilon * (n2 - n1) / delta2 + 2 * n1 + 1) / (2 * omega1), "A8"),
      (1, 1, omega1 / 2 * (4 * epsilon * epsilon * (n2 - n1) / delta2 + 2 * n1 + 1), "A9"),
      (2, 2, (4 * epsilon * epsilon * (n1 - n2) / delta2 + 2 * n2 + 1) / (2 * omega2), "A10"),
      (3, 3, omega2 / 2 * (4 * epsilon * epsilon * (n1 - n2) / delta2 + 2 * n2 + 1), "A11"),
      (0, 2, epsilon * (n1 - n2) * (omega1 - omega2) / (s * delta2), "A12"),
      (0, 3, gamma * omega2 * epsilon * (n2 - n1) / (s * delta2), "A13"),
      (1, 2, gamma * omega1 * epsilon * (n1 - n2) / (s * delta2), "A14"),
      (1, 3, epsilon * (n1 - n2) * (omega1 - omega2) * s / delta2, "A15 corrected"),
    ]
    for (i, j, e, label) in expected { XCTAssertLessThan(rel(v[i, j], e), 1e-9, label) }
    XCTAssertEqual(v[0, 1], 0, accuracy: 1e-12, "A16"); XCTAssertEqual(v[2, 3], 0, accuracy: 1e-12, "A16")
    let printedA15 = epsilon * (n1 - n2) * (omega1 - omega2) / (s * delta2)
    XCTAssertGreaterThan(rel(v[1, 3], printedA15), 0.1, "printed (A15) disagrees (misprint)")
    // (A2) with corrected (A3), (A5), solved independently.
    let lambda = epsilon / s, mu = epsilon * s
    let k = Matrix<Double>([[-gamma / 2, 1, 0, lambda], [-omega1 * omega1, -gamma / 2, -mu, 0],
                            [0, lambda, -gamma / 2, 1], [-mu, 0, -omega2 * omega2, -gamma / 2]])
    let d = Matrix<Double>.diagonal([gamma * (2 * n1 + 1) / (2 * omega1), gamma * omega1 * (2 * n1 + 1) / 2,
                                     gamma * (2 * n2 + 1) / (2 * omega2), gamma * omega2 * (2 * n2 + 1) / 2])
    let vk = try k.solveLyapunov(d).solution
    XCTAssertLessThan((vk - v).maxAbs / v.maxAbs, 1e-12, "Eqs. (A2), (A5), (A6)")
    let kPrinted = Matrix<Double>([[-gamma / 2, 1, 0, 2 * lambda], [-omega1 * omega1, -gamma / 2, -2 * mu, 0],
                                   [0, 2 * lambda, -gamma / 2, 1], [-2 * mu, 0, -omega2 * omega2, -gamma / 2]])
    XCTAssertGreaterThan((try kPrinted.solveLyapunov(d).solution - v).maxAbs / v.maxAbs, 1e-2, "printed (A3) disagrees (misprint)")
  }
}
