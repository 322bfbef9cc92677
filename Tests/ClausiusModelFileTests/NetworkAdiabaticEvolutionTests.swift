import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// The adiabatic (instantaneous-eigenbasis) normal-mode equations of networks whose couplings or mode frequencies depend
/// on time (Families/Network/NetworkDrivenEvolution.swift, NetworkAdiabatic.swift; docs/time-evolution.md, "Adiabatic
/// master equation"; Albash, Boixo, Lidar, Zanardi, New J. Phys. 14, 123016 (2012)).
@Suite("network adiabatic master equation (time-dependent couplings and frequencies)")
struct NetworkAdiabaticEvolutionTests {
  static func source(strength: String, w2: String = "1.5", rates: (Double, Double) = (0.05, 0.03), equations: String = "[\"global\", \"redfield\"]") -> String {
    """
    title = "two coupled modes"
    [[modes]]
    frequency = 1.0
    [[modes]]
    frequency = \(w2)
    [[couplings]]
    kind = "hopping"
    modes = [0, 1]
    strength = \(strength)
    \([("cold", 0, rates.0, 0.4), ("hot", 1, rates.1, 1.2)].map { "[[baths]]\nname = \"\($0.0)\"\nmode = \($0.1)\nspectral_density = \"flat\"\nrate = \($0.2)\ntemperature = \($0.3)" }.joined(separator: "\n"))
    [solve]
    equations = \(equations)
    """
  }

  /// (a) g = g₀ (t < 3), g₁ (t ≥ 3): the equation before and after the step is the static normal-mode equation of H(g₀),
  /// H(g₁), so CVODE must equal two exact time-independent propagations (`GaussianEvolution`, matrix exponentials)
  /// restarted at the step, and the impulsive work is ⟨H(g₁) − H(g₀)⟩ in the state at the step.
  @Test("global and Redfield with a step-table coupling equal the exact propagation restarted at the step, with the impulsive work")
  func stepCouplingEqualsRestartedPropagation() throws {
    let (g0, g1, tStep) = (0.08, 0.2, 3.0)
    let stepped = try ModelDescription(source: Self.source(strength: "{ table = [[0, \(g0)], [\(tStep), \(g1)]], interpolation = \"step\" }"), file: "step.toml")
    let times = [0, 1.0, 2.5, 4.0, 6.0, 9.0]
    let doc = try stepped.evolve(EvolveRequest(initial: .thermal([0.7]), initialText: "thermal:0.7", times: times, tolerance: 1e-10))
    let before = try ModelFile(source: Self.source(strength: "\(g0)")), after = try ModelFile(source: Self.source(strength: "\(g1)"))
    for (k, derivation) in [Derivation.global, .redfield].enumerated() {
      let m = doc.methods[k]
      #expect(m.error == nil, "\(derivation.name): \(m.error ?? "")")
      let first = try GaussianEvolution(equation: before.network.masterEquation(derivation))
      let start = GaussianInitialState.thermal(temperatures: [0.7, 0.7])
      let early = try first.evolve(from: start, times: times.filter { $0 <= tStep } + [tStep])
      let second = try GaussianEvolution(equation: after.network.masterEquation(derivation))
      let late = try second.evolve(from: .moments(covariance: early.finalCovariance, mean: early.finalMean), times: times.filter { $0 > tStep }.map { $0 - tStep })
      let impulse = after.network.hamiltonian.expectation(covariance: early.finalCovariance, mean: early.finalMean)
        - before.network.hamiltonian.expectation(covariance: early.finalCovariance, mean: early.finalMean)
      let baths = try #require(m.baths)
      let scale = baths.map { $0.heat.map(abs).max() ?? 0 }.max() ?? 1
      var worst = 0.0
      let nEarly = times.filter { $0 <= tStep }.count
      for (i, t) in times.enumerated() {
        let (tr, j) = t <= tStep ? (early, i) : (late, i - nEarly)
        for b in 0..<2 {
          worst = max(worst, abs(baths[b].heat[i] - tr.heat[b][j]) / scale, abs(baths[b].localHeat[i] - tr.countedHeat[b][j]) / scale)
          #expect(abs(baths[b].heat[i] - tr.heat[b][j]) <= 2e-8 * scale, "\(derivation.name) t = \(t) bath \(b): \(baths[b].heat[i]) vs \(tr.heat[b][j])")
          // Integrated heat: the exact integral of each piece, the second shifted by the first's value at the step.
          let integral = t <= tStep ? tr.integratedHeat[b][j] : early.integratedHeat[b].last! + tr.integratedHeat[b][j]
          #expect(abs(baths[b].integratedHeat[i] - integral) <= 2e-8 * max(1, scale * t), "\(derivation.name) t = \(t) bath \(b) integrated")
        }
        for n in 0..<2 {
          let x = try #require(m.occupations?[n].values[i])
          #expect(abs(x - tr.occupations[n][j]) <= 2e-8 * max(1, tr.occupations[n][j]), "\(derivation.name) t = \(t) mode \(n)")
        }
        let w = try #require(m.integratedDriveWork)[i]
        #expect(abs(w - (t < tStep ? 0 : impulse)) <= 1e-8 * abs(impulse), "\(derivation.name) t = \(t): W_drive \(w) vs ⟨ΔH⟩ \(impulse)")
      }
      #expect(abs(impulse) > 1e-3)   // the step does work
      #expect(abs(baths[0].heat.last! - baths[0].heat[1]) > 1e-4 * scale)  // and shows in the heat
      #expect(m.diagnostics!.integratedFirstLawResidual <= 1e-7)
      print("\(derivation.name) step coupling: CVODE vs restarted exact propagation, max |ΔQ̇|/max|Q̇| = \(worst), impulse \(impulse)")
    }
    #expect(doc.failures.isEmpty, "\(doc.failures)")
  }

