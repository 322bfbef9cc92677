import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusTestSupport
import Foundation
import Numerics
import XCTest

final class GaussianEvolutionTests: XCTestCase {
  /// Damped oscillator ω a†a with γ(n̄+1)D[a] + γn̄D[a†]: ⟨a†a⟩(t) = n₀e^{−γt} + n̄(1 − e^{−γt}) and
  /// ⟨a⟩(t) = α₀e^{−iωt − γt/2} (Breuer & Petruccione, The Theory of Open Quantum Systems, Sec. 3.4.6), so
  /// ⟨a†a⟩ = (n_th(0) e^{−γt} + n̄(1 − e^{−γt})) + |α₀|² e^{−γt}, the heat Q̇ = d⟨H⟩/dt = ωγ(n̄ − ⟨a†a⟩) and
  /// Q(t) = ω(⟨a†a⟩(t) − ⟨a†a⟩(0)).
  func testDampedOscillatorClosedForm() throws {
    let omega = 1.3, kappa = 0.05, temperature = 2.0
    let network = try BosonicNetwork(frequencies: [omega], baths: [try .flat(name: "bath", mode: 0, rate: kappa, temperature: temperature)])
    let eq = try network.masterEquation(.local)
    let gamma = try network.localRate(bath: 0).gamma
    let nbar = 1 / Foundation.expm1(omega / temperature)
    let evolution = try GaussianEvolution(equation: eq)
    let alpha = Complex(0.7, -0.4), t0 = 0.5
    let n0 = 1 / Foundation.expm1(omega / t0)
    let times = [0, 0.3, 1, 4, 12, 40]
    // Thermal at T = 0.5 displaced by α: given by its moments (V = (n₀ + ½)I, d = √2(Re α, Im α)).
    let v0 = Matrix<Double>.identity(2) * (n0 + 0.5)
    let d0 = [Foundation.sqrt(2.0) * alpha.real, Foundation.sqrt(2.0) * alpha.imaginary]
    let tr = try evolution.evolve(from: .moments(covariance: v0, mean: d0), times: times)
    let nInit = n0 + alpha.lengthSquared
    for (k, t) in times.enumerated() {
      let decay = Foundation.exp(-gamma * t)
      let n = n0 * decay + nbar * (1 - decay) + alpha.lengthSquared * decay
      XCTAssertEqual(tr.occupations[0][k], n, accuracy: 1e-12 * Swift.max(1, n), "n(t=\(t))")
      XCTAssertEqual(tr.heat[0][k], omega * gamma * (nbar - n), accuracy: 1e-12, "Q̇(t=\(t))")
      XCTAssertEqual(tr.integratedHeat[0][k], omega * (n - nInit), accuracy: 1e-12, "Q(t=\(t))")
      XCTAssertEqual(tr.workRate[k], 0, accuracy: 1e-13)
      // ⟨a⟩(t) = α₀ e^{−iωt − γt/2} at the last time.
      if k == times.count - 1 {
        let a = alpha * Complex.exp(Complex(-gamma * t / 2, -omega * t))
        XCTAssertEqual(tr.finalMean[0], Foundation.sqrt(2.0) * a.real, accuracy: 1e-12)
        XCTAssertEqual(tr.finalMean[1], Foundation.sqrt(2.0) * a.imaginary, accuracy: 1e-12)
      }
    }
    XCTAssertLessThan(tr.firstLawResidual, 1e-13)
    XCTAssertLessThan(tr.integratedFirstLawResidual, 1e-12)
    // Σ(t) ≥ 0 (Spohn), and the relaxation rate of the mean is γ/2.
    XCTAssertGreaterThanOrEqual(tr.entropyProduction?.min() ?? -1, -1e-12)
    XCTAssertEqual(evolution.spectralGap, gamma / 2, accuracy: 1e-12)
    // The coherent-state initial state is the same as its moments with n₀ = 0.
    let coherent = try evolution.evolve(from: .coherent(amplitudes: [alpha]), times: [2])
    let decay = Foundation.exp(-gamma * 2)
    XCTAssertEqual(coherent.occupations[0][0], nbar * (1 - decay) + alpha.lengthSquared * decay, accuracy: 1e-12)
  }

