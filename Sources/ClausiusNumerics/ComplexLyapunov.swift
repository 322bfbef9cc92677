import CLapack
import Numerics

/// A solver of the complex Lyapunov equation K X + X K† + Q = 0 (Q Hermitian ⇒ X Hermitian) with a factorised K:
/// the Schur route `ComplexLyapunovSolver` or, for a complex symmetric tridiagonal K, the eigenbasis route
/// `ComplexSymmetricTridiagonalLyapunovSolver`.
public protocol ComplexLyapunovSolving: Sendable {
  var drift: Matrix<Complex<Double>> { get }
  /// Largest real part of the eigenvalues of K.
  var spectralAbscissa: Double { get }
  /// Solves K X + X K† + Q = 0 for Hermitian Q (only Q's lower triangle is read); X is Hermitian.
  func solve(_ q: Matrix<Complex<Double>>) throws -> Matrix<Complex<Double>>
}

extension ComplexLyapunovSolving {
  /// Solves K X + X K† + Q = 0 and returns X with ‖K X + X K† + Q‖_F / ‖Q‖_F (one `zgemm`; X K† = (K X)†).
  public func solveWithResidual(_ q: Matrix<Complex<Double>>) throws -> (solution: Matrix<Complex<Double>>, relativeResidual: Double) {
    let x = try solve(q)
    let kx = sparseTimes(drift, x)
    let n = q.rows
    var r2 = 0.0, q2 = 0.0
    for j in 0..<n { for i in 0..<n {
      let e = kx[i, j] + kx[j, i].conjugate + q[i, j]
      r2 += e.lengthSquared; q2 += q[i, j].lengthSquared
    } }
    return (x, q2 > 0 ? (r2 / q2).squareRoot() : r2.squareRoot())
  }
}

/// Continuous Lyapunov solver for the complex equation K X + X K† + Q = 0 (Q Hermitian ⇒ X Hermitian) by
/// Bartels–Stewart: K = Z T Z† (complex Schur, `zgees`, T upper triangular), T Y + Y T† = −Z† Q Z by the recursive
/// blocked triangular solver (`solveComplexTriangularLyapunov`), X = Z Y Z†.
///
/// Use: a number-conserving Gaussian equation (phase-covariant drift and diffusion, A Ω = Ω A, D Ω = Ω D) is this
/// equation of size N for the 2N real one A V + V Aᵀ + D = 0 (`PhaseCovariantForm`): 8× fewer flops.
/// The Schur form is kept, so further right-hand sides (the double-double refinement, sweeps) cost two
/// congruences and one triangular solve.
public struct ComplexLyapunovSolver: ComplexLyapunovSolving {
  public let drift: Matrix<Complex<Double>>
  /// T (upper triangular) and Z (unitary) of K = Z T Z†.
  public let t: Matrix<Complex<Double>>
  public let z: Matrix<Complex<Double>>
  /// Largest real part of the eigenvalues of K.
  public let spectralAbscissa: Double