  /// (b) g(t) = 0.15 + 0.06 sin(Ωt) slow against the relaxation: the state lags the instantaneous steady state of H(g(t))
  /// (`solve` of the same file with strength g(t)) by δ ≈ −(1/Γ) dX_ss/dt ∝ Ω. At the same phases Ωt of two runs,
  /// max δ(Ω₁)/max δ(Ω₂) must be ≈ Ω₁/Ω₂ = 2 (first order in Ω).
  @Test("a slowly modulated coupling follows solve's instantaneous steady state, the lag proportional to the modulation rate")
  func slowModulationFollowsSteadyState() throws {
    var deviations: [String: [Double]] = [:]
    let phases = (0..<12).map { 2 * Double.pi * (1.0 + Double($0) / 12) }   // the second period (transient gone)
    for omega in [0.004, 0.002] {
      let f = "{ value = 0.15, modulation = { kind = \"sin\", amplitude = 0.06, frequency = \(omega) } }"
      let times = [0] + phases.map { $0 / omega }
      let doc = try ModelDescription(source: Self.source(strength: f, rates: (0.2, 0.15)), file: "slow.toml")
        .evolve(EvolveRequest(initial: .thermal([0.8]), initialText: "thermal:0.8", times: times, tolerance: 1e-10))
      for (k, name) in ["global", "redfield"].enumerated() {
        let m = doc.methods[k]
        #expect(m.error == nil, "\(m.error ?? "")")
        let a = try #require(m.diagnostics?.adiabatic)
        // Two modes, hopping g: the normal modes are the pair rotated by θ, tan 2θ = 2g/Δ (Δ = 0.5), so
        // ∂_tH = ġ(a₁†a₂ + h.c.) has M₊₋ = ġ cos 2θ = ġΔ/√(Δ² + 4g²), N = 0, and ν₊ − ν₋ = √(Δ² + 4g²):
        // 𝒜(t) = |ġ|Δ/(Δ² + 4g²)^{3/2}, checked at the reported time and against its maximum over a fine phase grid (the
        // sampled maximum is within the sampling's resolution below it); the smallest spacing at g = g₀ − A (Ωt = 3.5π,
        // an output time).
        func exact(_ t: Double) -> Double {
          let g = 0.15 + 0.06 * sin(omega * t)
          return abs(0.06 * omega * cos(omega * t)) * 0.5 / pow(0.25 + 4 * g * g, 1.5)
        }
        #expect(abs(a.parameter - exact(a.parameterTime)) <= 1e-8 * a.parameter, "𝒜 = \(a.parameter) vs \(exact(a.parameterTime))")
        let top = (0..<100_000).map { exact(Double($0) * 2 * Double.pi / omega / 100_000) }.max()!
        #expect(a.parameter <= top * (1 + 1e-12) && a.parameter >= 0.999 * top, "𝒜 = \(a.parameter), max \(top)")
        let gap = (0.25 + 4 * 0.09 * 0.09).squareRoot()
        #expect(abs((a.minimumSpacing ?? 0) - gap) <= 1e-8 * gap, "spacing \(a.minimumSpacing ?? 0) vs \(gap)")
        var worst = 0.0
        for (i, t) in times.enumerated().dropFirst() {
          let g = 0.15 + 0.06 * sin(omega * t)
          let solved = try #require(try ModelFile(source: Self.source(strength: "\(g)", rates: (0.2, 0.15), equations: "[\"\(name)\"]")).methods().first)
          for b in 0..<2 { worst = max(worst, abs(m.baths![b].heat[i] - solved.baths![b].heat) / abs(solved.baths![b].heat)) }
          for n in 0..<2 { worst = max(worst, abs(m.occupations![n].values[i] - solved.occupations![n]) / solved.occupations![n]) }
        }
        deviations[name, default: []].append(worst)
      }
    }
    for (name, d) in deviations {
      let ratio = d[0] / d[1]
      print("\(name) slow coupling: max relative lag \(d[0]) (Ω = 0.004), \(d[1]) (Ω = 0.002), ratio \(ratio)")
      #expect(d[0] < 0.05)
      #expect(abs(ratio - 2) <= 0.2, "\(name): lag ratio \(ratio), expected ≈ 2 (first order in Ω)")
    }
  }

  /// (c) One oscillator ω(t) = 1 + 0.3 sin(0.7t) damped by a flat bath (κ(n̄+1)D[a] + κn̄D[a†], docs/conventions.md):
  /// dn/dt = −κ(n − n̄(ω(t), T)), Q̇ = κω(t)(n̄ − n) (heat counted with H(t) = ω(t)(a†a + ½)), Ẇ_drive = ω′(t)(n + ½)
  /// (zero-point included, conventions.md), integrated by scipy's DOP853 (rtol 1e-12) with Q and W as extra components.
  /// Local and global (the normal mode of H(t) is the mode itself) must both agree.
  @Test("a damped oscillator with ω(t): occupation, heat, work and their integrals against scipy on the closed-form ODE")
  func modulatedFrequencyAgainstScipy() throws {
    guard PythonScript.available else { print("skipped: python3 with numpy/scipy not available"); return }
    let src = """
    [[modes]]
    frequency = { value = 1.0, modulation = { kind = "sin", amplitude = 0.3, frequency = 0.7 } }
    [[baths]]
    name = "b"
    mode = 0
    spectral_density = "flat"
    rate = 0.25
    temperature = 0.9
    [solve]
    equations = ["local", "global"]
    """
    let times = (0...20).map { Double($0) * 1.5 }
    let doc = try ModelDescription(source: src, file: "omega.toml").evolve(EvolveRequest(initial: .thermal([0.3]), initialText: "thermal:0.3", times: times, tolerance: 1e-11))
    let script = """
    import numpy as np, json
    from scipy.integrate import solve_ivp
    k, T = 0.25, 0.9
    w = lambda t: 1 + 0.3*np.sin(0.7*t)
    dw = lambda t: 0.3*0.7*np.cos(0.7*t)
    nb = lambda t: 1/np.expm1(w(t)/T)
    def f(t, y):
        n = y[0]
        return [-k*(n - nb(t)), k*w(t)*(nb(t) - n), dw(t)*(n + 0.5)]
    ts = [i*1.5 for i in range(21)]
    s = solve_ivp(f, (0, ts[-1]), [1/np.expm1(1/0.3), 0, 0], t_eval=ts, method='DOP853', rtol=1e-12, atol=1e-14)
    n, Q, W = s.y
    print(json.dumps({"n": n.tolist(), "Q": Q.tolist(), "W": W.tolist(),
                      "q": [k*w(t)*(nb(t) - x) for t, x in zip(ts, n)], "wr": [dw(t)*(x + 0.5) for t, x in zip(ts, n)]}))
    """
    let py = try PythonScript.run(script)
    #expect(py.status == 0, "\(py.stderr)")
    struct Ref: Decodable { let n, Q, W, q, wr: [Double] }
    let ref = try JSONDecoder().decode(Ref.self, from: Data(py.stdout.utf8))
    for m in doc.methods {
      #expect(m.error == nil, "\(m.equation): \(m.error ?? "")")
      var worst = 0.0
      for i in times.indices {
        let pairs = [(m.occupations![0].values[i], ref.n[i]), (m.baths![0].heat[i], ref.q[i]), (m.driveWorkRate![i], ref.wr[i]),
                     (m.baths![0].integratedHeat[i], ref.Q[i]), (m.integratedDriveWork![i], ref.W[i]), (m.baths![0].localHeat[i], ref.q[i])]
        for (x, y) in pairs { worst = max(worst, abs(x - y)) }
      }
      print("\(m.equation) ω(t): max deviation from scipy \(worst)")
      #expect(worst <= 1e-8, "\(m.equation): \(worst)")
      #expect(m.timeDependent == ["modes.0.frequency"])
      // Entropy production rate of a single thermal mode: σ = κ(n − n̄)(ln((n+1)/n) − ω/T)·… ≥ 0 (Spohn); checked via failures.
      #expect((m.entropyProductionRate ?? []).dropFirst().allSatisfy { $0 >= -1e-12 })
    }
    #expect(doc.failures.isEmpty, "\(doc.failures)")
  }

