import ClausiusPapers
import Foundation

/// A colour map: 33 sRGB anchors at equal spacing, interpolated linearly in sRGB (the anchors are close
/// enough, ΔE < 1 between neighbours' midpoints, that the interpolation keeps the map's lightness profile).
///
/// - `viridis`: the perceptually uniform sequential map of matplotlib 2.0 (S. van der Walt, N. Smith,
///   2015); lightness L* increases monotonically from dark purple to yellow, readable in greyscale and
///   by colour-blind readers. Used for one-signed data and log colour scales.
/// - `diverging`: cmocean "balance" (K. Thyng et al., Oceanography 29, 9 (2016)), perceptually uniform
///   on each side: L* rises from dark blue (most negative) to the near-white centre (z = 0) and falls to
///   dark red (most positive). Used, centred on 0 with symmetric limits ±max|z|, for signed data such as
///   heat currents (blue: negative, i.e. out of the system; red: positive, into the system).
///
/// Anchors sampled at t = k/32 from matplotlib 3.11 (`viridis`) and cmocean 3.0 (`balance`).
public struct ColorMap: Sendable, Equatable {
  public let name: String
  /// 0xRRGGBB at t = k/(count − 1).
  public let anchors: [UInt32]

  public static let viridis = ColorMap(name: "viridis", anchors: [
    0x440154, 0x470D60, 0x48186A, 0x482374, 0x472D7B, 0x453781, 0x424086, 0x3E4989, 0x3B528B, 0x375B8D, 0x33638D,
    0x2F6B8E, 0x2C728E, 0x297A8E, 0x26828E, 0x23898E, 0x21918C, 0x1F988B, 0x1FA088, 0x22A785, 0x28AE80, 0x32B67A,
    0x3FBC73, 0x4EC36B, 0x5EC962, 0x70CF57, 0x84D44B, 0x98D83E, 0xADDC30, 0xC2DF23, 0xD8E219, 0xECE51B, 0xFDE725,
  ])

  public static let diverging = ColorMap(name: "balance (diverging)", anchors: [
    0x181C43, 0x20275B, 0x263276, 0x293C93, 0x2548B0, 0x1059BE, 0x0F6ABD, 0x237ABA, 0x3888BA, 0x4E95BA, 0x65A2BC,
    0x7EAEBF, 0x98BAC5, 0xB0C5CD, 0xC7D2D7, 0xDEE0E1, 0xF1ECEB, 0xE9D9D5, 0xE2C7BE, 0xDCB4A7, 0xD7A290, 0xD18F79,
    0xCC7D63, 0xC66B4D, 0xBF573A, 0xB8432B, 0xAE2E24, 0x9F1B26, 0x8D1029, 0x780E28, 0x630E23, 0x4E0D1B, 0x3C0912,
  ])

  /// sRGB components in [0, 1] at t ∈ [0, 1] (clamped; a non-finite t gives the centre colour — callers
  /// draw missing cells separately).
  public func rgb(_ t: Double) -> (r: Double, g: Double, b: Double) {
    let u = t.isFinite ? min(1, max(0, t)) : 0.5
    let s = u * Double(anchors.count - 1)
    let k = min(anchors.count - 2, Int(s.rounded(.down)))
    let f = s - Double(k)
    func comp(_ c: UInt32, _ shift: UInt32) -> Double { Double((c >> shift) & 0xFF) / 255 }
    let a = anchors[k], b = anchors[k + 1]
    return ((1 - f) * comp(a, 16) + f * comp(b, 16), (1 - f) * comp(a, 8) + f * comp(b, 8), (1 - f) * comp(a, 0) + f * comp(b, 0))
  }

  /// "#rrggbb" at t ∈ [0, 1].
  public func hex(_ t: Double) -> String {
    let c = rgb(t)
    func byte(_ v: Double) -> Int { Int((v * 255).rounded()) }
    return String(format: "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b))
  }
}

/// The colour scale of one heat map: map, limits and ticks, chosen from the data and the figure's wishes.
public struct ColorScale: Sendable {
  public var map: ColorMap
  /// True for the diverging map (limits symmetric about 0).
  public var isDiverging: Bool
  public var ticks: AxisTicks
  /// Why the automatic choice was overridden (e.g. diverging requested with a log scale).
  public var notes: [String]

  /// t ∈ [0, 1] along the bar for value z (NaN when z cannot be coloured: non-finite, or ≤ 0 on a log scale).
  public func position(_ z: Double) -> Double {
    guard z.isFinite else { return .nan }
    let t = ticks.fraction(z)
    return t.isFinite ? min(1, max(0, t)) : .nan
  }

  /// Chooses the map and limits for `values` (non-finite ignored).
  /// - automatic: diverging centred on 0 with limits ±max|z| when min z < 0 < max z (each sign beyond
  ///   round-off, 10⁻⁹ max|z|), viridis over [min z, max z] otherwise; a log z axis always uses viridis.
  /// - fixed `zAxis.lower`/`upper` override the data limits (for diverging, max of their magnitudes).
  public static func choose(for values: [Double], axis: Figure.Axis, choice: Figure.ColorMapChoice) -> ColorScale {
    var notes: [String] = []
    let usable = values.filter { $0.isFinite && (axis.scale == .linear || $0 > 0) }
    let lo = usable.min(), hi = usable.max()
    var diverging: Bool
    switch choice {
    case .automatic:
      // Signs within 10⁻⁹ max|z| of zero are round-off (e.g. Σ ≥ 0 evaluated as −10⁻¹⁹ where it vanishes).
      let s = max(abs(lo ?? 0), abs(hi ?? 0))
      diverging = axis.scale == .linear && (lo ?? 0) < -1e-9 * s && (hi ?? 0) > 1e-9 * s
    case .viridis: diverging = false
    case .diverging: diverging = true
    }
    if diverging && axis.scale == .log {
      notes.append("diverging colour map not possible on a log colour scale; viridis used")
      diverging = false
    }
    if axis.scale == .log {
      let t = TickGenerator.log(dataMin: lo, dataMax: hi, lower: axis.lower, upper: axis.upper)
      return ColorScale(map: .viridis, isDiverging: false, ticks: t, notes: notes)
    }
    if diverging {
      var m = [axis.lower, axis.upper, lo, hi].compactMap { $0 }.filter(\.isFinite).map(abs).max() ?? 1
      if axis.lower != nil || axis.upper != nil { m = [axis.lower, axis.upper].compactMap { $0 }.filter(\.isFinite).map(abs).max() ?? m }
      if !(m > 0) { m = 1 }
      let t = TickGenerator.linear(dataMin: -m, dataMax: m, lower: -m, upper: m)
      return ColorScale(map: .diverging, isDiverging: true, ticks: t, notes: notes)
    }
    var a = axis.lower ?? lo ?? 0, b = axis.upper ?? hi ?? 1
    if a > b { swap(&a, &b) }
    if a == b { let d = a == 0 ? 1 : abs(a) * 0.1; a -= d; b += d }
    let t = TickGenerator.linear(dataMin: a, dataMax: b, lower: a, upper: b)
    return ColorScale(map: .viridis, isDiverging: false, ticks: t, notes: notes)
  }
}