  /// Factorises K. Throws `unstableDrift` when an eigenvalue has Re ≥ 0.
  public init(drift k: Matrix<Complex<Double>>) throws {
    guard k.isSquare else { throw NumericsError.dimensionMismatch(operation: "complex Lyapunov solver", detail: "drift is \(k.rows)×\(k.columns)") }
    guard k.isFinite else { throw NumericsError.notFinite(name: "drift matrix") }
    let n = k.rows
    var tt = k.elements
    var zz = [Complex<Double>](repeating: .zero, count: Swift.max(1, n * n))
    var w = [Complex<Double>](repeating: .zero, count: Swift.max(1, n))
    if n > 0 {
      var sdim: Int32 = 0
      let hessenberg = k.elements.withUnsafeBufferPointer { p in
        (0..<n).allSatisfy { j in ((j + 2)..<Swift.max(j + 2, n)).allSatisfy { p[$0 + j * n] == .zero } }
      }
      let info = tt.withUnsafeMutableBufferPointer { tp in zz.withUnsafeMutableBufferPointer { zp in w.withUnsafeMutableBufferPointer { wp in
        tp.baseAddress!.withMemoryRebound(to: clapack_complex_double.self, capacity: n * n) { t in
          zp.baseAddress!.withMemoryRebound(to: clapack_complex_double.self, capacity: n * n) { z in
            wp.baseAddress!.withMemoryRebound(to: clapack_complex_double.self, capacity: n) { e in
              // Already upper Hessenberg (a chain: tridiagonal K): the QR iteration directly, without zgees's
              // Hessenberg reduction (zgehrd + zunghr, about a quarter of the Schur form's cost).
              hessenberg
                ? LAPACKE_zhseqr(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "S")), Int8(UInt8(ascii: "I")), Int32(n), 1, Int32(n), t, Int32(n), e, z, Int32(n))
                : LAPACKE_zgees(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "N")), nil, Int32(n), t, Int32(n), &sdim, e, z, Int32(n))
            }
          }
        }
      } } }
      if info != 0 { throw NumericsError.lapack(routine: hessenberg ? "zhseqr" : "zgees", info: Int(info)) }
      if hessenberg {   // zhseqr leaves the entries below the subdiagonal undefined; T is upper triangular
        for j in 0..<n { for i in (j + 1)..<n { tt[i + j * n] = .zero } }
      }
    }
    let abscissa = w.prefix(n).map(\.real).max() ?? -.infinity
    if n > 0, abscissa >= 0 { throw NumericsError.unstableDrift(maxRealPart: abscissa) }
    drift = k; t = Matrix(rows: n, columns: n, columnMajor: tt); z = Matrix(rows: n, columns: n, columnMajor: Array(zz.prefix(n * n)))
    spectralAbscissa = abscissa
  }

  /// Solves K X + X K† + Q = 0 for Hermitian Q (only Q's lower triangle is read); X is Hermitian.
  public func solve(_ q: Matrix<Complex<Double>>) throws -> Matrix<Complex<Double>> {
    let n = drift.rows
    guard q.rows == n, q.columns == n else { throw NumericsError.dimensionMismatch(operation: "complex Lyapunov solve", detail: "Q is \(q.rows)×\(q.columns), drift is \(n)×\(n)") }
    guard q.isFinite else { throw NumericsError.notFinite(name: "Q (diffusion) matrix") }
    if n == 0 { return q }
    var c = hermitianCongruence(q, adjointFirst: true, scale: -1)          // C = −Z† Q Z
    try solveComplexTriangularLyapunov(t: t, c: &c)                        // T Y + Y T† = C
    return hermitianCongruence(c, adjointFirst: false, scale: 1)         // X = Z Y Z†
  }

  func hermitianCongruence(_ h: Matrix<Complex<Double>>, adjointFirst: Bool, scale: Double) -> Matrix<Complex<Double>> {
    ClausiusNumerics.hermitianCongruence(h, z, adjointFirst: adjointFirst, scale: scale)
  }
}

