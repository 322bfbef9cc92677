import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import ClausiusThermodynamics

/// Paper 003's repeated interactions stepped collision by collision at finite τ (Sec. III, Eqs. 26–28, 41–42, App. B):
/// from V₀, each stroke couples the system to fresh thermal ancillas for τ under H_tot = H_S + Σ_i H_{E_i} + Σ_i V_i/√τ,
/// V_{n+1} = X V_n Xᵀ + Y (`CollisionModel.channel`), and reports the heat δQ_i and work δW of every collision
/// (`CollisionModel.stroke`). As τ → 0 at fixed t = nτ the trajectory tends to the local master equation's
/// (`Derivation.local`) with error O(τ); per collision δQ_i/τ → Q̇_i (Eq. 41, the local-H heat) and δW/τ → Ẇ (Eq. 43).
public struct CollisionTrajectory: Sendable {
  public let interactionTime: Double
  public let bathNames: [String]
  /// The stroke boundaries 0, τ, …, nτ.
  public let times: [Double]
  /// δQ_i of collision k (outer index bath, inner collision; n entries): energy into the system from ancilla i.
  public internal(set) var heatPerCollision: [[Double]]
  /// δW of collision k (Eq. B7).
  public internal(set) var workPerCollision: [Double] = []
  /// ΔE_S of collision k.
  public internal(set) var systemEnergyChange: [Double] = []
  /// Σ_{k<n} δQ_i and Σ δW at the boundaries (n + 1 entries, 0 first).
  public internal(set) var integratedHeat: [[Double]]
  public internal(set) var integratedWork: [Double] = [0]
  /// ⟨a_j†a_j⟩ at the boundaries (outer index mode).
  public internal(set) var occupations: [[Double]]
  /// max over collisions of |ΔE_S + ΣΔE_E − δW| / (Σ|δQ_i| + |δW| + |ΔE_S|): energy conservation (Eq. B8), round-off.
  public internal(set) var energyConservationResidual = 0.0
  public internal(set) var finalCovariance: Matrix<Double>
}

/// Appendix B's second-order expansion of one stroke (Eqs. B2, B3 and the middle expression of B8) from the system
/// covariance before it, evaluated exactly for quadratic operators: with [½rᵀAr, ½rᵀBr] = (i/2) rᵀ(AΩB − BΩA) r,
/// ⟨[V,[V,H]]⟩ = −½Tr[(G_V Ω C − C Ω G_V) W], C = G_V Ω G_H − G_H Ω G_V, on the product state W = V ⊕ V_E.
public struct CollisionStrokeExpansion: Sendable {
  /// Eq. (B2): ΔH_S = −(τ/2) Σ_i ⟨[V_i, [V_i, H_S]]⟩.
  public let systemEnergyChange: Double
  /// Eq. (B3) with δQ_i = −ΔH_{E_i} = +(τ/2) ⟨[V_i, [V_i, H_{E_i}]]⟩.
  public let heats: [Double]
  /// Eq. (B8)'s middle expression as printed: +(τ/2) Σ_i ⟨[V_i, [V_i, H_S + H_{E_i}]]⟩.
  public let printedWork: Double
  /// ΔH_S + Σ_i ΔH_{E_i} from (B2) and (B3) = −(printed): the sign the last equality of (B8) and Eq. (B7) require.
  public var work: Double { systemEnergyChange - heats.reduce(0, +) }
}

