import Foundation

extension Figure {
  /// A two-parameter map z(x, y) on a rectangular grid, e.g. a heat current over two swept parameters.
  ///
  /// `x` and `y` are the cell centres (each strictly monotone; positive on a log axis); `z[j][i]` is the
  /// value at (x[i], y[j]), so `z` has `y.count` rows of `x.count` values. Non-finite z (an unstable or
  /// failed point) is a *missing* cell: drawn hatched grey with `missingLabel` in the legend, never an
  /// error. The renderer picks the colour map from the data unless `colorMap` fixes it:
  /// one-signed data → viridis, data of both signs → a diverging map centred on z = 0 (see
  /// `ColorMap` in ClausiusIO). Renderers draw the figure's `series` as lines over the map.
  ///
  ///     Figure(id: "map-heat-cold", title: "Heat from the cold bath", xAxis: .init(label: "T_c", unit: "mK"),
  ///            yAxis: .init(label: "T_h", unit: "mK"), series: [],
  ///            heatMap: .init(x: tc, y: th, z: q, zAxis: .init(label: "Q̇_c", unit: "ħω_u^2"), zeroContour: true))
  public struct HeatMap: Codable, Sendable, Equatable {
    /// Cell centres along the horizontal axis (the figure's `xAxis`).
    public var x: [Double]
    /// Cell centres along the vertical axis (the figure's `yAxis`).
    public var y: [Double]
    /// z[j][i] = z(x[i], y[j]); non-finite entries are missing cells.
    public var z: [[Double]]
    /// The colour bar: quantity, unit, scale (`.log` colours by log₁₀ z; z ≤ 0 is then missing) and
    /// optional fixed limits.
    public var zAxis: Axis
    /// Colour map; `.automatic` chooses from the sign of the data.
    public var colorMap: ColorMapChoice
    /// Draw the contour z = 0 (marching squares on the cell centres) when the data change sign.
    public var zeroContour: Bool
    /// Legend text for missing cells, e.g. "dynamically unstable".
    public var missingLabel: String

    public init(x: [Double], y: [Double], z: [[Double]], zAxis: Axis, colorMap: ColorMapChoice = .automatic,
                zeroContour: Bool = false, missingLabel: String = "no data") {
      self.x = x; self.y = y; self.z = z; self.zAxis = zAxis; self.colorMap = colorMap
      self.zeroContour = zeroContour; self.missingLabel = missingLabel
    }

    /// z(x[i], y[j]) computed by `value` for every grid point (row j, column i).
    public init(x: [Double], y: [Double], zAxis: Axis, colorMap: ColorMapChoice = .automatic, zeroContour: Bool = false,
                missingLabel: String = "no data", value: (Int, Int) -> Double) {
      self.init(x: x, y: y, z: y.indices.map { j in x.indices.map { i in value(i, j) } }, zAxis: zAxis, colorMap: colorMap,
                zeroContour: zeroContour, missingLabel: missingLabel)
    }
  }

  /// Colour map of a heat map.
  public enum ColorMapChoice: String, Codable, Sendable, CaseIterable {
    /// Viridis for one-signed data (or a log colour scale), diverging when the data take both signs.
    case automatic
    /// Perceptually uniform sequential map (van der Walt & Smith, matplotlib 2.0).
    case viridis
    /// Perceptually uniform diverging map with its neutral centre at z = 0 and symmetric limits.
    case diverging
  }
}
