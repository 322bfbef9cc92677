import ClausiusNumerics
import Foundation
import Numerics

/// Uhlmann fidelity F and infidelity 1 − F of two Gaussian states, 1 − F computed without cancellation.
public struct GaussianFidelity: Sendable, Equatable {
  /// F = (Tr √(√ρ₁ ρ₂ √ρ₁))² ∈ [0, 1].
  public let fidelity: Double
  /// 1 − F, accurate to ~10⁻¹⁵ relative down to 1 − F ~ 10⁻²⁰ (not 1 minus the rounded F).
  public let oneMinusFidelity: Double
  /// Whether the double-double eigenvalue refinement was used for every eigenvalue cluster (false: some
  /// μ_k came from the double eigen-decomposition only, see `GaussianInformation.fidelityWithInfidelity`).
  public let refined: Bool
}

extension GaussianInformation {
  /// Uhlmann fidelity and 1 − F of two n-mode Gaussian states, evaluated in double-double arithmetic from
  /// a factorised Banchi–Braunstein–Pirandola formula (PRL 115, 260501 (2015), Eqs. 2–3; their F is the
  /// square root of ours).
  ///
  /// With X_i = V_i Ω, Σ = V₁ + V₂ and Z = V_aux Ω = (X₁ + X₂)⁻¹(X₂X₁ − I/4) (BBP's V_aux), the spectrum of Z
  /// is {±i w_k} and BBP's determinant reduces to
  ///   F₀ = ∏_k (2w_k + √(4w_k² − 1)) / √det Σ,   F = F₀ exp[−½ δᵀ Σ⁻¹ δ],  δ = d₂ − d₁.
  /// Two identities make every piece well conditioned:
  ///   (i)  ∏_k 2w_k = 2ⁿ √(det(X₂X₁ − I/4)/det Σ)  (det Z = ∏ w_k², det(X₁ + X₂) = det Σ), so
  ///        F₀ = F_A ∏_k (1 + √(μ_k/(1 + μ_k))),  F_A = 2ⁿ √det(X₂X₁ − I/4) / det Σ,  μ_k = 4w_k² − 1 ≥ 0;
  ///   (ii) I + 4Z² = 4 (X₁ + X₂)⁻¹ P₂ (X₁ + X₂)⁻¹ P₁ with P_i = X_i² + I/4 (verified symbolically and at 40
  ///        digits), so μ_k are the eigenvalues of N = −4 (X₁+X₂)⁻¹ P₂ (X₁+X₂)⁻¹ P₁, each twice. P_i has the
  ///        eigenvalues ¼ − ν_{i,j}²: a (nearly) pure mode of either state makes μ_k (nearly) zero, which is where
  ///        the matrix square root √(I + (V_aux Ω)⁻²/4) of the direct formula loses half the digits (≈10⁻⁸ in F).
  /// Evaluation: Σ, X₂X₁ − I/4, Σ⁻¹ (LU, double-double), P_i and N are formed in double-double from the exact
  /// double inputs; det in double-double; the μ_k by a double eigen-decomposition of N and of Nᵀ, grouped into
  /// clusters (the exact pairs), each cluster's mean refined in double-double by the block Rayleigh quotient
  /// tr[(YᵀX)⁻¹ YᵀNX]/m (X, Y right and left invariant bases; error O(ε²‖N‖)). Then 1 − F₀ = 1 − F_A ∏(1 + r_k)
  /// is a double-double subtraction and 1 − F = (1 − F₀) + F₀(1 − e^{−q/2}) adds two non-negative terms.
  /// Rounding can make μ_k slightly negative when a state is pure (or unphysical) within rounding; such μ_k are
  /// taken as 0 (a pure mode), which is the BBP value of the nearest physical pair of states. If either state is
  /// pure (all ν_j − ½ < 10⁻¹², as elsewhere in this module), F₀ = Tr ρ₁ρ₂ = 1/√det Σ (Gaussian overlap) is used.
  /// Result: 1 − F to ~10⁻²⁵ absolute for the double inputs as given (tested against a 50-digit evaluation of
  /// BBP, Tests/References/gaussian_fidelity_mpmath.py). Both states are checked for physicality (tolerance 1e-10).
  public static func fidelityWithInfidelity(_ s1: GaussianState, _ s2: GaussianState) throws -> GaussianFidelity {
    guard s1.modes == s2.modes else { throw GaussianInformationError.modeCountMismatch(name: "second state", expected: s1.modes, found: s2.modes) }
    try requirePhysical(s1.covariance, name: "first covariance")
    try requirePhysical(s2.covariance, name: "second covariance")
    let n = s1.modes, n2 = 2 * n
    let v1 = DoubleDoubleMatrix(s1.covariance), v2 = DoubleDoubleMatrix(s2.covariance)
    // X = V Ω: (XΩ)_{:,2k} = −V_{:,2k+1}, (VΩ)_{:,2k+1} = V_{:,2k} (Ω = ⊕ [[0, 1], [−1, 0]]).
    func timesOmega(_ v: DoubleDoubleMatrix) -> DoubleDoubleMatrix {
      var x = v
      for k in 0..<n { for i in 0..<n2 { x[i, 2 * k] = -v[i, 2 * k + 1]; x[i, 2 * k + 1] = v[i, 2 * k] } }
      return x
    }
    var quarter = DoubleDoubleMatrix(rows: n2, columns: n2)
    for i in 0..<n2 { quarter[i, i] = DoubleDouble(0.25) }
    let x1 = timesOmega(v1), x2 = timesOmega(v2)
    let sigma = v1 + v2
    var identity = DoubleDoubleMatrix(rows: n2, columns: n2)
    for i in 0..<n2 { identity[i, i] = DoubleDouble(1) }
    let (detSigma, sigmaInvOpt) = sigma.luSolve(identity)
    guard let sigmaInv = sigmaInvOpt, detSigma.hi > 0 else { throw GaussianInformationError.numerical(detail: "V₁ + V₂ is singular") }
    // (X₁ + X₂)⁻¹ = ((V₁ + V₂)Ω)⁻¹ = Ωᵀ Σ⁻¹: rows permuted, (Ωᵀ M)_{2k} = −M_{2k+1}, (Ωᵀ M)_{2k+1} = M_{2k}.
    var sInv = sigmaInv
    for k in 0..<n { for j in 0..<n2 { sInv[2 * k, j] = -sigmaInv[2 * k + 1, j]; sInv[2 * k + 1, j] = sigmaInv[2 * k, j] } }
    let p1 = x1 * x1 + quarter, p2 = x2 * x2 + quarter
    let nMat = (sInv * p2 * sInv * p1) * -4.0
    var xx = x2 * x1
    for i in 0..<n2 { xx[i, i] = xx[i, i] - DoubleDouble(0.25) }
    let detB = xx.luSolve(nil).determinant
    // A pure state (every ν_j − ½ < 10⁻¹², the module's convention) makes every μ_k vanish: F₀ = Tr ρ₁ρ₂ =
    // 1/√det Σ exactly (Gaussian overlap), which is also what F_A ∏(1 + r_k) tends to; use it without the
    // eigenvalues, so that the rounding of a pure V (ν = ½ ± 10⁻¹⁶) does not enter as √(10⁻¹⁶).
    let isPure = { (v: Matrix<Double>) throws -> Bool in try symplecticEigenvalues(v).allSatisfy { $0 - 0.5 < 1e-12 } }
    let pure = try isPure(s1.covariance) || isPure(s2.covariance)
    guard detB.hi > 0 || pure else { throw GaussianInformationError.numerical(detail: "det(X₂X₁ − I/4) = \(detB.hi) ≤ 0") }
    // F_A = 2ⁿ √det(X₂X₁ − I/4) / det Σ.
    let fA = pure ? DoubleDouble(1) / detSigma.squareRoot : detB.squareRoot * pow(2, Double(n)) / detSigma
    let (mus, refined) = pure ? ([DoubleDouble](), true) : try pairedEigenvalues(nMat)
    // R² = ∏ over all 2n eigenvalues (1 + √(μ/(1 + μ))); R = ∏ over the n modes.
    var r2 = DoubleDouble(1)
    for mu in mus {
      let m = mu.hi > 0 ? mu : .zero
      r2 = r2 * ((m / (m + 1.0)).squareRoot + 1.0)
    }
    let f0 = fA * r2.squareRoot
    let oneMinusF0 = (DoubleDouble(1) - f0).value
    let delta = zip(s2.mean, s1.mean).map { $0 - $1 }
    var q = 0.0
    if delta.contains(where: { $0 != 0 }) {
      let si = sigmaInv.rounded
      q = zip(delta, si * delta).reduce(0) { $0 + $1.0 * $1.1 }
    }
    let damp = -expm1(-0.5 * q)
    let f0v = f0.value
    let one = max(0, oneMinusF0 + f0v * damp)
    return GaussianFidelity(fidelity: min(1, max(0, f0v * exp(-0.5 * q))), oneMinusFidelity: min(1, one), refined: refined)
  }