/// adjointFirst: α Z† H Z, else α Z H Z†, for Hermitian H (lower triangle read) and any square Z.
/// A diffusion supported on few modes (local baths: H_ij ≠ 0 only for i, j ∈ S, |S| ≤ N/8) costs O(|S| N²):
/// α Z_S† H_SS Z_S with the rows S of Z.
func hermitianCongruence(_ h: Matrix<Complex<Double>>, _ z: Matrix<Complex<Double>>, adjointFirst: Bool, scale: Double) -> Matrix<Complex<Double>> {
  let n = h.rows
  if adjointFirst {
    var support: [Int] = []
    for j in 0..<n where (0..<n).contains(where: { h[$0, j] != .zero }) { support.append(j); if support.count > n / 8 { break } }
    if support.count <= n / 8 {
      let zs = z.submatrix(rowIndices: support, columnIndices: Array(0..<n))
      let hs = Matrix<Complex<Double>>(rows: support.count, columns: support.count) { i, j in
        i >= j ? h[support[i], support[j]] : h[support[j], support[i]].conjugate
      }
      var out = zs.multiplied(by: hs * zs, transposeSelf: .adjoint) * Complex(scale, 0)
      out.makeHermitian()
      return out
    }
  }
  // H = L + L† with L the lower triangle (diagonal halved): W = L Z (left) or Z L (right) by `ztrmm`, then
  // Z† H Z = P + P† with P = Z† W, or Z H Z† = P + P† with P = W Z†, P by one `zgemm3m` (Karatsuba's three real
  // products per complex one; OpenBLAS's `zgemm3m` takes 0.13 s at N = 1000 where `zher2k` for the same result takes
  // 0.18 s and `zgemm` 0.17 s) — 10N³ real flops instead of 16N³ for zhemm + zgemm. The 3M product's rounding is
  // normwise (‖ΔP‖ ≲ c u ‖Z‖‖W‖, not componentwise for the imaginary parts; Higham, Accuracy and Stability, §23.2.4),
  // as is every error the double-double refinement corrects (its residual is evaluated exactly).
  var l = h
  for j in 0..<n {
    l[j, j] = Complex(0.5 * h[j, j].real, 0)
    for i in 0..<j { l[i, j] = .zero }
  }
  var w = z, p = Matrix<Complex<Double>>(rows: n, columns: n)
  var one = Complex<Double>(1, 0)
  l.elements.withUnsafeBufferPointer { lp in w.elements.withUnsafeMutableBufferPointer { wp in
    cblas_ztrmm(CblasColMajor, adjointFirst ? CblasLeft : CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, Int32(n), Int32(n), &one,
                lp.baseAddress!, Int32(n), wp.baseAddress!, Int32(n))
  } }
  var alpha = Complex<Double>(scale, 0), zero = Complex<Double>.zero
  z.elements.withUnsafeBufferPointer { zp in w.elements.withUnsafeBufferPointer { wp in p.elements.withUnsafeMutableBufferPointer { pp in
    if adjointFirst {   // P = α Z† W
      cblas_zgemm3m(CblasColMajor, CblasConjTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), &alpha, zp.baseAddress!, Int32(n), wp.baseAddress!, Int32(n), &zero, pp.baseAddress!, Int32(n))
    } else {            // P = α W Z†
      cblas_zgemm3m(CblasColMajor, CblasNoTrans, CblasConjTrans, Int32(n), Int32(n), Int32(n), &alpha, wp.baseAddress!, Int32(n), zp.baseAddress!, Int32(n), &zero, pp.baseAddress!, Int32(n))
    }
  } } }
  // P + P†, exactly Hermitian.
  p.elements.withUnsafeMutableBufferPointer { pp in
    for j in 0..<n {
      pp[j + j * n] = Complex(2 * pp[j + j * n].real, 0)
      for i in (j + 1)..<Swift.max(j + 1, n) {
        let v = pp[i + j * n] + pp[j + i * n].conjugate
        pp[i + j * n] = v; pp[j + i * n] = v.conjugate
      }
    }
  }
  return p
}

/// K X with the non-zeros of K only when K is sparse (a chain's drift: O(nnz · N) instead of a dense product).
func sparseTimes(_ k: Matrix<Complex<Double>>, _ x: Matrix<Complex<Double>>) -> Matrix<Complex<Double>> {
  let n = k.rows, m = x.columns
  var entries: [(Int, Int, Complex<Double>)] = []
  for c in 0..<k.columns { for r in 0..<n where k[r, c] != .zero { entries.append((r, c, k[r, c])) } }
  guard entries.count <= n * k.columns / 16 else { return k * x }
  var out = Matrix<Complex<Double>>(rows: n, columns: m)
  out.elements.withUnsafeMutableBufferPointer { o in x.elements.withUnsafeBufferPointer { xp in
    for j in 0..<m { for (r, c, v) in entries { o[r + j * n] = o[r + j * n] + v * xp[c + j * x.rows] } }
  } }
  return out
}

extension Matrix where Element == Complex<Double> {
  /// Exactly Hermitian: real diagonal, each off-diagonal pair replaced by the mean of H_ij and conj(H_ji).
  mutating func makeHermitian() {
    let n = rows
    for j in 0..<n {
      self[j, j] = Complex(self[j, j].real, 0)
      for i in (j + 1)..<Swift.max(j + 1, n) {
        let v = (self[i, j] + self[j, i].conjugate) * Complex(0.5, 0)
        self[i, j] = v; self[j, i] = v.conjugate
      }
    }
  }
}

