import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

public enum ModelSolver {
  /// Derives `choice` for `network`, solves A V + V Aᵀ + D = 0, and evaluates the thermodynamics.
  /// `normalModes`: the network's `SplitNormalModes` when already computed (global equations reuse them).
  /// `sweep`: what a sweep point reuses (NetworkSweep.swift); nil outside sweeps.
  static func solve(_ network: BosonicNetwork, _ choice: Derivation, extras: NetworkOutputExtras = .init(), modeNames: [String] = [],
                    normalModes: SplitNormalModes? = nil, sweep: NetworkSweepReuse? = nil) -> MethodResult {
    var fastClock = StageClock("solve \(choice.name)")
    if let fast = secularGlobal(network, choice, extras: extras, modeNames: modeNames, normalModes: normalModes) {
      fastClock.mark("normal-mode frame (SecularGlobalSteadyState, thermodynamics, extras)")
      sweep?.secularSolved()
      return fast.checkedFinite()
    }
    var r = MethodResult(equation: choice.name)
    var clock = StageClock("solve \(choice.name)")
    do {
      let equation = try network.masterEquation(choice)
      clock.mark("master equation")
      let ss = try equation.gaussianSteadyState(reusing: sweep?.factorisation(choice, equation))
      clock.mark("steady state")
      sweep?.lyapunovSolved(ss)
      r.setGaussian(ss.thermodynamics, occupations: (0..<network.modeCount).map { ss.occupation($0) })
      clock.mark("thermodynamics + occupations")
      let d = ss.diagnostics
      var o = NetworkOutcome(diagnostics: SolverDiagnostics(d))
      // Williamson costs O(N³): always for small networks, for large ones only when the moments are asked for.
      if network.modeCount <= NetworkExtras.alwaysReportedModes || extras.covariance { o.normalModes = NetworkExtras.normalModes(network) }
      let names = modeNames.count == network.modeCount ? modeNames : (0..<network.modeCount).map { "\($0)" }
      if extras.covariance { o.moments = NetworkExtras.moments(ss, modes: network.modeCount) }
      // Information measures need a physical state (ν_k ≥ ½); Redfield can violate it (paper 004, Sec. II D).
      if d.isPhysical, extras.covariance || !extras.bipartitions.isEmpty {
        o.information = try? NetworkExtras.information(ss.covariance, bipartitions: extras.bipartitions, names: names)
      }
      if extras.counting { o.counting = NetworkExtras.counting(equation, choice, network) }
      r.outcome = .network(o)
      clock.mark("extras")
    } catch {
      r.error = "\(error)"
    }
    return r.checkedFinite()
  }
}

extension ModelSolver {
  /// `solve` of one named equation of a network file, as the command runs it (for tests).
  public static func solveForTesting(_ m: ModelFile, _ name: String) -> MethodResult {
    guard let choice = m.equations.first(where: { $0.name == name }) else { return MethodResult(equation: name, error: "not in the file") }
    return solve(m.network, choice, extras: m.extras, modeNames: m.modeNames)
  }
}

/// `kind = "network"` (the default): a quadratic bosonic network on the Gaussian engine (Lyapunov steady states,
/// docs/model-format.md). Compared against the exact quantum-Langevin steady state (docs/exact-langevin.md).
extension ModelFile: ModelFamily {
  public static var kind: String { "network" }
  public static var equationNamesAllowed: String { DerivationMenu.network.allowedNames }
  public var frequencies: [Double] { network.frequencies }
  public var bathNames: [String] { network.baths.map(\.name) }
  public func methods() -> [MethodResult] {
    var clock = StageClock("network")
    let modes = NetworkExtras.splitNormalModes(network)   // one eigendecomposition, shared by the global equations (issue 15)
    clock.mark("normal modes")
    return equations.map { ModelSolver.solve(network, $0, extras: extras, modeNames: modeNames, normalModes: modes) }
  }
  public func solve() -> SolveDocument { Self.solve(self) }
  public func audit() -> AuditDocument { Self.audit(self).checkedFinite() }
  public var steadyStateNotes: [String] {
    Self.staticValueNotes(modulatedFrequencies.keys.sorted().map { "frequency of mode \(modeNames[$0])" } + modulatedCouplings.keys.sorted().map { "strength of coupling \($0)" } + modulatedDrives.keys.sorted().map { "amplitude of drive \($0)" }
                         + modulatedTemperatures.keys.sorted().map { "temperature of bath \($0)" })
  }
  public func solveTable(_ d: SolveDocument, verbose: Bool) -> String { Self.table(d, verbose: verbose) }

