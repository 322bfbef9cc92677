import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import ClausiusTestSupport
import Foundation
import Numerics
import XCTest

final class FockEvolutionTests: XCTestCase {
  /// A quadratic model (two hopping-coupled modes, local baths) on the Fock engine (`MasterEquation.fockMasterEquation`,
  /// 10 levels per mode) against the exact Gaussian moment dynamics (`GaussianEvolution`): occupations, heat per bath
  /// with both countings, integrated heat and work along time. At these temperatures the truncation error is ~e^{−10ω/T}.
  func testQuadraticModelAgainstGaussianEngine() throws {
    let network = try BosonicNetwork(frequencies: [1, 1.3], couplings: [.hopping(0, 1, epsilon: 0.1)],
                                     baths: [try .flat(name: "cold", mode: 0, rate: 0.05, temperature: 0.2),
                                             try .flat(name: "hot", mode: 1, rate: 0.03, temperature: 0.35)])
    let eq = try network.masterEquation(.local)
    let times = [0, 0.5, 2, 8, 20]
    let alpha = [Complex(0.4, 0.1), Complex(0, -0.3)]
    let gaussian = try GaussianEvolution(equation: eq).evolve(from: .coherent(amplitudes: alpha), times: times)
    let fockEq = try eq.fockMasterEquation(levels: [10, 10])
    let space = fockEq.space
    let numbers = (0..<2).map { (name: "n\($0)", operator: space.lowering($0).adjoint * space.lowering($0)) }
    let fock = try FockEvolution(equation: fockEq, temperatures: eq.bathTemperatures)
      .evolve(from: .coherent(amplitudes: alpha), times: times, observables: numbers, tolerance: 1e-12)
    XCTAssertEqual(fock.bathNames, ["cold", "hot"])
    var worst = 0.0
    for k in times.indices {
      for j in 0..<2 {
        XCTAssertEqual(fock.observables[j][k], gaussian.occupations[j][k], accuracy: 1e-9, "n\(j)(\(times[k]))")
        worst = max(worst, abs(fock.observables[j][k] - gaussian.occupations[j][k]))
      }
      for b in 0..<2 {
        for (f, g, what) in [(fock.heat[b][k], gaussian.heat[b][k], "Q̇"), (fock.countedHeat[b][k], gaussian.countedHeat[b][k], "Q̇ local"),
                             (fock.integratedHeat[b][k], gaussian.integratedHeat[b][k], "Q"),
                             (fock.integratedCountedHeat[b][k], gaussian.integratedCountedHeat[b][k], "Q local")] {
          XCTAssertEqual(f, g, accuracy: 1e-9, "\(what) bath \(b) at t = \(times[k])")
          worst = max(worst, abs(f - g))
        }
      }
      XCTAssertEqual(fock.integratedWork[k], gaussian.integratedWork[k], accuracy: 1e-9)
      XCTAssertLessThan(fock.traceError[k], 1e-10)
      XCTAssertGreaterThan(fock.minimumEigenvalue![k], -1e-10)
    }
    print("Fock vs Gaussian engine: max deviation \(worst); Krylov products \(fock.krylov.products), error estimate \(fock.krylov.errorEstimate)")
    XCTAssertLessThan(fock.firstLawResidual, 1e-10)
    XCTAssertLessThan(fock.integratedFirstLawResidual, 1e-8)
    XCTAssertGreaterThanOrEqual(fock.entropyProduction!.min()!, -1e-9)
  }

  /// Paper 000's SME (Eqs. 3–10) from a product Fock state against QuTiP's mesolve run in the test
  /// (Tests/References/qutip_optomechanics_evolution.py builds H, the jumps and the heat operators itself, Eq. 26).
  func testOptomechanicalSMEAgainstQuTiP() throws {
    let sys = try OptomechanicalSystem(omegaC: 1, omegaM: 0.3, g: 0.12, kappaC: 0.08, kappaM: 0.04,
                                       temperatureC: 0.6, temperatureM: 0.5, cavityLevels: 5, mechanicalLevels: 12)
    let eq = try sys.masterEquation(.standard)
    let times: [Double] = [0, 1, 3, 7, 15, 30]
    let a = sys.space.lowering(0), b = sys.space.lowering(1)
    let tr = try FockEvolution(equation: eq, temperatures: sys.bathTemperatures)
      .evolve(from: .product(levels: [1, 2]), times: times, observables: [("nc", a.adjoint * a), ("nm", b.adjoint * b)], tolerance: 1e-12)
    let ref = try XCTUnwrap(PythonReference.run("qutip_optomechanics_evolution.py", input: [
      "wc": 1.0, "wm": 0.3, "g": 0.12, "kc": 0.08, "km": 0.04, "Tc": 0.6, "Tm": 0.5, "Nc": 5, "Nm": 12, "levels": [1, 2], "times": times,
    ] as [String: Any]) as? [String: [Double]])
    let jc = tr.bathNames.firstIndex(of: "optical")!, jm = tr.bathNames.firstIndex(of: "mechanical")!
    var worst = 0.0
    for k in times.indices {
      for (ours, key) in [(tr.observables[0][k], "nc"), (tr.observables[1][k], "nm"), (tr.heat[jc][k], "Jc"), (tr.heat[jm][k], "Jm"), (tr.energy[k], "E")] {
        XCTAssertEqual(ours, ref[key]![k], accuracy: 1e-8, "\(key) at t = \(times[k])")
        worst = max(worst, abs(ours - ref[key]![k]))
      }
    }
    print("SME vs QuTiP mesolve: max deviation \(worst)")
    // |1, 2⟩ is diagonal in the photon number: only the U(1) block σ = 0 was propagated (5·12² of (5·12)² unknowns).
    XCTAssertEqual(tr.symmetry, "cavity")
    XCTAssertEqual(tr.unknowns, 5 * 144)
    XCTAssertLessThan(tr.firstLawResidual, 1e-10)
  }

