import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation

/// The checks every result passes before it is printed as a result (issue 13, "Bad input"): no NaN or infinite
/// number where a finite one belongs, and the solver's own diagnostics and the laws that bind the equation.
extension MethodResult {
  /// The first number that must be finite and is not, as "name = value" (nil when all are finite).
  ///
  /// Allowed non-finite values: the entropy productions are ±∞ when a bath at T = 0 exchanges heat (−Q̇/T), and
  /// the ratios (COP/efficiency with its Otto and Carnot values, the cascade's rectification) are ∞ or undefined
  /// when their denominator vanishes. Everything else — occupations, heats, work, residuals, temperatures,
  /// diagnostics — is a failure of the solve when it is not finite.
  public var nonFiniteField: String? {
    var named: [(String, Double)] = []
    func add(_ name: String, _ x: Double?) { if let x { named.append((name, x)) } }
    func add(_ name: String, _ xs: [Double]?) { for (i, x) in (xs ?? []).enumerated() { named.append(("\(name)[\(i)]", x)) } }
    add("occupations", occupations)
    for b in baths ?? [] {
      add("baths[\(b.name)].temperature", b.temperature); add("baths[\(b.name)].heat", b.heat); add("baths[\(b.name)].localHeat", b.localHeat)
    }
    add("workRate", workRate); add("firstLawEnergyRate", firstLawEnergyRate); add("firstLawRelativeResidual", firstLawRelativeResidual)
    if let d = diagnostics { add("lyapunovResidual", d.lyapunovResidual); add("uncertaintyMargin", d.uncertaintyMargin) }
    if let f = fock {
      add("fock.relativeResidual", f.relativeResidual); add("fock.traceError", f.traceError); add("fock.minimumEigenvalue", f.minimumEigenvalue)
      add("fock.hermiticityError", f.hermiticityError); add("fock.topLevelPopulations", f.topLevelPopulations); add("fock.grossHeatScale", f.grossHeatScale)
    }
    if let c = cascade {
      add("cascade.disconnected", c.disconnected); add("cascade.excess", c.excess); add("cascade.quantaFlows", c.quantaFlows)
      add("cascade.energyFlows", c.energyFlows); add("cascade.response", c.response.flatMap { $0 }); add("cascade.forward", c.forward); add("cascade.backward", c.backward)
    }
    if let g = ring {
      add("ring.circulatingCurrent", g.circulatingCurrent); add("ring.contributions", g.contributions)
      add("ring.effectiveCirculatingCurrent", g.effectiveCirculatingCurrent); add("ring.stabilityMargin", g.stabilityMargin)
    }
    if let (name, x) = named.first(where: { !$0.1.isFinite }) { return "\(name) = \(x)" }
    // ±∞ entropy production only from a bath at T = 0; NaN never.
    let zeroTemperature = (baths ?? []).contains { $0.temperature == 0 }
    for (name, x) in [("entropyProduction", entropyProduction), ("globalHeatEntropyProduction", globalHeatEntropyProduction)] {
      if let x, x.isNaN || (x.isInfinite && !zeroTemperature) { return "\(name) = \(x)" }
    }
    return nil
  }

  /// This result, or — when a number that must be finite is not — a failed method that says so, without numbers
  /// (a NaN or ∞ there comes from parameters outside the range the solver represents, never from the physics).
  public func checkedFinite() -> MethodResult {
    guard error == nil, let field = nonFiniteField else { return self }
    var failed = MethodResult(equation: equation)
    failed.error = "the solve produced a non-finite number (\(field)): the model's numbers (frequencies, rates, temperatures, drives) are outside the range this solver represents accurately; rescale the units or change the parameter"
    return failed
  }

  /// Relative tolerance of the solver's own residuals (Lyapunov, LU, trace): they are ~1e-15–1e-12 on every
  /// example and reproduction, so a value above 1e-8 means the solve itself failed.
  public static let residualTolerance = 1e-8

  /// Why this result must not be taken as a valid steady state: the solver's diagnostics failed or a law that
  /// binds this equation is violated (empty when it is sound). `kind` is the model kind.
  ///
  /// Laws: the first law (d⟨H⟩/dt = ΣQ̇ = 0 at a steady state, relative to the gross heat) binds every equation;
  /// the rest is the family's (`ModelFamily.failedChecks`: e.g. Clausius and positivity for the Davies equations,
  /// Spohn's inequality for the cascaded equation, paper 000's polaron-frame GMEs).
  public func failedChecks(kind: String) -> [String] {
    guard error == nil else { return [] }
    var out: [String] = []
    let tol = Self.residualTolerance
    if let r = firstLawRelativeResidual, r > KindSolver.relativeTolerance {
      out.append("first law violated: |ΣQ̇| / gross heat = \(Text.num(r)) > \(Text.num(KindSolver.relativeTolerance))")
    }
    if let d = diagnostics {
      if d.lyapunovResidual > tol { out.append("solver diagnostics failed: Lyapunov relative residual \(Text.num(d.lyapunovResidual)) > \(Text.num(tol))") }
    }
    out += ModelFamilies.family(named: kind)?.failedChecks(self) ?? []
    return out
  }
}

