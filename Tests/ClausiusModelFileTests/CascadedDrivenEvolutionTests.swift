import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// `evolve` of a cascade (paper 001) with bath occupations N̄_α(t) given as functions of time
/// (Families/Cascaded/CascadedDrivenEvolution.swift): the moments of Eq. (1) with the diffusion at N̄(t) by CVODE, heat
/// counted with H_E = ω_q N + H, local heat ω_q Φ_α, energy ⟨H_E⟩.
@Suite("evolve: cascaded (paper 001) with time-dependent bath occupations")
struct CascadedDrivenEvolutionTests {
  /// The three-oscillator cascade of `CascadedEvolutionTests` with the occupations of the own bath of mode 1 and of the
  /// channel replaced by `own` and `channel`.
  static func source(own: String = "{ value = 2.0, modulation = { kind = \"sin\", amplitude = 1.2, frequency = 0.7, phase = 0.3 } }",
                     channel: String = "{ value = 0.6, modulation = { kind = \"sin\", amplitude = 0.4, frequency = 0.7 } }") -> String {
    var lines = CascadedEvolutionTests.threeModes.components(separatedBy: "\n")
    lines[lines.firstIndex(of: "occupation = 2.0")!] = "occupation = \(own)"
    lines[lines.firstIndex(of: "occupation = 0.6")!] = "occupation = \(channel)"
    return lines.joined(separator: "\n")
  }

  /// Against Tests/References/cascade_evolution_expm.py with "mod": the Langevin moments (paper 001, Eq. 2 — not the
  /// master equation the library assembles) with the time-dependent diffusion conj(B) diag(N̄(t)) Bᵀ, integrated by scipy's
  /// DOP853 at rtol 1e-12 with the heats' integrals. Every bath's heat, local heat and their integrals, the occupations
  /// and ⟨H_E⟩; the first law d⟨H_E⟩/dt = Σ_α Q̇_α (no work: H is not modulated).
  @Test("sinusoidal own-bath and channel occupations against scipy's Langevin moments with a time-dependent diffusion")
  func againstScipy() throws {
    let model = try ModelDescription(source: Self.source(), file: "three.toml")
    let file = try #require(model.as(CascadedModelFile.self))
    #expect(file.network.ownOccupations[0] == 2.0 && file.network.commonOccupation == 0.6)   // static values for solve
    #expect(model.family.steadyStateNotes.joined().contains("occupation of own 1, occupation of channel"))
    let times = [0, 0.5, 2, 5, 9.0]
    let wq = 2.5, temps = [0.7, 1.9, 0.2]
    let m = try #require(try model.evolve(EvolveRequest(initial: .thermal(temps), initialText: "thermal", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.engine == "gaussian-ode" && m.timeDependent == ["occupation of own 1", "occupation of channel"])
    let ref = try #require(try PythonReference.run("cascade_evolution_expm.py", input: [
      "w": [0.3, -0.4, 0.1], "kappa": [0.7, 0.4, 1.3], "nbar": [2.0, 0.3, 1.1], "gamma": [1.1, 0.8, 0.5], "theta": [0.0, 0.9, -0.6],
      "F": [[0.2, -0.15], [0.1, 0]], "nc": 0.6, "wq": wq, "n0": temps.map { 1 / expm1(wq / $0) }, "times": times,
      "mod": [[2.0, 1.2, 0.7, 0.3], NSNull(), NSNull(), [0.6, 0.4, 0.7, 0.0]],
    ] as [String: Any]) as? [String: Any])
    #expect(m.baths?.map(\.name) == ["own 1", "own 2", "own 3", "channel"])
    let worst = try Self.compareWithReference(m, ref, times: times)
    let heat = try #require(ref["heat"] as? [[Double]])
    // The modulation matters: the static cascade's channel heat at t = 9 differs.
    let still = try #require(try ModelDescription(source: Self.source(own: "2.0", channel: "0.6"), file: "s.toml")
      .evolve(EvolveRequest(initial: .thermal(temps), initialText: "thermal", times: times)).methods.first?.baths)
    #expect(abs(still[3].heat[4] - heat[3][4]) > 1e-2)
    let d = try #require(m.diagnostics)
    print("cascaded N̄(t) vs scipy Langevin moments: max deviation \(worst); first law \(d.firstLawResidual), integrated \(d.integratedFirstLawResidual)")
    #expect(d.firstLawResidual < 1e-10 && d.integratedFirstLawResidual < 1e-8)
    #expect(m.driveWorkRate?.allSatisfy { $0 == 0 } == true)   // H is not modulated
  }

  /// A step in the channel occupation (step table, N̄_c: 0.6 → 2.5 at t = 3) equals two exact time-independent moment
  /// propagations (`GaussianEvolution`, matrix exponential + Lyapunov) of the static cascades, the second restarted
  /// from the first's moments at t = 3.
  @Test("a step in N̄_c equals two exact static propagations restarted at the step")
  func stepInChannelOccupation() throws {
    let model = try ModelDescription(source: Self.source(own: "2.0", channel: "{ table = [[0, 0.6], [3, 2.5]], interpolation = \"step\" }"), file: "step.toml")
    let times = [0, 1.5, 3, 4, 8.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    func cascade(_ nc: Double) throws -> CascadedModelFile {
      try #require(try ModelDescription(source: Self.source(own: "2.0", channel: "\(nc)"), file: "c.toml").as(CascadedModelFile.self))
    }
    let first = try cascade(0.6).cascadedEvolution().evolve(from: .vacuum, times: [0, 1.5, 3])
    let second = try cascade(2.5).cascadedEvolution().evolve(from: .moments(covariance: first.finalCovariance, mean: first.finalMean), times: [0, 1, 5])
    let worst = try Self.compareWithRestart(m, times: times, first, second)
    print("cascaded step in N̄_c vs two exact propagations: max deviation \(worst)")
  }

  /// Stroboscopic mode (period 2π/Ω of the common modulation): the periodic steady state is reached, and over its cycle
  /// ⟨H_E⟩ and N are periodic, so Σ_α Q̄_α = 0 (first law, no work) and Σ_α Φ̄_α = 0 (H conserves N) — laws the per-bath
  /// averages, each far from 0, must satisfy.
  @Test("stroboscopic: the periodic steady state has Σ cycle-averaged heat = 0 and Σ flows of quanta = 0")
  func stroboscopic() throws {
    let model = try ModelDescription(source: Self.source(), file: "three.toml")
    var request = EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 40 * 2 * Double.pi / 0.7], tolerance: 1e-10)
    request.stroboscopic = true
    let doc = try model.evolve(request)
    let m = try #require(doc.methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let s = try #require(m.stroboscopic)
    #expect(abs(s.period - 2 * Double.pi / 0.7) < 1e-12 && s.cycles == 40 && s.converged, "\(s.stateChange)")
    let sum = s.heat.reduce(0, +), local = s.localHeat.reduce(0, +), scale = s.heat.map(abs).reduce(0, +)
    print("cascaded stroboscopic: Σ Q̄ = \(sum), Σ ω_q Φ̄ = \(local) (scale \(scale)); state change \(s.stateChange)")
    #expect(scale > 0.1 && abs(sum) <= 1e-7 * scale && abs(local) <= 1e-7 * scale)
  }

  @Test("an occupation table reaching N̄ < 0 is an error at its line, naming the key and the minimum")
  func negativeOccupation() throws {
    let source = Self.source(channel: "{ value = 0.3, modulation = { kind = \"sin\", amplitude = 0.5, frequency = 0.7 } }")
    var caught: ModelFileError?
    do { _ = try ModelDescription(source: source, file: "bad.toml") } catch let e as ModelFileError { caught = e }
    let e = try #require(caught)
    let line = source.components(separatedBy: "\n").firstIndex { $0.hasPrefix("occupation = { value = 0.3") }! + 1
    #expect(e.key == "channel.occupation" && e.line == line && (e.allowed ?? "").contains("N̄ ≥ 0 at all times (its minimum is -0.2"), "\(e)")
    let own = Self.source(own: "{ table = [[0, 1.0], [2, -0.5]] }")
    caught = nil
    do { _ = try ModelDescription(source: own, file: "bad.toml") } catch let e as ModelFileError { caught = e }
    let e2 = try #require(caught)
    let ownLine = own.components(separatedBy: "\n").firstIndex { $0.hasPrefix("occupation = { table") }! + 1
    #expect(e2.key == "modes.0.occupation" && e2.line == ownLine && (e2.allowed ?? "").contains("N̄ ≥ 0"), "\(e2)")
  }

  /// The three-mode cascade with static occupations and the own rate of mode 1 replaced by `rate`.
  static func rateSource(_ rate: String) -> String {
    var lines = Self.source(own: "2.0", channel: "0.6").components(separatedBy: "\n")
    lines[lines.firstIndex(of: "rate = 0.7")!] = "rate = \(rate)"
    return lines.joined(separator: "\n")
  }

  /// `m` against cascade_evolution_expm.py's output `ref` at every time: occupations, ⟨H_E⟩, every bath's heat, local
  /// heat and their integrals (and the `extra` pairs), to 1e-8 relative. Returns the largest deviation.
  static func compareWithReference(_ m: EvolveMethodResult, _ ref: [String: Any], times: [Double], extra: [(Double, Double)] = []) throws -> Double {
    let heat = try #require(ref["heat"] as? [[Double]]), local = try #require(ref["local"] as? [[Double]])
    let iheat = try #require(ref["iheat"] as? [[Double]]), ilocal = try #require(ref["ilocal"] as? [[Double]])
    let n = try #require(ref["n"] as? [[Double]]), e = try #require(ref["E"] as? [Double])
    let baths = try #require(m.baths), occ = try #require(m.occupations), energy = try #require(m.energy)
    var worst = 0.0
    for k in times.indices {
      var pairs: [(Double, Double)] = (0..<3).map { (occ[$0].values[k], n[$0][k]) } + [(energy[k], e[k])]
      for a in 0..<4 {
        pairs += [(baths[a].heat[k], heat[a][k]), (baths[a].localHeat[k], local[a][k]), (baths[a].integratedHeat[k], iheat[a][k]),
                  (baths[a].integratedLocalHeat[k], ilocal[a][k])]
      }
      for (x, y) in pairs {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-8 * max(1, abs(y)), "t = \(times[k]): \(x) vs \(y)")
      }
    }
    for (x, y) in extra {
      worst = max(worst, abs(x - y))
      #expect(abs(x - y) <= 1e-8 * max(1, abs(y)), "\(x) vs \(y)")
    }
    return worst
  }

  /// The driven trajectory `m` at `times` = [0, 1.5, 3, 4, 8] against `first` (static, times 0, 1.5, 3) and `second`
  /// (static, restarted from `first`'s moments at t = 3; times 0, 1, 5): `RestartComparison`.
  static func compareWithRestart(_ m: EvolveMethodResult, times: [Double], _ first: GaussianTrajectory, _ second: GaussianTrajectory) throws -> Double {
    try RestartComparison.compare(m, times: times, step: 3, first, second)
  }

  /// A step in the own rate κ₁ (step table 0.7 → 1.6 at t = 3): the drift changes with the dissipator (H does not hold
  /// κ), so the trajectory must equal two exact time-independent moment propagations (`GaussianEvolution`: matrix
  /// exponential + Lyapunov) of the two static cascades, the second restarted from the first's moments at t = 3; and
  /// the first law d⟨H_E⟩/dt = Σ_α Q̇_α holds with no work.
  @Test("a step in the own rate κ₁ equals two exact static propagations restarted at the step")
  func stepInOwnRate() throws {
    let model = try ModelDescription(source: Self.rateSource("{ table = [[0, 0.7], [3, 1.6]], interpolation = \"step\" }"), file: "step.toml")
    #expect(model.family.steadyStateNotes.joined().contains("rate of own 1"))
    let times = [0, 1.5, 3, 4, 8.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.timeDependent == ["rate of own 1"])
    func cascade(_ kappa: Double) throws -> CascadedModelFile {
      try #require(try ModelDescription(source: Self.rateSource("\(kappa)"), file: "c.toml").as(CascadedModelFile.self))
    }
    let first = try cascade(0.7).cascadedEvolution().evolve(from: .vacuum, times: [0, 1.5, 3])
    let second = try cascade(1.6).cascadedEvolution().evolve(from: .moments(covariance: first.finalCovariance, mean: first.finalMean), times: [0, 1, 5])
    let worst = try Self.compareWithRestart(m, times: times, first, second)
    // The step changes the currents (else the comparison could not tell the rates apart).
    #expect(abs(first.heat[0].last! - second.heat[0].first!) > 1e-3 * abs(first.heat[0].last!))
    #expect(m.driveWorkRate?.allSatisfy { $0 == 0 } == true)
    print("cascaded step in κ₁ vs two exact propagations: max deviation \(worst)")
  }

  @Test("an own rate reaching κ < 0 is an error at its line, naming the key and the minimum")
  func negativeRate() throws {
    let source = Self.rateSource("{ value = 0.3, modulation = { kind = \"sin\", amplitude = 0.5, frequency = 0.7 } }")
    var caught: ModelFileError?
    do { _ = try ModelDescription(source: source, file: "bad.toml") } catch let e as ModelFileError { caught = e }
    let e = try #require(caught)
    let line = source.components(separatedBy: "\n").firstIndex { $0.hasPrefix("rate = { value = 0.3") }! + 1
    #expect(e.key == "modes.0.rate" && e.line == line && (e.allowed ?? "").contains("κ ≥ 0 at all times (its minimum is -0.2"), "\(e)")
  }

  /// The three-mode cascade with static occupations and the given lines replaced (`frequency = 0.3` → `frequency = …`).
  static func hamiltonianSource(_ edits: [(String, String)]) -> String {
    var lines = Self.source(own: "2.0", channel: "0.6").components(separatedBy: "\n")
    for (old, new) in edits { lines[lines.firstIndex(of: old)!] = new }
    return lines.joined(separator: "\n")
  }

  /// Modulated numbers that enter H: the detuning ω₁(t), the cascade rate γ₂(t), the phase θ₃(t), Re F₁(t) and the own
  /// rate κ₂(t) (Ω = 0.7 for all). Against Tests/References/cascade_evolution_expm.py with "hmod": the Langevin moments
  /// (paper 001, Eq. 2) with M(t), B(t) and the channel's l(t) rebuilt at every time, heat counted with ω_q N + H(t)
  /// (h(t) read off M(t)), energy ⟨ω_q N + H(t)⟩ and the work rate ⟨∂_tH⟩ from a fourth-order central difference of h(t)
  /// — not the library's analytic ḣ (`CascadedNetwork.hoppingMatrixRate`) — by scipy's DOP853 at rtol 1e-12.
  @Test("modulated detuning, cascade rate, phase and hopping: heat, work and energy against scipy's Langevin moments")
  func hamiltonianModulationAgainstScipy() throws {
    func sine(_ v: Double, _ a: Double, _ phase: Double) -> String {
      "{ value = \(v), modulation = { kind = \"sin\", amplitude = \(a), frequency = 0.7, phase = \(phase) } }"
    }
    let source = Self.hamiltonianSource([("frequency = 0.3", "frequency = \(sine(0.3, 0.5, 0.2))"),
                                         ("cascade_rate = 0.8", "cascade_rate = \(sine(0.8, 0.6, -0.4))"),
                                         ("phase = -0.6", "phase = \(sine(-0.6, 1.1, 0.0))"),
                                         ("hopping_to_next = [0.2, -0.15]", "hopping_to_next = [\(sine(0.2, 0.25, 1.0)), -0.15]"),
                                         ("rate = 0.4", "rate = \(sine(0.4, 0.3, 0.5))")])
    let model = try ModelDescription(source: source, file: "h.toml")
    #expect(model.family.steadyStateNotes.joined().contains("rate of own 2, frequency of 1, cascade rate of 2, phase of 3, Re hopping 1→2"))
    let times = [0, 0.7, 2.5, 6, 10.0]
    let wq = 2.5, temps = [0.7, 1.9, 0.2]
    let m = try #require(try model.evolve(EvolveRequest(initial: .thermal(temps), initialText: "thermal", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let ref = try #require(try PythonReference.run("cascade_evolution_expm.py", input: [
      "w": [0.3, -0.4, 0.1], "kappa": [0.7, 0.4, 1.3], "nbar": [2.0, 0.3, 1.1], "gamma": [1.1, 0.8, 0.5], "theta": [0.0, 0.9, -0.6],
      "F": [[0.2, -0.15], [0.1, 0]], "nc": 0.6, "wq": wq, "n0": temps.map { 1 / expm1(wq / $0) }, "times": times,
      "hmod": ["w0": [0.3, 0.5, 0.7, 0.2], "gamma1": [0.8, 0.6, 0.7, -0.4], "theta2": [-0.6, 1.1, 0.7, 0.0],
               "Fre0": [0.2, 0.25, 0.7, 1.0], "kappa1": [0.4, 0.3, 0.7, 0.5]],
    ] as [String: Any]) as? [String: Any])
    let work = try #require(ref["work"] as? [Double]), iwork = try #require(ref["iwork"] as? [Double])
    let wd = try #require(m.driveWorkRate), iwd = try #require(m.integratedDriveWork)
    let worst = try Self.compareWithReference(m, ref, times: times, extra: times.indices.flatMap { [(wd[$0], work[$0]), (iwd[$0], iwork[$0])] })
    // The work is not negligible (else the comparison could not see a wrong ∂_tH).
    #expect(wd.map(abs).max()! > 0.05 && abs(iwd.last!) > 0.05, "\(wd) \(iwd)")
    let d = try #require(m.diagnostics)
    print("cascaded H(t) vs scipy Langevin moments: max deviation \(worst); first law \(d.firstLawResidual), integrated \(d.integratedFirstLawResidual)")
    #expect(d.firstLawResidual < 1e-10 && d.integratedFirstLawResidual < 1e-8)
  }

  /// Step tables in γ₁ (1.1 → 0.3) and Im F₁ (−0.15 → 0.4) at t = 3: the trajectory equals two exact time-independent
  /// moment propagations (`GaussianEvolution`) of the two static cascades, the second restarted from the first's
  /// moments at t = 3; H jumps there, and the drive does the impulsive work ⟨H(3⁺) − H(3⁻)⟩ in the state at t = 3 —
  /// computed here from the two static models' Hamiltonians and the first propagation's moments.
  @Test("steps in a cascade rate and a hopping: two exact static propagations and the impulsive work ⟨ΔH⟩")
  func stepInCascadeRateAndHopping() throws {
    let source = Self.hamiltonianSource([("cascade_rate = 1.1", "cascade_rate = { table = [[0, 1.1], [3, 0.3]], interpolation = \"step\" }"),
                                         ("hopping_to_next = [0.2, -0.15]", "hopping_to_next = [0.2, { table = [[0, -0.15], [3, 0.4]], interpolation = \"step\" }]")])
    let model = try ModelDescription(source: source, file: "step.toml")
    let times = [0, 1.5, 3, 4, 8.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.timeDependent == ["cascade rate of 1", "Im hopping 1→2"])
    func cascade(_ gamma: Double, _ imF: Double) throws -> CascadedModelFile {
      try #require(try ModelDescription(source: Self.hamiltonianSource([("cascade_rate = 1.1", "cascade_rate = \(gamma)"),
                                                                        ("hopping_to_next = [0.2, -0.15]", "hopping_to_next = [0.2, \(imF)]")]),
                                        file: "c.toml").as(CascadedModelFile.self))
    }
    let before = try cascade(1.1, -0.15), after = try cascade(0.3, 0.4)
    let first = try before.cascadedEvolution().evolve(from: .vacuum, times: [0, 1.5, 3])
    let second = try after.cascadedEvolution().evolve(from: .moments(covariance: first.finalCovariance, mean: first.finalMean), times: [0, 1, 5])
    let worst = try Self.compareWithRestart(m, times: times, first, second)
    let h0 = before.network.masterEquation().hamiltonian, h1 = after.network.masterEquation().hamiltonian
    let impulse = QuadraticHamiltonian(matrix: h1.matrix - h0.matrix).expectation(covariance: first.finalCovariance, mean: first.finalMean)
    let iwd = try #require(m.integratedDriveWork), wd = try #require(m.driveWorkRate)
    #expect(abs(impulse) > 1e-2 && iwd[1] == 0 && wd.allSatisfy { $0 == 0 }, "\(impulse) \(iwd) \(wd)")
    for k in 2..<times.count { #expect(abs(iwd[k] - impulse) <= 1e-9 * abs(impulse), "t = \(times[k]): \(iwd[k]) vs \(impulse)") }
    let d = try #require(m.diagnostics)
    #expect(d.integratedFirstLawResidual < 1e-8)
    print("cascaded steps in γ₁ and Im F₁ vs two exact propagations: max deviation \(worst); impulsive work \(impulse) vs \(iwd.last!)")
  }

  @Test("a cascade rate reaching γ < 0 is an error at its line, naming the key and the minimum")
  func negativeCascadeRate() throws {
    let source = Self.hamiltonianSource([("cascade_rate = 0.8", "cascade_rate = { value = 0.3, modulation = { kind = \"cos\", amplitude = 0.5, frequency = 0.7 } }")])
    var caught: ModelFileError?
    do { _ = try ModelDescription(source: source, file: "bad.toml") } catch let e as ModelFileError { caught = e }
    let e = try #require(caught)
    let line = source.components(separatedBy: "\n").firstIndex { $0.hasPrefix("cascade_rate = { value = 0.3") }! + 1
    #expect(e.key == "modes.1.cascade_rate" && e.line == line && (e.allowed ?? "").contains("γ ≥ 0 at all times (its minimum is -0.2"), "\(e)")
  }
}
