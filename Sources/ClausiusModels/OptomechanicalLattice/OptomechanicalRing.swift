import ClausiusNumerics
import Numerics

/// Closed forms of the effective phonon dynamics of a homogeneous optomechanical ring driven with a phase
/// gradient Arg F_ℓ = ℓφ, φ = 2πn/L (so α_ℓ = |α|e^{iℓφ}, G_ℓ = |G|e^{iℓφ}), after adiabatic elimination of the
/// optical lattice. Fourier modes d̃_k = L^{-1/2} Σ_ℓ e^{−ikℓ} d_ℓ, k ∈ {2πm/L}. Units: any frequency unit
/// (the paper uses ω_m = 1). Reference: paper 002, Eqs. (8)–(14) and Supplement Eq. (S16).
///
/// Conventions: the coherent coupling of the effective Hamiltonian is h_{ℓ+p,ℓ} = Σ_± J_p^(±) e^{∓iφp}
/// (the paper's Eq. 8 writes it as J_p/2 per ordered distance p ∈ [1, L), counting each link twice).
public struct OptomechanicalRingTheory: Sendable {
  public let siteCount: Int
  /// Winding number n of φ = 2πn/L.
  public let winding: Int
  /// |G| = g|α|.
  public let effectiveCoupling: Double
  public let hopping: Double
  /// Δ̃ (uniform).
  public let effectiveDetuning: Double
  public let opticalLoss: Double
  public let mechanicalFrequency: Double
  public let mechanicalDamping: Double
  public let thermalOccupation: Double

  public init(siteCount: Int, winding: Int, effectiveCoupling: Double, hopping: Double, effectiveDetuning: Double, opticalLoss: Double,
              mechanicalFrequency: Double, mechanicalDamping: Double, thermalOccupation: Double) throws {
    guard siteCount >= 3 else { throw OptomechanicalLatticeError.invalidParameter(name: "ring size L", value: Double(siteCount), allowed: "≥ 3") }
    try latticeRequire(effectiveCoupling, "|G|", nonNegative: true)
    try latticeRequire(hopping, "hopping J")
    try latticeRequire(effectiveDetuning, "effective detuning Δ̃")
    try latticeRequire(opticalLoss, "optical loss γ_c", positive: true)
    try latticeRequire(mechanicalFrequency, "ω_m", positive: true)
    try latticeRequire(mechanicalDamping, "γ_m", positive: true)
    try latticeRequire(thermalOccupation, "n̄", nonNegative: true)
    self.siteCount = siteCount; self.winding = winding; self.effectiveCoupling = effectiveCoupling; self.hopping = hopping
    self.effectiveDetuning = effectiveDetuning; self.opticalLoss = opticalLoss; self.mechanicalFrequency = mechanicalFrequency
    self.mechanicalDamping = mechanicalDamping; self.thermalOccupation = thermalOccupation
  }

  /// φ = 2πn/L, with n reduced modulo L (sign kept): G_ℓ = |G|e^{iℓφ} depends on φ only modulo 2π, and the
  /// reduction keeps φ exact for any winding number (2π × 10¹⁸/L has no correct digits left in a Double).
  public var phase: Double { 2 * Double.pi * Double(winding % siteCount) / Double(siteCount) }
  /// The pseudo-momenta k_m = 2πm/L, m = 0…L−1.
  public var momenta: [Double] { (0..<siteCount).map { 2 * Double.pi * Double($0) / Double(siteCount) } }
  /// Index of −k_m on the grid.
  public func minus(_ m: Int) -> Int { (siteCount - m) % siteCount }

  /// J_p^(±) = (1/L) Σ_k e^{ikp} |G|²X/(X² + (γ_c/2)²), X = ±ω_m + Δ̃ + J cos k. Reference: paper 002, Eq. (9).
  public func coherentCoupling(distance p: Int, sign: Int) -> Double {
    let g2 = effectiveCoupling * effectiveCoupling, h = opticalLoss / 2
    var s = 0.0
    for k in momenta {
      let x = Double(sign) * mechanicalFrequency + effectiveDetuning + hopping * Double.cos(k)
      s += Double.cos(k * Double(p)) * g2 * x / (x * x + h * h)  // the sine part cancels (k ↔ −k)
    }
    return s / Double(siteCount)
  }

