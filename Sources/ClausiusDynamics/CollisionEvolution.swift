import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusThermodynamics
import Foundation

/// Paper 003's collision model (Sec. III, Eqs. 26–28, 41–43, App. B) sampled at chosen stroke boundaries t_k = n_k τ,
/// with the quantities `clausius evolve` reports for a master equation (docs/time-evolution.md, "Paper 003's repeated
/// interactions at finite τ"). Rates are **per-collision averages** of the collision that starts at t_k (n_k → n_k + 1):
/// δQ_i/τ, δW/τ, ΔE_S/τ; as τ → 0 they tend to the local master equation's Q̇_i^local (Eq. 41), Ẇ (Eq. 43) and
/// d⟨H_S⟩/dt with error O(τ), and the integrated heat and work Σ_{n<n_k} δQ_i, Σ δW to its integrals.
public struct CollisionSamples: Sendable {
  public let interactionTime: Double
  public let bathNames: [String]
  public let temperatures: [Double]
  /// The stroke index n_k of each sample and t_k = n_k τ.
  public let collisions: [Int]
  public let times: [Double]
  /// Per bath (outer index) and sample: δQ_i/τ of the collision starting at t_k (> 0 into the system).
  public internal(set) var heatRate: [[Double]]
  /// Per bath and sample: Σ_{n < n_k} δQ_i, the heat ancilla i's collisions gave the system up to t_k.
  public internal(set) var integratedHeat: [[Double]]
  /// δW/τ of the collision starting at t_k (Eq. B7, the switching work, > 0 on system + ancillas) and Σ_{n<n_k} δW.
  public internal(set) var workRate: [Double] = []
  public internal(set) var integratedWork: [Double] = []
  /// ⟨H_S⟩(t_k) evaluated on V_{n_k} (zero-point energy included) and ΔE_S/τ of the collision starting at t_k.
  public internal(set) var energy: [Double] = []
  public internal(set) var energyRate: [Double] = []
  /// ⟨a_j†a_j⟩(t_k) per mode (outer index).
  public internal(set) var occupations: [[Double]]
  /// Σ(t_k) = S(t_k) − S(0) − Σ_i Q_i(t_k)/T_i ≥ 0 (fresh thermal ancillas: Σ is the system–ancilla correlation plus the
  /// ancillas' relative entropy, Esposito, Lindenberg & Van den Broeck, NJP 12, 013013 (2010), Eq. 8); nil when a bath
  /// is at T = 0 or the network is larger than `GaussianEvolution.spectralDiagnosticsModes`.
  public internal(set) var entropyProduction: [Double]?
  /// min eig(V(t_k) + iΩ/2) (≥ 0 for a physical state); nil for large networks.
  public internal(set) var uncertaintyMargin: [Double]?
  /// max over every collision of |ΔE_S + Σ_iΔE_{E_i} − δW| / (Σ_i|δQ_i| + |δW| + |ΔE_S| + f): energy conservation of
  /// each stroke (Eq. B8, second equality), round-off. Each energy change is a difference of expectations of size
  /// E = |⟨H_S⟩| + Σ_i⟨H_{E_i}⟩, so the floor f = 10³ ε E keeps the ratio ≤ 10⁻³ for round-off when τ is so small that a
  /// collision moves less than ε E / 10⁻⁶ of energy; a broken bookkeeping of the size of the energy moved gives O(1).
  public internal(set) var strokeEnergyResidual = 0.0
  /// max_k |⟨H_S⟩(t_k) − ⟨H_S⟩(0) − Σ_i Q_i(t_k) − W(t_k)| / (Σ_{n<n_k}(Σ_i|δQ_i| + |δW|) + n_k f): the integrated
  /// first law, with ⟨H_S⟩ evaluated on the stepped covariance and the heat and work summed from the ancillas and the
  /// switching (the sums carry up to n_k round-off floors f).
  public internal(set) var integratedFirstLawResidual = 0.0
  /// τ / (−ln r) with r the spectral radius of the stroke's system map X (V′ = XVXᵀ + Y): deviations of the mean decay
  /// as r^n = e^{−t/τ_relax}; tends to the local equation's 1/gap of its drift as τ → 0. nil when r ≥ 1 (a mode no
  /// collision damps).
  public let relaxationTime: Double?
  /// The covariance at the last sample.
  public internal(set) var finalCovariance: Matrix<Double>
}

extension CollisionModel {
  /// The largest number of collisions `evolve(from:collisions:)` steps (one more than the last sample).
  public static let maximumCollisions = 10_000_000

  /// The stroke boundaries for output times `times` (increasing, ≥ 0): each t is mapped to n = ⌊t/τ⌋ (t/τ within
  /// 1e-9 relative of an integer counts as that integer), so a time that is not a multiple of τ moves back to the
  /// boundary at or before it; times that land on the same boundary are kept once. `moved` lists the times that moved
  /// (requested, boundary). Throws `DynamicsError.invalidParameter` for τ ≤ 0, τ larger than the last time (no
  /// collision completes), or more than `maximumCollisions` collisions.
  public static func strokeBoundaries(times: [Double], interactionTime tau: Double) throws -> (collisions: [Int], moved: [(requested: Double, boundary: Double)]) {
    guard tau.isFinite, tau > 0 else { throw DynamicsError.invalidParameter(name: "interaction time τ", value: "\(tau)", allowed: "finite and > 0") }
    let times = try validatedTimes(times)
    let last = times.last ?? 0
    guard last >= tau * (1 - 1e-9) else {
      throw DynamicsError.invalidParameter(name: "interaction time τ", value: "\(tau)", allowed: "≤ the final time \(last) (no collision completes before it)")
    }
    guard last / tau < Double(maximumCollisions) else {
      throw DynamicsError.invalidParameter(name: "interaction time τ", value: "\(tau)", allowed: "≥ T/\(maximumCollisions) = \(last / Double(maximumCollisions)) (at most \(maximumCollisions) collisions)")
    }
    var collisions: [Int] = [], moved: [(Double, Double)] = []
    for t in times {
      let x = t / tau, r = x.rounded()
      let n = abs(x - r) <= 1e-9 * max(1, x) ? Int(r) : Int(x.rounded(.down))
      if abs(Double(n) * tau - t) > 1e-9 * max(tau, t) { moved.append((t, Double(n) * tau)) }
      if collisions.last != n { collisions.append(n) }
    }
    return (collisions, moved)
  }

