import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusSteadyState

/// `evolve` for paper 002's ring (`kind = "optomechanical-ring"`): exact Gaussian moment dynamics (ClausiusDynamics
/// `GaussianEvolution`) of the 2L-mode linearised model (Eq. 4) that `solve` solves, in its frame (optical modes rotating
/// at the laser frequency), so long times reach `solve`'s steady state and currents.
extension OptomechanicalRingModelFile {
  public func evolve(_ request: EvolveRequest) throws -> [EvolveMethodResult] {
    [ModelEvolver.run("linearised") { r in
      if isTimeDependent || request.stroboscopic { return try evolveDriven(request, &r) }
      let eq = try OptomechanicalLinearisation.ring(theory).exactEquation()
      let evolution = try GaussianEvolution(equation: eq)
      let tr = try evolution.evolve(from: try ringInitialState(request.initial), times: request.times) { request.progress?("linearised", $0, $1) }
      ModelEvolver.fillGaussian(&r, tr, evolution, modeNames: modeNames, finalState: request.finalState)
    }]
  }

  /// The initial state of `--initial` for the 2L-mode ring (modes c0…, d0…).
  func ringInitialState(_ spec: InitialStateSpec) throws -> GaussianInitialState {
    let n = 2 * theory.siteCount
    return try ModelEvolver.gaussianStart(spec, modes: n, unit: "mode (\(n): c0…, d0…)", subject: "the linearised ring") { path in
      guard let other = try ModelEvolver.loadOther(path).as(OptomechanicalRingModelFile.self) else {
        throw EvolveRequestError("--initial steady:\(path): not an optomechanical-ring model file")
      }
      guard other.theory.siteCount == theory.siteCount else { throw EvolveRequestError("--initial steady:\(path): \(other.theory.siteCount) sites, this model has \(theory.siteCount)") }
      return .steadyState(try OptomechanicalLinearisation.ring(other.theory).exactEquation().gaussianSteadyState())
    }
  }
}
