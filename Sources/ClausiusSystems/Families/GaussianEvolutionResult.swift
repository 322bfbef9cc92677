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