  /// Long times reach the steady state `FockMasterEquation.steadyState()` and its currents (`FockHeatReport`).
  func testLongTimesReachSteadyState() throws {
    let sys = try OptomechanicalSystem(omegaC: 1, omegaM: 0.3, g: 0.1, kappaC: 0.2, kappaM: 0.1,
                                       temperatureC: 0.5, temperatureM: 0.6, cavityLevels: 4, mechanicalLevels: 10)
    let eq = try sys.masterEquation(.standard)
    let ss = try eq.steadyState()
    let report = try FockHeatReport(equation: eq, state: ss, temperatures: sys.bathTemperatures)
    let tr = try FockEvolution(equation: eq, temperatures: sys.bathTemperatures).evolve(from: .product(levels: [0, 0]), times: [0, 150, 300], tolerance: 1e-12)
    for (b, name) in tr.bathNames.enumerated() {
      XCTAssertEqual(tr.countedHeat[b].last!, report.currents[name]!, accuracy: 1e-10, name)
      XCTAssertGreaterThan(abs(tr.countedHeat[b][0] - report.currents[name]!), 1e-4)
    }
    XCTAssertLessThan((tr.finalDensity - ss.density).maxAbs, 1e-9)
  }

  func testBadInitialStatesAreErrors() throws {
    let sys = try OptomechanicalSystem(omegaM: 0.3, g: 0.1, kappaC: 0.2, kappaM: 0.1, temperatureC: 0.5, temperatureM: 0.6, cavityLevels: 3, mechanicalLevels: 4)
    let ev = FockEvolution(equation: try sys.masterEquation(.standard))
    XCTAssertThrowsError(try ev.evolve(from: .product(levels: [3, 0]), times: [1]))
    XCTAssertThrowsError(try ev.evolve(from: .product(levels: [0]), times: [1]))
    XCTAssertThrowsError(try ev.evolve(from: .density(Matrix.identity(12)), times: [1]))   // Tr ρ = 12
    XCTAssertThrowsError(try ev.evolve(from: .vacuumLike, times: [-1]))
  }
}

extension FockInitialState { static var vacuumLike: FockInitialState { .product(levels: [0, 0]) } }

final class LiouvillianGapTests: XCTestCase {
  /// Paper 000's SME: the ARPACK shift-invert gap equals the dense spectrum of QuTiP's Liouvillian (NumPy eigvals).
  func testGapAgainstQuTiPDenseSpectrum() throws {
    let sys = try OptomechanicalSystem(omegaC: 1, omegaM: 0.3, g: 0.12, kappaC: 0.08, kappaM: 0.04,
                                       temperatureC: 0.6, temperatureM: 0.5, cavityLevels: 4, mechanicalLevels: 6)
    let gap = try FockEvolution(equation: try sys.masterEquation(.standard)).spectralGap()
    let ref = try XCTUnwrap(PythonReference.run("qutip_optomechanics_evolution.py", input: [
      "wc": 1.0, "wm": 0.3, "g": 0.12, "kc": 0.08, "km": 0.04, "Tc": 0.6, "Tm": 0.5, "Nc": 4, "Nm": 6, "gap": true,
    ] as [String: Any]) as? [String: Double])
    print("Liouvillian gap: ARPACK \(gap.gap), QuTiP/NumPy \(ref["gap"]!)")
    XCTAssertEqual(gap.gap, ref["gap"]!, accuracy: 1e-10)
    XCTAssertLessThan(gap.steadyStateEigenvalueResidual, 1e-12)
  }

  /// A quadratic Lindbladian's spectrum is sums of the drift's eigenvalues (third quantisation, Prosen, New J. Phys. 10,
  /// 043026 (2008)), so its gap is −max Re λ(A) = `GaussianEvolution.spectralGap`; the Fock truncation changes it by
  /// ~n̄^N only.
  func testQuadraticGapEqualsDriftGap() throws {
    let network = try BosonicNetwork(frequencies: [1, 1.3], couplings: [.hopping(0, 1, epsilon: 0.1)],
                                     baths: [try .flat(name: "cold", mode: 0, rate: 0.05, temperature: 0.15),
                                             try .flat(name: "hot", mode: 1, rate: 0.03, temperature: 0.2)])
    let eq = try network.masterEquation(.local)
    let gaussian = try GaussianEvolution(equation: eq)
    let fock = try FockEvolution(equation: try eq.fockMasterEquation(levels: [5, 5])).spectralGap()
    print("quadratic model: Liouvillian gap \(fock.gap), drift gap \(gaussian.spectralGap)")
    // The slowest modes are the coherences (λ = −γ/2 ± iω, far from 0 in the complex plane): found by the propagator step.
    // Truncation shifts the gap by 1.2e-7 relative at 5 levels per mode, 6e-13 at 7 (measured; 7 levels take minutes in
    // a debug build).
    XCTAssertEqual(fock.gap, gaussian.spectralGap, accuracy: 1e-6 * gaussian.spectralGap)
  }
}
