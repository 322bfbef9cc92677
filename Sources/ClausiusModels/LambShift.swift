import ClausiusNumerics
import Foundation

/// The Lamb shift of a thermal bosonic bath (docs/conventions.md, "Lamb shift").
///
/// The one-sided transform of the bath correlation is Γ(ω) = ½γ(ω) + iS(ω) (Breuer & Petruccione, *The Theory of Open
/// Quantum Systems*, 2002, Eqs. 3.137–3.139), with γ(ω) = 2J(ω)(n̄(ω) + 1) for all real ω (J odd, so that
/// γ(−ω) = 2J(ω)n̄(ω), the rates of docs/conventions.md) and
///
///     S(ω) = (1/2π) P∫ γ(ω′)/(ω − ω′) dω′
///          = (1/π) [ P∫_0^∞ J(x)(n̄(x) + 1)/(ω − x) dx + P∫_0^∞ J(x) n̄(x)/(ω + x) dx ],
///     S(0) = −(1/π) ∫_0^∞ J(x)/x dx   (the two thermal parts cancel at ω = 0).
///
/// It enters the global (Davies) equation as H_LS = Σ_ω S(ω) A†(ω)A(ω) (B&P Eq. 3.142) and the Redfield equation
/// through Λ = Σ_ω Γ(ω)A(ω). Finite only when J vanishes at 0 at least linearly for T > 0 (else γ ~ 2J(0)T/|ω′|
/// is not integrable at ω′ = 0) and decays at ∞ (else the integral diverges logarithmically): the flat density is
/// refused, the Lorentzian (J(0) > 0) only at T = 0, a table is taken as J = 0 outside its range.
extension SpectralDensity {
  /// S(ω) of this density at temperature `temperature` (see the extension's comment); |ω| ≤ `zeroTolerance` is ω = 0.
  /// Adaptive Gauss–Kronrod (relative 1e-11) with the singular point subtracted:
  /// P∫_0^∞ f(x)/(c − x) dx = ∫_0^{2c} (f(x) − f(c))/(c − x) dx + ∫_{2c}^∞ f(x)/(c − x) dx (c > 0; the subtracted
  /// term's principal value over [0, 2c] is 0). Throws when the integral diverges or does not converge.
  public func lambShift(_ omega: Double, temperature t: Double, zeroTolerance: Double = 0) throws -> Double {
    let upper: Double?   // J = 0 above (tables)
    var scales: [Double] = []
    switch kind {
    case let .flat(k):
      if k == 0 { return 0 }
      throw ModelError.invalidParameter(name: "Lamb shift of a flat spectral density (P∫ κ/(ω − x) dx diverges logarithmically at x → ∞)", value: k,
                                        allowed: "a density with a cutoff: ohmic-drude, ohmic, lorentzian (at T = 0) or table")
    case let .ohmicDrude(_, c), let .ohmicExponential(_, c, _): scales = [c, 10 * c, 100 * c]; upper = nil
    case let .lorentzian(p, w0, w):
      if p == 0 { return 0 }
      guard t == 0 else {
        throw ModelError.invalidParameter(name: "Lamb shift of a Lorentzian density at T = \(t) (J(0) > 0: γ(ω′) ≈ 2J(0)T/|ω′| is not integrable at ω′ = 0)", value: t,
                                          allowed: "T = 0, or a density with J(0) = 0 (ohmic-drude, ohmic, table starting at J = 0)")
      }
      scales = [max(w0 - 10 * w, 0), max(w0 - w, 0), w0, w0 + w, w0 + 10 * w, w0 + 100 * w]; upper = nil
    case let .tabulated(_, w, v):
      if t > 0, w[0] == 0, v[0] > 0 {
        throw ModelError.invalidParameter(name: "Lamb shift of a table with J(0) = \(v[0]) > 0 at T = \(t) (γ(ω′) ≈ 2J(0)T/|ω′| is not integrable at ω′ = 0)", value: v[0],
                                          allowed: "a table with J = 0 at ω = 0, or T = 0")
      }
      scales = w; upper = w.last!
    case let .custom(name):
      throw ModelError.invalidParameter(name: "Lamb shift of the custom density \(name) (no known range or cutoff)", value: .nan, allowed: "a built-in density")
    }
    if t > 0 { scales += [t, 10 * t] }
    // J(x) with the table's outside taken as 0.
    func j(_ x: Double) -> Double {
      guard x > 0 else { return 0 }
      if let top = upper, case let .tabulated(_, w, _) = kind, x < w[0] || x > top { return 0 }
      return function(x)
    }
    func nBar(_ x: Double) -> Double { Conventions.boseEinstein(frequency: x, temperature: t) }
    let quadrature = AdaptiveGaussKronrod(relativeTolerance: 1e-11, absoluteTolerance: 1e-300, maxIntervals: 20_000)
    /// ∫ over [0, end] (or [0, ∞) when `upper` is nil) of g, with breakpoints at `extra` and the density's scales.
    func integral(_ extra: [Double], _ g: @escaping (Double) -> Double) throws -> Double {
      var pts = ([0] + extra + scales).filter { x in x >= 0 && (upper.map { x <= $0 } ?? true) }.sorted()
      pts = pts.reduce(into: [Double]()) { if $0.isEmpty || $1 > $0.last! * (1 + 1e-12) { $0.append($1) } }
      if pts.count < 2 { pts.append(upper ?? max(1, pts[0] * 2)) }
      let r = quadrature.integrate(count: 1, groups: [0], points: pts, tail: upper == nil) { [g($0)] }
      guard r.converged, r.values[0].isFinite else {
        throw ModelError.invalidParameter(name: "Lamb shift of \(self) at ω = \(omega), T = \(t): the principal-value integral did not converge (error \(r.errors[0]))",
                                          value: r.values[0], allowed: "a convergent integral")
      }
      return r.values[0]
    }
    /// P∫_0^∞ f(x)/(c − x) dx.
    /// A table ending at `top` < 2c: the subtracted term's principal value over [0, top] is f(c) ln(c/(top − c)).
    func pv(_ f: @escaping (Double) -> Double, _ c: Double) throws -> Double {
      guard c > 0, upper.map({ c < $0 }) ?? true else { return try integral([], { x in f(x) / (c - x) }) }
      let fc = f(c)
      let window = try integral([c, 2 * c], { x in x < 2 * c ? (x == c ? 0 : (f(x) - fc) / (c - x)) : f(x) / (c - x) })
      guard let top = upper, top < 2 * c else { return window }
      return window + fc * Foundation.log(c / (top - c))
    }
    if abs(omega) <= zeroTolerance {
      var jAtZero = 0.0
      if case let .lorentzian(p, w0, w) = kind { jAtZero = p * w * w / 4 / (w0 * w0 + w * w / 4) }
      if case let .tabulated(_, w, v) = kind, w[0] == 0 { jAtZero = v[0] }
      guard jAtZero == 0 else {
        throw ModelError.invalidParameter(name: "Lamb shift S(0) of \(self) (−(1/π)∫J(x)/x dx diverges at x → 0: J(0) > 0)", value: 0,
                                          allowed: "a density with J(0) = 0 when S has a zero-frequency component")
      }
      return -(try integral([], { x in j(x) / x })) / .pi
    }
    let emission = try pv({ x in j(x) * (nBar(x) + 1) }, omega)
    let absorption = t == 0 ? 0 : try pv({ x in j(x) * nBar(x) }, -omega)
    return (emission - absorption) / .pi
  }
}

extension OpenSystem.Bath {
  /// S(ω) of this bath (`SpectralDensity.lambShift` at its temperature); errors name the bath.
  public func lambShift(_ omega: Double, zeroTolerance: Double) throws -> Double {
    do { return try spectralDensity.lambShift(omega, temperature: temperature, zeroTolerance: zeroTolerance) } catch let ModelError.invalidParameter(what, value, allowed) {
      throw ModelError.invalidParameter(name: "bath '\(name)': \(what)", value: value, allowed: allowed)
    }
  }
}
