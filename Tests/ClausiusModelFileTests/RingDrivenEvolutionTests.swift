import Clausius
import ClausiusTestSupport
import Foundation
import Testing

/// Paper 002's ring with |G|(t) (the linearised coupling, following a modulated drive) and the mechanical occupation
/// n̄(t) as functions of time (Families/Ring/RingDrivenEvolution.swift): CVODE on the exact linearised equation (Eq. 4).
@Suite("evolve: optomechanical ring with time-dependent coupling and occupation")
struct RingDrivenEvolutionTests {
  static func source(coupling: String, occupation: String) -> String {
    """
    kind = "optomechanical-ring"
    [ring]
    sites = 3
    winding = 1
    coupling = \(coupling)
    hopping = 0.7
    detuning = -1.0
    optical_loss = 0.6
    mechanical_frequency = 1.0
    mechanical_damping = 0.05
    occupation = \(occupation)
    """
  }

  /// Against Tests/References/driven_ring_moments.py: the Hamiltonian of Eq. 4 written in ladder operators and converted
  /// to quadratures numerically, the moment equations integrated by scipy's DOP853 (rtol 1e-12) with the heat, drive
  /// work and their integrals; per-mode thermal start (n̄_j = 1/(e^{1/T_j} − 1): every mode's own block is 1 here).
  @Test("sinusoidal |G|(t) and n̄(t) against scipy DOP853 on independently written moment equations")
  func againstScipy() throws {
    let model = try ModelDescription(source: Self.source(
      coupling: "{ value = 0.15, modulation = { kind = \"sin\", amplitude = 0.05, frequency = 0.5, phase = 0.3 } }",
      occupation: "{ value = 1.0, modulation = { kind = \"sin\", amplitude = 0.4, frequency = 0.5, phase = 1.1 } }"), file: "ring.toml")
    let file = try #require(model.as(OptomechanicalRingModelFile.self))
    #expect(file.theory.effectiveCoupling == 0.15 && file.theory.thermalOccupation == 1.0)   // static values for solve
    #expect(model.family.steadyStateNotes.joined().contains("coupling |G|, mechanical occupation n̄"))
    let temps = [0.3, 0.8, 0.5, 1.2, 0.4, 2.0]
    let times = [0, 2, 5, 10, 20, 40.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .thermal(temps), initialText: "thermal", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.engine == "gaussian-ode" && m.timeDependent == ["ring.coupling", "ring.occupation"])
    let ref = try #require(try PythonReference.run("driven_ring_moments.py", input: [
      "L": 3, "n": 1, "J": 0.7, "Dt": -1.0, "gc": 0.6, "wm": 1.0, "gm": 0.05, "G": [0.15, 0.05, 0.5, 0.3], "nbar": [1.0, 0.4, 0.5, 1.1],
      "n0": temps.map { 1 / expm1(1 / $0) }, "times": times,
    ] as [String: Any]) as? [String: Any])
    let occ = try #require(ref["occ"] as? [[Double]]), heat = try #require(ref["heat"] as? [[Double]])
    let local = try #require(ref["local"] as? [[Double]]), iheat = try #require(ref["iheat"] as? [[Double]])
    let wdot = try #require(ref["Wdot"] as? [Double]), w = try #require(ref["W"] as? [Double]), e = try #require(ref["E"] as? [Double])
    let baths = try #require(m.baths), occupations = try #require(m.occupations)
    let wd = try #require(m.driveWorkRate), wdi = try #require(m.integratedDriveWork), energy = try #require(m.energy)
    var worst = 0.0
    for k in times.indices {
      var pairs: [(Double, Double)] = [(wd[k], wdot[k]), (wdi[k], w[k]), (energy[k], e[k])]
      for j in 0..<6 {
        pairs += [(occupations[j].values[k], occ[j][k]), (baths[j].heat[k], heat[j][k]), (baths[j].localHeat[k], local[j][k]),
                  (baths[j].integratedHeat[k], iheat[j][k])]
      }
      for (x, y) in pairs {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-8 * max(1, abs(y)), "t = \(times[k]): \(x) vs \(y)")
      }
    }
    let d = try #require(m.diagnostics)
    print("driven ring vs scipy DOP853: max deviation \(worst); first law \(d.firstLawResidual), integrated \(d.integratedFirstLawResidual)")
    #expect(abs(wdi.last!) > 1e-4)   // the modulated coupling does work
    #expect(d.firstLawResidual < 1e-12 && d.integratedFirstLawResidual < 1e-8)
  }

  /// n̄(t) a step table (0.5 → 2.0 at t = 6): CVODE across the step equals the exact propagation (`GaussianEvolution`,
  /// no ODE error) of the static ring at n̄ = 0.5 to t = 6, restarted from its moments with the n̄ = 2.0 ring; integrated
  /// heats add over the two pieces. |G| steps too (0.12 → 0.18 at t = 6): the impulsive work ⟨H(0.18) − H(0.12)⟩(6).
  @Test("step tables equal the exact propagation restarted at the step, with the impulsive work of the |G| jump")
  func stepEqualsPiecewiseExact() throws {
    let model = try ModelDescription(source: Self.source(coupling: "{ table = [[0, 0.12], [6, 0.18]], interpolation = \"step\" }",
                                                         occupation: "{ table = [[0, 0.5], [6, 2.0]], interpolation = \"step\" }"), file: "ring.toml")
    let times = [0, 3, 6, 9, 15.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    func ring(_ g: Double, _ nb: Double) throws -> GaussianEvolution {
      let file = try #require(try ModelDescription(source: Self.source(coupling: "\(g)", occupation: "\(nb)"), file: "r.toml").as(OptomechanicalRingModelFile.self))
      return try GaussianEvolution(equation: OptomechanicalLinearisation.ring(file.theory).exactEquation())
    }
    let first = try ring(0.12, 0.5).evolve(from: .vacuum, times: [0, 3, 6])
    let second = try ring(0.18, 2.0).evolve(from: .moments(covariance: first.finalCovariance, mean: first.finalMean), times: [0, 3, 9])
    let baths = try #require(m.baths), occupations = try #require(m.occupations), wdi = try #require(m.integratedDriveWork)
    var worst = 0.0
    for j in 0..<6 {
      // t = 0, 3 from the first piece; t = 6 (after the step), 9, 15 from the second (times 0, 3, 9 after the step).
      let expectedOcc = [first.occupations[j][0], first.occupations[j][1], second.occupations[j][0], second.occupations[j][1], second.occupations[j][2]]
      let q6 = first.integratedHeat[j][2]
      let expectedQ = [first.integratedHeat[j][0], first.integratedHeat[j][1], q6, q6 + second.integratedHeat[j][1], q6 + second.integratedHeat[j][2]]
      for k in times.indices {
        worst = max(worst, abs(occupations[j].values[k] - expectedOcc[k]), abs(baths[j].integratedHeat[k] - expectedQ[k]))
        #expect(abs(occupations[j].values[k] - expectedOcc[k]) <= 1e-8, "mode \(j) t = \(times[k])")
        #expect(abs(baths[j].integratedHeat[k] - expectedQ[k]) <= 1e-8, "bath \(j) t = \(times[k])")
      }
      #expect(abs(baths[j].heat[4] - second.heat[j][2]) <= 1e-8)
    }
    // The impulse: ⟨H(|G| = 0.18) − H(|G| = 0.12)⟩ in the state at t = 6 (H does not depend on n̄).
    let hAfter = try ring(0.18, 2.0).equation.hamiltonian, hBefore = try ring(0.12, 0.5).equation.hamiltonian
    let impulse = hAfter.expectation(covariance: first.finalCovariance, mean: first.finalMean) - hBefore.expectation(covariance: first.finalCovariance, mean: first.finalMean)
    #expect(wdi[1] == 0 && abs(wdi[2] - impulse) <= 1e-9 && abs(wdi[4] - impulse) <= 1e-9, "\(wdi) vs \(impulse)")
    print("ring steps vs piecewise exact: max deviation \(worst); impulse \(impulse); integrated first law \(m.diagnostics?.integratedFirstLawResidual ?? .nan)")
    #expect((m.diagnostics?.integratedFirstLawResidual ?? 1) < 1e-8)
  }

  @Test("a coupling or occupation that goes negative is an error at its line")
  func negative() throws {
    for (c, o, key) in [("{ value = 0.05, modulation = { kind = \"sin\", amplitude = 0.1, frequency = 0.5 } }", "1.0", "ring.coupling"),
                        ("0.1", "{ table = [[0, 1.0], [5, -0.5]] }", "ring.occupation")] {
      let source = Self.source(coupling: c, occupation: o)
      var caught: ModelFileError?
      do { _ = try ModelDescription(source: source, file: "ring.toml") } catch let e as ModelFileError { caught = e }
      let e = try #require(caught)
      let line = source.components(separatedBy: "\n").firstIndex { $0.hasPrefix(key == "ring.coupling" ? "coupling" : "occupation") }! + 1
      #expect(e.key?.hasPrefix(key) == true && e.line == line, "\(e)")
    }
  }

  /// `evolve --stroboscopic` (|G| and n̄ modulated at Ω = 0.5, period 4π): one output per period, and in the periodic
  /// steady state ⟨H⟩ is periodic, so the cycle-averaged Σ_α Q̄_α + W̄_drive = 0 — a law independent of the integrator.
  @Test("stroboscopic: the periodic steady state's cycle-averaged first law")
  func stroboscopic() throws {
    let model = try ModelDescription(source: Self.source(
      coupling: "{ value = 0.15, modulation = { kind = \"sin\", amplitude = 0.05, frequency = 0.5 } }",
      occupation: "{ value = 1.0, modulation = { kind = \"cos\", amplitude = 0.4, frequency = 0.5 } }"), file: "ring.toml")
    let period = 4 * Double.pi
    var request = EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 25 * period + 1], tolerance: 1e-10)
    request.stroboscopic = true
    let doc = try model.evolve(request)
    #expect(doc.times.count == 26 && abs(doc.times[1] - period) <= 1e-12)
    let m = try #require(doc.methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let s = try #require(m.stroboscopic)
    print("ring PSS: heat \(s.heat), drive work \(s.driveWork), state change \(s.stateChange), first law \(s.firstLawResidual)")
    #expect(s.converged)
    #expect(s.firstLawResidual < 1e-7)
    #expect(abs(s.driveWork) > 1e-4)
  }
}
