import CLapack
import Numerics

/// A preconditioner for a Krylov solver: z = M⁻¹ r for some M ≈ A that is cheap to invert.
public protocol LinearPreconditioner: Sendable {
  /// Writes M⁻¹ r into z (both of length n).
  func apply(_ r: UnsafeBufferPointer<Complex<Double>>, into z: UnsafeMutableBufferPointer<Complex<Double>>) throws
}

/// Settings of restarted GMRES.
public struct GMRESOptions: Sendable {
  /// Stop when the true relative residual ‖b − A x‖₂ / ‖b‖₂ is at most this.
  public var tolerance: Double
  /// Krylov dimension between restarts (memory: restart + 1 vectors of length n).
  public var restart: Int
  /// Maximum total number of Arnoldi steps (matrix–vector products with A M⁻¹).
  public var maxIterations: Int
  /// Called after every restart cycle with (iterations so far, relative residual reached).
  public var progress: (@Sendable (Int, Double) -> Void)?
  public init(tolerance: Double = 1e-10, restart: Int = 30, maxIterations: Int = 600, progress: (@Sendable (Int, Double) -> Void)? = nil) {
    self.tolerance = tolerance; self.restart = restart; self.maxIterations = maxIterations; self.progress = progress
  }
}

/// The outcome of a converged GMRES solve.
public struct GMRESResult: Sendable {
  public let solution: [Complex<Double>]
  /// Total Arnoldi steps (each one product with A and one application of M⁻¹).
  public let iterations: Int
  /// Restart cycles started.
  public let cycles: Int
  /// The true relative residual ‖b − A x‖₂ / ‖b‖₂, recomputed from x (not the Arnoldi estimate).
  public let relativeResidual: Double
  /// The componentwise backward error ω of the returned x (`ResidualAndBackwardError`: Oettli–Prager
  /// max_i |b − A x|_i / (|A||x| + |b|)_i, with Arioli–Demmel–Duff's normwise measure for rows at the rounding level).
  /// The stopping test is normwise, so a converged GMRES can still return ω ≈ 1 on a badly scaled system (see
  /// `GMRES`); callers that need every entry of x must test ω (the Fock steady state does, docs/papers/000.md).
  public let componentwiseBackwardError: Double
}

/// The residual r = b − A x with its 2-norm and the componentwise backward error of x in the sparse form of
/// Arioli, Demmel & Duff (SIAM J. Matrix Anal. Appl. 10, 165 (1989), Eqs. 2.2–2.4; UMFPACK's omega1/omega2):
///   ω₁ = max_i |r_i| / (|A||x| + |b|)_i over rows whose denominator exceeds τ_i = 1000 n_i ε (‖A_i‖₁ ‖x‖_∞ + |b_i|),
///   ω₂ = max_i |r_i| / ((|A||x|)_i + ‖A_i‖₁ ‖x‖_∞) over the other rows (n_i: stored entries of row i),
/// ω = max(ω₁, ω₂). ω₁ is the Oettli–Prager componentwise backward error; rows whose denominator is itself at the
/// rounding level of computing r_i (e.g. Liouvillian rows of coherences ~1e-40 between far-apart Fock levels, where
/// |r_i| is only known to ε ‖A_i‖ ‖x‖) are measured by ω₂ instead — with ω₁ alone, paper 000's LU states reach
/// ω ≈ 4e-8 and its (correct) refined GMRES states 3e-7–7e-7 from such rows. One pass over A's columns.
public struct ResidualAndBackwardError: Sendable {
  public let residual: [Complex<Double>]
  public let norm: Double
  /// ω = max(ω₁, ω₂) (above): x solves (A + δA) x = b + δb with |δA_ij| ≤ ω|A_ij|, |δb_i| ≤ ω|b_i| for the rows of ω₁,
  /// and with a row-wise normwise perturbation for the rows of ω₂.
  public let componentwiseBackwardError: Double

