import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import Foundation
import Numerics

/// `evolve` of an open system whose parameters or bath temperatures depend on time (`modulatedParameters`,
/// `modulatedTemperatures`): the local equation with H(t) = H₀ + Σ_j p_j(t) H_j and rates γ_k(T(t)), integrated by
/// CVODE (ClausiusDynamics `DrivenFockEvolution`).
///
/// Choices (docs/time-evolution.md): the dissipators are those of the local equation, whose jump operators (Bohr
/// components of S_α with respect to H_s of the bath's own subsystem) are built with the modulated parameters at 0:
/// a modulated coupling between subsystems does not enter them, and a modulated term on a bath's own subsystem (a
/// drive F(t)x) is an undressed drive (warned: valid for amplitudes small against the Bohr frequencies). A modulated
/// parameter in a bath operator is refused, as are the global, Redfield and
/// partial-secular equations (their dissipators are built from the eigenbasis of H, which would change with H(t); the
/// instantaneous-eigenbasis (adiabatic) equation is not implemented). Each modulated parameter must enter H linearly
/// (checked: H(2e_j) − H(0) = 2(H(e_j) − H(0)) and H at a generic point equal to the affine sum, to 1e-12).
extension OpenSystemModelFile {
  public var isTimeDependent: Bool { !modulatedParameters.isEmpty || !modulatedTemperatures.isEmpty }

  /// The local equation's `DrivenFockEvolution` for this file's time dependence.
  public func drivenEvolution(_ derivation: Derivation) throws -> (evolution: DrivenFockEvolution, equation: OpenSystemEquation, warnings: [String]) {
    var warnings: [String] = []
    var isLocal = false
    if case .local = derivation { isLocal = true }
    guard isLocal || !isTimeDependent else {
      let what = (modulatedParameters.keys.sorted() + modulatedTemperatures.keys.sorted().map { "temperature of \($0)" }).joined(separator: ", ")
      var isGlobal = false
      if case .global = derivation { isGlobal = true }
      throw EvolveRequestError(isGlobal
        ? "equation global: fixed Liouvillian pieces follow time-dependent parameters (\(what)) with the local equation only; the global dissipator follows the eigenbasis of H(t), and evolve uses the adiabatic global equation for it (adiabaticEvolution)"
        : "equation \(derivation.name): time-dependent parameters (\(what)) are evolved with the local and the global (adiabatic) equations only; the \(derivation.name) dissipator is built from the eigenbasis of H(t) and its adiabatic (instantaneous-eigenbasis) form is not implemented — use [solve] equations = [\"local\", \"global\"] or --equations local,global")
    }
    let names = modulatedParameters.keys.sorted()
    let (_, p0, terms) = try modulatedTerms()
    for b in system.baths {
      for s in b.support {
        for t in system.terms where t.support == [s] {
          let used = t.expression.parameters.intersection(names)
          if !used.isEmpty {
            warnings.append("term \"\(t.text)\" acts on \(system.subsystems[s].name) (bath '\(b.name)') with the time-dependent \(used.sorted().joined(separator: ", ")): the local dissipator and local heat use \(system.subsystems[s].name)'s Hamiltonian without it (an undressed drive: valid for drive amplitudes small against the Bohr frequencies and a spectral density flat over the shifts)")
          }
        }
      }
    }
    // The system with modulated parameters at 0 and modulated temperatures at their maximum (every Davies rate > 0
    // there, so no transition is dropped), then rates rescaled by γ(ω, T(t))/γ(ω, T_max).
    var baths = system.baths
    for i in baths.indices { if let f = modulatedTemperatures[baths[i].name] { baths[i].temperature = f.range.upperBound } }
    let reference = try OpenSystem(subsystems: system.subsystems, parameters: p0, terms: system.terms.filter { !$0.isBare }.map(\.text), baths: baths,
                                   maximumDimension: Self.maximumDimension)
    let eq = try reference.masterEquation(derivation)
    var factors: [(dissipator: Int, factor: @Sendable (Double) -> Double)] = []
    for (k, dk) in eq.equation.dissipators.enumerated() {
      guard let f = modulatedTemperatures[dk.bath], let bath = baths.first(where: { $0.name == dk.bath }) else { continue }
      guard let omega = dk.frequency else { throw EvolveRequestError("bath '\(dk.bath)': dissipator \(dk.label) has no Bohr frequency; its rate cannot follow T(t)") }
      let gRef = dk.rate
      _ = try bath.rate(omega, zeroTolerance: 0)   // fails now (not inside the integrator) when γ(0) is undefined
      factors.append((k, { t in
        var b = bath; b.temperature = f(t)
        return ((try? b.rate(omega, zeroTolerance: 0)) ?? .nan) / gRef
      }))
    }
    let breakpoints = modulatedTemperatures.values.flatMap(\.breakpoints)
    let temps = Dictionary(system.baths.map { ($0.name, modulatedTemperatures[$0.name] ?? .constant($0.temperature)) }, uniquingKeysWith: { a, _ in a })
    let ev = try DrivenFockEvolution(equation: eq.equation, drive: FockDrive(terms: terms, rateFactors: factors, breakpoints: breakpoints),
                                     temperatures: temps, countingHamiltonians: eq.localCounting)
    return (ev, eq, warnings)
  }


