import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import ClausiusSteadyState

/// The steady state and thermodynamics of a network's global (secular) master equation computed in the
/// normal-mode frame in O(N² + N·M) after one eigendecomposition, without any 2N × 2N matrix.
///
/// Physics (paper 004, Eqs. 10–11, 19–24): with non-degenerate normal modes ã_k of frequency ν_k, bath α
/// (coupling S_α = s_αᵀ r) damps mode k at the energy rate Γ_αk = 2J_α(ν_k)|c_αk|² = J_α(ν_k)(s̃_x,k² + s̃_p,k²),
/// s̃ = S⁻ᵀ s (x = X x̃, p = P p̃: s̃_x = Xᵀ s_x, s̃_p = Pᵀ s_p), towards its own Bose occupation:
///   ⟨ã_k†ã_k⟩ = Σ_α Γ_αk n̄_α(ν_k) / Σ_α Γ_αk,   Ṽ = ⊕_k (⟨ã_k†ã_k⟩ + ½) I₂,
///   Q̇_α = Σ_k ν_k Γ_αk (n̄_α − ⟨ã_k†ã_k⟩) = Σ_k (ν_k/Σ_γ Γ_γk) Σ_β (Γ_αk Γ_βk)(n̄_α(ν_k) − n̄_β(ν_k)).
/// This is exactly what `MasterEquation.gaussianSteadyState()` solves for the same equation (a 2 × 2 Lyapunov
/// block per normal mode) and `GaussianSteadyState.thermodynamics` evaluates (Tr[G A_α V] + ½Tr[G D_α]), but
/// free of cancellation: each pair term is computed once and enters Q̇_α and Q̇_β with opposite signs (IEEE
/// products commute, n̄_α − n̄_β = −(n̄_β − n̄_α) exactly), and the sums over k are carried in double-double, so
/// the first law Σ_α Q̇_α = 0 closes to the rounding of the final sum — the role the double-double refinement
/// plays on the Lyapunov path (`refineDoubleDouble`).
///
/// Local observables: ⟨a_j†a_j⟩ = ½(V_{x_j x_j} + V_{p_j p_j}) − ½ = Σ_k w_jk ⟨ã_k†ã_k⟩ + ½(Σ_k w_jk − 1),
/// w_jk = (X_jk² + P_jk²)/2 (O(N²)); the full covariance V = S⁻¹ Ṽ S⁻ᵀ (V_xx = X Ñ Xᵀ, V_pp = P Ñ Pᵀ, V_xp = 0)
/// only on request, by BLAS-3 (`covariance()`).
///
/// Applies to undriven networks whose G has no x–p cross terms (`BosonicNetwork.splitHamiltonian`), with
/// non-degenerate normal modes (the secular tolerance of the derivation) each damped by some bath; otherwise
/// `init` throws `GlobalSweepError` and callers use the general path.
public struct SecularGlobalSteadyState: Sendable {
  public let modes: SplitNormalModes
  /// Γ_αk, indexed [bath][normal mode].
  public let dampingRates: [[Double]]
  /// ⟨ã_k†ã_k⟩ (normal modes, ascending ν_k).
  public let normalModeOccupations: [Double]
  /// ⟨a_j†a_j⟩ of the network's modes.
  public let occupations: [Double]
  public let thermodynamics: ThermodynamicsReport
  /// The same diagnostics as the Lyapunov path in the normal-mode frame: residual of the 2 × 2 blocks,
  /// ν_min = min_k ⟨ã_k†ã_k⟩ + ½, uncertainty margin min_k ⟨ã_k†ã_k⟩, N blocks.
  public let diagnostics: GaussianDiagnostics

