import ClausiusComparison
import ClausiusDynamics
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation

/// `kind = "open-system"` in the commands: presentation of `OpenSystemSolution` (the physics is in
/// ClausiusModels/OpenSystem, ClausiusMasterEquations/OpenSystem and ClausiusThermodynamics/OpenSystem).
extension KindSolver {
  static func openSystemResult(_ m: OpenSystemModelFile, _ derivation: Derivation, symbolic: FockSymbolicSlot? = nil,
                               gaussian network: BosonicNetwork? = nil) -> MethodResult {
    var r = MethodResult(equation: derivation.name)
    do {
      let sol = try m.solve(derivation, symbolic: symbolic)
      let baths = m.system.baths
      r.occupations = sol.excitations
      r.baths = baths.indices.map { BathHeatResult(name: baths[$0].name, temperature: baths[$0].temperature, heat: sol.heat[$0], localHeat: sol.localHeat[$0]) }
      r.workRate = sol.workRate
      r.firstLawEnergyRate = sol.heat.reduce(0, +)
      r.firstLawRelativeResidual = sol.firstLawRelativeResidual
      r.entropyProduction = sol.entropyProduction
      r.globalHeatEntropyProduction = sol.globalHeatEntropyProduction
      let scale = sol.grossHeat / max(baths.map(\.temperature).filter { $0 > 0 }.min() ?? 1, .leastNormalMagnitude)
      r.secondLawHolds = sol.entropyProduction >= -relativeTolerance * scale
      if let g = sol.regime { r.regime = g.name; r.performance = g.performance; r.carnot = g.carnot }
      let d = sol.diagnostics
      var fock = FockDiagnosticsResult(relativeResidual: d.relativeResidual, traceError: d.traceError, minimumEigenvalue: d.minimumEigenvalue,
                                     hermiticityError: d.hermiticityError, topLevelPopulations: sol.oscillatorTopLevelPopulations.compactMap { $0 },
                                     levels: sol.model.space.subsystems.map(\.dimension), automatic: !m.automaticLevels.isEmpty, truncationTolerance: m.truncationTolerance,
                                     unknowns: d.unknowns, symmetry: d.symmetry, frame: sol.frame, grossHeatScale: sol.grossHeat,
                                     solveSeconds: d.assemblySeconds + d.solveSeconds)
      fock.setSolver(d)
      var outcome = OpenSystemOutcome(fock: fock)
      defer { r.outcome = .openSystem(outcome) }
      if let network {
        let levels = sol.model.space.subsystems.map(\.dimension), top = sol.oscillatorTopLevelPopulations.compactMap { $0 }.max() ?? 0
        do {
          outcome.gaussian = try OpenSystemGaussianCheck.result(network, derivation, fockHeat: sol.heat, fockLocalHeat: sol.localHeat, levels: levels,
                                                          topLevelPopulation: top, truncationTolerance: m.truncationTolerance)
        } catch {
          outcome.gaussian = GaussianCrossCheckResult(equation: derivation.name, error: "the Gaussian engine found no steady state: \(error)", levels: levels, topLevelPopulation: top)
        }
      }
      if m.writesDensityMatrix, sol.model.space.dimension <= OpenSystemModelFile.maximumDensityMatrixDimension { outcome.densityMatrix = DensityMatrixResult(sol.productBasisState, subsystems: sol.model.space.subsystems.map(\.dimension)) }
      if m.writesRelaxation {
        // The gap of the equation's own Liouvillian (basis-independent), built as `evolve` builds it, at the levels solved.
        outcome.relaxation = RelaxationResult(FockEvolution(equation: try sol.model.masterEquation(derivation).equation))
      }
    } catch {
      r.error = "\(error)"
    }
    return r
  }

