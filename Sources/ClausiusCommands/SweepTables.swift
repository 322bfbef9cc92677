import Clausius
import ClausiusIO
import Foundation

extension Sweep {
  /// The CSV column name of a parameter: its key, and its unit when one was written with the values.
  static func csvLabel(_ p: SweepParameter) -> String { p.unit.isEmpty ? p.key : "\(p.key) (\(p.unit))" }

  /// The sweep in long ("tidy") format: one row per point, master equation and bath, so that
  /// `pandas.read_csv` gives a frame to group or pivot directly. Per-point and per-equation quantities (work rate,
  /// entropy production, regime, …) repeat on each bath's row; a point whose model is invalid, or an equation without a
  /// steady state, is one row with `error` set and the bath empty. RFC 4180, CRLF line ends.
  static func csv(_ d: SweepDocument) -> String {
    var header = d.parameters.map(csvLabel)
    header += ["equation", "bath", "temperature", "heat", "local_heat", "quanta_flow", "work_rate", "entropy_production",
               "global_heat_entropy_production", "first_law_relative_residual", "regime", "performance", "cooling_power",
               "circulating_current", "forward_response", "backward_response", "error"]
    var lines = [header.map(Text.csvField).joined(separator: ",")]
    for p in d.points {
      let prefix = p.values.map(Text.csvNumber)
      if let e = p.error {
        lines.append((prefix + Array(repeating: "", count: header.count - prefix.count - 1) + [Text.csvField(e)]).joined(separator: ","))
        continue
      }
      for m in p.methods {
        let perMethod = [m.workRate, m.entropyProduction, m.globalHeatEntropyProduction, m.firstLawRelativeResidual].map(Text.csvNumber)
          + [Text.csvField(m.regime ?? ""), Text.csvNumber(m.performance), Text.csvNumber(SweepQuantity.coolingPower(m)),
             Text.csvNumber(m.ring?.circulatingCurrent), Text.csvNumber(m.cascade?.forward), Text.csvNumber(m.cascade?.backward)]
        guard m.error == nil, let baths = m.baths, !baths.isEmpty else {
          lines.append((prefix + [Text.csvField(m.equation), "", "", "", "", ""] + perMethod + [Text.csvField(m.error ?? "")]).joined(separator: ","))
          continue
        }
        for (b, bath) in baths.enumerated() {
          let cells = prefix + [Text.csvField(m.equation), Text.csvField(bath.name), Text.csvNumber(bath.temperature), Text.csvNumber(bath.heat),
                                Text.csvNumber(bath.localHeat), Text.csvNumber(m.cascade?.quantaFlows[safe: b])] + perMethod + [""]
          lines.append(cells.joined(separator: ","))
        }
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// Occupations ⟨a†a⟩ in long format: one row per point, master equation and mode.
  static func modesCSV(_ d: SweepDocument) -> String {
    var lines = [(d.parameters.map(csvLabel) + ["equation", "mode", "occupation"]).map(Text.csvField).joined(separator: ",")]
    for p in d.points where p.error == nil {
      let prefix = p.values.map(Text.csvNumber)
      for m in p.methods where m.error == nil {
        for (k, n) in (m.occupations ?? []).enumerated() {
          lines.append((prefix + [Text.csvField(m.equation), Text.csvField(d.modes[safe: k] ?? "\(k)"), Text.csvNumber(n)]).joined(separator: ","))
        }
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// The terminal table: one row per point and master equation with the kind's headline quantities
  /// (`SweepQuantity.headline`) and the regime; `verbose` adds the solver residual.
  static func table(_ d: SweepDocument, verbose: Bool) -> String {
    let quantities = SweepQuantity.headline(d)
    let showRegime = d.points.contains { $0.methods.contains { $0.regime != nil } }
    var header = d.parameters.map { Figure.plainText($0.label) } + ["equation"]
    header += quantities.map { Figure.plainText($0.symbol) }
    if showRegime { header.append("regime") }
    if verbose { header.append("residual") }
    var rows: [[String]] = []
    for p in d.points {
      let r = p.values.map { Text.num($0) }
      if let e = p.error { rows.append(r + ["error: \(e)"]); continue }
      for m in p.methods {
        if m.error != nil { rows.append(r + [m.equation] + quantities.map { _ in "—" } + (showRegime ? ["—"] : []) + (verbose ? ["—"] : [])); continue }
        var row = r + [m.equation] + quantities.map { Text.num($0.value(m)) }
        if showRegime { row.append(m.regime ?? "—") }
        if verbose { row.append(Text.num(m.diagnostics?.lyapunovResidual ?? m.fock?.relativeResidual)) }
        rows.append(row)
      }
    }
    var out = ["\(d.title)  [\(d.file)]", "units: \(d.units.note)"]
    out += quantities.map { "\(Figure.plainText($0.symbol)): \($0.caption)" }
    out.append("")
    out.append(Text.grid(header, rows, left: Set(0..<0).union([d.parameters.count]).union(showRegime ? [header.count - (verbose ? 2 : 1)] : [])))
    let failures = d.points.flatMap { p in p.methods.compactMap { m in m.error.map { "\(p.values.map { Text.num($0) }.joined(separator: ", ")) \(m.equation): \($0)" } } }
    if !failures.isEmpty { out.append(""); out += failures.prefix(10).map { "no steady state at \($0)" } }
    return out.joined(separator: "\n")
  }
}
