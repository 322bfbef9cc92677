import ClausiusModels
import ClausiusNumerics
import Numerics

extension FockSteadyState {
  /// Mean ⟨r⟩ and covariance V = ½⟨{Δr, Δrᵀ}⟩ of the quadratures r = (x₀, p₀, x₁, p₁, …) of the given
  /// subsystems (default: every subsystem), x = (a + a†)/√2, p = (a − a†)/(i√2) with a the subsystem's lowering
  /// operator (docs/conventions.md; vacuum V = ½ I). The Gaussian engine's covariance of the same equation must
  /// agree to truncation accuracy — the cross-check between the two solution paths of one MasterEquation.
  public func quadratureMoments(of subsystems: [Int]? = nil) -> (mean: [Double], covariance: Matrix<Double>) {
    let which = subsystems ?? Array(space.subsystems.indices)
    let s = 0.5.squareRoot()
    let r: [SparseMatrix] = which.flatMap { j -> [SparseMatrix] in
      let a = space.lowering(j), ad = a.adjoint
      return [s * (a + ad), Complex(0, -s) * (a - ad)]
    }
    let mean = r.map { expectation($0).real }
    var v = Matrix<Double>(rows: r.count, columns: r.count)
    for k in r.indices {
      for l in k..<r.count {
        // ½⟨r_k r_l + r_l r_k⟩ = Re⟨r_k r_l⟩ for Hermitian r_k, r_l and Hermitian ρ.
        let c = expectation(r[k] * r[l]).real - mean[k] * mean[l]
        v[k, l] = c; v[l, k] = c
      }
    }
    return (mean, v)
  }
}