  public init(_ a: SparseMatrix, _ x: [Complex<Double>], _ b: [Complex<Double>]) {
    let n = a.rows
    precondition(x.count == a.columns && b.count == n, "residual: shapes")
    var r = b, scale = b.map(\.length), rowNorm = [Double](repeating: 0, count: n), rowCount = [Int](repeating: 0, count: n)
    a.columnPointers.withUnsafeBufferPointer { cp in a.rowIndices.withUnsafeBufferPointer { ri in
      a.values.withUnsafeBufferPointer { va in
        for j in 0..<a.columns {
          let xj = x[j], xjAbs = xj.length
          for p in cp[j]..<cp[j + 1] {
            let i = ri[p], aAbs = va[p].length
            rowNorm[i] += aAbs; rowCount[i] += 1
            if xjAbs > 0 { r[i] -= va[p] * xj; scale[i] += aAbs * xjAbs }
          }
        }
      }
    } }
    let xMax = x.reduce(0) { Swift.max($0, $1.length) }
    var norm = 0.0, omega = 0.0
    for i in 0..<n {
      let ri = r[i].length
      norm += ri * ri
      let tau = 1000 * Double(rowCount[i] + 1) * Double.ulpOfOne * (rowNorm[i] * xMax + b[i].length)
      let denominator = scale[i] > tau ? scale[i] : scale[i] + rowNorm[i] * xMax
      if denominator > 0 { omega = Swift.max(omega, ri / denominator) } else if ri > 0 { omega = .infinity }
    }
    residual = r; self.norm = norm.squareRoot(); componentwiseBackwardError = omega
  }
}

