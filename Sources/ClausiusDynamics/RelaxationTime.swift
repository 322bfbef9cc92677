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
  /// Liouvillian applications, sparse solves and dense-block sizes summed (a cost measure).
  public let operatorApplications: Int
  /// The weak U(1) symmetry whose blocks were used (nil: the full Liouvillian), and the largest block's unknowns.
  public var symmetry: String? = nil
  public var largestBlock: Int = 0
}

extension FockEvolution {
  /// How `spectralGap` reaches the rightmost eigenvalues.
  public enum GapRoute: Sendable {
    /// Per U(1) block (when the equation has a weak U(1) symmetry): the two stages below on each block σ ≥ 0 (blocks of
    /// ≤ `denseBlockLimit` unknowns diagonalised densely by LAPACK zgeev). The default.
    case blocks
    /// The same stages on the full d² Liouvillian (the route before the blocks; kept as an independent check).
    case fullPolynomialKrylov
  }

  /// Blocks up to this many unknowns are diagonalised densely.
  public static let denseBlockLimit = 400

  /// The spectral gap of this equation's Liouvillian.
  ///
  /// A weak U(1) symmetry (a charge q conserved by H and shifted by a fixed amount by each jump, e.g. paper 000's
  /// photon number; `FockMasterEquation.detectWeakU1Symmetry`) makes 𝓛 block-diagonal in σ = q_i − q_j of ρ_{ij}
  /// (Buča & Prosen, New J. Phys. 14, 073007 (2012)). Only σ ≥ 0 is needed: 𝓛 preserves Hermiticity, 𝓛(X†) = 𝓛(X)†,
  /// so block −σ is the complex conjugate of block σ and has the same real parts. The steady state's 0 lies in σ = 0.
  ///
  /// In ARPACK-NG runs (`ArnoldiEigen`):
  /// 1. (block σ = 0) shift-invert with the UMFPACK LU of 𝓛₀ − s₀I, s₀ = 10⁻⁶‖𝓛₀‖₁ (just right of the spectrum,
  ///    Re λ ≤ 0; 𝓛₀ itself is singular): the `count` eigenvalues nearest 0 (reported) and an upper bound g₁ on the
  ///    gap. Alone it can miss a slow mode with a large frequency (|Im λ| ≫ g, e.g. the mechanical coherences of paper
  ///    000, λ ≈ −κ_m/2 ± iω_m, behind many population modes nearer 0).
  /// 2. (every block) the eigenvalues of largest modulus of the propagator P = e^{τ𝓛_σ}, τ = 1/g₁ (applied by
  ///    `KrylovExponential`): |e^{τλ}| = e^{τ Re λ}, so they are exactly the rightmost eigenvalues whatever their
  ///    frequency, and Re λ = ln|μ|/τ (`count` of them in σ = 0, two in σ > 0, which holds no steady state: a block
  ///    whose modes all decay much faster than 1/τ returns a round-off μ, a rate ≳ 30/τ, still above the gap).
  /// g = min over the blocks and over μ other than the steady state's (μ = 1) of −ln|μ|/τ (and g₁).
  /// Cheaper approaches tried and rejected (issue 17): Arnoldi for the largest real part on 𝓛 itself missed the slow
  /// coherence at (2, 16) (and, unbalanced, returned spurious Ritz values with Re λ > 0 — 𝓛 is strongly non-normal in
  /// the Fock basis); a shift-and-invert Krylov propagator with one real pole did not converge in 80 steps on these
  /// oscillatory spectra (τ max|Im λ| ≫ 1).
  public func spectralGap(count: Int = 8, tolerance: Double = 1e-12, route: GapRoute = .blocks) throws -> LiouvillianGap {
    let symmetry = route == .blocks ? equation.detectWeakU1Symmetry() : nil
    let charge = symmetry?.charge
    func block(_ sigma: Int) -> SparseMatrix {
      guard let q = charge else { return liouvillian }
      return FockLiouvillian.assemble(equation, sector: .block(charge: q, sigma: sigma))
    }
    var applications = 0
    /// The moduli of the `nev` eigenvalues of largest modulus of e^{τ𝓛_σ}.
    func propagatorModuli(_ l: SparseMatrix, tau: Double, nev: Int) throws -> [Double] {
      let n = l.rows, norm = l.oneNorm
      var krylov = KrylovReport()
      var lx = [Complex<Double>](repeating: .zero, count: n)
      let r = try ArnoldiEigen.largestMagnitude(dimension: n, count: nev, tolerance: tolerance) { x in
        try KrylovExponential.apply(x, time: tau, norm: norm, tolerance: 1e-13, report: &krylov) { v, out in
          l.multiply(v, into: &lx); out = lx
        }
      }
      applications += krylov.products
      return r.values.map(\.length)
    }
    // σ = 0: the steady state's block.
    let l0 = block(0), n0 = l0.rows
    var largest = n0
    let norm0 = l0.oneNorm
    var near: [Complex<Double>]
    var gap: Double
    if n0 <= Self.denseBlockLimit {
      near = try l0.dense.eigen().values.sorted { $0.length < $1.length }
      applications += n0
      guard near.count >= 2 else { throw DynamicsError.failed("the Liouvillian's block σ = 0 has \(near.count) eigenvalue(s); the gap needs two") }
      gap = near.dropFirst().map { -$0.real }.min()!
    } else {
      let nev = Swift.min(count, n0 - 2)
      let first = try ArnoldiEigen.nearest(l0, sigma: Complex(1e-6 * norm0, 0), count: nev)
      applications += first.operatorApplications
      near = first.values.sorted { $0.length < $1.length }
      guard near.count >= 2 else { throw DynamicsError.failed("ARPACK returned \(near.count) eigenvalue(s); the gap needs two") }
      let upper = near.dropFirst().map { -$0.real }.min()!
      guard upper > 0, upper.isFinite else { throw DynamicsError.failed("the Liouvillian has a second eigenvalue with Re λ = \(-upper) ≥ 0 (no unique steady state)") }
      let mus = try propagatorModuli(l0, tau: 1 / upper, nev: nev).sorted { abs($0 - 1) < abs($1 - 1) }
      guard mus.count >= 2 else { throw DynamicsError.failed("ARPACK returned \(mus.count) propagator eigenvalue(s); the gap needs two") }
      gap = Swift.min(mus.dropFirst().map { -Foundation.log($0) * upper }.min()!, upper)
    }
    guard gap > 0, gap.isFinite else { throw DynamicsError.failed("the Liouvillian has a second eigenvalue with Re λ = \(-gap) ≥ 0 (no unique steady state)") }
    // σ > 0 (no steady state there), with τ = 1/(the gap of σ = 0).
    let tau = 1 / gap
    if let q = charge, let top = q.max(), let bottom = q.min(), top > bottom {
      for sigma in 1...(top - bottom) {
        let l = block(sigma), n = l.rows
        guard n > 0 else { continue }
        largest = Swift.max(largest, n)
        let rate: Double
        if n <= Self.denseBlockLimit {
          rate = try l.dense.eigen().values.map { -$0.real }.min()!
          applications += n
        } else {
          let mu = try propagatorModuli(l, tau: tau, nev: Swift.min(2, n - 2)).max() ?? 0
          rate = mu > 0 ? -Foundation.log(mu) / tau : .infinity
        }
        guard rate > 0 else { throw DynamicsError.failed("the Liouvillian's block σ = \(sigma) has an eigenvalue with Re λ = \(-rate) ≥ 0 (no unique steady state)") }
        gap = Swift.min(gap, rate)
      }
    }
    var result = LiouvillianGap(gap: gap, eigenvalues: near, steadyStateEigenvalueResidual: near[0].length / Swift.max(norm0, .leastNormalMagnitude),
                                operatorApplications: applications)
    result.symmetry = symmetry.map { "excitation number of \($0.name)" }
    result.largestBlock = largest
    return result
  }
}
