import ClausiusComparison
import ClausiusDynamics
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

extension KindSolver {
  // MARK: Optomechanical

  /// One solved optomechanical equation (the library's solve path, shared with paper 000's reproduction).
  public typealias FockOutcome = OptomechanicalSteadyState

  /// Solves `choice` for the file's system (or `system`, e.g. at equal temperatures). A truncation that is too
  /// small throws `FockError.truncationTooSmall` / `.truncationNotConverged` (with the numbers). `symbolic`: a
  /// symbolic analysis to reuse with explicit truncations (sweeps).
  public static func solveFock(_ m: OptomechanicalModelFile, _ choice: Derivation, system: OptomechanicalSystem? = nil,
                               symbolic: FockSymbolicSlot? = nil) throws -> FockOutcome {
    let sys = system ?? m.system
    switch m.truncation {
    case let .explicit(_, _, tol):
      return try OptomechanicalSteadyState(sys, choice, truncationTolerance: tol, symbolic: symbolic)
    case let .automatic(start, maximum, tol):
      return try OptomechanicalSteadyState.automatic(sys, choice, initialLevels: start, maximumLevels: maximum, tolerance: tol)
    }
  }

  /// One equation's result; a truncation too small for the state is also returned as the file error naming the key.
  static func methodResult(_ m: OptomechanicalModelFile, _ choice: Derivation,
                           symbolic: FockSymbolicSlot? = nil) -> (result: MethodResult, truncation: ModelFileError?) {
    var r = MethodResult(equation: choice.name)
    var truncation: ModelFileError?
    do {
      let o = try solveFock(m, choice, symbolic: symbolic)
      let sys = m.system
      let jc = o.heat.currents["optical"] ?? 0, jm = o.heat.currents["mechanical"] ?? 0
      let moments = OptomechanicalMoments(state: o.state, polaronAlpha: choice.isPolaronFrame ? sys.alpha : nil)
      r.occupations = [moments.cavityOccupation, moments.mechanicalOccupation]
      // heat: counted with the equation's H (Eq. 1 / H̃), whose time independence makes Ẇ = 0; localHeat: counted with
      // the Hamiltonian each bath's dissipators are in detailed balance with (the SME's ω_x n_x, the DSME's ω_c n_c).
      let counted = o.countedHeat.currents
      r.baths = [BathHeatResult(name: "optical", temperature: sys.temperatureC, heat: jc, localHeat: counted["optical"] ?? 0),
                 BathHeatResult(name: "mechanical", temperature: sys.temperatureM, heat: jm, localHeat: counted["mechanical"] ?? 0)]
      r.workRate = 0
      r.firstLawEnergyRate = jc + jm
      r.firstLawRelativeResidual = abs(jc + jm) / max(o.gross, 1e-300)
      r.entropyProduction = o.countedHeat.entropyProduction
      r.globalHeatEntropyProduction = o.heat.entropyProduction
      r.secondLawHolds = o.countedHeat.entropyProduction >= -Self.entropyTolerance(o, sys)
      let d = o.state.diagnostics
      var auto = false
      if case .automatic = m.truncation { auto = true }
      var fock = FockDiagnosticsResult(relativeResidual: d.relativeResidual, traceError: d.traceError, minimumEigenvalue: d.minimumEigenvalue,
                                     hermiticityError: d.hermiticityError, topLevelPopulations: d.topLevelPopulations, levels: o.levels, automatic: auto,
                                     truncationTolerance: m.truncation.tolerance, unknowns: d.unknowns, symmetry: d.symmetry,
                                     frame: choice.isPolaronFrame ? "polaron" : "lab", grossHeatScale: o.gross, solveSeconds: d.assemblySeconds + d.solveSeconds)
      fock.setSolver(d)
      var outcome = OptomechanicalOutcome(fock: fock, optomechanicalMoments: moments)
      if m.writesDensityMatrix { outcome.densityMatrix = DensityMatrixResult(o.state.density, subsystems: o.levels) }
      if m.writesRelaxation { outcome.relaxation = RelaxationResult(FockEvolution(equation: o.equation, temperatures: sys.bathTemperatures)) }
      r.outcome = .optomechanical(outcome)
    } catch let e as FockError {
      switch e {
      case .truncationTooSmall, .truncationNotConverged:
        let t = m.truncationError(e, equation: choice.name)
        r.error = t.description; truncation = t
      default: r.error = "\(e)"
      }
    } catch {
      r.error = "\(error)"
    }
    return (r.checkedFinite(), truncation)
  }


  /// The tolerance of ξ ≥ 0: the first law's relative tolerance × the gross heat / min T_x.
  static func entropyTolerance(_ o: OptomechanicalSteadyState, _ sys: OptomechanicalSystem) -> Double {
    relativeTolerance * o.gross / min(sys.temperatureC, sys.temperatureM)
  }

