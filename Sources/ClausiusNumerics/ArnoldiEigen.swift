import CArpack
import Foundation
import Numerics

/// Eigenvalues of a large sparse complex matrix nearest a shift σ, by ARPACK's implicitly restarted Arnoldi method in
/// shift-invert mode (Lehoucq, Sorensen & Yang, ARPACK Users' Guide, SIAM 1998, §3.2 and §4.3: mode 3 of znaupd, with
/// OP = (A − σI)⁻¹ applied through UMFPACK's sparse LU, `SparseLUFactorization`). The eigenvalues μ of OP of largest
/// modulus are those λ = σ + 1/μ of A closest to σ. `largestMagnitude` runs the regular mode on any operator (e.g. e^{τ𝓛}
/// applied by `KrylovExponential`).
public enum ArnoldiEigen {
  public struct Result: Sendable {
    /// λ_k of A, nearest σ first.
    public let values: [Complex<Double>]
    /// Arnoldi restarts and OP applications.
    public let iterations: Int
    public let operatorApplications: Int
  }

  /// The `count` eigenvalues of `a` nearest `sigma` (σ must not be an eigenvalue). `tolerance`: ARPACK's relative
  /// accuracy of the Ritz values (0: machine precision).
  public static func nearest(_ a: SparseMatrix, sigma: Complex<Double>, count nev: Int, tolerance: Double = 1e-12,
                             maxIterations: Int = 1000) throws -> Result {
    let n = a.rows
    guard a.columns == n else { throw NumericsError.dimensionMismatch(operation: "ARPACK eigenvalues", detail: "matrix is \(a.rows)×\(a.columns)") }
    let lu = try SparseLUFactorization(a - SparseMatrix.diagonal(Array(repeating: sigma, count: n)))
    return try run(dimension: n, count: nev, mode: 3, sigma: sigma, tolerance: tolerance, maxIterations: maxIterations) { try lu.solve($0) }
  }

  /// The `count` eigenvalues of largest modulus of the operator `apply` (x ↦ OP x, dimension `n`), ARPACK mode 1 (regular).
  public static func largestMagnitude(dimension n: Int, count nev: Int, tolerance: Double = 1e-12, maxIterations: Int = 1000,
                                      operator apply: ([Complex<Double>]) throws -> [Complex<Double>]) throws -> Result {
    try run(dimension: n, count: nev, mode: 1, sigma: .zero, tolerance: tolerance, maxIterations: maxIterations, apply)
  }

  /// znaupd's reverse-communication loop and zneupd (eigenvalues only). Mode 3 returns the eigenvalues of A, mode 1 those of OP.
  static func run(dimension n: Int, count nev: Int, mode: Int32, sigma: Complex<Double>, tolerance: Double, maxIterations: Int,
                  _ op: ([Complex<Double>]) throws -> [Complex<Double>]) throws -> Result {
    guard n >= 3 else { throw NumericsError.dimensionMismatch(operation: "ARPACK eigenvalues", detail: "dimension \(n) < 3") }
    guard nev >= 1, nev <= n - 2 else { throw NumericsError.dimensionMismatch(operation: "ARPACK eigenvalues", detail: "requested \(nev) eigenvalues of a \(n)×\(n) operator (1 … n − 2)") }
    var ido: Int32 = 0, info: Int32 = 0
    var nN = Int32(n), nevI = Int32(nev)
    var ncv = Int32(Swift.min(n, Swift.max(2 * nev + 1, 20)))
    var tol = tolerance
    var ldv = nN
    var resid = [Complex<Double>](repeating: .zero, count: n)
    var v = [Complex<Double>](repeating: .zero, count: n * Int(ncv))
    var iparam = [Int32](repeating: 0, count: 11)
    iparam[0] = 1; iparam[2] = Int32(maxIterations); iparam[6] = mode   // exact shifts, max restarts, mode
    var ipntr = [Int32](repeating: 0, count: 14)
    var workd = [Complex<Double>](repeating: .zero, count: 3 * n)
    var lworkl = Int32(3 * Int(ncv) * Int(ncv) + 5 * Int(ncv))
    var workl = [Complex<Double>](repeating: .zero, count: Int(lworkl))
    var rwork = [Double](repeating: 0, count: Int(ncv))
    let bmat = "I", which = "LM"
    var applications = 0
    func doubles<T>(_ x: inout [Complex<Double>], _ body: (UnsafeMutablePointer<Double>) -> T) -> T {
      x.withUnsafeMutableBufferPointer { b in b.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * b.count) { body($0) } }
    }
    while true {
      doubles(&resid) { r in doubles(&v) { vv in doubles(&workd) { wd in doubles(&workl) { wl in
        znaupd_(&ido, bmat, &nN, which, &nevI, &tol, r, &ncv, vv, &ldv, &iparam, &ipntr, wd, wl, &lworkl, &rwork, &info, 1, 2)
      } } } }
      guard ido == -1 || ido == 1 else { break }
      // y = OP x with x at workd[ipntr[0] − 1], y at workd[ipntr[1] − 1] (Fortran indices).
      let xs = Int(ipntr[0]) - 1, ys = Int(ipntr[1]) - 1
      let y = try op(Array(workd[xs..<(xs + n)]))
      for i in 0..<n { workd[ys + i] = y[i] }
      applications += 1
    }
    guard info >= 0 else { throw NumericsError.lapack(routine: "ARPACK znaupd", info: Int(info)) }
    if info == 1 { throw NumericsError.notFinite(name: "ARPACK eigenvalues (no convergence in \(maxIterations) restarts; \(iparam[4]) of \(nev) converged)") }
    var rvec: Int32 = 0
    var select = [Int32](repeating: 0, count: Int(ncv))
    var d = [Complex<Double>](repeating: .zero, count: nev + 1)
    var z = [Complex<Double>](repeating: .zero, count: 1)
    var ldz: Int32 = 1
    var sig = [sigma.real, sigma.imaginary]
    var workev = [Complex<Double>](repeating: .zero, count: 2 * Int(ncv))
    var info2: Int32 = 0
    doubles(&d) { dd in doubles(&z) { zz in doubles(&workev) { we in doubles(&resid) { r in doubles(&v) { vv in doubles(&workd) { wd in doubles(&workl) { wl in
      zneupd_(&rvec, "A", &select, dd, zz, &ldz, &sig, we, bmat, &nN, which, &nevI, &tol, r, &ncv, vv, &ldv, &iparam, &ipntr, wd, wl, &lworkl, &rwork, &info2, 1, 1, 2)
    } } } } } } }
    guard info2 == 0 else { throw NumericsError.lapack(routine: "ARPACK zneupd", info: Int(info2)) }
    let converged = Int(iparam[4])
    let values = Array(d.prefix(Swift.min(converged, nev))).sorted { ($0 - sigma).length < ($1 - sigma).length }
    guard values.allSatisfy({ $0.real.isFinite && $0.imaginary.isFinite }) else { throw NumericsError.notFinite(name: "ARPACK eigenvalues") }
    return Result(values: values, iterations: Int(iparam[2]), operatorApplications: applications)
  }
}
