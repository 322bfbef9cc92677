import ClausiusNumerics
import ClausiusMasterEquations
import Foundation
import Numerics

/// The spectral gap of a Liouvillian: the slowest decay rate g = min_{λ ≠ 0} (−Re λ) of its eigenvalues λ other than the
/// steady state's 0, and the relaxation time 1/g (every deviation from the steady state decays at least as e^{−gt} at late times).
public struct LiouvillianGap: Sendable {
  public let gap: Double
  public var relaxationTime: Double { 1 / gap }
  /// The eigenvalues found (nearest 0 first; the first is the steady state's ≈ 0).
  public let eigenvalues: [Complex<Double>]
  /// |λ₀|/‖𝓛‖₁ of the eigenvalue taken as the steady state's (should be round-off).
  public let steadyStateEigenvalueResidual: Double
  public let operatorApplications: Int
}

extension FockEvolution {
  /// The spectral gap of this equation's Liouvillian, in two ARPACK runs (`ArnoldiEigen`):
  /// 1. shift-invert with the UMFPACK LU of 𝓛 − σI, σ = 10⁻⁶‖𝓛‖₁ (just right of the spectrum, Re λ ≤ 0; 𝓛 itself is
  ///    singular): the `count` eigenvalues nearest 0 give an upper bound g₁ on the gap. Alone it can miss a slow mode
  ///    with a large frequency (|Im λ| ≫ g, e.g. the coherences ρ_{n,n+1} of an oscillator, λ ≈ −γ/2 ± iω).
  /// 2. the eigenvalues of largest modulus of the propagator P = e^{τ𝓛}, τ = 1/g₁ (applied by `KrylovExponential`):
  ///    |e^{τλ}| = e^{τ Re λ}, so they are exactly the rightmost eigenvalues of 𝓛 whatever their frequency, and
  ///    Re λ = ln|μ|/τ. g = min over μ other than the steady state's (μ = 1) of −ln|μ|/τ.
  public func spectralGap(count: Int = 8, tolerance: Double = 1e-12) throws -> LiouvillianGap {
    let l = liouvillian, n = l.rows
    let norm = l.oneNorm
    let nev = Swift.min(count, n - 2)
    let first = try ArnoldiEigen.nearest(l, sigma: Complex(1e-6 * norm, 0), count: nev)
    let near = first.values.sorted { $0.length < $1.length }
    guard near.count >= 2 else { throw DynamicsError.failed("ARPACK returned \(near.count) eigenvalue(s); the gap needs two") }
    let upper = near.dropFirst().map { -$0.real }.min()!
    guard upper > 0, upper.isFinite else { throw DynamicsError.failed("the Liouvillian has a second eigenvalue with Re λ = \(-upper) ≥ 0 (no unique steady state)") }
    let tau = 1 / upper
    var krylov = KrylovReport()
    var lx = [Complex<Double>](repeating: .zero, count: n)
    let second = try ArnoldiEigen.largestMagnitude(dimension: n, count: nev, tolerance: tolerance) { x in
      try KrylovExponential.apply(x, time: tau, norm: norm, tolerance: 1e-13, report: &krylov) { v, out in
        l.multiply(v, into: &lx); out = lx
      }
    }
    let mus = second.values.sorted { abs($0.length - 1) < abs($1.length - 1) }
    guard mus.count >= 2 else { throw DynamicsError.failed("ARPACK returned \(mus.count) propagator eigenvalue(s); the gap needs two") }
    let rates = mus.dropFirst().map { -Foundation.log($0.length) / tau }
    let gap = Swift.min(rates.min()!, upper)
    guard gap > 0, gap.isFinite else { throw DynamicsError.failed("the propagator has a second eigenvalue of modulus ≥ 1 (no unique steady state)") }
    return LiouvillianGap(gap: gap, eigenvalues: near, steadyStateEigenvalueResidual: near[0].length / Swift.max(norm, .leastNormalMagnitude),
                          operatorApplications: first.operatorApplications + krylov.products)
  }
}
