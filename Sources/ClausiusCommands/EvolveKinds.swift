import Clausius
import ClausiusIO
import Foundation
import Numerics
import ArgumentParser

/// `clausius evolve` per model kind: builds each requested master equation, the initial state from `--initial`, and runs
/// the library's evolution (ClausiusDynamics: `GaussianEvolution` for networks, `FockEvolution` for the Fock kinds).
/// Presentation only: every number comes from the library.
public enum ModelEvolver {
  /// The evolution of every requested equation of `d` from `initial` over `times`. `progress(method, k, n)` is called
  /// after each time point.
  public static func evolve(_ d: ModelDescription, initial: InitialStateSpec, initialText: String, times: [Double],
                            tolerance: Double = 1e-10, progress: ((String, Int, Int) -> Void)? = nil) throws -> EvolveDocument {
    var methods: [EvolveMethodResult] = []
    switch d {
    case let .network(m):
      for choice in m.equations {
        methods.append(run(choice.name) { r in
          let eq = try m.network.masterEquation(choice.derivation)
          let evolution = try GaussianEvolution(equation: eq)
          let start = try gaussianInitial(initial, network: m.network, equationName: choice.name)
          let tr = try evolution.evolve(from: start, times: times) { progress?(choice.name, $0, $1) }
          r.engine = "gaussian"
          r.baths = tr.bathNames.indices.map { b in
            EvolveBath(name: tr.bathNames[b], temperature: tr.temperatures[b], heat: tr.heat[b], localHeat: tr.countedHeat[b],
                       integratedHeat: tr.integratedHeat[b], integratedLocalHeat: tr.integratedCountedHeat[b])
          }
          r.workRate = tr.workRate; r.integratedWork = tr.integratedWork; r.energy = tr.energy; r.energyRate = tr.energyRate
          r.occupations = m.modeNames.indices.map { EvolveSeries(name: m.modeNames[$0], values: tr.occupations[$0]) }
          r.entropyProduction = tr.entropyProduction
          r.relaxationTime = evolution.relaxationTime
          r.diagnostics = EvolveDiagnostics(firstLawResidual: tr.firstLawResidual, integratedFirstLawResidual: tr.integratedFirstLawResidual,
                                            uncertaintyMargin: tr.uncertaintyMargin?.min(), seconds: 0)
        })
      }
    case let .optomechanical(m):
      for choice in m.equations {
        methods.append(run(choice.name) { r in
          let outcome = try KindSolver.solveFock(m, choice)
          let eq = outcome.equation
          let sys = m.system
          let space = eq.space
          let start: FockInitialState
          if eq.frame != "lab", !(initial == .vacuum || { if case .gibbs = initial { return true }; if case .steady = initial { return true }; return false }()) {
            throw ValidationError("--initial \(initialText): equation \(choice.name) is written in the \(eq.frame) frame; only vacuum, gibbs:T and steady:FILE are transformed to it (use sme or dsme for product, coherent or thermal states)")
          }
          let n0 = space.number(0), n1 = space.number(1)
          switch initial {
          case .vacuum where eq.frame != "lab":
            // The lab vacuum |0,0⟩ is invariant under the polaron transform U = exp(α n_c (b† − b)) (n_c|0⟩ = 0).
            start = .product(levels: [0, 0])
          case let .thermal(ts):
            let t = ts.count == 1 ? [ts[0], ts[0]] : ts
            guard t.count == 2, t.allSatisfy({ $0 > 0 }) else {
              throw ValidationError("--initial thermal: give one temperature or two (cavity, mechanics), each > 0")
            }
            // Product of thermal states of ω_c a†a at T_1 and ω_m b†b at T_2: the Gibbs state of (ω_c/T_1) n_c + (ω_m/T_2) n_m at T = 1.
            start = .gibbs(hamiltonian: (sys.omegaC / t[0]) * n0 + (sys.omegaM / t[1]) * n1, temperature: 1)
          case let .gibbs(t): start = .gibbs(hamiltonian: eq.hamiltonian, temperature: t)
          case let .steady(path):
            guard case let .optomechanical(other) = try loadOther(path) else { throw ValidationError("--initial steady:\(path): not an optomechanical model file") }
            let o = try KindSolver.solveFock(other, other.equations.first { $0.name == choice.name } ?? other.equations[0], system: nil)
            guard o.equation.space == eq.space else {
              throw ValidationError("--initial steady:\(path): its truncation \(o.levels) differs from this model's \(outcome.levels); give both files the same levels")
            }
            start = .steadyState(o.state)
          default: start = try fockInitial(initial, space: space)
          }
          let ev = FockEvolution(equation: eq, temperatures: sys.bathTemperatures)
          let tr = try ev.evolve(from: start, times: times, observables: [("cavity", n0), ("mechanics", n1)], tolerance: tolerance) { progress?(choice.name, $0, $1) }
          fill(&r, tr, temperatures: sys.bathTemperatures, levels: outcome.levels)
        })
      }
    case let .openSystem(m):
      for derivation in m.equations {
        methods.append(run(derivation.name) { r in
          let eq = try m.system.masterEquation(derivation)
          let space = m.system.space
          var start: FockInitialState
          switch initial {
          case let .gibbs(t): start = .gibbs(hamiltonian: eq.equation.hamiltonian, temperature: t)
          case .thermal: throw ValidationError("--initial thermal: an open-system model has no per-subsystem frequencies; use gibbs:T, vacuum, fock:… or coherent:…")
          case let .steady(path):
            guard case let .openSystem(other) = try loadOther(path) else { throw ValidationError("--initial steady:\(path): not an open-system model file") }
            let od = other.equations.first { $0.name == derivation.name } ?? other.equations[0]
            let sol = try other.system.solve(od, truncationTolerance: other.truncationTolerance)
            guard other.system.space == space else { throw ValidationError("--initial steady:\(path): its subsystems differ from this model's") }
            start = .density(sol.equation.basis.map { $0 * sol.state.density * $0.adjoint } ?? sol.state.density)
          default: start = try fockInitial(initial, space: space)
          }
          // States are given in the product basis; an eigenbasis equation evolves U†ρU.
          var isGibbs = false
          if case .gibbs = initial { isGibbs = true }   // already built from the equation's own H
          if let u = eq.basis, !isGibbs {
            let rho = try start.density(space: space)
            start = .density(u.adjoint * rho * u)
          }
          let temps = Dictionary(m.system.baths.map { ($0.name, $0.temperature) }, uniquingKeysWith: { a, _ in a })
          let ev = FockEvolution(equation: eq.equation, temperatures: temps, countingHamiltonians: eq.localCounting)
          let observables = space.subsystems.indices.map { (name: space.subsystems[$0].name, operator: eq.inEquationBasis(space.number($0))) }
          let tr = try ev.evolve(from: start, times: times, observables: observables, tolerance: tolerance) { progress?(derivation.name, $0, $1) }
          fill(&r, tr, temperatures: temps, levels: space.subsystems.map(\.dimension))
        })
      }
    case .cascaded, .ring:
      throw ValidationError("evolve: kind = \"\(d.kind)\" is not supported yet (networks, \"optomechanical\" and \"open-system\" are)")
    }
    return EvolveDocument(file: d.file, title: d.title, kind: d.kind, units: UnitsInfo(d.units), initial: initialText, times: times, methods: methods)
  }