  /// Eigenvalues of N (real, each twice in exact arithmetic), each cluster refined in double-double: clusters of
  /// the double spectrum (sorted by real part; neighbours within 10⁻⁶ of their size or both within 10⁻¹³ of the
  /// spectral radius); for each, an orthonormal basis X of its invariant subspace by four steps of shifted
  /// inverse subspace iteration X ← orth((N − σI)⁻¹ X) in double-double (σ the cluster's double mean; starting
  /// from `dgeev`'s real eigenvector columns, completed by unit vectors if they are nearly parallel). Each step
  /// removes the other eigenvectors by |μ − σ|/gap ~ 10⁻¹⁶, so N X = X B to double-double accuracy and
  /// B = XᵀNX carries the cluster's eigenvalues. A cluster of two is one exact pair: both tr(B)/2; four: two pairs
  /// from tr B and tr B² (no cancellation for the smaller); larger clusters take the double spread of B's
  /// eigenvalues around the double-double mean and return `refined = false`, as do states of more than 20 modes.
  static func pairedEigenvalues(_ nMat: DoubleDoubleMatrix) throws -> (values: [DoubleDouble], refined: Bool) {
    let m = nMat.rows
    let nd = nMat.rounded
    // The refinement costs one double-double LU per cluster (O(m⁴) in all); above 20 modes the double
    // eigenvalues are used (refined = false: 1 − F then to ~10⁻¹⁶ absolute instead of relative).
    guard m <= 40 else { return (try wrap { try nd.eigen(vectors: false) }.values.map { DoubleDouble($0.real) }, false) }
    let right = try wrap { try nd.eigen(vectors: true) }
    let scale = max(right.values.map { $0.length }.max() ?? 0, .leastNormalMagnitude)
    let order = (0..<m).sorted { right.values[$0].real < right.values[$1].real }
    var clusters: [[Int]] = []
    for j in order {
      // Neighbours closer than 10⁻⁶ of their size, or both at the rounding level of N, form one cluster.
      let e = right.values
      if let last = clusters.last?.last, (e[j] - e[last]).length <= 1e-6 * max(e[j].length, e[last].length) + 1e-13 * scale {
        clusters[clusters.count - 1].append(j)
      } else { clusters.append([j]) }
    }
    func dot(_ x: DoubleDoubleMatrix, _ a: Int, _ y: DoubleDoubleMatrix, _ b: Int) -> DoubleDouble {
      var s = DoubleDouble.zero
      for i in 0..<m { s += x[i, a] * y[i, b] }
      return s
    }
    /// Modified Gram–Schmidt in double-double; a column that vanishes to double-double rounding (parallel to the
    /// previous ones) is replaced by a unit vector, which the next iteration pulls into the invariant subspace.
    func orthonormalise(_ x: inout DoubleDoubleMatrix) {
      var unit = 0
      for c in 0..<x.columns {
        var attempts = 0
        while true {
          let before = dot(x, c, x, c).squareRoot
          for p in 0..<c { let d = dot(x, p, x, c); for i in 0..<m { x[i, c] = x[i, c] - d * x[i, p] } }
          let norm = dot(x, c, x, c).squareRoot
          if norm.hi > 1e-24 * max(before.hi, .leastNormalMagnitude), norm.hi > 0 || attempts > m {
            if norm.hi > 0 { for i in 0..<m { x[i, c] = x[i, c] / norm } }
            break
          }
          for i in 0..<m { x[i, c] = DoubleDouble(i == unit % m ? 1 : 0) }
          unit += 1; attempts += 1
        }
      }
    }
    var values: [DoubleDouble] = []
    var allRefined = true
    for cl in clusters {
      let k = cl.count
      var x = DoubleDoubleMatrix(rows: m, columns: k)
      for (c, j) in cl.enumerated() {
        let v = right.vectors!
        for i in 0..<m { x[i, c] = DoubleDouble(right.values[j].imaginary < 0 ? v[i, j].imaginary : v[i, j].real) }
      }
      orthonormalise(&x)
      let sigma = cl.reduce(0.0) { $0 + right.values[$1].real } / Double(k)
      var shifted = nMat
      for i in 0..<m { shifted[i, i] = shifted[i, i] - DoubleDouble(sigma) }
      for _ in 0..<4 {
        guard let y = shifted.luSolve(x).solution else { break }   // σ exactly an eigenvalue: X is already invariant
        x = y
        orthonormalise(&x)
      }
      let bMat = x.multiplied(by: nMat * x, transposeSelf: true)
      var tr = DoubleDouble.zero
      for i in 0..<k { tr += bMat[i, i] }
      let mean = tr / DoubleDouble(Double(k))
      switch k {
      case 1, 2:
        // A single value or one exact pair (each μ_k occurs twice): the mean is the value.
        values.append(contentsOf: Array(repeating: mean, count: k))
      case 4:
        // Two pairs μ_a, μ_b: tr B = 2(μ_a + μ_b), tr B² = 2(μ_a² + μ_b²); the larger root from the sum, the
        // smaller as product/larger (no cancellation): μ_a μ_b = ((tr B/2)² − tr B²/2)/2.
        let b2 = bMat * bMat
        var tr2 = DoubleDouble.zero
        for i in 0..<k { tr2 += b2[i, i] }
        let sum = tr * 0.5, prod = (sum * sum - tr2 * 0.5) * 0.5
        let disc = sum * sum - prod * 4.0
        let big = (sum + (disc.hi > 0 ? disc.squareRoot : .zero)) * 0.5
        let small = big.hi != 0 ? prod / big : .zero
        values.append(contentsOf: [big, big, small, small])
      default:
        // Rare (three or more coincident pairs): mean in double-double, spread from the double eigenvalues of B.
        let ev = try wrap { try bMat.rounded.eigen(vectors: false) }.values.map(\.real)
        let evMean = ev.reduce(0, +) / Double(k)
        for e in ev { values.append(mean + (e - evMean)) }
        allRefined = false
      }
    }
    return (values, allRefined)
  }
}
