import ClausiusPapers
import Foundation

/// Renders a figure with a `heatMap` as SVG: one `rect` in `g.cells` per grid point (row by row from
/// the first y, `rect.missing` for missing values) (edges half-way between
/// centres — geometric means on a log axis — so the cells tile the plot), a colour bar with ticks and
/// the z title with unit on the right, inward ticks and labelled axes (Ticks.swift), hatched grey cells
/// for missing values with a legend swatch, the z = 0 contour by marching squares when asked for and the
/// data change sign, and the figure's series as black lines (with a white halo) over the map.
///
/// Colour map (see `ColorScale.choose`): viridis for one-signed data and log colour scales; the
/// diverging "balance" map centred on z = 0 with symmetric limits for data of both signs.
/// Never traps: an empty or non-monotone grid, rows of the wrong length, non-finite or (log axis)
/// non-positive centres give a note under the plot and draw what can be drawn.
public enum HeatMapRenderer {
  /// Pixels by which a cell overlaps its right and upper neighbours (hides seams; clipped at the frame).
  public static let cellOverlap = 0.6
  /// Number of steps the colour bar is drawn with (each a `rect.colorbar-step`, bottom to top).
  public static let colorBarSteps = 96

  static func f(_ x: Double) -> String { Markup.fmt(x) }
  /// Cell coordinates to 0.1 px (crisp edges snap to whole pixels anyway; keeps large maps small).
  static func f1(_ x: Double) -> String {
    var t = String(format: "%.1f", x)
    if t.hasSuffix(".0") { t.removeLast(2) }
    return t == "-0" ? "0" : t
  }

  /// Cell edges for centres `c` (strictly monotone, finite, positive on log): half-way between
  /// neighbours, the end cells as wide as their neighbours; nil when `c` is not usable.
  static func edges(_ c: [Double], _ scale: Figure.Scale) -> [Double]? {
    guard !c.isEmpty, c.allSatisfy({ $0.isFinite && (scale == .linear || $0 > 0) }) else { return nil }
    let u = scale == .log ? c.map { log10($0) } : c
    if u.count == 1 {
      let w = scale == .log ? 0.5 : (u[0] == 0 ? 0.5 : abs(u[0]) * 0.1)
      return [u[0] - w, u[0] + w].map { scale == .log ? pow(10, $0) : $0 }
    }
    let increasing = u[1] > u[0]
    for k in 1..<u.count where increasing ? !(u[k] > u[k - 1]) : !(u[k] < u[k - 1]) { return nil }
    var e = [u[0] - (u[1] - u[0]) / 2]
    for k in 1..<u.count { e.append((u[k - 1] + u[k]) / 2) }
    e.append(u[u.count - 1] + (u[u.count - 1] - u[u.count - 2]) / 2)
    return e.map { scale == .log ? pow(10, $0) : $0 }
  }

