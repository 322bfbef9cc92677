import Numerics

// Small matrix functions built on the LAPACK wrappers of this module (added for ClausiusInformation
// and the exact Langevin steady state, tracker issue 4). Nothing here re-implements LAPACK.

extension Matrix {
  /// det A from the LU factorisation P A = L U (LAPACK `?getrf`): det A = sign(P) ∏ U_ii.
  /// Returns 0 for an exactly singular matrix. Throws `dimensionMismatch` for a non-square matrix.
  public func determinant() throws -> Element {
    guard isSquare else { throw NumericsError.dimensionMismatch(operation: "determinant", detail: "matrix is \(rows)×\(columns), must be square") }
    if rows == 0 { return Element(real: 1) }
    let lu: LUFactorization<Element>
    do { lu = try LUFactorization(self) } catch NumericsError.singularMatrix { return .zero }
    var det = Element(real: 1)
    for i in 0..<rows {
      det = det * lu.factors[i + i * rows]
      if Int(lu.pivots[i]) != i + 1 { det = -det }
    }
    return det
  }
}

extension Matrix where Element == Double {
  /// The positive semidefinite square root S = U diag(√λ) Uᵀ of a real symmetric matrix (`dsyevd`),
  /// S S = A. Eigenvalues in [−tolerance·‖A‖, 0) are clamped to 0; a more negative eigenvalue throws
  /// `singularMatrix` naming it (the matrix is not positive semidefinite).
  public func symmetricSquareRoot(relativeTolerance: Double = 1e-12) throws -> Matrix<Double> {
    let e = try symmetrized.symmetricEigen()
    let scale = Swift.max(e.values.map(Swift.abs).max() ?? 0, Double.leastNormalMagnitude)
    var roots = [Double]()
    for v in e.values {
      if v < -relativeTolerance * scale {
        throw NumericsError.singularMatrix(routine: "symmetricSquareRoot", detail: "matrix is not positive semidefinite: eigenvalue \(v)")
      }
      roots.append(Swift.max(v, 0).squareRoot())
    }
    let u = e.vectors
    var us = u
    for j in 0..<columns { for i in 0..<rows { us[i, j] = u[i, j] * roots[j] } }
    return us.multiplied(by: u, transposeOther: .transpose)
  }

  /// Principal square root of a diagonalisable real matrix through its eigen-decomposition
  /// (`dgeev`): √A = W diag(√λ) W⁻¹ with the principal branch (Re √λ ≥ 0). The result is complex in
  /// general; callers that expect a real root take `.real` after checking `.imaginary`.
  /// Throws `singularMatrix` if the eigenvector matrix is numerically singular (A defective).
  public func principalSquareRoot() throws -> Matrix<Complex<Double>> {
    let e = try eigen(vectors: true)
    guard let w = e.vectors else { throw NumericsError.lapack(routine: "dgeev", info: -1) }
    let lu = try LUFactorization(w)
    if lu.reciprocalCondition < 1e-13 {
      throw NumericsError.singularMatrix(routine: "principalSquareRoot", detail: "eigenvector matrix has reciprocal condition \(lu.reciprocalCondition) (matrix is defective)")
    }
    var wd = w
    for j in 0..<columns {
      let r = Complex.sqrt(e.values[j])
      for i in 0..<rows { wd[i, j] = w[i, j] * r }
    }
    // √A = (W D) W⁻¹  ⇔  √Aᵀ solves Wᵀ Xᵀ = (W D)ᵀ.
    let xt = try w.transposed.solve((wd).transposed)
    return xt.transposed
  }
}
