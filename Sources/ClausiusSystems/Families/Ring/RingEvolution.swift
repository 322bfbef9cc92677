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
      ModelEvolver.fillGaussian(&r, tr, evolution, modeNames: modeNames)
    }]
  }

  /// The initial state of `--initial` for the 2L-mode ring (modes c0…, d0…).
  func ringInitialState(_ spec: InitialStateSpec) throws -> GaussianInitialState {
    let n = 2 * theory.siteCount
    switch spec {
    case .vacuum: return .vacuum
    case let .thermal(ts):
      guard ts.count == 1 || ts.count == n else { throw EvolveRequestError("--initial thermal: give one temperature or one per mode (\(n): c0…, d0…)") }
      return .thermal(temperatures: ts.count == 1 ? Array(repeating: ts[0], count: n) : ts)
    case let .gibbs(t): return .gibbs(temperature: t)
    case let .coherent(a):
      guard a.count == n else { throw EvolveRequestError("--initial coherent: give one amplitude per mode (\(n): c0…, d0…)") }
      return .coherent(amplitudes: a)
    case .fock: throw EvolveRequestError("--initial fock: a Fock state is not Gaussian; the linearised ring evolves Gaussian states")
    case let .steady(path):
      guard let other = try ModelEvolver.loadOther(path).as(OptomechanicalRingModelFile.self) else {
        throw EvolveRequestError("--initial steady:\(path): not an optomechanical-ring model file")
      }
      guard other.theory.siteCount == theory.siteCount else { throw EvolveRequestError("--initial steady:\(path): \(other.theory.siteCount) sites, this model has \(theory.siteCount)") }
      return .steadyState(try OptomechanicalLinearisation.ring(other.theory).exactEquation().gaussianSteadyState())
    }
  }
}
