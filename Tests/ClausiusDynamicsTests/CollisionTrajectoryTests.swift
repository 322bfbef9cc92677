import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusThermodynamics
import Foundation
import XCTest

/// Paper 003's repeated interactions stepped collision by collision (CollisionTrajectory.swift) against the local master
/// equation (LME) they generate as τ → 0 (paper 003, Sec. III, App. B), on the paper's two oscillators
/// (ω₁ = 0.7, ω₂ = 1, ε = 0.3, γ = 0.5, T = 0.5/1) from a thermal product state at other temperatures.
final class CollisionTrajectoryTests: XCTestCase {
  func network() throws -> BosonicNetwork {
    try BosonicNetwork.chain(frequencies: [0.7, 1.0], epsilon: 0.3, baths: [
      .flat(name: "1", mode: 0, rate: 0.5, temperature: 0.5), .flat(name: "2", mode: 1, rate: 0.5, temperature: 1.0)])
  }
  let initial = GaussianInitialState.thermal(temperatures: [1.5, 0.3])

  /// log₂ of successive error ratios at halved τ: the observed orders.
  func orders(_ e: [Double]) -> [Double] { (1..<e.count).map { Foundation.log2(e[$0 - 1] / e[$0]) } }

  /// One collision from a fixed correlated state: the exact stroke against App. B's expansion and the LME's rates.
  /// - (B3) → Eq. (41): App. B's δQ_i/τ equals the LME's local-H heat Q̇_i exactly (to round-off), (B2) → (B4) its
  ///   d⟨H_S⟩/dt, and their difference its work rate Ẇ (Eq. 43; Eq. 17 for two oscillators).
  /// - The exact stroke differs from App. B's expansion at O(τ²) (the O(τ^{3/2}) term has one ancilla operator and
  ///   vanishes on thermal ancillas), so δQ_i/τ, δW/τ, ΔE_S/τ converge to the LME's rates with order 1.
  /// - Eq. (B8)'s middle expression as printed, +(τ/2)Σ⟨[V_i,[V_i,H_S + H_{E_i}]]⟩, is −δW: by (B2)–(B3) the sum
  ///   ΔH_S + Σ ΔH_{E_i} (the last equality of B8, and energy conservation with B7) is −(τ/2)Σ⟨[V_i,[V_i,H_S + H_{E_i}]]⟩.
  ///   Two routes — the switching work (B7) of the exact stroke and the energy balance — agree with the minus sign.
  func testOneCollisionAgainstAppendixBAndLME() throws {
    let net = try network()
    let eq = try net.masterEquation(.local)
    let dyn = eq.gaussianDynamics
    // A correlated state (⟨a₁†a₂⟩ ≠ 0, so Ẇ ≠ 0): the LME steady state at the reversed temperatures.
    let v = try net.withTemperatures([1.5, 0.3]).masterEquation(.local).gaussianSteadyState().covariance
    let zero = [Double](repeating: 0, count: 4)
    let qLoc = (0..<2).map { heatRate(hamiltonian: eq.dissipators[$0].countingHamiltonian, drift: dyn.perDissipator[$0].drift, diffusion: dyn.perDissipator[$0].diffusion, covariance: v, mean: zero) }
    let dE = (0..<2).map { heatRate(hamiltonian: eq.hamiltonian, drift: dyn.perDissipator[$0].drift, diffusion: dyn.perDissipator[$0].diffusion, covariance: v, mean: zero) }.reduce(0, +)
    let wDot = dE - qLoc.reduce(0, +)
    let taus = [0.04, 0.02, 0.01, 0.005, 0.0025]
    var errQ: [Double] = [], errW: [Double] = [], errS: [Double] = [], errB: [Double] = []
    for tau in taus {
      let model = try CollisionModel(network: net, interactionTime: tau)
      let s = model.stroke(v)
      let b = model.appendixBExpansion(v)
      // App. B is the LME exactly: (B3) = τ × Eq. (41), (B2) = τ × (B4), their difference = τ × Eq. (43).
      for i in 0..<2 { XCTAssertEqual(b.heats[i] / tau, qLoc[i], accuracy: 1e-12 * abs(qLoc[i]), "(B3) → (41), bath \(i), τ = \(tau)") }
      XCTAssertEqual(b.systemEnergyChange / tau, dE, accuracy: 1e-12 * abs(dE))
      XCTAssertEqual(b.work / tau, wDot, accuracy: 1e-12 * abs(wDot))
      // (B8)'s printed middle expression has the opposite sign of the exact stroke's switching work (B7); the corrected
      // one, ΔH_S + ΣΔH_Ei from (B2)–(B3), agrees with it to O(τ) relative.
      XCTAssertEqual(abs(s.work - b.printedWork) / abs(s.work), 2, accuracy: 0.03, "τ = \(tau)")
      XCTAssertLessThan(abs(s.work - b.work) / abs(s.work), 0.03)
      XCTAssertLessThan(s.energyConservationResidual, 1e-14)
      errQ.append((0..<2).map { abs(s.heats[$0] / tau - qLoc[$0]) }.max()!)
      errW.append(abs(s.work / tau - wDot)); errS.append(abs(s.systemEnergyChange / tau - dE))
      errB.append(max(abs(s.work - b.work), (0..<2).map { abs(s.heats[$0] - b.heats[$0]) }.max()!))
    }
    print("one collision vs LME: |δQ/τ − Q̇| = \(errQ), orders \(orders(errQ)); |δW/τ − Ẇ| orders \(orders(errW)); exact − App. B orders \(orders(errB))")
    for o in orders(errQ) + orders(errW) + orders(errS) { XCTAssertEqual(o, 1, accuracy: 0.05) }
    for o in orders(errB) { XCTAssertEqual(o, 2, accuracy: 0.05) }
  }