/// Recursive blocked solver of T Y + Y T† = C for upper triangular complex T and Hermitian C (Jonsson & Kågström's
/// RECLYCT, ACM TOMS 28, 392 (2002), in complex arithmetic; the real version is `solveTriangularLyapunovRecursive`).
/// With T = [T₁₁ T₁₂; 0 T₂₂]:
///   T₂₂ Y₂₂ + Y₂₂ T₂₂† = C₂₂                                   (recursive),
///   T₁₁ Y₁₂ + Y₁₂ T₂₂† = C₁₂ − T₁₂ Y₂₂                          (`zhemm`, then the recursive Sylvester solver),
///   T₁₁ Y₁₁ + Y₁₁ T₁₁† = C₁₁ − (T₁₂ Y₁₂† + Y₁₂ T₁₂†)           (`zher2k`, recursive).
/// Only the upper triangle is computed (the lower one is scratch, then completed as the conjugate); blocks ≤ blockSize
/// by back-substitution. Throws `singularMatrix` if T and −T† share an eigenvalue.
func solveComplexTriangularLyapunov(t: Matrix<Complex<Double>>, c: inout Matrix<Complex<Double>>, blockSize: Int = 48) throws {
  let n = t.rows
  if n == 0 { return }
  try t.elements.withUnsafeBufferPointer { tp in
    try c.elements.withUnsafeMutableBufferPointer { cp in
      try ComplexRecursiveLyapunovKernel(t: tp.baseAddress!, y: cp.baseAddress!, n: n, blockSize: Swift.max(1, blockSize)).solve(0, n)
    }
  }
  for j in 0..<n { for i in (j + 1)..<Swift.max(j + 1, n) { c[i, j] = c[j, i].conjugate } }
}

private struct ComplexRecursiveLyapunovKernel {
  let t: UnsafePointer<Complex<Double>>
  let y: UnsafeMutablePointer<Complex<Double>>
  let n: Int
  let blockSize: Int

  func tBlock(_ i: Int, _ j: Int) -> UnsafePointer<Complex<Double>> { t + (i + j * n) }
  func yBlock(_ i: Int, _ j: Int) -> UnsafeMutablePointer<Complex<Double>> { y + (i + j * n) }

  func solve(_ lo: Int, _ hi: Int) throws {
    let m = hi - lo
    if m <= blockSize { return try solveDiagonalBlock(lo, hi) }
    let k = lo + m / 2
    let m1 = Int32(k - lo), m2 = Int32(hi - k), ld = Int32(n)
    try solve(k, hi)
    var minusOne = Complex<Double>(-1, 0), one = Complex<Double>(1, 0)
    // C₁₂ ← C₁₂ − T₁₂ Y₂₂ (Y₂₂ Hermitian, upper triangle valid).
    cblas_zhemm(CblasColMajor, CblasRight, CblasUpper, m1, m2, &minusOne, yBlock(k, k), ld, tBlock(lo, k), ld, &one, yBlock(lo, k), ld)
    try sylvester(aLo: lo, aHi: k, bLo: k, bHi: hi)
    // C₁₁ ← C₁₁ − (T₁₂ Y₁₂† + Y₁₂ T₁₂†), upper triangle.
    cblas_zher2k(CblasColMajor, CblasUpper, CblasNoTrans, m1, m2, &minusOne, tBlock(lo, k), ld, yBlock(lo, k), ld, 1, yBlock(lo, lo), ld)
    try solve(lo, k)
  }

