import ClausiusIO
import ClausiusPapers
import Foundation
import Testing

/// Heat-map figures: SVG structure (well-formed, one cell per grid point tiling the plot, colour bar with
/// monotone lightness, axis and colour-bar titles with units, hatched missing cells), the colour choice
/// (viridis vs diverging centred on 0), the z = 0 contour against an exact zero set, robustness on broken
/// grids, and the CSV/JSON round trips.
@Suite("Heat maps")
struct HeatMapTests {
  // MARK: independent colour science (sRGB → CIE L*, D65; IEC 61966-2-1 and CIE 15)

  /// CIE L* of a "#rrggbb" colour.
  static func lightness(_ hex: String) -> Double {
    let v = Int(hex.dropFirst(), radix: 16)!
    func lin(_ c: Int) -> Double { let s = Double(c) / 255; return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
    let y = 0.2126 * lin((v >> 16) & 0xFF) + 0.7152 * lin((v >> 8) & 0xFF) + 0.0722 * lin(v & 0xFF)
    return y > 216.0 / 24389 ? 116 * cbrt(y) - 16 : 24389.0 / 27 * y
  }
  static func rgb(_ hex: String) -> (r: Int, g: Int, b: Int) {
    let v = Int(hex.dropFirst(), radix: 16)!
    return ((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF)
  }

  /// Signed data on a 5 × 4 grid, one missing cell: z = x − 1.5 y (x = 0…4, y = 0…3).
  static func signedFigure(missingAt: (Int, Int)? = (4, 3)) -> Figure {
    let x = [0.0, 1, 2, 3, 4], y = [0.0, 1, 2, 3]
    let map = Figure.HeatMap(x: x, y: y, zAxis: .init(label: "Q̇_c", unit: "ħω^2"), zeroContour: true, missingLabel: "unstable") { i, j in
      if let m = missingAt, m == (i, j) { return .nan }
      return x[i] - 1.5 * y[j]
    }
    return Figure(id: "signed", title: "Signed map", xAxis: .init(label: "detuning Δ", unit: "ω_m"), yAxis: .init(label: "hopping J", unit: "γ_c"),
                  series: [], caption: "A test map.", heatMap: map)
  }

  static func cells(_ root: XMLNode) throws -> [XMLNode] {
    try #require(root.elements(withClass: "cells").first).elements(named: "rect")
  }

  @Test("signed data: well-formed SVG, one cell per grid point tiling the plot, diverging bar, titles with units, hatched missing cell")
  func signedStructure() throws {
    let fig = Self.signedFigure()
    let root = try parseXML(SVGRenderer.document(fig))
    #expect(root.name == "svg")
    let cells = try Self.cells(root)
    #expect(cells.count == 5 * 4)
    // Missing cell: the only one with class "missing", filled with the hatch pattern defined in <defs>.
    let missing = cells.filter { $0.attributes["class"] == "missing" }
    #expect(missing.count == 1)
    let fill = try #require(missing.first?.attributes["fill"])
    let patternID = try #require(root.elements(named: "pattern").first?.attributes["id"])
    #expect(fill == "url(#\(patternID))")
    // Cells (coordinates to 0.1 px, so 0.11 px tolerance for two roundings) tile the plot: row by row from the first y; in a row x + width = next x, all widths equal
    // (uniform grid); the first row sits at the bottom of the frame, the last at its top. Each rect
    // reaches `cellOverlap` px further right and up (into the neighbour drawn after it).
    let frame = try #require(root.elements(withClass: "frame").first)
    let fx = Double(frame.attributes["x"]!)!, fy = Double(frame.attributes["y"]!)!
    let fw = Double(frame.attributes["width"]!)!, fh = Double(frame.attributes["height"]!)!
    let o = HeatMapRenderer.cellOverlap
    func num(_ n: XMLNode, _ k: String) -> Double {
      let v = Double(n.attributes[k] ?? "") ?? .nan
      return k == "width" || k == "height" ? v - o : k == "y" ? v + o : v
    }
    for j in 0..<4 {
      let row = Array(cells[(5 * j)..<(5 * j + 5)])
      #expect(abs(num(row[0], "x") - fx) < 0.11 && abs(num(row[4], "x") + num(row[4], "width") - (fx + fw)) < 0.11)
      for i in 0..<4 { #expect(abs(num(row[i], "x") + num(row[i], "width") - num(row[i + 1], "x")) < 0.11) }
      #expect(row.allSatisfy { abs(num($0, "width") - fw / 5) < 0.11 && abs(num($0, "height") - fh / 4) < 0.11 })
    }
    #expect(abs(num(cells[0], "y") + num(cells[0], "height") - (fy + fh)) < 0.11)
    #expect(abs(num(cells[19], "y") - fy) < 0.11)
    // Titles with units.
    #expect(root.elements(withClass: "x-label").first?.allText == "detuning Δ (ωm)")   // ω_m typeset as a subscript tspan
    #expect(root.elements(withClass: "y-label").first?.allText == "hopping J (γc)")
    #expect(root.elements(withClass: "colorbar-label").first?.shownText == "Q̇c (ħω2)")   // sub/superscript markup as tspans
    // Axis ticks: edges −0.5…4.5 (x) and −0.5…3.5 (y) → Heckbert ticks inside the fixed limits, computed
    // here by hand: x step 1 → 0…4; y step 1 → 0…3.
    let xt = try #require(root.elements(withClass: "x-tick-labels").first).elements(named: "text").map(\.allText)
    let yt = try #require(root.elements(withClass: "y-tick-labels").first).elements(named: "text").map(\.allText)
    #expect(xt == ["0", "1", "2", "3", "4"])
    #expect(yt == ["0", "1", "2", "3"])
    // Legend: the missing swatch with its label, and the contour entry.
    let legend = try #require(root.elements(withClass: "legend").first)
    #expect(legend.elements(withClass: "legend-missing").count == 1)
    #expect(legend.elements(named: "text").map(\.shownText) == ["unstable", "Q̇c = 0"])
  }

  @Test("diverging map for signed data: white-ish at z = 0, blue below, red above; lightness falls away from 0 on both sides")
  func divergingColours() throws {
    let root = try parseXML(SVGRenderer.render(Self.signedFigure(missingAt: nil)).svg)
    #expect(root.elements(withClass: "colorbar").first?.attributes["data-colormap"] == "balance (diverging)")
    let steps = try #require(root.elements(withClass: "colorbar").first).elements(withClass: "colorbar-step").map { $0.attributes["fill"]! }
    #expect(steps.count == HeatMapRenderer.colorBarSteps)
    let l = steps.map(Self.lightness)
    let half = steps.count / 2
    // Lightness strictly rises to the centre and strictly falls after it (balance is monotone per side).
    #expect(zip(l.prefix(half).dropFirst(), l.prefix(half)).allSatisfy { $0 > $1 })
    #expect(zip(l.suffix(half).dropFirst(), l.suffix(half)).allSatisfy { $0 < $1 })
    #expect(Self.rgb(steps.first!).b > Self.rgb(steps.first!).r && Self.rgb(steps.last!).r > Self.rgb(steps.last!).b)
    // Cells: z = x − 1.5y; symmetric limits ±max|z| = ±4.5 (z ranges over [−4.5, 4]).
    let cells = try Self.cells(root).map { $0.attributes["fill"]! }
    let z: [Double] = (0..<4).flatMap { j in (0..<5).map { i in Double(i) - 1.5 * Double(j) } }
    // z = 0 (x = 0, y = 0) is the map's neutral centre anchor (cmocean balance at t = 1/2: #f1eceb).
    #expect(cells[0] == "#f1eceb")
    // z = −4.5 (x = 0, y = 3) is the lower limit: the darkest blue, the map's first anchor.
    #expect(cells[15] == "#181c43")
    // Among cells of one sign, larger |z| is darker.
    for sign in [-1.0, 1.0] {
      let idx = z.indices.filter { z[$0] * sign > 0 }.sorted { abs(z[$0]) < abs(z[$1]) }
      for (a, b) in zip(idx, idx.dropFirst()) where abs(z[b]) > abs(z[a]) {
        #expect(Self.lightness(cells[b]) < Self.lightness(cells[a]), "z = \(z[a]) vs \(z[b])")
      }
      // Blue for negative, red for positive.
      for k in idx where abs(z[k]) >= 1 { let c = Self.rgb(cells[k]); #expect(sign > 0 ? c.r > c.b : c.b > c.r, "z = \(z[k])") }
    }
    // Colour-bar tick labels: symmetric about 0 (limits ±4.5, Heckbert step 2 → −4, −2, 0, 2, 4).
    let bar = try #require(root.elements(withClass: "colorbar-tick-labels").first).elements(named: "text").map { $0.allText.replacingOccurrences(of: "\u{2212}", with: "-") }
    #expect(bar == ["-4", "-2", "0", "2", "4"])
  }

  @Test("one-signed data: viridis with strictly increasing lightness along the bar and with z")
  func viridisForOneSigned() throws {
    let x = [1.0, 2, 3, 4, 5, 6], y = [0.5, 1.5]
    let fig = Figure(id: "pos", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"), series: [],
                     heatMap: .init(x: x, y: y, zAxis: .init(label: "Σ", unit: "k_B ω")) { i, j in x[i] * x[i] + y[j] })
    let root = try parseXML(SVGRenderer.render(fig).svg)
    #expect(root.elements(withClass: "colorbar").first?.attributes["data-colormap"] == "viridis")
    let steps = try #require(root.elements(withClass: "colorbar").first).elements(withClass: "colorbar-step").map { Self.lightness($0.attributes["fill"]!) }
    #expect(zip(steps.dropFirst(), steps).allSatisfy { $0 > $1 })
    let cells = try Self.cells(root).map { Self.lightness($0.attributes["fill"]!) }
    #expect(zip(cells.prefix(6).dropFirst(), cells.prefix(6)).allSatisfy { $0 > $1 })   // z increases along x
    // The ends of the data range are the ends of viridis (#440154, #fde725).
    #expect(try Self.cells(root).first?.attributes["fill"] == "#440154" && Self.cells(root).last?.attributes["fill"] == "#fde725")
    #expect(root.elements(withClass: "zero-contour").isEmpty)
    #expect(root.elements(withClass: "colorbar-label").first?.shownText == "Σ (kB ω)")
    // A round-off negative (Σ ≥ 0 evaluated as −10⁻¹³ max Σ where it vanishes) keeps viridis and draws no
    // contour dot where z touches 0 without changing sign.
    let touching = Figure(id: "touch", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"), series: [],
                          heatMap: .init(x: [0, 1, 2], y: [0, 1, 2], z: [[4, 1, 4], [1, -1e-13, 1], [4, 1, 4]], zAxis: .init(label: "Σ"), zeroContour: true))
    let t = try parseXML(SVGRenderer.render(touching).svg)
    #expect(t.elements(withClass: "colorbar").first?.attributes["data-colormap"] == "viridis")
    #expect(t.elements(withClass: "zero-contour").isEmpty)
  }

  @Test("zero contour: marching squares on z = x − y + 0.3 lies exactly on the line y = x + 0.3 (linear data)")
  func zeroContourExact() throws {
    let x = (0..<9).map { -1 + 0.25 * Double($0) }, y = (0..<7).map { -1 + 1.0 / 3 * Double($0) }
    let z = y.map { yj in x.map { xi in xi - yj + 0.3 } }
    let segs = HeatMapRenderer.zeroContour(z, nx: x.count, ny: y.count)
    #expect(segs.count >= 6)
    // Grid coordinate u → value by linear interpolation between centres (exact for uniform grids).
    func gx(_ u: Double) -> Double { -1 + 0.25 * u }
    func gy(_ v: Double) -> Double { -1 + 1.0 / 3 * v }
    for (p, q) in segs {
      // Linear interpolation of a linear function finds its zero exactly (up to round-off, 1e-12).
      #expect(abs(gx(p.0) - gy(p.1) + 0.3) < 1e-12 && abs(gx(q.0) - gy(q.1) + 0.3) < 1e-12)
    }
    // The segments join into one polyline spanning the zero set inside the grid: total length equals
    // the length of the line y = x + 0.3 within [−1, 1] × [−1, 1] (from x = −1 to x = 0.7), in data units.
    let length = segs.reduce(0.0) { $0 + hypot(gx($1.1.0) - gx($1.0.0), gy($1.1.1) - gy($1.0.1)) }
    #expect(abs(length - 1.7 * 2.0.squareRoot()) < 1e-9)
    // A zero row (a current that vanishes identically, e.g. J = 0) gives no segment along it.
    let plateau = [[0.0, 0, 0], [1, -1, 1]]
    #expect(HeatMapRenderer.zeroContour(plateau, nx: 3, ny: 2).isEmpty)
    // In the SVG: one path of class zero-contour.
    let fig = Figure(id: "c", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"), series: [],
                     heatMap: .init(x: x, y: y, z: z, zAxis: .init(label: "z"), zeroContour: true))
    let root = try parseXML(SVGRenderer.render(fig).svg)
    #expect(root.elements(withClass: "zero-contour").count == 1)
  }

  @Test("log axes: decade-spaced centres give equal cell widths; log colour scale drops z ≤ 0 with a note")
  func logAxes() throws {
    let x = [1e-3, 1e-2, 1e-1, 1], y = [10.0, 100]
    let fig = Figure(id: "log", title: "", xAxis: .init(label: "κ", scale: .log), yAxis: .init(label: "T", scale: .log), series: [],
                     heatMap: .init(x: x, y: y, z: [[1, 10, 100, -1], [1e-2, 1e3, 1e4, 1]], zAxis: .init(label: "n", scale: .log)))
    let r = SVGRenderer.render(fig)
    let root = try parseXML(r.svg)
    let cells = try Self.cells(root)
    let widths = cells.prefix(4).map { Double($0.attributes["width"]!)! - HeatMapRenderer.cellOverlap }
    #expect(widths.allSatisfy { abs($0 - widths[0]) < 0.11 })   // coordinates to 0.1 px
    #expect(cells.filter { $0.attributes["class"] == "missing" }.count == 1)
    #expect(r.notes.contains { $0.contains("non-positive z") })
    let xt = try #require(root.elements(withClass: "x-tick-labels").first).elements(named: "text").map(\.allText)
    #expect(xt == ["10⁻³", "10⁻²", "10⁻¹", "10⁰"])
    #expect(root.elements(withClass: "colorbar").first?.attributes["data-colormap"] == "viridis")
  }

  @Test("fixed colour limits: values beyond saturate, the bar shows the extension triangles and a note counts them")
  func saturation() throws {
    let x = [0.0, 1, 2], y = [0.0, 1]
    let fig = Figure(id: "sat", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"), series: [],
                     heatMap: .init(x: x, y: y, z: [[-50, -1, 0.5], [1, 2, 1e4]], zAxis: .init(label: "Q", lower: -2, upper: 2)))
    let r = SVGRenderer.render(fig)
    let root = try parseXML(r.svg)
    #expect(root.elements(withClass: "colorbar-extend-above").count == 1 && root.elements(withClass: "colorbar-extend-below").count == 1)
    #expect(r.notes.contains { $0.hasPrefix("2 cells beyond the colour range") })
    let cells = try Self.cells(root).map { $0.attributes["fill"]! }
    #expect(cells[0] == "#181c43" && cells[5] == "#3c0912")   // saturated to the map's end anchors
  }

  @Test("broken grids never trap: empty, non-monotone, ragged and all-missing maps render well-formed SVG with notes")
  func robustness() throws {
    let cases: [Figure.HeatMap] = [
      .init(x: [], y: [], z: [], zAxis: .init(label: "z")),
      .init(x: [0, 2, 1], y: [0, 1], z: [[1, 2, 3], [4, 5, 6]], zAxis: .init(label: "z")),
      .init(x: [0, 1, 2], y: [0, 1], z: [[1, 2], [4, 5, 6, 7]], zAxis: .init(label: "z"), zeroContour: true),
      .init(x: [0, 1], y: [0, 1], z: [[.nan, .infinity], [.nan, .nan]], zAxis: .init(label: "z"), zeroContour: true),
      .init(x: [5], y: [7], z: [[3]], zAxis: .init(label: "z")),
      .init(x: [0, .nan], y: [0, 1], z: [[1, 2], [3, 4]], zAxis: .init(label: "z")),
    ]
    for (k, map) in cases.enumerated() {
      let fig = Figure(id: "bad\(k)", title: "bad \(k)", xAxis: .init(label: "x"), yAxis: .init(label: "y"), series: [], heatMap: map)
      let r = SVGRenderer.render(fig)
      let root = try parseXML(r.svg)
      #expect(root.name == "svg", "case \(k)")
      for n in root.all { for (key, v) in n.attributes where ["x", "y", "width", "height"].contains(key) { #expect(Double(v)?.isFinite == true, "case \(k): \(key)=\(v)") } }
    }
    // Ragged rows: absent cells are missing (6 cells drawn, 1 missing: row 0 has 2 of 3 values; row 1's extra value is ignored).
    let ragged = try parseXML(SVGRenderer.render(Figure(id: "r", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"), series: [], heatMap: cases[2])).svg)
    #expect(try Self.cells(ragged).count == 6 && Self.cells(ragged).filter { $0.attributes["class"] == "missing" }.count == 1)
    #expect(SVGRenderer.render(Figure(id: "n", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"), series: [], heatMap: cases[1])).notes.first?.contains("strictly monotone") == true)
    // A single cell gets a window around its centre; its tick labels include the centre.
    let single = try parseXML(SVGRenderer.render(Figure(id: "s", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"), series: [], heatMap: cases[4])).svg)
    #expect(try Self.cells(single).count == 1)
  }

  @Test("CSV: long format x, y, z per row (x fastest) parses back to the identical grid, missing as nan")
  func csvRoundTrip() throws {
    let x = [0.1, 0.2, 1.0 / 3], y = [-2.0, 1e-7]
    let z: [[Double]] = [[1.0 / 7, -0.0, .nan], [6.02214076e23, -.pi, .leastNonzeroMagnitude]]
    let fig = Figure(id: "csv", title: "t", xAxis: .init(label: "T_c", unit: "mK"), yAxis: .init(label: "ε, coupling", unit: "MHz"), series: [],
                     heatMap: .init(x: x, y: y, z: z, zAxis: .init(label: "Q̇_{c}", unit: "ħω^2")))
    let text = CSVWriter.csv(fig)
    let lines = text.components(separatedBy: "\r\n")
    #expect(lines.last == "")
    #expect(lines[0] == "T_c (mK),\"ε, coupling (MHz)\",Q̇_c (ħω^2)")
    let rows = lines.dropFirst().dropLast().map { $0.split(separator: ",").map { Double(String($0)) ?? (String($0) == "nan" ? .nan : .infinity) } }
    #expect(rows.count == 6)
    for (k, row) in rows.enumerated() {
      let i = k % 3, j = k / 3
      #expect(row[0].bitPattern == x[i].bitPattern && row[1].bitPattern == y[j].bitPattern)
      #expect(z[j][i].isNaN ? row[2].isNaN : row[2].bitPattern == z[j][i].bitPattern, "row \(k)")
    }
  }

  @Test("JSON: the heat map round-trips through ClausiusJSON; line figures keep their JSON without a heatMap key")
  func jsonRoundTrip() throws {
    let fig = Self.signedFigure()
    let data = try FigureWriter.json(fig, paper: "t")
    let back = try ClausiusJSON.decoder.decode(FigureWriter.FigureDocument.self, from: data).figure
    let map = try #require(back.heatMap)
    #expect(map.x == fig.heatMap!.x && map.y == fig.heatMap!.y && map.zAxis == fig.heatMap!.zAxis && map.zeroContour && map.missingLabel == "unstable")
    for j in 0..<4 { for i in 0..<5 {
      let a = fig.heatMap!.z[j][i], b = map.z[j][i]
      #expect(a.isNaN ? b.isNaN : a == b)
    } }
    let line = Figure(id: "l", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"), series: [.init(label: "s", x: [1], y: [2])])
    #expect(!String(decoding: try FigureWriter.json(line, paper: "t"), as: UTF8.self).contains("heatMap"))
  }

  @Test("HTML report inlines heat maps with distinct pattern ids and stays well-formed")
  func htmlReport() throws {
    var a = Self.signedFigure(); a.id = "one"
    var b = Self.signedFigure(); b.id = "two"
    let report = ReproductionReport(paper: "999", title: "heat maps", figures: [a, b])
    let html = HTMLReport.render(reports: [report])
    let root = try parseXML(html)
    let svgs = root.elements(named: "svg").filter { ($0.attributes["class"] ?? "").contains("heat-map") }
    #expect(svgs.count == 2)
    let ids = root.elements(named: "pattern").compactMap { $0.attributes["id"] }
    #expect(ids.count == 2 && Set(ids).count == 2)
    for s in svgs {
      let pattern = try #require(s.elements(named: "pattern").first?.attributes["id"])
      #expect(try Self.cells(s).filter { $0.attributes["class"] == "missing" }.allSatisfy { $0.attributes["fill"] == "url(#\(pattern))" })
    }
  }
}
