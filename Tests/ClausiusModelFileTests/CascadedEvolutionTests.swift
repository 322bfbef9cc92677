import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// `evolve` for `kind = "cascaded"` (Families/Cascaded/CascadedEvolution.swift): exact Gaussian moment dynamics of paper
/// 001's cascaded master equation (Eq. 1): local heat = ω_q × the flow of quanta, heat counted with ω_q N + H (as
/// `solve`), energy ⟨ω_q N + H⟩.
@Suite("evolve: cascaded (paper 001)")
struct CascadedEvolutionTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples")

  static let threeModes = """
    kind = "cascaded"
    title = "three detuned oscillators, phases and reciprocity-breaking hoppings"
    [[modes]]
    frequency = 0.3
    rate = 0.7
    occupation = 2.0
    cascade_rate = 1.1
    phase = 0.0
    hopping_to_next = [0.2, -0.15]
    [[modes]]
    frequency = -0.4
    rate = 0.4
    occupation = 0.3
    cascade_rate = 0.8
    phase = 0.9
    hopping_to_next = 0.1
    [[modes]]
    frequency = 0.1
    rate = 1.3
    occupation = 1.1
    cascade_rate = 0.5
    phase = -0.6
    [channel]
    occupation = 0.6
    quantum_energy = 2.5
    """

  /// From the vacuum, 60 relaxation times (1/g, g = −max Re λ(A) as `evolve` reports it) reach `solve`'s steady state:
  /// each bath's heat ω_q Φ_α and local heat Tr{H_sys 𝓓_α ρ}, the occupations; the first law holds at every time
  /// (d⟨H_E⟩/dt from the whole generator = Σ_α ω_q Φ_α) and integrated (⟨H_E⟩(t) − ⟨H_E⟩(0) = Σ_α Q_α(t)).
  @Test("long times reach solve's heat, local heat and occupations; the first law along the trajectory", arguments: ["example", "three"])
  func longTimesReachSolve(_ which: String) throws {
    let model = which == "example" ? try ModelDescription.load(path: Self.examples.appendingPathComponent("001-cascaded-rectifier.toml").path)
                                   : try ModelDescription(source: Self.threeModes, file: "three.toml")
    let (solved, m, times) = try model.solvedAndEvolvedFromVacuum()
    #expect(m.equation == "cascaded" && m.engine == "gaussian")
    let baths = try #require(m.baths), ref = try #require(solved.baths)
    #expect(baths.map(\.name) == ref.map(\.name))
    let gross = ref.map { abs($0.heat) + abs($0.localHeat) }.max()!
    var worst = 0.0
    for (b, r) in zip(baths, ref) {
      worst = max(worst, abs(b.heat.last! - r.heat), abs(b.localHeat.last! - r.localHeat))
      #expect(abs(b.heat.last! - r.heat) <= 1e-9 * gross, "\(r.name): \(b.heat.last!) vs \(r.heat)")
      #expect(abs(b.localHeat.last! - r.localHeat) <= 1e-9 * gross, "\(r.name) local: \(b.localHeat.last!) vs \(r.localHeat)")
      #expect(abs(b.temperature - r.temperature) <= 1e-12 * r.temperature)
      #expect(b.heat.first! != r.heat)   // a real transient: the vacuum's currents differ from the steady state's
    }
    let occ = try #require(m.occupations), occRef = try #require(solved.occupations)
    for (o, r) in zip(occ, occRef) {
      worst = max(worst, abs(o.values.last! - r))
      #expect(abs(o.values.last! - r) <= 1e-9 * max(1, abs(r)), "\(o.name)")
    }
    let d = try #require(m.diagnostics)
    print("cascaded \(which): evolve(60τ) vs solve max deviation \(worst) (gross \(gross)); first law \(d.firstLawResidual), integrated \(d.integratedFirstLawResidual)")
    #expect(d.firstLawResidual < 1e-12 && d.integratedFirstLawResidual < 1e-10, "\(d.firstLawResidual), \(d.integratedFirstLawResidual)")
    // Σ(t) ≥ 0 (Spohn, with the heat counted in quanta × ω_q), and it grows at the steady state's rate −Σ_α Φ_α ln(1+1/N̄_α).
    let sigma = try #require(m.entropyProduction)
    #expect(sigma.allSatisfy { $0 >= -1e-12 }, "\(sigma)")
    let rate = (sigma[4] - sigma[3]) / (times[4] - times[3])
    let sigmaRef = try #require(solved.entropyProduction)
    #expect(abs(rate - sigmaRef) <= 1e-6 * abs(sigmaRef), "Σ rate \(rate) vs solve's \(sigmaRef)")
  }

  /// Against Tests/References/cascade_evolution_expm.py: the moments ⟨c_j†c_k⟩ from the Langevin form (paper 001, Eq. 2;
  /// the library evolves the master equation, Eq. 1), integrated exactly with scipy's expm of the augmented linear
  /// system; the flows from the jump operators. Thermal and coherent starts; every bath's heat, local heat, their
  /// integrals, the occupations and ⟨H_E⟩.
  @Test("three detuned oscillators against the Langevin moments integrated by scipy expm", arguments: ["thermal", "coherent"])
  func againstScipy(_ start: String) throws {
    let model = try ModelDescription(source: Self.threeModes, file: "three.toml")
    let times = [0, 0.3, 1, 3, 8.0]
    let wq = 2.5, temps = [0.7, 1.9, 0.2]
    let n0 = temps.map { 1 / expm1(wq / $0) }
    let alpha: [[Double]] = start == "coherent" ? [[0.8, -0.3], [0, 0.5], [-1.1, 0.2]] : [[0, 0], [0, 0], [0, 0]]
    let request = start == "coherent"
      ? EvolveRequest(initial: .coherent(alpha.map { Complex($0[0], $0[1]) }), initialText: "coherent", times: times)
      : EvolveRequest(initial: .thermal(temps), initialText: "thermal", times: times)
    let doc = try model.evolve(request)
    let m = try #require(doc.methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let ref = try #require(try PythonReference.run("cascade_evolution_expm.py", input: [
      "w": [0.3, -0.4, 0.1], "kappa": [0.7, 0.4, 1.3], "nbar": [2.0, 0.3, 1.1], "gamma": [1.1, 0.8, 0.5], "theta": [0.0, 0.9, -0.6],
      "F": [[0.2, -0.15], [0.1, 0]], "nc": 0.6, "wq": wq, "n0": start == "coherent" ? [0, 0, 0] : n0, "alpha": alpha, "times": times,
    ] as [String: Any]) as? [String: Any])
    let heat = try #require(ref["heat"] as? [[Double]]), local = try #require(ref["local"] as? [[Double]])
    let iheat = try #require(ref["iheat"] as? [[Double]]), ilocal = try #require(ref["ilocal"] as? [[Double]])
    let n = try #require(ref["n"] as? [[Double]]), e = try #require(ref["E"] as? [Double])
    let baths = try #require(m.baths), occ = try #require(m.occupations), energy = try #require(m.energy)
    #expect(baths.count == 4)
    var worst = 0.0
    for k in times.indices {
      for a in 0..<4 {
        for (x, y) in [(baths[a].heat[k], heat[a][k]), (baths[a].localHeat[k], local[a][k]),
                       (baths[a].integratedHeat[k], iheat[a][k]), (baths[a].integratedLocalHeat[k], ilocal[a][k])] {
          worst = max(worst, abs(x - y))
          #expect(abs(x - y) <= 1e-10 * max(1, abs(y)), "bath \(a) at t = \(times[k]): \(x) vs \(y)")
        }
      }
      for j in 0..<3 { worst = max(worst, abs(occ[j].values[k] - n[j][k])); #expect(abs(occ[j].values[k] - n[j][k]) <= 1e-10 * max(1, n[j][k])) }
      worst = max(worst, abs(energy[k] - e[k]))
      #expect(abs(energy[k] - e[k]) <= 1e-10 * max(1, abs(e[k])))
    }
    print("cascaded \(start) vs scipy Langevin expm: max deviation \(worst)")
  }

  /// One oscillator (N = 1): closed form. With Γ = κ + γ and m̄ = (κN̄ + γN̄_c)/Γ (paper 001, Eq. C6),
  /// n(t) = m̄ + (n₀ − m̄)e^{−Γt}; local heat (counted with ω_q N) ω_q κ(N̄ − n) and ω_q γ(N̄_c − n), heat (counted with
  /// ω_q N + ω c†c) (ω_q + ω)× the same flows, energy (ω_q + ω)(n + ½), and ∫n = m̄t + (n₀ − m̄)(1 − e^{−Γt})/Γ. The state stays number-thermal, S(n) = (n+1)ln(n+1) − n ln n, so
  /// Σ(t) = S(n(t)) − S(n₀) − Σ_α Q_α/T_α with T_α = ω_q/ln(1 + 1/N̄_α).
  @Test("one oscillator against its closed form, with the entropy production")
  func oneModeClosedForm() throws {
    let (w, kappa, nb, gamma, nc, wq, t0) = (0.7, 0.6, 1.5, 0.9, 0.2, 1.3, 0.4)
    let model = try ModelDescription(source: """
      kind = "cascaded"
      [[modes]]
      frequency = \(w)
      rate = \(kappa)
      occupation = \(nb)
      cascade_rate = \(gamma)
      [channel]
      occupation = \(nc)
      quantum_energy = \(wq)
      """, file: "one.toml")
    let times = [0, 0.2, 1, 2.5, 6.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .thermal([t0]), initialText: "thermal:\(t0)", times: times)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let g = kappa + gamma, mbar = (kappa * nb + gamma * nc) / g, n0 = 1 / expm1(wq / t0)
    func s(_ n: Double) -> Double { n > 0 ? (n + 1) * log(n + 1) - n * log(n) : 0 }
    let tOwn = wq / log1p(1 / nb), tCh = wq / log1p(1 / nc)
    let baths = try #require(m.baths), sigma = try #require(m.entropyProduction), occ = try #require(m.occupations?.first?.values)
    var worst = 0.0
    for (k, t) in times.enumerated() {
      let n = mbar + (n0 - mbar) * exp(-g * t), intN = mbar * t + (n0 - mbar) * (1 - exp(-g * t)) / g
      let qOwn = wq * kappa * (nb * t - intN), qCh = wq * gamma * (nc * t - intN)
      let expected: [(Double, Double)] = [
        (occ[k], n), (baths[0].localHeat[k], wq * kappa * (nb - n)), (baths[1].localHeat[k], wq * gamma * (nc - n)),
        (baths[0].heat[k], (wq + w) * kappa * (nb - n)), (baths[1].heat[k], (wq + w) * gamma * (nc - n)),
        (baths[0].integratedLocalHeat[k], qOwn), (baths[1].integratedLocalHeat[k], qCh),
        (baths[0].integratedHeat[k], qOwn * (wq + w) / wq), (baths[1].integratedHeat[k], qCh * (wq + w) / wq), (m.energy![k], (wq + w) * (n + 0.5)),
        (sigma[k], s(n) - s(n0) - qOwn / tOwn - qCh / tCh),
      ]
      for (x, y) in expected {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-11 * max(1, abs(y)), "t = \(t): \(x) vs \(y)")
      }
      #expect(sigma[k] >= -1e-13)
    }
    print("cascaded one mode vs closed form: max deviation \(worst)")
  }

  /// The spectral route (number-conserving drift, no mean) with the energy H_E = ω_q N + H equals the propagation route.
  @Test("spectral and propagation routes agree with the cascade's energy counting")
  func spectralEqualsPropagation() throws {
    let file = try #require(try ModelDescription(source: Self.threeModes, file: "three.toml").as(CascadedModelFile.self))
    let ev = try file.cascadedEvolution()
    let times = [0, 0.5, 2, 7.0]
    let a = try ev.evolve(from: .vacuum, times: times, method: .propagation)
    let b = try ev.evolve(from: .vacuum, times: times, method: .spectral)
    #expect(a.method == "propagation" && b.method == "spectral")
    var worst = 0.0
    for k in times.indices {
      worst = max(worst, abs(a.energy[k] - b.energy[k]), abs(a.energyRate[k] - b.energyRate[k]))
      for x in 0..<4 {
        worst = max(worst, abs(a.heat[x][k] - b.heat[x][k]), abs(a.countedHeat[x][k] - b.countedHeat[x][k]),
                    abs(a.integratedHeat[x][k] - b.integratedHeat[x][k]), abs(a.integratedCountedHeat[x][k] - b.integratedCountedHeat[x][k]))
      }
    }
    print("cascaded spectral vs propagation: \(worst)")
    #expect(worst < 1e-12)
  }

  @Test("a Fock start, a wrong count and a non-commuting energy are errors")
  func badRequests() throws {
    let model = try ModelDescription.load(path: Self.examples.appendingPathComponent("001-cascaded-rectifier.toml").path)
    let fock = try model.evolve(EvolveRequest(initial: .fock([1, 0]), initialText: "fock:1,0", times: [0, 1]))
    #expect(fock.methods.first?.error?.contains("not Gaussian") == true)
    let thermal = try model.evolve(EvolveRequest(initial: .thermal([1, 2, 3]), initialText: "thermal:1,2,3", times: [0, 1]))
    #expect(thermal.methods.first?.error?.contains("one per oscillator") == true)
    // x₁² does not commute with a hopping Hamiltonian: the energy bookkeeping is refused.
    let file = try #require(try ModelDescription(source: Self.threeModes, file: "three.toml").as(CascadedModelFile.self))
    var g = Matrix<Double>(rows: 6, columns: 6); g[0, 0] = 1
    #expect(throws: DynamicsError.self) { try GaussianEvolution(equation: file.network.masterEquation(), energyHamiltonian: QuadraticHamiltonian(matrix: g)) }
  }
}

extension ModelDescription {
  /// `solve`'s first method and `evolve`'s first method from the vacuum at 0, 1, 5, 20 and 60 relaxation times (the
  /// relaxation time `evolve` reports), both checked for errors.
  func solvedAndEvolvedFromVacuum() throws -> (solved: MethodResult, evolved: EvolveMethodResult, times: [Double]) {
    let solved = try #require(family.methods().first)
    #expect(solved.error == nil)
    let probe = try evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0]))
    let tau = try #require(probe.methods.first?.relaxationTime)
    let times = [0, 1, 5, 20, 60].map { $0 * tau }
    let m = try #require(try evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    return (solved, m, times)
  }
}
