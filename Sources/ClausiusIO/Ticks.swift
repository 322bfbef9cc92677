import ClausiusPapers
import Foundation

/// The ticks of one axis: limits, major ticks with labels, minor ticks, and a common power of ten
/// factored out of linear tick labels (shown in the axis title as "×10ᵏ").
public struct AxisTicks: Sendable, Equatable {
  /// Axis limits in data coordinates (positive on a log axis).
  public var lower: Double
  public var upper: Double
  public var scale: Figure.Scale
  public var major: [Double]
  /// One label per major tick (Unicode minus sign, 10ᵏ on log axes).
  public var labels: [String]
  public var minor: [Double]
  /// Linear axes: labels show value / 10^multiplierExponent; 0 when no factor is taken out.
  public var multiplierExponent: Int

  /// Position of `value` as a fraction of the axis length (0 at `lower`, 1 at `upper`); NaN when the
  /// value cannot be placed (non-positive on a log axis).
  public func fraction(_ value: Double) -> Double {
    switch scale {
    case .linear: return (value - lower) / (upper - lower)
    case .log:
      guard value > 0 else { return .nan }
      return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }
  }
}

/// Tick placement. Linear axes use Heckbert's "nice numbers" (Graphics Gems I, 1990): steps of
/// 1, 2 or 5 × 10ᵏ, limits rounded outwards to a tick ("loose labelling") unless fixed. Log axes put
/// major ticks on decades (every s-th decade when more than seven are spanned) with minor ticks at
/// 2…9 × 10ᵏ.
public enum TickGenerator {
  /// Heckbert's nice number near `x` > 0: rounded (1, 2, 5, 10 by thresholds 1.5, 3, 7) or the
  /// smallest nice number ≥ x (ceiling).
  public static func niceNumber(_ x: Double, round: Bool) -> Double {
    let exponent = floor(log10(x))
    let f = x / pow(10, exponent)
    let nf: Double
    if round { nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10 } else { nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10 }
    return nf * pow(10, exponent)
  }

  /// Ticks for a linear axis covering `[dataMin, dataMax]` (either may be nil when there is no data),
  /// with optional fixed limits and about `targetCount` major ticks.
  public static func linear(dataMin: Double?, dataMax: Double?, lower fixedLower: Double? = nil, upper fixedUpper: Double? = nil,
                            targetCount: Int = 5) -> AxisTicks {
    var lo = fixedLower ?? dataMin ?? 0, hi = fixedUpper ?? dataMax ?? 1
    if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
    if lo > hi { swap(&lo, &hi) }
    var fixedLo = fixedLower != nil && fixedLower!.isFinite, fixedHi = fixedUpper != nil && fixedUpper!.isFinite
    if hi == lo {  // a single point or a constant series: open a window around it
      let delta = lo == 0 ? 1 : abs(lo) * 0.1
      lo -= delta; hi += delta; fixedLo = false; fixedHi = false
    }
    let range = niceNumber(hi - lo, round: false)
    let step = niceNumber(range / Double(max(1, targetCount - 1)), round: true)
    // Loose limits; data within 10⁻⁶ of a step beyond a tick (round-off such as −10⁻¹⁸ for a zero
    // current) do not open another tick interval.
    let lower = fixedLo ? lo : floor(lo / step + 1e-6) * step
    let upper = fixedHi ? hi : ceil(hi / step - 1e-6) * step
    let kMin = Int(ceil(lower / step - 1e-9)), kMax = Int(floor(upper / step + 1e-9))
    let major = (kMin...max(kMin, kMax)).map { Double($0) * step }.filter { $0 >= lower - 1e-9 * step && $0 <= upper + 1e-9 * step }
    let mantissa = step / pow(10, floor(log10(step)))
    let subdivisions = abs(mantissa - 2) < 1e-9 ? 4 : 5
    let minorStep = step / Double(subdivisions)
    let mMin = Int(ceil(lower / minorStep - 1e-9)), mMax = Int(floor(upper / minorStep + 1e-9))
    let minor = (mMin...max(mMin, mMax)).filter { $0 % subdivisions != 0 }.map { Double($0) * minorStep }
    let maxAbs = major.map(abs).max() ?? 0
    var exponent = 0
    if maxAbs >= 1e4 || (maxAbs > 0 && maxAbs < 1e-2) { exponent = Int(floor(log10(maxAbs))) }
    let scaledStep = step / pow(10, Double(exponent))
    let decimals = max(0, -Int(floor(log10(scaledStep) + 1e-9)))
    let labels = major.map { formatFixed($0 / pow(10, Double(exponent)), decimals: decimals) }
    return AxisTicks(lower: lower, upper: upper, scale: .linear, major: major, labels: labels, minor: minor, multiplierExponent: exponent)
  }

