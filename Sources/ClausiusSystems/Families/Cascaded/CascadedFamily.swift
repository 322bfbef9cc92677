import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusPapers
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

extension KindSolver {
  // MARK: Cascaded

  /// Largest Fock dimension (levels^N) for the cheap Fock route of `compare` (the Liouvillian has dimension², so
  /// 64 gives ≤ 4096 unknowns: the assembly and sparse LU take well under a second even in a debug build; a 3-mode
  /// cascade at 125 states took 18 s in a debug build).
  public static let cascadedFockMaximumDimension = 64
  /// Thermal estimate of the top-level population accepted for the Fock route.
  public static let cascadedFockTopPopulation = 1e-6

  /// Independent routes to the steady state of a cascaded model (paper 001): the cascaded master equation (Eq. 1,
  /// Lyapunov; the reference used by `solve`), the Langevin form (Eq. 2, drift and input noise, Lyapunov), the closed
  /// forms (C1)–(C2) (N = 2, κ_1 = κ_2 = γ_1 = γ_2, θ_1 = 0) and a Fock-space solve of the master equation when the
  /// occupations are small enough for a cheap truncation.
  public static func compareCascade(_ m: CascadedModelFile) -> RouteCompareDocument {
    let net = m.network, n = net.modeCount
    var names = m.modeNames.map { "n̄ \($0)" }
    names += m.modeNames.map { "Φ own \($0) (quanta in)" } + ["Φ channel (quanta in)"]
    // Occupation floor: 1e-12 (occupations are ≥ 0; a mode at N̄ = 0 everywhere has n̄ = 0 exactly). Flows: 1e-12 of
    // the gross exchange Σ_i (κ_i + γ_i)(n̄_i + ½).
    var routes = [RouteInfo(name: "master equation", description: "cascaded master equation (paper 001, Eq. 1), Gaussian Lyapunov steady state; flows Tr{N 𝓓_α ρ}"),
                  RouteInfo(name: "Langevin", description: "Langevin form (paper 001, Eq. 2): drift M and input noise B diag(N̄ + ½) B†, Lyapunov; flows κ_i(N̄_i − n̄_i), channel −Σ_i"),
                  RouteInfo(name: "closed form", description: "paper 001, Eqs. (C1)–(C2) (N = 2, κ_1 = κ_2 = γ_1 = γ_2, θ_1 = 0); flows κ_i(N̄_i − n̄_i), channel −Σ_i"),
                  RouteInfo(name: "Fock", description: "the same master equation on a truncated Fock space (sparse LU); flows κ_i(N̄_i − n̄_i), channel −Σ_i")]
    var values: [[Double?]?] = Array(repeating: nil, count: routes.count)
    var notes: [String] = []
    /// Own-bath flows κ_i(N̄_i − n̄_i) (D[c_i] at rates κ_i(N̄_i + 1), κ_i N̄_i) and the channel's −Σ_i (H and the
    /// cascade conserve N = Σ c_i†c_i).
    func withFlows(_ occ: [Double]) -> [Double?] {
      let own = (0..<n).map { net.ownRates[$0] * (net.ownOccupations[$0] - occ[$0]) }
      return occ + own + [-own.reduce(0, +)]
    }
    var scale = 1e-12
    var reference: [Double]?
    do {
      let cs = try CascadedSteadyState(net)
      reference = cs.occupations
      values[0] = cs.occupations + cs.quantaFlows
      scale = 1e-12 * cascadeScale(net, cs)
    } catch {
      routes[0].error = "\(error)"
    }
    do {
      let l = try net.langevinOccupations()
      values[1] = withFlows(l.occupations)
    } catch {
      routes[1].error = "\(error)"
    }
    let k = net.ownRates[0]
    if n == 2, (net.ownRates + net.cascadeRates).allSatisfy({ $0 == k }), net.phases[0] == 0 {
      let d = net.frequencies[1] - net.frequencies[0], theta = net.phases[1], f = net.reciprocityBreaking[0]
      let n1 = net.ownOccupations[0], n2 = net.ownOccupations[1], n3 = net.commonOccupation
      values[2] = withFlows([Paper001ClosedForms.n1(kappa: k, detuning: d, theta: theta, f: f, n1: n1, n2: n2, n3: n3),
                             Paper001ClosedForms.n2(kappa: k, detuning: d, theta: theta, f: f, n1: n1, n2: n2, n3: n3)])
    } else {
      routes[2].error = "not applicable: (C1)–(C2) need N = 2, κ_1 = κ_2 = γ_1 = γ_2 and θ_1 = 0 (this model: N = \(n), κ = \(net.ownRates.map(Text.num)), γ = \(net.cascadeRates.map(Text.num)), θ = \(net.phases.map(Text.num)))"
    }
    if let reference {
      // Thermal estimate of the top-level population of the most occupied mode: (n/(n+1))^(levels−1).
      let nMax = reference.max() ?? 0
      let ratio = nMax / (nMax + 1)
      // In Double until the size is known to be small: n̄ ≫ 1 makes ln(ratio) → 0 and the level count unbounded.
      let levelsD = !(ratio < 1) ? Double.infinity : ratio > 0 ? max(2, (log(cascadedFockTopPopulation) / log(ratio)).rounded(.up) + 1) : 2
      let dim = pow(levelsD, Double(n))
      let levels = dim <= Double(cascadedFockMaximumDimension) ? Int(levelsD) : 0
      if dim <= Double(cascadedFockMaximumDimension) {
        do {
          let f = try net.masterEquation().fockSteadyState(cutoff: levels)
          let v = f.covariance
          values[3] = withFlows((0..<n).map { (v[2 * $0, 2 * $0] + v[2 * $0 + 1, 2 * $0 + 1] - 1) / 2 })
          routes[3].description += " — \(levels) levels per mode, top-level population \(Text.num(f.truncationPopulation)), trace error \(Text.num(f.solution.traceError))"
        } catch {
          routes[3].error = "\(error)"
        }
      } else {
        routes[3].error = "skipped: n̄_max = \(Text.num(nMax)) needs \(Text.num(levelsD)) levels per mode for a top-level population ≤ \(Text.num(cascadedFockTopPopulation)), Fock dimension \(Text.num(levelsD))^\(n) > \(cascadedFockMaximumDimension)"
      }
    }
    let available = values.compactMap { $0 }.count
    if available <= 1 { notes.append("only one method applies to this model: its numbers are printed without an independent check") }
    notes.append("flows are quanta per unit time into the system; for the Langevin, closed-form and Fock routes they follow from n̄ (own baths κ_i(N̄_i − n̄_i), channel −Σ_i by number conservation)")
    let scales = Array(repeating: 1e-12, count: n) + Array(repeating: scale, count: n + 1)
    return routeDocument(file: m.file, title: m.title, units: m.units, kind: "cascaded", routes: routes, names: names, scales: scales,
                         values: values, validity: nil, notes: notes)
  }

