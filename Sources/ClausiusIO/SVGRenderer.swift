import ClausiusPapers
import Foundation

/// Size, fonts and palette of rendered figures.
public struct FigureStyle: Sendable {
  public var width = 640.0
  public var height = 430.0
  /// Tick labels and legend; axis titles are 1.15× larger.
  public var fontSize = 13.0
  public var fontFamily = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif"
  /// Draw the figure's title above the plot (off for journal panels, where the caption carries it).
  public var showsTitle = true
  /// Okabe–Ito colour-blind-safe palette (blue, vermilion, bluish green, reddish purple, orange,
  /// sky blue, black).
  public var colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
  /// Dash patterns, combined with the colours so series stay distinct in greyscale.
  public var dashes = ["", "7 3", "2 2.5", "9 3 2 3", "4 4", "12 3 2 3 2 3"]

  public init() {}
  public static let standard = FigureStyle()
}

/// Renders a `Figure` as a standalone SVG document: framed plot with inward major/minor ticks on all
/// four sides, tick labels, axis titles with units (and a "×10ᵏ" factor where labels would otherwise
/// be long), log axes with decades, legend in the corner that hides the least data, shaded intervals,
/// reference lines, error bars. Non-finite points become gaps; non-positive values on a log axis are
/// dropped with a note under the plot; every coordinate lies inside the viewBox. Figures with a
/// `heatMap` are drawn by `HeatMapRenderer` (cells, colour bar, zero contour, overlaid series).
public enum SVGRenderer {
  /// What the renderer had to leave out, also written into the SVG's `<desc>` and under the plot.
  public struct Rendered: Sendable {
    public var svg: String
    public var notes: [String]
  }

  /// The `<svg>` element for `figure`. `idPrefix` makes element ids unique when several SVGs are
  /// inlined into one HTML page.
  public static func render(_ figure: Figure, style: FigureStyle = .standard, idPrefix: String? = nil) -> Rendered {
    let prefix = idPrefix ?? sanitizedID(figure.id)
    if let map = figure.heatMap { return HeatMapRenderer.render(figure, map, style: style, idPrefix: prefix) }
    var inside = Renderer(figure: figure, style: style, idPrefix: prefix, legendOutside: false)
    if let rendered = inside.render() { return rendered }
    // Every position inside the plot would hide data: put the legend to the right of the plot.
    var outside = Renderer(figure: figure, style: style, idPrefix: prefix, legendOutside: true)
    return outside.render()!
  }

  /// A standalone `.svg` file: XML declaration plus the element.
  public static func document(_ figure: Figure, style: FigureStyle = .standard) -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render(figure, style: style).svg
  }

  static func sanitizedID(_ s: String) -> String {
    let t = String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    return t.first?.isLetter == true ? t : "f-" + t
  }
}

struct Point { var x: Double; var y: Double }

struct Renderer {
  let figure: Figure
  let style: FigureStyle
  let idPrefix: String
  let legendOutside: Bool
  var notes: [String] = []

  init(figure: Figure, style: FigureStyle, idPrefix: String, legendOutside: Bool) {
    self.figure = figure; self.style = style; self.idPrefix = idPrefix; self.legendOutside = legendOutside
  }

  private static func f(_ x: Double) -> String { Markup.fmt(x) }

  /// Values usable on an axis of `scale` (finite; positive on log axes).
  private static func usable(_ v: Double, _ scale: Figure.Scale) -> Bool { v.isFinite && (scale == .linear || v > 0) }

