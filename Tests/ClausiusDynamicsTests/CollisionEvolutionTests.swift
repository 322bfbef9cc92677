import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import Foundation
import XCTest

/// `CollisionModel.evolve(from:collisions:)` (CollisionEvolution.swift), what `clausius evolve --interaction-time τ`
/// reports, against the collision-by-collision record `trajectory(from:collisions:)` (CollisionTrajectoryTests checks
/// that one against App. B and the local equation), the second law of a collision with fresh thermal ancillas, and the
/// relaxation of the stroke map against the local equation's drift gap; and the mapping of output times to strokes.
/// Paper 003's two oscillators (ω₁ = 0.7, ω₂ = 1, ε = 0.3, γ = 0.5, T = 0.5/1).
final class CollisionEvolutionTests: XCTestCase {
  func network() throws -> BosonicNetwork {
    try BosonicNetwork.chain(frequencies: [0.7, 1.0], epsilon: 0.3, baths: [
      .flat(name: "1", mode: 0, rate: 0.5, temperature: 0.5), .flat(name: "2", mode: 1, rate: 0.5, temperature: 1.0)])
  }
  let initial = GaussianInitialState.thermal(temperatures: [1.5, 0.3])

  /// The samples are the record's entries at the chosen strokes: rates δQ_i/τ, δW/τ, ΔE_S/τ of the collision starting
  /// at n_k, the sums before it, the occupations at n_k, and ⟨H_S⟩(n_k) − ⟨H_S⟩(0) = Σ_{n<n_k} ΔE_S (two routes: the
  /// expectation on the stepped covariance and the sum of the strokes' energy changes).
  /// Second law: with fresh thermal ancillas each stroke's ΔS_S − Σ_i δQ_i/T_i = I(S′:E′) + D(ρ_E′‖ρ_E) ≥ 0 (Esposito,
  /// Lindenberg & Van den Broeck, NJP 12, 013013 (2010), Eq. 8), so Σ(t_k) is ≥ 0 and non-decreasing.
  func testSamplesAreTheRecordAtTheChosenStrokes() throws {
    let tau = 0.05
    let model = try CollisionModel(network: try network(), interactionTime: tau)
    let picks = [0, 7, 20, 33, 60]
    let s = try model.evolve(from: initial, collisions: picks)
    let tr = try model.trajectory(from: initial, collisions: 61)
    XCTAssertEqual(s.times, picks.map { Double($0) * tau })
    func close(_ a: Double, _ b: Double, _ what: String) { XCTAssertEqual(a, b, accuracy: 1e-13 * max(1, abs(b)), what) }
    for (k, n) in picks.enumerated() {
      for b in 0..<2 {
        close(s.heatRate[b][k], tr.heatPerCollision[b][n] / tau, "δQ/τ bath \(b) at n = \(n)")
        close(s.integratedHeat[b][k], tr.integratedHeat[b][n], "Q bath \(b) at n = \(n)")
      }
      close(s.workRate[k], tr.workPerCollision[n] / tau, "δW/τ at n = \(n)")
      close(s.integratedWork[k], tr.integratedWork[n], "W at n = \(n)")
      close(s.energyRate[k], tr.systemEnergyChange[n] / tau, "ΔE_S/τ at n = \(n)")
      close(s.energy[k] - s.energy[0], tr.systemEnergyChange[..<n].reduce(0, +), "⟨H_S⟩ − ⟨H_S⟩(0) at n = \(n)")
      for j in 0..<2 { close(s.occupations[j][k], tr.occupations[j][n], "n_\(j) at n = \(n)") }
    }
    XCTAssertLessThan(s.strokeEnergyResidual, 1e-10)
    XCTAssertLessThan(s.integratedFirstLawResidual, 1e-10)
    let sigma = try XCTUnwrap(s.entropyProduction)
    XCTAssertEqual(sigma[0], 0, accuracy: 1e-15)
    for k in 1..<sigma.count { XCTAssertGreaterThanOrEqual(sigma[k], sigma[k - 1] - 1e-13, "Σ non-decreasing at n = \(picks[k])") }
    XCTAssertGreaterThan(sigma.last!, 1e-3, "the thermal start out of equilibrium produces entropy")
    for u in try XCTUnwrap(s.uncertaintyMargin) { XCTAssertGreaterThanOrEqual(u, -1e-12) }
  }

  /// τ/(−ln ρ(X)) of the stroke map tends to the local equation's relaxation time 1/g, g = −max Re λ(A) (the collision
  /// map is e^{Aτ} up to O(τ²) per stroke, paper 003 App. B), with order 1.
  func testRelaxationTimeTendsToLocalEquationGap() throws {
    let net = try network()
    let reference = try GaussianEvolution(equation: try net.masterEquation(.local)).relaxationTime
    var errors: [Double] = []
    for tau in [0.08, 0.04, 0.02, 0.01] {
      let s = try CollisionModel(network: net, interactionTime: tau).evolve(from: initial, collisions: [0, 1])
      errors.append(abs(try XCTUnwrap(s.relaxationTime) - reference))
    }
    let orders = (1..<errors.count).map { Foundation.log2(errors[$0 - 1] / errors[$0]) }
    print("relaxation time vs LME 1/gap = \(reference): errors \(errors), orders \(orders)")
    for o in orders { XCTAssertEqual(o, 1, accuracy: 0.1) }
    XCTAssertLessThan(errors.last!, 1e-2 * reference)
  }

  /// Output times to stroke boundaries: multiples of τ (to 1e-9 relative: 0.3/0.1 = 2.9999999999999996 is stroke 3),
  /// others moved back to the boundary at or before them, coinciding ones kept once; errors for τ ≤ 0, τ beyond the
  /// final time, too many collisions and bad times.
  func testStrokeBoundaries() throws {
    let b = try CollisionModel.strokeBoundaries(times: [0, 0.3, 0.33, 0.7, 1.0], interactionTime: 0.1)
    XCTAssertEqual(b.collisions, [0, 3, 7, 10])
    XCTAssertEqual(b.moved.count, 1)
    XCTAssertEqual(b.moved[0].requested, 0.33)
    XCTAssertEqual(b.moved[0].boundary, 0.3, accuracy: 1e-15)
    XCTAssertEqual(try CollisionModel.strokeBoundaries(times: [0.5, 2.05], interactionTime: 0.5).collisions, [1, 4])
    for (times, tau) in [([0.0, 1], 0.0), ([0, 1], -0.1), ([0, 1], .nan), ([0, 1], 1.5), ([0, 1], 1e-8), ([1, 0.5], 0.1), ([0.0, -1], 0.1)] {
      XCTAssertThrowsError(try CollisionModel.strokeBoundaries(times: times, interactionTime: tau), "\(times), τ = \(tau)")
    }
    let model = try CollisionModel(network: try network(), interactionTime: 0.1)
    XCTAssertThrowsError(try model.evolve(from: initial, collisions: []))
    XCTAssertThrowsError(try model.evolve(from: initial, collisions: [3, 2]))
    XCTAssertThrowsError(try model.evolve(from: .coherent(amplitudes: [.init(0.2, 0), .zero]), collisions: [0, 3]))
  }
}
