import ClausiusNumerics
import Foundation
import Numerics

/// Exact non-equilibrium steady state of a harmonic network coupled to independent bosonic baths,
/// from the quantum Langevin equations (paper 004 Sec. III, generalised from two nodes to N nodes
/// and M baths with arbitrary position-coupling vectors).
///
/// Model (ħ = k_B = 1, unit masses): H_S = Σ_i P_i²/2 + ½ Σ_ij X_i K_ij X_j (004 Eq. (4) has
/// K = [[ω_c² + k, −k], [−k, ω_h² + k]]); bath α couples through −(c_α·X) ⊗ B_α and has spectral
/// density J_α and temperature T_α. With `counterterm == true` (the choice of 004 Sec. III,
/// ω_α² ↦ ω̃_α² = ω_α² + χ̂_α(0)) K is the *renormalised* static potential; without it the static
/// potential is K − Σ_α c_α c_αᵀ χ̂_α(0). In both cases the retarded Green's function is
///   G(ω) = [K_stat − ω² − Σ_α c_α c_αᵀ (χ̂_α(ω) − χ̂_α(0))]⁻¹          (004 Eq. (31), A⁻¹(ω)),
/// and with u_α(ω) = G(ω) c_α the symmetrised stationary moments are (004 Eqs. (30)–(32) and the
/// text after Eq. (32), folded onto ω > 0 using G(−ω) = G(ω)* and J odd)
///   ⟨X_i X_j⟩        = Σ_α (1/π) ∫₀^∞ dω J_α(ω) coth(ω/2T_α) Re[u_αi ū_αj],
///   ⟨P_i P_j⟩        = Σ_α (1/π) ∫₀^∞ dω ω² J_α(ω) coth(ω/2T_α) Re[u_αi ū_αj],
///   ½⟨{P_i, X_j}⟩    = Σ_α (1/π) ∫₀^∞ dω ω  J_α(ω) coth(ω/2T_α) Im[u_αi ū_αj]   (P̂ = −iω X̂),
/// and the Landauer heat current into the network from bath α (positive = energy enters the system)
///   Q̇_α = (2/π) ∫₀^∞ dω ω Σ_β J_α J_β |c_αᵀ G c_β|² [n_α(ω) − n_β(ω)]
/// (Caroli/Landauer form, e.g. Dhar, Adv. Phys. 57, 457 (2008); Freitas & Paz, PRE 90, 042128
/// (2014), paper 004 ref. [38]).
///
/// All integrals share one adaptive Gauss–Kronrod mesh (`AdaptiveGaussKronrod`) with breakpoints at
/// the (renormalised) normal-mode resonances graded by their golden-rule widths, at T_α and Λ_α, and a
/// mapped semi-infinite tail; every moment carries a conservative error estimate.
public struct ExactLangevinSteadyState: Sendable {
  public let potential: Matrix<Double>
  public let baths: [LangevinBath]
  public let counterterm: Bool
  /// The static potential K_stat entering G(ω): K with the counterterm, K − Σ_α c_α c_αᵀ χ̂_α(0) without.
  public let staticPotential: Matrix<Double>
  /// ⟨X_i X_j⟩ (004's scaled positions).
  public let positionCovariance: Matrix<Double>
  /// ⟨P_i P_j⟩.
  public let momentumCovariance: Matrix<Double>
  /// C_ij = ½⟨{P_i, X_j}⟩.
  public let momentumPositionCovariance: Matrix<Double>
  /// Conservative absolute error estimates of the three matrices above.
  public let positionCovarianceError: Matrix<Double>
  public let momentumCovarianceError: Matrix<Double>
  public let momentumPositionCovarianceError: Matrix<Double>
  /// Landauer heat currents Q̇_α into the network (one per bath) and their error estimates.
  public let landauerHeatCurrents: [Double]
  public let landauerHeatCurrentErrors: [Double]
  /// Normal-mode frequencies of the static potential, √eig(K_stat), ascending.
  public let normalModeFrequencies: [Double]
  /// Estimated resonance centres and half-widths (golden rule) used as quadrature breakpoints.
  public let resonances: [(centre: Double, halfWidth: Double)]
  public let intervals: Int
  public let evaluations: Int
  /// Whether every tolerance group met the requested tolerance.
  public let converged: Bool