  /// Two hopping-coupled modes with local baths against an independent numpy/scipy construction in the ladder-operator
  /// picture (Tests/References/gaussian_evolution_reference.py: ⟨a_i†a_j⟩ from the vectorised Heisenberg equations,
  /// heat from the adjoint dissipators, integrated heat by adaptive quadrature).
  func testTwoCoupledModesAgainstNumpy() throws {
    let w = [1.0, 1.4], g = 0.2, kappas = [0.08, 0.03], temps = [0.5, 2.5]
    let network = try BosonicNetwork(frequencies: w, couplings: [.hopping(0, 1, epsilon: g)],
                                     baths: [try .flat(name: "cold", mode: 0, rate: kappas[0], temperature: temps[0]),
                                             try .flat(name: "hot", mode: 1, rate: kappas[1], temperature: temps[1])])
    let eq = try network.masterEquation(.local)
    let gammas = try (0..<2).map { try network.localRate(bath: $0).gamma }
    let evolution = try GaussianEvolution(equation: eq)
    let times = [0, 0.7, 3, 10, 25]
    let initialT = [1.0, 0.2], alpha = [Complex(0.5, 0.2), Complex(-0.3, 0.0)]
    // A displaced product thermal state: thermal moments plus the coherent mean.
    let th = try GaussianInitialState.thermal(temperatures: initialT).moments(hamiltonian: network.hamiltonian)
    let coh = try GaussianInitialState.coherent(amplitudes: alpha).moments(hamiltonian: network.hamiltonian)
    let tr = try evolution.evolve(from: .moments(covariance: th.covariance, mean: coh.mean), times: times)
    let n0 = zip(w, initialT).map { 1 / Foundation.expm1($0 / $1) }
    let ref = try XCTUnwrap(PythonReference.run("gaussian_evolution_reference.py", input: [
      "w": w, "g": g, "gamma": gammas, "T": temps, "n0": n0, "alpha": alpha.map { [$0.real, $0.imaginary] }, "times": times,
    ] as [String: Any]) as? [String: [Double]])
    func check(_ ours: [Double], _ key: String, _ tol: Double) {
      let theirs = ref[key]!
      for k in times.indices { XCTAssertEqual(ours[k], theirs[k], accuracy: tol, "\(key) at t = \(times[k])") }
      print("two modes vs numpy: max |Δ\(key)| = \(zip(ours, theirs).map { abs($0 - $1) }.max()!)")
    }
    check(tr.occupations[0], "n1", 1e-11); check(tr.occupations[1], "n2", 1e-11)
    check(tr.heat[0], "q1", 1e-12); check(tr.heat[1], "q2", 1e-12)
    check(tr.countedHeat[0], "q1loc", 1e-12); check(tr.countedHeat[1], "q2loc", 1e-12)
    check(tr.integratedHeat[0], "Q1", 1e-9); check(tr.integratedHeat[1], "Q2", 1e-9)
    check(tr.integratedCountedHeat[0], "Q1loc", 1e-9); check(tr.integratedCountedHeat[1], "Q2loc", 1e-9)
    XCTAssertLessThan(tr.firstLawResidual, 1e-12)
    XCTAssertLessThan(tr.integratedFirstLawResidual, 1e-12)
    XCTAssertGreaterThanOrEqual(tr.entropyProduction?.min() ?? -1, -1e-12)
    XCTAssertGreaterThan(tr.uncertaintyMargin?.min() ?? -1, 0)
  }