  /// Segments of the contour z = 0 through the grid of centres, in grid coordinates (i + t, j + s):
  /// marching squares with linear interpolation on the edges; a cell with a missing corner has no
  /// segment; saddles are resolved by the sign of the mean of the four corners. "Positive" is z > 0;
  /// values within 10⁻⁹ max|z| of zero (round-off of a vanishing current) count as exactly 0, so the
  /// contour passes through them (a corner at zero among same-signed neighbours, where z touches 0
  /// without changing sign, gives no segment); a cell with a whole edge at zero (a zero plateau such as a J = 0 row)
  /// has no segment, since the sign change there is not located by the data.
  public static func zeroContour(_ z: [[Double]], nx: Int, ny: Int) -> [((Double, Double), (Double, Double))] {
    guard nx >= 2, ny >= 2 else { return [] }
    let scale = z.joined().filter(\.isFinite).map(abs).max() ?? 0
    func v(_ i: Int, _ j: Int) -> Double {
      let x = j < z.count && i < z[j].count ? z[j][i] : .nan
      return abs(x) <= 1e-9 * scale ? 0 : x
    }
    var out: [((Double, Double), (Double, Double))] = []
    for j in 0..<(ny - 1) {
      for i in 0..<(nx - 1) {
        let a = v(i, j), b = v(i + 1, j), c = v(i + 1, j + 1), d = v(i, j + 1)  // counter-clockwise from (i, j)
        guard a.isFinite, b.isFinite, c.isFinite, d.isFinite else { continue }
        if (a == 0 && b == 0) || (b == 0 && c == 0) || (c == 0 && d == 0) || (d == 0 && a == 0) { continue }
        let pa = a > 0, pb = b > 0, pc = c > 0, pd = d > 0
        func cross(_ z0: Double, _ z1: Double) -> Double { z0 / (z0 - z1) }
        let bottom = pa != pb ? (Double(i) + cross(a, b), Double(j)) : nil
        let right = pb != pc ? (Double(i + 1), Double(j) + cross(b, c)) : nil
        let top = pd != pc ? (Double(i) + cross(d, c), Double(j + 1)) : nil
        let left = pa != pd ? (Double(i), Double(j) + cross(a, d)) : nil
        let points = [bottom, right, top, left].compactMap { $0 }
        // Two crossings at the same point: a single zero corner between same-signed neighbours (z touches 0).
        if points.count == 2 { if points[0] != points[1] { out.append((points[0], points[1])) }; continue }
        guard points.count == 4, let bottom, let right, let top, let left else { continue }
        if ((a + b + c + d) / 4 > 0) == pa {
          // a and c are joined through the centre: the segments cut off corners b and d.
          out.append((bottom, right)); out.append((top, left))
        } else {
          out.append((bottom, left)); out.append((right, top))
        }
      }
    }
    return out
  }