  public var nodes: Int { potential.rows }

  /// Solves for the stationary state. Throws `ExactLangevinError` for invalid input, an unstable
  /// static potential or an undamped normal mode.
  public init(potential k: Matrix<Double>, baths: [LangevinBath], counterterm: Bool = true,
              quadrature: AdaptiveGaussKronrod = AdaptiveGaussKronrod()) throws {
    let n = k.rows
    guard k.isSquare, n >= 1 else { throw ExactLangevinError.invalidParameter(name: "potential K", value: "\(k.rows)×\(k.columns)", allowed: "square N×N, N ≥ 1") }
    guard k.isFinite else { throw ExactLangevinError.invalidParameter(name: "potential K", value: "non-finite entries", allowed: "finite") }
    var asym = 0.0
    for j in 0..<n { for i in 0..<j { asym = max(asym, abs(k[i, j] - k[j, i])) } }
    guard asym <= 1e-12 * max(1, k.maxAbs) else { throw ExactLangevinError.invalidParameter(name: "potential K", value: "asymmetric by \(asym)", allowed: "symmetric") }
    guard !baths.isEmpty else { throw ExactLangevinError.invalidParameter(name: "baths", value: "[]", allowed: "at least one bath") }
    for (a, b) in baths.enumerated() {
      guard b.coupling.count == n else { throw ExactLangevinError.invalidParameter(name: "baths[\(a)].coupling", value: "length \(b.coupling.count)", allowed: "length N = \(n) (node index in 0..<\(n))") }
      guard b.coupling.allSatisfy(\.isFinite), b.coupling.contains(where: { $0 != 0 }) else {
        throw ExactLangevinError.invalidParameter(name: "baths[\(a)].coupling", value: "\(b.coupling)", allowed: "finite, not all zero") }
      guard b.temperature.isFinite, b.temperature >= 0 else {
        throw ExactLangevinError.invalidParameter(name: "baths[\(a)].temperature", value: "\(b.temperature)", allowed: "0 ≤ T < ∞") }
      switch b.spectralDensity {
      case let .drudeOhmic(l2, c):
        guard l2.isFinite, l2 > 0 else { throw ExactLangevinError.invalidParameter(name: "baths[\(a)] λ²", value: "\(l2)", allowed: "0 < λ² < ∞") }
        guard c.isFinite, c > 0 else { throw ExactLangevinError.invalidParameter(name: "baths[\(a)] cutoff Λ", value: "\(c)", allowed: "0 < Λ < ∞") }
      case let .custom(_, _, s, c):
        guard c.isFinite, c > 0 else { throw ExactLangevinError.invalidParameter(name: "baths[\(a)] cutoff", value: "\(c)", allowed: "0 < cutoff < ∞") }
        guard s.isFinite else { throw ExactLangevinError.invalidParameter(name: "baths[\(a)] χ̂(0)", value: "\(s)", allowed: "finite") }
        let w = 0.5 * c, jv = b.spectralDensity.j(w), im = b.spectralDensity.subtractedResponse(w).imaginary
        guard abs(im - jv) <= 1e-6 * max(abs(jv), 1e-300) else {
          throw ExactLangevinError.invalidParameter(name: "baths[\(a)] response", value: "Im[χ̂(ω) − χ̂(0)] = \(im) at ω = \(w)", allowed: "must equal J(ω) = \(jv)") }
      }
    }
    self.potential = k; self.baths = baths; self.counterterm = counterterm

    // Static potential and its stability (004 Sec. III: renormalised frequencies).
    var kStat = k
    if !counterterm {
      for b in baths { for j in 0..<n { for i in 0..<n { kStat[i, j] -= b.coupling[i] * b.coupling[j] * b.spectralDensity.staticResponse } } }
    }
    staticPotential = kStat
    let eig: SymmetricEigenDecomposition
    do { eig = try kStat.symmetrized.symmetricEigen() } catch { throw ExactLangevinError.numerical(detail: "\(error)") }
    guard let minEig = eig.values.first, minEig > 0 else {
      throw ExactLangevinError.unstablePotential(minEigenvalue: eig.values.first ?? 0, counterterm: counterterm)
    }
    normalModeFrequencies = eig.values.map { $0.squareRoot() }

    // Resonances: ω_k² ≈ Ω_k² − Σ_α (v_k·c_α)² Re[χ̂_α(Ω_k) − χ̂_α(0)], half-width Σ_α (v_k·c_α)² J_α/(2ω_k).
    var res = [(centre: Double, halfWidth: Double)]()
    for kk in 0..<n {
      let om = normalModeFrequencies[kk]
      var shift = 0.0, width = 0.0
      for b in baths {
        var proj = 0.0
        for i in 0..<n { proj += eig.vectors[i, kk] * b.coupling[i] }
        let s = b.spectralDensity.subtractedResponse(om)
        shift -= proj * proj * s.real
        width += proj * proj * b.spectralDensity.j(om)
      }
      let c = max(om * om + shift, 0.25 * om * om).squareRoot()
      let hw = width / (2 * c)
      guard hw > 1e-14 * om else { throw ExactLangevinError.undampedMode(frequency: om, width: hw) }
      res.append((c, hw))
    }
    resonances = res

    // Breakpoints.
    var extra: [Double] = normalModeFrequencies
    var top = normalModeFrequencies.last!
    for b in baths {
      if b.temperature > 0 { extra.append(b.temperature); top = max(top, b.temperature) }
      extra.append(b.spectralDensity.cutoff); top = max(top, b.spectralDensity.cutoff)
    }
    let clean = AdaptiveGaussKronrod.resonanceBreakpoints(res, extra: extra, ladderStart: normalModeFrequencies.last! * 2, top: top)

    // Component layout.
    let m = baths.count
    var upper: [(Int, Int)] = []
    for j in 0..<n { for i in 0...j { upper.append((i, j)) } }
    let nU = upper.count
    let count = 2 * nU + n * n + m
    var groups = [Int](repeating: 0, count: count)
    for i in nU..<(2 * nU) { groups[i] = 1 }
    for i in (2 * nU)..<(2 * nU + n * n) { groups[i] = 2 }
    for i in (2 * nU + n * n)..<count { groups[i] = 3 }
    var cMat = Matrix<Complex<Double>>(rows: n, columns: m)
    for (a, b) in baths.enumerated() { for i in 0..<n { cMat[i, a] = Complex(b.coupling[i], 0) } }
    let kC = kStat.complex

    var failure: String? = nil
    let integrand: (Double) -> [Double] = { w in
      var out = [Double](repeating: 0, count: count)
      let a = Self.inverseGreensFunction(kC, baths, w)
      var jv = [Double](repeating: 0, count: m), weight = jv, occ = jv
      for (al, b) in baths.enumerated() {
        jv[al] = b.spectralDensity.j(w)
        let t = b.temperature
        let coth = t == 0 ? 1.0 : 1 / tanh(w / (2 * t))
        weight[al] = jv[al] * coth / Double.pi
        occ[al] = t == 0 ? 0 : 1 / expm1(w / t)
      }
      let u: Matrix<Complex<Double>>
      do { u = try a.solve(cMat) } catch { failure = "G(ω) at ω = \(w): \(error)"; return out }
      for al in 0..<m {
        let wt = weight[al]
        for (idx, (i, j)) in upper.enumerated() {
          let re = (u[i, al] * u[j, al].conjugate).real
          out[idx] += wt * re
          out[nU + idx] += w * w * wt * re
        }
        for j in 0..<n { for i in 0..<n {
          out[2 * nU + i + j * n] += w * wt * (u[i, al] * u[j, al].conjugate).imaginary
        } }
      }
      // Landauer: Q̇_α = (2/π) ω Σ_β J_α J_β |c_αᵀ u_β|² (n_α − n_β).
      for al in 0..<m {
        var q = 0.0
        for be in 0..<m where be != al {
          var t = Complex<Double>.zero
          for i in 0..<n { t = t + u[i, be] * Complex(baths[al].coupling[i], 0) }
          q += jv[al] * jv[be] * t.lengthSquared * (occ[al] - occ[be])
        }
        out[2 * nU + n * n + al] = 2 / Double.pi * w * q
      }
      return out
    }
    let r = quadrature.integrate(count: count, groups: groups, points: clean, tail: true, integrand)
    if let f = failure { throw ExactLangevinError.numerical(detail: f) }

    var xx = Matrix<Double>(rows: n, columns: n), pp = xx, px = xx, exx = xx, epp = xx, epx = xx
    for (idx, (i, j)) in upper.enumerated() {
      xx[i, j] = r.values[idx]; xx[j, i] = r.values[idx]
      pp[i, j] = r.values[nU + idx]; pp[j, i] = r.values[nU + idx]
      exx[i, j] = r.errors[idx]; exx[j, i] = r.errors[idx]
      epp[i, j] = r.errors[nU + idx]; epp[j, i] = r.errors[nU + idx]
    }
    for j in 0..<n { for i in 0..<n { px[i, j] = r.values[2 * nU + i + j * n]; epx[i, j] = r.errors[2 * nU + i + j * n] } }
    positionCovariance = xx; momentumCovariance = pp; momentumPositionCovariance = px
    positionCovarianceError = exx; momentumCovarianceError = epp; momentumPositionCovarianceError = epx
    landauerHeatCurrents = Array(r.values[(2 * nU + n * n)...])
    landauerHeatCurrentErrors = Array(r.errors[(2 * nU + n * n)...])
    intervals = r.intervals; evaluations = r.evaluations; converged = r.converged
  }