extension CollisionModel {
  /// Steps `collisions` strokes from `initial` (zero mean: vacuum, thermal, Gibbs without linear terms, moments with
  /// d = 0), recording every collision. Throws `DynamicsError.invalidInitialState` for a state with a mean.
  public func trajectory(from initial: GaussianInitialState, collisions: Int) throws -> CollisionTrajectory {
    guard collisions >= 0 else { throw DynamicsError.invalidParameter(name: "collisions", value: "\(collisions)", allowed: "≥ 0") }
    let v0 = try zeroMeanCovariance(initial)
    let n = network.modeCount, m = network.baths.count
    func occ(_ v: Matrix<Double>, _ j: Int) -> Double { 0.5 * (v[2 * j, 2 * j] + v[2 * j + 1, 2 * j + 1]) - 0.5 }
    var tr = CollisionTrajectory(interactionTime: interactionTime, bathNames: network.baths.map(\.name),
                                 times: (0...collisions).map { Double($0) * interactionTime },
                                 heatPerCollision: Array(repeating: [], count: m), integratedHeat: Array(repeating: [0], count: m),
                                 occupations: (0..<n).map { [occ(v0, $0)] }, finalCovariance: v0)
    tr.finalCovariance = try stepStrokes(from: v0, collisions: collisions) { _, _, s in
      for b in 0..<m { tr.heatPerCollision[b].append(s.heats[b]); tr.integratedHeat[b].append(tr.integratedHeat[b].last! + s.heats[b]) }
      tr.workPerCollision.append(s.work); tr.integratedWork.append(tr.integratedWork.last! + s.work)
      tr.systemEnergyChange.append(s.systemEnergyChange)
      tr.energyConservationResidual = max(tr.energyConservationResidual, s.relativeEnergyConservationResidual)
      for j in 0..<n { tr.occupations[j].append(occ(s.after, j)) }
    }
    return tr
  }

  /// The covariance of `initial`, which must have no mean (the collision model is stepped for d = 0: vacuum, thermal,
  /// Gibbs without linear terms, moments with d = 0); otherwise `DynamicsError.invalidInitialState`.
  public func zeroMeanCovariance(_ initial: GaussianInitialState) throws -> Matrix<Double> {
    let (v0, d0) = try initial.moments(hamiltonian: network.hamiltonian)
    guard d0.allSatisfy({ $0 == 0 }) else { throw DynamicsError.invalidInitialState("the collision model is stepped for states without a mean (d = 0)") }
    return v0
  }

  /// Steps `collisions` strokes from the system covariance `v0`, handing each to `body(k, V_k, stroke k)` (k from 0, V_k
  /// the covariance before it); returns the covariance after the last. Throws when a covariance is not finite.
  public func stepStrokes(from v0: Matrix<Double>, collisions: Int,
                          _ body: (Int, Matrix<Double>, CollisionStroke) throws -> Void) throws -> Matrix<Double> {
    var v = v0
    for k in 0..<collisions {
      let s = stroke(v)
      guard s.after.isFinite else { throw DynamicsError.failed("the covariance after collision \(k + 1) is not finite") }
      try body(k, v, s)
      v = s.after
    }
    return v
  }

  /// Appendix B's expansion of one stroke from the system covariance `v` (see `CollisionStrokeExpansion`).
  public func appendixBExpansion(_ v: Matrix<Double>) -> CollisionStrokeExpansion {
    let n = network.modeCount, m = network.baths.count, t2 = 2 * (n + m)
    var w = Matrix<Double>(rows: t2, columns: t2)
    w.setBlock(v, row: 0, column: 0)
    w.setBlock(ancillaCovariance, row: 2 * n, column: 2 * n)
    let omega = Conventions.symplecticForm(modes: n + m)
    /// ⟨[V, [V, H]]⟩ for quadratic V, H given by their matrices.
    func doubleCommutator(_ gv: Matrix<Double>, _ gh: Matrix<Double>) -> Double {
      let c = gv * omega * gh - gh * omega * gv
      let mm = gv * omega * c - c * omega * gv
      return -0.5 * (mm * w).trace
    }
    // V_i/√τ: the entries of H_int in ancilla i's rows and columns (H_int couples each ancilla to one system mode).
    let tau = interactionTime
    var dS = 0.0, heats: [Double] = [], printed = 0.0
    for b in 0..<m {
      let e = [2 * (n + b), 2 * (n + b) + 1]
      let gv = Matrix<Double>(rows: t2, columns: t2) { i, j in (e.contains(i) || e.contains(j)) ? interaction.matrix[i, j] : 0 }
      // The factor τ from (V_i/√τ)² restores the unscaled V_i of Eqs. (B2)–(B3).
      let s = tau * doubleCommutator(gv, systemHamiltonian.matrix), eb = tau * doubleCommutator(gv, ancillaHamiltonians[b].matrix)
      dS += -0.5 * tau * s
      heats.append(0.5 * tau * eb)
      printed += 0.5 * tau * (s + eb)
    }
    return CollisionStrokeExpansion(systemEnergyChange: dS, heats: heats, printedWork: printed)
  }
}
