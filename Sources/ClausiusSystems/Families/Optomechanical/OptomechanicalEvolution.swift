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

/// `evolve` for paper 000's model: Krylov propagation of ρ (ClausiusDynamics `FockEvolution`); polaron-frame
/// equations take the initial states that are transformed to their frame.
extension OptomechanicalModelFile {
  public func evolve(_ request: EvolveRequest) throws -> [EvolveMethodResult] {
    var methods: [EvolveMethodResult] = []
      for choice in self.equations {
        methods.append(ModelEvolver.run(choice.name) { r in
          if self.isTimeDependent || request.stroboscopic {
            try self.evolveDriven(choice, request, &r)
            if self.writesRelaxation { ModelEvolver.noteNoGap(&r) }
            return
          }
          let outcome = try KindSolver.solveFock(self, choice)
          let eq = outcome.equation
          let sys = self.system
          let n0 = eq.space.number(0), n1 = eq.space.number(1)
          let start = try fockInitialState(request, choice, outcome)
          let ev = FockEvolution(equation: eq, temperatures: sys.bathTemperatures,
                                 countingHamiltonians: Self.detailedBalanceHamiltonians(sys, choice, eq))
          let tr = try ev.evolve(from: start, times: request.times, observables: [("cavity", n0), ("mechanics", n1)], tolerance: request.tolerance) { request.progress?(choice.name, $0, $1) }
          ModelEvolver.fill(&r, tr, temperatures: sys.bathTemperatures, levels: outcome.levels)
          if self.writesRelaxation { ModelEvolver.addGap(&r, ev) }
        })
      }
    return methods
  }

  /// `--initial` for equation `choice` (its solved `outcome`: equation, frame and truncation).
  func fockInitialState(_ request: EvolveRequest, _ choice: Derivation, _ outcome: KindSolver.FockOutcome) throws -> FockInitialState {
    let eq = outcome.equation, sys = system, space = eq.space
    if eq.frame != "lab", !(request.initial == .vacuum || { if case .gibbs = request.initial { return true }; if case .steady = request.initial { return true }; return false }()) {
      throw EvolveRequestError("--initial \(request.initialText): equation \(choice.name) is written in the \(eq.frame) frame; only vacuum, gibbs:T and steady:FILE are transformed to it (use sme or dsme for product, coherent or thermal states)")
    }
    let n0 = space.number(0), n1 = space.number(1)
    switch request.initial {
    case .vacuum where eq.frame != "lab":
      // The lab vacuum |0,0⟩ is invariant under the polaron transform U = exp(α n_c (b† − b)) (n_c|0⟩ = 0).
      return .product(levels: [0, 0])
    case let .thermal(ts):
      let t = ts.count == 1 ? [ts[0], ts[0]] : ts
      guard t.count == 2, t.allSatisfy({ $0 > 0 }) else {
        throw EvolveRequestError("--initial thermal: give one temperature or two (cavity, mechanics), each > 0")
      }
      // Product of thermal states of ω_c a†a at T_1 and ω_m b†b at T_2: the Gibbs state of (ω_c/T_1) n_c + (ω_m/T_2) n_m at T = 1.
      return .gibbs(hamiltonian: (sys.omegaC / t[0]) * n0 + (sys.omegaM / t[1]) * n1, temperature: 1)
    case let .gibbs(t): return .gibbs(hamiltonian: eq.hamiltonian, temperature: t)
    case let .steady(path):
      guard let other = try ModelEvolver.loadOther(path).as(OptomechanicalModelFile.self) else { throw EvolveRequestError("--initial steady:\(path): not an optomechanical model file") }
      let o = try KindSolver.solveFock(other, other.equations.first { $0.name == choice.name } ?? other.equations[0], system: nil)
      guard o.equation.space == eq.space else {
        throw EvolveRequestError("--initial steady:\(path): its truncation \(o.levels) differs from this model's \(outcome.levels); give both files the same levels")
      }
      return .steadyState(o.state)
    default: return try ModelEvolver.fockInitial(request.initial, space: space)
    }
  }
}
