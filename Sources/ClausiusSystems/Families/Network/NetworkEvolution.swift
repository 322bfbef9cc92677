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

/// `evolve` for networks: exact Gaussian moment dynamics (ClausiusDynamics `GaussianEvolution`); with
/// `--interaction-time τ` the collisional equation is paper 003's collision model at τ (NetworkCollisionEvolution.swift)
/// and every equation is evolved at the stroke boundaries.
extension ModelFile {
  public func evolve(_ request: EvolveRequest) throws -> [EvolveMethodResult] {
    var methods: [EvolveMethodResult] = []
    var request = request
    let plan = try request.interactionTime.map { _ in try collisionPlan(request) }
    if let plan { request.times = plan.times }
      for choice in self.equations {
        methods.append(ModelEvolver.run(choice.name) { r in
          if let plan, choice == .collisional { return try self.evolveCollisions(plan, request, &r) }
          if self.isTimeDependent || request.stroboscopic { return try self.evolveDriven(choice, request, &r) }
          let eq = try self.network.masterEquation(choice)
          let evolution = try GaussianEvolution(equation: eq)
          let start = try ModelEvolver.gaussianInitial(request.initial, network: self.network, equationName: choice.name)
          let tr = try evolution.evolve(from: start, times: request.times) { request.progress?(choice.name, $0, $1) }
          ModelEvolver.fillGaussian(&r, tr, evolution, modeNames: self.modeNames, finalState: request.finalState)
        })
      }
    return methods
  }
}