  /// Solves the global equation of `network` (`derivation` is `.global`), reusing `modes` when given
  /// (they must be the normal modes of `network.splitHamiltonian`).
  public init(network: BosonicNetwork, derivation: Derivation = .global, modes given: SplitNormalModes? = nil) throws {
    guard case let .global(tolerance) = derivation, tolerance.isFinite, tolerance >= 0 else {
      throw GlobalSweepError.notSecularGlobal(derivation: "\(derivation)")
    }
    guard network.drives.isEmpty else { throw GlobalSweepError.drivenSystem }
    let modes: SplitNormalModes
    if let given { modes = given } else {
      guard let g = network.splitHamiltonian else { throw GlobalSweepError.notSecularGlobal(derivation: "global (x–p cross terms in H_S)") }
      do { modes = try SplitNormalModes(position: g.position, momentum: g.momentum) } catch {
        throw MasterEquationError.hamiltonianNotPositiveDefinite(detail: "\(error)")
      }
    }
    var clock = StageClock("secular global")
    let nu = modes.frequencies, n = nu.count, m = network.baths.count
    // Same grouping as the derivation (`secularJumps`: consecutive ν within tolerance × max ν).
    let tol = tolerance * (nu.max() ?? 1)
    for k in 1..<Swift.max(n, 1) where nu[k] - nu[k - 1] <= tol {
      throw GlobalSweepError.degenerateNormalModes(modes: [k - 1, k], frequencies: [nu[k - 1], nu[k]], tolerance: tol)
    }
    var gamma = [[Double]](repeating: [Double](repeating: 0, count: n), count: m)
    var nBar = gamma
    for (a, bath) in network.baths.enumerated() {
      let weights = modes.couplingWeights(network.couplingVector(bath: a))
      for k in 0..<n {
        gamma[a][k] = try bath.spectralDensity(nu[k]) * weights[k]
        nBar[a][k] = bath.occupation(nu[k])
      }
    }
    var den = [Double](repeating: 0, count: n), occ = den
    for k in 0..<n {
      var num = 0.0
      for a in 0..<m { den[k] += gamma[a][k]; num += gamma[a][k] * nBar[a][k] }
      guard den[k] > 0 else { throw GlobalSweepError.undampedNormalMode(mode: k, frequency: nu[k]) }
      occ[k] = num / den[k]
    }
    // Heats: pair terms t_αβk = (Γ_αk Γ_βk)(n̄_α − n̄_β) ν_k/den_k, antisymmetric bit for bit, summed in double-double.
    var q = [DoubleDouble](repeating: .zero, count: m)
    var gross = 0.0
    for k in 0..<n {
      let w = nu[k] / den[k]
      for a in 0..<m { for b in (a + 1)..<Swift.max(m, a + 1) {
        let t = (gamma[a][k] * gamma[b][k]) * (nBar[a][k] - nBar[b][k]) * w
        q[a] += t; q[b] += -t
      } }
    }
    for a in 0..<m { gross += abs((0..<n).reduce(0.0) { $0 + nu[$1] * gamma[a][$1] * (nBar[a][$1] + 0.5) }) }
    let baths = network.baths.enumerated().map { b, bath in
      BathHeat(name: bath.name, temperature: bath.temperature, heat: q[b].value, countedHeat: q[b].value,
               localFrequency: network.bathMode(b).map { network.frequencies[$0] })
    }
    thermodynamics = ThermodynamicsReport(baths: baths, grossHeat: gross)
    // ⟨a_j†a_j⟩ = Σ_k w_jk n_k + ½(Σ_k w_jk − 1), column by column of X and P.
    let x = modes.positionBlock, p = modes.momentumBlock
    var local = [Double](repeating: 0, count: n), vacuum = local
    for k in 0..<n { for j in 0..<n {
      let wjk = 0.5 * (x[j, k] * x[j, k] + p[j, k] * p[j, k])
      local[j] += wjk * occ[k]; vacuum[j] += wjk
    } }
    occupations = (0..<n).map { local[$0] + 0.5 * (vacuum[$0] - 1) }
    clock.mark("rates, occupations, heats")
    // Diagnostics of the 2 × 2 blocks A_k = ν_k Ω − (Γ_k/2) I, D_k = Σ_α Γ_αk (n̄_α + ½) I, Ṽ_k = (n_k + ½) I.
    var r2 = 0.0, d2 = 0.0, margin = Double.infinity, nuMin = Double.infinity
    for k in 0..<n {
      var dk = 0.0
      for a in 0..<m { dk += gamma[a][k] * (nBar[a][k] + 0.5) }
      let v = occ[k] + 0.5, r = dk - den[k] * v
      r2 += 2 * r * r; d2 += 2 * dk * dk
      margin = Swift.min(margin, v - 0.5); nuMin = Swift.min(nuMin, v)
    }
    let warnings = margin < -GaussianDiagnostics.uncertaintyTolerance ? ["the steady-state covariance violates the uncertainty principle (smallest eigenvalue of V + iΩ/2 = \(margin))"] : []
    diagnostics = GaussianDiagnostics(relativeResidual: d2 > 0 ? (r2 / d2).squareRoot() : r2.squareRoot(),
                                      smallestSymplecticEigenvalue: nuMin > 0 ? nuMin : nil, uncertaintyMargin: margin,
                                      blocks: n, warnings: warnings)
    clock.mark("diagnostics")
    self.modes = modes; dampingRates = gamma; normalModeOccupations = occ
  }

  /// V_xx = X Ñ Xᵀ and V_pp = P Ñ Pᵀ (N × N, Ñ = diag(⟨ã_k†ã_k⟩ + ½)); V_xp = 0. Two matrix products.
  public func quadratureCovariances() -> (position: Matrix<Double>, momentum: Matrix<Double>) {
    let n = normalModeOccupations.count
    func congruence(_ b: Matrix<Double>) -> Matrix<Double> {
      var scaled = b
      for k in 0..<n { let s = normalModeOccupations[k] + 0.5; for i in 0..<n { scaled[i, k] *= s } }
      return scaled.multiplied(by: b, transposeOther: .transpose).symmetrized
    }
    let vx = congruence(modes.positionBlock)
    return (vx, modes.positionBlock == modes.momentumBlock ? vx : congruence(modes.momentumBlock))
  }

  /// The quadrature covariance V = ½⟨{Δr, Δrᵀ}⟩, r = (x₁, p₁, …) (2N × 2N; O(N³), BLAS-3).
  public func covariance() -> Matrix<Double> {
    let (vx, vp) = quadratureCovariances()
    let n = vx.rows
    var v = Matrix<Double>(rows: 2 * n, columns: 2 * n)
    for j in 0..<n { for i in 0..<n { v[2 * i, 2 * j] = vx[i, j]; v[2 * i + 1, 2 * j + 1] = vp[i, j] } }
    return v
  }
}
