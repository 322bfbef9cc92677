import ClausiusNumerics
import Numerics

extension QuadraticHamiltonian {
  /// H = Σ_ij h_ij a_i†a_j (h Hermitian N×N) as ½ rᵀ G r (+ constant): with h = h_R + i h_I,
  /// G_{x_i x_j} = G_{p_i p_j} = (h_R)_ij, G_{x_i p_j} = G_{p_j x_i} = −(h_I)_ij
  /// (from a_i†a_j = (x_i x_j + p_i p_j + i x_i p_j − i p_i x_j)/2, docs/conventions.md quadratures).
  /// The anti-Hermitian part of `h` (if any) is ignored; callers pass Hermitian matrices.
  public static func numberConserving(_ h: Matrix<Complex<Double>>) -> QuadraticHamiltonian {
    let n = h.rows
    var g = Matrix<Double>(rows: 2 * n, columns: 2 * n)
    for j in 0..<n { for i in 0..<n {
      let hr = 0.5 * (h[i, j].real + h[j, i].real), hi = 0.5 * (h[i, j].imaginary - h[j, i].imaginary)
      g[2 * i, 2 * j] = hr; g[2 * i + 1, 2 * j + 1] = hr
      g[2 * i, 2 * j + 1] = -hi; g[2 * j + 1, 2 * i] = -hi
    } }
    return QuadraticHamiltonian(matrix: g)
  }
}

extension LinearOperator {
  /// L = Σ_j (α_j a_j + β_j a_j†) in quadratures: ℓ_{x_j} = (α_j + β_j)/√2, ℓ_{p_j} = i(α_j − β_j)/√2
  /// (inverse of `ladderCoefficients`).
  public static func ladder(annihilation alpha: [Complex<Double>], creation beta: [Complex<Double>]) -> LinearOperator {
    let s = Complex<Double>(0.5.squareRoot(), 0), i1 = Complex<Double>(0, 1)
    var c = [Complex<Double>](repeating: .zero, count: 2 * alpha.count)
    for j in alpha.indices { c[2 * j] = (alpha[j] + beta[j]) * s; c[2 * j + 1] = i1 * (alpha[j] - beta[j]) * s }
    return LinearOperator(coefficients: c)
  }
}