  // MARK: Cascaded

  static func cascadeResult(_ m: CascadedModelFile) -> MethodResult {
    var r = MethodResult(equation: "cascaded")
    do {
      let net = m.network
      let cs = try CascadedSteadyState(net)
      let th = cs.state.thermodynamics
      let wq = net.quantumEnergy
      let occ = net.ownOccupations + [net.commonOccupation]
      r.occupations = cs.occupations
      // heat: counted with the full Hamiltonian ω_q N + H (rotating-frame H of Eq. 1; Σ_α heat_α = 0); localHeat: counted
      // with ω_q N, the Hamiltonian every dissipator is in detailed balance with: ω_q Φ_α (docs/conventions.md). The
      // rotating-frame energy flows Tr{H_sys 𝓓_α ρ} are `cascade.energyFlows`.
      r.baths = zip(m.bathNames.indices, m.bathNames).map { i, name in
        BathHeatResult(name: name, temperature: th.baths[i].temperature, heat: cs.heatFlows[i], localHeat: wq * cs.quantaFlows[i])
      }
      let sumPhi = cs.quantaFlows.reduce(0, +)
      let scale = cascadeScale(net, cs)
      r.firstLawEnergyRate = wq * sumPhi
      r.firstLawRelativeResidual = abs(sumPhi) / scale
      let sigma = quantaEntropyProduction(cs.quantaFlows, occ)
      r.entropyProduction = sigma
      r.globalHeatEntropyProduction = ClausiusThermodynamics.entropyProduction(r.baths!.map { (q: $0.heat, t: $0.temperature) })
      r.secondLawHolds = sigma >= -relativeTolerance * scale * occ.map { $0 > 0 ? log1p(1 / $0) : 0 }.max()!
      // Response R_ij = n̄_i(N̄ + e_j) − n̄_i(N̄): exact, since the Lyapunov diffusion is affine in the N̄ and the drift does not depend on them.
      // Each column is one more Lyapunov solve of size 2N: beyond `fullResponseModes` modes only the columns of the
      // first and last own bath are computed (forward/backward) and `response` is left empty, so that a long
      // cascade costs three solves instead of N + 1 (300 modes took minutes).
      let n = net.modeCount
      var response: [[Double]] = Array(repeating: Array(repeating: 0, count: n), count: n)
      for j in (n <= fullResponseModes ? Array(0..<n) : [0, n - 1]) {
        var o = net.ownOccupations; o[j] += 1
        let shifted = try CascadedNetwork(frequencies: net.frequencies, ownRates: net.ownRates, ownOccupations: o, cascadeRates: net.cascadeRates,
                                          phases: net.phases, reciprocityBreaking: net.reciprocityBreaking, commonOccupation: net.commonOccupation,
                                          quantumEnergy: net.quantumEnergy)
        let s2 = try CascadedSteadyState(shifted)
        for i in 0..<n { response[i][j] = s2.occupations[i] - cs.occupations[i] }
      }
      var c = CascadeResult(disconnected: cs.disconnected, excess: cs.excess, quantaFlows: cs.quantaFlows, energyFlows: cs.energyFlows,
                            quantumEnergy: wq, response: n <= fullResponseModes ? response : [])
      if n >= 2 {
        c.forward = response[n - 1][0]; c.backward = response[0][n - 1]
        // A backward response below 1e-12 of the forward one is round-off of the Lyapunov solve (relative residual
        // ≲ 1e-15 here): the cascade is perfectly non-reciprocal and the ratio is reported as ∞.
        let f = response[n - 1][0], b = response[0][n - 1]
        c.rectification = abs(b) > 1e-12 * abs(f) ? f / b : (f == 0 ? .nan : .infinity)
      }
      r.outcome = .cascaded(CascadedOutcome(diagnostics: SolverDiagnostics(cs.state.diagnostics), cascade: c))
    } catch {
      r.error = "\(error)"
    }
    return r.checkedFinite()
  }

