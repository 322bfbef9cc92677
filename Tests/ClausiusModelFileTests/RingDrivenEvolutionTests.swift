import Clausius
import ClausiusTestSupport
import Foundation
import Testing

/// Paper 002's ring with entries of `[ring]` as functions of time (Families/Ring/RingDrivenEvolution.swift): |G|(t) (the
/// linearised coupling, following a modulated drive), J(t), Δ̃(t), ω_m(t) in H; γ_c(t), γ_m(t) and the mechanical
/// occupation n̄(t) in the dissipators. CVODE on the exact linearised equation (Eq. 4 with the dissipators of Eq. 3).
@Suite("evolve: optomechanical ring with time-dependent entries")
struct RingDrivenEvolutionTests {
  /// The entries of the test ring (L = 3, n = 1) before any override.
  static let entries: [(String, String)] = [("coupling", "0.15"), ("hopping", "0.7"), ("detuning", "-1.0"), ("optical_loss", "0.6"),
                                            ("mechanical_frequency", "1.0"), ("mechanical_damping", "0.05"), ("occupation", "1.0")]

  /// The test ring with some `[ring]` entries replaced (key → TOML value).
  static func source(_ overrides: [String: String]) -> String {
    (["kind = \"optomechanical-ring\"", "[ring]", "sites = 3", "winding = 1"] + entries.map { "\($0) = \(overrides[$0] ?? $1)" }).joined(separator: "\n")
  }

  static func source(coupling: String, occupation: String) -> String { source(["coupling": coupling, "occupation": occupation]) }