/// Restarted GMRES (Saad & Schultz 1986) with right preconditioning, in complex arithmetic:
/// minimises ‖b − A M⁻¹ u‖₂ over the Krylov space of A M⁻¹, x = x₀ + M⁻¹ u. Right preconditioning keeps
/// the minimised quantity the true residual of A x = b, so the stopping test needs no correction.
/// Arnoldi with modified Gram–Schmidt plus one reorthogonalisation pass (BLAS zdotc/zaxpy/dznrm2); the
/// (m+1) × m Hessenberg least-squares problem is reduced by Givens rotations (zrotg-type, written out
/// because the problem is m ≤ restart small). Every cycle ends with the true residual recomputed.
/// Non-convergence throws `NumericsError.iterativeNotConverged` with the iterations and residual reached.
///
/// The stopping test is normwise, ‖b − A x‖₂ ≤ tolerance · ‖b‖₂: it bounds the residual of every row by the same
/// absolute amount, which says nothing about rows whose entries are many orders of magnitude below ‖b‖. Measured
/// (paper 000, Taylor GME₂₄ at g = 0.056, (N_c, N_m) = (5, 90)): the trace-augmented Liouvillian has max|A_ij| =
/// 2.1e10 (the trace weight) but entries ~1e-2 in the rows of the occupied low phonon levels, and one iteration
/// returned a state with ‖b − A x‖/‖b‖ = 4e-15 but ω = 1 — a wrong ρ. The result therefore carries ω
/// (`GMRESResult.componentwiseBackwardError`), and callers that accept a solution test it.
public enum GMRES {
  public static func solve(_ a: SparseMatrix, _ b: [Complex<Double>], initialGuess: [Complex<Double>]? = nil,
                           preconditioner: (any LinearPreconditioner)? = nil, options: GMRESOptions = GMRESOptions()) throws -> GMRESResult {
    let n = a.rows
    guard a.columns == n, b.count == n, n > 0 else {
      throw NumericsError.dimensionMismatch(operation: "GMRES", detail: "matrix \(a.rows)×\(a.columns), right-hand side of length \(b.count)")
    }
    guard options.restart >= 1, options.maxIterations >= 1, options.tolerance > 0 else {
      throw NumericsError.dimensionMismatch(operation: "GMRES", detail: "restart = \(options.restart) and maxIterations = \(options.maxIterations) must be ≥ 1, tolerance = \(options.tolerance) > 0")
    }
    let m = min(options.restart, n)
    let n32 = Int32(n)
    var x = initialGuess ?? [Complex<Double>](repeating: .zero, count: n)
    guard x.count == n else { throw NumericsError.dimensionMismatch(operation: "GMRES", detail: "initial guess of length \(x.count), matrix is \(n)×\(n)") }
    let bNorm = b.withUnsafeBufferPointer { cblas_dznrm2(n32, $0.baseAddress, 1) }
    if bNorm == 0 {
      return GMRESResult(solution: [Complex<Double>](repeating: .zero, count: n), iterations: 0, cycles: 0, relativeResidual: 0, componentwiseBackwardError: 0)
    }
    // Krylov basis V (up to m+1 columns, grown on demand: the capacity is reserved but pages are only touched
    // when used); the preconditioned directions are recomputed at the update (Z = M⁻¹ V y).
    var v: [Complex<Double>] = []
    v.reserveCapacity(n * (m + 1))
    func storeBasis(_ j: Int, _ src: [Complex<Double>], _ scale: Double) {
      let f = Complex(scale, 0)
      if v.count == j * n {
        for i in 0..<n { v.append(src[i] * f) }
      } else {
        v.withUnsafeMutableBufferPointer { vp in for i in 0..<n { vp[j * n + i] = src[i] * f } }
      }
    }
    var w = [Complex<Double>](repeating: .zero, count: n)
    var z = [Complex<Double>](repeating: .zero, count: n)
    var r = [Complex<Double>](repeating: .zero, count: n)
    var h = [Complex<Double>](repeating: .zero, count: (m + 1) * m)  // column-major (m+1) × m
    var cs = [Double](repeating: 0, count: m), sn = [Complex<Double>](repeating: .zero, count: m)
    var g = [Complex<Double>](repeating: .zero, count: m + 1)
    var iterations = 0, cycles = 0

    func residual() -> Double {
      // r = b − A x
      a.multiply(x, into: &r)
      for i in 0..<n { r[i] = b[i] - r[i] }
      return r.withUnsafeBufferPointer { cblas_dznrm2(n32, $0.baseAddress, 1) }
    }
    func applyM(_ src: UnsafeBufferPointer<Complex<Double>>, _ dst: inout [Complex<Double>]) throws {
      if let p = preconditioner { try dst.withUnsafeMutableBufferPointer { try p.apply(src, into: $0) } } else {
        for i in 0..<n { dst[i] = src[i] }
      }
    }
    var beta = residual()
    var relative = beta / bNorm
    while relative > options.tolerance {
      guard iterations < options.maxIterations else {
        throw NumericsError.iterativeNotConverged(method: "GMRES(\(m))", iterations: iterations, relativeResidual: relative, tolerance: options.tolerance)
      }
      cycles += 1
      storeBasis(0, r, 1 / beta)
      for i in 0..<g.count { g[i] = .zero }
      g[0] = Complex(beta, 0)
      var k = 0
      while k < m && iterations < options.maxIterations {
        // w = A M⁻¹ v_k
        try v.withUnsafeBufferPointer { vp in try applyM(UnsafeBufferPointer(rebasing: vp[(k * n)..<((k + 1) * n)]), &z) }
        a.multiply(z, into: &w)
        iterations += 1
        // Modified Gram–Schmidt, two passes (the second corrects the loss of orthogonality of the first).
        v.withUnsafeBufferPointer { vp in
          w.withUnsafeMutableBufferPointer { wp in
            for _ in 0..<2 {
              for j in 0...k {
                var dot = Complex<Double>.zero
                cblas_zdotc_sub(n32, vp.baseAddress! + j * n, 1, wp.baseAddress!, 1, &dot)
                h[j + k * (m + 1)] += dot
                var minus = -dot
                cblas_zaxpy(n32, &minus, vp.baseAddress! + j * n, 1, wp.baseAddress!, 1)
              }
            }
          }
        }
        let hk = w.withUnsafeBufferPointer { cblas_dznrm2(n32, $0.baseAddress, 1) }
        h[k + 1 + k * (m + 1)] = Complex(hk, 0)
        if hk > 0 { storeBasis(k + 1, w, 1 / hk) }
        // Apply the previous rotations to column k, then make and apply the new one.
        for j in 0..<k {
          let hj = h[j + k * (m + 1)], hj1 = h[j + 1 + k * (m + 1)]
          h[j + k * (m + 1)] = Complex(cs[j], 0) * hj + sn[j] * hj1
          h[j + 1 + k * (m + 1)] = -(sn[j].conjugate * hj) + Complex(cs[j], 0) * hj1
        }
        let (c, s, rr) = givens(h[k + k * (m + 1)], h[k + 1 + k * (m + 1)])
        cs[k] = c; sn[k] = s
        h[k + k * (m + 1)] = rr; h[k + 1 + k * (m + 1)] = .zero
        g[k + 1] = -s.conjugate * g[k]
        g[k] = Complex(c, 0) * g[k]
        k += 1
        // Arnoldi estimate of the residual; the true one is recomputed after the update.
        if g[k].length / bNorm <= options.tolerance * 0.5 || hk == 0 { break }
      }
      // y = R⁻¹ g (upper triangular k × k), x += M⁻¹ (V y).
      var y = [Complex<Double>](repeating: .zero, count: k)
      for i in stride(from: k - 1, through: 0, by: -1) {
        var s = g[i]
        for j in (i + 1)..<k { s -= h[i + j * (m + 1)] * y[j] }
        y[i] = s / h[i + i * (m + 1)]
      }
      for i in 0..<n { w[i] = .zero }
      v.withUnsafeBufferPointer { vp in
        w.withUnsafeMutableBufferPointer { wp in
          for j in 0..<k { var yj = y[j]; cblas_zaxpy(n32, &yj, vp.baseAddress! + j * n, 1, wp.baseAddress!, 1) }
        }
      }
      try w.withUnsafeBufferPointer { try applyM($0, &z) }
      for i in 0..<n { x[i] += z[i] }
      for i in 0..<h.count { h[i] = .zero }
      beta = residual()
      relative = beta / bNorm
      guard relative.isFinite else { throw NumericsError.notFinite(name: "GMRES residual after \(iterations) iterations") }
      options.progress?(iterations, relative)
    }
    let check = ResidualAndBackwardError(a, x, b)
    return GMRESResult(solution: x, iterations: iterations, cycles: cycles, relativeResidual: relative, componentwiseBackwardError: check.componentwiseBackwardError)
  }

