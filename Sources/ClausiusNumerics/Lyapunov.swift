import CLapack
import Dispatch
import Foundation
import Numerics

/// Which LAPACK triangular Sylvester solver does the back-substitution.
public enum SylvesterAlgorithm: String, Sendable, CaseIterable {
  /// Lyapunov equations with a symmetric right-hand side: the recursive blocked triangular Lyapunov
  /// solver (Jonsson–Kågström RECLYCT; `solveTriangularLyapunovRecursive`), which computes one triangle
  /// of the symmetric solution with half the flops of `dtrsyl3`. Every other case (Sylvester equations,
  /// non-symmetric Q, or a block that LAPACK had to rescale against overflow) uses `dtrsyl3`. The default.
  case recursive
  /// `dtrsyl3` (LAPACK ≥ 3.11): blocked, level-3 BLAS, on the full n×n triangular Sylvester problem.
  case level3
  /// `dtrsyl`: the classic level-2 algorithm, kept as a fallback and a cross-check.
  case classic
}

/// A solution of a Lyapunov or Sylvester equation with its relative residual.
public struct LyapunovSolution: Sendable {
  /// The solution X.
  public let solution: Matrix<Double>
  /// ‖A X + X Aᵀ + Q‖_F / ‖Q‖_F (Sylvester: ‖A X + X B − C‖_F / ‖C‖_F).
  public let relativeResidual: Double
}

/// Continuous Lyapunov solver for `A X + X Aᵀ + Q = 0` by Bartels–Stewart:
/// A = Z T Zᵀ (real Schur, `dgees`), then T Y + Y Tᵀ = −Zᵀ Q Z (recursive blocked triangular Lyapunov
/// solver for symmetric Q, else `dtrsyl3`), X = Z Y Zᵀ.
///
/// The Schur form is kept, so each further right-hand side (a temperature sweep: same drift, new
/// diffusion) costs four matrix products and one triangular solve. For a covariance matrix V of a
/// Gaussian state, A is the drift and Q the diffusion matrix (docs/conventions.md, "Gaussian dynamics").
public struct LyapunovSolver: Sendable {
  public let drift: Matrix<Double>
  public let schur: RealSchurDecomposition
  public let algorithm: SylvesterAlgorithm

  /// Factorises the drift matrix `A`. Throws `unstableDrift` when an eigenvalue has Re ≥ 0:
  /// then no stationary state exists (or it is not unique).
  public init(drift: Matrix<Double>, algorithm: SylvesterAlgorithm = .recursive) throws {
    guard drift.isSquare else { throw NumericsError.dimensionMismatch(operation: "Lyapunov solver", detail: "drift matrix is \(drift.rows)×\(drift.columns), must be square") }
    guard drift.isFinite else { throw NumericsError.notFinite(name: "drift matrix") }
    let s = try RealSchurDecomposition(drift)
    if drift.rows > 0, s.spectralAbscissa >= 0 { throw NumericsError.unstableDrift(maxRealPart: s.spectralAbscissa) }
    self.drift = drift
    self.schur = s
    self.algorithm = algorithm
  }

  /// Solves A X + X Aᵀ + Q = 0. A symmetric Q gives a symmetric X (symmetrised against round-off).
  public func solve(_ q: Matrix<Double>) throws -> LyapunovSolution {
    let n = drift.rows
    guard q.rows == n, q.columns == n else { throw NumericsError.dimensionMismatch(operation: "Lyapunov solve", detail: "Q is \(q.rows)×\(q.columns), drift is \(n)×\(n)") }
    guard q.isFinite else { throw NumericsError.notFinite(name: "Q (diffusion) matrix") }
    if n == 0 { return LyapunovSolution(solution: q, relativeResidual: 0) }
    let z = schur.z
    let qIsSymmetric = q.isSymmetric(relativeTolerance: 1e-14)
    var x: Matrix<Double>
    if qIsSymmetric {
      // Symmetric Q ⇒ symmetric C and X: both basis changes as congruences (dtrmm + dsyr2k).
      var c = q.congruenceTransposed(by: z, scale: -1)       // C = −Zᵀ Q Z
      var scale = 1.0
      let solvedRecursively = algorithm == .recursive ? try solveTriangularLyapunovRecursive(t: schur.t, c: &c) : false
      if !solvedRecursively {
        // The full Sylvester solvers (or the rare rescaled case of the recursive one, redone from scratch).
        if algorithm == .recursive { c = q.congruenceTransposed(by: z, scale: -1) }
        scale = try triangularSylvester(t: schur.t, c: &c, algorithm: algorithm)
        // Symmetrise Y before reading one triangle: Y and Yᵀ both solve T Y + Y Tᵀ = C to backward-stable
        // accuracy, one triangle alone does not (residual up to ~cond(T) larger for weakly damped drifts).
        c = c.symmetrized
      }
      x = c.congruence(by: z, scale: 1 / scale)              // X = Z Y Zᵀ / scale (reads Y's lower triangle)
    } else {
      var c = -(z.multiplied(by: q, transposeSelf: .transpose) * z)
      let scale = try triangularSylvester(t: schur.t, c: &c, algorithm: algorithm)
      x = (z * c).multiplied(by: z, transposeOther: .transpose)
      if scale != 1 { x = x * (1 / scale) }
    }
    return LyapunovSolution(solution: x, relativeResidual: relativeResidual(x, q, symmetric: qIsSymmetric))
  }