  /// A(ω) = G(ω)⁻¹ = K_stat − ω² − Σ_α c_α c_αᵀ (χ̂_α(ω) − χ̂_α(0)) (004 Eq. (31)).
  static func inverseGreensFunction(_ kC: Matrix<Complex<Double>>, _ baths: [LangevinBath], _ w: Double) -> Matrix<Complex<Double>> {
    var a = kC
    let n = kC.rows
    for i in 0..<n { a[i, i] = a[i, i] - Complex(w * w, 0) }
    for b in baths {
      let s = b.spectralDensity.subtractedResponse(w)
      for j in 0..<n where b.coupling[j] != 0 { for i in 0..<n where b.coupling[i] != 0 {
        a[i, j] = a[i, j] - s * Complex(b.coupling[i] * b.coupling[j], 0)
      } }
    }
    return a
  }

  /// The retarded Green's function G(ω) = [K_stat − ω² − Σ_α c_α c_αᵀ (χ̂_α(ω) − χ̂_α(0))]⁻¹ at real
  /// ω > 0 (004 Eq. (31), A⁻¹(ω); G(−ω) = G(ω)*).
  public func greensFunction(frequency w: Double) throws -> Matrix<Complex<Double>> {
    guard w.isFinite, w > 0 else { throw ExactLangevinError.invalidParameter(name: "frequency", value: "\(w)", allowed: "0 < ω < ∞") }
    do { return try Self.inverseGreensFunction(staticPotential.complex, baths, w).inverse() }
    catch { throw ExactLangevinError.numerical(detail: "G(ω) at ω = \(w): \(error)") }
  }

