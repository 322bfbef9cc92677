import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels

extension ModelEvolver {
  /// Fills `r` from a Gaussian trajectory (heat and local heat per bath with their exact integrals, work, ⟨H⟩,
  /// d⟨H⟩/dt, occupations under `modeNames`, Σ(t), the relaxation time and the first-law diagnostics).
  static func fillGaussian(_ r: inout EvolveMethodResult, _ tr: GaussianTrajectory, _ evolution: GaussianEvolution, modeNames: [String]) {
    r.engine = "gaussian"
    r.baths = tr.bathNames.indices.map { b in
      EvolveBath(name: tr.bathNames[b], temperature: tr.temperatures[b], heat: tr.heat[b], localHeat: tr.countedHeat[b],
                 integratedHeat: tr.integratedHeat[b], integratedLocalHeat: tr.integratedCountedHeat[b])
    }
    r.workRate = tr.workRate; r.integratedWork = tr.integratedWork; r.energy = tr.energy; r.energyRate = tr.energyRate
    r.occupations = modeNames.indices.map { EvolveSeries(name: modeNames[$0], values: tr.occupations[$0]) }
    r.entropyProduction = tr.entropyProduction
    r.relaxationTime = evolution.relaxationTime
    r.diagnostics = EvolveDiagnostics(firstLawResidual: tr.firstLawResidual, integratedFirstLawResidual: tr.integratedFirstLawResidual,
                                      uncertaintyMargin: tr.uncertaintyMargin?.min(), seconds: 0)
  }
}

extension ModelEvolver {
  /// Fills `r` from a time-dependent Gaussian trajectory (CVODE, `DrivenGaussianEvolution`): heat and local heat with
  /// their integrals, work, drive work, ⟨H⟩, occupations under `modeNames`, the modulated entries, the ODE counters and,
  /// with a `period`, the stroboscopic summary. `temperatures`: per bath, in the trajectory's order.
  static func fillDrivenGaussian(_ r: inout EvolveMethodResult, _ tr: DrivenGaussianTrajectory, temperatures: [Double], modeNames: [String],
                                 timeDependent: [String], period: Double?) {
    r.engine = "gaussian-ode"
    r.baths = tr.bathNames.indices.map { b in
      EvolveBath(name: tr.bathNames[b], temperature: temperatures[b], heat: tr.heat[b], localHeat: tr.countedHeat[b],
                 integratedHeat: tr.integratedHeat[b], integratedLocalHeat: tr.integratedCountedHeat[b])
    }
    r.workRate = tr.workRate; r.integratedWork = tr.integratedWork; r.energy = tr.energy; r.energyRate = tr.energyRate
    r.driveWorkRate = tr.driveWorkRate; r.integratedDriveWork = tr.integratedDriveWork
    r.timeDependent = timeDependent
    r.occupations = modeNames.indices.map { EvolveSeries(name: modeNames[$0], values: tr.occupations[$0]) }
    finishDriven(&r, EvolveDiagnostics(firstLawResidual: tr.firstLawResidual, integratedFirstLawResidual: tr.integratedFirstLawResidual,
                                       uncertaintyMargin: tr.uncertaintyMargin.filter { !$0.isNaN }.min(), seconds: 0),
                 tr.ode, period: period, columns: tr.columns, integratedDriveWork: tr.integratedDriveWork, stateChange: tr.stateChange)
  }
}