  /// T_aa X + X T_bb† = C for the block X = Y[aLo..<aHi, bLo..<bHi] (T_aa, T_bb diagonal blocks of T), recursively
  /// (Jonsson–Kågström's RECSY): halve the larger of the two triangular factors, one `zgemm` update between the halves,
  /// down to blocks ≤ blockSize solved by `sylvesterBlock`. Level-3 BLAS and no LAPACK `ztrsyl`/`ztrsyl3` (OpenBLAS
  /// 0.3.21's `zdotc_k`, which they call, crashed at N = 2000).
  func sylvester(aLo: Int, aHi: Int, bLo: Int, bHi: Int) throws {
    let m = aHi - aLo, nb = bHi - bLo
    if m <= blockSize && nb <= blockSize { return try sylvesterBlock(aLo: aLo, aHi: aHi, bLo: bLo, bHi: bHi) }
    var minusOne = Complex<Double>(-1, 0), one = Complex<Double>(1, 0)
    let ld = Int32(n)
    if m >= nb {
      // A = [A₁₁ A₁₂; 0 A₂₂]: A₂₂ X₂ + X₂ B† = C₂, C₁ ← C₁ − A₁₂ X₂, A₁₁ X₁ + X₁ B† = C₁.
      let s = aLo + m / 2
      try sylvester(aLo: s, aHi: aHi, bLo: bLo, bHi: bHi)
      cblas_zgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(s - aLo), Int32(nb), Int32(aHi - s), &minusOne, tBlock(aLo, s), ld,
                  yBlock(s, bLo), ld, &one, yBlock(aLo, bLo), ld)
      try sylvester(aLo: aLo, aHi: s, bLo: bLo, bHi: bHi)
    } else {
      // B = [B₁₁ B₁₂; 0 B₂₂], X = [X₁ X₂]: A X₂ + X₂ B₂₂† = C₂, C₁ ← C₁ − X₂ B₁₂†, A X₁ + X₁ B₁₁† = C₁.
      let s = bLo + nb / 2
      try sylvester(aLo: aLo, aHi: aHi, bLo: s, bHi: bHi)
      cblas_zgemm(CblasColMajor, CblasNoTrans, CblasConjTrans, Int32(m), Int32(s - bLo), Int32(bHi - s), &minusOne, yBlock(aLo, s), ld,
                  tBlock(bLo, s), ld, &one, yBlock(aLo, bLo), ld)
      try sylvester(aLo: aLo, aHi: aHi, bLo: bLo, bHi: s)
    }
  }

  /// Small Sylvester block by back-substitution: X_ij (A_ii + B̄_jj) = C_ij − Σ_{k>i} A_ik X_kj − Σ_{l>j} X_il B̄_jl.
  func sylvesterBlock(aLo: Int, aHi: Int, bLo: Int, bHi: Int) throws {
    for i in stride(from: aHi - 1, through: aLo, by: -1) {
      for j in stride(from: bHi - 1, through: bLo, by: -1) {
        var r = y[i + j * n]
        for k in (i + 1)..<aHi { r = r - t[i + k * n] * y[k + j * n] }
        for l in (j + 1)..<bHi { r = r - y[i + l * n] * t[j + l * n].conjugate }
        y[i + j * n] = r / (try denominator(i, j))
      }
    }
  }

  func denominator(_ i: Int, _ j: Int) throws -> Complex<Double> {
    let den = t[i + i * n] + t[j + j * n].conjugate
    guard den.lengthSquared > 0 else {
      throw NumericsError.singularMatrix(routine: "triangular Lyapunov", detail: "T and −T† have a common eigenvalue; the Lyapunov solution is not unique")
    }
    return den
  }

  /// A small diagonal block by back-substitution (T is truly triangular): for i = hi−1 … lo and j = hi−1 … i,
  /// Y_ij (T_ii + T̄_jj) = C_ij − Σ_{k>i} T_ik Y_kj − Σ_{l>j} Y_il T̄_jl, reading Y_kj = Ȳ_jk below the diagonal.
  /// O(m³) with m ≤ blockSize; no LAPACK scaling (the denominators are 2 Re λ-like sums, non-zero for a stable K).
  func solveDiagonalBlock(_ lo: Int, _ hi: Int) throws {
    @inline(__always) func yv(_ k: Int, _ j: Int) -> Complex<Double> { k <= j ? y[k + j * n] : y[j + k * n].conjugate }
    for i in stride(from: hi - 1, through: lo, by: -1) {
      for j in stride(from: hi - 1, through: i, by: -1) {
        var r = y[i + j * n]
        for k in (i + 1)..<hi { r = r - t[i + k * n] * yv(k, j) }
        for l in (j + 1)..<hi { r = r - y[i + l * n] * t[j + l * n].conjugate }
        var v = r / (try denominator(i, j))
        if i == j { v = Complex(v.real, 0) }
        y[i + j * n] = v
      }
    }
  }
}

