import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import Foundation

/// A family that steps paper 003's collision model at finite τ (`evolve --interaction-time τ`). `ModelDescription.evolve`
/// refuses the option for the other families before any work and takes the document's times (the stroke boundaries)
/// from this one.
protocol CollisionSteppingFamily {
  /// The output times of `request` mapped to the stroke boundaries nτ at or before them; throws `EvolveRequestError`
  /// when the collision model does not apply to this request.
  func collisionOutputTimes(_ request: EvolveRequest) throws -> [Double]
}

/// `methods[].collision` of `evolve --interaction-time τ` (docs/output-format.md): paper 003's collision model at
/// finite τ. The common lists of the method are the collision model's: `baths[].heat` = `localHeat` = δQ_i/τ, the
/// per-collision average heat current of the collision that starts at each output time (the ancilla's energy, the one
/// heat of the collision model; its τ → 0 limit is the local equation's `localHeat`, Eq. 41), `workRate` = δW/τ (the
/// switching work, Eq. B7), `energyRate` = ΔE_S/τ, the integrated heat and work summed collision by collision.
public struct CollisionSummary: Codable, Sendable {
  /// τ (1/ω_u).
  public var interactionTime: Double
  /// The stroke index n of each output time (times[k] = collisions[k] τ).
  public var collisions: [Int]
  /// [requested, boundary] for each requested time that was not a stroke boundary and moved to the one before it
  /// (absent when none moved; requested times landing on the same boundary appear once in `times`).
  public var movedTimes: [[Double]]?
  /// max over every collision of the energy-conservation residual |ΔE_S + Σ_iΔE_{E_i} − δW| relative to the energy
  /// moved plus a round-off floor (Eq. B8; `CollisionSamples.strokeEnergyResidual`) — also `diagnostics.firstLawResidual`.
  public var strokeEnergyResidual: Double
  /// The largest deviations from the local master equation (the τ → 0 limit, evolved exactly at the same times from
  /// the same state): O(τ).
  public var localEquation: CollisionLocalDeviation?
  /// Why the local equation could not be evolved (then `localEquation` is absent).
  public var localEquationError: String?
}

/// max over the output times (and baths, modes) of |collision model − local master equation|, in the file's units.
public struct CollisionLocalDeviation: Codable, Sendable {
  /// |δQ_i/τ − Q̇_i^local| (heat current; the local equation's `localHeat`).
  public var heat: Double
  /// |Σ δQ_i − Q_i^local|.
  public var integratedHeat: Double
  /// |δW/τ − Ẇ| and |Σ δW − W|.
  public var workRate: Double
  public var integratedWork: Double
  /// |⟨H_S⟩ − ⟨H_S⟩^local| and |n_j − n_j^local|.
  public var energy: Double
  public var occupations: Double
}

/// `evolve --interaction-time τ` for networks: the `collisional` equation is stepped as paper 003's collision model at
/// finite τ (ClausiusDynamics `CollisionModel.evolve(from:collisions:)`) instead of its τ → 0 limit; every equation is
/// evolved at the stroke boundaries, so `--equations collisional local` puts the two side by side.
extension ModelFile: CollisionSteppingFamily {
  struct CollisionPlan {
    let model: CollisionModel
    let collisions: [Int]
    let moved: [(requested: Double, boundary: Double)]
    var times: [Double] { collisions.map { Double($0) * model.interactionTime } }
  }

