import Clausius
import ClausiusCommands
import ClausiusTestSupport
import Foundation
import Testing
import XCTest

/// Networks with time-dependent couplings and bath temperatures: moments by CVODE (ClausiusDynamics
/// `DrivenGaussianEvolution`) against an independent scipy integration of the moment equations, and against the
/// exact time-independent evolution when nothing is modulated.
final class TimeDependentNetworkTests: XCTestCase {
  static let source = """
    title = "Two modes with a modulated hopping"
    [[modes]]
    frequency = 1.0
    [[modes]]
    frequency = 1.3
    [[couplings]]
    kind = "hopping"
    modes = [0, 1]
    strength = { value = 0.08, modulation = { kind = "sin", amplitude = 0.05, frequency = 0.3, phase = 0.2 } }
    [[baths]]
    name = "cold"
    mode = 0
    spectral_density = "flat"
    rate = 0.05
    temperature = 0.2
    [[baths]]
    name = "hot"
    mode = 1
    spectral_density = "flat"
    rate = 0.03
    temperature = { value = 0.6, modulation = { kind = "sin", amplitude = 0.2, frequency = 0.3, phase = 1.0 } }
    [solve]
    equations = ["local"]
    """

  /// Tests/References/driven_gaussian_moments.py writes A(t), D(t), the heat and the drive work from the physics
  /// (paper 003, Eq. 5 and App. A) and integrates them with DOP853 at rtol 1e-12.
  func testModulatedHoppingAgainstScipyMoments() throws {
    let m = try XCTUnwrap(try ModelDescription(source: Self.source, file: "m.toml").as(ModelFile.self))
    XCTAssertEqual(m.network.couplings[0], .hopping(0, 1, epsilon: 0.08))
    XCTAssertEqual(m.network.baths[1].temperature, 0.6)
    let ev = try m.drivenEvolution(m.equations[0])
    let times: [Double] = [0, 3, 10, 24, 50, 80]
    let tr = try ev.evolve(from: .vacuum, times: times, tolerance: 1e-10)
    let ref = try XCTUnwrap(PythonReference.run("driven_gaussian_moments.py", input: [
      "w": [1.0, 1.3], "eps": [0.08, 0.05, 0.3, 0.2], "gamma": [0.05, 0.03], "T1": 0.2, "T2": [0.6, 0.2, 0.3, 1.0], "times": times,
    ] as [String: Any]) as? [String: [Double]])
    let c = tr.bathNames.firstIndex(of: "cold")!, h = tr.bathNames.firstIndex(of: "hot")!
    var worst = 0.0
    for k in times.indices {
      let ours: [(Double, String)] = [(tr.occupations[0][k], "n1"), (tr.occupations[1][k], "n2"), (tr.heat[c][k], "Q1"), (tr.heat[h][k], "Q2"),
                                      (tr.countedHeat[c][k], "Q1_local"), (tr.countedHeat[h][k], "Q2_local"), (tr.driveWorkRate[k], "Wdot"),
                                      (tr.integratedHeat[c][k], "Qi1"), (tr.integratedHeat[h][k], "Qi2"), (tr.integratedDriveWork[k], "W")]
      for (x, key) in ours {
        XCTAssertEqual(x, ref[key]![k], accuracy: 1e-8, "\(key) at t = \(times[k])")
        worst = max(worst, abs(x - ref[key]![k]))
      }
      // ⟨H⟩ includes the zero-point energy in both.
      XCTAssertEqual(tr.energy[k], ref["E"]![k], accuracy: 1e-8)
    }
    print("driven network vs scipy moments: max deviation \(worst); CVODE \(tr.ode.steps) steps; first law \(tr.firstLawResidual), integrated \(tr.integratedFirstLawResidual)")
    XCTAssertLessThan(tr.firstLawResidual, 1e-12)
    XCTAssertLessThan(tr.integratedFirstLawResidual, 1e-7)
  }

  /// Nothing modulated: CVODE on the moment equations equals the exact evolution V(t) = e^{At}(V₀ − V∞)e^{Aᵀt} + V∞
  /// (`GaussianEvolution`, no ODE error) and its exact integrated heat (Lyapunov adjoint).
  func testTimeIndependentCVODEEqualsExactMoments() throws {
    let m = try XCTUnwrap(try ModelDescription(source: Self.source, file: "m.toml").as(ModelFile.self))
    let network = try m.network(at: 0)
    let drive = GaussianDrive(equation: { _ in try network.masterEquation(.local) }, hamiltonianRate: { _ in .zero(modes: 2) })
    let times: [Double] = [0, 5, 20, 60]
    let ode = try DrivenGaussianEvolution(drive: drive).evolve(from: .thermal(temperatures: [0.5, 0.1]), times: times, tolerance: 1e-11)
    let exact = try GaussianEvolution(equation: try network.masterEquation(.local)).evolve(from: .thermal(temperatures: [0.5, 0.1]), times: times)
    var worst = 0.0
    for b in 0..<2 {
      for k in times.indices {
        worst = max(worst, abs(ode.heat[b][k] - exact.heat[b][k]), abs(ode.integratedHeat[b][k] - exact.integratedHeat[b][k]),
                    abs(ode.occupations[b][k] - exact.occupations[b][k]))
      }
    }
    print("CVODE vs exact Gaussian moments (time-independent): max deviation \(worst)")
    XCTAssertLessThan(worst, 1e-9)
    XCTAssertLessThan((ode.finalCovariance - exact.finalCovariance).maxAbs, 1e-9)
  }