  static func render(_ figure: Figure, _ map: Figure.HeatMap, style: FigureStyle, idPrefix: String) -> SVGRenderer.Rendered {
    var notes: [String] = []
    let fs = style.fontSize, labelFS = (style.fontSize * 1.15).rounded()
    let W = style.width, H = style.height
    let nx = map.x.count, ny = map.y.count
    let xEdges = edges(map.x, figure.xAxis.scale), yEdges = edges(map.y, figure.yAxis.scale)
    if xEdges == nil { notes.append("x cell centres must be finite, strictly monotone\(figure.xAxis.scale == .log ? " and positive (log x axis)" : "") and not empty: cells not drawn") }
    if yEdges == nil { notes.append("y cell centres must be finite, strictly monotone\(figure.yAxis.scale == .log ? " and positive (log y axis)" : "") and not empty: cells not drawn") }
    if map.z.count != ny || map.z.contains(where: { $0.count != nx }) {
      notes.append("z is not \(ny) rows of \(nx) values: absent cells are drawn as missing")
    }
    func z(_ i: Int, _ j: Int) -> Double { j < map.z.count && i < map.z[j].count ? map.z[j][i] : .nan }
    let cellsDrawn = xEdges != nil && yEdges != nil
    var values: [Double] = []
    if cellsDrawn { for j in 0..<ny { for i in 0..<nx { values.append(z(i, j)) } } }
    let scale = ColorScale.choose(for: values, axis: map.zAxis, choice: map.colorMap)
    notes += scale.notes
    let nonPositive = map.zAxis.scale == .log ? values.filter { $0.isFinite && $0 <= 0 }.count : 0
    if nonPositive > 0 { notes.append("\(nonPositive) non-positive z value\(nonPositive == 1 ? "" : "s") drawn as missing (log colour scale)") }
    let missing = values.filter { !scale.position($0).isFinite }.count
    // Values beyond fixed colour limits saturate to the end colours (triangles on the bar, and a note).
    let colourable = values.filter { scale.position($0).isFinite }
    let below = colourable.filter { scale.ticks.fraction($0) < -1e-9 }, above = colourable.filter { scale.ticks.fraction($0) > 1 + 1e-9 }
    if !below.isEmpty || !above.isEmpty {
      let all = below + above
      notes.append("\(all.count) cell\(all.count == 1 ? "" : "s") beyond the colour range drawn in its end colours (values from \(TickGenerator.formatShort(all.min()!)) to \(TickGenerator.formatShort(all.max()!)))")
    }
    if !figure.annotations.isEmpty { notes.append("annotations are not drawn on heat maps") }

    // Axis ticks: limits at the outer cell edges unless fixed.
    func axisTicks(_ axis: Figure.Axis, _ e: [Double]?) -> AxisTicks {
      let lo = e.map { min($0.first!, $0.last!) }, hi = e.map { max($0.first!, $0.last!) }
      let l = axis.lower ?? lo, u = axis.upper ?? hi
      switch axis.scale {
      case .linear: return TickGenerator.linear(dataMin: l, dataMax: u, lower: l, upper: u)
      case .log: return TickGenerator.log(dataMin: l, dataMax: u, lower: l, upper: u)
      }
    }
    let xt = axisTicks(figure.xAxis, xEdges), yt = axisTicks(figure.yAxis, yEdges), zt = scale.ticks

    // Overlaid series and the contour.
    let contour = cellsDrawn && map.zeroContour && map.zAxis.scale == .linear ? zeroContour(map.z, nx: nx, ny: ny) : []
    let overlays = figure.series.enumerated().filter { !$0.element.x.isEmpty }
    var legend: [(kind: String, label: String, k: Int)] = []
    if missing > 0 { legend.append(("missing", map.missingLabel.isEmpty ? "no data" : map.missingLabel, 0)) }
    if !contour.isEmpty { legend.append(("contour", "\(map.zAxis.label) = 0", 0)) }
    for (k, s) in overlays where !s.label.isEmpty { legend.append(("series", s.label, k)) }

    // Layout: title, plot, colour bar with its labels and title on the right, legend rows and notes below.
    let titleText = style.showsTitle ? figure.title : ""
    let top = titleText.isEmpty ? 14.0 : 40.0
    let yTickWidth = yt.labels.map { Markup.width($0, fontSize: fs) }.max() ?? 10
    let left = (10 + labelFS + 10 + yTickWidth + 8).rounded()
    let zTickWidth = zt.labels.map { Markup.width($0, fontSize: fs) }.max() ?? 10
    let barW = 16.0, barGap = 16.0
    let right = (barGap + barW + 4 + 4 + zTickWidth + 10 + labelFS + 8).rounded()
    let plotX1 = W - right
    let sampleW = 26.0, itemGap = 18.0
    var legendRows: [[(kind: String, label: String, k: Int, width: Double)]] = []
    var rowWidth = 0.0
    for e in legend {
      let w = sampleW + 6 + Markup.width(e.label, fontSize: fs)
      if legendRows.isEmpty || rowWidth + itemGap + w > plotX1 - 8 { legendRows.append([]); rowWidth = 0 } else { rowWidth += itemGap }
      legendRows[legendRows.count - 1].append((e.kind, e.label, e.k, w)); rowWidth += w
    }
    let legendRowH = fs * 1.5
    let noteH = fs * 0.85 + 4
    let bottom = (8 + fs + 10 + labelFS + 6 + Double(legendRows.count) * legendRowH + Double(notes.count) * noteH + 4).rounded()
    let plot = (x0: left, y0: top, x1: plotX1, y1: H - bottom)
    let pw = plot.x1 - plot.x0, ph = plot.y1 - plot.y0
    func px(_ v: Double) -> Double { plot.x0 + xt.fraction(v) * pw }
    func py(_ v: Double) -> Double { plot.y1 - yt.fraction(v) * ph }
    func fitted(_ text: String, _ size: Double, _ room: Double) -> Double {
      let w = Markup.width(text, fontSize: size)
      return w <= room ? size : max(9, (size * room / w * 10).rounded(.down) / 10)
    }

    var body: [String] = []
    body.append("<rect x=\"0\" y=\"0\" width=\"\(f(W))\" height=\"\(f(H))\" fill=\"#ffffff\"/>")
    if !titleText.isEmpty {
      let size = fitted(titleText, labelFS, (W - 30) / 1.08)
      let half = 1.08 * Markup.width(titleText, fontSize: size) / 2
      let xm = min(max((plot.x0 + plot.x1) / 2, 15 + half), W - 15 - half)
      body.append("<text class=\"title\" x=\"\(f(xm))\" y=\"24\" text-anchor=\"middle\" font-size=\"\(f(size))\" font-weight=\"600\">\(Markup.svgText(titleText, fontSize: size))</text>")
    }
    let hatchID = "\(idPrefix)-missing", clipID = "\(idPrefix)-clip"
    body.append("<defs><pattern id=\"\(hatchID)\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#d4d4d4\"/><path d=\"M0 0V6\" stroke=\"#8c8c8c\" stroke-width=\"1.6\"/></pattern>"
                + "<clipPath id=\"\(clipID)\"><rect x=\"\(f(plot.x0))\" y=\"\(f(plot.y0))\" width=\"\(f(pw))\" height=\"\(f(ph))\"/></clipPath></defs>")

    // Cells (pixel edges clamped to the plot, so fixed axis limits inside the grid crop the map).
    if let xe = xEdges, let ye = yEdges {
      let xp = xe.map { min(plot.x1, max(plot.x0, px($0))) }, yp = ye.map { min(plot.y1, max(plot.y0, py($0))) }
      var cells = "<g class=\"cells\" shape-rendering=\"crispEdges\" clip-path=\"url(#\(clipID))\">"
      for j in 0..<ny {
        let ya = min(yp[j], yp[j + 1]), yb = max(yp[j], yp[j + 1])
        for i in 0..<nx {
          let xa = min(xp[i], xp[i + 1]), xb = max(xp[i], xp[i + 1])
          let t = scale.position(z(i, j))
          let fill = t.isFinite ? scale.map.hex(t) : "url(#\(hatchID))"
          // Each cell reaches `cellOverlap` px into its right and upper neighbours, which are drawn after it:
          // with crisp edges, cells meeting at a half pixel would otherwise leave a 1 px seam of background.
          cells += "<rect\(t.isFinite ? "" : " class=\"missing\"") x=\"\(f1(xa))\" y=\"\(f1(ya - cellOverlap))\" width=\"\(f1(xb - xa + cellOverlap))\" height=\"\(f1(yb - ya + cellOverlap))\" fill=\"\(fill)\"/>"
        }
      }
      body.append(cells + "</g>")
      if !contour.isEmpty {
        // Grid coordinate (i + t) → pixel: interpolate between neighbouring centres in axis-fraction space.
        func gx(_ u: Double) -> Double { let i = min(nx - 2, Int(u)), t = u - Double(i); return px(map.x[i]) + t * (px(map.x[i + 1]) - px(map.x[i])) }
        func gy(_ u: Double) -> Double { let j = min(ny - 2, Int(u)), t = u - Double(j); return py(map.y[j]) + t * (py(map.y[j + 1]) - py(map.y[j])) }
        let d = contour.map { "M\(f(gx($0.0.0))) \(f(gy($0.0.1)))L\(f(gx($0.1.0))) \(f(gy($0.1.1)))" }.joined()
        body.append("<path class=\"zero-contour\" d=\"\(d)\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.4\" stroke-linecap=\"round\" clip-path=\"url(#\(clipID))\"/>")
      }
    } else {
      body.append("<text x=\"\(f((plot.x0 + plot.x1) / 2))\" y=\"\(f((plot.y0 + plot.y1) / 2))\" text-anchor=\"middle\" font-size=\"\(f(fs))\" fill=\"#777777\">no grid to draw</text>")
    }
    if cellsDrawn && missing == values.count {
      body.append("<text x=\"\(f((plot.x0 + plot.x1) / 2))\" y=\"\(f((plot.y0 + plot.y1) / 2))\" text-anchor=\"middle\" font-size=\"\(f(fs))\" fill=\"#333333\">no finite data to plot</text>")
    }