  /// The Clausius inequality and positivity bind the equations whose derivation guarantees them (`Derivation.laws`:
  /// global, local, collisional).
  public static func failedChecks(_ m: MethodResult) -> [String] {
    var out: [String] = []
    let laws = (try? DerivationMenu.network.derivation(named: m.equation))??.laws ?? [.firstLaw]
    if m.secondLawHolds == false, laws.contains(.clausius) { out.append("second law violated: Σ = \(Text.num(m.entropyProduction)) < 0") }
    if let d = m.diagnostics, laws.contains(.positivity), d.uncertaintyMargin < -GaussianDiagnostics.uncertaintyTolerance {
      out.append("the steady state violates the uncertainty principle (margin \(Text.num(d.uncertaintyMargin)))")
    }
    return out
  }

  /// The exact reference must exist (else the model is at fault: exit status 2) and be finite (else exit status 1,
  /// `CompareDocument.failures`).
  public func compare() throws -> any ComparisonReport {
    do { return try Self.compare(self).checkedFinite() } catch {
      throw ModelFileError(kind: .invalidModel, file: file, line: nil, key: nil,
                           message: "compare: the exact quantum-Langevin steady state of this network does not exist or cannot be computed: \(error)")
    }
  }

  /// Relative tolerance of the first law and of the zero-current check: the Lyapunov residuals are
  /// ≤ 1e-11 on the examples, and the heats are sums of terms of the size of the gross currents, so
  /// round-off stays orders below 1e-8 even for drifts with condition numbers near 1e6.
  static let relativeTolerance = KindSolver.relativeTolerance

  public static func audit(_ m: ModelFile) -> AuditDocument {
    let temps = m.network.baths.map(\.temperature)
    let tEqual = temps.isEmpty ? 0 : temps.reduce(0, +) / Double(temps.count)
    var methods: [AuditMethod] = []
    for choice in m.equations {
      var am = AuditMethod(equation: choice.name, checks: [])
      func add(_ name: String, _ law: String, _ value: Double, _ tol: Double, _ passed: Bool, _ note: String) {
        am.checks.append(AuditCheck(name: name, law: law, value: value, tolerance: tol, passed: passed,
                                    severity: choice.isLaw(check: name) ? "law" : "finding", note: note))
      }
      do {
        let ss = try m.network.masterEquation(choice).gaussianSteadyState()
        let th = ss.thermodynamics
        add("firstLaw", "|Σ_α Q̇_α| / gross ≤ tol", th.firstLaw.relativeResidual, relativeTolerance,
            th.firstLaw.relativeResidual <= relativeTolerance, "d⟨H_S⟩/dt = \(Text.num(th.firstLaw.energyRate))")
        add("clausius", "Σ = −Σ_α Q̇_α,local/T_α ≥ −tol", th.secondLaw.entropyProduction, th.secondLaw.tolerance,
            th.secondLaw.holds, "entropy production with local heats (includes the work cost)")
        if choice.name != "global" {
          let s = th.secondLaw.globalHeatEntropyProduction
          add("clausiusGlobalHeat", "−Σ_α Q̇_α/T_α ≥ −tol (global-H heats)", s, th.secondLaw.tolerance, s >= -th.secondLaw.tolerance,
              s >= -th.secondLaw.tolerance ? "holds" : "heat flows against the temperature gradient when counted with the global H_S (Levy–Kosloff)")
        }
        let d = ss.diagnostics
        add("positivity", "min eig(V + iΩ/2) ≥ 0", d.uncertaintyMargin, 1e-10 * max(1, abs(d.physicality)), d.isPhysical,
            d.isPhysical ? "uncertainty principle holds" : "the steady state violates the uncertainty principle")
        if temps.count >= 2 {
          let eqNet = try m.network.withTemperatures(Array(repeating: tEqual, count: temps.count))
          let th0 = try eqNet.masterEquation(choice).gaussianSteadyState().thermodynamics
          let worst = th0.baths.map { max(abs($0.heat), abs($0.countedHeat)) }.max() ?? 0
          let rel = th0.firstLaw.scale > 0 ? worst / th0.firstLaw.scale : worst
          add("zeroCurrentAtEqualTemperatures", "max_α |Q̇_α| / gross ≤ tol at T_α = \(Text.num(tEqual))", rel, relativeTolerance, rel <= relativeTolerance,
              rel <= relativeTolerance ? "no current without a temperature difference"
                : "current \(Text.num(worst)) flows between baths at equal temperature")
        }
      } catch {
        am.error = "\(error)"
      }
      methods.append(am)
    }
    let passed = methods.allSatisfy { $0.checks.allSatisfy { $0.passed || $0.severity != "law" } }
    return AuditDocument(file: m.file, title: m.title, equalTemperature: tEqual, methods: methods, passed: passed)
  }

