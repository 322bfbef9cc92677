import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// The adiabatic (instantaneous-eigenbasis) global equation of open systems with time-dependent parameters
/// (Families/OpenSystem/OpenSystemAdiabatic.swift, ClausiusDynamics AdiabaticFockEvolution; docs/time-evolution.md,
/// "Adiabatic master equation (open systems)"; Albash, Boixo, Lidar, Zanardi, New J. Phys. 14, 123016 (2012)).
@Suite("open-system adiabatic global equation (time-dependent parameters)")
struct OpenSystemAdiabaticEvolutionTests {
  static func qubit(omega: Double) -> String {
    """
    kind = "open-system"
    title = "qubit with a modulated frequency"
    [[subsystems]]
    name = "q"
    type = "qubit"
    [parameters]
    w = { value = 1.0, modulation = { kind = "sin", amplitude = 0.3, frequency = \(omega), phase = 0.4 } }
    [hamiltonian]
    terms = ["w * sp(q) * sm(q)"]
    [[baths]]
    name = "b"
    operator = "sx(q)"
    spectral_density = "flat"
    rate = 0.02
    temperature = 0.7
    [solve]
    equations = ["global"]
    """
  }

  static func twoQubits(coupling: String, hot: String = "1.0", extra: String = "") -> String {
    """
    kind = "open-system"
    title = "two coupled qubits"
    [[subsystems]]
    name = "a"
    type = "qubit"
    frequency = 1.0
    [[subsystems]]
    name = "b"
    type = "qubit"
    frequency = 1.3
    \(extra)
    [parameters]
    g = \(coupling)
    [hamiltonian]
    terms = ["g * (sp(a) * sm(b) + sm(a) * sp(b))"]
    [[baths]]
    name = "hot"
    operator = "sx(a)"
    spectral_density = "flat"
    rate = 0.01
    temperature = \(hot)
    [[baths]]
    name = "cold"
    operator = "sx(b)"
    spectral_density = "flat"
    rate = 0.015
    temperature = 0.3
    [solve]
    equations = ["global"]
    """
  }

