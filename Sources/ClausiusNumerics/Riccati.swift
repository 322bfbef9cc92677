import CLapack
import Numerics

/// A solution of a continuous algebraic Riccati equation with its diagnostics.
public struct RiccatiSolution: Sendable {
  /// The solution X (symmetrised).
  public let solution: Matrix<Double>
  /// ‖A X + X Aᵀ + X R X + Q‖_F / (‖Q‖_F + ‖A X‖_F + ‖X R X‖_F): relative residual.
  public let relativeResidual: Double
  /// Spectral abscissa of the closed-loop matrix A + X R (< 0 for the stabilising solution).
  public let closedLoopAbscissa: Double
  /// Newton–Kleinman: iterations used (0 for the Schur route).
  public let iterations: Int
  /// Schur route: `dtrsen`'s reciprocal condition number of the selected eigenvalue cluster (1 = perfect)
  /// and the separation estimate of the two invariant subspaces (small ⇒ ill-conditioned); nil otherwise.
  public var clusterConditionReciprocal: Double? = nil
  public var separation: Double? = nil
}

/// Continuous algebraic Riccati equation in the form of the biased-covariance equation of full
/// counting statistics:
///
///   A X + X Aᵀ + X R X + Q = 0,   R, Q symmetric,
///
/// and its stabilising solution (A + X R Hurwitz), the branch continuously connected to the
/// Lyapunov solution A X + X Aᵀ + Q = 0 at R = 0.
///
/// Schur route: X spans the invariant subspace of the 2n × 2n Hamiltonian matrix
/// 𝓗 = [[−Aᵀ, −R], [Q, A]] belonging to its n eigenvalues with positive real part
/// (𝓗 [I; X] = [I; X] Λ with Λ = −(A + X R)ᵀ). The real Schur form of 𝓗 (`dgees`) is reordered so
/// these come first (`dtrsen`), and X = U₂₁ U₁₁⁻¹ (LU solve). Newton–Kleinman route (cross-check):
/// (A + X_k R) X_{k+1} + X_{k+1}(A + X_k R)ᵀ + Q − X_k R X_k = 0 on `LyapunovSolver`.
/// Reference: paper 001, Eq. (D1) (biased covariance); Laub, IEEE TAC 24, 913 (1979) (Schur method).
public enum RiccatiSolver {
  /// Stabilising solution by the ordered real Schur form of the Hamiltonian matrix.
  /// Throws `noStabilisingSolution` when 𝓗 has eigenvalues on (or within 1e-12 relative of) the imaginary
  /// axis or not exactly n in the right half-plane: then no stabilising solution exists (for counting
  /// statistics: s is outside the domain where θ(s) is finite).
  public static func solve(a: Matrix<Double>, r: Matrix<Double>, q: Matrix<Double>) throws -> RiccatiSolution {
    let n = a.rows
    guard a.isSquare, r.rows == n, r.columns == n, q.rows == n, q.columns == n else {
      throw NumericsError.dimensionMismatch(operation: "Riccati solve", detail: "A is \(a.rows)×\(a.columns), R \(r.rows)×\(r.columns), Q \(q.rows)×\(q.columns)")
    }
    guard a.isFinite, r.isFinite, q.isFinite else { throw NumericsError.notFinite(name: "Riccati coefficients A, R, Q") }
    if n == 0 { return RiccatiSolution(solution: q, relativeResidual: 0, closedLoopAbscissa: -.infinity, iterations: 0) }
    let m = 2 * n
    var h = Matrix<Double>(rows: m, columns: m)
    for j in 0..<n { for i in 0..<n {
      h[i, j] = -a[j, i]; h[i, j + n] = -r[i, j]
      h[i + n, j] = q[i, j]; h[i + n, j + n] = a[i, j]
    } }
    let schur = try RealSchurDecomposition(h)
    let scale = Swift.max(h.maxAbs, 1e-300)
    var select = [Int32](repeating: 0, count: m)
    var positive = 0
    for (k, e) in schur.eigenvalues.enumerated() {
      if abs(e.real) <= 1e-12 * scale {
        throw NumericsError.noStabilisingSolution(detail: "Hamiltonian-matrix eigenvalue \(e.real) + \(e.imaginary)i lies on the imaginary axis (|Re| ≤ 1e-12 × ‖𝓗‖)")
      }
      if e.real > 0 { select[k] = 1; positive += 1 }
    }
    guard positive == n else { throw NumericsError.noStabilisingSolution(detail: "\(positive) of \(m) Hamiltonian-matrix eigenvalues in the right half-plane, need \(n)") }
    var t = schur.t.elements, z = schur.z.elements
    var wr = [Double](repeating: 0, count: m), wi = wr
    // job = "B" (also the condition estimates): LAPACK's dtrsen writes IWORK(1) even for job = "N", and
    // LAPACKE passes no IWORK then (NULL dereference), so job "N" is not usable through LAPACKE.
    var sdim: Int32 = 0, s = 0.0, sep = 0.0
    let info = LAPACKE_dtrsen(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "B")), Int8(UInt8(ascii: "V")), &select, Int32(m), &t, Int32(m), &z, Int32(m), &wr, &wi, &sdim, &s, &sep)
    if info != 0 { throw NumericsError.lapack(routine: "dtrsen", info: Int(info)) }
    let zm = Matrix<Double>(rows: m, columns: m, columnMajor: z)
    let u11 = zm.submatrix(rows: 0..<n, columns: 0..<n), u21 = zm.submatrix(rows: n..<m, columns: 0..<n)
    // X = U₂₁ U₁₁⁻¹  ⇔  U₁₁ᵀ Xᵀ = U₂₁ᵀ.
    let xt = try u11.transposed.solve(u21.transposed)
    let x = xt.transposed.symmetrized
    let d = try diagnose(x, a: a, r: r, q: q, iterations: 0)
    return RiccatiSolution(solution: d.solution, relativeResidual: d.relativeResidual, closedLoopAbscissa: d.closedLoopAbscissa,
                           iterations: 0, clusterConditionReciprocal: s, separation: sep)
  }

  /// Stabilising solution by Newton–Kleinman iteration from `initial` (default: the Lyapunov solution
  /// at R = 0). Stops when the relative residual is below `tolerance` or after `maximumIterations`.
  public static func solveNewtonKleinman(a: Matrix<Double>, r: Matrix<Double>, q: Matrix<Double>, initial: Matrix<Double>? = nil,
                                         tolerance: Double = 1e-13, maximumIterations: Int = 50) throws -> RiccatiSolution {
    var x = try initial ?? LyapunovSolver(drift: a).solve(q).solution
    var last = try diagnose(x, a: a, r: r, q: q, iterations: 0)
    var k = 0
    while k < maximumIterations, last.relativeResidual > tolerance {
      k += 1
      let ak = a + x * r
      let rhs = (q - x * r * x).symmetrized
      x = try LyapunovSolver(drift: ak).solve(rhs).solution
      last = try diagnose(x, a: a, r: r, q: q, iterations: k)
    }
    return last
  }

  static func diagnose(_ x: Matrix<Double>, a: Matrix<Double>, r: Matrix<Double>, q: Matrix<Double>, iterations: Int) throws -> RiccatiSolution {
    guard x.isFinite else { throw NumericsError.notFinite(name: "Riccati solution") }
    let ax = a * x, xrx = x * r * x
    let res = ax + ax.transposed + xrx + q
    let denom = q.frobeniusNorm + 2 * ax.frobeniusNorm + xrx.frobeniusNorm
    let abscissa = try RealSchurDecomposition(a + x * r).spectralAbscissa
    return RiccatiSolution(solution: x, relativeResidual: denom > 0 ? res.frobeniusNorm / denom : res.frobeniusNorm,
                           closedLoopAbscissa: abscissa, iterations: iterations)
  }
}