  /// Steps the collision model from `initial` (zero mean) to the last of `collisions` (increasing stroke indices ≥ 0)
  /// and one collision beyond (for the rates at the last sample), recording the samples (`CollisionSamples`).
  /// `progress(k, n)` is called after each collision.
  public func evolve(from initial: GaussianInitialState, collisions: [Int], progress: ((Int, Int) -> Void)? = nil) throws -> CollisionSamples {
    guard let last = collisions.last, collisions.first! >= 0, zip(collisions, collisions.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw DynamicsError.invalidParameter(name: "collisions", value: "\(collisions.prefix(5))…", allowed: "a non-empty increasing list of stroke indices ≥ 0")
    }
    guard last < Self.maximumCollisions else {
      throw DynamicsError.invalidParameter(name: "collisions", value: "\(last)", allowed: "< \(Self.maximumCollisions)")
    }
    let v0 = try zeroMeanCovariance(initial)
    let n = network.modeCount, m = network.baths.count, tau = interactionTime
    let temperatures = network.baths.map(\.temperature)
    let spectral = n <= GaussianEvolution.spectralDiagnosticsModes
    let withEntropy = spectral && temperatures.allSatisfy { $0 > 0 }
    let s0 = withEntropy ? try GaussianInformation.vonNeumannEntropy(v0) : 0
    let zero = [Double](repeating: 0, count: 2 * n)
    let energy0 = network.hamiltonian.expectation(covariance: v0, mean: zero)
    // Relaxation of the stroke map's linear part.
    let radius = try channel.x.eigen().values.map(\.length).max() ?? 0
    let relaxation: Double? = radius < 1 ? tau / -Foundation.log(radius) : nil
    var out = CollisionSamples(interactionTime: tau, bathNames: network.baths.map(\.name), temperatures: temperatures,
                               collisions: collisions, times: collisions.map { Double($0) * tau },
                               heatRate: Array(repeating: [], count: m), integratedHeat: Array(repeating: [], count: m),
                               occupations: Array(repeating: [], count: n), entropyProduction: withEntropy ? [] : nil,
                               uncertaintyMargin: spectral ? [] : nil, relaxationTime: relaxation, finalCovariance: v0)
    // ⟨H_{E_i}⟩ = ω_i(n̄_i + ½) of the fresh ancillas (the same every stroke): the scale of the round-off floor.
    let ancillaEnergy = (0..<m).reduce(0.0) { $0 + ancillaHamiltonians[$1].matrix[2 * (n + $1), 2 * (n + $1)] * ancillaCovariance[2 * $1, 2 * $1] }
    var heat = [Double](repeating: 0, count: m), work = 0.0, gross = 0.0, floors = 0.0
    var next = 0
    _ = try stepStrokes(from: v0, collisions: last + 1) { k, v, s in
      let eS = network.hamiltonian.expectation(covariance: v, mean: zero)
      let floor = 1e3 * Double.ulpOfOne * (abs(eS) + abs(ancillaEnergy))
      let moved = s.heats.map(abs).reduce(0, +) + abs(s.work) + abs(s.systemEnergyChange)
      out.strokeEnergyResidual = max(out.strokeEnergyResidual, s.energyConservationResidual / max(moved + floor, .leastNormalMagnitude))
      if k == collisions[next] {
        next += 1
        for b in 0..<m { out.heatRate[b].append(s.heats[b] / tau); out.integratedHeat[b].append(heat[b]) }
        out.workRate.append(s.work / tau); out.integratedWork.append(work)
        let e = eS
        out.energy.append(e); out.energyRate.append(s.systemEnergyChange / tau)
        for j in 0..<n { out.occupations[j].append(0.5 * (v[2 * j, 2 * j] + v[2 * j + 1, 2 * j + 1]) - 0.5) }
        if k > 0 {
          out.integratedFirstLawResidual = max(out.integratedFirstLawResidual, abs(e - energy0 - heat.reduce(0, +) - work) / max(gross + floors, .leastNormalMagnitude))
        }
        if spectral { out.uncertaintyMargin!.append((try? v.uncertaintyMargin()) ?? -.infinity) }
        if withEntropy {
          let flow = (0..<m).reduce(0.0) { $0 + heat[$1] / temperatures[$1] }
          out.entropyProduction!.append(try GaussianInformation.vonNeumannEntropy(v) - s0 - flow)
        }
        if k == last { out.finalCovariance = v }
      }
      for b in 0..<m { heat[b] += s.heats[b] }
      work += s.work
      gross += s.heats.map(abs).reduce(0, +) + abs(s.work)
      floors += floor
      progress?(k + 1, last + 1)
    }
    return out
  }
}