  @Test("a mode frequency that is not positive at some time is an error at its line naming the minimum")
  func nonPositiveFrequencyRefused() throws {
    let src = "[[modes]]\nfrequency = { value = 1.0, modulation = { kind = \"sin\", amplitude = 1.2, frequency = 0.5 } }\n"
    #expect {
      try ModelFile(source: src, file: "bad.toml")
    } throws: { e in
      let text = "\(e)"
      return text.contains("bad.toml:2") && text.contains("modes.0.frequency") && text.contains("minimum is -0.19999")
    }
  }

  /// ∂G/∂ω_j with springs and x–x couplings (G nonlinear in ω) against a central difference of the network's G.
  @Test("∂G/∂ω_j of a network with spring and x–x couplings equals a central difference")
  func frequencyDerivative() throws {
    func net(_ w: [Double]) throws -> BosonicNetwork {
      try BosonicNetwork(frequencies: w, couplings: [.spring(0, 1, k: 0.2), .positionPosition(1, 2, g: 0.1), .hopping(0, 2, epsilon: 0.05, phase: 0)])
    }
    let w = [1.0, 1.4, 0.8], h = 1e-5
    for j in 0..<3 {
      var wp = w, wm = w
      wp[j] += h; wm[j] -= h
      let fd = (try net(wp).hamiltonian.matrix - net(wm).hamiltonian.matrix) * (1 / (2 * h))
      let exact = try net(w).hamiltonianFrequencyDerivative(mode: j)
      #expect((fd - exact).maxAbs <= 1e-9, "mode \(j): \((fd - exact).maxAbs)")
    }
  }

  /// (d) Spohn: σ(t) ≥ 0 at every time for the global equation with H(t) (each dissipator in detailed balance with H(t));
  /// its integral ∫σ (Simpson on the reported rates) equals Σ(t) = S(t) − S(0) − Σ_α Q_α(t)/T_α computed from the
  /// entropies and the ODE's heat integrals (an independent route); the integrated first law holds.
  @Test("global equation with g(t): entropy production rate ≥ 0, its integral equals S(t) − S(0) − ΣQ/T, first law")
  func entropyProductionAndFirstLaw() throws {
    let f = "{ value = 0.12, modulation = { kind = \"sin\", amplitude = 0.05, frequency = 0.4 } }"
    let times = (0...400).map { Double($0) * 0.05 }
    let doc = try ModelDescription(source: Self.source(strength: f, equations: "[\"global\"]"), file: "d.toml")
      .evolve(EvolveRequest(initial: .thermal([0.2, 1.5]), initialText: "thermal:0.2,1.5", times: times, tolerance: 1e-11))
    let m = doc.methods[0]
    #expect(m.error == nil, "\(m.error ?? "")")
    let sigma = try #require(m.entropyProductionRate), total = try #require(m.entropyProduction)
    #expect(sigma.allSatisfy { $0 >= 0 }, "min σ = \(sigma.min()!)")
    var integral = 0.0, worst = 0.0
    for i in stride(from: 2, to: times.count, by: 2) {
      integral += 0.05 / 3 * (sigma[i - 2] + 4 * sigma[i - 1] + sigma[i])
      worst = max(worst, abs(integral - total[i]))
    }
    print("global g(t): Simpson ∫σ vs S(t) − S(0) − ΣQ/T: max deviation \(worst) of Σ(20) = \(total.last!); first law \(m.diagnostics!.integratedFirstLawResidual)")
    #expect(worst <= 1e-6 * total.last!)
    #expect(total.last! > 0.01)
    #expect(m.diagnostics!.integratedFirstLawResidual <= 1e-8)
    #expect(m.diagnostics!.entropyProductionRateViolation == 0)
    #expect(doc.failures.isEmpty, "\(doc.failures)")
    // The check can fail: a negative rate of an equation bound by the Clausius inequality is a failure, not of Redfield.
    var bad = doc
    bad.methods[0].diagnostics!.entropyProductionRateViolation = 1e-3
    #expect(bad.failures.contains { $0.contains("entropy production rate is negative") })
    bad.methods[0].equation = "redfield"
    #expect(!bad.failures.contains { $0.contains("entropy production rate") })
  }

  /// Diagnostics: a fast modulation warns (𝒜 above its threshold), and a crossing of the normal modes (ω₁ = ω₂, the
  /// hopping passing through 0: ν± = ω ± g swap) refuses the global equation but not Redfield (its kernel is continuous).
  @Test("a fast modulation warns with the adiabaticity parameter; a normal-mode crossing refuses the global equation")
  func diagnosticsWarnAndRefuse() throws {
    let fast = "{ value = 0.12, modulation = { kind = \"sin\", amplitude = 0.1, frequency = 0.5 } }"
    let doc = try ModelDescription(source: Self.source(strength: fast, w2: "1.1"), file: "fast.toml")
      .evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 2, 4], tolerance: 1e-9))
    let a = try #require(doc.methods[0].diagnostics?.adiabatic)
    // ν± = 1.05 ± √(0.05² + g²), M₊₋ = g′ · (mixing), so 𝒜 ~ 0.05 · 0.5 · … / (2√(0.05² + g²))² > 0.1 near g = 0.02.
    #expect(a.parameter > AdiabaticDiagnostics.parameterThreshold, "𝒜 = \(a.parameter)")
    #expect(doc.methods[0].diagnostics!.warnings.contains { $0.contains("adiabaticity parameter") })
    let crossing = "{ value = 0.0, modulation = { kind = \"sin\", amplitude = 0.1, frequency = 0.5, phase = 0.3 } }"
    let doc2 = try ModelDescription(source: Self.source(strength: crossing, w2: "1.0", equations: "[\"global\", \"redfield\", \"partialRedfield\"]"), file: "cross.toml")
      .evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 5, 10], tolerance: 1e-9))
    #expect(doc2.methods[0].error?.contains("normal modes 0 and 1 of H(t)") == true, "\(doc2.methods[0].error ?? "no error")")
    #expect(doc2.failures.count == 1)
    for m in doc2.methods.dropFirst() { #expect(m.error == nil, "\(m.equation): \(m.error ?? "")") }
    // The spacing at the crossing is resolved by the bisection: far below the 0.2 of the coarse grid's neighbours.
    #expect((doc2.methods[1].diagnostics?.adiabatic?.minimumSpacing ?? 1) < 1e-6)
  }
}
