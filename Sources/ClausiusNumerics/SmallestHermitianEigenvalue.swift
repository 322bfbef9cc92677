import CLapack
import Numerics

extension Matrix where Element == Complex<Double> {
  /// The smallest eigenvalue λ_min of a Hermitian positive-definite matrix A (lower triangle read), without a full
  /// eigenvalue decomposition: the Cholesky factor A = LL† (`zpotrf`, N³/3 complex multiply-adds, a quarter of the
  /// tridiagonal reduction `zheevd_2stage` needs) and Lanczos on A⁻¹ (two triangular solves per step, full
  /// reorthogonalisation), whose largest Ritz value μ converges to 1/λ_min (Golub & Van Loan, *Matrix Computations*,
  /// 4th ed., §10.1; Kaniel–Paige: the extreme Ritz values converge first). Stops when the Ritz pair's residual
  /// β_k|s_k| ≤ 1e-14 μ (then |μ − μ_max| ≤ that residual for the Ritz value of a Hermitian matrix, §10.1.4), so
  /// λ_min = 1/μ to ≤ 1e-14 relative (in practice the Ritz value error is quadratic in the residual). A cluster of
  /// near-equal smallest eigenvalues keeps the residual at about the cluster's width: then no value is returned within
  /// `maxSteps` and the caller's full solver runs (the cost it would have saved is paid, the value stays exact).
  ///
  /// Nil when A is not positive definite (the Cholesky factorisation fails; λ_min ≤ 0) or Lanczos did not converge in
  /// `maxSteps`: the caller then uses `hermitianEigen(vectors: false)`. Deterministic (a fixed start vector).
  public func smallestEigenvalueIfPositiveDefinite(maxSteps: Int = 120) -> Double? {
    guard isSquare, isFinite, rows > 0 else { return nil }
    let n = rows
    var l = elements
    let info = l.withUnsafeMutableBufferPointer { p in
      LAPACKE_zpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), rebind(p), Int32(n))
    }
    guard info == 0 else { return nil }
    /// x ← A⁻¹ x = L^{−†}L^{−1}x by two triangular solves (`ztrsv`: level-2 BLAS, no packing of L and no NaN scan of
    /// it per call, which `zpotrs` for one right-hand side costs).
    func solve(_ x: inout [Complex<Double>]) -> Bool {
      l.withUnsafeBufferPointer { lp in x.withUnsafeMutableBufferPointer { xp in
        cblas_ztrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, Int32(n), lp.baseAddress!, Int32(n), xp.baseAddress!, 1)
        cblas_ztrsv(CblasColMajor, CblasLower, CblasConjTrans, CblasNonUnit, Int32(n), lp.baseAddress!, Int32(n), xp.baseAddress!, 1)
      } }
      return x.allSatisfy { $0.real.isFinite && $0.imaginary.isFinite }
    }
    func dot(_ a: [Complex<Double>], _ b: [Complex<Double>]) -> Complex<Double> {   // a† b
      var s = Complex<Double>.zero
      for i in 0..<n { s = s + a[i].conjugate * b[i] }
      return s
    }
    func norm(_ a: [Complex<Double>]) -> Double { dot(a, a).real.squareRoot() }
    // A fixed start vector with every component non-zero (a deterministic quasi-random sequence).
    var v = (0..<n).map { i in Complex(1 + 0.5 * Double.sin(1.3 * Double(i) + 0.7), 0.5 * Double.cos(2.1 * Double(i))) }
    let v0 = norm(v)
    for i in 0..<n { v[i] = v[i] * Complex(1 / v0, 0) }
    var basis: [[Complex<Double>]] = [v]
    var alpha: [Double] = [], beta: [Double] = []
    let steps = Swift.min(maxSteps, n)
    for k in 0..<steps {
      var w = basis[k]
      guard solve(&w) else { return nil }
      let a = dot(basis[k], w).real
      alpha.append(a)
      // Full reorthogonalisation, twice ("twice is enough").
      for _ in 0..<2 {
        for q in basis {
          let c = dot(q, w)
          for i in 0..<n { w[i] = w[i] - c * q[i] }
        }
      }
      let b = norm(w)
      // The largest Ritz value of T_k and its residual β_k |s_k| (s: its normalised eigenvector of T_k).
      if k >= 4 && (k % 4 == 0 || b == 0 || k == steps - 1) || k == n - 1 {
        var t = Matrix<Double>(rows: k + 1, columns: k + 1)
        for i in 0...k { t[i, i] = alpha[i] }
        for i in 0..<k { t[i, i + 1] = beta[i]; t[i + 1, i] = beta[i] }
        guard let e = try? t.symmetricEigen(vectors: true), let mu = e.values.last, mu > 0 else { return nil }
        let residual = b * abs(e.vectors[k, k])
        if residual <= 1e-14 * mu || b == 0 || k == n - 1 { return 1 / mu }
      }
      guard b > 0 else { return nil }
      beta.append(b)
      basis.append(w.map { $0 * Complex(1 / b, 0) })
    }
    return nil
  }
}