  /// Errors ≤ this count as "accurate" (Born–Markov equations are O(λ²) accurate; 1e-2 is the state
  /// tolerance used for the paper 004 cross-checks).
  static let accuracyThreshold = 1e-2

  public static func compare(_ m: ModelFile) throws -> CompareDocument {
    let c = try MasterEquationComparison(network: m.network, derivations: m.equations)
    let rows: [CompareRow] = zip(m.equations, c.rows).map { choice, r in
      let verdict: String
      if r.failure != nil { verdict = "failed" } else if !r.isPhysical { verdict = "unphysical" } else if r.score <= accuracyThreshold { verdict = "accurate" } else { verdict = "inaccurate" }
      return CompareRow(equation: choice.name, error: r.failure, heatCurrents: r.heatCurrents, fidelity: r.fidelity, infidelity: r.infidelity, currentErrors: r.currentErrors,
                        reversedCurrents: r.reversedCurrents, covarianceError: r.covarianceError, correlationError: r.correlationError,
                        entropyProduction: r.entropyProduction, globalHeatEntropyProduction: r.globalHeatEntropyProduction,
                        secondLawHolds: r.secondLawHolds, uncertaintyMargin: r.uncertaintyMargin, physical: r.isPhysical,
                        lyapunovResidual: r.residual, verdict: verdict)
    }
    let best = c.mostAccurate.flatMap { b in zip(m.equations, c.rows).first { $0.1.derivation == b.derivation }?.0.name }
    let advice = AdvisorInfo(network: m.network, equations: m.equations)
    return CompareDocument(file: m.file, title: m.title, units: UnitsInfo(m.units), exactHeatCurrents: c.exactHeatCurrents,
                           exactEntropyProduction: c.exactEntropyProduction, baths: m.network.baths.map(\.name), methods: rows,
                           mostAccurate: best, recommended: advice.recommended, reasons: advice.reasons, exact: exactInfo(c.exact), advisor: advice)
  }

  static func exactInfo(_ e: ExactReference) -> ExactInfo {
    switch e {
    case .positionCoupled:
      return ExactInfo(solver: "position-coupled", description: e.solver, heatCurrentErrors: e.heatCurrentErrors, maxCovarianceError: e.maxCovarianceError,
                       converged: e.converged, notes: ["covariance error estimate in paper 004's scaled variables (X = x/√ω, P = √ω p)"])
    case let .network(n, _, _):
      var notes = ["Ohmic–Drude baths: full coupling −S ⊗ B with the counterterm (paper 004 Sec. III)"]
      if n.baths.contains(where: { if case .ladder = $0.coupling { return true } else { return false } }) {
        notes.append("flat baths: rotating-wave white-noise baths L ⊗ B† + h.c. with the master equations' rates; thermal occupation n̄(ν) for ν ≥ ν_IR = \(Text.num(n.infraredEdge)) (a flat band is infrared-divergent below; docs/exact-langevin.md Sec. 2)")
      }
      return ExactInfo(solver: "network", description: e.solver, heatCurrentErrors: e.heatCurrentErrors, maxCovarianceError: e.maxCovarianceError,
                       converged: e.converged, notes: notes)
    }
  }

}

