import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusThermodynamics
import Foundation

/// Paper 003's repeated interactions stepped collision by collision at finite τ (issue 17): the heat and work of every
/// collision (`CollisionModel.trajectory`) against the local master equation's exact evolution (`GaussianEvolution`),
/// and one collision against Appendix B's expansion (Eqs. B2, B3, B8).
extension Paper003Reproduction {
  func collisionTrajectory(_ report: inout ReproductionReport, _ progress: @Sendable (String) -> Void) throws {
    progress("003: collisions stepped one by one at finite τ → LME evolution (order in τ); App. B expansion")
    let net = try network(omega1: omega1, omega2: omega2, epsilon: epsilon, gamma: gamma, t1: t1, t2: t2)
    let initial = GaussianInitialState.thermal(temperatures: [1.5, 0.3])
    let t = 4.0, counts = [40, 80, 160, 320]
    let lme = try GaussianEvolution(equation: try net.masterEquation(.local)).evolve(from: initial, times: [0, t])
    var errQ: [Double] = [], errW: [Double] = [], maxEnergy = 0.0
    for n in counts {
      let tr = try CollisionModel(network: net, interactionTime: t / Double(n)).trajectory(from: initial, collisions: n)
      maxEnergy = max(maxEnergy, tr.energyConservationResidual)
      errQ.append((0..<2).map { abs(tr.integratedHeat[$0][n] - lme.integratedCountedHeat[$0][1]) / abs(lme.integratedCountedHeat[$0][1]) }.max()!)
      errW.append(abs(tr.integratedWork[n] - lme.integratedWork[1]) / abs(lme.integratedWork[1]))
    }
    let taus = counts.map { t / Double($0) }
    func order(_ e: [Double]) -> Double { log2(e[e.count - 2] / e[e.count - 1]) }
    report.checks.append(Check(name: "collision-by-collision heat ΣδQ_i(t = 4) → LME Q_i(t): observed order in τ", equation: "003 Eqs. (41), (B3)", expected: 1, computed: order(errQ), tolerance: 0.06))
    report.checks.append(Check(name: "collision-by-collision work Σδ W(t = 4) → LME W(t): observed order in τ", equation: "003 Eqs. (42)–(43), (B7)", expected: 1, computed: order(errW), tolerance: 0.06))
    // Round-off: energies O(1) × ε against a per-collision exchange O(τ Q̇) ~ 1e-4 gives ~1e-12; 1e-10 leaves room.
    report.checks.append(Check(name: "energy conservation in every collision (max relative residual)", equation: "003 Eq. (B8), last equality", expected: 0, computed: maxEnergy, tolerance: 1e-10))
    // One collision: App. B's expansion is the LME's rate (B3 → Eq. 41) and the printed middle
    // expression of (B8) has the wrong sign.
    // A correlated state (Ẇ ≠ 0; a product state has ⟨a₁†a₂⟩ = 0 and no work at O(τ)): the LME steady state at the
    // reversed temperatures.
    let v = try net.withTemperatures([1.5, 0.3]).masterEquation(.local).gaussianSteadyState().covariance
    let model = try CollisionModel(network: net, interactionTime: 0.01)
    let s = model.stroke(v), b = model.appendixBExpansion(v)
    report.checks.append(Check(name: "one collision, τ = 0.01: δW (Eq. B7) vs ΔH_S + ΣΔH_Ei from (B2)–(B3) (relative)", equation: "003 Eqs. (B2), (B3), (B7)", expected: 0,
                               computed: abs(s.work - b.work) / abs(s.work), tolerance: 0.05))
    report.checks.append(Check(name: "(B8) middle expression as printed, +(τ/2)Σ⟨[V_i,[V_i,H_S+H_Ei]]⟩, vs δW (Eq. B7): |printed − δW|/|δW| (= 2: printed = −δW)", equation: "003 Eq. (B8) (misprint)", expected: 2,
                               computed: abs(b.printedWork - s.work) / abs(s.work), tolerance: 0.05))
    report.notes.append("collisions stepped to t = 4 from thermal (1.5, 0.3), τ = " + taus.map { String(format: "%.4g", $0) }.joined(separator: ", ")
                        + ": relative error of the heat " + errQ.map { String(format: "%.2e", $0) }.joined(separator: ", ")
                        + ", of the work " + errW.map { String(format: "%.2e", $0) }.joined(separator: ", ")
                        + ". Eq. (B8) misprint: its middle expression needs a minus sign, δW = −(τ/2)Σ_i⟨[V_i,[V_i,H_S+H_Ei]]⟩ (from B2–B3 and energy conservation; checked by the stroke's switching work B7).")
  }
}