  /// Σ_α |Φ_α| + Σ_i (κ_i + γ_i)(n̄_i + ½): the gross exchange of quanta (never zero), scale of the checks.
  static func cascadeScale(_ net: CascadedNetwork, _ cs: CascadedSteadyState) -> Double {
    var s = 0.0
    for f in cs.quantaFlows { s += abs(f) }
    for i in 0..<net.modeCount { s += (net.ownRates[i] + net.cascadeRates[i]) * (cs.occupations[i] + 0.5) }
    return s
  }

  /// Σ = −Σ_α Φ_α ln(1 + 1/N̄_α) = −Σ_α ω_q Φ_α/T_α (k_B = 1): the entropy production of the exchanged quanta.
  /// ≥ 0 by Spohn's inequality, since every dissipator has the number-thermal state of its own N̄ as fixed point.
  /// A bath with N̄ = 0 (T = 0) contributes +∞ if it absorbs quanta, −∞ if it emits.
  static func quantaEntropyProduction(_ phi: [Double], _ occ: [Double]) -> Double {
    var s = 0.0
    for (f, n) in zip(phi, occ) {
      if n > 0 { s -= f * log1p(1 / n) } else if f < 0 { return .infinity } else if f > 0 { return -.infinity }
    }
    return s
  }

  static func auditCascade(_ m: CascadedModelFile) -> AuditDocument {
    let net = m.network
    let occ = net.ownOccupations + [net.commonOccupation]
    let nEqual = occ.reduce(0, +) / Double(occ.count)
    let tEqual = nEqual > 0 ? net.quantumEnergy / log1p(1 / nEqual) : 0
    var am = AuditMethod(equation: "cascaded", checks: [])
    func severity(_ check: String) -> String { Derivation.cascaded.isLaw(check: check) ? "law" : "finding" }
    do {
      let cs = try CascadedSteadyState(net)
      let scale = cascadeScale(net, cs)
      let sum = cs.quantaFlows.reduce(0, +)
      am.checks.append(check("firstLaw", "|Σ_α Φ_α| / gross ≤ tol (quanta are conserved by H)", abs(sum) / scale, relativeTolerance, abs(sum) / scale <= relativeTolerance,
                             severity: severity("firstLaw"), "Σ_α Φ_α = \(Text.num(sum))"))
      let sigma = quantaEntropyProduction(cs.quantaFlows, occ)
      let tol = relativeTolerance * scale * occ.map { $0 > 0 ? log1p(1 / $0) : 0 }.max()!
      am.checks.append(check("clausius", "Σ = −Σ_α Φ_α ln(1 + 1/N̄_α) ≥ −tol", sigma, tol, sigma >= -tol,
                             severity: severity("clausius"), sigma >= -tol ? "entropy production ≥ 0" : "quanta flow against the occupation gradient"))
      let d = cs.state.diagnostics
      am.checks.append(check("positivity", "min eig(V + iΩ/2) ≥ 0", d.uncertaintyMargin, 1e-10 * max(1, abs(d.physicality)), d.isPhysical,
                             severity: severity("positivity"), d.isPhysical ? "uncertainty principle holds" : "the steady state violates the uncertainty principle"))
      let eqNet = try CascadedNetwork(frequencies: net.frequencies, ownRates: net.ownRates, ownOccupations: Array(repeating: nEqual, count: net.modeCount),
                                      cascadeRates: net.cascadeRates, phases: net.phases, reciprocityBreaking: net.reciprocityBreaking,
                                      commonOccupation: nEqual, quantumEnergy: net.quantumEnergy)
      let c0 = try CascadedSteadyState(eqNet)
      let worst = c0.quantaFlows.map(abs).max() ?? 0
      let rel = worst / cascadeScale(eqNet, c0)
      am.checks.append(check("zeroCurrentAtEqualTemperatures", "max_α |Φ_α| / gross ≤ tol at N̄_α = \(Text.num(nEqual))", rel, relativeTolerance, rel <= relativeTolerance,
                             severity: severity("zeroCurrentAtEqualTemperatures"), rel <= relativeTolerance ? "no flow without an occupation difference" : "quanta flow between baths at equal occupation"))
    } catch {
      am.error = "\(error)"
    }
    let passed = am.error == nil && am.checks.allSatisfy { $0.passed || $0.severity != "law" }
    return AuditDocument(file: m.file, title: m.title, equalTemperature: tEqual, methods: [am], passed: passed)
  }
}