  /// H(t) = H₀ + Σ_j p_j(t)H_j of the file: H₀ (modulated parameters at 0, the others at their values), the parameters
  /// p₀ used for it, and the terms (p_j(t), H_j). Refuses a modulated parameter in a bath operator (no dissipator
  /// follows it) and one that does not enter H linearly (checked: H(2e_j) − H(0) = 2(H(e_j) − H(0)) and H at a generic
  /// point equal to the affine sum, to 1e-12).
  func modulatedTerms() throws -> (h0: SparseMatrix, p0: [String: Double], terms: [(function: TimeFunction, operator: SparseMatrix, name: String)]) {
    let names = modulatedParameters.keys.sorted()
    for b in system.baths {
      let used = b.coupling.parameters.intersection(names)
      guard used.isEmpty else { throw EvolveRequestError("bath '\(b.name)': its operator \(b.operatorText) uses the time-dependent parameter(s) \(used.sorted().joined(separator: ", ")); a dissipator cannot follow it") }
    }
    // H(p): the sum of the terms at parameters p.
    func h(_ p: [String: Double]) throws -> SparseMatrix {
      var out = SparseMatrix(rows: system.space.dimension, columns: system.space.dimension, triplets: [])
      for t in system.terms { out = out + (try t.expression.evaluate(on: system.space, parameters: p)) }
      return out
    }
    var p0 = system.parameters
    for n in names { p0[n] = 0 }
    let h0 = try h(p0)
    var terms: [(function: TimeFunction, operator: SparseMatrix, name: String)] = []
    var generic = p0, affine = h0
    for (j, n) in names.enumerated() {
      var p1 = p0; p1[n] = 1
      var p2 = p0; p2[n] = 2
      let hj = try h(p1) + (-1.0) * h0
      let scale = Swift.max(1, (hj.values.map(\.length).max() ?? 0))
      let curvature = (try h(p2)) + (-2.0) * hj + (-1.0) * h0
      guard (curvature.values.map(\.length).max() ?? 0) <= 1e-12 * scale else {
        throw EvolveRequestError("parameter '\(n)' enters the Hamiltonian nonlinearly (e.g. \(n)² or \(n) inside a function); a time-dependent parameter must enter H linearly")
      }
      terms.append((modulatedParameters[n]!, hj.pruned(relativeTolerance: 1e-15), n))
      let x = 0.37 + 0.61 * Double(j)
      generic[n] = x; affine = affine + x * hj
    }
    if !names.isEmpty {
      let diff = (try h(generic)) + (-1.0) * affine
      guard (diff.values.map(\.length).max() ?? 0) <= 1e-12 * Swift.max(1, affine.values.map(\.length).max() ?? 0) else {
        throw EvolveRequestError("the time-dependent parameters \(names.joined(separator: ", ")) multiply each other in the Hamiltonian; each must enter H linearly and alone")
      }
    }
    return (h0, p0, terms)
  }

  /// The period of the file's modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(Array(modulatedParameters.values) + Array(modulatedTemperatures.values)) }

  func evolveDriven(_ derivation: Derivation, _ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    if case .global = derivation, isTimeDependent { return try evolveAdiabatic(derivation, request, &r) }
    let (ev, eq, warnings) = try drivenEvolution(derivation)
    let space = system.space
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let start = try drivenStart(request.initial, derivation, hamiltonian: ev.hamiltonian(at: 0))
    let observables = space.subsystems.indices.map { (name: space.subsystems[$0].name, operator: eq.inEquationBasis(space.number($0))) }
    let method = try request.cvodeMethod()
    let tr = try ev.evolve(from: start, times: times, observables: observables, tolerance: request.tolerance, method: method) { request.progress?(derivation.name, $0, $1) }
    let temps = Dictionary(system.baths.map { ($0.name, $0.temperature) }, uniquingKeysWith: { a, _ in a })
    ModelEvolver.fillDriven(&r, tr, temperatures: temps, levels: space.subsystems.map(\.dimension), period: period,
                            timeDependence: modulatedParameters.keys.sorted() + modulatedTemperatures.keys.sorted().map { "temperature of \($0)" })
    r.diagnostics?.warnings += warnings
  }

