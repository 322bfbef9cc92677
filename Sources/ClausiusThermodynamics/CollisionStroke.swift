import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations

/// The energetics of one stroke of the finite-τ collision model from a system state V (zero mean) and fresh thermal
/// ancillas: W = V ⊕ V_E before, W′ = U W Uᵀ after (U = `CollisionModel.strokeMap`). Reference: paper 003, Sec. III C,
/// Eqs. (41)–(42) and Appendix B (Eqs. B1–B8).
public struct CollisionStroke: Sendable {
  /// δQ_i = ⟨H_{E_i}⟩ − ⟨H_{E_i}⟩′: the energy ancilla i gives to the system in the stroke (> 0 into the system).
  public let heats: [Double]
  /// ΔE_S = ⟨H_S⟩′ − ⟨H_S⟩.
  public let systemEnergyChange: Double
  /// δW = (⟨H_int⟩ − ⟨H_int⟩′) with H_int = Σ_i V_i/√τ (Eq. B7: switching the coupling on at the start and off at the
  /// end; ⟨H_int⟩ = 0 before, for a product state with thermal ancillas). > 0: work done on system + ancillas.
  public let work: Double
  /// |ΔE_S + Σ_i ΔE_{E_i} − δW|: energy conservation of the stroke unitary (Eq. B8, second equality), round-off.
  public let energyConservationResidual: Double
  /// `energyConservationResidual` relative to Σ_i|δQ_i| + |δW| + |ΔE_S| (0 for a stroke that moves no energy).
  public var relativeEnergyConservationResidual: Double {
    let scale = heats.map(abs).reduce(0, +) + abs(work) + abs(systemEnergyChange)
    return scale > 0 ? energyConservationResidual / scale : 0
  }
  /// The system covariance after the stroke (the ancillas are discarded).
  public let after: Matrix<Double>
  /// The whole system + ancilla covariance after the stroke.
  public let postStroke: Matrix<Double>
}

extension CollisionModel {
  /// One stroke from the system covariance `v` (quadratures, zero mean).
  public func stroke(_ v: Matrix<Double>) -> CollisionStroke {
    let n2 = v.rows, t2 = strokeMap.rows
    var before = Matrix<Double>(rows: t2, columns: t2)
    before.setBlock(v, row: 0, column: 0)
    before.setBlock(ancillaCovariance, row: n2, column: n2)
    let after = (strokeMap * before).multiplied(by: strokeMap, transposeOther: .transpose).symmetrized
    let zero = [Double](repeating: 0, count: t2)
    func energy(_ h: QuadraticHamiltonian, _ w: Matrix<Double>) -> Double { h.expectation(covariance: w, mean: zero) }
    let dES = energy(systemHamiltonian, after) - energy(systemHamiltonian, before)
    let dEE = ancillaHamiltonians.map { energy($0, after) - energy($0, before) }
    let dW = energy(interaction, before) - energy(interaction, after)
    return CollisionStroke(heats: dEE.map { -$0 }, systemEnergyChange: dES, work: dW,
                           energyConservationResidual: abs(dES + dEE.reduce(0, +) - dW),
                           after: after.submatrix(rows: 0..<n2, columns: 0..<n2), postStroke: after)
  }
}