extension CompareDocument: ComparisonReport {
  public var failures: [String] {
    // The exact reference itself must be finite: otherwise nothing in the document can be trusted.
    guard let bad = exactHeatCurrents.first(where: { !$0.isFinite }) ?? (exactEntropyProduction.isNaN ? exactEntropyProduction : nil) else { return [] }
    return ["\(file): compare: the exact reference produced a non-finite number (\(bad)): the model's numbers are outside the range the exact solver represents accurately"]
  }
  public func table(verbose: Bool) -> String { Self.table(self, verbose: verbose) }
  public func csv() -> String { Self.csv(self) }

  static func table(_ d: CompareDocument, verbose: Bool) -> String {
    var out = ["\(d.title)  [\(d.file)]", "units: \(d.units.note)",
               "exact: " + zip(d.baths, d.exactHeatCurrents).map { "Q̇ \($0) = \(Text.num($1))" }.joined(separator: ", ")
                 + ", Σ = \(Text.num(d.exactEntropyProduction))"]
    if let e = d.exact {
      out.append("  \(e.description); error estimates: currents ≤ \(Text.num(e.heatCurrentErrors.max())), covariance ≤ \(Text.num(e.maxCovarianceError))\(e.converged ? "" : " (quadrature NOT converged)")")
      if verbose { for n in e.notes { out.append("  \(n)") } }
    }
    out.append("")
    var rows: [[String]] = []
    for r in d.methods {
      if let e = r.error { rows.append([r.equation, "failed", "", "", "", "", "", "", e]); continue }
      rows.append([r.equation, r.verdict, Text.num(r.infidelity), Text.num(r.currentErrors.max()), Text.num(r.covarianceError),
                   Text.num(r.correlationError), r.secondLawHolds ? "yes" : "NO", r.physical ? "yes" : "NO",
                   r.reversedCurrents.isEmpty ? "-" : r.reversedCurrents.map { d.baths[$0] }.joined(separator: ",")])
    }
    out.append(Text.grid(["method", "verdict", "1 − F", "current err", "cov err", "corr err", "Σ ≥ 0", "V+iΩ/2 ≥ 0", "reversed"], rows, left: [0, 1, 8]))
    out.append("")
    if let b = d.mostAccurate { out.append("most accurate: \(b)") }
    if let r = d.recommended { out.append("validity advisor recommends: \(r)") }
    for reason in d.reasons { out.append("  - \(reason)") }
    for w in d.advisor?.warnings ?? [] { out.append("warning: \(w)") }
    return out.joined(separator: "\n")
  }

