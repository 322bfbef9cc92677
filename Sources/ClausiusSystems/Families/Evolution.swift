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

/// `clausius evolve` per model kind: builds each requested master equation, the initial state from `--initial`, and runs
/// the library's evolution (ClausiusDynamics: `GaussianEvolution` for networks, `FockEvolution` for the Fock kinds).
/// Presentation only: every number comes from the library.
/// What `evolve` is asked: the initial state (as given and parsed), the output times, the Krylov tolerance (Fock
/// engines) and a progress callback `progress(method, k, n)` called after each time point.
public struct EvolveRequest {
  public var initial: InitialStateSpec
  public var initialText: String
  public var times: [Double]
  public var tolerance: Double
  public var progress: ((String, Int, Int) -> Void)?
  /// Stroboscopic mode (time-dependent generators): one output per period P = `period` (or the model's modulation
  /// period), up to the last of `times`; the result carries the per-cycle averages and the periodic steady state.
  public var stroboscopic = false
  public var period: Double? = nil
  /// Time-dependent Fock models: CVODE's method ("bdf" | "adams").
  public var odeMethod = "bdf"
  /// `odeMethod` as CVODE's method; an unknown name is a usage error.
  public func cvodeMethod() throws -> CVODEIntegrator.Method {
    guard let method = CVODEIntegrator.Method(rawValue: odeMethod) else {
      throw EvolveRequestError("--ode-method \(odeMethod): allowed: \(CVODEIntegrator.Method.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return method
  }
  /// Keep each Gaussian method's final moments in the result (`EvolveMethodResult.finalState`; `evolve --final-state`).
  public var finalState = false
  /// `--interaction-time τ`: the `collisional` equation of a network is stepped as paper 003's collision model at this
  /// finite τ (`CollisionModel`) instead of its τ → 0 limit (the local equation), and every output time is mapped to
  /// the stroke boundary nτ at or before it (NetworkCollisionEvolution.swift). nil: the limit.
  public var interactionTime: Double? = nil
  public init(initial: InitialStateSpec, initialText: String, times: [Double], tolerance: Double = 1e-10, progress: ((String, Int, Int) -> Void)? = nil) {
    self.initial = initial; self.initialText = initialText; self.times = times; self.tolerance = tolerance; self.progress = progress
  }
}

extension ModelDescription {
  /// The evolution of every requested equation of this model (its family's `evolve`; ClausiusDynamics:
  /// `GaussianEvolution` for networks, `FockEvolution` for the Fock families). Throws `EvolveRequestError` for a
  /// request the family cannot run.
  public func evolve(_ request: EvolveRequest) throws -> EvolveDocument {
    var times = request.times
    if let tau = request.interactionTime {
      // The finite-τ collision model: outputs at the stroke boundaries (refused before any work by other families).
      guard let f = family as? any CollisionSteppingFamily else {
        throw EvolveRequestError("--interaction-time \(tau): the finite-τ collision model (paper 003) is stepped for quadratic networks (kind = \"network\"); this is a \(kind) model")
      }
      times = try f.collisionOutputTimes(request)
    }
    let methods = try family.evolve(request)
    if request.stroboscopic {
      // One output per period (the family resolved the grid); families without time-dependent generators refuse.
      guard let s = methods.compactMap(\.stroboscopic).first else {
        if let e = methods.compactMap(\.error).first { throw EvolveRequestError(e) }
        throw EvolveRequestError("--stroboscopic/--period: available for open-system models (time-dependent generators); this is a \(kind) model")
      }
      times = (0...s.cycles).map { Double($0) * s.period }
    }
    return EvolveDocument(file: file, title: title, kind: kind, units: UnitsInfo(units), initial: request.initialText, times: times, methods: methods)
  }
}

/// Shared pieces of the families' `evolve`.
public enum ModelEvolver {
  /// Runs one method, timing it and turning a thrown error into the method's `error` (usage errors are rethrown).
  static func run(_ name: String, _ body: (inout EvolveMethodResult) throws -> Void) -> EvolveMethodResult {
    var r = EvolveMethodResult(equation: name)
    let start = Date()
    do { try body(&r) } catch let e as EvolveRequestError { r = EvolveMethodResult(equation: name); r.error = e.message } catch { r.error = "\(error)" }
    r.diagnostics?.seconds = Date().timeIntervalSince(start)
    return r
  }

  static func loadOther(_ path: String) throws -> ModelDescription {
    do { return try ModelDescription.load(path: path) } catch { throw EvolveRequestError("--initial steady:\(path): \(error)") }
  }

  static func gaussianInitial(_ spec: InitialStateSpec, network: BosonicNetwork, equationName: String) throws -> GaussianInitialState {
    let n = network.modeCount
    return try gaussianStart(spec, modes: n, unit: "mode (\(n))", subject: "a network", equation: equationName) { path in
      guard let other = try loadOther(path).as(ModelFile.self) else { throw EvolveRequestError("--initial steady:\(path): not a network model file") }
      guard other.network.modeCount == n else { throw EvolveRequestError("--initial steady:\(path): \(other.network.modeCount) modes, this model has \(n)") }
      let choice = other.equations.first { $0.name == equationName } ?? other.equations[0]
      return .steadyState(try other.network.masterEquation(choice).gaussianSteadyState())
    }
  }

  static func fockInitial(_ spec: InitialStateSpec, space: FockSpace) throws -> FockInitialState {
    let count = space.subsystems.count
    switch spec {
    case .vacuum: return .product(levels: Array(repeating: 0, count: count))
    case let .fock(ns):
      guard ns.count == count else { throw EvolveRequestError("--initial fock: give one level per subsystem (\(count))") }
      return .product(levels: ns)
    case let .coherent(a):
      guard a.count == count else { throw EvolveRequestError("--initial coherent: give one amplitude per subsystem (\(count); 0 for non-oscillators)") }
      return .coherent(amplitudes: a)
    case .moments: throw EvolveRequestError("--initial moments: a Gaussian state given by its moments is for the Gaussian kinds (networks, cascades, rings); this model evolves a density matrix (vacuum, fock, coherent, thermal, gibbs, steady)")
    default: throw EvolveRequestError("--initial: not available for this model")
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

extension ModelEvolver {
  /// `[output] relaxation = true` of a Fock family: the Liouvillian gap of the evolution's generator, the same block
  /// as `solve`'s `methods[].relaxation` (`RelaxationResult`, `FockEvolution.spectralGap`), and `relaxationTime` = 1/gap.
  static func addGap(_ r: inout EvolveMethodResult, _ evolution: FockEvolution) {
    let g = RelaxationResult(evolution)
    r.relaxation = g
    r.relaxationTime = g.relaxationTime
  }

  /// `[output] relaxation = true` with a time-dependent generator: no gap (the Liouvillian changes along time).
  static func noteNoGap(_ r: inout EvolveMethodResult) {
    r.diagnostics?.warnings.append("[output] relaxation: the Liouvillian gap is reported for time-independent generators only; this one depends on time")
  }
}
