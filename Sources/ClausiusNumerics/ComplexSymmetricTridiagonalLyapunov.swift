import CLapack
import Numerics

/// The complex Lyapunov equation K X + X K† + Q = 0 for a complex symmetric tridiagonal K (Kᵀ = K) in K's eigenbasis,
/// without a Schur form.
///
/// Where it applies: a number-conserving chain with local baths, K = i h − Γ/2 with h real symmetric tridiagonal
/// (site energies, hopping) and Γ diagonal (local damping rates): K is complex symmetric and tridiagonal.
///
/// Method. A diagonalisable complex symmetric K has K = S Λ S⁻¹ with S⁻¹ = Sᵀ once every eigenvector is scaled to
/// s_kᵀ s_k = 1 (left eigenvectors of K are the transposed right ones: sᵀ K = λ sᵀ). With M̃ = Sᵀ X S̄ and
/// Q̃ = Sᵀ Q S̄ the equation becomes Λ M̃ + M̃ Λ̄ + Q̃ = 0, i.e. M̃_ij = −Q̃_ij / (λ_i + λ̄_j), and X = S M̃ S†.
///   - eigenvalues: the implicit QL iteration with Wilkinson shifts for symmetric tridiagonal matrices (tql1; Bowdler,
///     Martin, Reinsch & Wilkinson, Numer. Math. 11, 293 (1968); Numerical Recipes' tqli) in complex arithmetic, where
///     the plane rotations become complex orthogonal ones (c² + s² = 1): O(N²) in all, Cullum & Willoughby, "Lanczos
///     Algorithms for Large Symmetric Eigenvalue Computations", Vol. I, Ch. 6 (CMTQL1);
///   - eigenvectors: two steps of inverse iteration on K − λ_k (LAPACK `zgttrf`/`zgttrs`, tridiagonal LU with partial
///     pivoting, O(N) per vector), then λ_k = s_kᵀ K s_k / s_kᵀ s_k (the complex symmetric Rayleigh quotient);
///   - a solve costs two congruences (`hermitianCongruence`) and an entrywise division — no Schur form (which takes
///     most of the Bartels–Stewart time for a chain: about 40 % of a 1000-mode local solve) and no triangular solve.
///
/// Complex orthogonal rotations and a non-unitary S are not backward stable, so this route is only a *preconditioner*
/// for the double-double refinement (`refineComplexDoubleDouble`): the refinement's residual is evaluated exactly
/// from the model, and its result is accepted only if it reaches the same residual bound as the Schur route; otherwise
/// the caller solves again with `ComplexLyapunovSolver` (see GaussianSteadyState). The initialiser returns nil when
/// K is not complex symmetric tridiagonal or the decomposition is unusable (no QL convergence, a near-defective
/// eigenvalue with s_kᵀ s_k ≈ 0 or ‖s_k‖² > `maximumEigenvalueCondition`, an eigenpair residual above 1e-8 ‖K‖, an
/// eigenvalue with Re λ ≥ 0).
public struct ComplexSymmetricTridiagonalLyapunovSolver: ComplexLyapunovSolving {
  public let drift: Matrix<Complex<Double>>
  public let eigenvalues: [Complex<Double>]
  /// S (columns s_k with s_kᵀ s_k = 1) and its conjugate S̄.
  let s: Matrix<Complex<Double>>
  let sConjugate: Matrix<Complex<Double>>
  public let spectralAbscissa: Double
  /// Largest ‖s_k‖₂² = 1/|cos∠(s_k, s̄_k)| (the eigenvalue condition numbers) accepted.
  public static let maximumEigenvalueCondition = 1e4

  /// Whether K is complex symmetric (K_ij = K_ji exactly) and tridiagonal.
  public static func applies(to k: Matrix<Complex<Double>>) -> Bool {
    let n = k.rows
    guard k.isSquare, n >= 2 else { return false }
    return k.elements.withUnsafeBufferPointer { p in
      for j in 0..<n { for i in 0..<n where p[i + j * n] != .zero {
        if i > j + 1 || j > i + 1 || p[i + j * n] != p[j + i * n] { return false }
      } }
      return true
    }
  }

