import ClausiusIO
import ClausiusPapers
import Foundation
import Testing

/// The SVG renderer's structure: well-formed XML, the labels, legend entries and ticks that the input
/// figure and the tick algorithms imply, gaps for non-finite data, and nothing outside the viewBox.
@Suite("SVG figures")
struct SVGRendererTests {
  static let known = Figure(
    id: "known", title: "A known figure",
    xAxis: Figure.Axis(label: "time t", unit: "s"), yAxis: Figure.Axis(label: "signal y", unit: "V"),
    series: [
      Figure.Series(label: "first series", x: [0, 0.25, 0.5, 0.75, 1], y: [-0.37, 0, 1, 2, 2.3]),
      Figure.Series(label: "second & <third>", x: [0, 1], y: [1, 1.5], style: .markers),
    ],
    annotations: [.horizontalLine(y: 0, label: "y = 0"), .shaded(x: 0.6, 0.9, label: "unstable")],
    caption: "Known data.")

  static func numbers(_ labels: [XMLNode]) -> [Double] {
    labels.map { Double($0.allText.replacingOccurrences(of: "\u{2212}", with: "-")) ?? .nan }
  }

  @Test("well-formed XML with axis titles, legend entries and the Heckbert tick labels of the data")
  func knownFigure() throws {
    let svg = SVGRenderer.document(Self.known)
    let root = try parseXML(svg)
    #expect(root.name == "svg")
    #expect(root.elements(withClass: "x-label").first?.allText == "time t (s)")
    #expect(root.elements(withClass: "y-label").first?.allText == "signal y (V)")
    let legend = try #require(root.elements(withClass: "legend").first)
    let entries = legend.elements(named: "text").map(\.allText)
    #expect(entries == ["first series", "second & <third>"])
    // x ∈ [0, 1] → 0, 0.2, …, 1; y ∈ [−0.37, 2.3] → −1, 0, 1, 2, 3 (Heckbert, worked by hand).
    let xTicks = Self.numbers(try #require(root.elements(withClass: "x-tick-labels").first).elements(named: "text"))
    let yTicks = Self.numbers(try #require(root.elements(withClass: "y-tick-labels").first).elements(named: "text"))
    #expect(TickTests.close(xTicks, [0, 0.2, 0.4, 0.6, 0.8, 1]))
    #expect(TickTests.close(yTicks, [-1, 0, 1, 2, 3]))
    #expect(root.elements(named: "title").first?.allText == "A known figure")
    #expect(root.elements(withClass: "shaded").count == 1)
    #expect(root.elements(withClass: "reference").count == 1)
    #expect(root.elements(withClass: "annotation").map(\.allText).sorted() == ["unstable", "y = 0"])
  }

  @Test("tick labels are placed at the positions their values imply (linear: equal spacing)")
  func tickPositions() throws {
    let root = try parseXML(SVGRenderer.render(Self.known).svg)
    let xs = try #require(root.elements(withClass: "x-tick-labels").first).elements(named: "text").compactMap { Double($0.attributes["x"] ?? "") }
    let gaps = zip(xs.dropFirst(), xs).map { $0 - $1 }
    #expect(gaps.count == 5)
    #expect(gaps.allSatisfy { abs($0 - gaps[0]) < 0.02 && $0 > 0 })
  }

  @Test("log axes: decades 10⁻³ … 10² labelled and equally spaced")
  func logAxis() throws {
    let x = (0...50).map { pow(10, -3 + 5 * Double($0) / 50) }
    let fig = Figure(id: "log", title: "", xAxis: Figure.Axis(label: "x"), yAxis: Figure.Axis(label: "y", scale: .log),
                     series: [Figure.Series(label: "y = x", x: x, y: x)])
    let root = try parseXML(SVGRenderer.render(fig).svg)
    let labels = try #require(root.elements(withClass: "y-tick-labels").first).elements(named: "text")
    #expect(labels.map(\.allText) == ["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹", "10²"])
    let ys = labels.compactMap { Double($0.attributes["y"] ?? "") }
    let gaps = zip(ys.dropFirst(), ys).map { $1 - $0 }
    #expect(gaps.allSatisfy { abs($0 - gaps[0]) < 0.02 && $0 > 0 })
  }

  @Test("NaN and ∞ points are gaps: two sub-paths, no non-finite coordinate in the output")
  func gaps() throws {
    let fig = Figure(id: "gaps", title: "gaps", xAxis: Figure.Axis(label: "x"), yAxis: Figure.Axis(label: "y"),
                     series: [Figure.Series(label: "broken", x: [0, 1, 2, 3, 4, 5, 6], y: [0, 1, 2, .nan, 2, .infinity, 0])])
    let svg = SVGRenderer.render(fig).svg
    for bad in ["nan", "NaN", "inf", "Infinity"] { #expect(!svg.contains(bad), "found \(bad)") }
    let root = try parseXML(svg)
    let d = try #require(root.elements(withClass: "series").first?.attributes["d"])
    // Points 0–2 form one polyline; 4 stands alone between two non-finite values (no segment);
    // 6 is isolated too. So exactly one sub-path with two segments.
    #expect(d.filter { $0 == "M" }.count == 1)
    #expect(d.filter { $0 == "L" }.count == 2)
    let fig2 = Figure(id: "gaps2", title: "", xAxis: Figure.Axis(label: "x"), yAxis: Figure.Axis(label: "y"),
                      series: [Figure.Series(label: "", x: [0, 1, 2, 3, 4, 5], y: [0, 1, .nan, 2, 3, 1])])
    let d2 = try #require(try parseXML(SVGRenderer.render(fig2).svg).elements(withClass: "series").first?.attributes["d"])
    #expect(d2.filter { $0 == "M" }.count == 2)
    #expect(d2.filter { $0 == "L" }.count == 3)
  }

  @Test("no coordinate leaves the viewBox, even with fixed ranges narrower than the data")
  func insideViewBox() throws {
    let x = (0...200).map { Double($0) / 10 }
    let fig = Figure(
      id: "clip", title: "clipped", xAxis: Figure.Axis(label: "x", lower: 2, upper: 8), yAxis: Figure.Axis(label: "y", lower: -0.5, upper: 0.5),
      series: [Figure.Series(label: "sin x", x: x, y: x.map { 3 * sin($0) }, style: .lineAndMarkers, yError: x.map { _ in 0.3 }),
               Figure.Series(label: "far away", x: [100, 200], y: [1e6, -1e6], style: .markers)],
      annotations: [.shaded(x: -5, 5, label: "band"), .horizontalLine(y: 7), .verticalLine(x: 50)])
    let style = FigureStyle.standard
    let root = try parseXML(SVGRenderer.render(fig, style: style).svg)
    #expect(root.attributes["viewBox"] == "0 0 \(Int(style.width)) \(Int(style.height))")
    var checked = 0
    for node in root.all {
      for key in ["x", "y", "x1", "x2", "y1", "y2"] {
        guard let v = node.attributes[key].flatMap(Double.init) else { continue }
        let limit = key.hasPrefix("x") ? style.width : style.height
        #expect(v >= 0 && v <= limit, "\(node.name) \(key)=\(v)")
        checked += 1
      }
      if let d = node.attributes["d"] {
        for (px, py) in pathPoints(d) {
          #expect(px >= 0 && px <= style.width && py >= 0 && py <= style.height, "\(node.name) point (\(px), \(py))")
          checked += 1
        }
      }
    }
    #expect(checked > 100)
  }

  @Test("non-positive values on a log axis are dropped with a note, not a crash")
  func logDropsNonPositive() throws {
    let fig = Figure(id: "logneg", title: "", xAxis: Figure.Axis(label: "x", scale: .log), yAxis: Figure.Axis(label: "y", scale: .log),
                     series: [Figure.Series(label: "s", x: [0, 1, 10, 100], y: [1, -2, 3, 4])])
    let rendered = SVGRenderer.render(fig)
    #expect(rendered.notes.contains { $0.contains("1 non-positive x value") })
    #expect(rendered.notes.contains { $0.contains("1 non-positive y value") })
    let root = try parseXML(rendered.svg)
    #expect(root.elements(withClass: "note").count == 2)
    #expect(!rendered.svg.contains("nan") && !rendered.svg.contains("inf"))
  }

  @Test("degenerate figures: single point, constant series, no data at all")
  func degenerate() throws {
    let cases: [[Figure.Series]] = [
      [Figure.Series(label: "one point", x: [1], y: [2])],
      [Figure.Series(label: "constant", x: [0, 1, 2], y: [5, 5, 5])],
      [Figure.Series(label: "empty", x: [], y: [])],
      [Figure.Series(label: "all NaN", x: [1, 2], y: [.nan, .nan])],
      [],
    ]
    for series in cases {
      for scale in Figure.Scale.allCases {
        let fig = Figure(id: "d", title: "degenerate", xAxis: Figure.Axis(label: "x", scale: scale), yAxis: Figure.Axis(label: "y", scale: scale), series: series)
        let svg = SVGRenderer.render(fig).svg
        let root = try parseXML(svg)
        #expect(root.name == "svg")
        #expect(!svg.contains("nan") && !svg.contains("inf"), "\(series.map(\.label)) \(scale)")
        #expect(try #require(root.elements(withClass: "y-tick-labels").first).elements(named: "text").count >= 2)
      }
    }
    // A single point is visible as a marker even when drawn as a line.
    let single = try parseXML(SVGRenderer.render(Figure(id: "p", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"),
                                                        series: [Figure.Series(label: "p", x: [1], y: [2])])).svg)
    #expect(single.elements(withClass: "markers").count == 1)
  }

  @Test("label markup becomes sub/superscript tspans; plain text keeps the characters")
  func markup() throws {
    let fig = Figure(id: "m", title: "", xAxis: Figure.Axis(label: "coupling ε", unit: "ω_a"), yAxis: Figure.Axis(label: "Q̇_{a}^{loc}"), series: [])
    let root = try parseXML(SVGRenderer.render(fig).svg)
    let x = try #require(root.elements(withClass: "x-label").first)
    // Scripts are the tspans with a smaller font size; the others only restore the baseline.
    #expect(x.elements(named: "tspan").filter { $0.attributes["font-size"] != nil }.map(\.allText) == ["a"])
    let y = try #require(root.elements(withClass: "y-label").first)
    #expect(y.elements(named: "tspan").filter { $0.attributes["font-size"] != nil }.map(\.allText) == ["a", "loc"])
    #expect(Figure.plainText("Q̇_{a}^{loc}") == "Q̇_a^loc")
    #expect(Figure.plainText("Tr{H D_a ρ}") == "Tr{H D_a ρ}")
  }

  static func legendRect(_ root: XMLNode) throws -> (x: Double, y: Double, w: Double, h: Double) {
    let legend = try #require(root.elements(withClass: "legend").first)
    let r = try #require(legend.elements(named: "rect").first)
    return (Double(r.attributes["x"]!)!, Double(r.attributes["y"]!)!, Double(r.attributes["width"]!)!, Double(r.attributes["height"]!)!)
  }

  @Test("the legend goes where it hides no data, or outside the plot when no such place exists")
  func legendAvoidsData() throws {
    // y = x² on [0, 1] leaves the upper-left corner empty.
    let x = (0...100).map { Double($0) / 100 }
    let parabola = Figure(id: "p", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"),
                          series: [Figure.Series(label: "y = x²", x: x, y: x.map { $0 * $0 }), Figure.Series(label: "y = x³", x: x, y: x.map { $0 * $0 * $0 })])
    let root = try parseXML(SVGRenderer.render(parabola).svg)
    let box = try Self.legendRect(root)
    let points = root.elements(withClass: "series").flatMap { pathPoints($0.attributes["d"]!) }
    #expect(points.count > 150)
    #expect(!points.contains { $0.0 >= box.x && $0.0 <= box.x + box.w && $0.1 >= box.y && $0.1 <= box.y + box.h })
    // Curves through every region of the plot: the legend moves right of the frame.
    let fan = Figure(id: "fan", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"),
                     series: (0..<8).map { k in Figure.Series(label: "k = \(k)", x: x, y: x.map { 0.5 + 0.5 * sin(9 * $0 + Double(k)) }) })
    let fanRoot = try parseXML(SVGRenderer.render(fan).svg)
    let frame = try #require(fanRoot.elements(withClass: "frame").first)
    let frameRight = Double(frame.attributes["x"]!)! + Double(frame.attributes["width"]!)!
    let fanBox = try Self.legendRect(fanRoot)
    #expect(fanBox.x > frameRight)
    #expect(fanBox.x + fanBox.w <= FigureStyle.standard.width)
  }

  @Test("series get distinct colours and dash patterns")
  func distinctStyles() throws {
    let x = [0.0, 1, 2]
    let fig = Figure(id: "c", title: "", xAxis: .init(label: "x"), yAxis: .init(label: "y"),
                     series: (0..<4).map { k in Figure.Series(label: "s\(k)", x: x, y: x.map { $0 + Double(k) }) })
    let paths = try parseXML(SVGRenderer.render(fig).svg).elements(withClass: "series")
    #expect(paths.count == 4)
    let styles = paths.map { "\($0.attributes["stroke"] ?? "")|\($0.attributes["stroke-dasharray"] ?? "")" }
    #expect(Set(styles).count == 4)
    #expect(Set(paths.compactMap { $0.attributes["stroke-dasharray"] }).count == 3)
  }
}