  /// Long times reach `gaussianSteadyState`'s state and currents (global equation: the normal-mode frame, the quench
  /// from the steady state of the same chain at other temperatures).
  func testLongTimesReachSteadyStateAfterQuench() throws {
    let baths = [try Bath.flat(name: "left", mode: 0, rate: 0.02, temperature: 3), try Bath.flat(name: "right", mode: 2, rate: 0.02, temperature: 0.4)]
    let chain = try BosonicNetwork.chain(frequencies: [1, 1.2, 1.5], epsilon: 0.1, baths: baths)
    let before = try chain.withTemperatures([0.4, 3]).masterEquation(.global).gaussianSteadyState()
    for derivation in [Derivation.global, .local] {
      let eq = try chain.masterEquation(derivation)
      let evolution = try GaussianEvolution(equation: eq)
      let tLong = 60 * evolution.relaxationTime
      let tr = try evolution.evolve(from: .steadyState(before), times: [0, tLong / 2, tLong])
      let ss = try eq.gaussianSteadyState()
      let th = ss.thermodynamics
      for (b, bath) in th.baths.enumerated() {
        XCTAssertEqual(tr.heat[b].last!, bath.heat, accuracy: 1e-12 * max(1, abs(bath.heat)), "\(derivation) \(bath.name)")
        XCTAssertEqual(tr.countedHeat[b].last!, bath.countedHeat, accuracy: 1e-12 * max(1, abs(bath.countedHeat)))
        // At t = 0 the state is the quenched one: its currents differ from the new steady state's.
        XCTAssertGreaterThan(abs(tr.heat[b][0] - bath.heat), 1e-4)
      }
      XCTAssertEqual(tr.workRate.last!, th.workRate, accuracy: 1e-12)
      for j in 0..<3 { XCTAssertEqual(tr.occupations[j].last!, ss.occupation(j), accuracy: 1e-10) }
      XCTAssertLessThan(tr.integratedFirstLawResidual, 1e-11)
      XCTAssertGreaterThanOrEqual(tr.entropyProduction?.min() ?? -1, -1e-10)
    }
  }

  /// The Gibbs state of the system Hamiltonian is stationary when every bath has its temperature (global equation:
  /// detailed balance, paper 004 Sec. II): no current and no change of ⟨H⟩ at any time.
  func testGibbsStateIsStationaryAtEqualTemperatures() throws {
    let baths = [try Bath.flat(name: "a", mode: 0, rate: 0.05, temperature: 0.8), try Bath.flat(name: "b", mode: 1, rate: 0.01, temperature: 0.8)]
    let net = try BosonicNetwork(frequencies: [1, 1.3], couplings: [.hopping(0, 1, epsilon: 0.15)], baths: baths)
    let evolution = try GaussianEvolution(equation: try net.masterEquation(.global))
    let tr = try evolution.evolve(from: .gibbs(temperature: 0.8), times: [0, 5, 50])
    for b in 0..<2 { for q in tr.heat[b] { XCTAssertEqual(q, 0, accuracy: 1e-13) } }
    XCTAssertEqual(tr.energy[2], tr.energy[0], accuracy: 1e-12)
  }

  func testBadInputsAreErrors() throws {
    let net = try BosonicNetwork(frequencies: [1], baths: [try .flat(name: "b", mode: 0, rate: 0.1, temperature: 1)])
    let evolution = try GaussianEvolution(equation: try net.masterEquation(.local))
    XCTAssertThrowsError(try evolution.evolve(from: .vacuum, times: [1, 0.5]))
    XCTAssertThrowsError(try evolution.evolve(from: .vacuum, times: [.nan]))
    XCTAssertThrowsError(try evolution.evolve(from: .thermal(temperatures: [1, 2]), times: [1]))
    XCTAssertThrowsError(try evolution.evolve(from: .thermal(temperatures: [-1]), times: [1]))
    // V = 0.1 I violates V + iΩ/2 ≥ 0.
    XCTAssertThrowsError(try evolution.evolve(from: .moments(covariance: Matrix.identity(2) * 0.1, mean: [0, 0]), times: [1]))
  }
}