  /// Audit of an open-system model: first law (Σ_α Q̇_α = 0 relative to the gross heat), Clausius with the local heats
  /// (a law for the Davies equations, local and global, by Spohn's inequality; a finding for Redfield), Clausius with
  /// the full-H heats (a finding for the local equation), positivity of ρ (a finding for Redfield), and no current with
  /// every bath at the mean temperature (a law for the global equation, a finding otherwise).
  static func auditOpenSystem(_ m: OpenSystemModelFile) -> AuditDocument {
    let temps = m.system.baths.map(\.temperature)
    let tEqual = temps.reduce(0, +) / Double(max(temps.count, 1))
    var methods: [AuditMethod] = []
    for derivation in m.equations {
      var am = AuditMethod(equation: derivation.name, checks: [])
      /// Severity of a check: "law" when the derivation guarantees it (`Derivation.laws`), else "finding".
      func severity(_ law: ThermodynamicLaw) -> String { derivation.laws.contains(law) ? "law" : "finding" }
      let isGlobal = derivation.laws.contains(.clausiusGlobalHeat)
      do {
        let sol = try m.solve(derivation)
        let rel = sol.firstLawRelativeResidual
        am.checks.append(check("firstLaw", "|Σ_α Q̇_α| / gross ≤ tol", rel, relativeTolerance, rel <= relativeTolerance, "Σ_α Q̇_α = \(Text.num(sol.heat.reduce(0, +)))"))
        let tMin = temps.filter { $0 > 0 }.min() ?? 1
        let tol = relativeTolerance * sol.grossHeat / tMin
        let sigma = sol.entropyProduction
        am.checks.append(check("clausius", "Σ = −Σ_α Q̇_α^loc/T_α ≥ −tol", sigma, tol, sigma >= -tol, severity: severity(.clausius),
                               sigma >= -tol ? "entropy production ≥ 0" : "negative entropy production"))
        if !isGlobal {
          let sg = sol.globalHeatEntropyProduction
          am.checks.append(check("clausiusGlobalHeat", "−Σ_α Q̇_α/T_α ≥ −tol (full-H heats)", sg, tol, sg >= -tol, severity: severity(.clausiusGlobalHeat),
                                 sg >= -tol ? "holds with the full-H heats" : "heat flows against the temperature gradient when counted with the full H"))
        }
        let dg = sol.diagnostics
        am.checks.append(check("positivity", "min eig ρ ≥ −tol", dg.minimumEigenvalue, eigenvalueTolerance, dg.minimumEigenvalue >= -eigenvalueTolerance,
                               severity: severity(.positivity), dg.minimumEigenvalue >= -eigenvalueTolerance ? "ρ ≥ 0" : "the steady state has a negative eigenvalue (Redfield is not completely positive)"))
        if temps.count >= 2 {
          let eqSol = try m.solve(derivation, model: m.system.withTemperature(tEqual))
          let worst = eqSol.heat.map(abs).max() ?? 0
          let rel0 = worst / max(eqSol.grossHeat, .leastNormalMagnitude)
          am.checks.append(check("zeroCurrentAtEqualTemperatures", "max_α |Q̇_α| / gross ≤ tol at T = \(Text.num(tEqual))", rel0, relativeTolerance,
                                 rel0 <= relativeTolerance, severity: severity(.zeroCurrentAtEqualTemperatures),
                                 rel0 <= relativeTolerance ? "no current without a temperature difference" : "current \(Text.num(worst)) flows between baths at equal temperature"))
        }
      } catch {
        am.error = "\(error)"
      }
      methods.append(am)
    }
    let passed = methods.allSatisfy { m in m.error == nil && m.checks.allSatisfy { $0.passed || $0.severity == "finding" } }
    return AuditDocument(file: m.file, title: m.title, equalTemperature: tEqual, methods: methods, passed: passed)
  }

