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
  // MARK: Optomechanical ring

  /// δ above which the effective theory is declared invalid: paper 002, Supplement Fig. S1(c) marks δ ≥ 5 % as the
  /// region where the effective theory (Eq. S16) fails.
  public static let ringValidityThreshold = 0.05

  /// Exact linearised ring (Eq. 4, Gaussian Lyapunov solve) vs the effective theory after adiabatic elimination of the
  /// optical lattice (Eqs. 8–14, S16): Q_C, per-site phonon numbers and mechanical-bath heat currents; validity by
  /// δ = ‖σ_eff − σ_exact‖₂/‖(σ_eff + σ_exact)/2‖₂ (Supplement, after Eq. S16) against 5 % (Fig. S1(c)).
  public static func compareRing(_ m: OptomechanicalRingModelFile) -> RouteCompareDocument {
    let th = m.theory, l = th.siteCount, wm = th.mechanicalFrequency, gm = th.mechanicalDamping, nBar = th.thermalOccupation
    var names = ["Q_C circulating (ω_m⟨ĵ_C⟩, Eq. 14)"]
    names += (0..<l).map { "⟨d†d⟩ site \($0)" }
    names += (0..<l).map { "Q̇ mechanical bath \($0) (local H)" }
    // Scales: the currents are compared relative to themselves, with a floor of 1e-9 of the gross mechanical heat
    // scale ω_mγ_m(n̄ + 1) (Q_C vanishes at φ = 0 and φ = π); occupations are ≥ 0 and compared relative to themselves.
    let heatScale = 1e-9 * wm * gm * (nBar + 1)
    let scales = [heatScale] + Array(repeating: 1e-300, count: l) + Array(repeating: heatScale, count: l)
    var routes = [RouteInfo(name: "exact linearised", description: "2L-mode linearised model (paper 002, Eq. 4), Gaussian Lyapunov steady state; Q_C from its ⟨d_m†d_ℓ⟩ and the effective phonon Hamiltonian (Eqs. 8, 13–14)"),
                  RouteInfo(name: "effective theory", description: "adiabatic elimination of the optical lattice: closed forms Eqs. (8)–(14), σ_eff from Supplement Eq. (S16)")]
    var values: [[Double?]?] = [nil, nil]
    var reasons: [String] = []
    var sigmaExact: Matrix<Complex<Double>>?, sigmaEff: Matrix<Complex<Double>>?
    do {
      let lin = try OptomechanicalLinearisation.ring(th)
      let ss = try lin.exactEquation().gaussianSteadyState()
      let sigma = ss.singleParticleDensityMatrix(modes: (0..<l).map(lin.mechanicalMode))
      sigmaExact = sigma
      let qc: Double? = (try? lin.effectiveElimination()).map { el in
        OptomechanicalCurrents.ringContributions(hamiltonian: el.effectiveHamiltonian, sigma: sigma).reduce(0, +) * wm
      }
      let heat = ss.thermodynamics.baths
      let mech = (0..<l).map { i in heat.first { $0.name == "mechanical bath \(i)" }?.countedHeat }
      values[0] = [qc] + (0..<l).map { ss.occupation(lin.mechanicalMode($0)) } + mech
      reasons.append("exact linearised model stable (Lyapunov relative residual \(Text.num(ss.diagnostics.relativeResidual)))")
    } catch {
      routes[0].error = "\(error)"
      reasons.append("exact linearised model has no steady state: \(error)")
    }
    if th.stabilityMargin > 0 {
      do {
        let s = try th.singleParticleDensityMatrix()
        sigmaEff = s
        let n = (0..<l).map { s[$0, $0].real }
        values[1] = [try th.circulatingCurrent() * wm] + n + n.map { wm * gm * (nBar - $0) }
        reasons.append("effective model stable: min_k(Γ_k↓ − Γ_−k↑) = \(Text.num(th.stabilityMargin)) > 0 (Eq. 12)")
      } catch {
        routes[1].error = "\(error)"
      }
    } else {
      routes[1].error = "effective model unstable: min_k(Γ_k↓ − Γ_−k↑) = \(Text.num(th.stabilityMargin)) ≤ 0 (Eq. 12)"
      reasons.append(routes[1].error!)
    }
    var delta: Double?
    if let a = sigmaEff, let b = sigmaExact { delta = try? OptomechanicalCurrents.relativeError(a, b) }
    if let delta { reasons.append("δ = ‖σ_eff − σ_exact‖₂/‖(σ_eff + σ_exact)/2‖₂ = \(Text.num(delta)) \(delta <= ringValidityThreshold ? "≤" : ">") \(Text.num(ringValidityThreshold))") }
    let born = th.effectiveCoupling / th.opticalLoss
    reasons.append("Born–Markov parameter |G|/γ_c = \(Text.num(born)) (the elimination assumes |G| ≪ γ_c; reported, not part of the verdict)")
    let validity = RouteValidity(route: "effective theory",
                                 criterion: "both models stable and δ ≤ 5 % (paper 002, Supplement Eq. S16 and Fig. S1(c): δ ≥ 5 % marks where the effective theory fails)",
                                 measure: delta, threshold: ringValidityThreshold, valid: delta.map { $0 <= ringValidityThreshold } ?? false, reasons: reasons)
    let notes = ["heat currents in energy per unit time (file units), positive into the system; Q̇ mechanical = ω_mγ_m(n̄ − ⟨d†d⟩) with the local H ω_m d†d",
                 "relative difference |v − v_exact|/max(|v_exact|, scale); currents have scale 1e-9 ω_mγ_m(n̄ + 1)"]
    return routeDocument(file: m.file, title: m.title, units: m.units, kind: "optomechanical-ring", routes: routes, names: names, scales: scales,
                         values: values, validity: validity, notes: notes)
  }

  // MARK: Ring

  static func ringResult(_ m: OptomechanicalRingModelFile) -> MethodResult {
    var r = MethodResult(equation: "linearised")
    let th = m.theory
    do {
      let lin = try OptomechanicalLinearisation.ring(th)
      let ss = try lin.exactEquation().gaussianSteadyState()
      r.setGaussian(ss.thermodynamics, occupations: (0..<2 * th.siteCount).map { ss.occupation($0) })
      r.outcome = .ring(RingOutcome(diagnostics: SolverDiagnostics(ss.diagnostics)))
      var ring = RingResult(sites: th.siteCount, winding: th.winding, phase: th.phase, stabilityMargin: th.stabilityMargin)
      if let el = try? lin.effectiveElimination() {
        let sigma = ss.singleParticleDensityMatrix(modes: (0..<th.siteCount).map(lin.mechanicalMode))
        let q = OptomechanicalCurrents.ringContributions(hamiltonian: el.effectiveHamiltonian, sigma: sigma).map { $0 * th.mechanicalFrequency }
        ring.contributions = q
        ring.circulatingCurrent = q.reduce(0, +)
      }
      if th.stabilityMargin > 0 { ring.effectiveCirculatingCurrent = (try? th.circulatingCurrent()).map { $0 * th.mechanicalFrequency } }
      r.outcome = .ring(RingOutcome(diagnostics: SolverDiagnostics(ss.diagnostics), ring: ring))
    } catch {
      r.error = "\(error)"
    }
    return r.checkedFinite()
  }


  static func auditRing(_ m: OptomechanicalRingModelFile) -> AuditDocument {
    var am = AuditMethod(equation: "linearised", checks: [])
    do {
      let ss = try OptomechanicalLinearisation.ring(m.theory).exactEquation().gaussianSteadyState()
      let th = ss.thermodynamics
      am.checks.append(check("firstLaw", "|Σ_α Q̇_α| / gross ≤ tol", th.firstLaw.relativeResidual, KindSolver.relativeTolerance,
                             th.firstLaw.relativeResidual <= KindSolver.relativeTolerance, "d⟨H⟩/dt = \(Text.num(th.firstLaw.energyRate))"))
      am.checks.append(check("clausius", "Σ = −Σ_α Q̇_α,local/T_α ≥ −tol", th.secondLaw.entropyProduction, th.secondLaw.tolerance, th.secondLaw.holds,
                             severity: "finding", "optical baths (T = 0) are counted in the frame rotating at the laser frequency; the drive supplies work"))
      let d = ss.diagnostics
      am.checks.append(check("positivity", "min eig(V + iΩ/2) ≥ 0", d.uncertaintyMargin, 1e-10 * max(1, abs(d.physicality)), d.isPhysical,
                             d.isPhysical ? "uncertainty principle holds" : "the steady state violates the uncertainty principle"))
    } catch {
      am.error = "\(error)"
    }
    let passed = am.error == nil && am.checks.allSatisfy { $0.passed || $0.severity != "law" }
    // No zero-current check here (the optical baths are at T = 0 in the laser frame); the field carries the common
    // temperature of the mechanical baths, T = ω_m/ln(1 + 1/n̄).
    let th = m.theory
    let tMech = th.thermalOccupation > 0 ? th.mechanicalFrequency / log1p(1 / th.thermalOccupation) : 0
    return AuditDocument(file: m.file, title: m.title, equalTemperature: tMech, methods: [am], passed: passed)
  }
}