  /// A complex Givens rotation [c s; −s̄ c] (c real) with [c s; −s̄ c][f; g] = [r; 0].
  static func givens(_ f: Complex<Double>, _ g: Complex<Double>) -> (Double, Complex<Double>, Complex<Double>) {
    let fa = f.length, ga = g.length
    if ga == 0 { return (1, .zero, f) }
    if fa == 0 { return (0, g.conjugate * Complex(1 / ga, 0), Complex(ga, 0)) }
    let norm = (fa * fa + ga * ga).squareRoot()
    let phase = f * Complex(1 / fa, 0)
    let c = fa / norm
    let s = phase * g.conjugate * Complex(1 / norm, 0)
    return (c, s, phase * Complex(norm, 0))
  }
}

extension SparseMatrix {
  /// y = A x without allocation (CSC, column-oriented scatter).
  public func multiply(_ x: [Complex<Double>], into y: inout [Complex<Double>]) {
    precondition(x.count == columns && y.count == rows, "sparse matrix-vector product: shapes")
    columnPointers.withUnsafeBufferPointer { cp in
      rowIndices.withUnsafeBufferPointer { ri in
        values.withUnsafeBufferPointer { va in
          x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
              for i in 0..<rows { yp[i] = .zero }
              for j in 0..<columns {
                let xj = xp[j]
                if xj == .zero { continue }
                for k in cp[j]..<cp[j + 1] { yp[ri[k]] += va[k] * xj }
              }
            }
          }
        }
      }
    }
  }
}
