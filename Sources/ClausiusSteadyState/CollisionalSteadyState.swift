import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations

/// The stroboscopic fixed point of the collision model, V = X V Xᵀ + Y (Stein equation), and the
/// full system + ancilla covariance right after a stroke, W′ = U (V ⊕ V_E) Uᵀ.
/// Reference: paper 003, Eq. (27).
public struct CollisionalSteadyState: Sendable {
  public let model: CollisionModel
  /// System covariance at the stroke boundaries.
  public let covariance: Matrix<Double>
  /// System + ancilla covariance after the stroke.
  public let postStroke: Matrix<Double>
  public let diagnostics: GaussianDiagnostics

  /// ⟨a_j†a_j⟩ of the system at the stroke boundaries.
  public func occupation(_ j: Int) -> Double { 0.5 * (covariance[2 * j, 2 * j] + covariance[2 * j + 1, 2 * j + 1] - 1) }
}

extension CollisionModel {
  /// Fixed point of the stroke map (Smith doubling) with diagnostics.
  public func steadyState() throws -> CollisionalSteadyState {
    let (x, y) = channel
    let sol = try x.solveStein(y)
    let v = sol.solution
    let n2 = v.rows, t2 = strokeMap.rows
    var full = Matrix<Double>(rows: t2, columns: t2)
    full.setBlock(v, row: 0, column: 0)
    full.setBlock(ancillaCovariance, row: n2, column: n2)
    let w = (strokeMap * full).multiplied(by: strokeMap, transposeOther: .transpose).symmetrized
    let blocks = [Array(0..<n2)]
    let (nuMin, margin) = physicality(v, blocks: blocks)
    return CollisionalSteadyState(model: self, covariance: v, postStroke: w,
                                  diagnostics: GaussianDiagnostics(relativeResidual: sol.relativeResidual, smallestSymplecticEigenvalue: nuMin, uncertaintyMargin: margin, blocks: 1, warnings: []))
  }
}
