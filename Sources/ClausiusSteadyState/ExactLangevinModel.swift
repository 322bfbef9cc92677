import ClausiusNumerics
import Foundation
import Numerics

/// Errors of the exact Langevin steady state. Each names the parameter, its value and the allowed range.
public enum ExactLangevinError: Error, Equatable, CustomStringConvertible, Sendable {
  case invalidParameter(name: String, value: String, allowed: String)
  /// The static effective potential (K with the counterterm, or K − Σ_α c_α c_αᵀ χ̂_α(0) without)
  /// is not positive definite: the network has no stationary state.
  case unstablePotential(minEigenvalue: Double, counterterm: Bool)
  /// A normal mode at `frequency` couples to no bath (golden-rule width `width` ≤ 1e-14·frequency):
  /// its stationary state is not determined by the baths.
  case undampedMode(frequency: Double, width: Double)
  /// The drift of the network with its baths has an eigenvalue with positive real part `growthRate` (at
  /// frequency `frequency`): the fluctuations grow without bound and there is no steady state.
  case unstableNetwork(growthRate: Double, frequency: Double)
  case numerical(detail: String)

  public var description: String {
    switch self {
    case let .invalidParameter(name, value, allowed):
      return "\(name) = \(value) is not allowed (allowed: \(allowed))"
    case let .unstablePotential(m, ct):
      return "the static potential \(ct ? "K" : "K − Σ_α c_α c_αᵀ χ̂_α(0) (no counterterm)") is not positive definite: smallest eigenvalue \(m) (allowed: > 0); the harmonic network has no stationary state"
    case let .undampedMode(w, g):
      return "the normal mode at frequency \(w) is not damped by any bath (width \(g), relaxation time ≥ 1/width); its steady state is not determined — couple every normal mode to a bath"
    case let .unstableNetwork(g, w):
      return "the network is unstable: a mode at frequency \(w) grows at rate \(g) despite the baths (allowed: every growth rate < 0), so no steady state exists — reduce the squeezing or x–p couplings, or increase the damping"
    case let .numerical(d):
      return "numerical failure: \(d)"
    }
  }
}

/// Bath spectral density J(ω) and retarded dissipation kernel χ̂(ω) (paper 004 Eqs. (5), (29b), (33)).
/// Normalisation of paper 004: J(ω) = π Σ_μ g_μ²/(2 m_μ ω_μ) δ(ω − ω_μ), χ(t) = (2/π) Θ(t) ∫ J(ω) sin ωt dω,
/// χ̂(ω) = ∫ χ(t) e^{iωt} dt, Im χ̂(ω) = J(ω) for ω > 0, χ̂(0) = (2/π) ∫ J(ω)/ω dω.
/// With this normalisation the Markovian (Λ → ∞) damping rate of a node coupled through c = 1 to an
/// Ohmic bath J = λ²ω is γ = λ² (equation of motion Ẍ + γẊ + ω²X = F).
public enum LangevinSpectralDensity: Sendable {
  /// Ohmic with Lorentz–Drude cutoff, J(ω) = λ² ω Λ²/(ω² + Λ²) (paper 004 Eq. (5)),
  /// χ̂(ω) = λ²Λ²/(Λ − iω) (paper 004 text after Eq. (33)), χ̂(0) = λ²Λ.
  case drudeOhmic(lambdaSquared: Double, cutoff: Double)
  /// User-supplied J(ω) (ω > 0) and the subtracted kernel χ̂(ω) − χ̂(0) as (re, im) for ω > 0, plus χ̂(0)
  /// (needed only without counterterm). Consistency Im[χ̂(ω) − χ̂(0)] = J(ω) is the caller's duty
  /// (checked at one frequency). `cutoff` is a characteristic upper frequency used to place quadrature
  /// breakpoints.
  case custom(spectralDensity: @Sendable (Double) -> Double, subtractedResponse: @Sendable (Double) -> (re: Double, im: Double),
              staticResponse: Double, cutoff: Double)

  /// J(ω) for ω > 0.
  public func j(_ w: Double) -> Double {
    switch self {
    case let .drudeOhmic(l2, c): return l2 * w * c * c / (w * w + c * c)
    case let .custom(f, _, _, _): return f(w)
    }
  }

  /// χ̂(ω) − χ̂(0) for real ω > 0. Drude: iωλ²Λ/(Λ − iω) = (−λ²Λω² + iλ²Λ²ω)/(Λ² + ω²).
  public func subtractedResponse(_ w: Double) -> Complex<Double> {
    switch self {
    case let .drudeOhmic(l2, c):
      let d = c * c + w * w
      return Complex(-l2 * c * w * w / d, l2 * c * c * w / d)
    case let .custom(_, r, _, _):
      let v = r(w); return Complex(v.re, v.im)
    }
  }

  /// χ̂(0) = (2/π) ∫₀^∞ J(ω)/ω dω; Drude: λ²Λ (paper 004 Sec. III prints the prefactor as π⁻¹, a
  /// misprint: with π⁻¹ the Drude shift would be λ²Λ/2, not the λ²Λ the paper states).
  public var staticResponse: Double {
    switch self {
    case let .drudeOhmic(l2, c): return l2 * c
    case let .custom(_, _, s, _): return s
    }
  }

  /// Characteristic high frequency (Λ).
  public var cutoff: Double {
    switch self {
    case let .drudeOhmic(_, c): return c
    case let .custom(_, _, _, c): return c
    }
  }
}

/// One heat bath: position coupling H_int = −(c · X) ⊗ B (paper 004 Eq. (4) with c = e_α), spectral
/// density J and temperature T ≥ 0.
public struct LangevinBath: Sendable {
  /// Coupling vector c (length N): the bath couples to Σ_i c_i X_i.
  public let coupling: [Double]
  public let spectralDensity: LangevinSpectralDensity
  public let temperature: Double

  public init(coupling: [Double], spectralDensity: LangevinSpectralDensity, temperature: Double) {
    self.coupling = coupling; self.spectralDensity = spectralDensity; self.temperature = temperature
  }

  /// A bath on a single node (c = e_node).
  public init(node: Int, nodes: Int, spectralDensity: LangevinSpectralDensity, temperature: Double) {
    var c = [Double](repeating: 0, count: nodes); if node >= 0 && node < nodes { c[node] = 1 } else { c = [] }
    self.init(coupling: c, spectralDensity: spectralDensity, temperature: temperature)
  }

  /// The node index if c is a unit vector on one node, else nil.
  public var singleNode: Int? {
    let nz = coupling.indices.filter { coupling[$0] != 0 }
    return nz.count == 1 && coupling[nz[0]] == 1 ? nz[0] : nil
  }
}