    // Series over the map: black lines with a white halo, dash patterns per series, clipped to the plot.
    let rect = (x0: plot.x0, y0: plot.y0, x1: plot.x1, y1: plot.y1)
    var overlaySVG = ""
    for (k, s) in overlays {
      let usable: (Double, Figure.Scale) -> Bool = { $0.isFinite && ($1 == .linear || $0 > 0) }
      var d = "", last: Point? = nil
      for i in 0..<min(s.x.count, s.y.count) {
        guard usable(s.x[i], figure.xAxis.scale), usable(s.y[i], figure.yAxis.scale) else { last = nil; continue }
        let p = Point(x: px(s.x[i]), y: py(s.y[i]))
        if let q = last, let seg = Renderer.clip(q, p, rect) { d += "M\(f(seg.0.x)) \(f(seg.0.y))L\(f(seg.1.x)) \(f(seg.1.y))" }
        last = p
      }
      guard !d.isEmpty else { continue }
      let dash = Self.dash(k, style)
      overlaySVG += "<path class=\"series-halo\" d=\"\(d)\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"3.6\" stroke-opacity=\"0.85\" stroke-linejoin=\"round\"/>"
      overlaySVG += "<path class=\"series\" d=\"\(d)\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.6\" stroke-linejoin=\"round\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
    }
    if !overlaySVG.isEmpty { body.append("<g clip-path=\"url(#\(clipID))\">" + overlaySVG + "</g>") }

