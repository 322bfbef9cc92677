import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels

extension ModelEvolver {
  /// Fills `r` from a Gaussian trajectory (heat and local heat per bath with their exact integrals, work, ⟨H⟩,
  /// d⟨H⟩/dt, occupations under `modeNames`, Σ(t), the relaxation time and the first-law diagnostics).
  /// `finalState`: keep the final moments (`EvolveRequest.finalState`).
  static func fillGaussian(_ r: inout EvolveMethodResult, _ tr: GaussianTrajectory, _ evolution: GaussianEvolution, modeNames: [String],
                           finalState: Bool) {
    r.engine = "gaussian"
    r.baths = tr.bathNames.indices.map { b in
      EvolveBath(name: tr.bathNames[b], temperature: tr.temperatures[b], heat: tr.heat[b], localHeat: tr.countedHeat[b],
                 integratedHeat: tr.integratedHeat[b], integratedLocalHeat: tr.integratedCountedHeat[b])
    }
    r.workRate = tr.workRate; r.integratedWork = tr.integratedWork; r.energy = tr.energy; r.energyRate = tr.energyRate
    r.occupations = modeNames.indices.map { EvolveSeries(name: modeNames[$0], values: tr.occupations[$0]) }
    r.entropyProduction = tr.entropyProduction
    r.relaxationTime = evolution.relaxationTime
    if finalState { r.finalState = GaussianMoments(time: tr.times.last, covariance: tr.finalCovariance, mean: tr.finalMean) }
    r.diagnostics = EvolveDiagnostics(firstLawResidual: tr.firstLawResidual, integratedFirstLawResidual: tr.integratedFirstLawResidual,
                                      uncertaintyMargin: tr.uncertaintyMargin?.min(), seconds: 0)
  }
}

extension ModelEvolver {
  /// Fills `r` from a time-dependent Gaussian trajectory (CVODE, `DrivenGaussianEvolution`): heat and local heat with
  /// their integrals, work, drive work, ⟨H⟩, occupations under `modeNames`, the modulated entries, the ODE counters and,
  /// with a `period`, the stroboscopic summary. `temperatures`: per bath, in the trajectory's order.
  static func fillDrivenGaussian(_ r: inout EvolveMethodResult, _ tr: DrivenGaussianTrajectory, temperatures: [Double], modeNames: [String],
                                 timeDependent: [String], period: Double?, finalState: Bool) {
    r.engine = "gaussian-ode"
    r.baths = tr.bathNames.indices.map { b in
      EvolveBath(name: tr.bathNames[b], temperature: temperatures[b], heat: tr.heat[b], localHeat: tr.countedHeat[b],
                 integratedHeat: tr.integratedHeat[b], integratedLocalHeat: tr.integratedCountedHeat[b])
    }
    r.workRate = tr.workRate; r.integratedWork = tr.integratedWork; r.energy = tr.energy; r.energyRate = tr.energyRate
    r.driveWorkRate = tr.driveWorkRate; r.integratedDriveWork = tr.integratedDriveWork
    r.timeDependent = timeDependent
    if finalState { r.finalState = GaussianMoments(time: tr.times.last, covariance: tr.finalCovariance, mean: tr.finalMean) }
    r.occupations = modeNames.indices.map { EvolveSeries(name: modeNames[$0], values: tr.occupations[$0]) }
    finishDriven(&r, EvolveDiagnostics(firstLawResidual: tr.firstLawResidual, integratedFirstLawResidual: tr.integratedFirstLawResidual,
                                       uncertaintyMargin: tr.uncertaintyMargin.filter { !$0.isNaN }.min(), seconds: 0),
                 tr.ode, period: period, columns: tr.columns, integratedDriveWork: tr.integratedDriveWork, stateChange: tr.stateChange)
  }
}

extension ModelEvolver {
  /// `--initial` for a Gaussian family with `n` modes: vacuum, coherent (one amplitude per mode), thermal (one
  /// temperature or one per mode, resolved by `thermal`), gibbs (`gibbs`) and steady:FILE (`steady`); a Fock state is
  /// refused. `unit` names the modes in messages ("mode (4)", "oscillator (2)"), `subject` the model ("a network").
  static func gaussianStart(_ spec: InitialStateSpec, modes n: Int, unit: String, subject: String, equation: String? = nil,
                            thermal: ([Double]) throws -> GaussianInitialState = { .thermal(temperatures: $0) },
                            gibbs: (Double) throws -> GaussianInitialState = { .gibbs(temperature: $0) },
                            steady: (String) throws -> GaussianInitialState) throws -> GaussianInitialState {
    switch spec {
    case .vacuum: return .vacuum
    case let .thermal(ts):
      guard ts.count == 1 || ts.count == n else { throw EvolveRequestError("--initial thermal: give one temperature or one per \(unit)") }
      return try thermal(ts.count == 1 ? Array(repeating: ts[0], count: n) : ts)
    case let .gibbs(t): return try gibbs(t)
    case let .coherent(a):
      guard a.count == n else { throw EvolveRequestError("--initial coherent: give one amplitude per \(unit)") }
      return .coherent(amplitudes: a)
    case .fock: throw EvolveRequestError("--initial fock: a Fock state is not Gaussian; \(subject) evolves Gaussian states (vacuum, thermal, gibbs, coherent, steady)")
    case let .steady(path): return try steady(path)
    case let .moments(path):
      let (m, key) = try GaussianMoments.load(path: path, equation: equation)
      return try m.initialState(modes: n, file: path, key: key)
    }
  }
}