  /// Γ of paper 004: Γ_kl = ½⟨{R_k, R_l}⟩, R = (X₁, P₁, X₂, P₂, …) in 004's scaled quadratures.
  public var covariance004: Matrix<Double> { Self.interleave(positionCovariance, momentumCovariance, momentumPositionCovariance) }

  /// Conservative elementwise error estimate of `covariance004`.
  public var covariance004Error: Matrix<Double> { Self.interleave(positionCovarianceError, momentumCovarianceError, momentumPositionCovarianceError) }

  static func interleave(_ xx: Matrix<Double>, _ pp: Matrix<Double>, _ px: Matrix<Double>) -> Matrix<Double> {
    let n = xx.rows
    var g = Matrix<Double>(rows: 2 * n, columns: 2 * n)
    for j in 0..<n { for i in 0..<n {
      g[2 * i, 2 * j] = xx[i, j]
      g[2 * i + 1, 2 * j + 1] = pp[i, j]
      g[2 * i + 1, 2 * j] = px[i, j]        // ½⟨{P_i, X_j}⟩
      g[2 * i, 2 * j + 1] = px[j, i]        // ½⟨{X_i, P_j}⟩
    } }
    return g
  }

  /// Default quadrature frequencies ω_i = √K_ii (the local frequency of node i in H_S).
  public var localFrequencies: [Double] { (0..<nodes).map { potential[$0, $0].squareRoot() } }

