import Foundation

/// A model parameter as a function of time f(t) (issue 17; model-file syntax in docs/model-format.md, "Time-dependent
/// parameters"):
///  - `.constant(v)`: f = v;
///  - `.sinusoid(value: v, amplitude: A, frequency: Ω, phase: φ)`: f(t) = v + A sin(Ωt + φ) (a cosine is φ = π/2);
///  - `.table(times:, values:, interpolation:)`: through the points (t_i, f_i), t_i strictly increasing — linear between
///    them (`.linear`) or held until the next point (`.step`: f(t) = f_i for t_i ≤ t < t_{i+1}); constant f_0 before
///    t_0 and f_last after the last point.
/// `derivative(t)` is f′(t) (right derivative at the table's corners; a step has f′ = 0 between its jumps, and the jumps
/// are listed in `jumps`). `breakpoints`: the times where f or f′ is discontinuous (an ODE integrator restarts there).
public enum TimeFunction: Sendable, Equatable {
  public enum Interpolation: String, Sendable, Equatable, CaseIterable { case linear, step }
  case constant(Double)
  case sinusoid(value: Double, amplitude: Double, frequency: Double, phase: Double)
  case table(times: [Double], values: [Double], interpolation: Interpolation)

  public var isConstant: Bool {
    switch self {
    case .constant: return true
    case let .sinusoid(_, a, w, _): return a == 0 || w == 0
    case let .table(_, v, _): return v.allSatisfy { $0 == v[0] }
    }
  }

  /// f(t).
  public func callAsFunction(_ t: Double) -> Double {
    switch self {
    case let .constant(v): return v
    case let .sinusoid(v, a, w, p): return v + a * sin(w * t + p)
    case let .table(ts, vs, interp):
      if t <= ts[0] { return vs[0] }
      if t >= ts[ts.count - 1] { return vs[vs.count - 1] }
      let i = Self.segment(ts, t)
      switch interp {
      case .step: return vs[i]
      case .linear: return vs[i] + (vs[i + 1] - vs[i]) * (t - ts[i]) / (ts[i + 1] - ts[i])
      }
    }
  }

  /// f′(t) (0 on a step's flat parts).
  public func derivative(_ t: Double) -> Double {
    switch self {
    case .constant: return 0
    case let .sinusoid(_, a, w, p): return a * w * cos(w * t + p)
    case let .table(ts, vs, interp):
      guard interp == .linear, t >= ts[0], t < ts[ts.count - 1] else { return 0 }
      let i = Self.segment(ts, t)
      return (vs[i + 1] - vs[i]) / (ts[i + 1] - ts[i])
    }
  }

  /// The index i with ts[i] ≤ t < ts[i+1] (t inside the table's range).
  static func segment(_ ts: [Double], _ t: Double) -> Int {
    var lo = 0, hi = ts.count - 1
    while hi - lo > 1 { let mid = (lo + hi) / 2; if ts[mid] <= t { lo = mid } else { hi = mid } }
    return lo
  }

  /// Times where f (steps) or f′ (linear tables) is discontinuous.
  public var breakpoints: [Double] {
    if case let .table(ts, _, _) = self { return ts }
    return []
  }

  /// The jumps f(t⁺) − f(t⁻) of a step table, at its times t_i (i ≥ 1).
  public var jumps: [(time: Double, size: Double)] {
    guard case let .table(ts, vs, .step) = self else { return [] }
    var out: [(time: Double, size: Double)] = []
    for i in 1..<max(1, ts.count) where vs[i] != vs[i - 1] { out.append((ts[i], vs[i] - vs[i - 1])) }
    return out
  }

  /// The smallest and largest value f takes.
  public var range: ClosedRange<Double> {
    switch self {
    case let .constant(v): return v...v
    case let .sinusoid(v, a, w, _): return w == 0 ? v...v : (v - abs(a))...(v + abs(a))
    case let .table(_, vs, _): return vs.min()!...vs.max()!
    }
  }

  /// The period 2π/Ω of a sinusoid (nil otherwise).
  public var period: Double? {
    if case let .sinusoid(_, a, w, _) = self, a != 0, w != 0 { return 2 * Double.pi / abs(w) }
    return nil
  }

  /// A check of the definition; returns what is wrong (nil: fine).
  public var problem: String? {
    switch self {
    case let .constant(v): return v.isFinite ? nil : "the value is not finite"
    case let .sinusoid(v, a, w, p):
      return [v, a, w, p].allSatisfy(\.isFinite) ? nil : "value, amplitude, frequency and phase must be finite"
    case let .table(ts, vs, _):
      guard ts.count == vs.count, ts.count >= 1 else { return "the table needs at least one [time, value] pair" }
      guard ts.allSatisfy(\.isFinite), vs.allSatisfy(\.isFinite) else { return "the table has a non-finite entry" }
      for i in 1..<max(1, ts.count) where !(ts[i] > ts[i - 1]) { return "the table's times must increase strictly (\(ts[i - 1]) then \(ts[i]))" }
      return nil
    }
  }
}

/// The common period of several time functions: the sinusoids' periods when they are all equal (within 1e-12
/// relative), nil when there is none or they differ (then a stroboscopic run needs `--period`). Tables do not count:
/// they are constant after their last point, so the motion is periodic from there on.
public func commonPeriod(_ fs: [TimeFunction]) -> Double? {
  let ps = fs.compactMap(\.period)
  guard let p = ps.first else { return nil }
  return ps.allSatisfy { abs($0 - p) <= 1e-12 * p } ? p : nil
}