  /// Checks that the collision model applies to `request` (a time-independent network without drives, no
  /// --stroboscopic, a `collisional` equation, a state without a mean) and maps its times to the stroke boundaries.
  func collisionPlan(_ request: EvolveRequest) throws -> CollisionPlan {
    guard let tau = request.interactionTime else { throw EvolveRequestError("--interaction-time: not given") }
    let option = "--interaction-time \(tau)"
    guard tau.isFinite, tau > 0 else { throw EvolveRequestError("\(option): must be finite and > 0") }
    guard !request.stroboscopic else { throw EvolveRequestError("\(option): the collision model has its own stroke period τ; not with --stroboscopic/--period") }
    guard !isTimeDependent else {
      throw EvolveRequestError("\(option): the collision model is stepped for time-independent networks; this file's couplings, drives or temperatures depend on time (docs/model-format.md, \"Time-dependent parameters\")")
    }
    guard equations.contains(.collisional) else {
      throw EvolveRequestError("\(option): steps the collisional equation at finite τ, and this run's equations are \(equations.map(\.name).joined(separator: ", ")); add it (--equations collisional [local …])")
    }
    if case .coherent = request.initial {
      throw EvolveRequestError("--initial \(request.initialText): the collision model (\(option)) is stepped for states without a mean: vacuum, thermal, gibbs, steady")
    }
    let model: CollisionModel
    do { model = try CollisionModel(network: network, interactionTime: tau) } catch { throw EvolveRequestError("\(option): \(error)") }
    do {
      let b = try CollisionModel.strokeBoundaries(times: request.times, interactionTime: tau)
      return CollisionPlan(model: model, collisions: b.collisions, moved: b.moved)
    } catch { throw EvolveRequestError("\(option): \(error)") }
  }

  func collisionOutputTimes(_ request: EvolveRequest) throws -> [Double] { try collisionPlan(request).times }

  /// Steps the collision model of `plan` from the request's state and fills `r` (engine "collision").
  func evolveCollisions(_ plan: CollisionPlan, _ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let name = Derivation.collisional.name
    let start = try ModelEvolver.gaussianInitial(request.initial, network: network, equationName: name)
    let s = try plan.model.evolve(from: start, collisions: plan.collisions) { request.progress?(name, $0, $1) }
    r.engine = "collision"
    r.baths = s.bathNames.indices.map { b in
      EvolveBath(name: s.bathNames[b], temperature: s.temperatures[b], heat: s.heatRate[b], localHeat: s.heatRate[b],
                 integratedHeat: s.integratedHeat[b], integratedLocalHeat: s.integratedHeat[b])
    }
    r.workRate = s.workRate; r.integratedWork = s.integratedWork; r.energy = s.energy; r.energyRate = s.energyRate
    r.occupations = modeNames.indices.map { EvolveSeries(name: modeNames[$0], values: s.occupations[$0]) }
    r.entropyProduction = s.entropyProduction
    r.relaxationTime = s.relaxationTime
    var d = EvolveDiagnostics(firstLawResidual: s.strokeEnergyResidual, integratedFirstLawResidual: s.integratedFirstLawResidual,
                              uncertaintyMargin: s.uncertaintyMargin?.min(), seconds: 0)
    if !plan.moved.isEmpty {
      let first = plan.moved[0]
      d.warnings.append("\(plan.moved.count) output time(s) are not multiples of τ = \(plan.model.interactionTime) and were moved to the stroke boundary at or before them (e.g. \(first.requested) → \(first.boundary)); see collision.movedTimes")
    }
    var summary = CollisionSummary(interactionTime: plan.model.interactionTime, collisions: plan.collisions,
                                   movedTimes: plan.moved.isEmpty ? nil : plan.moved.map { [$0.requested, $0.boundary] },
                                   strokeEnergyResidual: s.strokeEnergyResidual)
    do {
      let l = try GaussianEvolution(equation: try network.masterEquation(.collisional)).evolve(from: start, times: s.times)
      func dev(_ a: [[Double]], _ b: [[Double]]) -> Double { zip(a, b).map { maxDeviation($0, $1) }.max() ?? 0 }
      summary.localEquation = CollisionLocalDeviation(
        heat: dev(s.heatRate, l.countedHeat), integratedHeat: dev(s.integratedHeat, l.integratedCountedHeat),
        workRate: maxDeviation(s.workRate, l.workRate), integratedWork: maxDeviation(s.integratedWork, l.integratedWork),
        energy: maxDeviation(s.energy, l.energy), occupations: dev(s.occupations, l.occupations))
    } catch {
      summary.localEquationError = "the local equation could not be evolved: \(error)"
    }
    r.diagnostics = d
    r.collision = summary
  }
}

/// max_k |a_k − b_k|.
private func maxDeviation(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }
