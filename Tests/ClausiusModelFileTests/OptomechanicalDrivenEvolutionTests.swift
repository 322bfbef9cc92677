import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// Paper 000's model with bath temperatures T_c(t), T_m(t) and the coupling g(t) given as functions of time
/// (Families/Optomechanical/OptomechanicalDrivenEvolution.swift): every equation's rates follow T(t) (SME: κ(n̄(T(t)) + 1),
/// κn̄(T(t)); DSME, GMEs: G_x(ω_k, T(t)) and G_m(0) ∝ T_m(t)); g(t) enters H with the SME; by CVODE.
@Suite("evolve: optomechanics (paper 000) with time-dependent bath temperatures and coupling")
struct OptomechanicalDrivenEvolutionTests {
  static func source(equations: String = "[\"sme\"]", tc: String = "{ value = 0.6, modulation = { kind = \"sin\", amplitude = 0.2, frequency = 0.2 } }",
                     tm: String = "{ value = 0.4, modulation = { kind = \"sin\", amplitude = 0.15, frequency = 0.2, phase = 1.0 } }", g: String = "0.15", wc: Double = 2.0) -> String {
    """
    kind = "optomechanical"
    [cavity]
    frequency = \(wc)
    rate = 0.1
    temperature = \(tc)
    [mechanics]
    frequency = 1.0
    rate = 0.05
    temperature = \(tm)
    [coupling]
    g = \(g)
    [truncation]
    cavity_levels = 4
    mechanical_levels = 6
    tolerance = 0.5
    [solve]
    equations = \(equations)
    """
  }

  /// Prints `what` with the first-law residuals of `m` and checks them: d⟨H⟩/dt = ΣQ̇ + Ẇ_drive at every output time
  /// (round-off) and ⟨H(t)⟩ − ⟨H(0)⟩ = ΣQ + W_drive along the trajectory (solver tolerance).
  static func reportFirstLaw(_ m: EvolveMethodResult, _ what: String) throws {
    let d = try #require(m.diagnostics)
    print("\(what); first law \(d.firstLawResidual), integrated \(d.integratedFirstLawResidual)")
    #expect(d.firstLawResidual < 1e-10 && d.integratedFirstLawResidual < 1e-7)
  }