  /// The audit and the first truncation error (the model's fault: `audit` exits with status 2).
  static func auditFock(_ m: OptomechanicalModelFile) -> (AuditDocument, ModelFileError?) {
    var truncation: ModelFileError?
    let sys = m.system
    let tEqual = (sys.temperatureC + sys.temperatureM) / 2
    var methods: [AuditMethod] = []
    for choice in m.equations {
      var am = AuditMethod(equation: choice.name, checks: [])
      // A failed check is a law's violation (the solve is wrong) only for the laws the derivation declares
      // (`Derivation.laws`); the SME's and DSME's current at equal temperatures and ξ < 0 are paper 000's findings.
      func severity(_ check: String) -> String { choice.isLaw(check: check) ? "law" : "finding" }
      do {
        let o = try solveFock(m, choice)
        let jc = o.heat.currents["optical"] ?? 0, jm = o.heat.currents["mechanical"] ?? 0
        let rel = abs(jc + jm) / o.gross
        am.checks.append(check("firstLaw", "|J_c + J_m| / gross ≤ tol", rel, relativeTolerance, rel <= relativeTolerance, severity: severity("firstLaw"), "J_c + J_m = \(Text.num(jc + jm)) (paper 000, Eq. 26 heats)"))
        let tol = Self.entropyTolerance(o, sys)
        // Spohn's inequality for the heats counted with the Hamiltonians the dissipators are in detailed balance with
        // (the SME's ω_x n_x: paper 003's accounting, leaving the coupling's work W = −Σ J_x^counted; the DSME's ω_c n_c
        // for the optical bath; H̃ for the GMEs).
        let counted = o.countedHeat
        let xiCounted = counted.entropyProduction
        am.checks.append(check("clausius", "ξ_counted = −J_c^counted/T_c − J_m^counted/T_m ≥ −tol (Spohn)", xiCounted, tol, xiCounted >= -tol,
                               severity: severity("clausius"),
                               "J_c^counted = \(Text.num(counted.currents["optical"] ?? 0)), J_m^counted = \(Text.num(counted.currents["mechanical"] ?? 0)), work W = \(Text.num(-counted.firstLawResidual))"))
        let xi = o.heat.entropyProduction
        am.checks.append(check("clausiusGlobalHeat", "ξ = −J_c/T_c − J_m/T_m ≥ −tol (paper 000, Eq. 25)", xi, tol, xi >= -tol, severity: severity("clausiusGlobalHeat"),
                               xi >= -tol ? "entropy production ≥ 0" : "negative entropy production: heat flows from the cold to the hot bath"))
        let dg = o.state.diagnostics
        am.checks.append(check("positivity", "min eig ρ ≥ −tol", dg.minimumEigenvalue, eigenvalueTolerance, dg.minimumEigenvalue >= -eigenvalueTolerance,
                               severity: severity("positivity"), dg.minimumEigenvalue >= -eigenvalueTolerance ? "ρ ≥ 0" : "the steady state has a negative eigenvalue"))
        let top = dg.topLevelPopulations.max() ?? 0
        am.checks.append(check("truncation", "max top-level population ≤ truncation.tolerance", top, m.truncation.tolerance, top <= m.truncation.tolerance,
                               "levels \(o.levels[0]) (cavity), \(o.levels[1]) (mechanics)"))
        let eqSys = try OptomechanicalSystem(omegaC: sys.omegaC, omegaM: sys.omegaM, g: sys.g, kappaC: sys.kappaC, kappaM: sys.kappaM,
                                             temperatureC: tEqual, temperatureM: tEqual, cavityLevels: o.levels[0], mechanicalLevels: o.levels[1])
        let o0 = try solveFock(m, choice, system: eqSys)
        let worst = o0.heat.currents.values.map(abs).max() ?? 0
        let rel0 = worst / o0.gross
        am.checks.append(check("zeroCurrentAtEqualTemperatures", "max_x |J_x| / gross ≤ tol at T_c = T_m = \(Text.num(tEqual))", rel0, relativeTolerance, rel0 <= relativeTolerance,
                               severity: severity("zeroCurrentAtEqualTemperatures"), rel0 <= relativeTolerance ? "no current without a temperature difference"
                                 : "current \(Text.num(worst)) flows between baths at equal temperature (second-law violation, paper 000 Sec. IV)"))
      } catch let e as FockError {
        switch e {
        case .truncationTooSmall, .truncationNotConverged:
          let t = m.truncationError(e, equation: choice.name)
          am.error = t.description; truncation = truncation ?? t
        default: am.error = "\(e)"
        }
      } catch {
        am.error = "\(error)"
      }
      methods.append(am)
    }
    let passed = methods.allSatisfy { $0.error == nil && $0.checks.allSatisfy { $0.passed || $0.severity != "law" } }
    return (AuditDocument(file: m.file, title: m.title, equalTemperature: tEqual, methods: methods, passed: passed), truncation)
  }
}