  /// Stepped to t = 4 with n = 40 … 320 collisions: the heat Σ_k δQ_i, the work Σ_k δW and the occupations tend to the
  /// LME's exact evolution (`GaussianEvolution`, local equation: integratedCountedHeat, integratedWork, occupations)
  /// with order 1 in τ = t/n; energy is conserved in every collision to round-off.
  func testTrajectoryConvergesToLocalMasterEquation() throws {
    let net = try network()
    let t = 4.0
    let lme = try GaussianEvolution(equation: try net.masterEquation(.local)).evolve(from: initial, times: [0, t])
    var errQ: [Double] = [], errW: [Double] = [], errN: [Double] = []
    for n in [40, 80, 160, 320] {
      let tr = try CollisionModel(network: net, interactionTime: t / Double(n)).trajectory(from: initial, collisions: n)
      XCTAssertEqual(tr.times.last!, t, accuracy: 1e-12)
      XCTAssertEqual(tr.heatPerCollision[0].count, n)
      XCTAssertLessThan(tr.energyConservationResidual, 1e-10)   // round-off: O(1) energies × ε vs O(τ Q̇) ≈ 1e-4 per collision
      errQ.append((0..<2).map { abs(tr.integratedHeat[$0][n] - lme.integratedCountedHeat[$0][1]) }.max()!)
      errW.append(abs(tr.integratedWork[n] - lme.integratedWork[1]))
      errN.append((0..<2).map { abs(tr.occupations[$0][n] - lme.occupations[$0][1]) }.max()!)
    }
    print("trajectory vs LME at t = 4: |ΔQ| = \(errQ) (orders \(orders(errQ))), |ΔW| orders \(orders(errW)), |Δn| = \(errN) (orders \(orders(errN)))")
    for o in orders(errQ) + orders(errW) + orders(errN) { XCTAssertEqual(o, 1, accuracy: 0.06) }
    XCTAssertLessThan(errQ.last!, 1e-2 * abs(lme.integratedCountedHeat[0][1]))
  }

  func testBadInput() throws {
    let model = try CollisionModel(network: try network(), interactionTime: 0.1)
    XCTAssertThrowsError(try model.trajectory(from: .coherent(amplitudes: [.init(0.2, 0), .zero]), collisions: 3))
    XCTAssertThrowsError(try model.trajectory(from: initial, collisions: -1))
  }
}