  /// `compare` for an open-system model: every equation's heat currents against the Bloch–Redfield equation (the most
  /// complete Born–Markov route here, no secular approximation), with its own positivity as its validity statement.
  static func compareOpenSystem(_ m: OpenSystemModelFile) -> RouteCompareDocument {
    var derivations: [Derivation] = [.redfield]
    for d in m.equations where d.name != "redfield" { derivations.append(d) }
    var routes: [RouteInfo] = []
    var values: [[Double?]?] = []
    var notes: [String] = []
    var scale = 1e-300
    var validity: RouteValidity?
    for d in derivations {
      var info = RouteInfo(name: d.name, description: d.name == "redfield" ? "Bloch–Redfield in the eigenbasis of H (reference)" : "\(d.name) Davies equation")
      do {
        let sol = try m.solve(d)
        values.append(sol.heat.map { Optional($0) } + sol.localHeat.map { Optional($0) })
        if d.name == "redfield" {
          scale = 1e-10 * sol.grossHeat
          let minEig = sol.diagnostics.minimumEigenvalue
          validity = RouteValidity(route: "redfield", criterion: "the Redfield steady state is positive (min eig ρ ≥ −1e-9)", measure: minEig, threshold: -eigenvalueTolerance,
                                   valid: minEig >= -eigenvalueTolerance,
                                   reasons: ["Redfield is second order in the system–bath coupling and not completely positive; a negative eigenvalue of ρ signals that the coupling is too strong for any Born–Markov equation"])
        }
      } catch {
        info.error = "\(error)"; values.append(nil)
      }
      routes.append(info)
    }
    let names = m.bathNames.map { "Q̇ \($0)" } + m.bathNames.map { "Q̇ \($0) (local H)" }
    notes.append("Heat currents in the file's units (docs/conventions.md); the reference is the Redfield equation.")
    return routeDocument(file: m.file, title: m.title, units: m.units, kind: "open-system", routes: routes, names: names,
                         scales: Array(repeating: scale, count: names.count), values: values, validity: validity, notes: notes)
  }
}

/// `kind = "open-system"`: any Hamiltonian of qubits, spins, oscillators and n-level systems with baths through any
/// Hermitian operator; local, global, Redfield and partial-secular equations (docs/model-format.md).
extension OpenSystemModelFile: ModelFamily {
  public static var kind: String { "open-system" }
  public static var equationNamesAllowed: String { equationNames.joined(separator: ", ") }
  public var modeNames: [String] { subsystemNames }
  public var frequencies: [Double] { system.subsystems.map(\.frequency) }
  /// Every equation on the Fock engine; a quadratic model (`OpenSystem.quadraticNetwork`) also on the Gaussian engine.
  public func methods() -> [MethodResult] {
    let network = try? system.quadraticNetwork().get()
    return equations.map { KindSolver.openSystemResult(self, $0, gaussian: network).checkedFinite() }
  }
  public func audit() -> AuditDocument { KindSolver.auditOpenSystem(self).checkedFinite() }
  public var steadyStateNotes: [String] {
    Self.staticValueNotes(modulatedParameters.keys.sorted().map { "parameter \($0)" } + modulatedTemperatures.keys.sorted().map { "temperature of bath \($0)" })
  }
  public func compare() throws -> any ComparisonReport { KindSolver.compareOpenSystem(self) }

  public func solveTable(_ d: SolveDocument, verbose: Bool) -> String {
    KindSolver.solveTable(d, kind: Self.kind) { bathNames in
      MethodResult.heatAndLawRows(bathNames: bathNames, wholeH: "full H")
        + [("solver", { $0.fock?.solverSummary }),
           ("residual ‖Lρ‖ (relative)", { Text.num($0.fock?.relativeResidual) }),
           ("min eig ρ", { Text.num($0.fock?.minimumEigenvalue) }),
           ("basis", { $0.fock?.frame })]
        + (d.methods.contains { $0.gaussian != nil } ? OpenSystemGaussianCheck.tableRows(bathNames) : [])
        + (d.methods.contains { $0.fock?.automatic == true }
           ? [("Fock levels (automatic)", { $0.fock.map { f in f.levels.map(String.init).joined(separator: " × ") } })] : [])
        + (verbose ? MethodResult.fockVerboseRows : [])
    }
  }

  /// Davies equations (local, global) are GKLS with thermal fixed points: Spohn's inequality and ρ ≥ 0 bind them;
  /// Redfield's violations are findings (`audit`).
  public static func failedChecks(_ m: MethodResult) -> [String] {
    let laws = (try? DerivationMenu.openSystem.derivation(named: m.equation))??.laws ?? [.firstLaw]
    var out = m.fock.map { m.fockDiagnosticFailures($0, positivity: laws.contains(.positivity)) } ?? []
    if let g = m.gaussian, !g.agrees {
      out.append(g.error ?? "the Fock and Gaussian engines disagree: max relative difference of the currents \(Text.num(g.maxRelativeDifference)) > \(Text.num(g.tolerance))")
    }
    if laws.contains(.clausius), m.secondLawHolds == false { out.append("second law violated: Σ = \(Text.num(m.entropyProduction)) < 0") }
    return out
  }
}
