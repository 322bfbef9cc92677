import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import Numerics

extension GaussianSteadyState {
  /// σ_ab = ⟨m_a† m_b⟩ for the listed modes (e.g. the mechanical modes of the linearised lattice).
  /// Reference: paper 002, Supplement Eq. (S15).
  public func singleParticleDensityMatrix(modes: [Int]) -> Matrix<Complex<Double>> {
    Matrix(rows: modes.count, columns: modes.count) { a, b in secondMoment(creation: modes[a], annihilation: modes[b]) }
  }

  /// d⟨m_j†m_j⟩/dt contributed by dissipator `index` at this state: ½(δV_xx + δV_pp) with
  /// δV = A_α V + V A_αᵀ + D_α (docs/conventions.md; zero mean assumed for the linear part, exact here as A_α d
  /// terms vanish for d = 0). Used as the source term of the continuity equation (paper 002, Supplement Eq. S17).
  public func occupationRate(mode j: Int, dissipator index: Int) -> Double {
    let p = dynamics.perDissipator[index], v = covariance
    let a = p.drift, dd = p.diffusion
    let x = 2 * j, q = 2 * j + 1
    var s = 0.0
    for r in [x, q] {
      var av = 0.0
      for c in 0..<v.rows { av += a[r, c] * v[c, r] }
      s += 2 * av + dd[r, r]
    }
    return s / 2
  }
}

/// Heat currents carried by a number-conserving Hamiltonian H = Σ_ij h_ij d_i†d_j between sites, from the continuity
/// equation d⟨d_ℓ†d_ℓ⟩/dt|_H = −Σ_m j_{ℓ→m}:
///
///   ⟨j_{ℓ→m}⟩ = −i⟨h_mℓ d_m†d_ℓ − h.c.⟩ = 2 Im(h_mℓ σ_mℓ),  σ_mℓ = ⟨d_m†d_ℓ⟩,
///
/// in phonons per unit time (multiply by ω_m for energy). Reference: paper 002, Supplement Sec. IV, Eqs. (S17)–(S19).
/// Note: the paper's printed ĵ_{ℓ→ℓ+p} = −Σ_±(J_p/2i)(…) is −½ of this for each link (half weight because its Eq. 8
/// counts every link at distances p and L−p; opposite sign to its own continuity equation and to Eq. 13 — see docs/papers/002.md).
public enum OptomechanicalCurrents {
  public static func link(from l: Int, to m: Int, hamiltonian h: Matrix<Complex<Double>>, sigma: Matrix<Complex<Double>>) -> Double {
    2 * (h[m, l] * sigma[m, l]).imaginary
  }

  /// Q_{ℓ→ℓ+p}/ω_m in the convention of paper 002 Eqs. (13)–(14) on a ring: ½ Σ_ℓ j_{ℓ→ℓ+p} (the half matches
  /// the paper's split of each link between distances p and L−p).
  public static func ringContribution(distance p: Int, hamiltonian h: Matrix<Complex<Double>>, sigma: Matrix<Complex<Double>>) -> Double {
    let l = h.rows
    var s = 0.0
    for i in 0..<l { s += link(from: i, to: (i + p) % l, hamiltonian: h, sigma: sigma) }
    return s / 2
  }

  /// Contributions for p = 1…⌈L/2⌉−1 (index p−1); their sum is ⟨ĵ_C⟩ (Eq. 14), Q_C = ω_m⟨ĵ_C⟩.
  public static func ringContributions(hamiltonian h: Matrix<Complex<Double>>, sigma: Matrix<Complex<Double>>) -> [Double] {
    let pMax = (h.rows + 1) / 2 - 1
    return (1...Swift.max(pMax, 1)).map { ringContribution(distance: $0, hamiltonian: h, sigma: sigma) }
  }

  /// g^(1)_{ℓ,ℓ+p} = σ_{ℓ,ℓ+p}/(σ_ℓℓ σ_{ℓ+p,ℓ+p})^{1/2} (complex; plot its modulus). Reference: paper 002, Fig. 5(c).
  public static func coherence(_ sigma: Matrix<Complex<Double>>, site l: Int, distance p: Int) -> Complex<Double> {
    let m = (l + p) % sigma.rows
    return sigma[l, m] * Complex(1 / (sigma[l, l].real * sigma[m, m].real).squareRoot(), 0)
  }

  /// δ = ‖σ_a − σ_b‖₂/‖(σ_a + σ_b)/2‖₂ with the spectral norm (largest |eigenvalue| of the Hermitian matrices).
  /// Reference: paper 002, Supplement Sec. II (after Eq. S16).
  public static func relativeError(_ a: Matrix<Complex<Double>>, _ b: Matrix<Complex<Double>>) throws -> Double {
    func norm2(_ m: Matrix<Complex<Double>>) throws -> Double {
      let herm = (m + m.adjoint) * Complex(0.5, 0)
      return try herm.hermitianEigen(vectors: false).values.map(abs).max() ?? 0
    }
    return try norm2(a - b) / norm2((a + b) * Complex(0.5, 0))
  }
}
