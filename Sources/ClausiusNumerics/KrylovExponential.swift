import Foundation
import Numerics

/// Diagnostics of one `KrylovExponential.apply`.
public struct KrylovReport: Sendable, Equatable {
  /// Accepted and rejected substeps.
  public var steps = 0
  public var rejected = 0
  /// Operator applications (matrix–vector products).
  public var products = 0
  /// Σ of the local error estimates of the accepted substeps (an estimate of ‖error‖₂, relative to ‖v‖₂).
  public var errorEstimate = 0.0
  public init() {}
}

/// w = e^{tA} v for a large sparse (or matrix-free) A by Krylov subspace projection with adaptive substeps and a local
/// error estimate — Sidje's EXPOKIT `zexpv` (R. B. Sidje, ACM Trans. Math. Softw. 24, 130 (1998), Algorithm 2 and
/// Sec. 3.1 (error estimate from the (m+1)-st Krylov vector, step-size control)). Each substep builds an Arnoldi basis V_m of
/// span{v, Av, …, A^{m−1}v} with A V_m = V_m H_m + h_{m+1,m} v_{m+1} e_mᵀ, takes e^{τH̄} of the augmented
/// (m+2)×(m+2) Hessenberg matrix (Higham Padé-13, `Matrix.exponential`) and accepts when the error estimate is
/// ≤ 1.2 τ · tol · ‖v‖; otherwise τ shrinks. A happy breakdown (invariant subspace) gives the exact result.
public enum KrylovExponential {
  /// Applies e^{tA} to `v`. `apply(x, &y)` must set y = A x (both of `v.count`). `norm` is ‖A‖ (any consistent
  /// estimate, e.g. the 1-norm) for the first step size. `tolerance`: local error per unit time relative to ‖v‖₂.
  public static func apply(_ v: [Complex<Double>], time t: Double, norm: Double, tolerance: Double = 1e-10,
                           dimension mMax: Int = 30, report: inout KrylovReport,
                           operator apply: ([Complex<Double>], inout [Complex<Double>]) -> Void) throws -> [Complex<Double>] {
    let n = v.count
    guard t.isFinite, t >= 0 else { throw NumericsError.notFinite(name: "Krylov time step") }
    guard tolerance > 0, tolerance.isFinite else { throw NumericsError.notFinite(name: "Krylov tolerance") }
    if t == 0 || n == 0 { return v }
    let m = Swift.max(1, Swift.min(mMax, n))
    let anorm = Swift.max(norm, .leastNormalMagnitude)
    let btol = 1e-7 * anorm * Double.ulpOfOne   // happy-breakdown threshold (EXPOKIT: 1e-7)
    let gamma = 0.9, delta = 1.2
    func nrm(_ x: [Complex<Double>]) -> Double { x.reduce(0) { $0 + $1.lengthSquared }.squareRoot() }
    func round2(_ x: Double) -> Double {   // two significant digits, rounded up (EXPOKIT)
      guard x > 0, x.isFinite else { return x }
      let s = Foundation.pow(10, Foundation.floor(Foundation.log10(x)) - 1)
      return Foundation.ceil(x / s) * s
    }
    var w = v
    var beta = nrm(w)
    if beta == 0 { return w }
    let vNorm = beta
    let fact = Foundation.pow(Double(m + 1) / M_E, Double(m + 1)) * (2 * Double.pi * Double(m + 1)).squareRoot()
    var tNew = (1 / anorm) * Foundation.pow((fact * tolerance) / (4 * beta * anorm), 1 / Double(m))
    tNew = round2(tNew)
    var tNow = 0.0
    var basis = [[Complex<Double>]](repeating: [], count: m + 1)
    var p = [Complex<Double>](repeating: .zero, count: n)
    while tNow < t {
      var tStep = Swift.min(t - tNow, tNew)
      // Arnoldi (modified Gram–Schmidt).
      var h = Matrix<Complex<Double>>(rows: m + 2, columns: m + 2)
      let inv = Complex(1 / beta, 0)
      basis[0] = w.map { $0 * inv }
      var mb = m, k1 = 2
      for j in 0..<m {
        apply(basis[j], &p); report.products += 1
        for i in 0...j {
          var dot = Complex<Double>.zero
          basis[i].withUnsafeBufferPointer { b in p.withUnsafeBufferPointer { pp in
            for r in 0..<n { dot += b[r].conjugate * pp[r] }
          } }
          h[i, j] = dot
          basis[i].withUnsafeBufferPointer { b in p.withUnsafeMutableBufferPointer { pp in
            for r in 0..<n { pp[r] -= dot * b[r] }
          } }
        }
        let s = nrm(p)
        if s < btol {   // happy breakdown: the subspace is invariant, the projection is exact
          k1 = 0; mb = j + 1; tStep = t - tNow
          break
        }
        h[j + 1, j] = Complex(s, 0)
        let si = Complex(1 / s, 0)
        basis[j + 1] = p.map { $0 * si }
      }
      var avnorm = 0.0
      if k1 != 0 {
        h[m + 1, m] = Complex(1, 0)
        apply(basis[m], &p); report.products += 1
        avnorm = nrm(p)
      }
      // Exponential of the (augmented) Hessenberg matrix, with step rejection.
      var f: Matrix<Complex<Double>>
      var errLoc = 0.0, xm = 1.0 / Double(m)
      var tries = 0
      while true {
        let mx = mb + k1
        let hs = h.submatrix(rows: 0..<mx, columns: 0..<mx) * Complex(tStep, 0)
        f = try hs.exponential()
        if k1 == 0 { errLoc = btol; break }
        let phi1 = beta * f[m, 0].length
        let phi2 = beta * f[m + 1, 0].length * avnorm
        if phi1 > 10 * phi2 { errLoc = phi2; xm = 1 / Double(m) }
        else if phi1 > phi2 { errLoc = (phi1 * phi2) / (phi1 - phi2); xm = 1 / Double(m) }
        else { errLoc = phi1; xm = 1 / Double(m - 1 > 0 ? m - 1 : 1) }
        if errLoc <= delta * tStep * tolerance * vNorm { break }
        tStep = round2(gamma * tStep * Foundation.pow(tStep * tolerance * vNorm / errLoc, xm))
        report.rejected += 1; tries += 1
        if tries > 60 || !(tStep > 0) { throw NumericsError.notFinite(name: "Krylov step (no step size meets the tolerance)") }
      }
      let mx = mb + Swift.max(0, k1 - 1)
      var next = [Complex<Double>](repeating: .zero, count: n)
      for j in 0..<Swift.min(mx, mb) {
        let c = f[j, 0] * Complex(beta, 0)
        basis[j].withUnsafeBufferPointer { b in next.withUnsafeMutableBufferPointer { y in
          for r in 0..<n { y[r] += c * b[r] }
        } }
      }
      if mx > mb {   // the (m+1)-st vector's correction (EXPOKIT's "mx = mb + k1 − 1" term)
        let c = f[mb, 0] * Complex(beta, 0)
        basis[mb].withUnsafeBufferPointer { b in next.withUnsafeMutableBufferPointer { y in
          for r in 0..<n { y[r] += c * b[r] }
        } }
      }
      w = next
      beta = nrm(w)
      guard beta.isFinite else { throw NumericsError.notFinite(name: "Krylov propagated vector") }
      tNow += tStep
      report.steps += 1
      report.errorEstimate += Swift.max(errLoc, 0) / vNorm
      tNew = k1 == 0 ? t : round2(gamma * tStep * Foundation.pow(tStep * tolerance * vNorm / Swift.max(errLoc, .leastNormalMagnitude), xm))
      if beta == 0 { break }
    }
    return w
  }
}

extension SparseMatrix {
  /// max_j Σ_i |A_ij| (the 1-norm).
  public var oneNorm: Double {
    var best = 0.0
    for j in 0..<columns {
      var s = 0.0
      for k in columnPointers[j]..<columnPointers[j + 1] { s += values[k].length }
      best = Swift.max(best, s)
    }
    return best
  }
}