  /// Runs one method, timing it and turning a thrown error into the method's `error` (usage errors are rethrown).
  static func run(_ name: String, _ body: (inout EvolveMethodResult) throws -> Void) -> EvolveMethodResult {
    var r = EvolveMethodResult(equation: name)
    let start = Date()
    do { try body(&r) } catch let e as ValidationError { r = EvolveMethodResult(equation: name); r.error = e.message } catch { r.error = "\(error)" }
    r.diagnostics?.seconds = Date().timeIntervalSince(start)
    return r
  }

  static func loadOther(_ path: String) throws -> ModelDescription {
    do { return try ModelDescription.load(path: path) } catch { throw ValidationError("--initial steady:\(path): \(error)") }
  }

  static func gaussianInitial(_ spec: InitialStateSpec, network: BosonicNetwork, equationName: String) throws -> GaussianInitialState {
    let n = network.modeCount
    switch spec {
    case .vacuum: return .vacuum
    case let .thermal(ts):
      guard ts.count == 1 || ts.count == n else { throw ValidationError("--initial thermal: give one temperature or one per mode (\(n))") }
      return .thermal(temperatures: ts.count == 1 ? Array(repeating: ts[0], count: n) : ts)
    case let .gibbs(t): return .gibbs(temperature: t)
    case let .coherent(a):
      guard a.count == n else { throw ValidationError("--initial coherent: give one amplitude per mode (\(n))") }
      return .coherent(amplitudes: a)
    case .fock: throw ValidationError("--initial fock: a Fock state is not Gaussian; a network evolves Gaussian states (vacuum, thermal, gibbs, coherent, steady)")
    case let .steady(path):
      guard case let .network(other) = try loadOther(path) else { throw ValidationError("--initial steady:\(path): not a network model file") }
      guard other.network.modeCount == n else { throw ValidationError("--initial steady:\(path): \(other.network.modeCount) modes, this model has \(n)") }
      let choice = other.equations.first { $0.name == equationName } ?? other.equations[0]
      return .steadyState(try other.network.masterEquation(choice.derivation).gaussianSteadyState())
    }
  }