/// The N × N complex form of a phase-covariant 2N × 2N real matrix (every 2 × 2 block of the form [[a, b], [−b, a]],
/// i.e. M Ω = Ω M): φ(M)_jk = a_jk − i b_jk. φ is an algebra isomorphism onto its image with φ(Mᵀ) = φ(M)†, so for
/// covariant A, D, V: A V + V Aᵀ + D = 0 ⇔ K W + W K† + Q = 0 with K = φ(A), W = φ(V), Q = φ(D) (with z_j = x_j + i p_j:
/// x' = a x + b p, p' = −b x + a p ⇔ z' = (a − i b) z). For a covariance matrix, W = φ(V) is Hermitian,
/// W_jk = ½(V_xjxk + V_pjpk) − ½ i(V_xjpk − V_pjxk) = ⟨a_k†a_j⟩ + ½δ_jk, and V + iΩ/2 is unitarily equivalent to
/// (W̄ − ½) ⊕ (W + ½) (the real form of c = a − ib has eigenvalues c on (1, −i)/√2 and c̄ on (1, i)/√2; Ω ↦ −i):
/// the uncertainty margin is λ_min(W) − ½ and the symplectic eigenvalues of V are the eigenvalues of W.
public enum PhaseCovariantForm {
  /// Whether every 2 × 2 block of `m` (modes j, k) is exactly [[a, b], [−b, a]].
  public static func isCovariant(_ m: Matrix<Double>) -> Bool {
    let n = m.rows / 2
    guard m.isSquare, m.rows % 2 == 0 else { return false }
    return m.elements.withUnsafeBufferPointer { p in
      let ld = 2 * n
      for j in 0..<n { for i in 0..<n {
        let xx = p[2 * i + 2 * j * ld], xp = p[2 * i + (2 * j + 1) * ld], px = p[2 * i + 1 + 2 * j * ld], pp = p[2 * i + 1 + (2 * j + 1) * ld]
        if xx != pp || xp != -px { return false }
      } }
      return true
    }
  }

  /// As above for a sparse matrix, in O(nnz log nnz): every non-zero (r, c) has its partner (r ⊕ 1, c ⊕ 1) equal to it
  /// (x–x and p–p entries) or to its negative (x–p and p–x entries), and no partner is missing.
  public static func isCovariant(_ m: RealSparseMatrix) -> Bool {
    guard m.rows == m.columns, m.rows % 2 == 0 else { return false }
    var entries: [Int: Double] = [:]
    entries.reserveCapacity(m.nonZeroCount)
    m.forEachNonZero { r, c, x in entries[r + c * m.rows] = x }
    for (key, x) in entries {
      let r = key % m.rows, c = key / m.rows
      let partner = entries[(r ^ 1) + (c ^ 1) * m.rows] ?? 0
      if partner != ((r & 1) == (c & 1) ? x : -x) { return false }
    }
    return true
  }

  /// φ(M) (N × N) of a covariant 2N × 2N matrix.
  public static func complex(_ m: Matrix<Double>) -> Matrix<Complex<Double>> {
    let n = m.rows / 2
    return Matrix<Complex<Double>>(rows: n, columns: n) { i, j in
      Complex(0.5 * (m[2 * i, 2 * j] + m[2 * i + 1, 2 * j + 1]), -0.5 * (m[2 * i, 2 * j + 1] - m[2 * i + 1, 2 * j]))
    }
  }

  /// φ⁻¹(W) (2N × 2N real).
  public static func real(_ w: Matrix<Complex<Double>>) -> Matrix<Double> {
    let n = w.rows
    var m = Matrix<Double>(rows: 2 * n, columns: 2 * n)
    for j in 0..<n { for i in 0..<n {
      let a = w[i, j].real, b = -w[i, j].imaginary
      m[2 * i, 2 * j] = a; m[2 * i + 1, 2 * j + 1] = a; m[2 * i, 2 * j + 1] = b; m[2 * i + 1, 2 * j] = -b
    } }
    return m
  }
}
