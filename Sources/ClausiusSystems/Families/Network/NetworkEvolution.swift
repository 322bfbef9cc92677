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

/// `evolve` for networks: exact Gaussian moment dynamics (ClausiusDynamics `GaussianEvolution`).
extension ModelFile {
  public func evolve(_ request: EvolveRequest) throws -> [EvolveMethodResult] {
    var methods: [EvolveMethodResult] = []
      for choice in self.equations {
        methods.append(ModelEvolver.run(choice.name) { r in
          if self.isTimeDependent || request.stroboscopic { return try self.evolveDriven(choice, request, &r) }
          let eq = try self.network.masterEquation(choice.derivation)
          let evolution = try GaussianEvolution(equation: eq)
          let start = try ModelEvolver.gaussianInitial(request.initial, network: self.network, equationName: choice.name)
          let tr = try evolution.evolve(from: start, times: request.times) { request.progress?(choice.name, $0, $1) }
          r.engine = "gaussian"
          r.baths = tr.bathNames.indices.map { b in
            EvolveBath(name: tr.bathNames[b], temperature: tr.temperatures[b], heat: tr.heat[b], localHeat: tr.countedHeat[b],
                       integratedHeat: tr.integratedHeat[b], integratedLocalHeat: tr.integratedCountedHeat[b])
          }
          r.workRate = tr.workRate; r.integratedWork = tr.integratedWork; r.energy = tr.energy; r.energyRate = tr.energyRate
          r.occupations = self.modeNames.indices.map { EvolveSeries(name: self.modeNames[$0], values: tr.occupations[$0]) }
          r.entropyProduction = tr.entropyProduction
          r.relaxationTime = evolution.relaxationTime
          r.diagnostics = EvolveDiagnostics(firstLawResidual: tr.firstLawResidual, integratedFirstLawResidual: tr.integratedFirstLawResidual,
                                            uncertaintyMargin: tr.uncertaintyMargin?.min(), seconds: 0)
        })
      }
    return methods
  }
}