// MARK: - compare for optomechanical models

/// One equation of an optomechanical model, side by side with the all-sideband global equation (GME∞).
public struct FockCompareRow: Codable, Sendable, Equatable {
  public var equation: String
  public var error: String?
  public var opticalCurrent: Double?
  public var mechanicalCurrent: Double?
  public var entropyProduction: Double?
  /// |J_c − J_c^global| / max(|J_c^global|, 1e-8 × gross heat of the global equation) (the floor applies when the
  /// reference current vanishes, e.g. at T_c = T_m).
  public var relativeCurrentError: Double?
  /// J_c has the sign opposite to the global equation's (both above the floor).
  public var reversedCurrent: Bool?
  public var secondLawHolds: Bool?
  public var levels: [Int]?
}

/// The JSON document of `clausius compare` for `kind = "optomechanical"`.
public struct FockCompareDocument: Codable, Sendable {
  public var file: String
  public var title: String
  public var units: UnitsInfo
  /// The reference: "global" (exact Franck–Condon factors, every sideband the truncation supports).
  public var reference: String
  public var methods: [FockCompareRow]
}

extension KindSolver {
  public static func compareFock(_ m: OptomechanicalModelFile) -> FockCompareDocument {
    let global = Derivation.globalExact
    var choices = m.equations
    if !choices.contains(global) { choices.append(global) }
    let results = choices.map { methodResult(m, $0).result }
    let ref = results.last { $0.equation == "global" }
    let jRef = ref?.baths?[0].heat
    // A reference current below relativeTolerance × gross heat is zero to round-off (a GME at T_c = T_m): errors are then
    // measured against that floor, and no sign is compared.
    let floor = relativeTolerance * (ref?.fock?.grossHeatScale ?? 0)
    let rows = results.map { r -> FockCompareRow in
      var row = FockCompareRow(equation: r.equation, error: r.error)
      guard r.error == nil, let b = r.baths else { return row }
      row.opticalCurrent = b[0].heat; row.mechanicalCurrent = b[1].heat; row.entropyProduction = r.entropyProduction
      row.secondLawHolds = r.secondLawHolds; row.levels = r.fock?.levels
      if let j = jRef {
        row.relativeCurrentError = abs(b[0].heat - j) / max(abs(j), floor, 1e-300)
        row.reversedCurrent = abs(j) > floor && abs(b[0].heat) > floor && (b[0].heat > 0) != (j > 0)
      }
      return row
    }
    return FockCompareDocument(file: m.file, title: m.title, units: UnitsInfo(m.units), reference: "global", methods: rows)
  }

  static func compareFockTable(_ d: FockCompareDocument) -> String {
    var out = ["\(d.title)  [\(d.file)]", "units: \(d.units.note)", "reference: \(d.reference) (GME∞: exact Franck–Condon factors, all sidebands)", ""]
    var rows: [[String]] = []
    for r in d.methods {
      if let e = r.error { rows.append([r.equation, "—", "—", "—", "—", "—", "—", e]); continue }
      rows.append([r.equation, Text.num(r.opticalCurrent), Text.num(r.mechanicalCurrent), Text.num(r.entropyProduction),
                   Text.num(r.relativeCurrentError), r.reversedCurrent == true ? "REVERSED" : "-", r.secondLawHolds == true ? "yes" : "NO",
                   r.levels.map { "\($0[0]), \($0[1])" } ?? ""])
    }
    out.append(Text.grid(["equation", "J_c", "J_m", "ξ", "|ΔJ_c|/|J_c,ref|", "sign", "ξ ≥ 0", "levels"], rows, left: [0, 5, 7]))
    return out.joined(separator: "\n")
  }

