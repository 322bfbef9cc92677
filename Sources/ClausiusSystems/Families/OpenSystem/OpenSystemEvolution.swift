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

/// `evolve` for open systems: Krylov propagation of ρ in the equation's basis (ClausiusDynamics `FockEvolution`).
extension OpenSystemModelFile {
  public func evolve(_ request: EvolveRequest) throws -> [EvolveMethodResult] {
    var methods: [EvolveMethodResult] = []
      for derivation in self.equations {
        methods.append(ModelEvolver.run(derivation.name) { r in
          if self.isTimeDependent || request.stroboscopic {
            try self.evolveDriven(derivation, request, &r)
            if self.writesRelaxation { ModelEvolver.noteNoGap(&r) }
            return
          }
          let eq = try self.system.masterEquation(derivation)
          let space = self.system.space
          var start: FockInitialState
          switch request.initial {
          case let .gibbs(t): start = .gibbs(hamiltonian: eq.equation.hamiltonian, temperature: t)
          case .thermal: throw EvolveRequestError("--initial thermal: an open-system model has no per-subsystem frequencies; use gibbs:T, vacuum, fock:… or coherent:…")
          case let .steady(path):
            guard let other = try ModelEvolver.loadOther(path).as(OpenSystemModelFile.self) else { throw EvolveRequestError("--initial steady:\(path): not an open-system model file") }
            let od = other.equations.first { $0.name == derivation.name } ?? other.equations[0]
            let sol = try other.system.solve(od, truncationTolerance: other.truncationTolerance)
            guard other.system.space == space else { throw EvolveRequestError("--initial steady:\(path): its subsystems differ from this model's") }
            start = .density(sol.productBasisState)
          default: start = try ModelEvolver.fockInitial(request.initial, space: space)
          }
          // States are given in the product basis; an eigenbasis equation evolves U†ρU.
          var isGibbs = false
          if case .gibbs = request.initial { isGibbs = true }   // already built from the equation's own H
          if let u = eq.basis, !isGibbs {
            let rho = try start.density(space: space)
            start = .density(u.adjoint * rho * u)
          }
          let temps = Dictionary(self.system.baths.map { ($0.name, $0.temperature) }, uniquingKeysWith: { a, _ in a })
          let ev = FockEvolution(equation: eq.equation, temperatures: temps, countingHamiltonians: eq.localCounting)
          let observables = space.subsystems.indices.map { (name: space.subsystems[$0].name, operator: eq.inEquationBasis(space.number($0))) }
          let tr = try ev.evolve(from: start, times: request.times, observables: observables, tolerance: request.tolerance) { request.progress?(derivation.name, $0, $1) }
          ModelEvolver.fill(&r, tr, temperatures: temps, levels: space.subsystems.map(\.dimension))
          if self.writesRelaxation { ModelEvolver.addGap(&r, ev) }
        })
      }
    return methods
  }
}