  /// Γ_k(ω) = |G|²γ_c/((ω + J cos(k+φ) + Δ̃)² + (γ_c/2)²). Reference: paper 002, Eq. (10).
  public func rate(momentum k: Double, frequency omega: Double) -> Double {
    let x = omega + hopping * Double.cos(k + phase) + effectiveDetuning, h = opticalLoss / 2
    return effectiveCoupling * effectiveCoupling * opticalLoss / (x * x + h * h)
  }

  /// ω_k = ω_m + Σ_± |G|²X_±/(X_±² + (γ_c/2)²), X_± = ±ω_m + Δ̃ + J cos(k ± φ). Reference: paper 002, Eq. (11).
  public func frequency(momentum k: Double) -> Double {
    var w = mechanicalFrequency
    for s in [1.0, -1.0] {
      let x = s * mechanicalFrequency + effectiveDetuning + hopping * Double.cos(k + s * phase), h = opticalLoss / 2
      w += effectiveCoupling * effectiveCoupling * x / (x * x + h * h)
    }
    return w
  }

  /// Γ_k^(↓) = γ_m(n̄+1) + Γ_k(+ω_m) (jump d̃_k). Reference: paper 002, Eq. (12).
  public func lossRate(_ m: Int) -> Double { mechanicalDamping * (thermalOccupation + 1) + rate(momentum: momenta[m], frequency: mechanicalFrequency) }
  /// Γ_k^(↑) = γ_m n̄ + Γ_k(−ω_m) (jump d̃_{−k}†). Reference: paper 002, Eq. (12).
  public func gainRate(_ m: Int) -> Double { mechanicalDamping * thermalOccupation + rate(momentum: momenta[m], frequency: -mechanicalFrequency) }

  /// min_k (Γ_k^(↓) − Γ_{−k}^(↑)): the effective model is stable iff this is > 0.
  public var stabilityMargin: Double { (0..<siteCount).map { lossRate($0) - gainRate(minus($0)) }.min()! }

  /// ⟨d̃_k†d̃_k⟩ = 1/(Γ_k^(↓)/Γ_{−k}^(↑) − 1). Throws `invalidParameter` if unstable (Γ_k^(↓) ≤ Γ_{−k}^(↑)).
  /// Reference: paper 002, Eq. (14) denominator, Supplement Eq. (S16).
  public func occupations() throws -> [Double] {
    try (0..<siteCount).map { m in
      let down = lossRate(m), up = gainRate(minus(m))
      guard down > up else {
        throw OptomechanicalLatticeError.invalidParameter(name: "net damping Γ↓_k − Γ↑_{−k} at k = \(momenta[m])", value: down - up, allowed: "> 0 (dynamically stable effective model)")
      }
      return up / (down - up)
    }
  }

  /// σ^eff_{ℓℓ'} = ⟨d_ℓ†d_ℓ'⟩ = (1/L) Σ_k e^{−ik(ℓ−ℓ')} n_k. Reference: paper 002, Supplement Eq. (S16).
  public func singleParticleDensityMatrix() throws -> Matrix<Complex<Double>> {
    let n = try occupations(), l = siteCount, ks = momenta
    return Matrix(rows: l, columns: l) { a, b in
      var s = Complex<Double>.zero
      for m in 0..<l { s = s + Complex(n[m], 0) * Complex(length: 1, phase: -ks[m] * Double(a - b)) }
      return s * Complex(1 / Double(l), 0)
    }
  }

  /// Q_{ℓ→ℓ+p}/ω_m in the paper's convention: −Σ_k Σ_± J_p^(±) sin(p(k ± φ)) n_k, for p = 1…⌈L/2⌉−1
  /// (index p−1). Reference: paper 002, Eqs. (13)–(14). Equals half of the physical current through all links of
  /// length p summed over the ring (see `OptomechanicalCurrents`).
  public func currentContributions() throws -> [Double] {
    let n = try occupations(), ks = momenta
    let pMax = (siteCount + 1) / 2 - 1
    return (1...Swift.max(pMax, 1)).map { p in
      var s = 0.0
      for sign in [1, -1] {
        let jp = coherentCoupling(distance: p, sign: sign)
        for m in 0..<siteCount { s -= jp * Double.sin(Double(p) * (ks[m] + Double(sign) * phase)) * n[m] }
      }
      return s
    }
  }

  /// ⟨ĵ_C⟩ = Σ_p Q_{ℓ→ℓ+p}/ω_m (Eq. 14); Q_C = ω_m⟨ĵ_C⟩.
  public func circulatingCurrent() throws -> Double { try currentContributions().reduce(0, +) }
}