  /// The initial state of a time-dependent evolution (`gibbs:T` with H(0)).
  func drivenStart(_ initial: InitialStateSpec, _ derivation: Derivation, hamiltonian h0: SparseMatrix) throws -> FockInitialState {
    let space = system.space
    switch initial {
    case let .gibbs(t): return .gibbs(hamiltonian: h0, temperature: t)
    case .thermal: throw EvolveRequestError("--initial thermal: an open-system model has no per-subsystem frequencies; use gibbs:T, vacuum, fock:… or coherent:…")
    case let .steady(path):
      guard let other = try ModelEvolver.loadOther(path).as(OpenSystemModelFile.self) else { throw EvolveRequestError("--initial steady:\(path): not an open-system model file") }
      guard other.system.space == space else { throw EvolveRequestError("--initial steady:\(path): its subsystems differ from this model's") }
      let od = other.equations.first { $0.name == derivation.name } ?? other.equations[0]
      return .density(try other.system.solve(od, truncationTolerance: other.truncationTolerance).productBasisState)
    default: return try ModelEvolver.fockInitial(initial, space: space)
    }
  }
}

extension EvolveRequest {
  /// The output times: `times`, or with `stroboscopic` one point per period t_k = kP, k = 0…⌊T/P⌋ (T the last requested
  /// time, P = `period` or the model's modulation period).
  public func resolvedTimes(modelPeriod: Double?) throws -> (times: [Double], period: Double?) {
    guard stroboscopic else { return (times, nil) }
    guard let p = period ?? modelPeriod else {
      throw EvolveRequestError("--stroboscopic: the model's modulations have no common period (not all sinusoids of one frequency); give --period P")
    }
    guard p.isFinite, p > 0 else { throw EvolveRequestError("--period \(p): must be finite and > 0") }
    let total = times.last ?? 0
    let n = Int((total / p * (1 + 1e-12)).rounded(.down))
    guard n >= 2 else { throw EvolveRequestError("--stroboscopic: the final time \(total) holds fewer than 2 periods of \(p); raise --time") }
    guard n <= 1_000_000 else { throw EvolveRequestError("--stroboscopic: \(n) periods (at most 1000000)") }
    return ((0...n).map { Double($0) * p }, p)
  }
}

extension ModelEvolver {
  static func fillDriven(_ r: inout EvolveMethodResult, _ tr: DrivenFockTrajectory, temperatures: [String: Double], levels: [Int], period: Double?,
                         timeDependence: [String]) {
    r.engine = "fock-ode"
    r.baths = tr.bathNames.indices.map { b in
      EvolveBath(name: tr.bathNames[b], temperature: temperatures[tr.bathNames[b]] ?? .nan, heat: tr.heat[b], localHeat: tr.countedHeat[b],
                 integratedHeat: tr.integratedHeat[b], integratedLocalHeat: tr.integratedCountedHeat[b])
    }
    r.workRate = tr.workRate; r.integratedWork = tr.integratedWork; r.energy = tr.energy; r.energyRate = tr.energyRate
    r.driveWorkRate = tr.driveWorkRate; r.integratedDriveWork = tr.integratedDriveWork
    r.timeDependent = timeDependence
    r.occupations = tr.observableNames.indices.map { EvolveSeries(name: tr.observableNames[$0], values: tr.observables[$0]) }
    r.entropyProduction = tr.entropyProduction
    let diag = EvolveDiagnostics(firstLawResidual: tr.firstLawResidual, integratedFirstLawResidual: tr.integratedFirstLawResidual,
                                 minimumEigenvalue: tr.minimumEigenvalue?.min(), traceError: tr.traceError.max(),
                                 hermiticityError: tr.hermiticityError.max(), levels: levels, unknowns: tr.finalDensity.rows * tr.finalDensity.rows, seconds: 0)
    finishDriven(&r, diag, tr.ode, period: period, columns: tr.columns, integratedDriveWork: tr.integratedDriveWork, stateChange: tr.stateChange)
  }

  /// The ODE counters and, for a stroboscopic run, the per-cycle summary (shared by the Fock and Gaussian families).
  static func finishDriven(_ r: inout EvolveMethodResult, _ diagnostics: EvolveDiagnostics, _ ode: ODEReport, period: Double?, columns c: HeatColumns,
                           integratedDriveWork: [Double], stateChange: [Double]) {
    var diag = diagnostics
    diag.ode = EvolveODE(ode)
    r.diagnostics = diag
    if let p = period {
      r.stroboscopic = StroboscopicSummary(period: p, times: c.times, integratedHeat: c.integratedHeat, integratedLocalHeat: c.integratedCountedHeat,
                                           integratedWork: c.integratedWork, integratedDriveWork: integratedDriveWork, energy: c.energy,
                                           stateChange: stateChange, tolerance: ode.relativeTolerance)
    }
  }
}