    // Frame, ticks, tick labels, axis titles.
    body.append("<rect class=\"frame\" x=\"\(f(plot.x0))\" y=\"\(f(plot.y0))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1\"/>")
    var ticks = ""
    for (values, len) in [(xt.major, 6.0), (xt.minor, 3.0)] {
      for v in values {
        let x = px(v); guard x.isFinite, x >= plot.x0 - 0.01, x <= plot.x1 + 0.01 else { continue }
        ticks += "M\(f(x)) \(f(plot.y1))v\(f(-len))M\(f(x)) \(f(plot.y0))v\(f(len))"
      }
    }
    for (values, len) in [(yt.major, 6.0), (yt.minor, 3.0)] {
      for v in values {
        let y = py(v); guard y.isFinite, y >= plot.y0 - 0.01, y <= plot.y1 + 0.01 else { continue }
        ticks += "M\(f(plot.x0)) \(f(y))h\(f(len))M\(f(plot.x1)) \(f(y))h\(f(-len))"
      }
    }
    body.append("<path class=\"ticks\" d=\"\(ticks)\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1\"/>")
    var labels = "<g class=\"x-tick-labels\" text-anchor=\"middle\" font-size=\"\(f(fs))\">"
    for (v, text) in zip(xt.major, xt.labels) where px(v) >= plot.x0 - 0.01 && px(v) <= plot.x1 + 0.01 {
      labels += "<text x=\"\(f(px(v)))\" y=\"\(f(plot.y1 + 6 + fs))\">\(Markup.escape(text))</text>"
    }
    labels += "</g><g class=\"y-tick-labels\" text-anchor=\"end\" font-size=\"\(f(fs))\">"
    for (v, text) in zip(yt.major, yt.labels) where py(v) >= plot.y0 - 0.01 && py(v) <= plot.y1 + 0.01 {
      labels += "<text x=\"\(f(plot.x0 - 7))\" y=\"\(f(py(v) + fs * 0.35))\">\(Markup.escape(text))</text>"
    }
    body.append(labels + "</g>")
    let xTitle = Renderer.axisTitle(figure.xAxis, xt), yTitle = Renderer.axisTitle(figure.yAxis, yt)
    let xFS = fitted(xTitle, labelFS, pw), yFS = fitted(yTitle, labelFS, ph)
    let xTitleY = plot.y1 + 6 + fs + 10 + labelFS
    body.append("<text class=\"x-label\" x=\"\(f((plot.x0 + plot.x1) / 2))\" y=\"\(f(xTitleY))\" text-anchor=\"middle\" font-size=\"\(f(xFS))\">\(Markup.svgText(xTitle, fontSize: xFS))</text>")
    let yLabelX = 10 + labelFS * 0.8, yLabelY = (plot.y0 + plot.y1) / 2
    body.append("<text class=\"y-label\" x=\"\(f(yLabelX))\" y=\"\(f(yLabelY))\" text-anchor=\"middle\" font-size=\"\(f(yFS))\" transform=\"rotate(-90 \(f(yLabelX)) \(f(yLabelY)))\">\(Markup.svgText(yTitle, fontSize: yFS))</text>")

