/// Spectral density J(ω) of a bosonic bath, in the normalisation of paper 004:
/// J(ω) = π Σ_μ g_μ² / (2 m_μ ω_μ) δ(ω − ω_μ) for a system–bath coupling −S ⊗ Σ_μ g_μ x_μ.
/// With it, a transition of the system at Bohr frequency ω > 0 whose eigenoperator is
/// L^ω = c·ã (S = Σ c ã + h.c.) is driven at the emission rate 2J(ω)|c|²(n̄(ω) + 1) and the
/// absorption rate 2J(ω)|c|² n̄(ω). Units: J has units of frequency × (units of S)⁻².
///
/// Reference: paper 004, Eqs. (5) and (19): γ_α(ω) = 2J(ω)[1 + n_α(ω)], γ_α(−ω) = e^{−ω/T} γ_α(ω).
public struct SpectralDensity: Sendable, CustomStringConvertible {
  /// The family, with its parameters.
  public enum Kind: Sendable, Equatable {
    /// J(ω) = κ. With the default coupling through the quadrature x_i = (a_i + a_i†)/√2 the local
    /// energy-damping rate of the mode is κ: κ(n̄+1) D[a] + κ n̄ D[a†] (paper 003, Eq. 5 with γ = κ).
    case flat(rate: Double)
    /// J(ω) = λ² ω Λ²/(ω² + Λ²) (paper 004, Eq. 5), Ohmic with Lorentz–Drude cutoff Λ.
    case ohmicDrude(lambda: Double, cutoff: Double)
    /// A user closure.
    case custom(name: String)
  }

  public let kind: Kind
  let function: @Sendable (Double) -> Double

  /// Flat J(ω) = κ; throws unless κ ≥ 0 and finite.
  public static func flat(rate kappa: Double) throws -> SpectralDensity {
    try require(kappa, "flat spectral density rate κ", nonNegative: true)
    return SpectralDensity(kind: .flat(rate: kappa), function: { _ in kappa })
  }

  /// Ohmic with Lorentz–Drude cutoff, J(ω) = λ² ω Λ²/(ω² + Λ²). Reference: paper 004, Eq. (5).
  public static func ohmicDrude(lambda: Double, cutoff: Double) throws -> SpectralDensity {
    try require(lambda, "Ohmic coupling λ", nonNegative: true)
    try require(cutoff, "Ohmic cutoff Λ", positive: true)
    let l2 = lambda * lambda, c2 = cutoff * cutoff
    return SpectralDensity(kind: .ohmicDrude(lambda: lambda, cutoff: cutoff), function: { w in l2 * w * c2 / (w * w + c2) })
  }

  /// A user-supplied J(ω) (evaluated only at ω > 0; must return a finite value ≥ 0 there).
  public static func custom(name: String, _ j: @escaping @Sendable (Double) -> Double) -> SpectralDensity {
    SpectralDensity(kind: .custom(name: name), function: j)
  }

  /// J(ω) for ω > 0, validated (finite, ≥ 0).
  public func callAsFunction(_ omega: Double) throws -> Double {
    try require(omega, "Bohr frequency ω passed to J(ω)", positive: true)
    let v = function(omega)
    guard v.isFinite, v >= 0 else {
      throw ModelError.invalidParameter(name: "J(\(omega)) of \(self)", value: v, allowed: "finite and ≥ 0")
    }
    return v
  }

  public var description: String {
    switch kind {
    case let .flat(k): return "flat(κ = \(k))"
    case let .ohmicDrude(l, c): return "ohmicDrude(λ = \(l), Λ = \(c))"
    case let .custom(n): return "custom(\(n))"
    }
  }
}
