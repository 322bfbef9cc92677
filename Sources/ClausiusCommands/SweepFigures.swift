import Clausius
import ClausiusIO
import Foundation

extension Sweep {
  /// Curves per line figure at most: beyond this a legend covers the axes and colours repeat.
  static let maximumCurves = 8
  /// Heat maps are drawn for at most this many combinations of the third and later parameters.
  static let maximumMapSlices = 8

  /// The figures of a sweep and notes on what was not drawn.
  ///
  /// - Line figures of each headline quantity (`SweepQuantity.headline`) against the first parameter, one curve per
  ///   master equation and value of the other parameters. With more than `maximumCurves` curves the figure becomes
  ///   small multiples — one panel per master equation — and when even a panel would have too many curves, the heat
  ///   maps alone.
  /// - With two or more parameters, heat maps of each quantity over the first two (for each combination of the
  ///   others, up to `maximumMapSlices`). A quantity that is identically zero (or missing) over a map is not drawn as a
  ///   map (a ±1 colour bar would suggest data); a note says so.
  /// Axes carry the parameters' physical symbols and units (`ModelDescription.parameterSymbol`); log-spaced parameters
  /// get log axes.
  public static func figures(_ d: SweepDocument) -> (figures: [Figure], notes: [String]) {
    guard let p0 = d.parameters.first else { return ([], []) }
    let quantities = SweepQuantity.headline(d)
    let equations = d.points.first { !$0.methods.isEmpty }?.methods.map(\.equation) ?? []
    var figs: [Figure] = [], notes: [String] = []
    let xAxis = axis(p0)
    // Combinations of the parameters after the first: each is one curve per equation.
    let rest = Array(d.parameters.dropFirst())
    var combos: [[Int]] = [[]]
    for p in rest { combos = combos.flatMap { c in p.values.indices.map { c + [$0] } } }
    let restLabel: ([Int]) -> String = { c in
      zip(rest, c).map { "\(Figure.plainText($0.symbol?.symbol ?? $0.key)) = \(Text.num($0.values[$1]))" }.joined(separator: ", ")
    }
    func series(_ q: SweepQuantity, equations eqs: [String], style: Figure.Style) -> [Figure.Series] {
      var out: [Figure.Series] = []
      for e in eqs {
        for c in combos {
          var xs: [Double] = [], ys: [Double] = []
          for (i, x) in p0.values.enumerated() {
            let p = d.points[d.pointIndex([i] + c)]
            guard p.error == nil, let m = p.methods.first(where: { $0.equation == e }), m.error == nil, let y = q.value(m), y.isFinite else { continue }
            xs.append(x); ys.append(y)
          }
          guard !xs.isEmpty else { continue }
          let label = c.isEmpty ? e : (eqs.count == 1 ? restLabel(c) : "\(e), \(restLabel(c))")
          out.append(Figure.Series(label: label, x: xs, y: ys, style: style))
        }
      }
      return out
    }
    let style: Figure.Style = p0.values.count > 25 ? .line : .lineAndMarkers
    let curves = equations.count * combos.count
    for q in quantities {
      let yAxis = Figure.Axis(label: q.symbol, unit: q.unit)
      if curves <= maximumCurves {
        let s = series(q, equations: equations, style: style)
        guard !s.isEmpty else { notes.append("\(q.title): no data at any point; not drawn."); continue }
        figs.append(Figure(id: q.id, title: q.title, xAxis: xAxis, yAxis: yAxis, series: s, caption: q.caption, reference: d.file))
      } else if combos.count <= maximumCurves {
        for e in equations {
          let s = series(q, equations: [e], style: style)
          guard !s.isEmpty else { continue }
          figs.append(Figure(id: "\(q.id)-\(e)", title: "\(q.title) (\(e))", xAxis: xAxis, yAxis: yAxis, series: s,
                             caption: q.caption + " One panel per master equation (\(curves) curves would not fit one figure).", reference: d.file))
        }
      }
    }
    if combos.count > maximumCurves {
      notes.append("Line figures against \(Figure.plainText(p0.symbol?.symbol ?? p0.key)) are not drawn: \(combos.count) curves per master equation exceed \(maximumCurves); see the heat maps and sweep.csv.")
    }
    if d.parameters.count >= 2 {
      let (maps, mapNotes) = heatMaps(d, quantities: quantities, equations: equations)
      figs += maps; notes += mapNotes
    }
    return (figs, notes)
  }