  /// `m` (the L = 3, n = 1 ring, started thermal at `temperatures` with every mode's own energy 1, or in the vacuum
  /// for `temperatures` nil) against Tests/References/driven_ring_moments.py with
  /// `parameters` (J, Dt, gc, wm, gm, G, nbar: a number or [value, amplitude, frequency, phase]): occupations, every
  /// bath's heat, local heat and integrated heat, the drive work rate and its integral, and ⟨H(t)⟩, to 1e-8 relative
  /// (floor 1). Returns the largest deviation.
  static func compareWithReference(_ m: EvolveMethodResult, times: [Double], temperatures temps: [Double]?, _ parameters: [String: Any]) throws -> Double {
    let ref = try #require(try PythonReference.run("driven_ring_moments.py", input: parameters.merging([
      "L": 3, "n": 1, "n0": (temps ?? Array(repeating: 0, count: 6)).map { 1 / expm1(1 / $0) }, "times": times] as [String: Any]) { $1 }) as? [String: Any])
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
    return worst
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
    let worst = try Self.compareWithReference(m, times: times, temperatures: temps, [
      "J": 0.7, "Dt": -1.0, "gc": 0.6, "wm": 1.0, "gm": 0.05, "G": [0.15, 0.05, 0.5, 0.3], "nbar": [1.0, 0.4, 0.5, 1.1]])
    let d = try #require(m.diagnostics), wdi = try #require(m.integratedDriveWork)
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

  // MARK: J(t), Δ̃(t), ω_m(t) (in H) and γ_c(t), γ_m(t) (in the dissipators)

  /// A step table in one entry (at t = 3): CVODE across the step equals the exact propagations (`GaussianEvolution`) of
  /// the two static rings, the second restarted from the first's moments (`RestartComparison`). An entry of H (J, Δ̃,
  /// ω_m) does the impulsive work ⟨H(after) − H(before)⟩ in the state at the step and no work elsewhere; an entry of the
  /// dissipators (γ_c, γ_m) does none. The step must change the heat currents, else the comparison could not tell the
  /// two values apart.
  @Test("a step in J, Δ̃, ω_m, γ_c or γ_m equals two exact static propagations restarted at the step", arguments: [
    ("hopping", 0.7, 1.3, true), ("optical_loss", 0.6, 1.1, false), ("detuning", -1.0, -0.6, true), ("mechanical_frequency", 1.0, 1.25, true),
    ("mechanical_damping", 0.05, 0.12, false),
  ])
  func stepInOneEntry(key: String, before: Double, after: Double, entersHamiltonian: Bool) throws {
    let model = try ModelDescription(source: Self.source([key: "{ table = [[0, \(before)], [3, \(after)]], interpolation = \"step\" }"]), file: "step.toml")
    let times = [0, 1.5, 3, 4, 8.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .thermal([0.5]), initialText: "thermal", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.timeDependent == ["ring.\(key)"] && m.diagnostics?.warnings.isEmpty == true)
    func ring(_ v: Double) throws -> GaussianEvolution {
      let file = try #require(try ModelDescription(source: Self.source([key: "\(v)"]), file: "r.toml").as(OptomechanicalRingModelFile.self))
      return try GaussianEvolution(equation: OptomechanicalLinearisation.ring(file.theory).exactEquation())
    }
    let first = try ring(before).evolve(from: .thermal(temperatures: Array(repeating: 0.5, count: 6)), times: [0, 1.5, 3])
    let second = try ring(after).evolve(from: .moments(covariance: first.finalCovariance, mean: first.finalMean), times: [0, 1, 5])
    let worst = try RestartComparison.compare(m, times: times, step: 3, first, second)
    let change = (0..<6).map { abs(first.heat[$0].last! - second.heat[$0][0]) / max(abs(second.heat[$0][0]), 1e-12) }.max()!
    #expect(change > 1e-3)
    let wdi = try #require(m.integratedDriveWork), wd = try #require(m.driveWorkRate)
    let (v, d) = (first.finalCovariance, first.finalMean)
    let impulse = entersHamiltonian ? try ring(after).equation.hamiltonian.expectation(covariance: v, mean: d) - ring(before).equation.hamiltonian.expectation(covariance: v, mean: d) : 0
    #expect(wd.allSatisfy { $0 == 0 } && wdi[0] == 0 && wdi[1] == 0)
    for k in 2..<5 { #expect(abs(wdi[k] - impulse) <= 1e-9 * max(1, abs(impulse)), "\(wdi) vs \(impulse)") }
    #expect(entersHamiltonian == (abs(impulse) > 1e-4))
    #expect((m.diagnostics?.integratedFirstLawResidual ?? 1) < 1e-8)
    print("ring step in \(key) vs two exact propagations: max deviation \(worst); heat change \(change); impulse \(impulse)")
  }

  /// The ring with J, Δ̃, ω_m, γ_c and γ_m all sinusoidal (incommensurate frequencies; |G| and n̄ static).
  static let allModulated = source([
    "hopping": "{ value = 0.7, modulation = { kind = \"sin\", amplitude = 0.3, frequency = 0.9, phase = 0.2 } }",
    "detuning": "{ value = -1.0, modulation = { kind = \"sin\", amplitude = 0.3, frequency = 0.6, phase = 0.7 } }",
    "mechanical_frequency": "{ value = 1.0, modulation = { kind = \"cos\", amplitude = 0.2, frequency = 0.4 } }",
    "optical_loss": "{ value = 0.6, modulation = { kind = \"sin\", amplitude = 0.2, frequency = 1.3, phase = 1.0 } }",
    "mechanical_damping": "{ value = 0.05, modulation = { kind = \"sin\", amplitude = 0.03, frequency = 0.7, phase = 2.0 } }",
  ])
  /// The same for driven_ring_moments.py (a cosine is phase + π/2).
  static var allModulatedReference: [String: Any] { [
    "J": [0.7, 0.3, 0.9, 0.2], "Dt": [-1.0, 0.3, 0.6, 0.7], "wm": [1.0, 0.2, 0.4, Double.pi / 2], "gc": [0.6, 0.2, 1.3, 1.0],
    "gm": [0.05, 0.03, 0.7, 2.0], "G": 0.15, "nbar": 1.0] }

  /// Against Tests/References/driven_ring_moments.py (scipy DOP853, rtol 1e-12), whose H(t), ∂_tH and local counting
  /// Hamiltonians −Δ̃(t)c†c, ω_m(t)d†d are built from the parameters at t in ladder operators, independently of the unit
  /// terms H_j: occupations, heats (whole and local H), their integrals, Ẇ = ⟨∂_tH⟩, W and ⟨H⟩. From the vacuum (a
  /// thermal start's occupations would follow H(0)'s modulated mode energies).
  /// Both CVODE methods: BDF (dense difference Jacobian) and Adams (fixed-point iteration, `--ode-method adams`).
  @Test("sinusoidal J, Δ̃, ω_m, γ_c and γ_m against scipy DOP853 on independently written moment equations", arguments: ["bdf", "adams"])
  func allEntriesAgainstScipy(method: String) throws {
    let model = try ModelDescription(source: Self.allModulated, file: "ring.toml")
    let file = try #require(model.as(OptomechanicalRingModelFile.self))
    #expect(file.theory.hopping == 0.7 && file.theory.effectiveDetuning == -1.0 && file.theory.opticalLoss == 0.6 && file.theory.mechanicalDamping == 0.05)
    #expect(model.family.steadyStateNotes.joined().contains("hopping J, detuning Δ̃, optical loss γ_c, mechanical frequency ω_m, mechanical damping γ_m"))
    let times = [0, 1, 3, 7, 15, 30.0]
    var request = EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times, tolerance: 1e-11)
    request.odeMethod = method
    let m = try #require(try model.evolve(request).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.diagnostics?.ode?.solver.contains(method == "bdf" ? "BDF" : "Adams") == true)
    #expect(m.timeDependent == ["ring.hopping", "ring.detuning", "ring.optical_loss", "ring.mechanical_frequency", "ring.mechanical_damping"])
    #expect(m.diagnostics?.warnings.isEmpty == true)   // stable at every sampled time (red detuning)
    let worst = try Self.compareWithReference(m, times: times, temperatures: nil, Self.allModulatedReference)
    let wdi = try #require(m.integratedDriveWork)
    print("ring J, Δ̃, ω_m, γ_c, γ_m (t), \(method), vs scipy DOP853: max deviation \(worst); W(30) = \(wdi.last!)")
    #expect(abs(wdi.last!) > 1e-3)   // the modulations of H do work
  }

  /// The first law along the trajectory from the output alone (no use of the internal residuals): d⟨H⟩/dt by a
  /// five-point central difference of ⟨H(t)⟩ on a grid of step h = 0.05 (error O(h⁴) ≈ 1e-7 here) equals Σ_α Q̇_α + Ẇ;
  /// and ⟨H(t)⟩ − ⟨H(0)⟩ = Σ_α Q_α(t) + W(t). Without Ẇ the difference rule fails by far more than its tolerance, so
  /// the check sees the drive work of J(t), Δ̃(t) and ω_m(t).
  @Test("the first law d⟨H⟩/dt = Σ Q̇ + Ẇ along a trajectory with J, Δ̃, ω_m, γ_c, γ_m modulated")
  func firstLaw() throws {
    let model = try ModelDescription(source: Self.allModulated, file: "ring.toml")
    let h = 0.05, times = (0...400).map { Double($0) * 0.05 }
    let m = try #require(try model.evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let e = try #require(m.energy), baths = try #require(m.baths), wd = try #require(m.driveWorkRate), w = try #require(m.integratedDriveWork)
    let scale = baths.map { $0.heat.map(abs).max()! }.max()! + wd.map(abs).max()!
    var worstRate = 0.0, worstRateWithoutWork = 0.0, worstIntegral = 0.0
    for k in times.indices {
      let q = baths.map { $0.heat[k] }.reduce(0, +), qi = baths.map { $0.integratedHeat[k] }.reduce(0, +)
      worstIntegral = max(worstIntegral, abs(e[k] - e[0] - qi - w[k]))
      guard k >= 2, k + 2 < times.count else { continue }
      let de = (e[k - 2] - 8 * e[k - 1] + 8 * e[k + 1] - e[k + 2]) / (12 * h)
      worstRate = max(worstRate, abs(de - q - wd[k])); worstRateWithoutWork = max(worstRateWithoutWork, abs(de - q))
    }
    print("ring first law: |dE/dt − ΣQ̇ − Ẇ| ≤ \(worstRate) (without Ẇ: \(worstRateWithoutWork)); integrated \(worstIntegral); scale \(scale)")
    #expect(worstRate <= 1e-5 * scale && worstIntegral <= 1e-8 * scale)
    #expect(worstRateWithoutWork > 100 * worstRate)
  }

  @Test("a loss, damping or mechanical frequency that is not > 0 at some time is an error at its line, naming the minimum; J and Δ̃ may change sign")
  func nonPositiveRates() throws {
    for (key, value, allowed) in [("optical_loss", "{ value = 0.3, modulation = { kind = \"sin\", amplitude = 0.4, frequency = 0.5 } }", "γ_c > 0 at all times (its minimum is -0.1"),
                                  ("mechanical_damping", "{ table = [[0, 0.05], [5, 0.0]] }", "γ_m > 0 at all times (its minimum is 0.0"),
                                  ("mechanical_frequency", "{ table = [[0, 1.0], [2, -0.5]], interpolation = \"step\" }", "ω_m > 0 at all times (its minimum is -0.5"),
                                  ("optical_loss", "0", "γ_c > 0")] {
      let source = Self.source([key: value])
      var caught: ModelFileError?
      do { _ = try ModelDescription(source: source, file: "ring.toml") } catch let e as ModelFileError { caught = e }
      let e = try #require(caught, "\(key) = \(value) was accepted")
      let line = source.components(separatedBy: "\n").firstIndex { $0.hasPrefix("\(key) =") }! + 1
      #expect(e.key == "ring.\(key)" && e.line == line && e.file == "ring.toml" && (e.allowed ?? "").hasPrefix(allowed), "\(e)")
    }
    let signs = try ModelDescription(source: Self.source(["hopping": "{ value = 0.1, modulation = { kind = \"sin\", amplitude = 0.5, frequency = 0.5 } }",
                                                          "detuning": "{ table = [[0, -1.0], [4, 0.5]] }"]), file: "ring.toml")
    #expect(try #require(signs.as(OptomechanicalRingModelFile.self)).modulated.keys.sorted() == [.hopping, .detuning])
  }

  /// A step to blue detuning (Δ̃ = −1 → +1 at t = 3) makes the linearised ring dynamically unstable (`solve` of the ring
  /// at Δ̃ = +1 refuses it: unstable drift). `evolve` integrates the growing moments and must say so: a warning naming
  /// the step time; the mechanical occupation grows after the step.
  @Test("a step into the unstable region is reported by evolve (as solve refuses the static model)")
  func instability() throws {
    let model = try ModelDescription(source: Self.source(["detuning": "{ table = [[0, -1.0], [3, 1.0]], interpolation = \"step\" }"]), file: "ring.toml")
    let m = try #require(try model.evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 3, 100, 300], tolerance: 1e-10)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let warnings = m.diagnostics?.warnings ?? []
    #expect(warnings.count == 1 && warnings[0].contains("dynamically unstable at t = 3"), "\(warnings)")
    let solved = try ModelDescription(source: Self.source(["detuning": "1.0"]), file: "blue.toml").family.solve()
    #expect(solved.methods.first?.error?.contains("unstable") == true, "\(solved.methods.first?.error ?? "no error")")
    let d0 = try #require(m.occupations?[3].values)
    print("ring instability: \(warnings.first ?? ""); n_d0 = \(d0)")
    #expect(d0[3] > 10 * d0[2])
  }
}