  /// Ticks for a log axis covering positive data `[dataMin, dataMax]`, with optional fixed (positive)
  /// limits.
  public static func log(dataMin: Double?, dataMax: Double?, lower fixedLower: Double? = nil, upper fixedUpper: Double? = nil) -> AxisTicks {
    let fl = fixedLower.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }, fu = fixedUpper.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
    var lo = fl ?? dataMin ?? 1, hi = fu ?? dataMax ?? 10
    if !(lo > 0 && hi > 0 && lo.isFinite && hi.isFinite) { lo = 1; hi = 10 }
    if lo > hi { swap(&lo, &hi) }
    var dMin = Int(floor(log10(lo) + 1e-12)), dMax = Int(ceil(log10(hi) - 1e-12))
    if dMax <= dMin { dMax = dMin + 1 }
    let lower = fl ?? pow(10, Double(dMin)), upper = fu ?? pow(10, Double(dMax))
    dMin = Int(floor(log10(lower) + 1e-12)); dMax = Int(ceil(log10(upper) - 1e-12))
    let inRange: (Double) -> Bool = { $0 >= lower * (1 - 1e-12) && $0 <= upper * (1 + 1e-12) }
    let decades = dMax - dMin
    // Label every s-th decade, s from a nice set, at most about seven labels; minor ticks at 2…9 × 10ᵏ
    // (s = 1, up to 15 decades), at the unlabelled decades (s ≤ 10) or at multiples of s/5.
    let every = [1, 2, 3, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].first { Double($0) >= Double(decades) / 7 } ?? 1000
    let minorEvery = every <= 10 ? 1 : every / 5
    var major: [Double] = [], minor: [Double] = []
    for k in dMin...dMax {
      let v = pow(10, Double(k))
      if k % every == 0 { if inRange(v) { major.append(v) } } else if k % minorEvery == 0, inRange(v) { minor.append(v) }
      if every == 1 && decades <= 15 { for m in 2...9 { let w = Double(m) * v; if inRange(w) { minor.append(w) } } }
    }
    if major.count < 2 {
      // Less than a decade between fixed limits: label 1, 2, 5 × 10ᵏ in plain numbers.
      major = []; minor = []
      for k in dMin...dMax { for m in [1.0, 2, 5] { let v = m * pow(10, Double(k)); if inRange(v) { major.append(v) } } }
      for k in dMin...dMax { for m in [3.0, 4, 6, 7, 8, 9] { let v = m * pow(10, Double(k)); if inRange(v) { minor.append(v) } } }
      let labels = major.map { formatShort($0) }
      return AxisTicks(lower: lower, upper: upper, scale: .log, major: major, labels: labels, minor: minor, multiplierExponent: 0)
    }
    let labels = major.map { "10" + superscript(Int((log10($0)).rounded())) }
    return AxisTicks(lower: lower, upper: upper, scale: .log, major: major, labels: labels, minor: minor, multiplierExponent: 0)
  }

  /// `value` with `decimals` digits after the point, the Unicode minus sign (U+2212), and no "−0".
  public static func formatFixed(_ value: Double, decimals: Int) -> String {
    var s = String(format: "%.\(decimals)f", value)
    if s.hasPrefix("-") {
      if Double(s) == 0 { s.removeFirst() } else { s = "\u{2212}" + s.dropFirst() }
    }
    return s
  }

  /// A compact number for labels (at most four significant digits, exponent form when far from 1).
  public static func formatShort(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
    let a = abs(value)
    var s: String
    if a != 0 && (a >= 1e5 || a < 1e-3) {
      let e = Int(floor(log10(a)))
      var m = String(format: "%.3g", value / pow(10, Double(e)))
      if m.hasPrefix("-") { m = "\u{2212}" + m.dropFirst() }
      return "\(m)×10" + superscript(e)
    }
    s = String(format: "%.4g", value)
    if s.hasPrefix("-") { s = "\u{2212}" + s.dropFirst() }
    return s
  }

  /// An integer in Unicode superscript digits, e.g. −3 → "⁻³".
  public static func superscript(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    return (n < 0 ? "⁻" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
  }
}