  /// The covariance in the Clausius convention (docs/conventions.md): x_i = √ω_i X_i, p_i = P_i/√ω_i,
  /// i.e. V = D Γ D with D = diag(√ω₁, 1/√ω₁, …). Any ω_i > 0 gives canonical quadratures
  /// ([x_i, p_i] = i); Gaussian information measures do not depend on the choice (local symplectic).
  /// Default ω_i = √K_ii.
  public func covariance(quadratureFrequencies w: [Double]? = nil) throws -> Matrix<Double> {
    try Self.scale(covariance004, w ?? localFrequencies)
  }

  /// Error estimate of `covariance(quadratureFrequencies:)`, elementwise.
  public func covarianceError(quadratureFrequencies w: [Double]? = nil) throws -> Matrix<Double> {
    try Self.scale(covariance004Error, w ?? localFrequencies)
  }

  static func scale(_ g: Matrix<Double>, _ w: [Double]) throws -> Matrix<Double> {
    let n = g.rows / 2
    guard w.count == n, w.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw ExactLangevinError.invalidParameter(name: "quadratureFrequencies", value: "\(w)", allowed: "\(n) finite positive values")
    }
    let d = (0..<(2 * n)).map { $0 % 2 == 0 ? w[$0 / 2].squareRoot() : 1 / w[$0 / 2].squareRoot() }
    return Matrix(rows: 2 * n, columns: 2 * n) { i, j in d[i] * g[i, j] * d[j] }
  }

  /// Heat currents into the network from the stationary state alone (paper 004 Eq. (34) generalised,
  /// sign corrected — see docs/papers/004-exact-and-information.md): for a bath α attached to a single
  /// node i (c_α = e_i) that no other bath touches, stationarity of the local energy
  /// H_i = P_i²/2 + K_ii X_i²/2 gives
  ///   Q̇_α = Σ_{j≠i} K_ij ½⟨{P_i, X_j}⟩
  /// (energy leaving node i through the springs equals the heat entering from its bath).
  /// nil for baths with a non-local coupling vector or sharing their node with another bath.
  public func stateHeatCurrents() -> [Double?] {
    baths.map { b in
      guard let i = b.singleNode else { return nil }
      let sharers = baths.filter { ($0.coupling.indices.contains(i) && $0.coupling[i] != 0) }.count
      guard sharers == 1 else { return nil }
      var q = 0.0
      for j in 0..<nodes where j != i { q += potential[i, j] * momentumPositionCovariance[i, j] }
      return q
    }
  }

  /// Largest error estimate over all covariance entries (004 scaling).
  public var maxCovarianceError: Double { covariance004Error.maxAbs }
}