/// `kind = "optomechanical-ring"`: paper 002's linearised ring with a synthetic flux, compared against the effective
/// phonon theory.
extension OptomechanicalRingModelFile: ModelFamily {
  public static var kind: String { "optomechanical-ring" }
  public static var equationNamesAllowed: String { "linearised" }
  public var frequencies: [Double] {
    Array(repeating: -theory.effectiveDetuning, count: theory.siteCount) + Array(repeating: theory.mechanicalFrequency, count: theory.siteCount)
  }
  public var bathNames: [String] { (0..<theory.siteCount).map { "optical loss \($0)" } + (0..<theory.siteCount).map { "mechanical bath \($0)" } }
  public func methods() -> [MethodResult] { [KindSolver.ringResult(self)] }
  public func audit() -> AuditDocument { KindSolver.auditRing(self).checkedFinite() }
  public func compare() throws -> any ComparisonReport { KindSolver.compareRing(self) }

  public func solveTable(_ d: SolveDocument, verbose: Bool) -> String {
    KindSolver.solveTable(d, kind: Self.kind) { bathNames in
      var rows: [MethodRow] = [("Q_C circulating (exact lin.)", { Text.num($0.ring?.circulatingCurrent) }),
                               ("Q_C effective theory", { Text.num($0.ring?.effectiveCirculatingCurrent) }),
                               ("flux φ", { $0.ring.map { "\(Text.num($0.phase)) (n = \($0.winding))" } }),
                               ("stability margin", { Text.num($0.ring?.stabilityMargin) }),
                               ("d⟨H⟩/dt = ΣQ̇ (first law)", { Text.num($0.firstLawEnergyRate) }),
                               ("Lyapunov residual", { Text.num($0.diagnostics?.lyapunovResidual) }),
                               ("uncertainty margin", { Text.num($0.diagnostics?.uncertaintyMargin) })]
      if verbose { rows += bathNames.enumerated().map { b, name in ("Q̇ \(name)", { Text.num($0.baths?[b].heat) }) } }
      return rows
    }
  }