  static func csv(_ d: CompareDocument) -> String {
    var header = ["equation", "verdict", "error", "infidelity", "maxCurrentError", "covarianceError", "correlationError", "entropyProduction", "secondLawHolds", "physical", "uncertaintyMargin"]
    header += d.baths.map { "Q_\($0)" }
    var lines = [header.map(Text.csvField).joined(separator: ",")]
    lines.append((["exact", "", ""] + Array(repeating: "", count: 4) + [Text.csvNumber(d.exactEntropyProduction), "", "", ""] + d.exactHeatCurrents.map(Text.csvNumber)).joined(separator: ","))
    for r in d.methods {
      var cells = [r.equation, r.verdict, Text.csvField(r.error ?? ""), Text.csvNumber(r.infidelity), Text.csvNumber(r.currentErrors.max()),
                   Text.csvNumber(r.covarianceError), Text.csvNumber(r.correlationError), Text.csvNumber(r.entropyProduction),
                   "\(r.secondLawHolds)", "\(r.physical)", Text.csvNumber(r.uncertaintyMargin)]
      cells += d.baths.indices.map { $0 < r.heatCurrents.count ? Text.csvNumber(r.heatCurrents[$0]) : "" }
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}

extension ModelFile {
  public static func solve(_ m: ModelFile) -> SolveDocument {
    let modes = NetworkExtras.splitNormalModes(m.network)   // one eigendecomposition, shared (issue 15)
    return SolveDocument(file: m.file, title: m.title, units: UnitsInfo(m.units), modes: m.modeNames, frequencies: m.network.frequencies,
                         methods: m.equations.map { ModelSolver.solve(m.network, $0, extras: m.extras, modeNames: m.modeNames, normalModes: modes) },
                         advisor: AdvisorInfo(network: m.network, equations: m.equations, normalModes: modes))
  }

  static func table(_ d: SolveDocument, verbose: Bool) -> String {
    let out = ["\(d.title)  [\(d.file)]", "units: \(d.units.note)",
               "modes: " + zip(d.modes, d.frequencies).map { d.units.frequency == "natural" ? "\($0) (ω = \(Text.num($1)))" : "\($0) (ω = 2π × \(Text.num($1)) \(d.units.frequency))" }.joined(separator: ", ")]
    let ms = d.methods
    var rows: [[String]] = []
    func row(_ label: String, _ f: (MethodResult) -> String?) { rows.append([label] + ms.map { $0.error == nil ? (f($0) ?? "—") : "—" }) }
    for (i, name) in d.modes.enumerated() { row("⟨a†a⟩ \(name)") { Text.num($0.occupations?[i]) } }
    let bathNames = ms.compactMap(\.baths).first?.map(\.name) ?? []
    for r in MethodResult.heatAndLawRows(bathNames: bathNames, wholeH: "global H") { row(r.label, r.value) }
    row("  Otto value") { Text.num($0.otto) }
    row("  Carnot value") { Text.num($0.carnot) }
    row("Lyapunov residual") { Text.num($0.diagnostics?.lyapunovResidual) }
    row("uncertainty margin") { Text.num($0.diagnostics?.uncertaintyMargin) }
    if verbose {
      row("ν_min (≥ ½)") { Text.num($0.diagnostics?.smallestSymplecticEigenvalue) }
      row("first-law rel. residual") { Text.num($0.firstLawRelativeResidual) }
      row("Lyapunov blocks") { $0.diagnostics.map { "\($0.blocks)" } }
    }
    let advice = (d.advisor?.warnings ?? []).map { "warning: \($0)" }
    return (out + MethodResult.table(ms, rows) + advice).joined(separator: "\n")
  }
}

extension ModelFile: ParameterSymbolProviding {
  /// Symbols of docs/model-format.md: ω_i, T_α, κ_α, λ_α, Λ_α, F_i, φ and ε/η/k/g of a coupling by its kind.
  static func parameterSymbol(_ c: ParameterSymbolContext) -> ParameterSymbol? {
    let p = c.path
    /// The two mode names of a coupling `couplings.i`, and its kind.
    func couplingModes(_ index: String) -> (kind: String, pair: String) {
      guard case let .array(a)? = c.document["couplings"], let i = Int(index), a.indices.contains(i), case let .table(t) = a[i] else {
        return ("", index)
      }
      var kind = ""
      if case let .string(k)? = t["kind"] { kind = k }
      guard case let .array(ms)? = t["modes"] else { return (kind, index) }
      let names = ms.map { v -> String in
        switch v {
        case let .string(s): return s
        case let .integer(k): return c.name("modes", "\(k)")
        default: return "?"
        }
      }
      return (kind, names.joined(separator: ","))
    }
    switch (p.count, c.first, c.last) {
    case (3, "modes", "frequency"): return c.s("ω_{\(c.name("modes", p[1]))}", c.frequency)
    case (3, "baths", "temperature"): return c.s("T_{\(c.name("baths", p[1]))}", c.temperature)
    case (3, "baths", "rate"): return c.s("κ_{\(c.name("baths", p[1]))}", c.frequency)
    case (3, "baths", "lambda"): return c.s("λ_{\(c.name("baths", p[1]))}", "")
    case (3, "baths", "cutoff"): return c.s("Λ_{\(c.name("baths", p[1]))}", c.frequency)
    case (3, "drives", "amplitude"), (4, "drives", _): return c.s("F_{\(c.name("drives", p[1], field: "mode"))}", c.frequency)
    case (3, "couplings", "phase"): return c.s("φ_{\(couplingModes(p[1]).pair)}", "rad")
    case (3, "couplings", "strength"):
      let m = couplingModes(p[1])
      switch m.kind {
      case "squeezing": return c.s("η_{\(m.pair)}", c.frequency)
      case "spring": return c.s("k_{\(m.pair)}", c.squared)
      case "xx": return c.s("g_{\(m.pair)}", c.squared)
      default: return c.s("ε_{\(m.pair)}", c.frequency)
      }
    default: return nil
    }
  }
}