  /// The SVG, or nil when the legend (inside) would cover data and there is room to move it outside.
  mutating func render() -> SVGRenderer.Rendered? {
    let fs = style.fontSize, labelFS = (style.fontSize * 1.15).rounded()
    let W = style.width, H = style.height
    let xs = figure.xAxis.scale, ys = figure.yAxis.scale

    // Data ranges over usable points; count what a log axis has to drop.
    var xVals: [Double] = [], yVals: [Double] = []
    var droppedX = 0, droppedY = 0
    for s in figure.series {
      for i in 0..<min(s.x.count, s.y.count) {
        let x = s.x[i], y = s.y[i]
        if x.isFinite && xs == .log && x <= 0 { droppedX += 1 }
        if y.isFinite && ys == .log && y <= 0 { droppedY += 1 }
        guard Self.usable(x, xs), Self.usable(y, ys) else { continue }
        xVals.append(x); yVals.append(y)
        if let e = s.yError, i < e.count, e[i].isFinite, e[i] > 0 {
          if Self.usable(y - e[i], ys) { yVals.append(y - e[i]) }
          yVals.append(y + e[i])
        }
      }
    }
    if droppedX > 0 { notes.append("\(droppedX) non-positive x value\(droppedX == 1 ? "" : "s") omitted (log x axis)") }
    if droppedY > 0 { notes.append("\(droppedY) non-positive y value\(droppedY == 1 ? "" : "s") omitted (log y axis)") }
    for (name, axis) in [("x", figure.xAxis), ("y", figure.yAxis)] where axis.scale == .log {
      for limit in [axis.lower, axis.upper].compactMap({ $0 }) where !(limit > 0 && limit.isFinite) {
        notes.append("fixed \(name) limit \(limit) ignored (log \(name) axis needs positive limits)")
      }
    }
    let mismatched = figure.series.filter { $0.x.count != $0.y.count }.map(\.label)
    if !mismatched.isEmpty { notes.append("series with unequal x/y lengths truncated: \(mismatched.joined(separator: ", "))") }

    let xt = Self.ticks(figure.xAxis, xVals.min(), xVals.max())
    let yt = Self.ticks(figure.yAxis, yVals.min(), yVals.max())

    // Layout.
    let titleText = style.showsTitle ? figure.title : ""
    let top = titleText.isEmpty ? 14.0 : 40.0
    let yTickWidth = (yt.labels.map { Markup.width($0, fontSize: fs) }.max() ?? 10)
    let left = (10 + labelFS + 10 + yTickWidth + 8).rounded()
    let entries = figure.series.enumerated().filter { !$0.element.label.isEmpty }
    let rowH = fs * 1.45, sample = 30.0
    let legendTextW = entries.map { Markup.width($0.element.label, fontSize: fs) }.max() ?? 0
    let legendW = 10 + sample + 8 + legendTextW + 10, legendH = Double(entries.count) * rowH + 8
    let right = legendOutside ? 20 + legendW : 20.0
    let noteLines = Double(notes.count)
    let bottom = (8 + fs + 10 + labelFS + 10 + noteLines * (fs * 0.85 + 4)).rounded()
    let plot = (x0: left, y0: top, x1: W - right, y1: H - bottom)
    let pw = plot.x1 - plot.x0, ph = plot.y1 - plot.y0
    // Titles longer than the space they label are set in a smaller font (not below 9 px).
    func fitted(_ text: String, _ size: Double, _ room: Double) -> Double {
      let w = Markup.width(text, fontSize: size)
      return w <= room ? size : max(9, (size * room / w * 10).rounded(.down) / 10)
    }
    func px(_ v: Double) -> Double { plot.x0 + xt.fraction(v) * pw }
    func py(_ v: Double) -> Double { plot.y1 - yt.fraction(v) * ph }

    let clipID = "\(idPrefix)-clip"
    var body: [String] = []
    body.append("<rect x=\"0\" y=\"0\" width=\"\(Self.f(W))\" height=\"\(Self.f(H))\" fill=\"#ffffff\"/>")
    if !titleText.isEmpty {
      // Semibold glyphs are ≈ 8 % wider than the regular ones the width estimate assumes.
      let size = fitted(titleText, labelFS, (W - 30) / 1.08)
      let half = 1.08 * Markup.width(titleText, fontSize: size) / 2
      let xm = min(max((plot.x0 + plot.x1) / 2, 15 + half), W - 15 - half)
      body.append("<text class=\"title\" x=\"\(Self.f(xm))\" y=\"24\" text-anchor=\"middle\" font-size=\"\(Self.f(size))\" font-weight=\"600\">\(Markup.svgText(titleText, fontSize: size))</text>")
    }

    // Annotations below the data; their labels are placed after the legend (see below).
    struct LabelRequest { var text: String; var italic: Bool; var candidates: [(x: Double, y: Double, anchor: String)] }
    var labelRequests: [LabelRequest] = []
    var referenceSamples: [Point] = []
    let afs = fs * 0.9
    for a in figure.annotations {
      switch a.kind {
      case .shadedXInterval:
        let u = [a.from, a.to].map { xt.fraction($0) }
        guard u.allSatisfy({ $0.isFinite }) else { continue }
        let lo = max(0, min(1, u.min()!)), hi = max(0, min(1, u.max()!))
        guard hi > lo else { continue }
        let x0 = plot.x0 + lo * pw, x1 = plot.x0 + hi * pw
        body.append("<rect class=\"shaded\" x=\"\(Self.f(x0))\" y=\"\(Self.f(plot.y0))\" width=\"\(Self.f(x1 - x0))\" height=\"\(Self.f(ph))\" fill=\"#000000\" fill-opacity=\"0.08\"/>")
        if !a.label.isEmpty {
          let xm = (x0 + x1) / 2
          labelRequests.append(LabelRequest(text: a.label, italic: true, candidates: [(xm, plot.y0 + afs + 5, "middle"), (xm, plot.y1 - 6, "middle")]))
        }
      case .horizontalLine:
        let u = yt.fraction(a.from)
        guard u.isFinite, u >= 0, u <= 1 else { continue }
        let y = plot.y1 - u * ph
        body.append("<line class=\"reference\" x1=\"\(Self.f(plot.x0))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(plot.x1))\" y2=\"\(Self.f(y))\" stroke=\"#6e6e6e\" stroke-width=\"1\" stroke-dasharray=\"5 3\"/>")
        stride(from: plot.x0, through: plot.x1, by: 4).forEach { referenceSamples.append(Point(x: $0, y: y)) }
        if !a.label.isEmpty {
          var c: [(x: Double, y: Double, anchor: String)] = []
          for (x, anchor) in [(plot.x1 - 6, "end"), (plot.x0 + 6, "start"), ((plot.x0 + plot.x1) / 2, "middle")] {
            c.append((x, y - 5, anchor)); c.append((x, y + afs + 2, anchor))
          }
          labelRequests.append(LabelRequest(text: a.label, italic: false, candidates: c))
        }
      case .verticalLine:
        let u = xt.fraction(a.from)
        guard u.isFinite, u >= 0, u <= 1 else { continue }
        let x = plot.x0 + u * pw
        body.append("<line class=\"reference\" x1=\"\(Self.f(x))\" y1=\"\(Self.f(plot.y0))\" x2=\"\(Self.f(x))\" y2=\"\(Self.f(plot.y1))\" stroke=\"#6e6e6e\" stroke-width=\"1\" stroke-dasharray=\"5 3\"/>")
        stride(from: plot.y0, through: plot.y1, by: 4).forEach { referenceSamples.append(Point(x: x, y: $0)) }
        if !a.label.isEmpty {
          var c: [(x: Double, y: Double, anchor: String)] = []
          for y in [plot.y0 + afs + 4, plot.y1 - 6, (plot.y0 + plot.y1) / 2] { c.append((x + 5, y, "start")); c.append((x - 5, y, "end")) }
          labelRequests.append(LabelRequest(text: a.label, italic: false, candidates: c))
        }
      }
    }

    // Data, clipped to the plot rectangle both geometrically (no coordinate leaves the plot) and
    // with a clipPath (stroke ends).
    var occupied: [Point] = []  // pixel samples of the data, for legend placement
    var dataSVG: [String] = []
    let rect = (x0: plot.x0 - 0.5, y0: plot.y0 - 0.5, x1: plot.x1 + 0.5, y1: plot.y1 + 0.5)
    for (k, s) in figure.series.enumerated() {
      let color = style.colors[k % style.colors.count]
      let dash = s.style == .dashed ? (k == 0 || style.dashes[k % style.dashes.count].isEmpty ? "7 3" : style.dashes[k % style.dashes.count])
                                    : style.dashes[k % style.dashes.count]
      let n = min(s.x.count, s.y.count)
      let pts: [Point?] = (0..<n).map { i in
        guard Self.usable(s.x[i], xs), Self.usable(s.y[i], ys) else { return nil }
        return Point(x: px(s.x[i]), y: py(s.y[i]))
      }
      if let e = s.yError {
        var bars = ""
        for i in 0..<min(n, e.count) {
          guard let p = pts[i], e[i].isFinite, e[i] > 0 else { continue }
          let lo = Self.usable(s.y[i] - e[i], ys) ? py(s.y[i] - e[i]) : rect.y1
          let hi = py(s.y[i] + e[i])
          if let seg = Self.clip(Point(x: p.x, y: lo), Point(x: p.x, y: hi), rect) {
            bars += "M\(Self.f(seg.0.x)) \(Self.f(seg.0.y))V\(Self.f(seg.1.y))"
            for cap in [lo, hi] where cap >= rect.y0 && cap <= rect.y1 && p.x - 3 >= rect.x0 && p.x + 3 <= rect.x1 {
              bars += "M\(Self.f(p.x - 3)) \(Self.f(cap))H\(Self.f(p.x + 3))"
            }
          }
        }
        if !bars.isEmpty { dataSVG.append("<path class=\"error-bars\" d=\"\(bars)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1\"/>") }
      }
      if s.style != .markers {
        var d = "", penDown = false, last: Point? = nil
        for p in pts {
          guard let p else { penDown = false; last = nil; continue }
          if let q = last, let seg = Self.clip(q, p, rect) {
            if !penDown || seg.0.x != q.x || seg.0.y != q.y { d += "M\(Self.f(seg.0.x)) \(Self.f(seg.0.y))" }
            d += "L\(Self.f(seg.1.x)) \(Self.f(seg.1.y))"
            penDown = seg.1.x == p.x && seg.1.y == p.y
            let steps = max(1, Int((hypot(seg.1.x - seg.0.x, seg.1.y - seg.0.y) / 4).rounded(.up)))
            for j in 0...steps { let t = Double(j) / Double(steps); occupied.append(Point(x: seg.0.x + t * (seg.1.x - seg.0.x), y: seg.0.y + t * (seg.1.y - seg.0.y))) }
          } else { penDown = false }
          last = p
        }
        if !d.isEmpty {
          let dashAttr = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
          dataSVG.append("<path class=\"series\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dashAttr)/>")
        }
      }
      if s.style == .markers || s.style == .lineAndMarkers || (s.style != .dashed && pts.compactMap({ $0 }).count == 1) {
        var m = ""
        for p in pts.compactMap({ $0 }) where p.x >= rect.x0 && p.x <= rect.x1 && p.y >= rect.y0 && p.y <= rect.y1 {
          m += Self.marker(k, at: p, size: 5); occupied.append(p)
        }
        if !m.isEmpty { dataSVG.append("<path class=\"markers\" d=\"\(m)\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>") }
      }
    }
    if xVals.isEmpty {
      dataSVG.append("<text x=\"\(Self.f((plot.x0 + plot.x1) / 2))\" y=\"\(Self.f((plot.y0 + plot.y1) / 2))\" text-anchor=\"middle\" font-size=\"\(Self.f(fs))\" fill=\"#777777\">no finite data to plot</text>")
    }
    body.append("<clipPath id=\"\(clipID)\"><rect x=\"\(Self.f(rect.x0))\" y=\"\(Self.f(rect.y0))\" width=\"\(Self.f(rect.x1 - rect.x0))\" height=\"\(Self.f(rect.y1 - rect.y0))\"/></clipPath>")
    body.append("<g clip-path=\"url(#\(clipID))\">" + dataSVG.joined() + "</g>")

    // Frame and ticks (inward, on all four sides).
    body.append("<rect class=\"frame\" x=\"\(Self.f(plot.x0))\" y=\"\(Self.f(plot.y0))\" width=\"\(Self.f(pw))\" height=\"\(Self.f(ph))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1\"/>")
    var ticks = ""
    for (values, len) in [(xt.major, 6.0), (xt.minor, 3.0)] {
      for v in values {
        let x = px(v); guard x.isFinite, x >= plot.x0 - 0.01, x <= plot.x1 + 0.01 else { continue }
        ticks += "M\(Self.f(x)) \(Self.f(plot.y1))v\(Self.f(-len))M\(Self.f(x)) \(Self.f(plot.y0))v\(Self.f(len))"
      }
    }
    for (values, len) in [(yt.major, 6.0), (yt.minor, 3.0)] {
      for v in values {
        let y = py(v); guard y.isFinite, y >= plot.y0 - 0.01, y <= plot.y1 + 0.01 else { continue }
        ticks += "M\(Self.f(plot.x0)) \(Self.f(y))h\(Self.f(len))M\(Self.f(plot.x1)) \(Self.f(y))h\(Self.f(-len))"
      }
    }
    body.append("<path class=\"ticks\" d=\"\(ticks)\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1\"/>")
    var labels = "<g class=\"x-tick-labels\" text-anchor=\"middle\" font-size=\"\(Self.f(fs))\">"
    for (v, text) in zip(xt.major, xt.labels) {
      labels += "<text x=\"\(Self.f(px(v)))\" y=\"\(Self.f(plot.y1 + 6 + fs))\">\(Markup.escape(text))</text>"
    }
    labels += "</g><g class=\"y-tick-labels\" text-anchor=\"end\" font-size=\"\(Self.f(fs))\">"
    for (v, text) in zip(yt.major, yt.labels) {
      labels += "<text x=\"\(Self.f(plot.x0 - 7))\" y=\"\(Self.f(py(v) + fs * 0.35))\">\(Markup.escape(text))</text>"
    }
    labels += "</g>"
    body.append(labels)
    let xTitle = Self.axisTitle(figure.xAxis, xt), yTitle = Self.axisTitle(figure.yAxis, yt)
    let xFS = fitted(xTitle, labelFS, pw), yFS = fitted(yTitle, labelFS, ph)
    body.append("<text class=\"x-label\" x=\"\(Self.f((plot.x0 + plot.x1) / 2))\" y=\"\(Self.f(plot.y1 + 6 + fs + 10 + labelFS))\" text-anchor=\"middle\" font-size=\"\(Self.f(xFS))\">\(Markup.svgText(xTitle, fontSize: xFS))</text>")
    let yLabelX = 10 + labelFS * 0.8, yLabelY = (plot.y0 + plot.y1) / 2
    body.append("<text class=\"y-label\" x=\"\(Self.f(yLabelX))\" y=\"\(Self.f(yLabelY))\" text-anchor=\"middle\" font-size=\"\(Self.f(yFS))\" transform=\"rotate(-90 \(Self.f(yLabelX)) \(Self.f(yLabelY)))\">\(Markup.svgText(yTitle, fontSize: yFS))</text>")
    for (i, note) in notes.enumerated() {
      let y = plot.y1 + 6 + fs + 10 + labelFS + 8 + Double(i + 1) * (fs * 0.85 + 4) - 4
      body.append("<text class=\"note\" x=\"8\" y=\"\(Self.f(min(H - 3, y)))\" font-size=\"\(Self.f(fs * 0.85))\" fill=\"#555555\">Note: \(Markup.escape(note))</text>")
    }

    // Legend: the candidate box (corners first) covering the fewest data samples.
    var legendBox: (x: Double, y: Double, w: Double, h: Double)? = nil
    if !entries.isEmpty {
      let boxW = legendOutside ? legendW : min(pw - 16, legendW), boxH = legendH
      let inset = 8.0
      let xs = [plot.x1 - inset - boxW, plot.x0 + inset, (plot.x0 + plot.x1 - boxW) / 2]
      let ys = [plot.y0 + inset, plot.y1 - inset - boxH, (plot.y0 + plot.y1 - boxH) / 2]
      var candidates: [Point] = []
      for y in ys.prefix(2) { for x in xs.prefix(2) { candidates.append(Point(x: x, y: y)) } }
      candidates += [Point(x: xs[2], y: ys[0]), Point(x: xs[2], y: ys[1]), Point(x: xs[0], y: ys[2]), Point(x: xs[1], y: ys[2])]
      // Data samples weigh 4, reference-line samples 1: a legend may cover a reference line, not data.
      var best = candidates[0], bestScore = Int.max
      for c in candidates {
        let hit: (Point) -> Bool = { $0.x >= c.x - 3 && $0.x <= c.x + boxW + 3 && $0.y >= c.y - 3 && $0.y <= c.y + boxH + 3 }
        let score = 4 * occupied.filter(hit).count + referenceSamples.filter(hit).count
        if score < bestScore { best = c; bestScore = score }
      }
      // More than ~3 data samples (12 px of curve) hidden: move outside if the plot keeps ≥ 60 % width.
      if legendOutside {
        best = Point(x: plot.x1 + 12, y: plot.y0)
      } else if bestScore > 12 && legendW <= 0.4 * W && legendH <= ph {
        return nil
      }
      legendBox = (best.x, best.y, boxW, boxH)
      var g = "<g class=\"legend\" font-size=\"\(Self.f(fs))\">"
      g += "<rect x=\"\(Self.f(best.x))\" y=\"\(Self.f(best.y))\" width=\"\(Self.f(boxW))\" height=\"\(Self.f(boxH))\" fill=\"#ffffff\" fill-opacity=\"0.88\" stroke=\"#bbbbbb\" stroke-width=\"0.8\"/>"
      for (row, (k, s)) in entries.enumerated() {
        let color = style.colors[k % style.colors.count]
        let cy = best.y + 4 + (Double(row) + 0.5) * rowH
        let x0 = best.x + 10, x1 = x0 + sample
        if s.style != .markers {
          let dash = s.style == .dashed ? (style.dashes[k % style.dashes.count].isEmpty ? "7 3" : style.dashes[k % style.dashes.count]) : style.dashes[k % style.dashes.count]
          g += "<path d=\"M\(Self.f(x0)) \(Self.f(cy))H\(Self.f(x1))\" stroke=\"\(color)\" stroke-width=\"1.8\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
        }
        if s.style == .markers || s.style == .lineAndMarkers {
          g += "<path d=\"\(Self.marker(k, at: Point(x: (x0 + x1) / 2, y: cy), size: 5))\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>"
        }
        g += "<text x=\"\(Self.f(x1 + 8))\" y=\"\(Self.f(cy + fs * 0.35))\">\(Markup.svgText(s.label, fontSize: fs))</text>"
      }
      g += "</g>"
      body.append(g)
    }

    // Annotation labels: the candidate clear of the legend, inside the plot, covering the fewest data.
    var placedLabels: [(x: Double, y: Double, w: Double, h: Double)] = []
    for req in labelRequests {
      let w = Markup.width(req.text, fontSize: afs), h = afs * 1.1
      var best: (x: Double, y: Double, anchor: String)? = nil, bestScore = Int.max
      for c in req.candidates {
        let bx = c.anchor == "end" ? c.x - w : c.anchor == "middle" ? c.x - w / 2 : c.x
        let box = (x: bx, y: c.y - afs * 0.85, w: w, h: h)
        guard box.x >= plot.x0 + 2, box.x + box.w <= plot.x1 - 2, box.y >= plot.y0 + 2, box.y + box.h <= plot.y1 - 1 else { continue }
        func overlaps(_ o: (x: Double, y: Double, w: Double, h: Double)) -> Bool {
          box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h
        }
        var score = occupied.filter { $0.x >= box.x - 2 && $0.x <= box.x + box.w + 2 && $0.y >= box.y - 2 && $0.y <= box.y + box.h + 2 }.count
        if let l = legendBox, overlaps(l) { score += 10_000 }
        score += 10_000 * placedLabels.filter(overlaps).count
        if score < bestScore { best = c; bestScore = score; if score == 0 { break } }
      }
      guard let b = best else { continue }
      let bx = b.anchor == "end" ? b.x - w : b.anchor == "middle" ? b.x - w / 2 : b.x
      placedLabels.append((bx, b.y - afs * 0.85, w, h))
      body.append("<text class=\"annotation\" x=\"\(Self.f(b.x))\" y=\"\(Self.f(b.y))\" text-anchor=\"\(b.anchor)\" font-size=\"\(Self.f(afs))\"\(req.italic ? " font-style=\"italic\"" : "") fill=\"#444444\">\(Markup.svgText(req.text, fontSize: afs))</text>")
    }

