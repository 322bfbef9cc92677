import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusTestSupport
import Foundation
import Numerics
import XCTest

/// The spectral route of `GaussianEvolution` (GaussianSpectralEvolution.swift: the eigen-decomposition of the
/// number-conserving drift's complex form, closed-form time integrals) against the propagation route and against
/// scipy's expm.
final class GaussianSpectralEvolutionTests: XCTestCase {
  let times = [0, 0.5, 3, 17, 80, 400, 2500]

  func chain(_ n: Int) throws -> BosonicNetwork {
    let baths = [try Bath.flat(name: "left", mode: 0, rate: 0.05, temperature: 2), try Bath.flat(name: "right", mode: n - 1, rate: 0.03, temperature: 0.5)]
    return try BosonicNetwork.chain(frequencies: (0..<n).map { 0.8 + 0.4 * Double($0) / Double(n - 1) }, epsilon: 0.1, baths: baths)
  }

  /// Both routes are exact (no ODE error): every column agrees to round-off on a 7-mode chain, local and global
  /// equations (the global one in its normal-mode frame: occupations through φ(S⁻¹)), thermal start and a quench.
  func testSpectralEqualsPropagation() throws {
    let net = try chain(7)
    let other = try net.withTemperatures([0.3, 3]).masterEquation(.global).gaussianSteadyState()
    for derivation in [Derivation.local, .global] {
      let ev = try GaussianEvolution(equation: try net.masterEquation(derivation))
      XCTAssertNil(ev.spectralUnavailable)
      for initial in [GaussianInitialState.thermal(temperatures: (0..<7).map { 0.2 + 0.1 * Double($0) }), .steadyState(other), .vacuum] {
        let a = try ev.evolve(from: initial, times: times, method: .propagation)
        let b = try ev.evolve(from: initial, times: times, method: .spectral)
        XCTAssertEqual(a.method, "propagation"); XCTAssertEqual(b.method, "spectral")
        XCTAssertLessThan(b.eigenvectorCondition ?? .infinity, 100)
        var worst = 0.0
        func same(_ x: [Double], _ y: [Double], _ scale: Double, _ what: String) {
          for k in times.indices {
            XCTAssertEqual(x[k], y[k], accuracy: 1e-12 * scale, "\(derivation) \(what) t = \(times[k])")
            worst = max(worst, abs(x[k] - y[k]) / scale)
          }
        }
        let qScale = a.heat.flatMap { $0 }.map(abs).max()!
        for bath in 0..<2 {
          same(a.heat[bath], b.heat[bath], qScale, "Q̇"); same(a.countedHeat[bath], b.countedHeat[bath], qScale, "Q̇ counted")
          let iScale = max(1, a.integratedHeat[bath].map(abs).max()!)
          same(a.integratedHeat[bath], b.integratedHeat[bath], iScale, "Q"); same(a.integratedCountedHeat[bath], b.integratedCountedHeat[bath], iScale, "Q counted")
        }
        same(a.energy, b.energy, max(1, abs(a.energy[0])), "⟨H⟩"); same(a.energyRate, b.energyRate, qScale, "d⟨H⟩/dt")
        for j in 0..<7 { same(a.occupations[j], b.occupations[j], 1, "n_\(j)") }
        XCTAssertEqual((a.finalCovariance - b.finalCovariance).maxAbs, 0, accuracy: 1e-12)
        XCTAssertLessThan(b.firstLawResidual, 1e-12); XCTAssertLessThan(b.integratedFirstLawResidual, 1e-11)
        print("spectral vs propagation, \(derivation): max relative difference \(worst), κ(R) = \(b.eigenvectorCondition!)")
      }
    }
  }

  /// An independent construction: scipy's expm of the ladder-operator drift K = −ih − Γ/2 and Lyapunov solves
  /// (Tests/References/gaussian_chain_evolution_expm.py), an 8-mode chain from a thermal product state.
  func testSpectralAgainstScipyExpm() throws {
    let n = 8, net = try chain(n)
    let ev = try GaussianEvolution(equation: try net.masterEquation(.local))
    let t0 = (0..<n).map { 0.3 + 0.2 * Double($0) }
    let tr = try ev.evolve(from: .thermal(temperatures: t0), times: times, method: .spectral)
    let w = (0..<n).map { 0.8 + 0.4 * Double($0) / Double(n - 1) }
    let ref = try XCTUnwrap(PythonReference.run("gaussian_chain_evolution_expm.py", input: [
      "w": w, "g": 0.1, "gamma": try (0..<2).map { try net.localRate(bath: $0).gamma }, "T": [2.0, 0.5],
      "n0": zip(w, t0).map { 1 / Foundation.expm1($0 / $1) }, "times": times,
    ] as [String: Any]) as? [String: Any])
    let nRef = try XCTUnwrap(ref["n"] as? [[Double]]), qRef = try XCTUnwrap(ref["q"] as? [[Double]])
    let qlRef = try XCTUnwrap(ref["qloc"] as? [[Double]]), iRef = try XCTUnwrap(ref["Q"] as? [[Double]])
    let ilRef = try XCTUnwrap(ref["Qloc"] as? [[Double]]), eRef = try XCTUnwrap(ref["E"] as? [Double])
    var worst = 0.0
    func check(_ x: Double, _ y: Double, _ tol: Double, _ what: String) {
      XCTAssertEqual(x, y, accuracy: tol, what); worst = max(worst, abs(x - y) / tol)
    }
    for k in times.indices {
      for j in 0..<n { check(tr.occupations[j][k], nRef[j][k], 1e-12, "n_\(j)(\(times[k]))") }
      for b in 0..<2 {
        check(tr.heat[b][k], qRef[b][k], 1e-13, "Q̇_\(b)(\(times[k]))"); check(tr.countedHeat[b][k], qlRef[b][k], 1e-13, "Q̇loc_\(b)")
        check(tr.integratedHeat[b][k], iRef[b][k], 1e-11 * max(1, abs(iRef[b][k])), "Q_\(b)(\(times[k]))")
        check(tr.integratedCountedHeat[b][k], ilRef[b][k], 1e-11 * max(1, abs(ilRef[b][k])), "Qloc_\(b)")
      }
      check(tr.energy[k] - tr.energy[0], eRef[k], 1e-12 * max(1, abs(eRef[k])), "⟨H⟩(\(times[k])) − ⟨H⟩(0)")
    }
    print("spectral vs scipy expm (8-mode chain): worst |Δ|/tolerance = \(worst)")
  }

  /// A mean or a non-number-conserving equation is refused by `.spectral` (and `.automatic` falls back).
  func testSpectralRefusals() throws {
    let net = try chain(3)
    let ev = try GaussianEvolution(equation: try net.masterEquation(.local))
    XCTAssertThrowsError(try ev.evolve(from: .coherent(amplitudes: [Complex(0.3, 0), .zero, .zero]), times: [1], method: .spectral))
    let squeezing = try BosonicNetwork.chain(frequencies: [1, 1.2, 1.4], epsilon: 0.1, eta: 0.05,
                                             baths: [try .flat(name: "l", mode: 0, rate: 0.05, temperature: 1), try .flat(name: "r", mode: 2, rate: 0.05, temperature: 0.5)])
    let evS = try GaussianEvolution(equation: try squeezing.masterEquation(.local))
    XCTAssertNotNil(evS.spectralUnavailable)
    XCTAssertThrowsError(try evS.evolve(from: .vacuum, times: [1], method: .spectral))
    XCTAssertEqual(try evS.evolve(from: .vacuum, times: [1]).method, "propagation")
  }
}