  static func compareFockCSV(_ d: FockCompareDocument) -> String {
    var lines = ["equation,error,J_c,J_m,entropyProduction,relativeCurrentError,reversedCurrent,secondLawHolds"]
    for r in d.methods {
      lines.append([Text.csvField(r.equation), Text.csvField(r.error ?? ""), Text.csvNumber(r.opticalCurrent), Text.csvNumber(r.mechanicalCurrent),
                    Text.csvNumber(r.entropyProduction), Text.csvNumber(r.relativeCurrentError), r.reversedCurrent.map { "\($0)" } ?? "",
                    r.secondLawHolds.map { "\($0)" } ?? ""].joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}

/// `kind = "optomechanical"`: paper 000's cavity–mechanics system in Fock space (SME, DSME, GME_n, GME∞), heat by
/// Eq. (26) with the full H, compared against the all-sideband global equation.
extension OptomechanicalModelFile: ModelFamily {
  public static var kind: String { "optomechanical" }
  public static var equationNamesAllowed: String { DerivationMenu.optomechanical.allowedNames }
  public var frequencies: [Double] { [system.omegaC, system.omegaM] }

  public func methods() -> [MethodResult] { equations.map { KindSolver.methodResult(self, $0).result } }

  /// A truncation too small for the state is the model's fault: thrown as the `truncation.<key>` error (exit 2).
  public func solve() throws -> SolveDocument {
    let outcomes = equations.map { KindSolver.methodResult(self, $0) }
    if let e = outcomes.lazy.compactMap(\.truncation).first { throw e }
    return SolveDocument(file: file, title: title, units: UnitsInfo(units), modes: modeNames, frequencies: frequencies, methods: outcomes.map(\.result))
  }

  public func audit() throws -> AuditDocument {
    let (doc, truncation) = KindSolver.auditFock(self)
    if let truncation { throw truncation }
    return doc.checkedFinite()
  }

  public func compare() throws -> any ComparisonReport { KindSolver.compareFock(self) }

  public func solveTable(_ d: SolveDocument, verbose: Bool) -> String {
    KindSolver.solveTable(d, kind: Self.kind) { bathNames in
      var rows: [MethodRow] = bathNames.enumerated().map { b, name in ("J \(name) (Eq. 26)", { Text.num($0.baths?[b].heat) }) }
      rows += [("J_c + J_m (first law)", { Text.num($0.firstLawEnergyRate) }),
               ("ξ = −ΣJ/T (Eq. 25)", { Text.num($0.entropyProduction) }),
               ("second law (ξ ≥ 0)", { $0.secondLawHolds.map { $0 ? "holds" : "VIOLATED" } }),
               ("levels N_c, N_m", { $0.fock.map { "\($0.levels[0]), \($0.levels[1])" + ($0.automatic ? " (auto)" : "") } }),
               ("top level: cavity", { Text.num($0.fock?.topLevelPopulations[0]) }),
               ("top level: mechanics", { Text.num($0.fock?.topLevelPopulations[1]) }),
               ("solver", { $0.fock?.solverSummary }),
               ("residual ‖Lρ‖ (relative)", { Text.num($0.fock?.relativeResidual) }),
               ("|Tr ρ − 1|", { Text.num($0.fock?.traceError) }),
               ("min eig ρ", { Text.num($0.fock?.minimumEigenvalue) }),
               ("frame", { $0.fock?.frame })]
      return rows + (verbose ? MethodResult.fockVerboseRows : [])
    }
  }

  /// The Fock diagnostics bind every equation; the Clausius inequality with the counted heats binds the equations that
  /// declare it (`Derivation.laws`), ξ with the full-H heats (paper 000, Eq. 25) only the polaron-frame GMEs (the SME's
  /// and DSME's ξ < 0 is paper 000's finding, reported by `audit`).
  public static func failedChecks(_ m: MethodResult) -> [String] {
    guard let f = m.fock else { return [] }
    let laws = (try? DerivationMenu.optomechanical.derivation(named: m.equation))??.laws ?? [.firstLaw]
    var out = m.fockDiagnosticFailures(f, positivity: laws.contains(.positivity))
    if laws.contains(.clausius), m.secondLawHolds == false {
      out.append("second law violated: ξ with the counted heats = \(Text.num(m.entropyProduction)) < 0")
    }
    let tol = KindSolver.relativeTolerance * f.grossHeatScale / (m.baths?.map(\.temperature).min() ?? 1)
    if laws.contains(.clausiusGlobalHeat), let xi = m.globalHeatEntropyProduction, xi < -tol {
      out.append("second law violated: ξ = \(Text.num(xi)) < 0")
    }
    return out
  }

}

extension FockCompareDocument: ComparisonReport {
  public var failures: [String] { [] }
  public func table(verbose: Bool) -> String { KindSolver.compareFockTable(self) }
  public func csv() -> String { KindSolver.compareFockCSV(self) }
}

extension OptomechanicalModelFile: ParameterSymbolProviding {
  /// Paper 000's symbols: ω_c, κ_c, T_c, ω_m, κ_m, T_m, g.
  static func parameterSymbol(_ c: ParameterSymbolContext) -> ParameterSymbol? {
    guard c.path.count == 2 else { return nil }
    switch (c.first, c.last) {
    case ("cavity", "frequency"): return c.s("ω_c", c.frequency)
    case ("cavity", "rate"): return c.s("κ_c", c.frequency)
    case ("cavity", "temperature"): return c.s("T_c", c.temperature)
    case ("mechanics", "frequency"): return c.s("ω_m", c.frequency)
    case ("mechanics", "rate"): return c.s("κ_m", c.frequency)
    case ("mechanics", "temperature"): return c.s("T_m", c.temperature)
    case ("coupling", "g"): return c.s("g", c.frequency)
    default: return nil
    }
  }
}