  /// nil when K is not complex symmetric tridiagonal, the eigendecomposition is unusable (see the type's comment) or
  /// an eigenvalue has Re ≥ 0 (stability is then decided by the Schur route).
  public init?(drift k: Matrix<Complex<Double>>) {
    guard k.isFinite, Self.applies(to: k) else { return nil }
    let n = k.rows
    let diag = (0..<n).map { k[$0, $0] }, off = (0..<(n - 1)).map { k[$0 + 1, $0] }
    guard var lambda = Self.eigenvaluesQL(diagonal: diag, offDiagonal: off) else { return nil }
    let scale = Swift.max(diag.map(\.length).max() ?? 0, off.map(\.length).max() ?? 0, .leastNormalMagnitude)
    var s = Matrix<Complex<Double>>(rows: n, columns: n)
    // Work arrays of zgttrf/zgttrs, reused for every eigenvalue.
    var dl = off, d = diag, du = off, du2 = [Complex<Double>](repeating: .zero, count: Swift.max(1, n - 2))
    var ipiv = [Int32](repeating: 0, count: n)
    var x = [Complex<Double>](repeating: .zero, count: n)
    func factor(_ shift: Complex<Double>) -> Bool {
      dl = off; du = off
      for i in 0..<n { d[i] = diag[i] - shift }
      let info = dl.withUnsafeMutableBufferPointer { a in d.withUnsafeMutableBufferPointer { b in du.withUnsafeMutableBufferPointer { c in
        du2.withUnsafeMutableBufferPointer { e in ipiv.withUnsafeMutableBufferPointer { ip in
          LAPACKE_zgttrf(Int32(n), rebind(a), rebind(b), rebind(c), rebind(e), ip.baseAddress!)
        } }
      } } }
      return info >= 0
    }
    func solveInPlace() {
      _ = dl.withUnsafeMutableBufferPointer { a in d.withUnsafeMutableBufferPointer { b in du.withUnsafeMutableBufferPointer { c in
        du2.withUnsafeMutableBufferPointer { e in ipiv.withUnsafeMutableBufferPointer { ip in x.withUnsafeMutableBufferPointer { xp in
          LAPACKE_zgttrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int32(n), 1, rebind(a), rebind(b), rebind(c), rebind(e), ip.baseAddress!,
                         rebind(xp), Int32(n))
        } } }
      } } }
      // Rescale (the solution of a nearly singular system is huge); a zero pivot of U gives inf, caught below.
      let m = x.reduce(0.0) { Swift.max($0, $1.length) }
      if m > 0, m.isFinite { let inv = Complex<Double>(1 / m, 0); for i in 0..<n { x[i] = x[i] * inv } }
    }
    /// (K x)_i for the tridiagonal K.
    func kTimes(_ v: [Complex<Double>], _ i: Int) -> Complex<Double> {
      var r = diag[i] * v[i]
      if i > 0 { r = r + off[i - 1] * v[i - 1] }
      if i + 1 < n { r = r + off[i] * v[i + 1] }
      return r
    }
    // Deterministic start vector with no special relation to the eigenvectors.
    let start = (0..<n).map { i in Complex(1 + 0.5 * Double.sin(Double(i) * 0.7548776662), 0.3 * Double.cos(Double(i) * 0.5698402910)) }
    for kk in 0..<n {
      // zgttrf stops at an exactly singular U (info > 0): move the shift by a relative ulp and retry.
      var shift = lambda[kk]
      var tries = 0
      while true {
        guard factor(shift) else { return nil }
        let singular = (0..<n).contains { d[$0] == .zero }
        if !singular { break }
        tries += 1
        if tries > 3 { return nil }
        shift = shift + Complex(0, 4 * Double.ulpOfOne * scale)
      }
      x = start
      solveInPlace(); solveInPlace()
      guard x.allSatisfy({ $0.isFinite }) else { return nil }
      var sts = Complex<Double>.zero, stks = Complex<Double>.zero, norm2 = 0.0
      for i in 0..<n { sts = sts + x[i] * x[i]; stks = stks + x[i] * kTimes(x, i); norm2 += x[i].lengthSquared }
      guard sts.length > norm2 / Self.maximumEigenvalueCondition else { return nil }
      let rayleigh = stks / sts
      let root = Complex.sqrt(sts)
      let inv = Complex<Double>(1, 0) / root
      var res2 = 0.0
      for i in 0..<n { res2 += (kTimes(x, i) - rayleigh * x[i]).lengthSquared }
      guard res2.squareRoot() <= 1e-8 * scale * norm2.squareRoot() else { return nil }
      lambda[kk] = rayleigh
      s.elements.withUnsafeMutableBufferPointer { sp in for i in 0..<n { sp[i + kk * n] = x[i] * inv } }
    }
    // Re λ ≥ 0 (an unstable drift, or a mode so weakly damped that rounding decides the sign): left to the Schur
    // route, which decides stability as before.
    let abscissa = lambda.map(\.real).max() ?? -.infinity
    guard abscissa < 0 else { return nil }
    drift = k
    eigenvalues = lambda
    self.s = s
    sConjugate = Matrix(rows: n, columns: n, columnMajor: s.elements.map(\.conjugate))
    spectralAbscissa = abscissa
  }

  /// X with K X + X K† + Q = 0: M̃ = −Sᵀ Q S̄ ./ (λ_i + λ̄_j), X = S M̃ S†.
  public func solve(_ q: Matrix<Complex<Double>>) throws -> Matrix<Complex<Double>> {
    let n = drift.rows
    guard q.rows == n, q.columns == n else { throw NumericsError.dimensionMismatch(operation: "complex Lyapunov solve", detail: "Q is \(q.rows)×\(q.columns), drift is \(n)×\(n)") }
    guard q.isFinite else { throw NumericsError.notFinite(name: "Q (diffusion) matrix") }
    var c = hermitianCongruence(q, sConjugate, adjointFirst: true, scale: -1)    // −Sᵀ Q S̄ = −(S̄)† Q S̄
    c.elements.withUnsafeMutableBufferPointer { cp in
      for j in 0..<n {
        let lj = eigenvalues[j].conjugate
        for i in j..<n { cp[i + j * n] = cp[i + j * n] / (eigenvalues[i] + lj) }   // lower triangle: all that is read
      }
    }
    return hermitianCongruence(c, s, adjointFirst: false, scale: 1)             // S M̃ S†
  }

  /// Eigenvalues of the complex symmetric tridiagonal matrix (diagonal d, off-diagonal e) by the implicit QL
  /// iteration with Wilkinson shifts in complex arithmetic (tql1 / Numerical Recipes' tqli, sqrt(f² + g²) complex).
  /// nil when an iteration does not converge in 60 sweeps, a rotation is not finite or grows beyond 1e4 (a complex
  /// orthogonal rotation with c² + s² = 1 can be arbitrarily large).
  static func eigenvaluesQL(diagonal: [Complex<Double>], offDiagonal: [Complex<Double>]) -> [Complex<Double>]? {
    let n = diagonal.count
    var d = diagonal, e = offDiagonal + [.zero]
    for l in 0..<n {
      var iterations = 0
      while true {
        var m = l
        while m < n - 1 {
          let dd = d[m].length + d[m + 1].length
          if e[m].length <= Double.ulpOfOne * dd { break }
          m += 1
        }
        if m == l { break }
        iterations += 1
        if iterations > 60 { return nil }
        var g = (d[l + 1] - d[l]) / (Complex(2, 0) * e[l])
        var r = Complex.sqrt(g * g + Complex(1, 0))
        if (g.conjugate * r).real < 0 { r = -r }              // SIGN(r, g): the larger of |g ± r|
        g = d[m] - d[l] + e[l] / (g + r)
        var s = Complex<Double>(1, 0), c = Complex<Double>(1, 0), p = Complex<Double>.zero
        var i = m - 1
        var deflated = false
        while i >= l {
          let f = s * e[i], b = c * e[i]
          r = Complex.sqrt(f * f + g * g)
          e[i + 1] = r
          if r == .zero { d[i + 1] = d[i + 1] - p; e[m] = .zero; deflated = true; break }
          s = f / r; c = g / r
          guard s.isFinite, c.isFinite, s.length < 1e4, c.length < 1e4 else { return nil }
          g = d[i + 1] - p
          r = (d[i] - g) * s + Complex(2, 0) * c * b
          p = s * r
          d[i + 1] = g + p
          g = c * r - b
          i -= 1
        }
        if deflated { continue }
        d[l] = d[l] - p; e[l] = g; e[m] = .zero
      }
    }
    return d.allSatisfy(\.isFinite) ? d : nil
  }
}