  /// Against Tests/References/qutip_optomechanics_modulated.py: QuTiP 5 mesolve with time-dependent collapse
  /// operators √(κ(n̄(T(t)) + 1)) a, √(κn̄(T(t))) a†, … on the same truncation, heat from the jump operators (Eq. 26).
  @Test("SME with sinusoidal T_c(t), T_m(t) against QuTiP mesolve with time-dependent collapse operators")
  func againstQutip() throws {
    let model = try ModelDescription(source: Self.source(), file: "om.toml")
    let file = try #require(model.as(OptomechanicalModelFile.self))
    #expect(file.system.temperatureC == 0.6 && file.system.temperatureM == 0.4)   // static values for solve
    #expect(model.family.steadyStateNotes.joined().contains("temperature of bath mechanical, temperature of bath optical"))
    let times = [0, 5, 15, 30, 60.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .fock([1, 1]), initialText: "fock:1,1", times: times, tolerance: 1e-10)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.engine == "fock-ode" && m.timeDependent == ["temperature of mechanical", "temperature of optical"])
    let ref = try #require(try PythonReference.run("qutip_optomechanics_modulated.py", input: [
      "wc": 2.0, "wm": 1.0, "g": 0.15, "kc": 0.1, "km": 0.05, "Tc": [0.6, 0.2, 0.2, 0.0], "Tm": [0.4, 0.15, 0.2, 1.0], "Nc": 4, "Nm": 6,
      "fock": [1, 1], "times": times,
    ] as [String: Any]) as? [String: Any]).compactMapValues { $0 as? [Double] }   // the series (ρ is a matrix)
    let baths = try #require(m.baths), occ = try #require(m.occupations), energy = try #require(m.energy)
    let optical = try #require(baths.first { $0.name == "optical" }), mechanical = try #require(baths.first { $0.name == "mechanical" })
    var worst = 0.0
    for k in times.indices {
      for (x, y) in [(occ[0].values[k], ref["nc"]![k]), (occ[1].values[k], ref["nm"]![k]), (optical.heat[k], ref["Jc"]![k]),
                     (mechanical.heat[k], ref["Jm"]![k]), (energy[k], ref["E"]![k]), (optical.localHeat[k], ref["Lc"]![k]),
                     (mechanical.localHeat[k], ref["Lm"]![k])] {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-8, "t = \(times[k]): \(x) vs \(y)")
      }
    }
    try Self.reportFirstLaw(m, "optomechanical SME with T(t) vs QuTiP mesolve: max deviation \(worst)")
    #expect(m.integratedDriveWork?.allSatisfy { $0 == 0 } == true)   // H does not change: no drive work
  }

  /// A step in both temperatures at t_s = 8 (step tables) with the DSME and the GMEs, whose rates follow T through
  /// G_x(ω_k, T) at each dissipator's Bohr frequency and G_m(0) = 4κ_mT_m/ω_m (linear in T): the CVODE trajectory equals two
  /// time-independent Krylov propagations (ClausiusDynamics `FockEvolution`) of the static equations at the two
  /// temperature pairs, the second restarted from ρ(t_s) of the first (exact: the generator is piecewise constant).
  /// Occupations, heat per bath, ⟨H⟩ and the integrated heat (first piece's Q(t_s) + the second's). Twice: `evolve` of the
  /// file from the vacuum, and the library's `drivenEvolution` from a product of coherent states, whose photon-number
  /// coherences feel the dephasing G_m(0)α² D[n_c] (a state diagonal in n_c does not: D[n_c] vanishes on it).
  @Test("DSME and GMEs with a step in T_c, T_m equal two static propagations restarted at the step",
        arguments: ["dsme", "gme2", "gme4-fc", "global"])
  func stepInTemperature(_ equation: String) throws {
    let tc = "{ table = [[0, 0.6], [8, 0.9]], interpolation = \"step\" }", tm = "{ table = [[0, 0.4], [8, 0.25]], interpolation = \"step\" }"
    let model = try ModelDescription(source: Self.source(equations: "[\"\(equation)\"]", tc: tc, tm: tm, wc: 2.3), file: "om.toml")
    let file = try #require(model.as(OptomechanicalModelFile.self))
    let times = [0, 4, 8, 12, 20.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times, tolerance: 1e-11)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.engine == "fock-ode" && m.timeDependent == ["temperature of mechanical", "temperature of optical"])
    let choice = try #require(try DerivationMenu.optomechanical.derivation(named: equation))
    func system(_ temps: (Double, Double)) throws -> OptomechanicalSystem {
      try OptomechanicalSystem(omegaC: 2.3, omegaM: 1.0, g: 0.15, kappaC: 0.1, kappaM: 0.05, temperatureC: temps.0, temperatureM: temps.1,
                               cavityLevels: 4, mechanicalLevels: 6)
    }
    func piece(_ temps: (Double, Double), from start: FockInitialState, _ ts: [Double]) throws -> FockTrajectory {
      let eq = try system(temps).masterEquation(choice)
      return try FockEvolution(equation: eq).evolve(from: start, times: ts, observables: [("c", eq.space.number(0)), ("m", eq.space.number(1))], tolerance: 1e-13)
    }
    let eq0 = try system((0.6, 0.4)).masterEquation(choice)
    let coherent = FockInitialState.coherent(amplitudes: [Complex(0.6, 0.2), Complex(-0.3, 0.4)])
    let library = try file.drivenEvolution(choice, equation: eq0).evolve(from: coherent, times: times, observables: [("c", eq0.space.number(0)), ("m", eq0.space.number(1))],
                                                                         tolerance: 1e-11)
    let baths = try #require(m.baths), occ = try #require(m.occupations), energy = try #require(m.energy)
    /// (occupations, ⟨H⟩, heat, integrated heat) of the driven run at time index k.
    let runs: [(String, FockInitialState, (Int) -> [Double])] = [
      ("file, vacuum", .product(levels: [0, 0]), { k in [occ[0].values[k], occ[1].values[k], energy[k]] + (0..<2).flatMap { [baths[$0].heat[k], baths[$0].integratedHeat[k]] } }),
      ("library, coherent", coherent, { k in [library.observables[0][k], library.observables[1][k], library.energy[k]] + (0..<2).flatMap { [library.heat[$0][k], library.integratedHeat[$0][k]] } }),
    ]
    var worst = 0.0, coherentEnd: FockTrajectory?
    for (name, start, driven) in runs {
      let first = try piece((0.6, 0.4), from: start, [0, 4, 8])
      let second = try piece((0.9, 0.25), from: .density(first.finalDensity), [0, 4, 12])
      for (k, t) in times.enumerated() {
        // t = 8 from the left piece (the same state; the heat rates there are the table's after the step: compared at t > 8).
        let (tr, j, offset) = t <= 8 ? (first, k, [0.0, 0.0]) : (second, k - 2, first.integratedHeat.map { $0.last! })
        let expected = [tr.observables[0][j], tr.observables[1][j], tr.energy[j]] + (0..<2).flatMap { b in [tr.heat[b][j], tr.integratedHeat[b][j] + offset[b]] }
        for (i, (x, y)) in zip(driven(k), expected).enumerated() where !(t == 8 && (i == 3 || i == 5)) {
          worst = max(worst, abs(x - y))
          #expect(abs(x - y) <= 1e-8 * max(1, abs(y)), "\(equation) \(name) t = \(t), entry \(i): \(x) vs \(y)")
        }
      }
      #expect(first.bathNames == ["optical", "mechanical"])
      #expect(abs(second.heat[1][0] - first.heat[1][2]) > 1e-3)   // the step changed the mechanical current
      coherentEnd = second
    }
    // The whole ρ(20), photon-number coherences included: those are damped by G_m(0)α² D[n_c] (the populations and
    // every observable above are not — they lie in the U(1) block σ = 0), so this checks the zero-frequency rate ∝ T_m(t).
    let reference = try #require(coherentEnd)
    let deviation = (library.finalDensity - reference.finalDensity).maxAbs
    #expect(deviation <= 1e-8, "ρ(20): \(deviation)")
    // The check can fail: with the zero-frequency rate left at T_m = 0.4 after the step, ρ(20) differs.
    let hot = try system((0.9, 0.25)).masterEquation(choice), cold = eq0
    let frozen = try FockMasterEquation(space: hot.space, hamiltonian: hot.hamiltonian,
                                        dissipators: zip(hot.dissipators, cold.dissipators).map { $0.0.frequency == 0 ? $0.1 : $0.0 }, frame: hot.frame, name: hot.name)
    let first = try FockEvolution(equation: cold).evolve(from: coherent, times: [0, 8], tolerance: 1e-13)
    let wrong = try FockEvolution(equation: frozen).evolve(from: .density(first.finalDensity), times: [0, 12], tolerance: 1e-13)
    let sensitivity = (wrong.finalDensity - reference.finalDensity).maxAbs
    #expect(sensitivity > 1e-5, "\(sensitivity)")
    worst = max(worst, deviation)
    try Self.reportFirstLaw(m, "optomechanical \(equation) with a step in T vs two static propagations: max deviation \(worst) (zero-frequency rate frozen: \(sensitivity))")
  }

  /// The DSME with sinusoidal T_c(t), T_m(t) against the same QuTiP script with "equation": "dsme": mesolve with the
  /// DSME's jumps a, a†, b − αn_c, b† − αn_c at rates κ(n̄(T(t)) + 1), κn̄(T(t)) and the dephasing 4κ_mT_m(t)α²/ω_m D[n_c]
  /// (Eq. 14, linear in T_m) as time-dependent collapse operators, from a product of coherent states. Occupations, heats
  /// (counted with H), ⟨H⟩ from `evolve` of the file, and the whole ρ(40) — its photon-number coherences feel D[n_c] —
  /// from the library's `drivenEvolution`.
  @Test("DSME with sinusoidal T_c(t), T_m(t) against QuTiP mesolve, the final ρ included")
  func dressedAgainstQutip() throws {
    let model = try ModelDescription(source: Self.source(equations: "[\"dsme\"]", wc: 2.3), file: "om.toml")
    let file = try #require(model.as(OptomechanicalModelFile.self))
    let times = [0, 5, 15, 40.0]
    let amplitudes = [Complex(0.6, 0.2), Complex(-0.3, 0.4)]
    let m = try #require(try model.evolve(EvolveRequest(initial: .coherent(amplitudes), initialText: "coherent", times: times, tolerance: 1e-10)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let ref = try #require(try PythonReference.run("qutip_optomechanics_modulated.py", input: [
      "wc": 2.3, "wm": 1.0, "g": 0.15, "kc": 0.1, "km": 0.05, "Tc": [0.6, 0.2, 0.2, 0.0], "Tm": [0.4, 0.15, 0.2, 1.0], "Nc": 4, "Nm": 6,
      "coherent": amplitudes.map { [$0.real, $0.imaginary] }, "equation": "dsme", "times": times,
    ] as [String: Any]) as? [String: Any])
    let series = ref.compactMapValues { $0 as? [Double] }
    let baths = try #require(m.baths), occ = try #require(m.occupations), energy = try #require(m.energy)
    var worst = 0.0
    for k in times.indices {
      for (x, y) in [(occ[0].values[k], series["nc"]![k]), (occ[1].values[k], series["nm"]![k]), (energy[k], series["E"]![k]),
                     (baths[0].heat[k], series["Jc"]![k]), (baths[1].heat[k], series["Jm"]![k])] {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-8, "t = \(times[k]): \(x) vs \(y)")
      }
    }
    let eq = try file.system.masterEquation(.dressedState)
    let rho = try file.drivenEvolution(.dressedState, equation: eq).evolve(from: .coherent(amplitudes: amplitudes), times: times, tolerance: 1e-10).finalDensity
    let re = try #require(ref["rho_re"] as? [[Double]]), im = try #require(ref["rho_im"] as? [[Double]])
    var rhoDeviation = 0.0, coherence = 0.0
    for i in 0..<24 { for j in 0..<24 {
      rhoDeviation = max(rhoDeviation, (rho[i, j] - Complex(re[i][j], im[i][j])).length)
      if i / 6 != j / 6 { coherence = max(coherence, rho[i, j].length) }   // photon-number coherences (cavity index i / N_m)
    } }
    #expect(rhoDeviation <= 1e-8 && coherence > 1e-3, "ρ(40): \(rhoDeviation), coherence \(coherence)")
    try Self.reportFirstLaw(m, "optomechanical DSME with T(t) vs QuTiP mesolve: max deviation \(worst), ρ(40) \(rhoDeviation) (largest photon-number coherence \(coherence))")
  }

  /// g(t) = 0.15 + 0.1 sin(0.5t + 0.3) with the SME (and T_m(t) as in `source`) against
  /// Tests/References/qutip_optomechanics_modulated.py: mesolve with H(t) = H₀ − g(t)a†a(b + b†) as a QobjEvo and
  /// time-dependent collapse operators. Occupations, ⟨H(t)⟩, the heat counted with H(t) (Eq. 26 at each time), the local
  /// heat counted with ω_c a†a, ω_m b†b, and the drive work rate Ẇ = g′(t)⟨−a†a(b + b†)⟩ = ⟨∂_tH⟩; the first law
  /// d⟨H⟩/dt = ΣQ̇ + Ẇ (rates and integrals).
  @Test("SME with g(t) against QuTiP mesolve with a time-dependent Hamiltonian; the first law with Ẇ = ⟨∂H/∂t⟩")
  func modulatedCouplingAgainstQutip() throws {
    let g = "{ value = 0.15, modulation = { kind = \"sin\", amplitude = 0.1, frequency = 0.5, phase = 0.3 } }"
    let model = try ModelDescription(source: Self.source(tc: "0.6", g: g), file: "om.toml")
    let file = try #require(model.as(OptomechanicalModelFile.self))
    #expect(file.system.g == 0.15 && file.modulatedCoupling != nil)
    #expect(model.family.steadyStateNotes.joined().contains("coupling g"))
    let times = [0, 3, 10, 25, 40.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .fock([1, 1]), initialText: "fock:1,1", times: times, tolerance: 1e-10)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.timeDependent == ["coupling g", "temperature of mechanical"])
    let ref = try #require(try PythonReference.run("qutip_optomechanics_modulated.py", input: [
      "wc": 2.0, "wm": 1.0, "g": [0.15, 0.1, 0.5, 0.3], "kc": 0.1, "km": 0.05, "Tc": [0.6, 0, 0, 0], "Tm": [0.4, 0.15, 0.2, 1.0], "Nc": 4, "Nm": 6,
      "fock": [1, 1], "times": times,
    ] as [String: Any]) as? [String: Any]).compactMapValues { $0 as? [Double] }   // the series (ρ is a matrix)
    let baths = try #require(m.baths), occ = try #require(m.occupations), energy = try #require(m.energy)
    let drive = try #require(m.driveWorkRate), work = try #require(m.workRate)
    var worst = 0.0
    for k in times.indices {
      let boundary = ref["Jc"]![k] - ref["Lc"]![k] + ref["Jm"]![k] - ref["Lm"]![k]
      for (x, y) in [(occ[0].values[k], ref["nc"]![k]), (occ[1].values[k], ref["nm"]![k]), (energy[k], ref["E"]![k]),
                     (baths[0].heat[k], ref["Jc"]![k]), (baths[1].heat[k], ref["Jm"]![k]), (baths[0].localHeat[k], ref["Lc"]![k]),
                     (baths[1].localHeat[k], ref["Lm"]![k]), (drive[k], ref["Wd"]![k]), (work[k], ref["Wd"]![k] + boundary)] {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-8, "t = \(times[k]): \(x) vs \(y)")
      }
    }
    #expect(drive.map(abs).max()! > 1e-3)   // g(t) does work
    try Self.reportFirstLaw(m, "optomechanical SME with g(t) vs QuTiP mesolve: max deviation \(worst)")
  }

  @Test("g(t) with the DSME or a GME is refused at coupling.g's line; g(t) < 0 and T(t) reaching 0 are errors at their lines")
  func refusals() throws {
    let g = "{ table = [[0, 0.1], [5, 0.2]] }"
    let source = Self.source(equations: "[\"dsme\", \"gme2\", \"sme\"]", g: g)
    let gLine = source.components(separatedBy: "\n").firstIndex { $0.hasPrefix("g = ") }! + 1
    let doc = try ModelDescription(source: source, file: "om.toml").evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 1]))
    for m in doc.methods.prefix(2) {
      let e = m.error ?? ""
      #expect(e.hasPrefix("om.toml:\(gLine):") && e.contains("coupling.g") && e.contains("frame") && e.contains("--equations sme"), "\(e)")
    }
    #expect(doc.methods[2].error == nil, "\(doc.methods[2].error ?? "")")
    func parseError(_ source: String) throws -> ModelFileError {
      var caught: ModelFileError?
      do { _ = try ModelDescription(source: source, file: "om.toml") } catch let e as ModelFileError { caught = e }
      return try #require(caught)
    }
    let negative = Self.source(g: "{ value = 0.05, modulation = { kind = \"cos\", amplitude = 0.1, frequency = 0.2 } }")
    let eg = try parseError(negative)
    #expect(eg.key == "coupling.g" && eg.line == gLine && (eg.allowed ?? "").contains("g ≥ 0 at all times"), "\(eg)")
    let source0 = Self.source(tc: "{ value = 0.3, modulation = { kind = \"sin\", amplitude = 0.3, frequency = 0.2 } }")
    let e = try parseError(source0)
    let line = source0.components(separatedBy: "\n").firstIndex { $0.hasPrefix("temperature = { value = 0.3") }! + 1
    #expect(e.key == "cavity.temperature" && e.line == line && (e.allowed ?? "").contains("T > 0"), "\(e)")
  }
}
