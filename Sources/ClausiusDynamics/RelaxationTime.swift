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
    /// Per U(1) block (when the equation has a weak U(1) symmetry), ARPACK's Arnoldi for the eigenvalues of largest
    /// real part of the sparse block itself (`ArnoldiEigen.rightmost`); blocks of ≤ `denseBlockLimit` unknowns are
    /// diagonalised densely (LAPACK zgeev). The default.
    case blocks
    /// The earlier route: the full Liouvillian, Arnoldi on the propagator e^{τ𝓛} applied by the polynomial Krylov
    /// method (`KrylovExponential`), whose cost grows with τ‖𝓛‖ (3145 s at paper 000's SME (6, 60)). Kept as an
    /// independent check.
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
  /// In each block (ARPACK-NG, `ArnoldiEigen`):
  /// 1. (σ = 0 only) shift-invert with the UMFPACK LU of 𝓛₀ − s₀I, s₀ = 10⁻⁶‖𝓛₀‖₁ (just right of the spectrum,
  ///    Re λ ≤ 0; 𝓛₀ itself is singular): the `count` eigenvalues nearest 0 (reported) and an upper bound g₁ on the
  ///    gap. Alone it can miss a slow mode with a large frequency (|Im λ| ≫ g, e.g. the mechanical coherences of paper
  ///    000, λ ≈ −κ_m(2n̄+1)/2 ± iω_m, behind many population modes nearer 0).
  /// 2. the eigenvalues of largest real part of 𝓛_σ by implicitly restarted Arnoldi on 𝓛_σ itself (which = "LR"):
  ///    the rightmost eigenvalues lie on the boundary of the spectrum, where Arnoldi converges, and each step costs
  ///    one sparse product — no propagator, so neither τ‖𝓛‖ nor the fast phases e^{−iωt} enter the cost.
  /// g = min over the blocks of −Re λ of the rightmost eigenvalues other than the steady state's (and g₁).
  public func spectralGap(count: Int = 8, tolerance: Double = 1e-12, route: GapRoute = .blocks) throws -> LiouvillianGap {
    if route == .fullPolynomialKrylov { return try spectralGapFullPolynomialKrylov(count: count, tolerance: tolerance) }
    let symmetry = equation.detectWeakU1Symmetry()
    let charge = symmetry?.charge
    func block(_ sigma: Int) -> SparseMatrix {
      guard let q = charge else { return liouvillian }
      return FockLiouvillian.assemble(equation, sector: .block(charge: q, sigma: sigma))
    }
    var applications = 0
    /// The rightmost eigenvalues of a block by Arnoldi on its balanced form (`SparseMatrix.balanced`: same eigenvalues,
    /// far less non-normal). A Ritz value with Re λ > 0 cannot belong to a GKLS generator: it would be spurious (the
    /// pseudospectrum), so it is an error, never a gap.
    func rightmost(_ balanced: SparseMatrix, count: Int) throws -> [Complex<Double>] {
      let r = try ArnoldiEigen.rightmost(balanced, count: count, tolerance: tolerance)
      applications += r.operatorApplications
      if let bad = r.values.first(where: { $0.real > 1e-9 * balanced.oneNorm }) {
        throw DynamicsError.failed("ARPACK returned the Ritz value \(bad) with Re λ > 0, impossible for a GKLS generator (a spurious value of a strongly non-normal block)")
      }
      return r.values
    }
    /// The slowest mode found so far by the rightmost-eigenvalue runs, with its (balanced) block, refined at the end.
    var winner: (block: SparseMatrix, value: Complex<Double>)?
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
      // Rightmost: the steady state's 0 first (the eigenvalue nearest 0 of stage 1), then the slowest modes.
      let b0 = l0.balanced().matrix
      var others = try rightmost(b0, count: Swift.min(Swift.max(count / 2, 3), n0 - 2))
      if let k = others.indices.min(by: { (others[$0] - near[0]).length < (others[$1] - near[0]).length }) { others.remove(at: k) }
      guard let slowest = others.max(by: { $0.real < $1.real }) else { throw DynamicsError.failed("ARPACK returned no eigenvalue besides the steady state's") }
      gap = upper
      if -slowest.real < upper { gap = -slowest.real; winner = (b0, slowest) }
    }
    guard gap > 0, gap.isFinite else { throw DynamicsError.failed("the Liouvillian has a second eigenvalue with Re λ = \(-gap) ≥ 0 (no unique steady state)") }
    // σ > 0: no zero eigenvalue; the block's rightmost eigenvalue.
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
          let b = l.balanced().matrix
          guard let first = try rightmost(b, count: Swift.min(3, n - 2)).first else { throw DynamicsError.failed("ARPACK returned no eigenvalue for block σ = \(sigma)") }
          rate = -first.real
          if rate < gap { winner = (b, first) }
        }
        guard rate > 0 else { throw DynamicsError.failed("the Liouvillian's block σ = \(sigma) has an eigenvalue with Re λ = \(-rate) ≥ 0 (no unique steady state)") }
        if rate < gap { gap = rate; if n <= Self.denseBlockLimit { winner = nil } }
      }
    }
    // Refinement and confirmation of the Arnoldi value θ: shift-invert just right of it (σ = θ + 10⁻³ g) returns the true
    // eigenvalue nearest θ through backward-stable LU solves; it must agree with θ.
    if let w = winner {
      let sigma = w.value + Complex(1e-3 * gap, 0)
      let check = try ArnoldiEigen.nearest(w.block, sigma: sigma, count: 1, tolerance: tolerance)
      applications += check.operatorApplications
      guard let lambda = check.values.first, (lambda - w.value).length <= 1e-6 * Swift.max(gap, 1e-3 * w.value.length) else {
        throw DynamicsError.failed("the slowest Arnoldi eigenvalue \(w.value) is not confirmed by shift-invert at \(sigma) (found \(check.values))")
      }
      gap = -lambda.real
    }
    var result = LiouvillianGap(gap: gap, eigenvalues: near, steadyStateEigenvalueResidual: near[0].length / Swift.max(norm0, .leastNormalMagnitude),
                                operatorApplications: applications)
    result.symmetry = symmetry.map { "excitation number of \($0.name)" }
    result.largestBlock = largest
    return result
  }

  /// The earlier route (`GapRoute.fullPolynomialKrylov`): stage 1 and 2 as above on the full d² Liouvillian, with
  /// e^{τ𝓛} applied by the polynomial Krylov method.
  func spectralGapFullPolynomialKrylov(count: Int, tolerance: Double) throws -> LiouvillianGap {
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