  /// Solves A X_k + X_k Aᵀ + Q_k = 0 for many right-hand sides with one Schur form, running
  /// `concurrency` solves at a time (default: all cores; BLAS stays single-threaded per solve, see
  /// `BLASThreads`). Results are in the order of `qs`; the first error is rethrown.
  public func solve(_ qs: [Matrix<Double>], concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [LyapunovSolution] {
    let results = UnsafeSendableBox([Result<LyapunovSolution, Error>?](repeating: nil, count: qs.count))
    let workers = Swift.max(1, Swift.min(concurrency, qs.count))
    let lock = NSLock()
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var k = worker
      while k < qs.count {
        let r = Result { try self.solve(qs[k]) }
        lock.lock(); results.value[k] = r; lock.unlock()
        k += workers
      }
    }
    return try results.value.map { try $0!.get() }
  }

  /// ‖A X + X Aᵀ + Q‖_F / ‖Q‖_F with the original drift (one dgemm; XAᵀ = (AX)ᵀ when X is symmetric).
  func relativeResidual(_ x: Matrix<Double>, _ q: Matrix<Double>, symmetric: Bool) -> Double {
    let n = drift.rows
    let ax = drift * x
    let xat = symmetric ? ax.transposed : x.multiplied(by: drift, transposeOther: .transpose)
    var sum = 0.0, qsum = 0.0
    ax.elements.withUnsafeBufferPointer { p in xat.elements.withUnsafeBufferPointer { r in q.elements.withUnsafeBufferPointer { qq in
      for k in 0..<(n * n) {
        let e = p[k] + r[k] + qq[k]
        sum += e * e
        qsum += qq[k] * qq[k]
      }
    } } }
    return qsum > 0 ? (sum / qsum).squareRoot() : sum.squareRoot()
  }
}

/// Solves T Y + Y Tᵀ = scale · C in place for quasi-triangular T, returning `scale` (≤ 1, set by
/// LAPACK to avoid overflow).
func triangularSylvester(t: Matrix<Double>, c: inout Matrix<Double>, algorithm: SylvesterAlgorithm, b: Matrix<Double>? = nil, transposeB: Bool = true) throws -> Double {
  let m = t.rows
  let bm = b ?? t
  let n = bm.rows
  var scale = 1.0
  let tranb = Int8(UInt8(ascii: transposeB ? "T" : "N"))
  let info: Int32 = t.elements.withUnsafeBufferPointer { tp in
    bm.elements.withUnsafeBufferPointer { bp in
      c.elements.withUnsafeMutableBufferPointer { cp in
        switch algorithm {
        case .level3, .recursive:
          return LAPACKE_dtrsyl3(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), tranb, 1, Int32(m), Int32(n),
                                 tp.baseAddress!, Int32(m), bp.baseAddress!, Int32(n), cp.baseAddress!, Int32(m), &scale)
        case .classic:
          return LAPACKE_dtrsyl(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), tranb, 1, Int32(m), Int32(n),
                                tp.baseAddress!, Int32(m), bp.baseAddress!, Int32(n), cp.baseAddress!, Int32(m), &scale)
        }
      }
    }
  }
  let routine = algorithm == .classic ? "dtrsyl" : "dtrsyl3"
  if info == 1 {
    throw NumericsError.singularMatrix(routine: routine, detail: "A and −B have (nearly) common eigenvalues; the solution is not unique")
  }
  if info != 0 { throw NumericsError.lapack(routine: routine, info: Int(info)) }
  return scale
}

extension Matrix where Element == Double {
  /// Solves the continuous Lyapunov equation A X + X Aᵀ + Q = 0 with `self` as A.
  public func solveLyapunov(_ q: Matrix<Double>, algorithm: SylvesterAlgorithm = .recursive) throws -> LyapunovSolution {
    try LyapunovSolver(drift: self, algorithm: algorithm).solve(q)
  }

  /// Solves the Sylvester equation A X + X B = C with `self` as A (Bartels–Stewart, two real Schur forms).
  /// Requires that A and −B share no eigenvalue.
  public func solveSylvester(b: Matrix<Double>, c: Matrix<Double>, algorithm: SylvesterAlgorithm = .level3) throws -> LyapunovSolution {
    guard isSquare, b.isSquare, c.rows == rows, c.columns == b.rows else {
      throw NumericsError.dimensionMismatch(operation: "Sylvester solve", detail: "A \(rows)×\(columns), B \(b.rows)×\(b.columns), C \(c.rows)×\(c.columns)")
    }
    guard c.isFinite else { throw NumericsError.notFinite(name: "C matrix") }
    let sa = try RealSchurDecomposition(self), sb = try RealSchurDecomposition(b)
    var y = sa.z.multiplied(by: c, transposeSelf: .transpose) * sb.z
    let scale = try triangularSylvester(t: sa.t, c: &y, algorithm: algorithm, b: sb.t, transposeB: false)
    var x = (sa.z * y).multiplied(by: sb.z, transposeOther: .transpose)
    if scale != 1 { x = x * (1 / scale) }
    let residual = self * x + x * b - c
    let cNorm = c.frobeniusNorm
    return LyapunovSolution(solution: x, relativeResidual: cNorm > 0 ? residual.frobeniusNorm / cNorm : residual.frobeniusNorm)
  }
}

/// A mutable box shared between the workers of a parallel sweep, guarded by a lock at every access.
final class UnsafeSendableBox<T>: @unchecked Sendable {
  var value: T
  init(_ value: T) { self.value = value }
}

extension Matrix where Element == Double {
  /// Whether |S_ij − S_ji| ≤ tol · max|S| for all i, j (no allocation).
  public func isSymmetric(relativeTolerance tol: Double) -> Bool {
    guard isSquare else { return false }
    let n = rows
    let bound = tol * Swift.max(maxAbs, .leastNormalMagnitude)
    return elements.withUnsafeBufferPointer { p in
      for j in 0..<n { for i in (j + 1)..<Swift.max(j + 1, n) where Swift.abs(p[i + j * n] - p[j + i * n]) > bound { return false } }
      return true
    }
  }
}