  static func fockInitial(_ spec: InitialStateSpec, space: FockSpace) throws -> FockInitialState {
    let count = space.subsystems.count
    switch spec {
    case .vacuum: return .product(levels: Array(repeating: 0, count: count))
    case let .fock(ns):
      guard ns.count == count else { throw ValidationError("--initial fock: give one level per subsystem (\(count))") }
      return .product(levels: ns)
    case let .coherent(a):
      guard a.count == count else { throw ValidationError("--initial coherent: give one amplitude per subsystem (\(count); 0 for non-oscillators)") }
      return .coherent(amplitudes: a)
    default: throw ValidationError("--initial: not available for this model")
    }
  }

  static func fill(_ r: inout EvolveMethodResult, _ tr: FockTrajectory, temperatures: [String: Double], levels: [Int]) {
    r.engine = "fock"
    r.baths = tr.bathNames.indices.map { b in
      EvolveBath(name: tr.bathNames[b], temperature: temperatures[tr.bathNames[b]] ?? .nan, heat: tr.heat[b], localHeat: tr.countedHeat[b],
                 integratedHeat: tr.integratedHeat[b], integratedLocalHeat: tr.integratedCountedHeat[b])
    }
    r.workRate = tr.workRate; r.integratedWork = tr.integratedWork; r.energy = tr.energy; r.energyRate = tr.energyRate
    r.occupations = tr.observableNames.indices.map { EvolveSeries(name: tr.observableNames[$0], values: tr.observables[$0]) }
    r.entropyProduction = tr.entropyProduction
    r.diagnostics = EvolveDiagnostics(firstLawResidual: tr.firstLawResidual, integratedFirstLawResidual: tr.integratedFirstLawResidual,
                                      minimumEigenvalue: tr.minimumEigenvalue?.min(), traceError: tr.traceError.max(),
                                      hermiticityError: tr.hermiticityError.max(), krylovProducts: tr.krylov.products, krylovSteps: tr.krylov.steps,
                                      krylovErrorEstimate: tr.krylov.errorEstimate, levels: levels, unknowns: tr.unknowns,
                                      symmetry: tr.symmetry, seconds: 0)
  }
}