  /// (a) H(t) = ω(t)σ⁺σ⁻, ω(t) = 1 + 0.3 sin(Ωt + 0.4), S = σ_x, flat J = κ: the eigenbasis is fixed and the global
  /// equation of H(t) is the rate equation dp_e/dt = −γ↓p_e + γ↑p_g with γ↓ = 2κ(n̄(ω(t)) + 1), γ↑ = 2κn̄(ω(t))
  /// (docs/conventions.md), Q̇ = ω(t)ṗ_e, Ẇ = ω′(t)p_e — integrated by Tests/References/adiabatic_qubit_global.py
  /// (scipy DOP853, rtol 1e-13). Slow (Ω = 0.05) and fast (Ω = 2) modulation, BDF/GMRES and Adams.
  @Test("a qubit with a modulated frequency equals the closed-form population equation (scipy DOP853)", arguments: [0.05, 2.0])
  func qubitAgainstRateEquation(omega: Double) throws {
    let tMin = (1.5 * Double.pi - 0.4) / omega   // ω(t) = 0.7, the smallest Bohr frequency
    let times = ([0, 0.5, 3, 10, 25, 40, 70, 100] + [tMin]).sorted()
    let ref = try #require(try PythonReference.run("adiabatic_qubit_global.py", input: [
      "w0": 1.0, "A": 0.3, "Omega": omega, "phase": 0.4, "kappa": 0.02, "T": 0.7, "pe0": 1.0, "times": times,
    ] as [String: Any]) as? [String: [Double]])
    let description = try ModelDescription(source: Self.qubit(omega: omega), file: "qubit.toml")
    for method in ["bdf", "adams"] {
      var request = EvolveRequest(initial: .fock([1]), initialText: "fock:1", times: times, tolerance: 1e-12)
      request.odeMethod = method
      let doc = try description.evolve(request)
      let m = doc.methods[0]
      #expect(m.error == nil, "\(m.error ?? "")")
      let b = try #require(m.baths?.first)
      let pe = try #require(m.occupations?.first).values
      let w = try #require(m.driveWorkRate), wi = try #require(m.integratedDriveWork)
      var worst = 0.0
      for k in times.indices {
        let pairs: [(Double, Double, String)] = [(pe[k], ref["pe"]![k], "p_e"), (b.heat[k], ref["heat"]![k], "Q̇"), (b.localHeat[k], ref["heat"]![k], "Q̇ local"),
                                                 (b.integratedHeat[k], ref["Q"]![k], "Q"), (w[k], ref["work"]![k], "Ẇ"), (wi[k], ref["W"]![k], "W")]
        for (x, y, name) in pairs {
          worst = max(worst, abs(x - y))
          #expect(abs(x - y) <= 1e-8, "\(method) Ω = \(omega) t = \(times[k]) \(name): \(x) vs \(y)")
        }
      }
      // The eigenbasis does not move (∂_tH is diagonal): 𝒜 = 0; the spacing of the Bohr frequencies −ω, 0, ω is
      // min ω(t) = 0.7, reached at an output time.
      let a = try #require(m.diagnostics?.adiabatic)
      #expect(a.parameter == 0)
      #expect(abs((a.minimumSpacing ?? 0) - 0.7) <= 1e-9, "spacing \(a.minimumSpacing ?? 0)")
      #expect(doc.failures.isEmpty, "\(doc.failures)")
      print("adiabatic qubit Ω = \(omega) \(method): max deviation from DOP853 \(worst)")
    }
  }

  /// (b) g = 0.05 (t < 3), 0.15 (t ≥ 3): on each side the adiabatic global equation is the static global equation of
  /// that H, so it must equal two time-independent Krylov propagations (`FockEvolution`, each static model's global
  /// equation in its eigenbasis) restarted at the step from the state there, and the drive work is the impulse
  /// ⟨H(g₁) − H(g₀)⟩ in that state.
  @Test("a step-table coupling of two qubits equals two restarted Krylov propagations, with the impulsive work")
  func stepCouplingEqualsRestartedKrylov() throws {
    let (g0, g1, tStep) = (0.05, 0.15, 3.0)
    let times = [0, 1.0, 2.5, 3.0, 4.0, 7.0, 12.0, 20.0]
    let stepped = try ModelDescription(source: Self.twoQubits(coupling: "{ table = [[0, \(g0)], [\(tStep), \(g1)]], interpolation = \"step\" }"), file: "step.toml")
    let doc = try stepped.evolve(EvolveRequest(initial: .gibbs(0.5), initialText: "gibbs:0.5", times: times, tolerance: 1e-11))
    let m = doc.methods[0]
    #expect(m.error == nil, "\(m.error ?? "")")
    let before = try #require(try ModelDescription(source: Self.twoQubits(coupling: "\(g0)"), file: "a.toml").as(OpenSystemModelFile.self))
    let after = try #require(try ModelDescription(source: Self.twoQubits(coupling: "\(g1)"), file: "b.toml").as(OpenSystemModelFile.self))
    let eq0 = try before.system.masterEquation(.global), eq1 = try after.system.masterEquation(.global)
    let u0 = try #require(eq0.basis), u1 = try #require(eq1.basis)
    let temps = ["hot": 1.0, "cold": 0.3]
    let space = before.system.space
    func observables(_ eq: OpenSystemEquation) -> [(name: String, operator: SparseMatrix)] {
      space.subsystems.indices.map { (space.subsystems[$0].name, eq.inEquationBasis(space.number($0))) }
    }
    let first = try FockEvolution(equation: eq0.equation, temperatures: temps).evolve(
      from: .gibbs(hamiltonian: eq0.equation.hamiltonian, temperature: 0.5), times: times.filter { $0 < tStep } + [tStep], observables: observables(eq0), tolerance: 1e-12)
    let rhoStep = u0 * first.finalDensity * u0.adjoint
    let second = try FockEvolution(equation: eq1.equation, temperatures: temps).evolve(
      from: .density(u1.adjoint * rhoStep * u1), times: times.filter { $0 >= tStep }.map { $0 - tStep }, observables: observables(eq1), tolerance: 1e-12)
    let impulse = (after.system.hamiltonian + (-1.0) * before.system.hamiltonian).trace(times: rhoStep).real
    let baths = try #require(m.baths), occ = try #require(m.occupations), wi = try #require(m.integratedDriveWork)
    let scale = baths.flatMap { $0.heat.map(abs) }.max()!
    let nEarly = times.filter { $0 < tStep }.count
    var worst = 0.0
    for (k, t) in times.enumerated() {
      let (tr, j) = t < tStep ? (first, k) : (second, k - nEarly)
      for b in 0..<2 {
        let integral = t < tStep ? tr.integratedHeat[b][j] : first.integratedHeat[b].last! + tr.integratedHeat[b][j]
        for (x, y) in [(baths[b].heat[k], tr.heat[b][j]), (baths[b].localHeat[k], tr.heat[b][j])] {
          worst = max(worst, abs(x - y) / scale)
          #expect(abs(x - y) <= 1e-8 * scale, "t = \(t) bath \(b): \(x) vs \(y)")
        }
        #expect(abs(baths[b].integratedHeat[k] - integral) <= 1e-8 * max(1, scale * t), "t = \(t) bath \(b) integrated: \(baths[b].integratedHeat[k]) vs \(integral)")
        #expect(abs(occ[b].values[k] - tr.observables[b][j]) <= 1e-8, "t = \(t) \(occ[b].name): \(occ[b].values[k]) vs \(tr.observables[b][j])")
      }
      #expect(abs(wi[k] - (t < tStep ? 0 : impulse)) <= 1e-8 * abs(impulse), "t = \(t): W_drive \(wi[k]) vs ⟨ΔH⟩ \(impulse)")
    }
    #expect(abs(impulse) > 1e-3)
    #expect(m.diagnostics!.ode!.restarts >= 1)
    #expect(doc.failures.isEmpty, "\(doc.failures)")
    print("adiabatic two qubits, step coupling: max |ΔQ̇|/max|Q̇| = \(worst), impulse \(impulse)")
  }

  /// (c) A continuous g(t) = 0.1 + 0.05 sin(0.3t) with an oscillating hot temperature: σ(t) ≥ 0 at every time (Spohn:
  /// every dissipator of the global equation of H(t) has the Gibbs state of H(t) at T_α(t) as its fixed point), Σ(t)
  /// with constant temperatures non-decreasing, and the first law d⟨H⟩/dt = ΣQ̇ + Ẇ and ⟨H⟩(t) − ⟨H⟩(0) = ΣQ + W.
  @Test("σ(t) ≥ 0, Σ(t) non-decreasing and the first law along a modulated coupling")
  func entropyProductionAndFirstLaw() throws {
    let times = (0...400).map { Double($0) * 0.25 }
    for hot in ["1.0", "{ value = 1.0, modulation = { kind = \"sin\", amplitude = 0.4, frequency = 0.3 } }"] {
      let doc = try ModelDescription(source: Self.twoQubits(coupling: "{ value = 0.1, modulation = { kind = \"sin\", amplitude = 0.05, frequency = 0.3 } }", hot: hot), file: "c.toml")
        .evolve(EvolveRequest(initial: .gibbs(0.2), initialText: "gibbs:0.2", times: times, tolerance: 1e-10))
      let m = doc.methods[0]
      #expect(m.error == nil, "\(m.error ?? "")")
      let sigma = try #require(m.entropyProductionRate)
      #expect(sigma.count == times.count && sigma.allSatisfy { $0 >= -1e-14 }, "\(sigma)")
      #expect(sigma.max()! > 1e-4)   // not trivially zero: the baths are at different temperatures
      let v = try #require(m.diagnostics?.entropyProductionRateViolation)
      #expect(v <= 1e-12)
      if hot == "1.0" {
        let total = try #require(m.entropyProduction)
        for k in 1..<total.count { #expect(total[k] >= total[k - 1] - 1e-9, "Σ decreases at t = \(times[k]): \(total[k - 1]) → \(total[k])") }
        #expect(total.last! > 1e-3)
        // dΣ/dt = σ with constant temperatures (the unitary part does not change S): Simpson's rule on the reported
        // σ(t_k) (from 𝓓_α(t), ln ρ and Q̇_α at each time) against Σ(t) (from S(ρ) and the entropy flow the ODE carries).
        var worst = 0.0
        for k in stride(from: 2, to: times.count, by: 2) {
          var integral = 0.0
          for j in stride(from: 0, to: k, by: 2) {
            let panel: Double = sigma[j] + 4 * sigma[j + 1] + sigma[j + 2]
            integral += panel * (0.25 / 3)
          }
          worst = max(worst, abs(integral - total[k]))
        }
        #expect(worst <= 1e-5 * total.last!, "Simpson ∫σ vs Σ: \(worst) of \(total.last!)")
        print("adiabatic two qubits: Simpson ∫σ vs Σ(t) max deviation \(worst) of Σ(100) = \(total.last!)")
      }
      // First law from the reported columns: ⟨H⟩(t) − ⟨H⟩(0) against ΣQ + W (integrated by the ODE), and the rates.
      let e = try #require(m.energy), baths = try #require(m.baths), w = try #require(m.integratedWork)
      let scale = baths.map { $0.integratedHeat.map(abs).max()! }.max()!
      for k in times.indices {
        let balance = baths.reduce(0.0) { $0 + $1.integratedHeat[k] } + w[k]
        #expect(abs(e[k] - e[0] - balance) <= 1e-7 * scale, "t = \(times[k]): Δ⟨H⟩ \(e[k] - e[0]) vs ΣQ + W \(balance)")
      }
      #expect(m.diagnostics!.firstLawResidual <= 1e-10)
      #expect(m.diagnostics!.minimumEigenvalue! >= 0)
      #expect(m.diagnostics!.traceError! <= 1e-9)
      #expect(doc.failures.isEmpty, "\(doc.failures)")
      // ∂_tH = ġ(σ_a⁺σ_b⁻ + h.c.) couples the one-excitation eigenstates, split by Δ = √(0.09 + 4g²):
      // 𝒜(t) = |ġ cos 2θ|/Δ² with tan 2θ = 2g/0.3; its maximum over the run is below ġ_max/0.09.
      let a = try #require(m.diagnostics?.adiabatic)
      #expect(a.parameter > 0 && a.parameter <= 0.015 / 0.09)
      print("adiabatic two qubits, modulated g, hot \(hot): min σ \(sigma.min()!), max σ \(sigma.max()!), 𝒜 \(a.parameter)")
    }
  }

  /// (e) The same two qubits with g(t) = 0.1 + 0.05 sin(0.3t) against an independent construction of the adiabatic
  /// global equation (Tests/References/adiabatic_global_two_qubits.py: numpy eigendecomposition of H(t) at every
  /// right-hand side, Bohr components with per-transition rates, D[U L U†] in the lab basis, scipy DOP853 at rtol
  /// 1e-12): the eigenbasis rotates (𝒜 ≈ 0.1) and the degenerate pair of Bohr frequencies E₋ − 0 = E_ee − E₊ forms one
  /// jump, so this checks the coherences and the grouping that (a) and (b) do not.
  @Test("two qubits with a modulated coupling equal an independent numpy/scipy adiabatic global equation", arguments: ["bdf", "adams"])
  func twoQubitsAgainstIndependentConstruction(method: String) throws {
    let times = [0, 2.5, 5, 10, 20, 35, 50, 80]
    let ref = try #require(try PythonReference.run("adiabatic_global_two_qubits.py", input: [
      "wa": 1.0, "wb": 1.3, "g0": 0.1, "A": 0.05, "Omega": 0.3, "kappa": [0.01, 0.015], "T": [1.0, 0.3], "T0": 0.2, "tol": 1e-9, "times": times,
    ] as [String: Any]) as? [String: Any])
    let na = try #require(ref["na"] as? [Double]), nb = try #require(ref["nb"] as? [Double]), heat = try #require(ref["heat"] as? [[Double]])
    var request = EvolveRequest(initial: .gibbs(0.2), initialText: "gibbs:0.2", times: times, tolerance: 1e-11)
    request.odeMethod = method
    let doc = try ModelDescription(source: Self.twoQubits(coupling: "{ value = 0.1, modulation = { kind = \"sin\", amplitude = 0.05, frequency = 0.3 } }"), file: "e.toml")
      .evolve(request)
    let m = doc.methods[0]
    #expect(m.error == nil, "\(m.error ?? "")")
    let occ = try #require(m.occupations), baths = try #require(m.baths)
    var worst = 0.0
    for k in times.indices {
      for (x, y, name) in [(occ[0].values[k], na[k], "n_a"), (occ[1].values[k], nb[k], "n_b"), (baths[0].heat[k], heat[0][k], "Q̇_hot"), (baths[1].heat[k], heat[1][k], "Q̇_cold")] {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-8, "\(method) t = \(times[k]) \(name): \(x) vs \(y)")
      }
    }
    #expect(abs(baths[1].heat.last!) > 1e-4)
    print("adiabatic two qubits, modulated g, \(method): max deviation from the numpy construction \(worst)")
  }

  /// (d) The size limit (64 levels), the Redfield equation and a level crossing are refused with a message.
  @Test("refusals: above 64 levels, Redfield with H(t), and a level crossing")
  func refusals() throws {
    let big = Self.twoQubits(coupling: "{ value = 0.1, modulation = { kind = \"sin\", amplitude = 0.05, frequency = 0.3 } }",
                             extra: "[[subsystems]]\nname = \"r\"\ntype = \"oscillator\"\nfrequency = 0.9\nlevels = 17")
    let doc = try ModelDescription(source: big, file: "big.toml").evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 1], tolerance: 1e-8))
    #expect(doc.methods[0].error?.contains("68") == true && doc.methods[0].error?.contains("64") == true, "\(doc.methods[0].error ?? "no error")")
    let small = Self.twoQubits(coupling: "{ value = 0.1, modulation = { kind = \"sin\", amplitude = 0.05, frequency = 0.3 } }")
      .replacingOccurrences(of: "equations = [\"global\"]", with: "equations = [\"redfield\"]")
    let red = try ModelDescription(source: small, file: "red.toml").evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 1], tolerance: 1e-8))
    #expect(red.methods[0].error?.contains("not implemented") == true, "\(red.methods[0].error ?? "no error")")
    // Uncoupled qubits with ω_a(t) = 1 + 0.5 sin(0.1t) crossing ω_b = 1.3: the levels |eg⟩ and |ge⟩ cross at
    // sin(0.1t) = 0.6, t = 10 asin(0.6) = 6.435.
    let crossing = """
    kind = "open-system"
    [[subsystems]]
    name = "a"
    type = "qubit"
    [[subsystems]]
    name = "b"
    type = "qubit"
    frequency = 1.3
    [parameters]
    w = { value = 1.0, modulation = { kind = "sin", amplitude = 0.5, frequency = 0.1 } }
    [hamiltonian]
    terms = ["w * sp(a) * sm(a)"]
    [[baths]]
    name = "b"
    operator = "sx(a) + sx(b)"
    spectral_density = "flat"
    rate = 0.01
    temperature = 0.5
    [solve]
    equations = ["global"]
    """
    let cross = try ModelDescription(source: crossing, file: "cross.toml").evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 10], tolerance: 1e-8))
    let message = cross.methods[0].error ?? "no error"
    #expect(message.contains("cross") && message.contains("6.43"), "\(message)")
  }
}