  /// An axis for parameter `p`: its symbol and unit, log scale for log-spaced positive values.
  static func axis(_ p: SweepParameter) -> Figure.Axis {
    let log = p.spacing == .log && (p.values.min() ?? 0) > 0
    return Figure.Axis(label: p.symbol?.symbol ?? p.key, unit: p.displayUnit, scale: log ? .log : .linear)
  }

  /// Heat maps over the first two parameters: for every quantity and master equation, and every combination of the
  /// later parameters up to `maximumMapSlices`. Cells without a steady state are missing (hatched).
  static func heatMaps(_ d: SweepDocument, quantities: [SweepQuantity], equations: [String]) -> ([Figure], [String]) {
    let p0 = d.parameters[0], p1 = d.parameters[1]
    var notes: [String] = []
    func monotone(_ v: [Double]) -> Bool { v.count < 2 || zip(v, v.dropFirst()).allSatisfy { $0 < $1 } || zip(v, v.dropFirst()).allSatisfy { $0 > $1 } }
    guard monotone(p0.values), monotone(p1.values) else {
      return ([], ["Heat maps need monotone values of the first two parameters; the listed values are not in order."])
    }
    let later = Array(d.parameters.dropFirst(2))
    var slices: [[Int]] = [[]]
    for p in later { slices = slices.flatMap { c in p.values.indices.map { c + [$0] } } }
    if slices.count > maximumMapSlices {
      notes.append("Heat maps are drawn for the first \(maximumMapSlices) of \(slices.count) combinations of the third and later parameters.")
      slices = Array(slices.prefix(maximumMapSlices))
    }
    let missing = "no steady state (invalid point or unstable drift)"
    var figs: [Figure] = []
    for slice in slices {
      let sliceLabel = zip(later, slice).map { "\(Figure.plainText($0.symbol?.symbol ?? $0.key)) = \(Text.num($0.values[$1]))" }.joined(separator: ", ")
      let sliceID = slice.map { "-\($0)" }.joined()
      for e in equations {
        for q in quantities {
          let z: [[Double]] = p1.values.indices.map { j in
            p0.values.indices.map { i in
              let p = d.points[d.pointIndex([i, j] + slice)]
              guard p.error == nil, let m = p.methods.first(where: { $0.equation == e }), m.error == nil, let v = q.value(m) else { return .nan }
              return v
            }
          }
          let finite = z.joined().filter(\.isFinite)
          let where_ = sliceLabel.isEmpty ? "" : " at \(sliceLabel)"
          if finite.isEmpty { continue }
          if finite.allSatisfy({ $0 == 0 }) {
            notes.append("\(q.title) (\(e))\(where_) is identically zero over the grid; no map drawn.")
            continue
          }
          figs.append(Figure(id: "map-\(q.id)-\(e)\(sliceID)", title: "\(q.title) (\(e))\(where_)", xAxis: axis(p0), yAxis: axis(p1), series: [],
                             caption: "\(q.caption) \(e) master equation\(where_)." + (q.signed ? " Black line: \(Figure.plainText(q.symbol)) = 0." : ""),
                             reference: d.file,
                             heatMap: .init(x: p0.values, y: p1.values, z: z, zAxis: .init(label: q.symbol, unit: q.unit), zeroContour: q.signed,
                                            missingLabel: missing)))
        }
      }
    }
    return (figs, notes)
  }
}