  /// Only the shared checks (first law, Lyapunov residual): the optical baths live in the laser frame, so the Clausius
  /// inequality is a finding here (`audit`).
  public static func failedChecks(_ m: MethodResult) -> [String] { [] }

  public static func sweepQuantities(baths: [String], units: UnitsInfo, methods: [MethodResult]) -> [SweepQuantity] {
    SweepQuantity.ringQuantities(units: units)
  }
}

extension OptomechanicalRingModelFile: ParameterSymbolProviding {
  /// Paper 002's symbols: L, n, |G|, J, Δ̃, γ_c, ω_m, γ_m, n̄_m.
  static func parameterSymbol(_ c: ParameterSymbolContext) -> ParameterSymbol? {
    guard c.path.count == 2, c.first == "ring" else { return nil }
    switch c.last {
    case "sites": return c.s("L", "")
    case "winding": return c.s("n (flux 2πn/L)", "")
    case "coupling": return c.s("|G|", c.frequency)
    case "hopping": return c.s("J", c.frequency)
    case "detuning": return c.s("Δ̃", c.frequency)
    case "optical_loss": return c.s("γ_c", c.frequency)
    case "mechanical_frequency": return c.s("ω_m", c.frequency)
    case "mechanical_damping": return c.s("γ_m", c.frequency)
    case "occupation": return c.s("n̄_m", "")
    default: return nil
    }
  }
}