    let desc = ([Figure.plainText(figure.caption)] + notes.map { "Note: \($0)" }).filter { !$0.isEmpty }.joined(separator: " ")
    var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"clausius-figure\" id=\"\(idPrefix)\" viewBox=\"0 0 \(Self.f(W)) \(Self.f(H))\" width=\"\(Self.f(W))\" height=\"\(Self.f(H))\" font-family=\"\(style.fontFamily)\" fill=\"#000000\">"
    svg += "<title>\(Markup.escape(Figure.plainText(figure.title)))</title>"
    if !desc.isEmpty { svg += "<desc>\(Markup.escape(desc))</desc>" }
    svg += "\n" + body.joined(separator: "\n") + "\n</svg>\n"
    return SVGRenderer.Rendered(svg: svg, notes: notes)
  }

  /// Axis title with unit and the factored-out power of ten: "ε (ω_a)", "Q̇ (×10⁻⁴ ħω²)".
  static func axisTitle(_ axis: Figure.Axis, _ t: AxisTicks) -> String {
    guard t.multiplierExponent != 0 else { return axis.title }
    let factor = "×10" + TickGenerator.superscript(t.multiplierExponent)
    return axis.unit.isEmpty ? "\(axis.label) (\(factor))" : "\(axis.label) (\(factor) \(axis.unit))"
  }

  static func ticks(_ axis: Figure.Axis, _ lo: Double?, _ hi: Double?) -> AxisTicks {
    switch axis.scale {
    case .linear: return TickGenerator.linear(dataMin: lo, dataMax: hi, lower: axis.lower, upper: axis.upper)
    case .log: return TickGenerator.log(dataMin: lo, dataMax: hi, lower: axis.lower, upper: axis.upper)
    }
  }

  /// Path data of marker shape k (circle, square, triangle, diamond, inverted triangle) at p.
  static func marker(_ k: Int, at p: Point, size r: Double) -> String {
    let x = p.x, y = p.y
    switch k % 5 {
    case 0: return "M\(f(x - r)) \(f(y))a\(f(r)) \(f(r)) 0 1 0 \(f(2 * r)) 0a\(f(r)) \(f(r)) 0 1 0 \(f(-2 * r)) 0Z"
    case 1: let s = r * 0.85; return "M\(f(x - s)) \(f(y - s))h\(f(2 * s))v\(f(2 * s))h\(f(-2 * s))Z"
    case 2: return "M\(f(x)) \(f(y - r * 1.1))L\(f(x + r)) \(f(y + r * 0.7))L\(f(x - r)) \(f(y + r * 0.7))Z"
    case 3: return "M\(f(x)) \(f(y - r * 1.15))L\(f(x + r)) \(f(y))L\(f(x)) \(f(y + r * 1.15))L\(f(x - r)) \(f(y))Z"
    default: return "M\(f(x)) \(f(y + r * 1.1))L\(f(x + r)) \(f(y - r * 0.7))L\(f(x - r)) \(f(y - r * 0.7))Z"
    }
  }

  /// Liang–Barsky clipping of the segment p–q to `r`; nil when it lies entirely outside.
  static func clip(_ p: Point, _ q: Point, _ r: (x0: Double, y0: Double, x1: Double, y1: Double)) -> (Point, Point)? {
    var t0 = 0.0, t1 = 1.0
    let dx = q.x - p.x, dy = q.y - p.y
    for (pk, qk) in [(-dx, p.x - r.x0), (dx, r.x1 - p.x), (-dy, p.y - r.y0), (dy, r.y1 - p.y)] {
      if pk == 0 { if qk < 0 { return nil } else { continue } }
      let t = qk / pk
      if pk < 0 { if t > t1 { return nil }; t0 = max(t0, t) } else { if t < t0 { return nil }; t1 = min(t1, t) }
    }
    let a = t0 == 0 ? p : Point(x: p.x + t0 * dx, y: p.y + t0 * dy)
    let b = t1 == 1 ? q : Point(x: p.x + t1 * dx, y: p.y + t1 * dy)
    return (a, b)
  }
}