    // Colour bar: steps from the bottom (t = 0) to the top (t = 1), frame, outward ticks, labels, title.
    let bx0 = plot.x1 + barGap, bx1 = bx0 + barW
    var bar = "<g class=\"colorbar\" data-colormap=\"\(Markup.escape(scale.map.name))\"><g shape-rendering=\"crispEdges\">"
    let step = ph / Double(colorBarSteps)
    for k in 0..<colorBarSteps {
      let t = (Double(k) + 0.5) / Double(colorBarSteps)
      let y = plot.y1 - Double(k + 1) * step
      // Each step overlaps the next by 0.5 px so no seam shows between them.
      bar += "<rect class=\"colorbar-step\" x=\"\(f(bx0))\" y=\"\(f(y))\" width=\"\(f(barW))\" height=\"\(f(step + (k == colorBarSteps - 1 ? 0 : 0.5)))\" fill=\"\(scale.map.hex(t))\"/>"
    }
    bar += "</g><rect x=\"\(f(bx0))\" y=\"\(f(plot.y0))\" width=\"\(f(barW))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"0.8\"/>"
    if !above.isEmpty {
      bar += "<path class=\"colorbar-extend-above\" d=\"M\(f(bx0)) \(f(plot.y0 - 1))L\(f(bx0 + barW / 2)) \(f(plot.y0 - 11))L\(f(bx1)) \(f(plot.y0 - 1))Z\" fill=\"\(scale.map.hex(1))\" stroke=\"#000000\" stroke-width=\"0.8\"/>"
    }
    if !below.isEmpty {
      bar += "<path class=\"colorbar-extend-below\" d=\"M\(f(bx0)) \(f(plot.y1 + 1))L\(f(bx0 + barW / 2)) \(f(plot.y1 + 11))L\(f(bx1)) \(f(plot.y1 + 1))Z\" fill=\"\(scale.map.hex(0))\" stroke=\"#000000\" stroke-width=\"0.8\"/>"
    }
    var zTicks = "", zLabels = "<g class=\"colorbar-tick-labels\" text-anchor=\"start\" font-size=\"\(f(fs))\">"
    for (values, len) in [(zt.major, 4.0), (zt.minor, 2.0)] {
      for v in values {
        let u = zt.fraction(v); guard u.isFinite, u >= -1e-9, u <= 1 + 1e-9 else { continue }
        zTicks += "M\(f(bx1)) \(f(plot.y1 - u * ph))h\(f(len))"
      }
    }
    for (v, text) in zip(zt.major, zt.labels) {
      let u = zt.fraction(v); guard u.isFinite, u >= -1e-9, u <= 1 + 1e-9 else { continue }
      zLabels += "<text x=\"\(f(bx1 + 7))\" y=\"\(f(plot.y1 - u * ph + fs * 0.35))\">\(Markup.escape(text))</text>"
    }
    bar += "<path class=\"colorbar-ticks\" d=\"\(zTicks)\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1\"/>" + zLabels + "</g>"
    let zTitle = Renderer.axisTitle(map.zAxis, zt), zFS = fitted(zTitle, labelFS, ph)
    let zLabelX = min(W - 6, bx1 + 7 + zTickWidth + 8 + labelFS * 0.8), zLabelY = (plot.y0 + plot.y1) / 2
    bar += "<text class=\"colorbar-label\" x=\"\(f(zLabelX))\" y=\"\(f(zLabelY))\" text-anchor=\"middle\" font-size=\"\(f(zFS))\" transform=\"rotate(-90 \(f(zLabelX)) \(f(zLabelY)))\">\(Markup.svgText(zTitle, fontSize: zFS))</text>"
    body.append(bar + "</g>")