  /// The global equation with this modulated hopping and T(t) (the adiabatic equation of H(t), NetworkAdiabatic.swift):
  /// in the periodic steady state ⟨H⟩ is periodic, so the cycle-averaged first law Σ_α Q̄_α + W̄_drive = 0 must hold
  /// (heat counted with H(t), work ⟨∂_tH⟩, the heat and the work integrated independently by CVODE).
  func testGlobalPeriodicSteadyStateFirstLaw() throws {
    let global = Self.source.replacingOccurrences(of: "equations = [\"local\"]", with: "equations = [\"global\"]")
    let period = 2 * Double.pi / 0.3
    var request = EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 40 * period + 1], tolerance: 1e-10)
    request.stroboscopic = true
    let doc = try ModelDescription(source: global, file: "m.toml").evolve(request)
    let m = try XCTUnwrap(doc.methods.first)
    XCTAssertNil(m.error)
    XCTAssertNotNil(m.diagnostics?.adiabatic)
    let s = try XCTUnwrap(m.stroboscopic)
    print("network global PSS: heat \(s.heat), drive work \(s.driveWork), first law \(s.firstLawResidual)")
    XCTAssertTrue(s.converged)
    XCTAssertLessThan(s.firstLawResidual, 1e-7)
    XCTAssertGreaterThan(abs(s.driveWork), 1e-6)
    XCTAssertTrue(doc.failures.isEmpty, "\(doc.failures)")
  }


}

extension TimeDependentNetworkTests {
  /// `evolve --stroboscopic` on the network (both modulations at Ω = 0.3, period 2π/0.3): one output per period, and in
  /// the periodic steady state the cycle-averaged first law Σ_α Q̄_α + W̄_drive = 0 (⟨H⟩ periodic) and Σ_α Q̄_α^local + W̄ = 0.
  func testStroboscopicPeriodicSteadyState() throws {
    let d = try ModelDescription(source: Self.source, file: "m.toml")
    let period = 2 * Double.pi / 0.3
    var request = EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 40 * period + 1], tolerance: 1e-10)
    request.stroboscopic = true
    let doc = try d.evolve(request)
    XCTAssertEqual(doc.times.count, 41)
    XCTAssertEqual(doc.times[1], period, accuracy: 1e-12)
    let m = try XCTUnwrap(doc.methods.first)
    XCTAssertNil(m.error)
    XCTAssertEqual(m.engine, "gaussian-ode")
    let s = try XCTUnwrap(m.stroboscopic)
    print("network PSS: heat \(s.heat), work \(s.work), drive work \(s.driveWork), state change \(s.stateChange), first law \(s.firstLawResidual)")
    XCTAssertTrue(s.converged)
    XCTAssertLessThan(s.firstLawResidual, 1e-7)
    XCTAssertEqual(s.localHeat.reduce(0, +) + s.work, 0, accuracy: 1e-7 * s.localHeat.map(abs).reduce(0, +))
    XCTAssertGreaterThan(abs(s.driveWork), 1e-6)   // the modulated hopping does work on the network
  }
}

/// Steady-state commands say when a model's time-dependent numbers are taken at their static values (docs/model-format.md,
/// "Time-dependent parameters"): the note names each modulated number; a static model gets none.
@Suite("static values of time-dependent models are announced")
struct StaticValueNoteTests {
  @Test("solve/audit/sweep on a modulated open-system and network model name the modulated numbers on stderr; a static model prints no note")
  func notes() throws {
    let driven = ModelFileParserTests.examples.appendingPathComponent("driven-qubit-oscillator.toml").path
    for command in [["solve", driven], ["audit", driven], ["sweep", driven, "--vary", "baths.cold.temperature=0.2:0.4:2", "--format", "json"]] {
      let r = try BadInputRunner.run(command, timeout: 120)
      #expect(r.stderr.contains("note: the time-dependent parameter F, parameter g, temperature of bath hot are taken at their static value"), "\(command[0]): \(r.stderr)")
    }
    let network = try String(contentsOf: ModelFileParserTests.examples.appendingPathComponent("003-chain.toml"), encoding: .utf8)
      .replacingOccurrences(of: "temperature = 0.9", with: "temperature = { value = 0.9, modulation = { kind = \"sin\", amplitude = 0.1, frequency = 0.2, phase = 0.0 } }")
    let r = try BadInputRunner.run(["solve", try BadInputRunner.write(network, name: "modulated-chain.toml"), "--equations", "local"], timeout: 60)
    #expect(r.status == 0 && r.stderr.contains("note: the time-dependent temperature of bath first is taken at its static value"), "\(r.stderr)")
    let plain = try BadInputRunner.run(["solve", ModelFileParserTests.examples.appendingPathComponent("003-chain.toml").path], timeout: 60)
    #expect(!plain.stderr.contains("time-dependent"), "\(plain.stderr)")
  }
}
