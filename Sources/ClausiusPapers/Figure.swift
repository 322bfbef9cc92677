import Foundation

/// A figure as plain data: what a reproduction plots, independent of how it is rendered
/// (ClausiusIO turns it into SVG, CSV and JSON).
///
/// Labels may use a tiny markup for sub- and superscripts, `Q̇_{a}^{loc}` or `ω_a`: `_x`/`^x` applies to
/// one character, `_{…}`/`^{…}` to a group. Renderers typeset it; plain-text outputs drop the braces.
///
/// A reproduction appends figures to its report and leaves the files to `clausius reproduce`:
///
///     report.figures.append(Figure(
///       id: "current-vs-coupling", title: "Heat current",
///       xAxis: .init(label: "coupling g", unit: "ω_m"),
///       yAxis: .init(label: "heat current J", unit: "ħω_m^2", scale: .log),
///       series: [.init(label: "global", x: g, y: jGlobal), .init(label: "local", x: g, y: jLocal, style: .dashed)],
///       annotations: [.shaded(x: gCritical, gMax, label: "unstable")],
///       caption: "…", reference: "paper 000, Fig. 2"))
public struct Figure: Codable, Sendable, Equatable {
  /// File stem, unique within a paper, e.g. "heat-current-vs-coupling".
  public var id: String
  public var title: String
  public var xAxis: Axis
  public var yAxis: Axis
  public var series: [Series]
  public var annotations: [Annotation]
  /// One or two sentences stating what is plotted and how it was computed.
  public var caption: String
  /// Where the figure comes from, e.g. "paper 000, Fig. 2" (empty for the demo).
  public var reference: String
  /// A two-dimensional grid z(x, y) drawn as a heat map (see `HeatMap`); `series` are then drawn as
  /// lines over it. `nil` for ordinary line figures (and absent from their JSON).
  public var heatMap: HeatMap?

  public init(id: String, title: String, xAxis: Axis, yAxis: Axis, series: [Series], annotations: [Annotation] = [],
              caption: String = "", reference: String = "", heatMap: HeatMap? = nil) {
    self.id = id; self.title = title; self.xAxis = xAxis; self.yAxis = yAxis; self.series = series
    self.annotations = annotations; self.caption = caption; self.reference = reference; self.heatMap = heatMap
  }

  /// Axis scale.
  public enum Scale: String, Codable, Sendable, CaseIterable { case linear, log }

  /// One axis: quantity label, unit (empty when dimensionless), scale and an optional fixed range.
  public struct Axis: Codable, Sendable, Equatable {
    public var label: String
    public var unit: String
    public var scale: Scale
    /// Fixed lower/upper limits; `nil` lets the renderer choose from the data.
    public var lower: Double?
    public var upper: Double?

    public init(label: String, unit: String = "", scale: Scale = .linear, lower: Double? = nil, upper: Double? = nil) {
      self.label = label; self.unit = unit; self.scale = scale; self.lower = lower; self.upper = upper
    }

    /// "label (unit)", or just the label when dimensionless.
    public var title: String { unit.isEmpty ? label : "\(label) (\(unit))" }
  }

  /// How a series is drawn; renderers add a distinct colour and dash pattern per series.
  public enum Style: String, Codable, Sendable, CaseIterable {
    /// Connected line (solid for the first series, then distinct dash patterns).
    case line
    /// Markers only (e.g. a second method evaluated at a few points).
    case markers
    /// Line with markers on the data points.
    case lineAndMarkers
    /// Dashed line (guides to the eye, asymptotes, approximations).
    case dashed
  }

  /// One data series. Non-finite y values are gaps in a line, never errors.
  public struct Series: Codable, Sendable, Equatable {
    public var label: String
    public var x: [Double]
    public var y: [Double]
    public var style: Style
    /// Symmetric one-standard-error (or tolerance) bars on y, same length as `y` when present.
    public var yError: [Double]?

    public init(label: String, x: [Double], y: [Double], style: Style = .line, yError: [Double]? = nil) {
      self.label = label; self.x = x; self.y = y; self.style = style; self.yError = yError
    }
  }

  /// Decorations that are not data: shaded x-intervals (e.g. "unstable"), reference lines.
  public struct Annotation: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case shadedXInterval, horizontalLine, verticalLine }
    public var kind: Kind
    /// Interval start (shaded) or the line's position.
    public var from: Double
    /// Interval end (shaded); equal to `from` for lines.
    public var to: Double
    public var label: String

    public init(kind: Kind, from: Double, to: Double, label: String = "") {
      self.kind = kind; self.from = from; self.to = to; self.label = label
    }

    /// A shaded band over x ∈ [from, to], e.g. a dynamically unstable parameter region.
    public static func shaded(x from: Double, _ to: Double, label: String = "") -> Annotation {
      Annotation(kind: .shadedXInterval, from: from, to: to, label: label)
    }
    /// A horizontal reference line, e.g. y = 0 or a closed-form limit.
    public static func horizontalLine(y: Double, label: String = "") -> Annotation {
      Annotation(kind: .horizontalLine, from: y, to: y, label: label)
    }
    /// A vertical reference line, e.g. the parameter value of a single-point check.
    public static func verticalLine(x: Double, label: String = "") -> Annotation {
      Annotation(kind: .verticalLine, from: x, to: x, label: label)
    }
  }
}

extension Figure {
  /// `label` with the braces of `_{…}`/`^{…}` groups removed (`Q̇_{a}^{loc}` → `Q̇_a^loc`), for
  /// plain-text outputs; other braces (`Tr{H ρ}`) stay.
  public static func plainText(_ label: String) -> String {
    var out = "", chars = Array(label), i = 0
    while i < chars.count {
      let c = chars[i]
      if (c == "_" || c == "^"), i + 1 < chars.count, chars[i + 1] == "{", let close = chars[(i + 2)...].firstIndex(of: "}") {
        out.append(c); out += String(chars[(i + 2)..<close]); i = close + 1
      } else { out.append(c); i += 1 }
    }
    return out
  }
}