/// `kind = "cascaded"`: a unidirectional chain of oscillators (paper 001, Eq. 1) on the Gaussian engine, with flows of
/// quanta, the response matrix and independent routes for `compare`.
extension CascadedModelFile: ModelFamily {
  public static var kind: String { "cascaded" }
  public static var equationNamesAllowed: String { "cascaded" }
  public var frequencies: [Double] { network.frequencies }
  public func methods() -> [MethodResult] { [KindSolver.cascadeResult(self)] }
  public func audit() -> AuditDocument { KindSolver.auditCascade(self).checkedFinite() }
  public func compare() throws -> any ComparisonReport { KindSolver.compareCascade(self) }

  public func solveTable(_ d: SolveDocument, verbose: Bool) -> String {
    KindSolver.solveTable(d, kind: Self.kind) { bathNames in
      var rows: [MethodRow] = bathNames.enumerated().map { b, name in ("Φ \(name) (quanta in)", { Text.num($0.cascade?.quantaFlows[b]) }) }
      rows += d.modes.enumerated().map { i, name in ("m̄ \(name) (disconnected)", { Text.num($0.cascade?.disconnected[i]) }) }
      rows += [("ΣΦ (first law)", { $0.cascade.map { Text.num($0.quantaFlows.reduce(0, +)) } }),
               ("Σ = −ΣΦ ln(1+1/N̄)", { Text.num($0.entropyProduction) }),
               ("second law", { $0.secondLawHolds.map { $0 ? "holds" : "VIOLATED" } }),
               ("∂n̄_last/∂N̄_first (forward)", { Text.num($0.cascade?.forward) }),
               ("∂n̄_first/∂N̄_last (backward)", { Text.num($0.cascade?.backward) }),
               ("rectification fwd/bwd", { Text.num($0.cascade?.rectification) }),
               ("Lyapunov residual", { Text.num($0.diagnostics?.lyapunovResidual) }),
               ("uncertainty margin", { Text.num($0.diagnostics?.uncertaintyMargin) })]
      return rows
    }
  }

  /// The cascaded equation is GKLS with number-thermal fixed points: Spohn's inequality binds it.
  public static func failedChecks(_ m: MethodResult) -> [String] {
    Derivation.cascaded.laws.contains(.clausius) && m.secondLawHolds == false ? ["second law violated: Σ = \(Text.num(m.entropyProduction)) < 0 (the cascaded equation obeys Spohn's inequality)"] : []
  }

  public static func sweepQuantities(baths: [String], units: UnitsInfo, methods: [MethodResult]) -> [SweepQuantity] {
    SweepQuantity.cascadeQuantities(baths: baths, units: units)
  }
}

extension CascadedModelFile: ParameterSymbolProviding {
  /// Paper 001's symbols: ω_i, κ_i, N̄_i, γ_i, θ_i, F_i, N̄_channel, ω_q.
  static func parameterSymbol(_ c: ParameterSymbolContext) -> ParameterSymbol? {
    let p = c.path
    if p.count >= 3, c.first == "modes", p[2] == "hopping_to_next" { return c.s("F_{\(c.name("modes", p[1]))}", c.frequency) }
    switch (p.count, c.first, c.last) {
    case (3, "modes", "frequency"): return c.s("ω_{\(c.name("modes", p[1]))}", c.frequency)
    case (3, "modes", "rate"): return c.s("κ_{\(c.name("modes", p[1]))}", c.frequency)
    case (3, "modes", "occupation"): return c.s("N̄_{\(c.name("modes", p[1]))}", "")
    case (3, "modes", "cascade_rate"): return c.s("γ_{\(c.name("modes", p[1]))}", c.frequency)
    case (3, "modes", "phase"): return c.s("θ_{\(c.name("modes", p[1]))}", "rad")
    case (2, "channel", "occupation"): return c.s("N̄_{channel}", "")
    case (2, "channel", "quantum_energy"): return c.s("ω_q", c.frequency)
    default: return nil
    }
  }
}