extension MethodResult {
  /// The Fock engine's own diagnostics: relative residual and |Tr ρ − 1| ≤ `residualTolerance`, and — when
  /// `positivity` binds the equation — no eigenvalue of ρ below −`KindSolver.eigenvalueTolerance`.
  public func fockDiagnosticFailures(_ f: FockDiagnosticsResult, positivity: Bool = true) -> [String] {
    let tol = Self.residualTolerance
    var out: [String] = []
    if f.relativeResidual > tol { out.append("solver diagnostics failed: relative residual \(Text.num(f.relativeResidual)) > \(Text.num(tol))") }
    if f.traceError > tol { out.append("solver diagnostics failed: |Tr ρ − 1| = \(Text.num(f.traceError)) > \(Text.num(tol))") }
    if positivity, f.minimumEigenvalue < -KindSolver.eigenvalueTolerance {
      out.append("solver diagnostics failed: ρ has the negative eigenvalue \(Text.num(f.minimumEigenvalue))")
    }
    return out
  }
}

extension SolveDocument {
  /// "equation: reason" for every method whose solve failed its own diagnostics, broke a law that binds it, or
  /// produced a non-finite number (`solve` prints them and exits with status 1).
  public func failures(kind: String) -> [String] { Self.failures(of: methods, kind: kind) }

  /// The failures of `methods` (see `failures(kind:)`), also for one point of a sweep.
  public static func failures(of methods: [MethodResult], kind: String) -> [String] {
    methods.flatMap { m -> [String] in
      if let e = m.error, e.hasPrefix("the solve produced a non-finite number") { return ["\(m.equation): \(e)"] }
      return m.failedChecks(kind: kind).map { "\(m.equation): \($0)" }
    }
  }
}

extension AuditDocument {
  /// This audit with every check whose value or tolerance is not a number it can be compared with marked as a
  /// failed law: a NaN compares false with every bound (it could pass as a "finding"), and an infinite tolerance
  /// (1e-10 × an overflowed scale) accepts anything. An infinite value is kept only for the Clausius checks, whose
  /// entropy production −ΣQ̇/T is ±∞ when a bath at T = 0 exchanges heat (and compares correctly).
  public func checkedFinite() -> AuditDocument {
    var d = self
    for m in d.methods.indices {
      for c in d.methods[m].checks.indices {
        let check = d.methods[m].checks[c]
        let valueOK = check.value.isFinite || (check.name.hasPrefix("clausius") && check.value.isInfinite)
        guard !valueOK || !check.tolerance.isFinite else { continue }
        d.methods[m].checks[c].passed = false
        d.methods[m].checks[c].severity = "law"
        d.methods[m].checks[c].note = "non-finite value or tolerance: the solve failed (the model's numbers are outside the range the solver represents); " + check.note
      }
    }
    d.passed = d.passed && d.methods.allSatisfy { $0.checks.allSatisfy { $0.passed || $0.severity != "law" } }
    return d
  }
}

extension CompareDocument {
  /// This comparison with every row that holds a non-finite number where a finite one belongs marked `failed` with the
  /// field named (a NaN correlation error or fidelity from an overflowed state would otherwise print as a grade).
  /// Allowed: ±∞ entropy productions when a bath is at T = 0 (−Q̇/T), and a nil fidelity (unphysical state).
  public func checkedFinite() -> CompareDocument {
    var d = self
    for i in d.methods.indices where d.methods[i].verdict != "failed" {
      let r = d.methods[i]
      var named: [(String, Double)] = []
      named += r.heatCurrents.enumerated().map { ("heatCurrents[\($0.offset)]", $0.element) }
      named += r.currentErrors.enumerated().map { ("currentErrors[\($0.offset)]", $0.element) }
      named += [("covarianceError", r.covarianceError), ("correlationError", r.correlationError), ("uncertaintyMargin", r.uncertaintyMargin),
                ("lyapunovResidual", r.lyapunovResidual)]
      if let f = r.fidelity { named.append(("fidelity", f)) }
      if let f = r.infidelity { named.append(("infidelity", f)) }
      if r.entropyProduction.isNaN { named.append(("entropyProduction", r.entropyProduction)) }
      guard let (name, x) = named.first(where: { !$0.1.isFinite }) else { continue }
      d.methods[i].verdict = "failed"
      d.methods[i].error = "the comparison produced a non-finite number (\(name) = \(x)): the model's numbers are outside the range the solvers represent accurately"
    }
    return d
  }
}