    // Legend rows under the x title, centred on the plot.
    if !legendRows.isEmpty {
      var g = "<g class=\"legend\" font-size=\"\(f(fs))\">"
      for (r, row) in legendRows.enumerated() {
        let total = row.map(\.width).reduce(0, +) + itemGap * Double(row.count - 1)
        var x = max(8, (plot.x0 + plot.x1 - total) / 2)
        let cy = xTitleY + 6 + (Double(r) + 0.5) * legendRowH
        for e in row {
          switch e.kind {
          case "missing":
            g += "<rect class=\"legend-missing\" x=\"\(f(x))\" y=\"\(f(cy - 6))\" width=\"\(f(sampleW))\" height=\"12\" fill=\"url(#\(hatchID))\" stroke=\"#8c8c8c\" stroke-width=\"0.8\"/>"
          case "contour":
            g += "<path d=\"M\(f(x)) \(f(cy))h\(f(sampleW))\" stroke=\"#000000\" stroke-width=\"1.4\"/>"
          default:
            let dash = Self.dash(e.k, style)
            g += "<path d=\"M\(f(x)) \(f(cy))h\(f(sampleW))\" stroke=\"#000000\" stroke-width=\"1.6\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
          }
          g += "<text x=\"\(f(x + sampleW + 6))\" y=\"\(f(cy + fs * 0.35))\">\(Markup.svgText(e.label, fontSize: fs))</text>"
          x += e.width + itemGap
        }
      }
      body.append(g + "</g>")
    }
    let notesTop = xTitleY + 6 + Double(legendRows.count) * legendRowH
    for (i, note) in notes.enumerated() {
      body.append("<text class=\"note\" x=\"8\" y=\"\(f(min(H - 3, notesTop + Double(i + 1) * noteH)))\" font-size=\"\(f(fs * 0.85))\" fill=\"#555555\">Note: \(Markup.escape(note))</text>")
    }

    let colourNote = scale.isDiverging ? "Colour: diverging map centred on 0 (blue < 0 < red)." : "Colour: viridis."
    let desc = ([Figure.plainText(figure.caption), colourNote] + notes.map { "Note: \($0)" }).filter { !$0.isEmpty }.joined(separator: " ")
    var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"clausius-figure heat-map\" id=\"\(idPrefix)\" viewBox=\"0 0 \(f(W)) \(f(H))\" width=\"\(f(W))\" height=\"\(f(H))\" font-family=\"\(style.fontFamily)\" fill=\"#000000\">"
    svg += "<title>\(Markup.escape(Figure.plainText(figure.title)))</title>"
    svg += "<desc>\(Markup.escape(desc))</desc>"
    svg += "\n" + body.joined(separator: "\n") + "\n</svg>\n"
    return SVGRenderer.Rendered(svg: svg, notes: notes)
  }

  /// Dash pattern of overlaid series k: dash-dot, dashed, dotted, … (black lines; solid is the z = 0 contour).
  static func dash(_ k: Int, _ style: FigureStyle) -> String {
    let patterns = ["9 3 2 3", "7 3", "2 2.5", "12 3 2 3 2 3", ""]
    return patterns[k % patterns.count]
  }
}
