import Foundation
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
    /// J(ω) = λ² ω (ω/Λ)^{s−1} e^{−ω/Λ}: Ohmic (s = 1), sub-Ohmic (s < 1) or super-Ohmic (s > 1) with an
    /// exponential cutoff Λ; for s = 1 and ω ≪ Λ it agrees with the Drude form's λ²ω.
    case ohmicExponential(lambda: Double, cutoff: Double, exponent: Double)
    /// J(ω) = κ (w/2)²/((ω − ω₀)² + (w/2)²): a Lorentzian of peak κ at ω₀ and full width w (a damped bath mode).
    case lorentzian(peak: Double, center: Double, width: Double)
    /// J(ω) interpolated linearly between tabulated points (ω_k, J_k), ω_k increasing; an error outside [ω_0, ω_last].
    case tabulated(name: String, frequencies: [Double], values: [Double])
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

  /// J(ω) = λ² ω (ω/Λ)^{s−1} e^{−ω/Λ} (exponent s > 0).
  public static func ohmicExponential(lambda: Double, cutoff: Double, exponent: Double) throws -> SpectralDensity {
    try require(lambda, "Ohmic coupling λ", nonNegative: true)
    try require(cutoff, "Ohmic cutoff Λ", positive: true)
    try require(exponent, "Ohmic exponent s", positive: true)
    let l2 = lambda * lambda
    return SpectralDensity(kind: .ohmicExponential(lambda: lambda, cutoff: cutoff, exponent: exponent),
                           function: { w in l2 * w * pow(w / cutoff, exponent - 1) * exp(-w / cutoff) })
  }

  /// J(ω) = κ (w/2)²/((ω − ω₀)² + (w/2)²).
  public static func lorentzian(peak: Double, center: Double, width: Double) throws -> SpectralDensity {
    try require(peak, "Lorentzian peak κ", nonNegative: true)
    try require(center, "Lorentzian centre ω₀", nonNegative: true)
    try require(width, "Lorentzian width w", positive: true)
    let h2 = width * width / 4
    return SpectralDensity(kind: .lorentzian(peak: peak, center: center, width: width),
                           function: { w in peak * h2 / ((w - center) * (w - center) + h2) })
  }

  /// J(ω) by linear interpolation of (frequencies[k], values[k]); frequencies strictly increasing, values ≥ 0.
  /// Outside the table J is NaN, which `callAsFunction` reports as an error naming the range.
  public static func tabulated(name: String, frequencies: [Double], values: [Double]) throws -> SpectralDensity {
    guard frequencies.count == values.count, frequencies.count >= 2 else {
      throw ModelError.invalidParameter(name: "table \(name): number of points", value: Double(frequencies.count), allowed: "≥ 2, as many J values as frequencies")
    }
    for (k, w) in frequencies.enumerated() {
      try require(w, "table \(name): frequency \(k)", nonNegative: true)
      try require(values[k], "table \(name): J at row \(k)", nonNegative: true)
      if k > 0, w <= frequencies[k - 1] {
        throw ModelError.invalidParameter(name: "table \(name): frequency \(k)", value: w, allowed: "strictly increasing")
      }
    }
    return SpectralDensity(kind: .tabulated(name: name, frequencies: frequencies, values: values), function: { w in
      guard w >= frequencies.first!, w <= frequencies.last! else { return .nan }
      var lo = 0, hi = frequencies.count - 1
      while hi - lo > 1 { let mid = (lo + hi) / 2; if frequencies[mid] <= w { lo = mid } else { hi = mid } }
      let t = (w - frequencies[lo]) / (frequencies[hi] - frequencies[lo])
      return values[lo] + t * (values[hi] - values[lo])
    })
  }

  /// lim_{ω→0⁺} J(ω)/ω when it is finite: the slope that sets the zero-frequency (dephasing) rate
  /// γ(0) = lim 2J(ω)(n̄(ω) + 1) = 2T · slope. nil when J(ω)/ω diverges (flat, Lorentzian with κ > 0, sub-Ohmic,
  /// a table with J(0) > 0) or is unknown (custom). Ohmic–Drude: λ²; Ohmic exponential: λ² (s = 1), 0 (s > 1).
  public var zeroFrequencySlope: Double? {
    switch kind {
    case let .flat(k): return k == 0 ? 0 : nil
    case let .ohmicDrude(l, _): return l * l
    case let .ohmicExponential(l, _, s): return s == 1 ? l * l : (s > 1 ? 0 : (l == 0 ? 0 : nil))
    case let .lorentzian(p, _, _): return p == 0 ? 0 : nil
    case let .tabulated(_, w, v):
      guard w[0] == 0, v[0] == 0 else { return nil }
      return v[1] / w[1]
    case .custom: return nil
    }
  }

  /// A user-supplied J(ω) (evaluated only at ω > 0; must return a finite value ≥ 0 there).
  public static func custom(name: String, _ j: @escaping @Sendable (Double) -> Double) -> SpectralDensity {
    SpectralDensity(kind: .custom(name: name), function: j)
  }

  /// J(ω) for ω > 0, validated (finite, ≥ 0).
  public func callAsFunction(_ omega: Double) throws -> Double {
    try require(omega, "Bohr frequency ω passed to J(ω)", positive: true)
    let v = function(omega)
    if v.isNaN, case let .tabulated(name, w, _) = kind {
      throw ModelError.invalidParameter(name: "J(ω) of table \(name) at ω = \(omega)", value: omega, allowed: "ω in the table's range \(w.first!)…\(w.last!)")
    }
    guard v.isFinite, v >= 0 else {
      throw ModelError.invalidParameter(name: "J(\(omega)) of \(self)", value: v, allowed: "finite and ≥ 0")
    }
    return v
  }

  public var description: String {
    switch kind {
    case let .flat(k): return "flat(κ = \(k))"
    case let .ohmicDrude(l, c): return "ohmicDrude(λ = \(l), Λ = \(c))"
    case let .ohmicExponential(l, c, e): return "ohmic(λ = \(l), Λ = \(c), s = \(e))"
    case let .lorentzian(p, c, w): return "lorentzian(κ = \(p), ω₀ = \(c), w = \(w))"
    case let .tabulated(n, w, _): return "table(\(n), \(w.count) points)"
    case let .custom(n): return "custom(\(n))"
    }
  }
}
