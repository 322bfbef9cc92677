import CLapack

/// Recursive blocked solver of the triangular continuous Lyapunov equation T Y + Y Tᵀ = C with
/// T upper quasi-triangular (a real Schur form) and C symmetric, so that Y is symmetric.
///
/// Algorithm (Jonsson & Kågström's RECLYCT, ACM TOMS 28, 392 (2002)): split T = [T₁₁ T₁₂; 0 T₂₂]
/// (never inside a 2×2 bump of the Schur form) and Y, C alike. The block equations are
///   T₂₂ Y₂₂ + Y₂₂ T₂₂ᵀ = C₂₂                                   (Lyapunov, recursive),
///   T₁₁ Y₁₂ + Y₁₂ T₂₂ᵀ = C₁₂ − T₁₂ Y₂₂                          (Sylvester, `dtrsyl3`, after `dsymm`),
///   T₁₁ Y₁₁ + Y₁₁ T₁₁ᵀ = C₁₁ − (T₁₂ Y₁₂ᵀ + Y₁₂ T₁₂ᵀ)           (Lyapunov, recursive, after `dsyr2k`).
/// Only the upper triangle of Y is computed: about n³ flops against 2n³ for `dtrsyl3` on the full
/// n×n Sylvester problem, all of it in level-3 BLAS except the small diagonal blocks (classic `dtrsyl`).
///
/// Works in place on the column-major n×n buffer of C (upper triangle read and overwritten with Y;
/// the lower triangle is used as scratch, then mirrored). Returns `false`, with C in an unspecified
/// state, if LAPACK had to scale a block against overflow (scale < 1) — the caller then solves the
/// whole problem with `dtrsyl3`, which handles the scaling consistently.
func solveTriangularLyapunovRecursive(t: Matrix<Double>, c: inout Matrix<Double>, blockSize: Int = 64) throws -> Bool {
  let n = t.rows
  precondition(t.isSquare && c.rows == n && c.columns == n, "triangular Lyapunov: T \(t.rows)×\(t.columns), C \(c.rows)×\(c.columns)")
  if n == 0 { return true }
  let ok: Bool = try t.elements.withUnsafeBufferPointer { tp in
    try c.elements.withUnsafeMutableBufferPointer { cp in
      let solver = RecursiveLyapunovKernel(t: tp.baseAddress!, y: cp.baseAddress!, n: n, blockSize: Swift.max(2, blockSize))
      return try solver.solve(0, n)
    }
  }
  if ok {
    c.elements.withUnsafeMutableBufferPointer { d in
      for j in 0..<n { for i in (j + 1)..<Swift.max(j + 1, n) { d[i + j * n] = d[j + i * n] } }
    }
  }
  return ok
}

/// The recursion of `solveTriangularLyapunovRecursive` on raw column-major buffers (leading dimension n).
private struct RecursiveLyapunovKernel {
  let t: UnsafePointer<Double>
  let y: UnsafeMutablePointer<Double>
  let n: Int
  let blockSize: Int

  @inline(__always) func tElement(_ i: Int, _ j: Int) -> Double { t[i + j * n] }
  func tBlock(_ i: Int, _ j: Int) -> UnsafePointer<Double> { t + (i + j * n) }
  func yBlock(_ i: Int, _ j: Int) -> UnsafeMutablePointer<Double> { y + (i + j * n) }

  /// Solves the diagonal block [lo, hi) in place; `false` if LAPACK scaled.
  func solve(_ lo: Int, _ hi: Int) throws -> Bool {
    let m = hi - lo
    if m <= blockSize { return try solveDiagonalBlock(lo, hi) }
    var k = lo + m / 2
    if tElement(k, k - 1) != 0 { k += 1 }   // keep a 2×2 bump of the quasi-triangular T whole
    let m1 = Int32(k - lo), m2 = Int32(hi - k), ld = Int32(n)
    // Y₂₂.
    guard try solve(k, hi) else { return false }
    // C₁₂ ← C₁₂ − T₁₂ Y₂₂ (Y₂₂ symmetric, upper triangle valid).
    cblas_dsymm(CblasColMajor, CblasRight, CblasUpper, m1, m2, -1, yBlock(k, k), ld, tBlock(lo, k), ld, 1, yBlock(lo, k), ld)
    // T₁₁ Y₁₂ + Y₁₂ T₂₂ᵀ = C₁₂.
    var scale = 1.0
    let info = LAPACKE_dtrsyl3(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "T")), 1, m1, m2,
                               tBlock(lo, lo), ld, tBlock(k, k), ld, yBlock(lo, k), ld, &scale)
    try check(info, routine: "dtrsyl3")
    if scale != 1 { return false }
    // C₁₁ ← C₁₁ − (T₁₂ Y₁₂ᵀ + Y₁₂ T₁₂ᵀ), upper triangle.
    cblas_dsyr2k(CblasColMajor, CblasUpper, CblasNoTrans, m1, m2, -1, tBlock(lo, k), ld, yBlock(lo, k), ld, 1, yBlock(lo, lo), ld)
    return try solve(lo, k)
  }

  /// A small diagonal block with the classic `dtrsyl` on the full (mirrored) block.
  func solveDiagonalBlock(_ lo: Int, _ hi: Int) throws -> Bool {
    for j in lo..<hi { for i in (j + 1)..<Swift.max(j + 1, hi) { y[i + j * n] = y[j + i * n] } }
    var scale = 1.0
    let m = Int32(hi - lo), ld = Int32(n)
    let info = LAPACKE_dtrsyl(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "T")), 1, m, m,
                              tBlock(lo, lo), ld, tBlock(lo, lo), ld, yBlock(lo, lo), ld, &scale)
    try check(info, routine: "dtrsyl")
    // Average the two triangles, each a backward-stable solution (see LyapunovSolver.solve).
    for j in lo..<hi { for i in (j + 1)..<Swift.max(j + 1, hi) {
      let v = 0.5 * (y[i + j * n] + y[j + i * n]); y[i + j * n] = v; y[j + i * n] = v
    } }
    return scale == 1
  }

  func check(_ info: Int32, routine: String) throws {
    if info == 1 {
      throw NumericsError.singularMatrix(routine: routine, detail: "T and −T have (nearly) common eigenvalues; the Lyapunov solution is not unique")
    }
    if info != 0 { throw NumericsError.lapack(routine: routine, info: Int(info)) }
  }
}
